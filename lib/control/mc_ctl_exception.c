/* Frames the workers hand to the control lcore: ARP for the ports' addresses and ICMP
 * to them. Replies are built in place and sent back through worker 0's tx ring, so every
 * queue keeps a single writer. */
#include "mc_ctl.h"

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "mc_arp.h"
#include "mc_icmp.h"

#define MC_EXC_BURST 32

unsigned mc_ctl_exceptions(void);
void mc_ctl_send_arp(uint16_t port, uint32_t target_ip, const struct rte_ether_addr *dst);

static void send_frame(struct rte_mbuf *m)
{
	if (mc_dp.n_workers == 0 || rte_ring_sp_enqueue(mc_dp.workers[0]->tx_ring, m) != 0) {
		mc_ctl.st.drops[MC_DROP_TX_FULL]++;
		rte_pktmbuf_free(m);
		return;
	}
	mc_ctl.st.tx_packets++;
}

void mc_ctl_send_arp(uint16_t port, uint32_t target_ip, const struct rte_ether_addr *dst)
{
	int slot = mc_dp.port_slot[port];
	struct rte_mbuf *m = rte_pktmbuf_alloc(mc_dp.pool);
	uint16_t len;

	if (m == NULL) {
		mc_ctl.st.drops[MC_DROP_NO_MBUF]++;
		return;
	}
	len = mc_arp_build_request(rte_pktmbuf_mtod(m, uint8_t *), rte_pktmbuf_tailroom(m),
				   &mc_dp.ports[slot].ifa, target_ip, dst);
	if (len == 0 || rte_pktmbuf_append(m, len) == NULL) {
		rte_pktmbuf_free(m);
		return;
	}
	m->port = port;
	send_frame(m);
}

static void handle(struct rte_mbuf *m)
{
	const struct mc_ifaddr *ifa = &mc_dp.ports[mc_dp.port_slot[m->port]].ifa;
	uint8_t *frame = rte_pktmbuf_mtod(m, uint8_t *);
	uint16_t len = rte_pktmbuf_data_len(m);
	const struct rte_ether_hdr *eh = (const struct rte_ether_hdr *)frame;
	enum mc_drop_reason why = MC_DROP_ETHERTYPE;
	enum mc_glue_verdict v = MC_GLUE_DROP;

	mc_ctl.st.rx_packets++;
	if (eh->ether_type == RTE_BE16(RTE_ETHER_TYPE_ARP))
		v = mc_arp_input(frame, len, ifa, 1, &mc_ctl.neigh, mc_ctl_now_ms(), &why);
	else if (eh->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
		v = mc_icmp_input(frame, len, &why);
	switch (v) {
	case MC_GLUE_REPLY:
		send_frame(m);
		return;
	case MC_GLUE_CONSUMED:
		rte_pktmbuf_free(m);
		return;
	default:
		mc_ctl.st.drops[why]++;
		rte_pktmbuf_free(m);
	}
}

unsigned mc_ctl_exceptions(void)
{
	struct rte_mbuf *pkts[MC_EXC_BURST];
	unsigned total = 0;

	for (unsigned w = 0; w < mc_dp.n_workers; w++) {
		unsigned n = rte_ring_sc_dequeue_burst(mc_dp.workers[w]->exc_ring, (void **)pkts,
						       MC_EXC_BURST, NULL);

		for (unsigned i = 0; i < n; i++)
			handle(pkts[i]);
		total += n;
	}
	return total;
}
