/* SPDX-License-Identifier: BSD-3-Clause
 * Loss concealment, FEC and discontinuous transmission. Every 10th packet of a voiced
 * signal is dropped; the concealed stream is compared with the lossless decode of the
 * same payloads. Bounds:
 *  - whole-signal SNR of concealed vs lossless decode above the codec's bound (a silent
 *    fill of 10% of the frames gives exactly 10 dB, so bounds above 10 dB exclude it);
 *  - each concealed frame's energy between 1/4 of the weaker and 4 times the stronger
 *    of its two lossless neighbour frames (no silence gap, no burst). G.729 gets 1/20:
 *    its erasure procedure (G.729 4.4) attenuates the gains on each erased 10 ms frame,
 *    and this signal's frame 89 sits on a rising envelope (measured 0.072);
 *  - G.729 is a CELP codec whose decoder never falls back into waveform step after a
 *    loss (its excitation memory carries the difference), so SNR says nothing there:
 *    it is held to the level contour instead, the mean |dB| difference per received
 *    frame between the concealed and the lossless decode (all codecs are checked).
 *    G.729's erasure procedure lowers the gain predictor's memory and needs ~200 ms of
 *    good frames to climb back (measured with a single loss), so at one loss every
 *    200 ms it runs several dB low throughout (measured 6.6 dB; bound 8 dB);
 *  - SNR over the packets 2..8 after each gap: the decoder is back in step (G.711 and
 *    L16 exactly, the predictive codecs within their bound).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc_codec.h"
#include "run.h"
#include "sig.h"

#define SECONDS 2
#define DROP 10

struct plc_case {
	const char *label;
	struct mc_codec_params p;
	double min_snr;    /* whole signal, concealed vs lossless decode */
	double min_far;    /* packets 2..8 after each gap: decoder back in step */
	double factor;     /* concealed frame energy bound relative to its neighbours */
	double max_env_db; /* mean |level difference| per received frame, concealed vs lossless */
};

struct plc_res { double snr, far, env_db; };

static const struct plc_case cases[] = {
	{ "PCMU", { .id = MC_CODEC_PCMU }, 6, 100, 4, 1 },
	{ "PCMA", { .id = MC_CODEC_PCMA }, 6, 100, 4, 1 },
	{ "G722", { .id = MC_CODEC_G722 }, 6, 12, 4, 1 },
	{ "G729", { .id = MC_CODEC_G729, .fmtp = "annexb=no" }, 0, 0, 20, 8 },
	{ "opus16k", { .id = MC_CODEC_OPUS, .pcm_rate = 16000, .bitrate = 24000 }, 6, 10, 4, 1.5 },
	{ "opus48k", { .id = MC_CODEC_OPUS, .pcm_rate = 48000, .bitrate = 32000 }, 6, 10, 4, 1.5 },
	{ "L16-8k", { .id = MC_CODEC_L16, .pcm_rate = 8000 }, 6, 100, 4, 1 },
	{ "L16-16k", { .id = MC_CODEC_L16, .pcm_rate = 16000 }, 6, 100, 4, 1 },
};

struct pair { struct mc_codec *enc, *dec; };

static struct pair make(const struct mc_codec_params *p)
{
	struct pair x = { mc_codec_create(p, NULL, 0), mc_codec_create(p, NULL, 0) };

	ck_assert(x.enc != NULL && x.dec != NULL);
	return x;
}

static void drop_pair(struct pair *x)
{
	mc_codec_destroy(x->enc);
	mc_codec_destroy(x->dec);
}

/* Decodes the signal lossless and with every DROP-th packet lost; returns SNR. */
static struct plc_res lossy_vs_clean(const struct mc_codec_params *p, bool fec, const char *label, double check_energy)
{
	struct pair a = make(p), b = make(p);
	unsigned rate = mc_codec_info(a.enc)->pcm_rate, n = rate * SECONDS, f = rate / 50;
	int16_t *in = malloc(n * 2), *clean = calloc(n, 2), *lossy = calloc(n, 2);
	struct run_opts oc = { .frame = f }, ol = { .frame = f, .drop_every = DROP, .fec = fec };
	struct run_res rc, rl;
	double snr, lo = 1e9, hi = 0, s_far = 0, e_far = 0, far, env = 0;
	unsigned nenv = 0;

