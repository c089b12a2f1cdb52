/* Hot path: one pass of cheap tests folded into a single branch before the
 * checksum, which must not read past len. */
#include <rte_byteorder.h>
#include <rte_ip.h>

#include "mc_ipv4_check.h"

/* Both reasons are nonzero, so 0 can mean "valid". */
_Static_assert(MC_DROP_IP_HEADER != 0 && MC_DROP_IP_FRAGMENT != 0,
	       "mc_ipv4_check returns 0 for a valid header");

int mc_ipv4_check(const uint8_t *l3, uint16_t len, enum mc_drop_reason *why)
{
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)l3;
	unsigned hlen, tot, bad;

	if (len < sizeof(*ip)) {
		*why = MC_DROP_IP_HEADER;
		return MC_DROP_IP_HEADER;
	}
	hlen = (ip->version_ihl & RTE_IPV4_HDR_IHL_MASK) * RTE_IPV4_IHL_MULTIPLIER;
	tot = rte_be_to_cpu_16(ip->total_length);
	bad = (unsigned)((ip->version_ihl >> 4) != 4) | (hlen < sizeof(*ip)) | (hlen > len) |
	      (tot < hlen) | (tot > len);
	if (unlikely(bad) || unlikely(rte_raw_cksum(ip, hlen) != 0xffff)) {
		*why = MC_DROP_IP_HEADER;
		return MC_DROP_IP_HEADER;
	}
	if (unlikely(ip->fragment_offset &
		     RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK))) {
		*why = MC_DROP_IP_FRAGMENT;
		return MC_DROP_IP_FRAGMENT;
	}
	return 0;
}
