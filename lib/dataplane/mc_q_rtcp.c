/* Reading the remote's RTCP on the worker: relayed RTCP is only read (the relay sends
 * the bytes on unchanged), terminated legs' RTCP ends here. The compound was validated
 * (mc_rtcp_validate), so every length met below is inside the packet. */
#include "mc_q.h"

#include "mc_rtcp.h"
#include "mc_rtcp_xr.h"
#include "mc_rtp_be.h"

/* The SSRC of the stream media-core sends to leg's remote: its report blocks about it
 * are the remote's view of this leg. 0 when not known yet. */
static uint32_t our_ssrc(const struct mc_leg *leg)
{
	if (leg->session->mode == MC_MODE_TRANSCODE)
		return leg->q.tx.ssrc;
	if (leg->dp.rewrite)
		return leg->dp.rw.out_ssrc;
	return leg->peer ? leg->peer->dp.rtp.ssrc : 0;
}

static void rtt(struct mc_leg_remote_view *r, const struct mc_leg_quality *q, uint32_t lsr,
		uint32_t dlsr, uint64_t now_us)
{
	for (unsigned i = 0; i < MC_Q_SR_HIST; i++) {
		const struct mc_q_sr *e = &q->sr[i];
		int64_t us;

		if (e->mid32 != lsr || e->us == 0)
			continue;
		us = (int64_t)(now_us - e->us) - (int64_t)((uint64_t)dlsr * 1000000 / 65536);
		if (us < 0)      /* the remote's clock or DLSR is off: no sample */
			return;
		r->rtt_ms = us / 1000.0;
		if (r->rtt_samples == 0 || r->rtt_ms < r->rtt_min_ms)
			r->rtt_min_ms = r->rtt_ms;
		if (r->rtt_samples == 0 || r->rtt_ms > r->rtt_max_ms)
			r->rtt_max_ms = r->rtt_ms;
		r->rtt_samples++;
		return;
	}
}

static void blocks(struct mc_leg *leg, const uint8_t *b, unsigned n, uint64_t now_us)
{
	struct mc_leg_remote_view *r = &leg->q.remote;
	uint32_t ours = our_ssrc(leg);

	for (unsigned i = 0; i < n; i++, b += MC_RTCP_RB_LEN) {
		/* Before we know our SSRC, a lone block can only be about us. */
		if (mc_rd32(b) != ours && !(ours == 0 && n == 1))
			continue;
		r->reports++;
		r->fraction_lost = b[4];
		r->cum_lost = (int32_t)(mc_rd32(b + 4) << 8) / 256;
		r->ext_high_seq = mc_rd32(b + 8);
		r->jitter = mc_rd32(b + 12);
		r->jitter_ms = leg->dp.clock_rate ? r->jitter * 1000.0 / leg->dp.clock_rate : 0;
		if (mc_rd32(b + 16) != 0)
			rtt(r, &leg->q, mc_rd32(b + 16), mc_rd32(b + 20), now_us);
	}
}

static void sender_report(struct mc_leg *leg, const uint8_t *h, uint64_t now_us)
{
	uint64_t ntp = (uint64_t)mc_rd32(h + 8) << 32 | mc_rd32(h + 12);

	leg->q.remote.sr_rx++;
	mc_rtp_stats_on_sr(&leg->dp.rtp, ntp, now_us);
	/* Relayed, the SR reaches the peer's remote, whose reports will echo it. */
	if (leg->session->mode != MC_MODE_TRANSCODE && leg->peer)
		mc_q_sr_sent(leg->peer, ntp, now_us);
}

static void xr(struct mc_leg *leg, const uint8_t *h, size_t len)
{
	struct mc_rtcp_xr_info info;

	if (mc_rtcp_xr_parse(h, len, &info) != MC_XR_OK)
		return;
	leg->q.remote.xr_rx++;
	if (info.n_voip)
		leg->q.remote.xr = info.voip[0];
}

void mc_q_rtcp_read(struct mc_leg *leg, const uint8_t *p, uint16_t len, uint64_t now_us)
{
	for (size_t off = 0, plen; off < len; off += plen) {
		const uint8_t *h = p + off;
		unsigned count = h[0] & 0x1f;

		plen = 4 * ((size_t)mc_rd16(h + 2) + 1);
		switch (h[1]) {
		case MC_RTCP_SR:
			sender_report(leg, h, now_us);
			blocks(leg, h + MC_RTCP_SR_LEN, count, now_us);
			break;
		case MC_RTCP_RR:
			blocks(leg, h + MC_RTCP_RR_LEN, count, now_us);
			break;
		case MC_RTCP_BYE:
			leg->q.remote.bye_rx++;
			break;
		case MC_RTCP_XR:
			xr(leg, h, plen);
			break;
		default:        /* SDES, APP, feedback: nothing quality needs */
			break;
		}
	}
}

void mc_q_sr_sent(struct mc_leg *leg, uint64_t ntp, uint64_t now_us)
{
	struct mc_q_sr *e = &leg->q.sr[leg->q.sr_pos++ % MC_Q_SR_HIST];

	e->mid32 = (uint32_t)(ntp >> 16);
	e->us = now_us ? now_us : 1;
}

uint64_t mc_q_ntp(uint64_t now_us)
{
	uint64_t us = now_us + mc_q_conf.ntp_offset_us;

	return (us / 1000000) << 32 | ((us % 1000000) << 32) / 1000000;
}
