/* The control lcore: owns the neighbour table and (later) session state; answers ARP and
 * ping for the ports' addresses; serves the control API. Only this lcore changes state;
 * the socket thread hands it requests through a ring and waits. */
#ifndef MC_CTL_H
#define MC_CTL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "mc_config.h"
#include "mc_dp.h"
#include "mc_neigh.h"

struct mc_request;
struct mc_sm;

struct mc_ctl {
	const struct mc_config *cfg;
	unsigned lcore;
	struct mc_neigh_table neigh;
	struct rte_ring *req_ring;       /* socket thread -> control: struct mc_request * */
	struct mc_lcore_stats st;        /* the control lcore's own counters */
	uint64_t tsc_hz;
	uint64_t next_tick;              /* 10 ms housekeeping */
	uint64_t next_second;
	uint8_t link_up[MC_MAX_PORTS];
	double busy[RTE_MAX_LCORE];      /* busy share over the last second, per lcore */
	uint64_t prev_busy[RTE_MAX_LCORE], prev_total[RTE_MAX_LCORE];
	uint32_t idle_iters;
	struct mc_sm *sm;                /* sessions (mc_sm.h) */
	uint64_t next_sm_tick;           /* 100 ms session housekeeping */
};

extern struct mc_ctl mc_ctl;

int mc_ctl_init(const struct mc_config *cfg);
void mc_ctl_fini(void);
/* One pass of control work; returns the amount of work done. */
unsigned mc_ctl_iterate(void);
/* The control lcore's loop (also runs the worker when they share a core). */
void mc_ctl_main(struct mc_worker *shared_worker);

/* The session manager bound to the dataplane (mc_cmd_session.c). */
int mc_ctl_sessions_init(const struct mc_config *cfg);
void mc_ctl_sessions_fini(void);

/* Millisecond clock for the neighbour table and events. */
uint64_t mc_ctl_now_ms(void);

/* Control-API socket (DPDK telemetry v2 protocol, served by media-core itself). */
int mc_tel_server_start(char *err, size_t errlen);
void mc_tel_server_stop(void);

#endif
