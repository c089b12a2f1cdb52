/* Internals of the session manager, shared by its files. */
#ifndef MC_SM_PRIV_H
#define MC_SM_PRIV_H

#include "mc_evlog.h"
#include "mc_sm.h"
#include "mc_validate.h"

/* MC_MODE_RELAY when the two legs' chosen codecs and ptimes are the same,
 * MC_MODE_TRANSCODE when both are audio codecs lib/codec knows, else -1 (ENOTSUP). */
int mc_sm_mode(const struct mc_leg_conf *a, const struct mc_leg_conf *b,
	       struct mc_verr *err);
/* Transcoders for both directions of a transcoded session (tc[i]: what leg i's remote
 * sends, towards the other leg), or -1 (ENOTSUP) with nothing allocated. */
struct mc_tc;
int mc_sm_media_make(const struct mc_leg_conf conf[MC_LEGS_PER_SESSION], uint32_t seed,
		     struct mc_tc *tc[MC_LEGS_PER_SESSION], struct mc_verr *err);
/* Frees them (only once no worker holds them: after the ack that let go of them). */
void mc_sm_media_free(struct mc_tc *tc[MC_LEGS_PER_SESSION]);
/* A leg's hot state from its conf; returns true when the next hop's MAC is pending. */
bool mc_sm_fill_dp(struct mc_sm *sm, const struct mc_leg_conf *c,
		   const struct mc_leg_conf *peer, uint16_t rtp_port, struct mc_leg_dp *dp,
		   struct rte_ether_addr *mac);
/* The worker with room for a session's ports and the fewest sessions, or -1. */
int mc_sm_pick_worker(const struct mc_sm *sm, uint64_t now_ms);
void mc_sm_build_update(struct mc_sm *sm, struct mc_session *s,
			const struct mc_leg_conf conf[MC_LEGS_PER_SESSION],
			struct mc_wcmd *cmd, uint8_t *pending, struct rte_ether_addr *macs);
/* Records which legs wait for a MAC and what was sent (after a worker's ack). */
void mc_sm_set_pending(struct mc_sm *sm, struct mc_session *s, uint8_t pending,
		       const struct rte_ether_addr *macs);
/* After the worker let go of s (DEL acked): transcoders freed, ports into quarantine,
 * slot to the pool. */
void mc_sm_release(struct mc_sm *sm, struct mc_session *s);
/* The error reply for a worker command that failed with rc. */
json_t *mc_sm_worker_error(unsigned worker, int rc);

/* Replies. */
json_t *mc_sm_session_json(const struct mc_sm *sm, const struct mc_session *s, bool stats);
json_t *mc_sm_leg_stats_json(const struct mc_leg *leg);

#endif
