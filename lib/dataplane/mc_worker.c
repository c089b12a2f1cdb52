/* The worker's run-to-completion loop, in the style of l3fwd: rx burst per port, classify,
 * buffered tx drained at least every 100 us, counters kept per lcore. */
#include "mc_dp.h"

#include <stdio.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_prefetch.h>

#define MC_DRAIN_US 100
/* A lab worker that found nothing this many times in a row may sleep (idle_sleep_us). */
#define MC_IDLE_ITERS 64

struct mc_dp mc_dp;

int mc_worker_init(struct mc_worker *w, unsigned index, unsigned lcore,
		   uint32_t idle_sleep_us)
{
	char name[RTE_RING_NAMESIZE];
	int socket = (int)rte_lcore_to_socket_id(lcore);

	w->index = index;
	w->lcore = lcore;
	w->idle_sleep_us = idle_sleep_us;
	w->drain_tsc = rte_get_tsc_hz() / 1000000 * MC_DRAIN_US;
	snprintf(name, sizeof(name), "mc_exc_%u", index);
	w->exc_ring = rte_ring_create(name, 1024, socket, RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(name, sizeof(name), "mc_ctx_%u", index);
	w->tx_ring = rte_ring_create(name, 1024, socket, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (w->exc_ring == NULL || w->tx_ring == NULL)
		return -1;
	for (unsigned i = 0; i < mc_dp.n_ports; i++) {
		w->txb[i] = rte_zmalloc_socket("mc_txb", RTE_ETH_TX_BUFFER_SIZE(MC_BURST), 0,
					       socket);
		if (w->txb[i] == NULL)
			return -1;
		rte_eth_tx_buffer_init(w->txb[i], MC_BURST);
		rte_eth_tx_buffer_set_err_callback(w->txb[i], rte_eth_tx_buffer_count_callback,
						   &w->st.drops[MC_DROP_TX_FULL]);
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
	rte_ring_free(w->exc_ring);
	rte_ring_free(w->tx_ring);
}

static unsigned send_control_frames(struct mc_worker *w)
{
	struct rte_mbuf *pkts[MC_BURST];
	unsigned n = rte_ring_sc_dequeue_burst(w->tx_ring, (void **)pkts, MC_BURST, NULL);

	for (unsigned i = 0; i < n; i++) {
		int slot = mc_dp.port_slot[pkts[i]->port];

		w->st.tx_packets += rte_eth_tx_buffer(pkts[i]->port, (uint16_t)w->index,
						      w->txb[slot], pkts[i]);
	}
	return n;
}

unsigned mc_worker_iterate(struct mc_worker *w)
{
	struct rte_mbuf *pkts[MC_BURST];
	uint64_t start = rte_rdtsc();
	unsigned work = 0;

	for (unsigned p = 0; p < mc_dp.n_ports; p++) {
		uint16_t port = mc_dp.ports[p].ifa.port;
		uint16_t n = rte_eth_rx_burst(port, (uint16_t)w->index, pkts, MC_BURST);

		for (uint16_t i = 0; i < n; i++) {
			if (i + 1 < n)
				rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
			w->st.rx_bytes += rte_pktmbuf_pkt_len(pkts[i]);
			mc_classify(w, pkts[i]);
		}
		w->st.rx_packets += n;
		work += n;
	}
	work += send_control_frames(w);
	if (start - w->last_drain >= w->drain_tsc) {
		for (unsigned p = 0; p < mc_dp.n_ports; p++)
			w->st.tx_packets += rte_eth_tx_buffer_flush(mc_dp.ports[p].ifa.port,
								    (uint16_t)w->index, w->txb[p]);
		w->last_drain = start;
	}
	uint64_t spent = rte_rdtsc() - start;

	w->st.iterations++;
	if (work)
		w->st.busy_cycles += spent;
	return work;
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
