/* Transcoding with G.722 on one leg, in process (dp_harness): what is particular to it.
 *
 * 1. Decode-on-drop (issue 5), judged by the audio. G.722 is ADPCM: its decoder's predictor
 * and step size follow every code it decodes, so a packet the jitter buffer skips to
 * shrink (mc_jbuf drop callback, mc_tc_drop_decode) must still be decoded, or the
 * packets after it decode against the wrong state until the decoder has adapted again.
 *
 * G.722 20 ms in on leg A, PCMU 20 ms out on leg B. What B gets is compared, frame by
 * frame, with a reference: the same packets, every one of them decoded by a fresh G.722
 * decoder, resampled 16 -> 8 kHz the way the transcoder does (mc_resampler, default
 * quality) and put through G.711 u-law. The resampler is a FIR filter and u-law has no
 * state, so once the transcoder's decoder is in step with the reference's, a frame B
 * gets is the reference frame bit for bit (shifted by the frames skipped); only the
 * frames where the audio is spliced (the resampler's filter spans the skip) differ.
 *
 * The signal is voiced (harmonics of a gliding pitch), not a tone: on a steady tone
 * spandsp's G.722 decoder re-adapts within a few ms and hides a skipped decode, as the
 * dropped_g722_packet_still_decoded test in test_tc.c says of itself (it passes with
 * the decode stubbed out; this one does not). Measured: with mc_tc_drop_decode, 2 packets
 * skipped, 2 frames off the reference (the splice), the other 154 bit-exact; with its
 * decode stubbed out (packet only freed), 20 frames off, the 300 ms after the splice at
 * 10 to 34 dB SNR against the reference.
 *
 * 2. In-band DTMF from a PCMU leg to a G.722 leg: the detector works on the decoded 8 kHz
 * PCM, before it is resampled to G.722's 16 kHz (mc_tc_dtmf_detect, t->det_early). The
 * digit is reported; with telephone-event on B it goes to B as RFC 4733 events and the
 * tone is muted in B's audio, without it the tone stays in B's audio. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_harness.h"
#include "mc_codec.h"
#include "mc_resample.h"
#include "mc_tc.h"

#define IP_A ip4(10, 96, 0, 1)
#define IP_B ip4(10, 97, 0, 2)
#define NPKT 160
#define IN_FRAME 320              /* 20 ms at 16 kHz (G.722's PCM rate) */
#define OUT_FRAME 160             /* 20 ms at 8 kHz (PCMU) */
#define MAX_SHIFT 8               /* reference frames B may be ahead by (skipped frames) */

static uint8_t frame[1600];
static uint8_t pk[NPKT][12 + IN_FRAME / 2];
static int16_t ref[NPKT * OUT_FRAME];        /* reference, as B would hear it */
static int16_t out[(NPKT + 8) * OUT_FRAME];  /* what B got, decoded */
static size_t n_out;

static struct mc_codec *codec(enum mc_codec_id id, unsigned rate)
{
	struct mc_codec_params p = { .id = id, .pcm_rate = rate, .channels = 1 };
	char err[128];
	struct mc_codec *c = mc_codec_create(&p, err, sizeof(err));

	ck_assert_msg(c != NULL, "codec: %s", err);
	return c;
}

/* Harmonics of a pitch gliding 110..190 Hz, falling off as 1/h: speech-like. */
static void voiced(int16_t *x, unsigned n, unsigned pos)
{
	static double ph[24];

	for (unsigned i = 0; i < n; i++) {
		double t = (double)(pos + i) / 16000, f0 = 150 + 40 * sin(2 * M_PI * 0.7 * t);
		double s = 0;

		for (unsigned h = 1; h <= 24; h++) {
			ph[h - 1] += 2 * M_PI * h * f0 / 16000;
			if (h * f0 < 7000)
				s += sin(ph[h - 1]) / h;
		}
		x[i] = (int16_t)lrint(3000 * s);
	}
}

