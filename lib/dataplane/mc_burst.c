/* Prefetch for a received burst, in dependent stages (the group prefetch of l3fwd-like
 * pipelines): packet headers, then the port map slots they name, then the legs, then the
 * legs' peers. With thousands of sessions the per-leg state is not in cache, and each
 * stage overlaps the misses of the whole burst instead of taking them one by one.
 * Only a hint: nothing here is trusted, mc_classify checks everything again. */
#include "mc_dp.h"

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_prefetch.h>
#include <rte_udp.h>

#include "mc_session.h"

#define HDRS (sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv4_hdr) + \
	      sizeof(struct rte_udp_hdr))

/* The port map slot a plain IPv4/UDP frame would use, or NULL. */
static inline struct mc_leg **slot_of(const struct mc_worker *w, struct rte_mbuf *m)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct rte_ether_hdr *eh = (const struct rte_ether_hdr *)d;
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(eh + 1);
	const struct rte_udp_hdr *udp = (const struct rte_udp_hdr *)(ip + 1);
	uint16_t dport;

	if (rte_pktmbuf_data_len(m) < HDRS || eh->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
	    ip->version_ihl != RTE_IPV4_VHL_DEF || ip->next_proto_id != IPPROTO_UDP)
		return NULL;
	dport = rte_be_to_cpu_16(udp->dst_port);
	if (dport < w->port_first || dport > w->port_last)
		return NULL;
	return &w->port_map[dport - w->port_first];
}

void mc_burst_prefetch(struct mc_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	struct mc_leg **slots[MC_BURST];
	struct mc_leg *legs[MC_BURST];

	for (uint16_t i = 0; i < n; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	for (uint16_t i = 0; i < n; i++) {
		slots[i] = slot_of(w, pkts[i]);
		if (slots[i])
			rte_prefetch0(slots[i]);
	}
	for (uint16_t i = 0; i < n; i++) {
		legs[i] = slots[i] ? *slots[i] : NULL;
		if (legs[i] == NULL)
			continue;
		/* What the input path reads or writes (struct mc_leg_dp): the leg's first two
		 * lines and the per-packet line of its receive statistics. */
		rte_prefetch0(legs[i]);
		rte_prefetch0(&legs[i]->dp.st.rx_packets);
		rte_prefetch0(&legs[i]->dp.rtp);
	}
	for (uint16_t i = 0; i < n; i++) {
		const struct mc_leg *peer = legs[i] ? legs[i]->peer : NULL;

		if (peer == NULL)
			continue;
		rte_prefetch0(peer);
	}
}
