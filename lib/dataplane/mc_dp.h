/* Dataplane state: the ports (read-only once started) and the workers, each of which
 * owns its counters and rings. The control lcore reads counters without locks: every
 * counter is a naturally aligned 64-bit word written by one lcore only. */
#ifndef MC_DP_H
#define MC_DP_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "mc_drop.h"
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
} __rte_cache_aligned;

struct mc_dp_port {
	struct mc_ifaddr ifa;
	char name[MC_PORT_NAME_LEN];
	char driver[32];
};

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
	struct mc_lcore_stats st;
} __rte_cache_aligned;

struct mc_dp {
	unsigned n_ports;
	struct mc_dp_port ports[MC_MAX_PORTS];
	int8_t port_slot[RTE_MAX_ETHPORTS];   /* DPDK port id -> index in ports, -1 */
	unsigned n_workers;
	struct mc_worker *workers[MC_MAX_WORKERS];
	struct rte_mempool *pool;
	volatile bool quit;
};

extern struct mc_dp mc_dp;

/* Creates worker index's rings and tx buffers (on the lcore's socket). */
int mc_worker_init(struct mc_worker *w, unsigned index, unsigned lcore,
		   uint32_t idle_sleep_us);
void mc_worker_free(struct mc_worker *w);
/* One pass: rx and classify on every port, send control's frames, flush when due.
 * Returns the number of packets handled (0 when idle). */
unsigned mc_worker_iterate(struct mc_worker *w);
/* rte_eal_remote_launch entry: iterates until mc_dp.quit. */
int mc_worker_main(void *arg);

/* Classifies one received frame; consumes it (forwarded, handed over or dropped). */
void mc_classify(struct mc_worker *w, struct rte_mbuf *m);

static inline void mc_worker_drop(struct mc_worker *w, struct rte_mbuf *m,
				  enum mc_drop_reason why)
{
	w->st.drops[why]++;
	rte_pktmbuf_free(m);
}

#endif
