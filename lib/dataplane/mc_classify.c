/* First look at every received frame: Ethernet, IPv4, UDP. Nothing here trusts a length
 * field before checking it against what actually arrived. */
#include "mc_dp_pkt.h"
#include "mc_dp_session.h"
#include "mc_rtp.h"

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "mc_ipv4_check.h"

static inline bool mac_for_us(const struct rte_ether_hdr *eh, const struct mc_dp_port *p)
{
	return rte_is_broadcast_ether_addr(&eh->dst_addr) ||
	       rte_is_same_ether_addr(&eh->dst_addr, &p->ifa.mac);
}

static void to_control(struct mc_worker *w, struct rte_mbuf *m)
{
	if (rte_ring_sp_enqueue(w->exc_ring, m) != 0) {
		mc_worker_drop(w, m, MC_DROP_EXCEPTION_FULL);
		return;
	}
	w->st.exceptions++;
}

/* A port of the media range that another worker owns (no rte_flow steering yet). */
static void hand_over(struct mc_worker *w, struct rte_mbuf *m, uint16_t dport)
{
	int owner = mc_dp_port_owner(dport);

	if (owner < 0 || (unsigned)owner == w->index || (unsigned)owner >= mc_dp.n_workers) {
		mc_worker_drop(w, m, MC_DROP_NO_SESSION);
		return;
	}
	if (rte_ring_mp_enqueue(mc_dp.workers[owner]->handoff_ring, m) != 0) {
		mc_worker_drop(w, m, MC_DROP_HANDOFF_FULL);
		return;
	}
	w->st.handoffs++;
}

/* Destination port -> leg by direct index; RTP or RTCP by port, or by the second byte
 * with rtcp-mux (RFC 5761). */
static void classify_udp(struct mc_worker *w, struct rte_mbuf *m, struct rte_ether_hdr *eh,
			 struct rte_ipv4_hdr *ip, uint16_t ihl)
{
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)((uint8_t *)ip + ihl);
	uint16_t dport = rte_be_to_cpu_16(udp->dst_port);
	uint32_t idx = (uint32_t)dport - w->port_first;
	struct mc_leg *leg;
	struct mc_pkt pk;

	if (unlikely(dport < w->port_first || dport > w->port_last)) {
		hand_over(w, m, dport);
		return;
	}
	leg = w->port_map[idx];
	if (unlikely(leg == NULL || leg->dp.eth_port != m->port ||
		     leg->dp.local_ip != ip->dst_addr)) {
		mc_worker_drop(w, m, MC_DROP_NO_SESSION);
		return;
	}
	pk.m = m;
	pk.eh = eh;
	pk.ip = ip;
	pk.udp = udp;
	pk.pl = (uint8_t *)(udp + 1);
	pk.pl_len = (uint16_t)(rte_be_to_cpu_16(udp->dgram_len) - sizeof(*udp));
	pk.ihl = ihl;
	if (dport == leg->dp.local_port &&
	    !(leg->dp.rtcp_mux && mc_rtp_is_rtcp(pk.pl, pk.pl_len)))
		mc_rtp_input(w, leg, &pk);
	else
		mc_rtcp_input(w, leg, &pk);
}

static void classify_ipv4(struct mc_worker *w, struct rte_mbuf *m,
			  const struct mc_dp_port *p, uint8_t *l3, uint16_t len)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)l3;
	enum mc_drop_reason why;
	uint16_t ihl, tot;

	if (mc_ipv4_check(l3, len, &why) != 0) {
		mc_worker_drop(w, m, why);
		return;
	}
	if (ip->dst_addr != p->ifa.ip) {
		mc_worker_drop(w, m, MC_DROP_NOT_FOR_US);
		return;
	}
	if (ip->next_proto_id == IPPROTO_ICMP) {
		to_control(w, m);
		return;
	}
	if (ip->next_proto_id != IPPROTO_UDP) {
		mc_worker_drop(w, m, MC_DROP_IP_PROTO);
		return;
	}
	ihl = (uint16_t)((ip->version_ihl & 0x0f) * 4);
	tot = rte_be_to_cpu_16(ip->total_length);
	if (tot < ihl + sizeof(struct rte_udp_hdr) ||
	    rte_be_to_cpu_16(((const struct rte_udp_hdr *)(l3 + ihl))->dgram_len) !=
		    tot - ihl) {
		mc_worker_drop(w, m, MC_DROP_UDP_HEADER);
		return;
	}
	classify_udp(w, m, (struct rte_ether_hdr *)(l3 - sizeof(struct rte_ether_hdr)), ip, ihl);
}

void mc_classify(struct mc_worker *w, struct rte_mbuf *m)
{
	uint16_t len = rte_pktmbuf_data_len(m);
	struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	int slot = mc_dp.port_slot[m->port];
	const struct mc_dp_port *p;

	if (unlikely(len < sizeof(*eh))) {
		mc_worker_drop(w, m, MC_DROP_RUNT);
		return;
	}
	p = &mc_dp.ports[slot];
	if (!mac_for_us(eh, p)) {
		mc_worker_drop(w, m, MC_DROP_NOT_FOR_US);
		return;
	}
	switch (eh->ether_type) {
	case RTE_BE16(RTE_ETHER_TYPE_IPV4):
		classify_ipv4(w, m, p, (uint8_t *)(eh + 1), (uint16_t)(len - sizeof(*eh)));
		return;
	case RTE_BE16(RTE_ETHER_TYPE_ARP):
		to_control(w, m);
		return;
	default:
		mc_worker_drop(w, m, MC_DROP_ETHERTYPE);
	}
}
