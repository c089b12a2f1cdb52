/* One playout slot of a transcoded direction: decode, conceal or comfort noise ->
 * resample -> gather to the peer's packet time -> encode and send (mc_tc_tx.c). */
#include "mc_tc_priv.h"

#include <string.h>

#include <rte_cycles.h>

#include "mc_dp_pkt.h"
#include "mc_rtp.h"

/* How long a run of EMPTY slots is concealed, frame by frame: a loss burst together with
 * a packet late past the buffer leaves several slots in a row with nothing buffered, and
 * each is a frame B must get. Past it the sender is taken to have stopped (end of a
 * talkspurt without DTX signalling, hold, end of stream) and B gets no packets (the codec's
 * concealment has faded out by then). After the sender's BYE, the frame is silence. */
#define MC_TC_EMPTY_CONCEAL_MS 100

/* The jitter buffer's counters as leg counters that survive a jitter buffer swap. */
static void sync_stats(struct mc_tc *t, struct mc_leg_stats *st)
{
	const struct mc_jbuf_stats *js = &t->jb.st;

	st->jb_depth_ms = js->depth_ms;
	if (js->peak_ms > st->jb_peak_ms)
		st->jb_peak_ms = js->peak_ms;
	st->jb_late = t->base_late + js->late;
	st->jb_discarded = t->base_discarded + js->discarded;
}

void mc_tc_quiet(struct mc_tc *t, uint32_t in_units)
{
	uint32_t n = (uint32_t)((uint64_t)in_units * t->out_pcm_rate / t->in_rtp_rate);

	/* The output timestamp counts every sample of B's timeline, sent or not. */
	t->ts += mc_codec_rtp_ticks(t->enc, t->acc_n + n);
	t->acc_n = 0;
	t->mark = true;
}

static int conceal(struct mc_tc *t, struct mc_leg_stats *st, unsigned want)
{
	st->concealed++;
	return mc_codec_conceal(t->dec, t->pcm, want);
}

/* Opus in-band FEC: the packet that follows a lost frame carries it at a lower rate.
 * The buffer lends it by timestamp and keeps it for its own turn. */
static int recover(struct mc_tc *t, struct mc_leg_stats *st, const struct mc_jbuf_out *o,
		   unsigned want)
{
	const struct rte_mbuf *m = mc_jbuf_peek(&t->jb, o->ts + o->dur);
	struct mc_rtp_hdr_view v;
	const uint8_t *p;
	int n;

	if (m == NULL)
		return -1;
	p = rte_pktmbuf_mtod(m, const uint8_t *);
	if (mc_rtp_parse(p, rte_pktmbuf_data_len(m), &v) != MC_RTP_OK || v.pt != t->p.in.pt)
		return -1;
	n = mc_codec_decode_fec(t->dec, p + v.hdr_len, v.payload_len, t->pcm, want);
	if (n > 0)
		st->fec_recovered++;
	return n;
}

/* Silence signalled in band: a comfort noise payload, a G.729B SID, an Opus DTX frame. */
static bool is_silence(const struct mc_tc *t, uint8_t pt, uint32_t len)
{
	return pt == t->p.in.cn_pt ||
	       ((t->p.in.codec == MC_CODEC_OPUS || t->p.in.codec == MC_CODEC_G729) && len <= 2);
}

static int decode(struct mc_tc *t, struct mc_leg_stats *st, struct rte_mbuf *m,
		  unsigned want)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	struct mc_rtp_hdr_view v;
	int n = -1;

	if (mc_rtp_parse(p, rte_pktmbuf_data_len(m), &v) == MC_RTP_OK) {
		t->in_dtx = is_silence(t, v.pt, v.payload_len);
		if (v.pt == t->p.in.cn_pt) {
			struct mc_cn_sid sid;

			if (mc_cn_parse(p + v.hdr_len, v.payload_len, &sid) == 0)
				mc_cn_gen_update(&t->cn, &sid);
			mc_cn_gen_run(&t->cn, t->pcm, want);
			n = (int)want;
		} else {
			uint64_t c0 = rte_rdtsc();

			n = mc_codec_decode(t->dec, p + v.hdr_len, v.payload_len, t->pcm,
					    MC_TC_BUF_SAMPLES);
			st->decode_cycles += rte_rdtsc() - c0;
			st->decoded++;
		}
	}
	rte_pktmbuf_free(m);
	return n > 0 ? n : conceal(t, st, want);
}

