/* The worker's run-to-completion loop, in the style of l3fwd: rx burst per port, classify,
 * buffered tx drained at least every 100 us, counters kept per lcore. */
#include "mc_dp.h"
#include "mc_dp_session.h"
#include "mc_q.h"
#include "mc_tc.h"

#include <stdio.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_prefetch.h>

#define MC_DRAIN_US 100
/* A lab worker that found nothing this many times in a row may sleep (idle_sleep_us). */
#define MC_IDLE_ITERS 64
#define MC_EVENT_RING 4096
#define MC_HANDOFF_RING 4096

struct mc_dp mc_dp;

static struct rte_ring *ring(const char *what, unsigned index, unsigned esize,
			     unsigned count, int socket, unsigned flags)
{
	char name[RTE_RING_NAMESIZE];

	snprintf(name, sizeof(name), "mc_%s_%u", what, index);
	return rte_ring_create_elem(name, esize, count, socket, flags);
}

static int alloc_sessions(struct mc_worker *w, int socket)
{
	size_t ports = (size_t)w->port_last + 1u - w->port_first;

	w->port_map = rte_zmalloc_socket("mc_port_map", (ports ? ports : 1) * sizeof(void *),
					 RTE_CACHE_LINE_SIZE, socket);
	w->sessions = rte_zmalloc_socket("mc_sessions", (w->max_sessions ? w->max_sessions : 1) *
					 sizeof(void *), RTE_CACHE_LINE_SIZE, socket);
	w->cmd_box = rte_zmalloc_socket("mc_cmd_box", sizeof(*w->cmd_box),
					RTE_CACHE_LINE_SIZE, socket);
	w->cmd_ring = ring("cmd", w->index, sizeof(void *), 4, socket,
			   RING_F_SP_ENQ | RING_F_SC_DEQ);
	w->ev_ring = ring("ev", w->index, sizeof(struct mc_event), MC_EVENT_RING, socket,
			  RING_F_SP_ENQ | RING_F_SC_DEQ);
	w->handoff_ring = ring("hand", w->index, sizeof(void *), MC_HANDOFF_RING, socket,
			       RING_F_SC_DEQ);
	return w->port_map && w->sessions && w->cmd_box && w->cmd_ring && w->ev_ring &&
	       w->handoff_ring ? 0 : -1;
}

int mc_worker_init(struct mc_worker *w, unsigned index, unsigned lcore,
		   uint32_t idle_sleep_us, uint16_t port_first, uint16_t port_last,
		   uint32_t max_sessions)
{
	int socket = (int)rte_lcore_to_socket_id(lcore);

	w->index = index;
	w->lcore = lcore;
	w->idle_sleep_us = idle_sleep_us;
	w->tsc_hz = rte_get_tsc_hz();
	w->drain_tsc = w->tsc_hz / 1000000 * MC_DRAIN_US;
	w->port_first = port_first;
	w->port_last = port_last;
	w->max_sessions = max_sessions;
	w->exc_ring = ring("exc", index, sizeof(void *), 1024, socket,
			   RING_F_SP_ENQ | RING_F_SC_DEQ);
	w->tx_ring = ring("ctx", index, sizeof(void *), 1024, socket,
			  RING_F_SP_ENQ | RING_F_SC_DEQ);
	/* No worker may send before the tx leg field exists: its offset is written into
	 * every queued mbuf. */
	if (mc_tx_leg_register() < 0 || w->exc_ring == NULL || w->tx_ring == NULL ||
	    alloc_sessions(w, socket) < 0)
		return -1;
	for (unsigned i = 0; i < mc_dp.n_ports; i++) {
		w->txb[i] = rte_zmalloc_socket("mc_txb", RTE_ETH_TX_BUFFER_SIZE(MC_BURST), 0,
					       socket);
		if (w->txb[i] == NULL)
			return -1;
		rte_eth_tx_buffer_init(w->txb[i], MC_BURST);
		rte_eth_tx_buffer_set_err_callback(w->txb[i], mc_tx_refused, w);
	}
	return 0;
}

