/* A received burst, classified packet by packet behind a software pipeline of prefetches
 * (the group prefetch of l3fwd-like pipelines, staggered): while packet i is handled,
 * the peer leg of packet i+2, the leg of packet i+4 and the port map slot of packet i+6
 * are on their way. With thousands of sessions the per-leg state is not in cache; a
 * steady few misses in flight per packet keep the memory system busy without the stalls
 * of prefetching a whole burst's legs at once (the core's miss buffers fill, and the
 * prefetches themselves wait). Only a hint: mc_classify checks everything again. */
#include "mc_dp.h"

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_prefetch.h>
#include <rte_udp.h>

#include "mc_session.h"

#define HDRS (sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv4_hdr) + \
	      sizeof(struct rte_udp_hdr))
/* Packets ahead of the one being handled, per stage. */
#define AHEAD_PEER 2
#define AHEAD_LEG 4
#define AHEAD_SLOT 6

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

/* What the input path reads or writes (struct mc_leg_dp): the leg's first two lines and
 * the per-packet line of its receive statistics. */
static inline void prefetch_leg(const struct mc_leg *leg)
{
	rte_prefetch0(leg);
	rte_prefetch0(&leg->dp.st.rx_packets);
	rte_prefetch0(&leg->dp.rtp);
}

void mc_burst_classify(struct mc_worker *w, uint16_t port, struct rte_mbuf **pkts,
		       uint16_t n)
{
	struct mc_leg **slots[MC_BURST];
	struct mc_leg *legs[MC_BURST];

	for (uint16_t i = 0; i < n; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	for (int i = 0; i < n + AHEAD_SLOT; i++) {
		int l = i - (AHEAD_SLOT - AHEAD_LEG), p = i - (AHEAD_SLOT - AHEAD_PEER);
		int now = i - AHEAD_SLOT;

		if (i < n) {
			slots[i] = slot_of(w, pkts[i]);
			if (slots[i])
				rte_prefetch0(slots[i]);
		}
		if (l >= 0 && l < n) {
			legs[l] = slots[l] ? *slots[l] : NULL;
			if (legs[l])
				prefetch_leg(legs[l]);
		}
		if (p >= 0 && p < n && legs[p] && legs[p]->peer)
			rte_prefetch0(legs[p]->peer);
		if (now >= 0) {
			struct rte_mbuf *m = pkts[now];

			w->st.rx_bytes += rte_pktmbuf_pkt_len(m);
			/* Not every PMD sets it (net_ring does not); classify needs it. */
			m->port = port;
			mc_classify(w, m);
		}
	}
}