	sig_speech(in, n, rate, 5);
	run_stream(a.enc, a.dec, in, n, clean, &oc, &rc);
	run_stream(b.enc, b.dec, in, n, lossy, &ol, &rl);
	ck_assert_int_eq(rc.err, 0);
	ck_assert_int_eq(rl.err, 0);
	ck_assert_uint_eq(rl.out, n);
	snr = sig_snr(clean, lossy, n, 0);
	/* away from the gaps (two packets after each) the decoder must be back in step */
	for (unsigned i = 0; i + 1 < n / f; i++) {
		unsigned k = i % DROP;

		if (k == DROP - 1 || k == 0 || k == 1)
			continue;
		for (unsigned j = i * f; j < (i + 1) * f; j++) {
			double d = (double)lossy[j] - clean[j];

			s_far += (double)clean[j] * clean[j];
			e_far += d * d;
		}
	}
	far = e_far > 0 ? 10 * log10(s_far / e_far) : 200;
	for (unsigned i = DROP - 1; i + 1 < n / f; i += DROP) {
		double e = sig_energy(lossy + i * f, f);
		double e0 = sig_energy(clean + (i - 1) * f, f), e1 = sig_energy(clean + (i + 1) * f, f);
		/* the envelope may rise or fall across the gap: bound by the nearer neighbour */
		double ratio = e < (e0 < e1 ? e0 : e1) ? e / (e0 < e1 ? e0 : e1)
			     : e > (e0 > e1 ? e0 : e1) ? e / (e0 > e1 ? e0 : e1) : 1.0;

		if (getenv("PLC_DEBUG"))
			printf("  frame %u ratio %.3f own %.3f\n", i, ratio, e / sig_energy(clean + i * f, f));
		lo = ratio < lo ? ratio : lo;
		hi = ratio > hi ? ratio : hi;
		if (check_energy > 0)
			ck_assert_msg(ratio > 1 / check_energy && ratio < check_energy, "%s: concealed frame %u energy ratio %.3f",
				      label, i, ratio);
	}
	for (unsigned i = 0; i < n / f; i++) {
		if (i % DROP == DROP - 1)
			continue;
		env += fabs(10 * log10((sig_energy(lossy + i * f, f) + 1) / (sig_energy(clean + i * f, f) + 1)));
		nenv++;
	}
	env /= nenv;
	printf("%-10s %s snr %.2f dB, away from gaps %.2f dB, level error %.2f dB, concealed/neighbour energy %.3f..%.3f\n",
	       label, fec ? "fec" : "plc", snr, far, env, lo, hi);
	free(in);
	free(clean);
	free(lossy);
	drop_pair(&a);
	drop_pair(&b);
	return (struct plc_res){ snr, far, env };
}

START_TEST(conceal_every_tenth)
{
	const struct plc_case *k = &cases[_i];
	struct plc_res r = lossy_vs_clean(&k->p, false, k->label, k->factor);

	ck_assert_msg(r.snr > k->min_snr, "%s: SNR %.2f <= %.1f", k->label, r.snr, k->min_snr);
	ck_assert_msg(r.env_db < k->max_env_db, "%s: level error %.2f dB >= %.1f", k->label, r.env_db, k->max_env_db);
	ck_assert_msg(r.far > k->min_far, "%s: SNR away from gaps %.2f <= %.1f", k->label, r.far, k->min_far);
}
END_TEST

