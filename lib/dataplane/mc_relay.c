/* The relay's header rewrite, in place on the received mbuf (zero copy): Ethernet from
 * the egress port to the next hop, IPv4 from the leg's local address to its remote, UDP
 * ports, checksums. IP options are stripped: media does not need them and a fixed
 * 20-byte header keeps the rewrite and its checksum cheap. */
#include "mc_dp_pkt.h"

#include <string.h>

#define MC_TTL 64

/* Moves the Ethernet header and a fresh 20-byte IPv4 header up to the UDP header. */
static void strip_options(struct mc_pkt *pk)
{
	struct rte_ipv4_hdr old = *pk->ip;

	rte_pktmbuf_adj(pk->m, (uint16_t)(pk->ihl - sizeof(old)));
	pk->eh = rte_pktmbuf_mtod(pk->m, struct rte_ether_hdr *);
	pk->eh->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	pk->ip = (struct rte_ipv4_hdr *)(pk->eh + 1);
	*pk->ip = old;
	pk->ip->version_ihl = RTE_IPV4_VHL_DEF;
	pk->ip->total_length = rte_cpu_to_be_16((uint16_t)(sizeof(old) +
				rte_be_to_cpu_16(pk->udp->dgram_len)));
	pk->ihl = sizeof(old);
}

void mc_relay_out(struct mc_worker *w, struct mc_leg_dp *to, struct mc_pkt *pk,
		  uint16_t sport, uint16_t dport, uint32_t csum_delta, bool full_csum)
{
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp = pk->udp;
	int slot = mc_dp.port_slot[to->eth_port];
	bool stripped = false;
	uint16_t ttl_old, ttl_new, sport_be = rte_cpu_to_be_16(sport);
	uint16_t dport_be = rte_cpu_to_be_16(dport);
	uint32_t frame, ip_delta;

	if (unlikely(pk->ihl != sizeof(struct rte_ipv4_hdr))) {
		strip_options(pk);
		stripped = true;
	}
	ip = pk->ip;
	/* Ethernet padding of short frames must not go out as datagram bytes. */
	frame = (uint32_t)(sizeof(struct rte_ether_hdr) + rte_be_to_cpu_16(ip->total_length));
	if (unlikely(rte_pktmbuf_pkt_len(pk->m) > frame && pk->m->nb_segs == 1))
		rte_pktmbuf_trim(pk->m, (uint16_t)(rte_pktmbuf_pkt_len(pk->m) - frame));

	rte_ether_addr_copy(&to->remote_mac, &pk->eh->dst_addr);
	rte_ether_addr_copy(&mc_dp.ports[slot].ifa.mac, &pk->eh->src_addr);

	/* The checksums are updated from the values in registers (RFC 1624); the IPv4 one
	 * was verified on input, so only a header rebuilt without options is summed anew. */
	memcpy(&ttl_old, &ip->time_to_live, 2);
	ttl_new = rte_cpu_to_be_16((uint16_t)(MC_TTL << 8 | ip->next_proto_id));
	ip_delta = mc_csum_replace32(ip->src_addr, to->local_ip) +
		   mc_csum_replace32(ip->dst_addr, to->remote_ip);
	csum_delta += ip_delta + mc_csum_replace16(udp->src_port, sport_be) +
		      mc_csum_replace16(udp->dst_port, dport_be);
	ip_delta += mc_csum_replace16(ttl_old, ttl_new) + (uint16_t)~ip->hdr_checksum;
	ip->src_addr = to->local_ip;
	ip->dst_addr = to->remote_ip;
	memcpy(&ip->time_to_live, &ttl_new, 2);
	if (unlikely(stripped)) {
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	} else {
		ip->hdr_checksum = (uint16_t)~mc_csum_fold(ip_delta);
	}
	udp->src_port = sport_be;
	udp->dst_port = dport_be;
	if (udp->dgram_cksum != 0) {
		if (unlikely(full_csum)) {
			udp->dgram_cksum = 0;
			udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
		} else {
			uint16_t ck = (uint16_t)~mc_csum_fold((uint16_t)~udp->dgram_cksum +
							   csum_delta);

			/* 0 means "no checksum" in UDP; its ones' complement twin is 0xffff. */
			udp->dgram_cksum = ck ? ck : 0xffff;
		}
	}
	w->st.relayed++;
	mc_tx_leg_set(pk->m, container_of(to, struct mc_leg, dp));
	w->st.tx_packets += rte_eth_tx_buffer(to->eth_port, (uint16_t)w->index, w->txb[slot],
					      pk->m);
}
