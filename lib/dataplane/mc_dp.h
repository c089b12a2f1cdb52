/* Dataplane state: the ports (read-only once started) and the workers, each of which
 * owns its counters and rings. The control lcore reads counters without locks: every
 * counter is a naturally aligned 64-bit word written by one lcore only. */
#ifndef MC_DP_H
#define MC_DP_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mbuf_dyn.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "mc_drop.h"
#include "mc_event.h"
#include "mc_ifaddr.h"
#include "mc_limits.h"

struct mc_lcore_stats {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t exceptions;          /* handed to the control lcore */
	uint64_t iterations;
	uint64_t busy_cycles;         /* cycles of iterations that found work */
	uint64_t total_cycles;
	uint64_t drops[MC_DROP_REASON_MAX];
	uint64_t relayed;             /* RTP and RTCP sent on by the relay */
	uint64_t handoffs;            /* given to the worker that owns the port */
	uint64_t events_lost;         /* event ring to the control lcore full */
	uint64_t commands;            /* session commands applied */
} __rte_cache_aligned;

struct mc_dp_port {
	struct mc_ifaddr ifa;
	char name[MC_PORT_NAME_LEN];
	char driver[32];
};

struct mc_leg;
struct mc_session;
struct mc_wcmd;

struct mc_worker {
	unsigned lcore;
	unsigned index;               /* also its queue id on every port */
	uint32_t idle_sleep_us;
	struct rte_ring *exc_ring;    /* worker -> control: ARP, ICMP for us */
	struct rte_ring *tx_ring;     /* control -> worker: frames to send, m->port set */
	struct rte_eth_dev_tx_buffer *txb[MC_MAX_PORTS];
	uint64_t drain_tsc;           /* flush tx buffers at least this often */
	uint64_t last_drain;
	uint32_t idle_iters;
	/* sessions: the port map is indexed by UDP port - port_first; both ports of a leg
	 * (RTP, RTCP) point to it. Written only by this worker. */
	uint16_t port_first, port_last;
	struct mc_leg **port_map;
	struct mc_session **sessions;
	uint32_t n_sessions, max_sessions;
	struct rte_ring *cmd_ring;    /* control -> worker: &cmd_box (see mc_dp_command) */
	struct rte_ring *ev_ring;     /* worker -> control: struct mc_event elements */
	struct rte_ring *handoff_ring;/* other workers -> this one: frames for its ports */
	struct mc_wcmd *cmd_box;      /* the control lcore's copy of the pending command */
	unsigned cmd_pending;         /* control side: a command not yet acknowledged */
	uint64_t now;                 /* TSC of the current iteration */
	uint64_t now_us;              /* the same in microseconds, for RTP arrival times */
	uint64_t tsc_hz;
	uint64_t next_scan;           /* media timeout sweep: next start */
	uint32_t scan_pos;            /* next session of the sweep in progress */
	bool scanning;
	struct mc_lcore_stats st;
} __rte_cache_aligned;

struct mc_dp {
	unsigned n_ports;
	int tx_leg_off;               /* mbuf dynamic field: the leg a queued packet is for */
	struct mc_dp_port ports[MC_MAX_PORTS];
	int8_t port_slot[RTE_MAX_ETHPORTS];   /* DPDK port id -> index in ports, -1 */
	unsigned n_workers;
	struct mc_worker *workers[MC_MAX_WORKERS];
	struct rte_mempool *pool;
	volatile bool quit;
	uint16_t media_base;          /* first (even) port of worker 0's share */
	uint16_t media_share;         /* ports per worker, even; 0 = no media range */
	unsigned media_workers;
};

extern struct mc_dp mc_dp;

/* Creates worker index's rings, tx buffers and its port map for the ports
 * port_first..port_last (its share, mc_dp_port_share) and session list of max_sessions
 * (on the lcore's socket). */
int mc_worker_init(struct mc_worker *w, unsigned index, unsigned lcore,
		   uint32_t idle_sleep_us, uint16_t port_first, uint16_t port_last,
		   uint32_t max_sessions);
void mc_worker_free(struct mc_worker *w);
/* One pass: rx and classify on every port, send control's frames, flush when due.
 * Returns the number of packets handled (0 when idle). */
unsigned mc_worker_iterate(struct mc_worker *w);
/* The same with the time given (TSC units): tests drive the clock with it. */
unsigned mc_worker_iterate_at(struct mc_worker *w, uint64_t now);
/* Sends what the tx buffers hold now. */
void mc_worker_flush(struct mc_worker *w);
/* rte_eal_remote_launch entry: iterates until mc_dp.quit. */
int mc_worker_main(void *arg);

/* Classifies a burst received on DPDK port `port`, prefetching ahead what each packet
 * will touch (mc_burst.c). */
void mc_burst_classify(struct mc_worker *w, uint16_t port, struct rte_mbuf **pkts,
		       uint16_t n);
/* Classifies one received frame; consumes it (forwarded, handed over or dropped). */
void mc_classify(struct mc_worker *w, struct rte_mbuf *m);

/* Worker side of the session commands and events (mc_dp_cmd.c, mc_dp_event.c). */
unsigned mc_dp_worker_commands(struct mc_worker *w);
int mc_dp_apply(struct mc_worker *w, struct mc_wcmd *cmd);
void mc_dp_emit(struct mc_worker *w, const struct mc_leg *leg, enum mc_event_type type,
		uint8_t is_rtcp);
/* Media timeout sweep (mc_dp_timeout.c): bounded work per call. */
unsigned mc_dp_timeouts(struct mc_worker *w);

/* Tx attribution (mc_tx.c): every mbuf put in a worker's tx buffer says which leg it is
 * for (NULL: none, e.g. ARP and ping replies), so that a packet the NIC refuses counts
 * as that leg's drops.tx besides the engine's tx_full. */
#define MC_TX_LEG_FIELD "mc_dynfield_tx_leg"
/* Start-up (mc_worker_init does it too): -1 with rte_errno set when DPDK refuses. */
int mc_tx_leg_register(void);
/* The tx buffers' error callback; arg is the worker. */
void mc_tx_refused(struct rte_mbuf **pkts, uint16_t unsent, void *arg);

static inline void mc_tx_leg_set(struct rte_mbuf *m, struct mc_leg *leg)
{
	*RTE_MBUF_DYNFIELD(m, mc_dp.tx_leg_off, struct mc_leg **) = leg;
}

static inline struct mc_leg *mc_tx_leg(struct rte_mbuf *m)
{
	return *RTE_MBUF_DYNFIELD(m, mc_dp.tx_leg_off, struct mc_leg **);
}

static inline void mc_worker_drop(struct mc_worker *w, struct rte_mbuf *m,
				  enum mc_drop_reason why)
{
	w->st.drops[why]++;
	rte_pktmbuf_free(m);
}

#endif
