/* A transcoded packet: encoded straight into the payload position of a fresh mbuf, then
 * RTP, UDP, IPv4 and Ethernet headers written in front of it for the leg's remote. */
#include "mc_tc_priv.h"

#include <string.h>

#include <rte_cycles.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "mc_dp_pkt.h"
#include "mc_rtcp_tx.h"
#include "mc_rtp.h"
#include "mc_tevent.h"

#define MC_TC_HDRS (sizeof(struct rte_ether_hdr) + sizeof(struct rte_ipv4_hdr) + \
		    sizeof(struct rte_udp_hdr) + MC_RTP_HDR_LEN)

static void rtp_fields(uint8_t *r, uint8_t pt, bool mark, uint16_t seq_h, uint32_t ts_h,
		       uint32_t ssrc_h)
{
	r[0] = 0x80;
	r[1] = (uint8_t)(pt | (mark ? 0x80 : 0));
	rte_be16_t seq = rte_cpu_to_be_16(seq_h);
	rte_be32_t ts = rte_cpu_to_be_32(ts_h), ssrc = rte_cpu_to_be_32(ssrc_h);

	/* The RTP header sits at an odd 16-bit offset behind 42 bytes of headers. */
	memcpy(r + 2, &seq, 2);
	memcpy(r + 4, &ts, 4);
	memcpy(r + 8, &ssrc, 4);
}

static void rtp_header(uint8_t *r, const struct mc_tc *t, uint8_t pt, bool mark,
		       uint32_t ts_h)
{
	rtp_fields(r, pt, mark, t->seq, ts_h, t->ssrc);
}

static void net_headers(struct rte_mbuf *m, const struct mc_leg_dp *to, uint16_t udp_len)
{
	struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eh + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	int slot = mc_dp.port_slot[to->eth_port];

	rte_ether_addr_copy(&to->remote_mac, &eh->dst_addr);
	rte_ether_addr_copy(&mc_dp.ports[slot].ifa.mac, &eh->src_addr);
	eh->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->type_of_service = 0;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(sizeof(*ip) + udp_len));
	ip->packet_id = 0;
	ip->fragment_offset = RTE_BE16(RTE_IPV4_HDR_DF_FLAG);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = to->local_ip;
	ip->dst_addr = to->remote_ip;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16(to->local_port);
	udp->dst_port = rte_cpu_to_be_16(to->remote_port);
	udp->dgram_len = rte_cpu_to_be_16(udp_len);
	udp->dgram_cksum = 0;
	uint16_t ck = rte_ipv4_udptcp_cksum(ip, udp);

	udp->dgram_cksum = ck ? ck : 0xffff;
}

static bool can_send(struct mc_worker *w, struct mc_leg *to)
{
	const struct mc_leg_dp *d = &to->dp;
	enum mc_leg_drop ld;
	enum mc_drop_reason why;

	if (likely(d->send_ok && d->remote_ip && d->remote_port && d->mac_valid))
		return true;
	if (!d->send_ok) {
		ld = MC_LEG_DROP_DIRECTION;
		why = MC_DROP_DIRECTION;
	} else if (!d->mac_valid && d->remote_ip) {
		ld = MC_LEG_DROP_NO_NEIGHBOR;
		why = MC_DROP_NO_NEIGHBOR;
	} else {
		ld = MC_LEG_DROP_NO_REMOTE;
		why = MC_DROP_NO_REMOTE;
	}
	to->dp.st.drops[ld]++;
	w->st.drops[why]++;
	return false;
}

static void tx(struct mc_worker *w, struct mc_leg *to, struct rte_mbuf *m)
{
	int slot = mc_dp.port_slot[to->dp.eth_port];

	mc_tx_leg_set(m, to);
	w->st.tx_packets += rte_eth_tx_buffer(to->dp.eth_port, (uint16_t)w->index, w->txb[slot],
					      m);
}

void mc_tc_send(struct mc_worker *w, struct mc_leg *to, struct mc_tc *t,
		const int16_t *pcm)
{
	uint32_t ticks = mc_codec_rtp_ticks(t->enc, t->out_frame);
	struct rte_mbuf *m;
	uint8_t *d;
	int n;

	if (unlikely(!can_send(w, to))) {
		t->ts += ticks;
		t->mark = true;
		return;
	}
	m = rte_pktmbuf_alloc(mc_dp.pool);
	if (unlikely(m == NULL)) {
		w->st.drops[MC_DROP_NO_MBUF]++;
		t->ts += ticks;
		t->mark = true;
		return;
	}
	d = rte_pktmbuf_mtod(m, uint8_t *);
	uint64_t c0 = rte_rdtsc();

	n = mc_codec_encode(t->enc, pcm, t->out_frame, d + MC_TC_HDRS,
			    rte_pktmbuf_tailroom(m) - MC_TC_HDRS);
	to->dp.st.encode_cycles += rte_rdtsc() - c0;
	to->dp.st.encoded++;
	if (n <= 0) {   /* DTX: nothing this frame, time goes on */
		rte_pktmbuf_free(m);
		t->ts += ticks;
		t->mark = true;
		return;
	}
	rtp_header(d + MC_TC_HDRS - MC_RTP_HDR_LEN, t, t->p.out.pt, t->mark, t->ts);
	rte_pktmbuf_append(m, (uint16_t)(MC_TC_HDRS + (unsigned)n));
	net_headers(m, &to->dp, (uint16_t)(sizeof(struct rte_udp_hdr) + MC_RTP_HDR_LEN +
					  (unsigned)n));
	/* media-core is the RTP source towards this leg: its RTCP reports what went out. */
	mc_rtcp_tx_on_rtp_sent(to, t->ssrc, t->ts, (uint32_t)n, w->now_us);
	t->seq++;
	t->ts += ticks;
	t->mark = false;
	to->dp.st.tx_packets++;
	to->dp.st.tx_bytes += MC_RTP_HDR_LEN + (unsigned)n;
	tx(w, to, m);
}

bool mc_dp_send_event(struct mc_worker *w, struct mc_leg *to, uint8_t pt, bool marker,
		      uint16_t seq, uint32_t ts, uint32_t ssrc, const uint8_t *payload)
{
	struct rte_mbuf *m;
	uint8_t *d;

	if (unlikely(!can_send(w, to)))
		return false;
	m = rte_pktmbuf_alloc(mc_dp.pool);
	if (unlikely(m == NULL)) {
		w->st.drops[MC_DROP_NO_MBUF]++;
		return false;
	}
	d = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(MC_TC_HDRS + MC_TEVENT_LEN));
	memcpy(d + MC_TC_HDRS, payload, MC_TEVENT_LEN);
	rtp_fields(d + MC_TC_HDRS - MC_RTP_HDR_LEN, pt, marker, seq, ts, ssrc);
	net_headers(m, &to->dp, (uint16_t)(sizeof(struct rte_udp_hdr) + MC_RTP_HDR_LEN +
					  MC_TEVENT_LEN));
	to->dp.st.tx_packets++;
	to->dp.st.tx_bytes += MC_RTP_HDR_LEN + MC_TEVENT_LEN;
	tx(w, to, m);
	return true;
}

void mc_tc_send_event(struct mc_worker *w, struct mc_leg *to, struct mc_tc *t,
		      const uint8_t *payload, bool marker, uint32_t ts)
{
	if (mc_dp_send_event(w, to, t->p.out.tevent_pt, marker, t->seq, ts, t->ssrc, payload))
		t->seq++;
}
