/* Transcoding in the dataplane, in process: a tone generated here is encoded with
 * lib/codec into RTP packets that go into leg A through a net_ring port, the worker runs
 * on the fake clock (media tick included), and what leaves towards leg B is checked
 * header by header and decoded again with lib/codec: dominant frequency (Goertzel),
 * duration, sequence/timestamp continuity with the output codec's clock, SSRC, marker. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dp_harness.h"
#include "mc_codec.h"
#include "mc_dtmf.h"
#include "mc_tc.h"

#define IP_A ip4(10, 96, 0, 1)
#define IP_B ip4(10, 97, 0, 2)
#define SSRC_TO_B 0xa0a0a0a0u     /* media-core's SSRC towards B (leg A's direction) */
#define SSRC_TO_A 0xb0b0b0b0u
#define MAX_OUT 512
#define PCM_MAX (48000 * 12)      /* 12 s at the highest decode rate */
#define TONE_HZ 1000.0

struct side {
	enum mc_codec_id id;
	uint8_t pt;
	uint16_t ptime;
	const char *name;
	uint32_t rate;            /* RTP clock */
	uint8_t tevent;           /* telephone-event PT or MC_TC_NO_PT */
};

#define NO MC_TC_NO_PT
static const struct side PCMU20 = { MC_CODEC_PCMU, 0, 20, "PCMU", 8000, NO };
static const struct side PCMA20 = { MC_CODEC_PCMA, 8, 20, "PCMA", 8000, NO };
static const struct side OPUS20 = { MC_CODEC_OPUS, 111, 20, "opus", 48000, NO };
static const struct side PCMU60 = { MC_CODEC_PCMU, 0, 60, "PCMU", 8000, NO };
static const struct side G722_20 = { MC_CODEC_G722, 9, 20, "G722", 8000, NO };
static const struct side G722_60 = { MC_CODEC_G722, 9, 60, "G722", 8000, NO };
static const struct side PCMU20_TE = { MC_CODEC_PCMU, 0, 20, "PCMU", 8000, 101 };
static const struct side OPUS20_TE = { MC_CODEC_OPUS, 111, 20, "opus", 48000, 96 };

/* The sender on a leg's remote: a tone, encoded frame by frame. */
struct src {
	struct side sd;
	struct mc_codec *enc;
	unsigned pcm_rate, frame, pos;
	double amp, f1, f2;       /* the tone: one or two frequencies */
	uint16_t seq;
	uint32_t ts, ssrc, step;
};

/* The receiver on a leg's remote: every RTP packet media-core sent it, decoded. */
struct sink {
	unsigned n;
	uint16_t seq[MAX_OUT];
	uint32_t ts[MAX_OUT], ssrc[MAX_OUT];
	uint8_t pt[MAX_OUT], mark[MAX_OUT];
	size_t len[MAX_OUT];
	uint8_t ev_pt;            /* telephone-event: kept, not decoded */
	unsigned rtcp, byes;      /* RTCP compounds media-core sent, those with a BYE */
	uint8_t ev[MAX_OUT][4];
	struct mc_codec *dec;
	unsigned pcm_rate;
	int16_t *pcm;
	size_t n_pcm;
};

static uint8_t frame[1600], pkt[1500];

static const char *src_fmtp;     /* fmtp of the next sender's encoder */
static uint32_t jb_max_ms;       /* jitter buffer max of the next session (0: default) */

static struct mc_codec *codec(enum mc_codec_id id, unsigned rate)
{
	struct mc_codec_params p = { .id = id, .pcm_rate = rate, .channels = 1,
				     .fmtp = src_fmtp };
	char err[128];
	struct mc_codec *c = mc_codec_create(&p, err, sizeof(err));

	ck_assert_msg(c != NULL, "codec: %s", err);
	return c;
}

static void src_init(struct src *s, const struct side *sd, unsigned pcm_rate)
{
	memset(s, 0, sizeof(*s));
	s->sd = *sd;
	s->pcm_rate = pcm_rate;
	s->enc = codec(sd->id, pcm_rate);
	s->frame = pcm_rate / 1000 * sd->ptime;
	s->seq = 5000;
	s->ts = 77777;
	s->ssrc = 0x5eed0001;
	s->step = mc_codec_rtp_ticks(s->enc, s->frame);
	s->amp = 10000;
	s->f1 = TONE_HZ;
}

/* The next packet of the tone into buf (RTP); advances the sender. */
static size_t src_next(struct src *s, uint8_t *buf, bool marker)
{
	int16_t pcm[48 * 120];
	int n;

	for (unsigned i = 0; i < s->frame; i++, s->pos++)
		pcm[i] = (int16_t)(s->amp * (sin(2 * M_PI * s->f1 * s->pos / s->pcm_rate) +
					     sin(2 * M_PI * s->f2 * s->pos / s->pcm_rate)));
	buf[0] = 0x80;
	buf[1] = (uint8_t)(s->sd.pt | (marker ? 0x80 : 0));
	put16(buf + 2, s->seq);
	put32(buf + 4, s->ts);
	put32(buf + 8, s->ssrc);
	n = mc_codec_encode(s->enc, pcm, s->frame, buf + 12, 1400);
	ck_assert_int_gt(n, 0);
	s->seq++;
	s->ts += s->step;
	return 12 + (size_t)n;
}

