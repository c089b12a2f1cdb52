/* One IPv4 address a DPDK port owns, and the on-link / next-hop decision that
 * follows from it. Addresses are kept in network byte order, as they appear on
 * the wire, so the per-packet code never converts them. */
#ifndef MC_IFADDR_H
#define MC_IFADDR_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ether.h>

struct mc_ifaddr {
	uint16_t port;             /* DPDK port id */
	struct rte_ether_addr mac; /* the port's MAC */
	uint32_t ip;               /* network byte order */
	uint8_t prefix_len;        /* 0..32 */
	uint32_t gateway;          /* network byte order, 0 if none */
};

/* Network-order netmask; shifting a 32-bit value by 32 is undefined, hence the
 * special case for /0. */
static inline uint32_t mc_ifaddr_mask(uint8_t prefix_len)
{
	if (prefix_len == 0)
		return 0;
	if (prefix_len >= 32)
		return UINT32_MAX;
	return rte_cpu_to_be_32(UINT32_MAX << (32 - prefix_len));
}

static inline bool mc_ifaddr_on_link(const struct mc_ifaddr *ifa, uint32_t ip)
{
	uint32_t mask = mc_ifaddr_mask(ifa->prefix_len);

	return ((ip ^ ifa->ip) & mask) == 0;
}

/* Next hop for dst: dst itself when on-link, else the gateway (0 when there is
 * none, i.e. unreachable through this address). */
static inline uint32_t mc_ifaddr_next_hop(const struct mc_ifaddr *ifa, uint32_t dst)
{
	return mc_ifaddr_on_link(ifa, dst) ? dst : ifa->gateway;
}

/* The address among ifa[0..n) equal to ip, or NULL. A port owns few addresses,
 * so a scan beats any index. */
static inline const struct mc_ifaddr *
mc_ifaddr_find(const struct mc_ifaddr *ifa, unsigned n, uint32_t ip)
{
	for (unsigned i = 0; i < n; i++)
		if (ifa[i].ip == ip)
			return &ifa[i];
	return NULL;
}

#endif
