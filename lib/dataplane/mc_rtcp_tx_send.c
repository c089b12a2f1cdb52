/* Sending the terminated leg's RTCP: when its RFC 3550 timer expires (with
 * reconsideration), and a BYE at the end. The compound is built straight into a fresh
 * mbuf behind Ethernet/IPv4/UDP headers for the leg's RTCP destination (port + 1, or
 * the RTP port with rtcp-mux) and goes into the worker's tx buffer. */
#include "mc_rtcp_tx.h"

#include <rte_ip.h>
#include <rte_udp.h>

#include "mc_dp.h"
#include "mc_dp_pkt.h"

#define HDRS (sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv4_hdr) + \
	      sizeof(struct rte_udp_hdr))

static void headers(struct rte_mbuf *m, const struct mc_leg_dp *dp, int slot, uint16_t n)
{
	struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eh + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint16_t ck;

	rte_ether_addr_copy(&dp->remote_mac, &eh->dst_addr);
	rte_ether_addr_copy(&mc_dp.ports[slot].ifa.mac, &eh->src_addr);
	eh->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	*ip = (struct rte_ipv4_hdr){
		.version_ihl = RTE_IPV4_VHL_DEF,
		.total_length = rte_cpu_to_be_16((uint16_t)(sizeof(*ip) + sizeof(*udp) + n)),
		.fragment_offset = RTE_BE16(RTE_IPV4_HDR_DF_FLAG),
		.time_to_live = 64,
		.next_proto_id = IPPROTO_UDP,
		.src_addr = dp->local_ip,
		.dst_addr = dp->remote_ip,
	};
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16((uint16_t)(dp->local_port + (dp->rtcp_mux ? 0 : 1)));
	udp->dst_port = rte_cpu_to_be_16(dp->remote_rtcp_port);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(sizeof(*udp) + n));
	udp->dgram_cksum = 0;
	ck = rte_ipv4_udptcp_cksum(ip, udp);
	udp->dgram_cksum = ck ? ck : 0xffff;
}

/* The compound's length, or -1 when it could not go (no remote, neighbour or mbuf). */
static int send_compound(struct mc_worker *w, struct mc_leg *leg, bool bye)
{
	struct mc_leg_dp *dp = &leg->dp;
	int slot = mc_dp.port_slot[dp->eth_port];
	struct rte_mbuf *m;
	int n;

	if (dp->remote_ip == 0 || dp->remote_rtcp_port == 0 || !dp->send_ok) {
		dp->st.drops[MC_LEG_DROP_NO_REMOTE]++;
		return -1;
	}
	if (!dp->mac_valid) {
		dp->st.drops[MC_LEG_DROP_NO_NEIGHBOR]++;
		return -1;
	}
	m = rte_pktmbuf_alloc(mc_dp.pool);
	if (m == NULL) {
		w->st.drops[MC_DROP_NO_MBUF]++;
		return -1;
	}
	n = mc_rtcp_tx_build(leg, rte_pktmbuf_mtod_offset(m, uint8_t *, HDRS),
			     RTE_MIN((size_t)MC_RTCP_TX_MAX, rte_pktmbuf_tailroom(m) - HDRS),
			     w->now_us, bye);
	if (n < 0) {
		rte_pktmbuf_free(m);
		return -1;
	}
	rte_pktmbuf_append(m, (uint16_t)(HDRS + (size_t)n));
	headers(m, dp, slot, (uint16_t)n);
	m->port = dp->eth_port;
	dp->st.rtcp_tx++;
	mc_tx_leg_set(m, leg);
	w->st.tx_packets += rte_eth_tx_buffer(dp->eth_port, (uint16_t)w->index, w->txb[slot], m);
	return n;
}

unsigned mc_rtcp_tx_poll(struct mc_worker *w, struct mc_leg *leg, uint64_t now_tsc)
{
	struct mc_rtcp_tx_state *tx = &leg->q.tx;
	double now = (double)now_tsc / (double)w->tsc_hz;
	int n;

	if (!tx->on || tx->bye_sent || now < tx->timer.tn)
		return 0;
	/* Two members: the remote and us; senders: whoever sent RTP lately. */
	tx->timer.we_sent = tx->sent_rtp;
	mc_rtcp_timer_members(&tx->timer, now, 2,
			      (unsigned)tx->sent_rtp + (leg->dp.rtp.started ? 1u : 0u));
	if (!mc_rtcp_timer_expire(&tx->timer, now))
		return 0;
	n = send_compound(w, leg, false);
	/* A report that could not go still moves the timer: no retry storm. */
	mc_rtcp_timer_sent(&tx->timer, now, (n > 0 ? n : 0) + 28.0);
	tx->sent_rtp = false;
	if (n < 0)
		return 0;
	tx->reports++;
	return 1;
}

void mc_rtcp_tx_bye(struct mc_worker *w, struct mc_leg *leg)
{
	struct mc_rtcp_tx_state *tx = &leg->q.tx;

	if (!tx->on || tx->bye_sent)
		return;
	tx->bye_sent = true;
	if (send_compound(w, leg, true) > 0)
		tx->byes++;
}