/* The sender skips a frame (loss or silence): the tone and the clocks go on. */
static void src_skip(struct src *s, bool keep_seq)
{
	s->pos += s->frame;
	s->ts += s->step;
	if (!keep_seq)
		s->seq++;
}

static void inject(const struct mc_session *s, unsigned leg, const uint8_t *p, size_t n)
{
	const struct mc_leg *l = &s->legs[leg];
	struct h_udp u = {
		.src_mac = H_PEER_MAC[leg], .dst_mac = H_MAC[leg],
		.sip = leg ? IP_B : IP_A, .dip = l->dp.local_ip,
		.sport = leg ? 5004 : 40000, .dport = l->dp.local_port,
	};

	h_inject(leg, 0, frame, h_build_udp(frame, &u, p, n));
}

static void sink_init(struct sink *k, enum mc_codec_id id, unsigned pcm_rate)
{
	memset(k, 0, sizeof(*k));
	k->dec = codec(id, pcm_rate);
	k->pcm_rate = pcm_rate;
	k->ev_pt = MC_TC_NO_PT;
	k->pcm = calloc(PCM_MAX, sizeof(*k->pcm));
	ck_assert_ptr_nonnull(k->pcm);
}

static void sink_free(struct sink *k)
{
	mc_codec_destroy(k->dec);
	free(k->pcm);
}

/* Takes what was sent to leg `to`, checks the frame and decodes the payload. */
static void collect(struct sink *k, const struct mc_session *s, unsigned to)
{
	const struct mc_leg_dp *d = &s->legs[to].dp;
	struct rte_mbuf *m;
	size_t len;

	while ((m = h_take(to, s->worker)) != NULL) {
		if (get16(rte_pktmbuf_mtod(m, const uint8_t *) + 34) == d->local_port + 1) {
			const uint8_t *c = h_check_frame(m, H_MAC[to], H_PEER_MAC[to], d->local_ip,
							 d->remote_ip, d->local_port + 1,
							 d->remote_port + 1, false, &len);

			k->rtcp++;
			for (size_t off = 0; off + 4 <= len; off += 4u * (get16(c + off + 2) + 1u))
				k->byes += c[off + 1] == 203;
			rte_pktmbuf_free(m);
			continue;
		}
		ck_assert_msg(k->byes == 0, "RTP after the BYE");
		const uint8_t *r = h_check_frame(m, H_MAC[to], H_PEER_MAC[to], d->local_ip,
						 d->remote_ip, d->local_port, d->remote_port,
						 false, &len);

		ck_assert_uint_lt(k->n, MAX_OUT);
		ck_assert_uint_gt(len, 12);
		ck_assert_uint_eq(r[0], 0x80);
		k->pt[k->n] = r[1] & 0x7f;
		k->mark[k->n] = r[1] >> 7;
		k->seq[k->n] = get16(r + 2);
		k->ts[k->n] = get32(r + 4);
		k->ssrc[k->n] = get32(r + 8);
		k->len[k->n] = len - 12;
		if (k->pt[k->n] == k->ev_pt) {
			ck_assert_uint_eq(len, 16);
			memcpy(k->ev[k->n], r + 12, 4);
			k->n++;
			rte_pktmbuf_free(m);
			continue;
		}
		int n = mc_codec_decode(k->dec, r + 12, len - 12, k->pcm + k->n_pcm,
					(unsigned)(PCM_MAX - k->n_pcm));

		ck_assert_int_gt(n, 0);
		k->n_pcm += (size_t)n;
		k->n++;
		rte_pktmbuf_free(m);
	}
}

static double goertzel(const int16_t *x, size_t n, double f, double rate)
{
	double w = 2 * M_PI * f / rate, c = 2 * cos(w), s1 = 0, s2 = 0;

	for (size_t i = 0; i < n; i++) {
		double s0 = x[i] + c * s1 - s2;

		s2 = s1;
		s1 = s0;
	}
	return s1 * s1 + s2 * s2 - c * s1 * s2;
}

/* The strongest of 50 Hz steps over the telephone band, on the middle of the audio. */
static double dominant(const int16_t *x, size_t n, double rate)
{
	double best_f = 0, best = -1;

	ck_assert_uint_gt(n, rate / 5);
	x += (size_t)(rate / 10);
	n -= (size_t)(rate / 5);
	for (double f = 200; f <= 3400; f += 50) {
		double p = goertzel(x, n, f, rate);

		if (p > best) {
			best = p;
			best_f = f;
		}
	}
	return best_f;
}

static struct mc_tc *make_tc(const struct side *in, const struct side *out, bool jb,
			     uint32_t ssrc)
{
	struct mc_tc_params p = {
		.in = { .codec = in->id, .pt = in->pt, .cn_pt = 13, .ptime = in->ptime,
			.tevent_pt = in->tevent },
		.out = { .codec = out->id, .pt = out->pt, .cn_pt = 13, .ptime = out->ptime,
			 .tevent_pt = out->tevent },
		.jb_enabled = jb, .ssrc = ssrc, .seed = ssrc ^ 0x1234, .jb_max_ms = jb_max_ms,
	};
	char err[128];
	struct mc_tc *t = mc_tc_create(&p, err, sizeof(err));

	ck_assert_msg(t != NULL, "mc_tc_create: %s", err);
	return t;
}

