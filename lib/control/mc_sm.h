/* The session manager: the control lcore's side of sessions. It validates requests,
 * allocates sessions and media ports, chooses codecs, fills each leg's configuration and
 * hot state, hands sessions to workers, follows neighbour resolution, and keeps the
 * event log. It reaches the dataplane only through struct mc_sm_ops, so it runs without
 * EAL in tests (with a fake worker) exactly as it runs in media-core. One thread only. */
#ifndef MC_SM_H
#define MC_SM_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <rte_ether.h>

#include "mc_limits.h"
#include "mc_event.h"
#include "mc_portalloc.h"
#include "mc_session_table.h"
#include "mc_wcmd.h"

/* An interface as requests name it. */
struct mc_sm_port {
	char name[MC_PORT_NAME_LEN];
	uint16_t eth_port;           /* DPDK port id */
	uint32_t ip;                 /* network byte order */
	uint8_t prefix_len;
	uint32_t gateway;            /* network byte order, 0: none */
};

struct mc_sm_conf {
	unsigned n_ports;
	struct mc_sm_port ports[MC_MAX_PORTS];
	unsigned n_workers;
	uint16_t share_first[MC_MAX_WORKERS];   /* each worker's media ports, inclusive */
	uint16_t share_last[MC_MAX_WORKERS];
	uint32_t max_sessions;
	uint32_t quarantine_ms;
	uint32_t media_timeout_ms;
};

struct mc_sm_ops {
	/* Hand cmd to a worker and wait for its ack: 0 or a negative errno; -ETIMEDOUT means
	 * the worker may still apply it later. */
	int (*command)(void *ctx, unsigned worker, struct mc_wcmd *cmd);
	/* MAC of a next hop: 0 when known, negative while resolving (and start resolving). */
	int (*resolve)(void *ctx, uint16_t eth_port, uint32_t ip, struct rte_ether_addr *mac);
	/* Deliver pending worker events to mc_sm_on_event; returns how many (may be NULL). */
	unsigned (*poll_events)(void *ctx);
	uint64_t (*now_ms)(void *ctx);
};

/* Control-only state of a pool slot (the worker never sees it). */
struct mc_sm_slot {
	uint16_t rtp_port[MC_LEGS_PER_SESSION];
	struct rte_ether_addr mac[MC_LEGS_PER_SESSION];   /* last sent to the worker */
	uint8_t mac_pending;         /* bit per leg: remote's next hop not resolved yet */
	uint8_t zombie;              /* removed, but the worker has not acked DEL yet */
	uint8_t iface_given;         /* bit per leg: interface named by the request */
	/* Transcoders an UPDATE that timed out replaces: the worker lets go of them when it
	 * applies it (it serves commands in order), so they are freed once a later command
	 * is accepted, or with the session. */
	struct mc_tc *stale_tc[MC_LEGS_PER_SESSION];
};

struct mc_evlog;
struct mc_tc;

struct mc_sm {
	struct mc_sm_conf conf;
	const struct mc_sm_ops *ops;
	void *ctx;
	struct mc_session_table table;
	struct mc_portalloc pa[MC_MAX_WORKERS];
	uint32_t per_worker[MC_MAX_WORKERS];      /* sessions placed on each */
	struct mc_sm_slot *slots;
	uint32_t n_mac_pending;                   /* legs */
	uint32_t n_zombies;
	uint32_t scan_pos;                        /* MAC change sweep */
	uint64_t created, destroyed;
	uint64_t leg_drops_ended[MC_LEG_DROP_MAX];  /* of destroyed sessions */
	struct mc_evlog *log;
};

int mc_sm_init(struct mc_sm *sm, const struct mc_sm_conf *conf,
	       const struct mc_sm_ops *ops, void *ctx);
void mc_sm_free(struct mc_sm *sm);

/* The control API. Each returns a reply object (an error object on failure; a failed
 * request changes nothing). params may be NULL. */
json_t *mc_sm_create(struct mc_sm *sm, const json_t *params);
json_t *mc_sm_update(struct mc_sm *sm, const json_t *params);
json_t *mc_sm_destroy(struct mc_sm *sm, const json_t *params);
json_t *mc_sm_info(struct mc_sm *sm, const json_t *params);
json_t *mc_sm_list(struct mc_sm *sm, const json_t *params);
json_t *mc_sm_events(struct mc_sm *sm, const json_t *params);
json_t *mc_sm_dtmf_send(struct mc_sm *sm, const json_t *params);

/* Housekeeping, every 100 ms: legs waiting for their next hop's MAC (and MACs that
 * changed), workers that had not acked a DEL. */
void mc_sm_tick(struct mc_sm *sm);
/* A worker's event (from ops->poll_events). */
void mc_sm_on_event(struct mc_sm *sm, const struct mc_event *ev);

uint32_t mc_sm_count(const struct mc_sm *sm);
/* Leg drops by reason: live sessions plus destroyed ones. */
void mc_sm_leg_drops(const struct mc_sm *sm, uint64_t drops[MC_LEG_DROP_MAX]);

#endif