/* PCM of one slot at the decoder's rate: the samples, 0 for nothing to play, -1 for the
 * sender's silence that B gets no packets for. */
static int produce(struct mc_tc *t, struct mc_leg_stats *st, struct rte_mbuf *m,
		   const struct mc_jbuf_out *o)
{
	unsigned want = (unsigned)((uint64_t)o->dur * t->in_pcm_rate / t->in_rtp_rate);

	if (want > MC_TC_BUF_SAMPLES)
		want = MC_TC_BUF_SAMPLES;
	t->empty_run = o->why == MC_JBUF_EMPTY ?
		       (uint8_t)(t->empty_run + (t->empty_run < 255)) : 0;
	if (o->why != MC_JBUF_EMPTY)
		t->quiet = false;
	switch (o->why) {
	case MC_JBUF_NOT_STARTED:
		return 0;
	case MC_JBUF_FRAME:
		if (m != NULL) {
			bool was_dtx = t->in_dtx;
			int n = decode(t, st, m, want);

			if (was_dtx && !t->in_dtx)
				t->mark = true;   /* talkspurt after the sender's silence */
			return n;
		}
		return conceal(t, st, want);
	case MC_JBUF_EMPTY:
		if (!t->in_dtx) {
			if (t->quiet)
				return -1;
			if (t->sender_ended) {
				/* One frame of silence pushes out what the resampler and
				 * the encoder still hold of the sender's last audio. */
				t->quiet = true;
				memset(t->pcm, 0, want * sizeof(*t->pcm));
				return (int)want;
			}
			t->quiet = t->empty_run > 1 &&
				   (uint32_t)t->empty_run * t->p.in.ptime > MC_TC_EMPTY_CONCEAL_MS;
			return t->quiet ? -1 : conceal(t, st, want);
		}
		/* a silent sender: comfort noise */
		__attribute__((fallthrough));
	case MC_JBUF_DTX:
		t->in_dtx = true;
		mc_cn_gen_run(&t->cn, t->pcm, want);
		return (int)want;
	case MC_JBUF_LOST:
		if (t->p.in.codec == MC_CODEC_OPUS) {
			int n = recover(t, st, o, want);

			if (n > 0) {
				st->concealed++;   /* lost all the same, but heard better */
				return n;
			}
		}
		return conceal(t, st, want);
	default: {  /* STRETCH: the buffer grows; nothing was lost */
		int n = mc_codec_conceal(t->dec, t->pcm, want);

		return n > 0 ? n : 0;
	}
	}
}

void mc_tc_slot(struct mc_worker *w, struct mc_leg *leg, void *handle,
		const struct mc_jbuf_out *o)
{
	struct mc_tc *t = leg->dp.tc;
	int r;

	/* A BYE not yet passed on: what is buffered is the sender's last audio. */
	t->sender_ended = leg->q.remote.bye_rx != t->bye_seen;
	r = produce(t, &leg->dp.st, handle, o);
	int16_t *in;
	unsigned n, off = 0;

	sync_stats(t, &leg->dp.st);
	if (r < 0)
		mc_tc_quiet(t, o->dur);
	if (r <= 0 || leg->peer == NULL)
		return;
	n = (unsigned)r;
	if ((in = mc_tc_audio_run(w, leg, t, &n)) == NULL)   /* DTMF det, AGC/NS, resampler */
		return;
	mc_tc_dtmf_audio(w, leg, t, in, n);
	if (t->acc_n + n > RTE_DIM(t->acc))   /* only with a packet far over its ptime */
		n = (unsigned)RTE_DIM(t->acc) - t->acc_n;
	memcpy(t->acc + t->acc_n, in, n * sizeof(*in));
	t->acc_n += n;
	for (; t->acc_n - off >= t->out_frame; off += t->out_frame)
		mc_tc_send(w, leg->peer, t, t->acc + off);
	if (off) {
		t->acc_n -= off;
		memmove(t->acc, t->acc + off, t->acc_n * sizeof(*t->acc));
	}
}