static void set_leg(struct mc_leg *l, const struct side *sd)
{
	h_leg_codec(l, sd->name, sd->pt, sd->rate, sd->ptime, MC_PT_NONE);
}

static struct mc_session *live;   /* a failed test's session, removed by the next */

/* A transcoded session: leg A (port 0) speaks a, leg B (port 1) speaks b. */
static void tc_session(struct mc_session *s, const struct side *a, const struct side *b,
		       bool jb)
{
	if (live != NULL)
		h_cmd(live, MC_WCMD_DEL);
	live = s;
	h_reset();
	h_session_init(s, 1, 30000, 30002);
	s->mode = MC_MODE_TRANSCODE;
	set_leg(&s->legs[0], a);
	set_leg(&s->legs[1], b);
	s->legs[0].dp.tc = make_tc(a, b, jb, SSRC_TO_B);
	s->legs[1].dp.tc = make_tc(b, a, jb, SSRC_TO_A);
	ck_assert_int_eq(h_cmd(s, MC_WCMD_ADD), 0);
}

static void tc_end(struct mc_session *s)
{
	live = NULL;
	ck_assert_int_eq(h_cmd(s, MC_WCMD_DEL), 0);
	/* The control lcore's part: free after the DEL's ack. */
	mc_tc_destroy(s->legs[0].dp.tc);
	mc_tc_destroy(s->legs[1].dp.tc);
}

/* Sequence +1, timestamp + step, one SSRC, marker on the first packet only, from i0. */
static void check_stream(const struct sink *k, unsigned i0, uint32_t step, uint32_t ssrc,
			 uint8_t pt)
{
	for (unsigned i = i0; i < k->n; i++) {
		ck_assert_uint_eq(k->ssrc[i], ssrc);
		ck_assert_uint_eq(k->pt[i], pt);
		ck_assert_uint_eq(k->mark[i], i == 0);
		if (i > i0) {
			ck_assert_uint_eq((uint16_t)(k->seq[i] - k->seq[i - 1]), 1);
			ck_assert_uint_eq(k->ts[i] - k->ts[i - 1], step);
		}
	}
}

/* Sends n packets of src into leg `leg`, one per packet time, collecting leg `to`. */
static void stream(struct mc_session *s, struct src *src, unsigned leg, unsigned n,
		   struct sink *k, unsigned to)
{
	for (unsigned i = 0; i < n; i++) {
		size_t len = src_next(src, pkt, i == 0);

		inject(s, leg, pkt, len);
		h_run(src->sd.ptime);
		collect(k, s, to);
	}
}

/* The sender's RTCP at the end of its stream: RR + BYE, to the leg's RTCP port. */
static void send_bye(const struct mc_session *s, unsigned leg, uint32_t ssrc)
{
	const struct mc_leg *l = &s->legs[leg];
	uint8_t b[16] = { 0x80, 201, 0, 1, 0, 0, 0, 0, 0x81, 203, 0, 1 };
	struct h_udp u = {
		.src_mac = H_PEER_MAC[leg], .dst_mac = H_MAC[leg],
		.sip = leg ? IP_B : IP_A, .dip = l->dp.local_ip,
		.sport = leg ? 5005 : 40001, .dport = (uint16_t)(l->dp.local_port + 1),
	};

	put32(b + 4, ssrc);
	put32(b + 12, ssrc);
	h_inject(leg, 0, frame, h_build_udp(frame, &u, b, sizeof(b)));
}

/* Lets the jitter buffer play out what it holds. */
static void drain(struct mc_session *s, struct sink *k, unsigned to)
{
	for (unsigned i = 0; i < 30; i++) {
		h_run(10);
		collect(k, s, to);
	}
}

