/* Transcoded RTP in: the mbuf itself goes into the jitter buffer, trimmed to its RTP
 * packet (no copy); with the buffer off it is decoded at once. */
#include "mc_tc_priv.h"

#include "mc_dp_pkt.h"
#include "mc_rtp.h"

/* A burst of loss longer than this is not concealed frame by frame (decode on arrival):
 * the rest counts as silence. */
#define MC_TC_MAX_CONCEAL 8

uint32_t mc_tc_now_ts(const struct mc_worker *w, const struct mc_tc *t)
{
	return (uint32_t)(w->now_us * t->in_rtp_rate / 1000000u);
}

void mc_tc_drop_decode(void *ctx, void *handle)
{
	struct mc_tc *t = ctx;
	struct rte_mbuf *m = handle;
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	struct mc_rtp_hdr_view v;

	/* Into the slot's scratch PCM: the slot's own audio is produced after the get. */
	if (mc_rtp_parse(p, rte_pktmbuf_data_len(m), &v) == MC_RTP_OK && v.pt == t->p.in.pt)
		mc_codec_decode(t->dec, p + v.hdr_len, v.payload_len, t->pcm, MC_TC_BUF_SAMPLES);
	rte_pktmbuf_free(m);
}

/* RTP units of audio in a payload when the codec says it by size alone. */
static uint32_t duration(const struct mc_tc *t, uint32_t len)
{
	switch (t->p.in.codec) {
	case MC_CODEC_PCMU:
	case MC_CODEC_PCMA:
	case MC_CODEC_G722:     /* 8 kHz RTP clock, 2 samples of 16 kHz per byte */
		return len;
	default:
		return 0;       /* the jitter buffer's frame: the leg's ptime */
	}
}

/* Decode on arrival: the buffer only orders, drops duplicates and late packets, and says
 * how many sequence numbers were skipped; a timestamp gap beyond them is the sender's
 * silence. */
static void on_arrival(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t)
{
	struct mc_jbuf_out o;
	void *h = mc_jbuf_get(&t->jb, mc_tc_now_ts(w, t), &o);
	uint32_t frame = t->jb.p.frame_ts, skipped = 0;

	if (h == NULL)
		return;
	for (unsigned i = 0; i < o.lost_before && i < MC_TC_MAX_CONCEAL; i++) {
		struct mc_jbuf_out lost = { .why = MC_JBUF_LOST, .dur = frame };

		mc_tc_slot(w, leg, NULL, &lost);
		skipped += frame;
	}
	if (t->seq_started) {
		int32_t gap = (int32_t)(o.ts - t->next_in_ts - skipped);

		if (gap > 0 && (uint32_t)gap < t->in_rtp_rate * 10u)
			mc_tc_quiet(t, (uint32_t)gap);
	}
	t->seq_started = true;
	t->next_in_ts = o.ts + o.dur;
	mc_tc_slot(w, leg, h, &o);
}

void mc_tc_input(struct mc_worker *w, struct mc_leg *leg, struct mc_pkt *pk,
		 const struct mc_rtp_hdr_view *v)
{
	struct mc_tc *t = leg->dp.tc;
	struct rte_mbuf *m = pk->m;
	struct mc_jbuf_pkt jp = { .handle = m, .ssrc = v->ssrc, .ts = v->ts, .seq = v->seq,
				  .marker = v->marker };

	if (unlikely(v->pt != t->p.in.pt && v->pt != t->p.in.cn_pt)) {
		if (v->pt == t->p.in.tevent_pt && t->dtmf != MC_TC_DTMF_NONE) {
			/* Events bypass the jitter buffer: they carry their own timing. */
			mc_tc_dtmf_event(w, leg, t, pk->pl + v->hdr_len, v->payload_len, v);
			rte_pktmbuf_free(m);
			return;
		}
		mc_leg_drop(w, leg, m, MC_LEG_DROP_PAYLOAD_TYPE, MC_DROP_PAYLOAD_TYPE);
		return;
	}
	if (v->pt == t->p.in.pt)
		jp.dur = duration(t, v->payload_len);
	rte_pktmbuf_adj(m, (uint16_t)(pk->pl - rte_pktmbuf_mtod(m, uint8_t *)));
	rte_pktmbuf_trim(m, (uint16_t)(rte_pktmbuf_pkt_len(m) - pk->pl_len));
	mc_jbuf_put(&t->jb, &jp, mc_tc_now_ts(w, t));
	if (!t->p.jb_enabled)
		on_arrival(w, leg, t);
}