/* The sender's packets and the reference B's audio is judged against. */
static void make_packets(void)
{
	struct mc_codec *enc = codec(MC_CODEC_G722, 16000), *dec = codec(MC_CODEC_G722, 16000);
	struct mc_codec *ulaw = codec(MC_CODEC_PCMU, 8000), *unlaw = codec(MC_CODEC_PCMU, 8000);
	char err[128];
	struct mc_resampler *rs = mc_resampler_create(16000, 8000, -1, IN_FRAME, err,
						      sizeof(err));
	int16_t pcm[IN_FRAME], half[OUT_FRAME];
	uint8_t law[OUT_FRAME];

	ck_assert_msg(rs != NULL, "resampler: %s", err);
	for (unsigned i = 0; i < NPKT; i++) {
		uint8_t *r = pk[i];

		voiced(pcm, IN_FRAME, i * IN_FRAME);
		r[0] = 0x80;
		r[1] = (uint8_t)(9 | (i == 0 ? 0x80 : 0));
		put16(r + 2, (uint16_t)(3000 + i));
		put32(r + 4, 1000u + i * 160u);
		put32(r + 8, 0x5eed0722);
		ck_assert_int_eq(mc_codec_encode(enc, pcm, IN_FRAME, r + 12, IN_FRAME / 2),
				 IN_FRAME / 2);
		ck_assert_int_eq(mc_codec_decode(dec, r + 12, IN_FRAME / 2, pcm, IN_FRAME),
				 IN_FRAME);
		ck_assert_int_eq(mc_resampler_process(rs, pcm, IN_FRAME, half, OUT_FRAME),
				 OUT_FRAME);
		ck_assert_int_eq(mc_codec_encode(ulaw, half, OUT_FRAME, law, sizeof(law)),
				 OUT_FRAME);
		ck_assert_int_eq(mc_codec_decode(unlaw, law, OUT_FRAME, ref + i * OUT_FRAME,
						 OUT_FRAME), OUT_FRAME);
	}
	mc_resampler_destroy(rs);
	mc_codec_destroy(enc);
	mc_codec_destroy(dec);
	mc_codec_destroy(ulaw);
	mc_codec_destroy(unlaw);
}

struct side {
	enum mc_codec_id id;
	uint8_t pt, tevent;       /* telephone-event PT or MC_TC_NO_PT */
	const char *name;
};

#define NO MC_TC_NO_PT
static const struct side G722 = { MC_CODEC_G722, 9, NO, "G722" };
static const struct side G722_TE = { MC_CODEC_G722, 9, 101, "G722" };
static const struct side PCMU = { MC_CODEC_PCMU, 0, NO, "PCMU" };

static struct mc_tc *make_tc(const struct side *in, const struct side *o, uint32_t ssrc)
{
	struct mc_tc_params p = {
		.in = { .codec = in->id, .pt = in->pt, .cn_pt = NO, .ptime = 20,
			.tevent_pt = in->tevent },
		.out = { .codec = o->id, .pt = o->pt, .cn_pt = NO, .ptime = 20,
			 .tevent_pt = o->tevent },
		.jb_enabled = true, .jb_max_ms = 40, .ssrc = ssrc, .seed = ssrc ^ 0x1234,
	};
	char err[128];
	struct mc_tc *t = mc_tc_create(&p, err, sizeof(err));

	ck_assert_msg(t != NULL, "mc_tc_create: %s", err);
	return t;
}

static void set_leg(struct mc_leg *l, const struct side *sd)
{
	h_leg_codec(l, sd->name, sd->pt, 8000, 20, MC_PT_NONE);
}

static struct mc_session *live;   /* a failed test's session, removed by the next */

/* Leg A (port 0) speaks a, leg B (port 1) speaks b; B's buffer at most 40 ms. */
static void session(struct mc_session *s, const struct side *a, const struct side *b)
{
	if (live != NULL)
		h_cmd(live, MC_WCMD_DEL);
	live = s;
	h_reset();
	h_session_init(s, 1, 30000, 30002);
	s->mode = MC_MODE_TRANSCODE;
	set_leg(&s->legs[0], a);
	set_leg(&s->legs[1], b);
	s->legs[0].dp.tc = make_tc(a, b, 0xa0a0a0a0u);
	s->legs[1].dp.tc = make_tc(b, a, 0xb0b0b0b0u);
	ck_assert_int_eq(h_cmd(s, MC_WCMD_ADD), 0);
}

static void end(struct mc_session *s)
{
	live = NULL;
	ck_assert_int_eq(h_cmd(s, MC_WCMD_DEL), 0);
	mc_tc_destroy(s->legs[0].dp.tc);
	mc_tc_destroy(s->legs[1].dp.tc);
}

/* An RTP packet from leg A's remote. */
static void inject(const struct mc_session *s, const uint8_t *p, size_t n)
{
	const struct mc_leg *l = &s->legs[0];
	struct h_udp u = {
		.src_mac = H_PEER_MAC[0], .dst_mac = H_MAC[0], .sip = IP_A,
		.dip = l->dp.local_ip, .sport = 40000, .dport = l->dp.local_port,
	};

	h_inject(0, 0, frame, h_build_udp(frame, &u, p, n));
}

/* B's RTP: audio decoded into out (frames of `want` samples), telephone-event packets
 * (PT ev_pt) kept in evs; media-core's RTCP to B skipped. */
static uint8_t evs[64][4], ev_mark[64];
static unsigned n_evs;