START_TEST(pcmu_to_opus)
{
	static struct mc_session s;
	struct src src;
	struct sink k;

	tc_session(&s, &PCMU20, &OPUS20, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	stream(&s, &src, 0, 50, &k, 1);
	send_bye(&s, 0, src.ssrc);
	drain(&s, &k, 1);
	/* 50 frames in; out, one more of silence that flushes the encoder's look-ahead (the
	 * BYE says the sender is done: nothing is concealed). */
	ck_assert_uint_eq(k.n, 51);
	check_stream(&k, 0, 960, SSRC_TO_B, 111);
	ck_assert_double_eq(dominant(k.pcm, k.n_pcm, 8000), TONE_HZ);
	ck_assert_uint_eq(s.legs[0].dp.st.decoded, 50);
	ck_assert_uint_eq(s.legs[0].dp.st.concealed, 0);
	/* and media-core passed the BYE on to B, once its audio had played out */
	ck_assert_uint_eq(k.byes, 1);
	ck_assert_uint_eq(s.legs[1].dp.st.encoded, k.n);
	ck_assert_uint_eq(s.legs[1].dp.st.tx_packets, k.n);
	ck_assert_uint_gt(s.legs[0].dp.st.decode_cycles, 0);
	ck_assert_uint_gt(s.legs[1].dp.st.encode_cycles, 0);
	ck_assert_uint_ge(s.legs[0].dp.st.jb_peak_ms, 20);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

START_TEST(opus_to_pcmu)
{
	static struct mc_session s;
	struct src src;
	struct sink k;

	tc_session(&s, &PCMU20, &OPUS20, true);
	src_init(&src, &OPUS20, 48000);
	sink_init(&k, MC_CODEC_PCMU, 8000);
	stream(&s, &src, 1, 50, &k, 0);
	drain(&s, &k, 0);
	/* No BYE: 100 ms of the silent end are concealed (it might be a loss burst), then B
	 * gets nothing. */
	ck_assert_uint_eq(k.n, 55);
	ck_assert_uint_eq(s.legs[1].dp.st.concealed, 5);
	check_stream(&k, 0, 160, SSRC_TO_A, 0);
	for (unsigned i = 0; i < k.n; i++)
		ck_assert_uint_eq(k.len[i], 160);
	ck_assert_double_eq(dominant(k.pcm, k.n_pcm, 8000), TONE_HZ);
	ck_assert_uint_eq(s.legs[1].dp.st.decoded, 50);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* PCMU at 20 ms in, G.722 at 60 ms out: three input frames per packet, resampled to
 * 16 kHz, timestamps on G.722's 8 kHz RTP clock (RFC 3551). */
START_TEST(ptime_20_to_60_g722)
{
	static struct mc_session s;
	struct src src;
	struct sink k;

	tc_session(&s, &PCMU20, &G722_60, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_G722, 16000);
	stream(&s, &src, 0, 60, &k, 1);
	send_bye(&s, 0, src.ssrc);
	drain(&s, &k, 1);
	/* 1200 ms in: 20 packets of 60 ms (the flush after the BYE is shorter than one). */
	ck_assert_uint_eq(k.n, 20);
	check_stream(&k, 0, 480, SSRC_TO_B, 9);
	for (unsigned i = 0; i < k.n; i++)
		ck_assert_uint_eq(k.len[i], 480);
	ck_assert_uint_eq(k.n_pcm, k.n * 960u);
	ck_assert_double_eq(dominant(k.pcm, k.n_pcm, 16000), TONE_HZ);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

START_TEST(loss_concealed_stream_continuous)
{
	static struct mc_session s;
	struct src src;
	struct sink k;

	tc_session(&s, &PCMU20, &OPUS20, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	for (unsigned i = 0; i < 90; i++) {
		if (i == 30 || i == 31 || i == 60) {
			src_skip(&src, false);
		} else {
			size_t len = src_next(&src, pkt, i == 0);

			inject(&s, 0, pkt, len);
		}
		h_run(20);
		collect(&k, &s, 1);
	}
	/* Still streaming: every slot so far gave a packet, three of them concealed. */
	ck_assert_uint_ge(k.n, 85);
	check_stream(&k, 0, 960, SSRC_TO_B, 111);
	ck_assert_uint_eq(s.legs[0].dp.st.concealed, 3);
	/* Every packet out is one decoded or one concealed frame; the rest is buffered. */
	ck_assert_uint_eq(s.legs[0].dp.st.decoded + 3, k.n);
	ck_assert_uint_le(s.legs[0].dp.st.decoded, 87);
	ck_assert_double_eq(dominant(k.pcm, k.n_pcm, 8000), TONE_HZ);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* Opus with in-band FEC in, one packet lost: the frame is rebuilt from the next
 * packet (counted as concealed and as FEC), the stream out stays continuous. */
START_TEST(opus_loss_uses_fec)
{
	static struct mc_session s;
	struct src src;
	struct sink k;

	tc_session(&s, &PCMU20, &OPUS20, true);
	src_fmtp = "useinbandfec=1";
	src_init(&src, &OPUS20, 8000);
	src_fmtp = NULL;
	sink_init(&k, MC_CODEC_PCMU, 8000);
	for (unsigned i = 0; i < 50; i++) {
		if (i == 25)
			src_skip(&src, false);
		else
			inject(&s, 1, pkt, src_next(&src, pkt, i == 0));
		h_run(20);
		collect(&k, &s, 0);
	}
	ck_assert_uint_ge(k.n, 45);
	check_stream(&k, 0, 160, SSRC_TO_A, 0);
	ck_assert_uint_eq(s.legs[1].dp.st.concealed, 1);
	ck_assert_uint_eq(s.legs[1].dp.st.fec_recovered, 1);
	ck_assert_double_eq(dominant(k.pcm, k.n_pcm, 8000), TONE_HZ);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* Issue 5: three packets lost in a row, so that two slots in a row find the buffer empty
 * (not a LOST slot: no later packet is buffered yet). Each frame is concealed and sent:
 * B's stream has no timestamp jump, and the leg counts exactly the three. */
START_TEST(loss_burst_empty_slots_concealed)
{
	static struct mc_session s;
	struct src src;
	struct sink k;

	tc_session(&s, &PCMU20, &OPUS20, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	for (unsigned i = 0; i < 80; i++) {
		if (i >= 30 && i < 33)
			src_skip(&src, false);
		else
			inject(&s, 0, pkt, src_next(&src, pkt, i == 0));
		h_run(20);
		collect(&k, &s, 1);
	}
	ck_assert_uint_ge(k.n, 75);
	check_stream(&k, 0, 960, SSRC_TO_B, 111);
	ck_assert_uint_eq(s.legs[0].dp.st.concealed, 3);
	ck_assert_uint_eq(s.legs[0].dp.st.decoded + 3, k.n);
	ck_assert_double_eq(dominant(k.pcm, k.n_pcm, 8000), TONE_HZ);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* PCMU 20 ms <-> 60 ms with the sender's BYE at the end: G.711 decoded and encoded again
 * is bit-exact, so every sample the sender sent comes out, to the last one (issue 5: the
 * last frame must not give way to the BYE's silence). */
static void bit_exact_to_the_end(const struct side *in, const struct side *out, unsigned n)
{
	static struct mc_session s;
	static int16_t ref[8000 * 4];
	struct src src;
	struct sink k, dec;
	size_t n_ref = 0;

	tc_session(&s, in, out, true);
	src_init(&src, in, 8000);
	sink_init(&k, MC_CODEC_PCMU, 8000);
	sink_init(&dec, MC_CODEC_PCMU, 8000);
	for (unsigned i = 0; i < n; i++) {
		size_t len = src_next(&src, pkt, i == 0);
		int r = mc_codec_decode(dec.dec, pkt + 12, len - 12, ref + n_ref, 8000);

		ck_assert_int_gt(r, 0);
		n_ref += (size_t)r;
		inject(&s, 0, pkt, len);
		if (i + 1 == n)   /* as ffmpeg ends: the BYE right behind the last packet */
			send_bye(&s, 0, src.ssrc);
		h_run(in->ptime);
		collect(&k, &s, 1);
	}
	drain(&s, &k, 1);
	ck_assert_uint_ge(k.n_pcm, n_ref);
	for (size_t i = 0; i < n_ref; i++)
		ck_assert_msg(k.pcm[i] == ref[i], "sample %zu of %zu: %d, sent %d", i, n_ref,
			      k.pcm[i], ref[i]);
	ck_assert_uint_eq(k.byes, 1);
	sink_free(&k);
	sink_free(&dec);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}

START_TEST(ptime_20_to_60_bit_exact_to_the_end)
{
	bit_exact_to_the_end(&PCMU20, &PCMU60, 60);
}
END_TEST

START_TEST(ptime_60_to_20_bit_exact_to_the_end)
{
	bit_exact_to_the_end(&PCMU60, &PCMU20, 20);
}
END_TEST

/* Issue 5: the sender pauses, then sends one last packet with its BYE right behind. The
 * packet waits its turn in the buffer (a talkspurt start) while the slots before it are
 * comfort noise: media-core must play it before passing the BYE on (B stops at the BYE),
 * not take the first slot without a packet for the end of the stream. */
START_TEST(bye_waits_for_the_buffered_last_frame)
{
	static struct mc_session s;
	struct src src;
	struct sink k;

	tc_session(&s, &PCMU20, &OPUS20, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	stream(&s, &src, 0, 25, &k, 1);
	for (unsigned i = 0; i < 10; i++) {
		src_skip(&src, true);
		h_run(20);
		collect(&k, &s, 1);
	}
	inject(&s, 0, pkt, src_next(&src, pkt, true));
	send_bye(&s, 0, src.ssrc);
	drain(&s, &k, 1);   /* collect() fails on RTP after the BYE */
	ck_assert_uint_eq(s.legs[0].dp.st.decoded, 26);
	ck_assert_uint_eq(k.byes, 1);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* Share of x's energy in the tone at f: 1 for a pure tone, less with noise or distortion. */
static double purity(const int16_t *x, size_t n, double f, double rate)
{
	double e = 0;

	for (size_t i = 0; i < n; i++)
		e += (double)x[i] * x[i];
	return e > 0 ? goertzel(x, n, f, rate) / (e * (double)n / 2) : 0;
}

/* Issue 5: G.722 in (its ADPCM decoder carries state from packet to packet). The path
 * gets 60 ms faster at once, so the buffer, 60 ms over its 40 ms maximum, drops packets
 * to come back within it. A dropped packet goes to the transcoder's drop callback, which
 * decodes it (audio discarded) and frees it: the tone after the drops is as clean as
 * before them. (spandsp's G.722 decoder resynchronises within
 * 10 ms on a tone, so this does not tell a skipped decode from a done one; the jbuf suite
 * checks that drops reach the callback.) */
START_TEST(dropped_g722_packet_still_decoded)
{
	static struct mc_session s;
	static uint8_t pk[160][256];
	static size_t pl[160];
	struct src src;
	struct sink k;
	unsigned next = 0;

	jb_max_ms = 40;
	tc_session(&s, &G722_20, &PCMU20, true);
	jb_max_ms = 0;
	src_init(&src, &G722_20, 16000);
	sink_init(&k, MC_CODEC_PCMU, 8000);
	for (unsigned i = 0; i < 160; i++)
		pl[i] = src_next(&src, pk[i], i == 0);
	for (unsigned j = 0; j < 160; j++) {
		/* packet i arrives at step i + 3 until 49, then on time (49..52 together) */
		for (; next < 160 && (next < 50 ? next + 3 : (next > 52 ? next : 52)) <= j; next++)
			inject(&s, 0, pk[next], pl[next]);
		h_run(20);
		collect(&k, &s, 1);
	}
	ck_assert_uint_ge(s.legs[0].dp.st.jb_discarded, 1);
	ck_assert_uint_eq(s.legs[0].dp.st.jb_late, 0);
	ck_assert_uint_ge(k.n_pcm, 8000u * 28 / 10);
	/* before the change (0.3..1 s) and well after it (1.6..2.8 s of output) */
	double before = purity(k.pcm + 2400, 5600, TONE_HZ, 8000);
	double after = purity(k.pcm + 12800, 9600, TONE_HZ, 8000);

	ck_assert_double_gt(before, 0.95);
	ck_assert_msg(after > 0.95, "tone purity %.3f after the drops (%.3f before)", after,
		      before);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* A packet held up 40 ms (past the buffer's depth): B's stream goes on concealed,
 * without a gap, a timestamp jump or a marker; the packet is counted late, and the
 * concealed frame is the one it should have been. */
START_TEST(jitter_spike_concealed)
{
	static struct mc_session s;
	static uint8_t held[1500];
	size_t held_len = 0;
	struct src src;
	struct sink k;

	tc_session(&s, &PCMU20, &OPUS20, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	for (unsigned i = 0; i < 60; i++) {
		size_t len = src_next(&src, pkt, i == 0);

		if (i == 30) {
			memcpy(held, pkt, len);
			held_len = len;
		} else {
			if (i == 32)
				inject(&s, 0, held, held_len);
			inject(&s, 0, pkt, len);
		}
		h_run(20);
		collect(&k, &s, 1);
	}
	ck_assert_uint_ge(k.n, 55);
	check_stream(&k, 0, 960, SSRC_TO_B, 111);
	ck_assert_uint_eq(s.legs[0].dp.st.concealed, 1);
	ck_assert_uint_eq(s.legs[0].dp.st.jb_late, 1);
	ck_assert_double_eq(dominant(k.pcm, k.n_pcm, 8000), TONE_HZ);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

START_TEST(reorder_within_depth_not_concealed)
{
	static struct mc_session s;
	static uint8_t held[1500];
	size_t held_len = 0;
	struct src src;
	struct sink k;

	tc_session(&s, &PCMU20, &OPUS20, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	for (unsigned i = 0; i < 80; i++) {
		size_t len = src_next(&src, pkt, i == 0);

		if (i % 10 == 4) {             /* held back, sent after its successor */
			memcpy(held, pkt, len);
			held_len = len;
		} else {
			inject(&s, 0, pkt, len);
			if (held_len) {
				inject(&s, 0, held, held_len);
				held_len = 0;
			}
		}
		h_run(20);
		collect(&k, &s, 1);
	}
	ck_assert_uint_ge(k.n, 75);
	check_stream(&k, 0, 960, SSRC_TO_B, 111);
	ck_assert_uint_eq(s.legs[0].dp.st.concealed, 0);
	ck_assert_uint_ge(s.legs[0].dp.rtp.out_of_order, 7);
	ck_assert_double_eq(dominant(k.pcm, k.n_pcm, 8000), TONE_HZ);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* Jitter buffer off: each packet is transcoded as it arrives, before any media tick
 * could have played it from a buffer. */
START_TEST(jitter_buffer_off_decodes_on_arrival)
{
	static struct mc_session s;
	struct src src;
	struct sink k;

	tc_session(&s, &PCMU20, &OPUS20, false);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	for (unsigned i = 0; i < 40; i++) {
		size_t len = src_next(&src, pkt, i == 0);

		inject(&s, 0, pkt, len);
		h_run(0);
		collect(&k, &s, 1);
		ck_assert_uint_eq(k.n, i + 1);
		h_run(12);
	}
	check_stream(&k, 0, 960, SSRC_TO_B, 111);
	ck_assert_double_eq(dominant(k.pcm, k.n_pcm, 8000), TONE_HZ);
	/* A lost packet: concealed when its successor arrives, stream continuous. */
	src_skip(&src, false);
	inject(&s, 0, pkt, src_next(&src, pkt, false));
	h_run(0);
	collect(&k, &s, 1);
	ck_assert_uint_eq(k.n, 42);
	check_stream(&k, 0, 960, SSRC_TO_B, 111);
	ck_assert_uint_eq(s.legs[0].dp.st.concealed, 1);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* UPDATE mid-stream: B moves from Opus to PCMA. The stream to B keeps its SSRC and
 * sequence, and the first PCMA packet's timestamp follows the last Opus packet's. */
START_TEST(codec_change_by_update)
{
	static struct mc_session s;
	static struct mc_leg_conf conf[2];
	static struct mc_leg_dp dp[2];
	struct mc_tc *old[2];
	struct src src;
	struct sink k, k2;

	tc_session(&s, &PCMU20, &OPUS20, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	sink_init(&k2, MC_CODEC_PCMA, 8000);
	stream(&s, &src, 0, 30, &k, 1);
	ck_assert_uint_ge(k.n, 25);
	for (unsigned i = 0; i < 2; i++) {
		conf[i] = s.legs[i].conf;
		dp[i] = s.legs[i].dp;
		old[i] = s.legs[i].dp.tc;
	}
	set_leg(&s.legs[1], &PCMA20);   /* the harness's leg copy is what update sends */
	conf[1] = s.legs[1].conf;
	dp[1].clock_rate = 8000;
	dp[0].tc = make_tc(&PCMU20, &PCMA20, true, 0x99);
	dp[1].tc = make_tc(&PCMA20, &PCMU20, true, 0x98);
	ck_assert_int_eq(h_update(&s, conf, dp), 0);
	ck_assert_ptr_eq(s.legs[0].dp.tc, dp[0].tc);
	mc_tc_destroy(old[0]);
	mc_tc_destroy(old[1]);
	for (unsigned i = 0; i < 30; i++) {
		inject(&s, 0, pkt, src_next(&src, pkt, false));
		h_run(20);
		collect(&k2, &s, 1);
	}
	ck_assert_uint_ge(k2.n, 28);
	/* Same stream: SSRC of the first state, sequence and timestamp continue. */
	ck_assert_uint_eq(k2.ssrc[0], SSRC_TO_B);
	ck_assert_uint_eq((uint16_t)(k2.seq[0] - k.seq[k.n - 1]), 1);
	ck_assert_uint_eq(k2.ts[0] - k.ts[k.n - 1], 960);
	ck_assert_uint_eq(k2.mark[0], 0);
	for (unsigned i = 1; i < k2.n; i++) {
		ck_assert_uint_eq(k2.pt[i], 8);
		ck_assert_uint_eq(k2.ts[i] - k2.ts[i - 1], 160);
		ck_assert_uint_eq((uint16_t)(k2.seq[i] - k2.seq[i - 1]), 1);
		ck_assert_uint_eq(k2.ssrc[i], SSRC_TO_B);
	}
	ck_assert_uint_eq(s.legs[0].dp.st.concealed, 0);
	ck_assert_double_eq(dominant(k2.pcm, k2.n_pcm, 8000), TONE_HZ);
	sink_free(&k);
	sink_free(&k2);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* The sender pauses 400 ms (timestamps jump, sequence does not): the output timestamps
 * follow the audio timeline exactly and the talkspurt after the pause is marked. */
START_TEST(dtx_gap_timestamps)
{
	static struct mc_session s;
	struct src src;
	struct sink k;
	unsigned resume = 0;

	tc_session(&s, &PCMU20, &OPUS20, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	stream(&s, &src, 0, 25, &k, 1);
	for (unsigned i = 0; i < 20; i++) {
		src_skip(&src, true);
		h_run(20);
		collect(&k, &s, 1);
	}
	for (unsigned i = 0; i < 25; i++) {
		inject(&s, 0, pkt, src_next(&src, pkt, i == 0));
		h_run(20);
		collect(&k, &s, 1);
	}
	send_bye(&s, 0, src.ssrc);
	drain(&s, &k, 1);
	ck_assert_uint_ge(k.n, 50);
	for (unsigned i = 1; i < k.n; i++) {
		uint32_t d = k.ts[i] - k.ts[i - 1];

		ck_assert_uint_eq((uint16_t)(k.seq[i] - k.seq[i - 1]), 1);
		ck_assert_uint_eq(d % 960, 0);
		ck_assert_uint_ge(d, 960);
		ck_assert_uint_le(d, 960 * 21);
		if (d > 960) {
			ck_assert_uint_eq(k.mark[i], 1);
			resume = i;
		}
	}
	/* Whole timeline: 25 + 20 + 25 frames, and the flush after the BYE. */
	uint32_t span = k.ts[k.n - 1] - k.ts[0] + 960;

	ck_assert_uint_eq(span, 71 * 960);
	ck_assert_uint_gt(resume, 0);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* RFC 4733 packet of the sender's stream (it shares the audio's sequence numbers). */
static void send_event(struct mc_session *s, unsigned leg, struct src *src, uint8_t pt,
		       uint32_t ts, uint8_t ev, bool marker, bool end, uint16_t dur)
{
	uint8_t b[16];

	b[0] = 0x80;
	b[1] = (uint8_t)(pt | (marker ? 0x80 : 0));
	put16(b + 2, src->seq++);
	put32(b + 4, ts);
	put32(b + 8, src->ssrc);
	b[12] = ev;
	b[13] = (uint8_t)((end ? 0x80 : 0) | 10);
	put16(b + 14, dur);
	inject(s, leg, b, 16);
}

/* Events on both legs: renumbered, on B's clock and timeline, in B's stream. */
START_TEST(dtmf_events_renumbered)
{
	static const uint16_t durs[] = { 160, 320, 480, 640, 640, 640 };
	static struct mc_session s;
	struct src src;
	struct sink k;
	unsigned nev = 0, first_ev = 0;
	uint32_t ev_ts = 0;

	tc_session(&s, &PCMU20_TE, &OPUS20_TE, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	k.ev_pt = 96;
	for (unsigned i = 0; i < 40; i++) {
		uint32_t ts = src.ts;

		inject(&s, 0, pkt, src_next(&src, pkt, i == 0));
		if (i >= 10 && i < 16)
			send_event(&s, 0, &src, 101, 77777 + 10 * 160, 5, i == 10, i >= 13,
				   durs[i - 10]);
		(void)ts;
		h_run(20);
		collect(&k, &s, 1);
	}
	for (unsigned i = 0; i < k.n; i++) {
		ck_assert_uint_eq(k.ssrc[i], SSRC_TO_B);
		if (i)
			ck_assert_uint_eq((uint16_t)(k.seq[i] - k.seq[i - 1]), 1);
		if (k.pt[i] != 96)
			continue;
		if (nev == 0) {
			first_ev = i;
			ev_ts = k.ts[i];
		}
		ck_assert_uint_eq(k.ts[i], ev_ts);
		ck_assert_uint_eq(k.mark[i], nev == 0);
		ck_assert_uint_eq(k.ev[i][0], 5);
		ck_assert_uint_eq(k.ev[i][1] >> 7, nev >= 3);
		ck_assert_uint_eq(get16(k.ev[i] + 2), durs[nev] * 6u);   /* 8 kHz -> 48 kHz */
		nev++;
	}
	ck_assert_uint_eq(nev, 6);
	/* The event starts where B's audio is: right after the audio packet before it. */
	ck_assert_uint_gt(first_ev, 0);
	ck_assert_uint_eq(k.pt[first_ev - 1], 111);
	ck_assert_uint_eq(ev_ts, k.ts[first_ev - 1] + 960);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* Events from A, B without telephone-event: B hears the digit (spandsp's detector). */
START_TEST(dtmf_events_to_tones)
{
	static struct mc_session s;
	struct mc_dtmf_event ev[8];
	struct mc_dtmf_det *det;
	struct src src;
	struct sink k;
	char err[128];
	int n;

	tc_session(&s, &PCMU20_TE, &OPUS20, true);
	src_init(&src, &PCMU20, 8000);
	src.amp = 0;
	sink_init(&k, MC_CODEC_OPUS, 8000);
	for (unsigned i = 0; i < 40; i++) {
		inject(&s, 0, pkt, src_next(&src, pkt, i == 0));
		if (i >= 10 && i < 23)
			send_event(&s, 0, &src, 101, 77777 + 10 * 160, 8, i == 10, i >= 20,
				   (uint16_t)(160 * (i < 20 ? i - 9 : 10)));
		h_run(20);
		collect(&k, &s, 1);
	}
	drain(&s, &k, 1);
	det = mc_dtmf_det_create(8000, (unsigned)k.n_pcm, err, sizeof(err));
	ck_assert_ptr_nonnull(det);
	n = mc_dtmf_det_process(det, k.pcm, (unsigned)k.n_pcm, ev, 8);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(ev[1].kind, MC_DTMF_DIGIT_END);
	ck_assert_int_eq(ev[1].digit, '8');
	ck_assert_uint_ge(ev[1].duration_ms, 170);
	ck_assert_uint_le(ev[1].duration_ms, 230);
	mc_dtmf_det_destroy(det);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

/* A tone from A, B with telephone-event: B gets the digit as RFC 4733 events. */
START_TEST(dtmf_tones_to_events)
{
	static struct mc_session s;
	struct src src;
	struct sink k;
	unsigned starts = 0, ends = 0;
	uint32_t ev_ts = 0;

	tc_session(&s, &PCMU20, &OPUS20_TE, true);
	src_init(&src, &PCMU20, 8000);
	sink_init(&k, MC_CODEC_OPUS, 8000);
	k.ev_pt = 96;
	for (unsigned i = 0; i < 40; i++) {
		bool digit = i >= 10 && i < 18;    /* '3' for 160 ms */

		src.amp = digit ? 6000 : 0;
		src.f1 = 697;
		src.f2 = 1477;
		inject(&s, 0, pkt, src_next(&src, pkt, i == 0));
		h_run(20);
		collect(&k, &s, 1);
	}
	drain(&s, &k, 1);
	for (unsigned i = 0; i < k.n; i++) {
		if (i)
			ck_assert_uint_eq((uint16_t)(k.seq[i] - k.seq[i - 1]), 1);
		if (k.pt[i] != 96)
			continue;
		ck_assert_uint_eq(k.ev[i][0], 3);
		if (starts + ends == 0)
			ev_ts = k.ts[i];
		ck_assert_uint_eq(k.ts[i], ev_ts);
		starts += k.mark[i];
		if (k.ev[i][1] >> 7) {
			ends++;
			/* 160 ms at 48 kHz, within the detector's resolution */
			ck_assert_uint_ge(get16(k.ev[i] + 2), 48 * 120);
			ck_assert_uint_le(get16(k.ev[i] + 2), 48 * 200);
		}
	}
	ck_assert_uint_eq(starts, 1);
	ck_assert_uint_eq(ends, 3);
	sink_free(&k);
	mc_codec_destroy(src.enc);
	tc_end(&s);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("dataplane");
	TCase *tc = tcase_create("transcode");
	SRunner *sr;
	int failed;

	h_setup();
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, pcmu_to_opus);
	tcase_add_test(tc, opus_to_pcmu);
	tcase_add_test(tc, ptime_20_to_60_g722);
	tcase_add_test(tc, loss_concealed_stream_continuous);
	tcase_add_test(tc, opus_loss_uses_fec);
	tcase_add_test(tc, ptime_20_to_60_bit_exact_to_the_end);
	tcase_add_test(tc, ptime_60_to_20_bit_exact_to_the_end);
	tcase_add_test(tc, bye_waits_for_the_buffered_last_frame);
	tcase_add_test(tc, loss_burst_empty_slots_concealed);
	tcase_add_test(tc, dropped_g722_packet_still_decoded);
	tcase_add_test(tc, jitter_spike_concealed);
	tcase_add_test(tc, reorder_within_depth_not_concealed);
	tcase_add_test(tc, jitter_buffer_off_decodes_on_arrival);
	tcase_add_test(tc, codec_change_by_update);
	tcase_add_test(tc, dtx_gap_timestamps);
	tcase_add_test(tc, dtmf_events_renumbered);
	tcase_add_test(tc, dtmf_events_to_tones);
	tcase_add_test(tc, dtmf_tones_to_events);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
