/* Echo reply in place (RFC 792): the request's bytes become the reply's, so
 * the identifier, sequence number and payload are echoed untouched. */
#include <string.h>

#include <netinet/in.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>

#include "mc_icmp.h"

/* TTL of everything media-core originates, as Linux's default. */
#define MC_ICMP_TTL 64

static enum mc_glue_verdict drop(enum mc_drop_reason *why, enum mc_drop_reason r)
{
	*why = r;
	return MC_GLUE_DROP;
}

/* Multicast, reserved and limited broadcast (224/3). */
static bool ip_is_group(uint32_t ip)
{
	return (rte_be_to_cpu_32(ip) >> 28) >= 0xe;
}

static uint16_t fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'): O(1) whatever the payload size, and
 * free of the -0 result of the older RFC 1141 form. Ones' complement sums do
 * not depend on byte order, so host-order words read from the wire work. */
static uint16_t cksum_adjust(uint16_t hc, uint16_t old_word, uint16_t new_word)
{
	uint32_t sum = (uint16_t)~hc + (uint32_t)(uint16_t)~old_word + new_word;

	return (uint16_t)~fold(sum);
}

static void make_reply(struct rte_ether_hdr *eth, struct rte_ipv4_hdr *ip,
		       struct rte_icmp_hdr *icmp)
{
	struct rte_ether_addr mac = eth->dst_addr;
	uint32_t addr = ip->dst_addr;
	uint16_t old_word, new_word;

	memcpy(&old_word, icmp, sizeof(old_word));
	icmp->icmp_type = RTE_IP_ICMP_ECHO_REPLY;
	memcpy(&new_word, icmp, sizeof(new_word));
	icmp->icmp_cksum = cksum_adjust(icmp->icmp_cksum, old_word, new_word);

	ip->dst_addr = ip->src_addr;
	ip->src_addr = addr;
	ip->time_to_live = MC_ICMP_TTL;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);

	eth->dst_addr = eth->src_addr;
	eth->src_addr = mac;
}

enum mc_glue_verdict mc_icmp_input(uint8_t *frame, uint16_t len, enum mc_drop_reason *why)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)frame;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(frame + RTE_ETHER_HDR_LEN);
	struct rte_icmp_hdr *icmp;
	uint16_t ihl, tot;

	/* The caller validated the IP header; these checks only keep a caller
	 * bug from turning into an out-of-bounds access. */
	if (len < RTE_ETHER_HDR_LEN + sizeof(*ip))
		return drop(why, MC_DROP_IP_HEADER);
	ihl = (uint16_t)((ip->version_ihl & RTE_IPV4_HDR_IHL_MASK) * RTE_IPV4_IHL_MULTIPLIER);
	tot = rte_be_to_cpu_16(ip->total_length);
	if (tot > len - RTE_ETHER_HDR_LEN || ihl > tot || ihl < sizeof(*ip))
		return drop(why, MC_DROP_IP_HEADER);
	if (ip->next_proto_id != IPPROTO_ICMP)
		return drop(why, MC_DROP_IP_PROTO);

	if (rte_is_multicast_ether_addr(&eth->dst_addr) || ip_is_group(ip->dst_addr))
		return drop(why, MC_DROP_NOT_FOR_US);
	/* A reply to these would go to a group or nowhere. */
	if (rte_is_multicast_ether_addr(&eth->src_addr) || ip_is_group(ip->src_addr) ||
	    ip->src_addr == 0)
		return drop(why, MC_DROP_ICMP_INVALID);

	if ((size_t)(tot - ihl) < sizeof(*icmp))
		return drop(why, MC_DROP_ICMP_INVALID);
	icmp = (struct rte_icmp_hdr *)((uint8_t *)ip + ihl);
	if (rte_raw_cksum(icmp, tot - ihl) != 0xffff)
		return drop(why, MC_DROP_ICMP_INVALID);
	if (icmp->icmp_type != RTE_IP_ICMP_ECHO_REQUEST)
		return drop(why, MC_DROP_ICMP_TYPE);

	make_reply(eth, ip, icmp);
	return MC_GLUE_REPLY;
}