static void collect(const struct mc_session *s, struct mc_codec *dec, uint8_t pt,
		    uint8_t ev_pt, unsigned want)
{
	const struct mc_leg_dp *d = &s->legs[1].dp;
	struct rte_mbuf *m;
	size_t len;

	while ((m = h_take(1, s->worker)) != NULL) {
		const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);

		if (get16(f + 34) == d->local_port) {
			const uint8_t *r = h_check_frame(m, H_MAC[1], H_PEER_MAC[1], d->local_ip,
							 d->remote_ip, d->local_port,
							 d->remote_port, false, &len);

			if ((r[1] & 0x7f) == ev_pt) {
				ck_assert_uint_eq(len, 16);
				ck_assert_uint_lt(n_evs, RTE_DIM(evs));
				ev_mark[n_evs] = r[1] >> 7;
				memcpy(evs[n_evs++], r + 12, 4);
				rte_pktmbuf_free(m);
				continue;
			}
			ck_assert_uint_eq(r[1] & 0x7f, pt);
			ck_assert_uint_le(n_out + want, RTE_DIM(out));
			ck_assert_int_eq(mc_codec_decode(dec, r + 12, len - 12, out + n_out, want),
					 (int)want);
			n_out += want;
		}
		rte_pktmbuf_free(m);
	}
}

/* SNR of B's frame j against reference frame j + shift, in dB (999: bit-exact). */
static double frame_snr(unsigned j, unsigned shift)
{
	const int16_t *x = ref + (j + shift) * OUT_FRAME, *y = out + j * OUT_FRAME;
	double e = 0, d = 0;

	for (unsigned i = 0; i < OUT_FRAME; i++) {
		e += (double)x[i] * x[i];
		d += ((double)x[i] - y[i]) * ((double)x[i] - y[i]);
	}
	return d == 0 ? 999 : 10 * log10(e / d);
}

/* Best SNR of B's frame j against the reference frames it may stand for. */
static double best_snr(unsigned j, unsigned shift)
{
	double best = -999;

	for (unsigned k = shift; k <= MAX_SHIFT && j + k < NPKT; k++) {
		double q = frame_snr(j, k);

		best = q > best ? q : best;
	}
	return best;
}

START_TEST(dropped_g722_packet_keeps_decoder_in_step)
{
	static struct mc_session s;
	struct mc_codec *dec = codec(MC_CODEC_PCMU, 8000);
	unsigned next = 0, shift = 0, exact = 0, off = 0, first_off = 0, drops;
	double worst = 999;

	make_packets();
	session(&s, &G722, &PCMU);
	/* As in test_tc.c: packet i arrives at step i + 3 until 49, then the path gets 60 ms
	 * faster (49..52 together): the buffer, over its 40 ms maximum, skips packets. */
	n_out = 0;
	for (unsigned j = 0; j < NPKT; j++) {
		for (; next < NPKT && (next < 50 ? next + 3 : (next > 52 ? next : 52)) <= j; next++)
			inject(&s, pk[next], sizeof(pk[next]));
		h_run(20);
		collect(&s, dec, 0, NO, OUT_FRAME);
	}
	drops = (unsigned)s.legs[0].dp.st.jb_discarded;
	ck_assert_uint_ge(drops, 1);
	ck_assert_uint_eq(s.legs[0].dp.st.jb_late, 0);
	ck_assert_uint_eq(s.legs[0].dp.st.concealed, 0);
	ck_assert_uint_ge(n_out, 100 * OUT_FRAME);
	/* Every frame B got is a reference frame, a skip further on after each drop; a frame
	 * that is none is one where the audio is spliced, or one decoded out of step. */
	for (unsigned j = 0; j < n_out / OUT_FRAME && j + shift < NPKT; j++) {
		unsigned k;

		for (k = shift; k <= MAX_SHIFT && j + k < NPKT && frame_snr(j, k) < 999; k++)
			;
		if (k <= MAX_SHIFT && j + k < NPKT) {
			shift = k;
			exact++;
			continue;
		}
		off++;
		if (off == 1)
			first_off = j;
		double q = best_snr(j, shift);

		worst = q < worst ? q : worst;
		fprintf(stderr, "frame %u: not bit-exact, %.1f dB SNR at best against the "
			"reference (%u frames skipped before it)\n", j, q, shift);
	}
	fprintf(stderr, "%u frames bit-exact, %u not (from frame %u), %u skipped by the "
		"buffer (%u discarded)\n", exact, off, first_off, shift, drops);
	ck_assert_uint_eq(shift, drops);
	ck_assert_uint_ge(exact, 90);
	/* The splice: the resampler's filter spans it, at most two frames per drop. */
	ck_assert_msg(off <= 2 * drops, "%u frames off the reference (worst %.1f dB) for %u "
		      "skipped packets: the decoder lost step", off, worst, drops);
	mc_codec_destroy(dec);
	end(&s);
}
END_TEST

