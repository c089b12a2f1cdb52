/* ARP input follows RFC 826's packet reception order: validate, merge the
 * sender into the table if already known, then add it and answer only if the
 * target address is ours. Conflict detection after RFC 5227. */
#include <string.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_ether.h>

#include "mc_arp.h"

static enum mc_glue_verdict drop(enum mc_drop_reason *why, enum mc_drop_reason r)
{
	*why = r;
	return MC_GLUE_DROP;
}

/* Class D and E (multicast, reserved, limited broadcast) are never a host. */
static bool ip_is_group(uint32_t ip)
{
	return (rte_be_to_cpu_32(ip) >> 28) >= 0xe;
}

static bool arp_is_valid(const struct rte_arp_hdr *arp)
{
	uint16_t op = rte_be_to_cpu_16(arp->arp_opcode);

	if (arp->arp_hardware != RTE_BE16(RTE_ARP_HRD_ETHER) ||
	    arp->arp_protocol != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
	    arp->arp_hlen != RTE_ETHER_ADDR_LEN || arp->arp_plen != sizeof(uint32_t))
		return false;
	if (op != RTE_ARP_OP_REQUEST && op != RTE_ARP_OP_REPLY)
		return false;
	/* A group or zero sender MAC would poison the table. */
	if (rte_is_multicast_ether_addr(&arp->arp_data.arp_sha) ||
	    rte_is_zero_ether_addr(&arp->arp_data.arp_sha))
		return false;
	return !ip_is_group(arp->arp_data.arp_sip);
}

static void make_reply(struct rte_ether_hdr *eth, struct rte_arp_hdr *arp,
		       const struct mc_ifaddr *mine)
{
	struct rte_ether_addr asker = arp->arp_data.arp_sha;

	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REPLY);
	arp->arp_data.arp_tha = asker;
	arp->arp_data.arp_tip = arp->arp_data.arp_sip;
	arp->arp_data.arp_sha = mine->mac;
	arp->arp_data.arp_sip = mine->ip;
	eth->dst_addr = asker;
	eth->src_addr = mine->mac;
}

enum mc_glue_verdict mc_arp_input(uint8_t *frame, uint16_t len, const struct mc_ifaddr *ifa,
				  unsigned n_ifa, struct mc_neigh_table *nt, uint64_t now_ms,
				  enum mc_drop_reason *why)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)frame;
	struct rte_arp_hdr *arp = (struct rte_arp_hdr *)(frame + RTE_ETHER_HDR_LEN);
	const struct mc_ifaddr *self, *mine;
	struct rte_ether_addr sha;
	uint32_t sip, tip;

	if (len < MC_ARP_FRAME_LEN)
		return drop(why, MC_DROP_ARP_INVALID);
	if (eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_ARP))
		return drop(why, MC_DROP_ETHERTYPE);
	if (!arp_is_valid(arp))
		return drop(why, MC_DROP_ARP_INVALID);
	if (n_ifa == 0)
		return drop(why, MC_DROP_ARP_NOT_OURS);

	sha = arp->arp_data.arp_sha;
	sip = arp->arp_data.arp_sip;
	tip = arp->arp_data.arp_tip;
	self = mc_ifaddr_find(ifa, n_ifa, sip);
	if (self != NULL) {
		/* Our own announcement looped back is harmless; anyone else
		 * claiming our address is a conflict the operator must see. */
		if (rte_is_same_ether_addr(&sha, &self->mac))
			return drop(why, MC_DROP_ARP_NOT_OURS);
		return drop(why, MC_DROP_ARP_INVALID);
	}

	mine = mc_ifaddr_find(ifa, n_ifa, tip);
	if (mine == NULL) {
		mc_neigh_learn(nt, ifa[0].port, sip, &sha, now_ms, false);
		if (sip == tip)
			return MC_GLUE_CONSUMED; /* gratuitous ARP from a neighbour */
		return drop(why, MC_DROP_ARP_NOT_OURS);
	}

	/* Off-subnet senders get an answer but no entry: we would never route
	 * to them directly, and they must not fill the table. */
	mc_neigh_learn(nt, mine->port, sip, &sha, now_ms, mc_ifaddr_on_link(mine, sip));
	if (arp->arp_opcode == RTE_BE16(RTE_ARP_OP_REPLY))
		return MC_GLUE_CONSUMED;
	make_reply(eth, arp, mine);
	return MC_GLUE_REPLY;
}

uint16_t mc_arp_build_request(uint8_t *buf, uint16_t cap, const struct mc_ifaddr *ifa,
			      uint32_t target_ip, const struct rte_ether_addr *dst)
{
	static const struct rte_ether_addr bcast = {{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }};
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)buf;
	struct rte_arp_hdr *arp = (struct rte_arp_hdr *)(buf + RTE_ETHER_HDR_LEN);

	if (buf == NULL || cap < MC_ETHER_MIN_FRAME)
		return 0;
	memset(buf, 0, MC_ETHER_MIN_FRAME);
	eth->dst_addr = dst != NULL ? *dst : bcast;
	eth->src_addr = ifa->mac;
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_ARP);
	arp->arp_hardware = RTE_BE16(RTE_ARP_HRD_ETHER);
	arp->arp_protocol = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	arp->arp_hlen = RTE_ETHER_ADDR_LEN;
	arp->arp_plen = sizeof(uint32_t);
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REQUEST);
	arp->arp_data.arp_sha = ifa->mac;
	arp->arp_data.arp_sip = ifa->ip;
	/* Target MAC unknown for a broadcast request (zero, as RFC 5227 wants);
	 * a unicast re-probe names the MAC it expects. */
	if (dst != NULL)
		arp->arp_data.arp_tha = *dst;
	arp->arp_data.arp_tip = target_ip;
	return MC_ETHER_MIN_FRAME;
}