/* Opus in-band FEC recovers a lost frame from the next packet better than PLC does. */
START_TEST(opus_fec_beats_plc)
{
	struct mc_codec_params p = { .id = MC_CODEC_OPUS, .pcm_rate = 16000, .bitrate = 24000,
				     .fmtp = "useinbandfec=1" };
	double plc = lossy_vs_clean(&p, false, "opus-fec", 4).snr;
	double fec = lossy_vs_clean(&p, true, "opus-fec", 4).snr;

	ck_assert_msg(fec > plc + 3, "FEC %.2f dB vs PLC %.2f dB", fec, plc);
}
END_TEST

/* Speech then near silence, 10 ms packets, through G.729 with Annex B: SID frames and
 * untransmitted frames in the silence, comfort noise out of the decoder. */
START_TEST(g729_annexb_dtx)
{
	struct mc_codec_params p = { .id = MC_CODEC_G729, .fmtp = "annexb=yes" };
	struct mc_codec *c = mc_codec_create(&p, NULL, 0);
	unsigned n = 8000 * 3, sid = 0, none = 0, speech_silent = 0;
	int16_t *in = calloc(n, 2), *out = calloc(n, 2);
	unsigned seed = 1;

	sig_speech(in, 8000, 8000, 2);
	for (unsigned i = 8000; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		in[i] = (int16_t)((int)(seed >> 16 & 0x3f) - 32); /* about -60 dBFS noise */
	}
	for (unsigned i = 0; i < n / 80; i++) {
		uint8_t pay[16];
		int len = mc_codec_encode(c, in + i * 80, 80, pay, sizeof(pay)), got;

		ck_assert(len == 0 || len == 2 || len == 10);
		if (i >= 100) {
			sid += len == 2;
			none += len == 0;
		}
		if (i >= 150)
			speech_silent += len == 10;
		got = len ? mc_codec_decode(c, pay, (size_t)len, out + i * 80, 80)
			  : mc_codec_conceal(c, out + i * 80, 80);
		ck_assert_int_eq(got, 80);
	}
	printf("g729b silence: %u SID, %u untransmitted, %u speech frames\n", sid, none, speech_silent);
	ck_assert_uint_gt(sid, 0);
	ck_assert_uint_gt(none, sid); /* SIDs are sent only when the noise changes */
	ck_assert_uint_lt(speech_silent, 20);
	/* comfort noise: present, but far below the speech */
	ck_assert(sig_energy(out + 16000, 8000) > 0);
	ck_assert(sig_energy(out + 16000, 8000) < sig_energy(out, 8000) / 1000);
	free(in);
	free(out);
	mc_codec_destroy(c);
}
END_TEST

/* Opus with usedtx=1 stops sending in digital silence; concealment fills the gap. */
START_TEST(opus_dtx)
{
	struct mc_codec_params p = { .id = MC_CODEC_OPUS, .pcm_rate = 16000, .fmtp = "usedtx=1" };
	struct mc_codec *c = mc_codec_create(&p, NULL, 0);
	unsigned n = 16000 * 3;
	int16_t *in = calloc(n, 2), *out = calloc(n, 2);
	struct run_opts o = { .frame = 320 };
	struct run_res r;

	sig_speech(in, 16000, 16000, 2);
	run_stream(c, c, in, n, out, &o, &r);
	printf("opus dtx: %u of %u packets sent\n", r.sent, r.frames);
	ck_assert_int_eq(r.err, 0);
	ck_assert_uint_eq(r.out, n);
	ck_assert_uint_lt(r.sent, r.frames - 50); /* most of the 2 s of silence not sent */
	ck_assert_uint_ge(r.sent, 50);            /* the speech second was */
	ck_assert(sig_xcorr(in, out, 16000, 320, NULL) > 0.9);
	free(in);
	free(out);
	mc_codec_destroy(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("codec_plc");
	TCase *tc = tcase_create("plc");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, conceal_every_tenth, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, opus_fec_beats_plc);
	tcase_add_test(tc, g729_annexb_dtx);
	tcase_add_test(tc, opus_dtx);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
