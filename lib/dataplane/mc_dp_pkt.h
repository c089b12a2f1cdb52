/* Internal to lib/dataplane: a classified media packet as the RTP/RTCP input and relay
 * stages see it. Pointers into the mbuf's first segment; lengths already checked. */
#ifndef MC_DP_PKT_H
#define MC_DP_PKT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "mc_dp.h"
#include "mc_session.h"

struct mc_pkt {
	struct rte_mbuf *m;
	struct rte_ether_hdr *eh;
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;
	uint8_t *pl;            /* UDP payload: RTP or RTCP */
	uint16_t pl_len;
	uint16_t ihl;           /* IPv4 header length in bytes (options included) */
};

/* Drops a packet that reached a leg: counted on the leg and in the engine totals. */
static inline void mc_leg_drop(struct mc_worker *w, struct mc_leg *leg, struct rte_mbuf *m,
			       enum mc_leg_drop ld, enum mc_drop_reason why)
{
	leg->dp.st.drops[ld]++;
	mc_worker_drop(w, m, why);
}

/* RTP/RTCP arriving on one of leg's ports (mc_rtp_in.c, mc_rtcp_in.c). */
void mc_rtp_input(struct mc_worker *w, struct mc_leg *leg, struct mc_pkt *pk);
void mc_rtcp_input(struct mc_worker *w, struct mc_leg *leg, struct mc_pkt *pk);

/* Ones' complement sum of n bytes (n even, p at an even offset from the UDP header). */
static inline uint32_t mc_csum_part(const void *p, size_t n)
{
	return rte_raw_cksum(p, n);
}

/* RFC 1624 terms (~old + new) of a field changed from old to new, both as they are
 * stored in the packet, for a 16- and a 32-bit field. Computed from registers: reading
 * back a header just written stalls on store forwarding. */
static inline uint32_t mc_csum_replace16(uint16_t old, uint16_t new)
{
	return (uint32_t)(uint16_t)~old + new;
}

static inline uint32_t mc_csum_replace32(uint32_t old, uint32_t new)
{
	return (~old & 0xffff) + (~old >> 16) + (new & 0xffff) + (new >> 16);
}

/* A 32-bit ones' complement sum folded to 16 bits. */
static inline uint16_t mc_csum_fold(uint32_t s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* Rewrites Ethernet/IPv4/UDP of pk in place for sending to leg `to` (from its local
 * address, sport, to its remote address, dport) and queues it on to's port. The UDP
 * checksum, when the packet had one, is updated by RFC 1624 from csum_delta (the caller's
 * own changes: ~old + new over the payload words it rewrote) plus the address and port
 * changes, or recomputed over the whole datagram when full_csum. */
void mc_relay_out(struct mc_worker *w, struct mc_leg_dp *to, struct mc_pkt *pk,
		  uint16_t sport, uint16_t dport, uint32_t csum_delta, bool full_csum);

#endif
