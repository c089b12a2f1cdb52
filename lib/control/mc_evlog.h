/* The event log: the most recent events, numbered from 1, for /mc/events {"after": seq}.
 * A fixed ring allocated once; the oldest events are overwritten. */
#ifndef MC_EVLOG_H
#define MC_EVLOG_H

#include <stdint.h>

#include <jansson.h>

#include "mc_event.h"
#include "mc_session.h"

#define MC_EVLOG_SIZE 4096
#define MC_EVENTS_LIMIT 50       /* per reply: keeps it well under 16 KB */

struct mc_ev_leg {
	char name[MC_LEG_NAME_MAX + 1];
	uint64_t rx_packets, tx_packets, lost;
};

struct mc_ev_rec {
	uint64_t seq;
	uint64_t ms;                 /* control clock when logged */
	enum mc_event_type type;
	char id[MC_SESSION_ID_MAX + 1];
	char leg[MC_LEG_NAME_MAX + 1];   /* "" for session events */
	uint32_t ip;                 /* remote_latched: network order */
	uint16_t port;
	uint8_t is_rtcp;
	uint8_t n_legs;              /* session_ended: final counts */
	uint32_t timeout_ms;         /* media_timeout */
	uint64_t duration_ms;        /* session_ended, dtmf */
	char digit;                  /* dtmf */
	uint16_t mos_x100;          /* quality events: the MOS that crossed the threshold */
	struct mc_ev_leg legs[MC_LEGS_PER_SESSION];
};

struct mc_evlog {
	struct mc_ev_rec *ring;
	uint32_t cap;
	uint64_t next_seq;
};

int mc_evlog_init(struct mc_evlog *log, uint32_t cap);
void mc_evlog_free(struct mc_evlog *log);
/* A zeroed record numbered and timed, overwriting the oldest when full. */
struct mc_ev_rec *mc_evlog_push(struct mc_evlog *log, enum mc_event_type type,
				uint64_t now_ms);
/* {"last", "events", "more", "lost"}: up to limit events with seq > after. */
json_t *mc_evlog_query(const struct mc_evlog *log, uint64_t after, unsigned limit,
		       uint64_t now_ms);

#endif
