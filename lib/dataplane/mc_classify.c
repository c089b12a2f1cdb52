/* First look at every received frame: Ethernet, IPv4, UDP. Nothing here trusts a length
 * field before checking it against what actually arrived. */
#include "mc_dp.h"

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

static void classify_ipv4(struct mc_worker *w, struct rte_mbuf *m,
			  const struct mc_dp_port *p, uint8_t *l3, uint16_t len)
{
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)l3;
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
	/* No leg owns a port yet: sessions hook in here. */
	mc_worker_drop(w, m, MC_DROP_NO_SESSION);
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