void mc_worker_free(struct mc_worker *w)
{
	struct rte_mbuf *m;

	for (unsigned i = 0; i < mc_dp.n_ports; i++)
		rte_free(w->txb[i]);
	while (w->exc_ring && rte_ring_dequeue(w->exc_ring, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	while (w->tx_ring && rte_ring_dequeue(w->tx_ring, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	while (w->handoff_ring && rte_ring_dequeue(w->handoff_ring, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	rte_ring_free(w->exc_ring);
	rte_ring_free(w->tx_ring);
	rte_ring_free(w->cmd_ring);
	rte_ring_free(w->ev_ring);
	rte_ring_free(w->handoff_ring);
	rte_free(w->port_map);
	rte_free(w->sessions);
	rte_free(w->cmd_box);
}

static unsigned send_control_frames(struct mc_worker *w)
{
	struct rte_mbuf *pkts[MC_BURST];
	unsigned n = rte_ring_sc_dequeue_burst(w->tx_ring, (void **)pkts, MC_BURST, NULL);

	for (unsigned i = 0; i < n; i++) {
		int slot = mc_dp.port_slot[pkts[i]->port];

		mc_tx_leg_set(pkts[i], NULL);   /* ARP, ping: no leg's */
		w->st.tx_packets += rte_eth_tx_buffer(pkts[i]->port, (uint16_t)w->index,
						      w->txb[slot], pkts[i]);
	}
	return n;
}

static unsigned handed_over(struct mc_worker *w)
{
	struct rte_mbuf *pkts[MC_BURST];
	unsigned n = rte_ring_sc_dequeue_burst(w->handoff_ring, (void **)pkts, MC_BURST, NULL);

	for (unsigned i = 0; i < n; i++)
		mc_classify(w, pkts[i]);
	return n;
}

void mc_worker_flush(struct mc_worker *w)
{
	for (unsigned p = 0; p < mc_dp.n_ports; p++)
		w->st.tx_packets += rte_eth_tx_buffer_flush(mc_dp.ports[p].ifa.port,
							    (uint16_t)w->index, w->txb[p]);
}

unsigned mc_worker_iterate_at(struct mc_worker *w, uint64_t now)
{
	struct rte_mbuf *pkts[MC_BURST];
	uint64_t start = rte_rdtsc();
	unsigned work = 0;

	w->now = now;
	w->now_us = now / (w->tsc_hz / 1000000);
	work += mc_dp_worker_commands(w);
	for (unsigned p = 0; p < mc_dp.n_ports; p++) {
		uint16_t port = mc_dp.ports[p].ifa.port;
		uint16_t n = rte_eth_rx_burst(port, (uint16_t)w->index, pkts, MC_BURST);

		if (n == 0)
			continue;
		mc_burst_classify(w, port, pkts, n);
		w->st.rx_packets += n;
		work += n;
	}
	work += handed_over(w);
	work += send_control_frames(w);
	work += mc_dp_timeouts(w);
	work += mc_media_tick(w);
	work += mc_q_poll(w);
	if (now - w->last_drain >= w->drain_tsc) {
		mc_worker_flush(w);
		w->last_drain = now;
	}
	uint64_t spent = rte_rdtsc() - start;

	w->st.iterations++;
	if (work)
		w->st.busy_cycles += spent;
	return work;
}

unsigned mc_worker_iterate(struct mc_worker *w)
{
	return mc_worker_iterate_at(w, rte_rdtsc());
}

int mc_worker_main(void *arg)
{
	struct mc_worker *w = arg;
	uint64_t prev = rte_rdtsc();

	while (!mc_dp.quit) {
		if (mc_worker_iterate(w) != 0) {
			w->idle_iters = 0;
		} else if (w->idle_sleep_us && ++w->idle_iters >= MC_IDLE_ITERS) {
			/* Lab mode only: endpoints share the cores with us. */
			rte_delay_us_sleep(w->idle_sleep_us);
		}
		uint64_t now = rte_rdtsc();

		/* Wall time, so that sleeping shows as idle, not as busy. */
		w->st.total_cycles += now - prev;
		prev = now;
	}
	return 0;
}