/* A's remote sends PCMU: silence, '5' (770 + 1336 Hz) for 200 ms, silence. B speaks
 * G.722, with or without telephone-event. Returns the energy of B's audio (16 kHz). */
static double digit_to_g722(const struct side *b, struct mc_event *ev, unsigned *n_ev)
{
	static struct mc_session s;
	struct mc_codec *enc = codec(MC_CODEC_PCMU, 8000), *dec = codec(MC_CODEC_G722, 16000);
	struct mc_event all[64];
	uint8_t p[12 + 160];
	int16_t pcm[160];
	double e = 0;
	unsigned n;

	session(&s, &PCMU, b);
	n_out = n_evs = 0;
	for (unsigned i = 0; i < 50; i++) {
		for (unsigned j = 0; j < 160; j++) {
			double t = (double)(i * 160 + j) / 8000;

			pcm[j] = (int16_t)(i >= 10 && i < 20 ?
					   6000 * (sin(2 * M_PI * 770 * t) + sin(2 * M_PI * 1336 * t)) :
					   0);
		}
		p[0] = 0x80;
		p[1] = (uint8_t)(i == 0 ? 0x80 : 0);
		put16(p + 2, (uint16_t)(100 + i));
		put32(p + 4, 8000u + i * 160u);
		put32(p + 8, 0x5eed0711);
		ck_assert_int_eq(mc_codec_encode(enc, pcm, 160, p + 12, 160), 160);
		inject(&s, p, sizeof(p));
		h_run(20);
		collect(&s, dec, 9, b->tevent, 320);
	}
	ck_assert_uint_ge(n_out, 40 * 320);
	for (size_t i = 0; i < n_out; i++)
		e += (double)out[i] * out[i];
	n = h_events(all, RTE_DIM(all));
	*n_ev = 0;
	for (unsigned i = 0; i < n; i++)
		if (all[i].type == MC_EV_DTMF)
			ev[(*n_ev)++] = all[i];
	mc_codec_destroy(enc);
	mc_codec_destroy(dec);
	end(&s);
	return e;
}

/* Neither leg lists telephone-event: the tone stays in B's audio, and is reported; with
 * telephone-event on B, B gets it as events (one start, three ends, '5', ~200 ms) and the
 * tone is muted from its detection on (it is detected ~2.5 of spandsp's 12.75 ms blocks
 * after its onset, so up to ~40 ms of it reach B first). */
START_TEST(pcmu_digit_to_g722_detected_at_8khz)
{
	struct mc_event ev[8];
	unsigned n_ev, starts = 0, ends = 0;
	double kept = digit_to_g722(&G722, ev, &n_ev), muted;

	ck_assert_uint_eq(n_ev, 1);
	ck_assert_int_eq(ev[0].digit, '5');
	ck_assert_uint_eq(ev[0].leg, 0);
	ck_assert_uint_ge(ev[0].duration_ms, 180);
	ck_assert_uint_le(ev[0].duration_ms, 220);
	ck_assert_uint_eq(n_evs, 0);
	/* 200 ms of the two 6000-amplitude tones at 16 kHz: 2 x 6000^2 / 2 x 3200 samples,
	 * less what G.711 and G.722 cost; the silence around it adds next to nothing. */
	ck_assert_double_gt(kept, 0.8 * 6000.0 * 6000 * 3200);

	muted = digit_to_g722(&G722_TE, ev, &n_ev);
	ck_assert_uint_eq(n_ev, 1);
	ck_assert_int_eq(ev[0].digit, '5');
	ck_assert_uint_ge(ev[0].duration_ms, 180);
	ck_assert_uint_le(ev[0].duration_ms, 220);
	ck_assert_uint_ge(n_evs, 5);
	for (unsigned i = 0; i < n_evs; i++) {
		ck_assert_uint_eq(evs[i][0], 5);
		starts += ev_mark[i];
		if (evs[i][1] >> 7) {
			ends++;
			/* 200 ms on G.722's 8 kHz RTP clock, within the detector's resolution */
			ck_assert_uint_ge(get16(evs[i] + 2), 8 * 180);
			ck_assert_uint_le(get16(evs[i] + 2), 8 * 220);
		}
	}
	ck_assert_uint_eq(starts, 1);
	ck_assert_uint_eq(ends, 3);
	fprintf(stderr, "B's audio energy: tone kept %.3g, muted %.3g (%.1f %%)\n", kept, muted,
		100 * muted / kept);
	/* At most the ~40 ms before detection of the 200 ms tone, and the resampler's tail. */
	ck_assert_double_lt(muted, 0.25 * kept);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("dataplane");
	TCase *tc = tcase_create("transcode_g722");
	SRunner *sr;
	int failed;

	h_setup();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, dropped_g722_packet_keeps_decoder_in_step);
	tcase_add_test(tc, pcmu_digit_to_g722_detected_at_8khz);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
