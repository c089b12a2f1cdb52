/* SPDX-License-Identifier: BSD-3-Clause
 * Round trip of a synthetic voiced signal through every codec of the interface: the
 * decoded audio must resemble the input (SNR for waveform codecs, delay-aligned
 * normalised cross-correlation for G.729 and Opus, bit-exactness for L16), the number
 * of samples out must equal the number in, and RTP time must advance at the codec's clock.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opus/opus.h>

#include "mc_codec.h"
#include "run.h"
#include "sig.h"

#define SECONDS 2

struct rt_case {
	const char *label;
	struct mc_codec_params p;
	unsigned ptime_ms;
	double min_snr;   /* > 0: SNR bound at the best lag */
	double min_xcorr; /* > 0: cross-correlation bound */
	bool exact;
	unsigned maxlag_ms;
};

static const struct rt_case cases[] = {
	{ "PCMU", { .id = MC_CODEC_PCMU }, 20, 33, 0, false, 0 },
	{ "PCMA", { .id = MC_CODEC_PCMA }, 20, 33, 0, false, 0 },
	{ "PCMU-10ms", { .id = MC_CODEC_PCMU }, 10, 33, 0, false, 0 },
	{ "G722", { .id = MC_CODEC_G722 }, 20, 35, 0, false, 5 },
	{ "G729", { .id = MC_CODEC_G729, .fmtp = "annexb=no" }, 20, 0, 0.85, false, 20 },
	{ "G729-40ms", { .id = MC_CODEC_G729, .fmtp = "annexb=no" }, 40, 0, 0.85, false, 20 },
	{ "opus16k", { .id = MC_CODEC_OPUS, .pcm_rate = 16000, .bitrate = 24000, .complexity = 10 }, 20, 0, 0.93, false, 20 },
	{ "opus48k", { .id = MC_CODEC_OPUS, .pcm_rate = 48000, .bitrate = 32000 }, 20, 0, 0.93, false, 20 },
	{ "opus8k", { .id = MC_CODEC_OPUS, .pcm_rate = 8000, .bitrate = 16000 }, 20, 0, 0.93, false, 20 },
	{ "opus16k-60ms", { .id = MC_CODEC_OPUS, .pcm_rate = 16000, .bitrate = 24000 }, 60, 0, 0.93, false, 20 },
	{ "L16-8k", { .id = MC_CODEC_L16, .pcm_rate = 8000 }, 20, 0, 0, true, 0 },
	{ "L16-16k", { .id = MC_CODEC_L16, .pcm_rate = 16000 }, 20, 0, 0, true, 0 },
	{ "L16-48k", { .id = MC_CODEC_L16, .pcm_rate = 48000 }, 20, 0, 0, true, 0 },
};

START_TEST(roundtrip)
{
	const struct rt_case *k = &cases[_i];
	char err[128] = "";
	struct mc_codec *c = mc_codec_create(&k->p, err, sizeof(err));
	const struct mc_codec_info *inf;
	unsigned rate, n, lag = 0;
	int16_t *in, *out;
	struct run_res r;
	struct run_opts o;

	ck_assert_msg(c != NULL, "%s: %s", k->label, err);
	inf = mc_codec_info(c);
	rate = inf->pcm_rate;
	n = rate * SECONDS;
	in = malloc(n * sizeof(*in));
	out = calloc(n + rate, sizeof(*out));
	sig_speech(in, n, rate, 1);
	o = (struct run_opts){ .frame = rate * k->ptime_ms / 1000 };
	n = n / o.frame * o.frame; /* whole packets: 60 ms does not divide 2 s */
	run_stream(c, c, in, n, out, &o, &r);

	ck_assert_int_eq(r.err, 0);
	ck_assert_uint_eq(r.frames, n / o.frame);
	ck_assert_uint_eq(r.sent, r.frames);
	ck_assert_uint_eq(r.out, n);
	ck_assert_uint_eq(r.ticks, (unsigned long)inf->rtp_rate * (n / o.frame) * k->ptime_ms / 1000);
	ck_assert_uint_eq(mc_codec_rtp_ticks(c, o.frame), inf->rtp_rate * k->ptime_ms / 1000);
	if (k->exact) {
		ck_assert_mem_eq(in, out, n * sizeof(*in));
	} else {
		double xc = sig_xcorr(in, out, n, rate * k->maxlag_ms / 1000, &lag);
		double snr = sig_snr(in, out, n, lag);

		printf("%-14s lag %3u snr %6.2f dB xcorr %.4f bytes/pkt %lu\n", k->label, lag, snr, xc,
		       r.bytes / r.sent);
		if (k->min_snr > 0)
			ck_assert_msg(snr > k->min_snr, "%s: SNR %.2f dB <= %.1f", k->label, snr, k->min_snr);
		if (k->min_xcorr > 0)
			ck_assert_msg(xc > k->min_xcorr, "%s: xcorr %.4f <= %.2f", k->label, xc, k->min_xcorr);
	}
	free(in);
	free(out);
	mc_codec_destroy(c);
}
END_TEST

/* Stereo Opus and L16 keep the channels apart: each decoded channel matches its own input. */
START_TEST(stereo)
{
	static const struct mc_codec_params ps[] = {
		{ .id = MC_CODEC_OPUS, .pcm_rate = 48000, .channels = 2, .bitrate = 64000, .fmtp = "stereo=1" },
		{ .id = MC_CODEC_L16, .pcm_rate = 16000, .channels = 2 },
	};
	struct mc_codec *c = mc_codec_create(&ps[_i], NULL, 0);
	unsigned rate = mc_codec_info(c)->pcm_rate, n = rate * SECONDS;
	int16_t *l = malloc(n * 2), *rr = malloc(n * 2), *in = malloc(n * 4), *out = calloc(n, 4);
	int16_t *ol = malloc(n * 2), *or_ = malloc(n * 2);
	struct run_opts o = { .frame = rate / 50 };
	struct run_res r;

	ck_assert_uint_eq(mc_codec_info(c)->channels, 2);
	sig_speech(l, n, rate, 1);
	sig_speech(rr, n, rate, 4);
	for (unsigned i = 0; i < n; i++) {
		in[2 * i] = l[i];
		in[2 * i + 1] = (int16_t)(rr[i] / 2);
	}
	run_stream(c, c, in, n, out, &o, &r);
	ck_assert_int_eq(r.err, 0);
	ck_assert_uint_eq(r.out, n);
	for (unsigned i = 0; i < n; i++) {
		ol[i] = out[2 * i];
		or_[i] = out[2 * i + 1];
		rr[i] = (int16_t)(rr[i] / 2);
	}
	ck_assert(sig_xcorr(l, ol, n, rate / 50, NULL) > 0.9);
	ck_assert(sig_xcorr(rr, or_, n, rate / 50, NULL) > 0.9);
	/* the right channel is half the level of the left: not a copy of it */
	ck_assert(sig_energy(or_, n) < 0.5 * sig_energy(ol, n));
	free(l); free(rr); free(in); free(out); free(ol); free(or_);
	mc_codec_destroy(c);
}
END_TEST

/* A payload holding several frames decodes to all of them. */
START_TEST(multi_frame_payload)
{
	struct mc_codec_params p = { .id = MC_CODEC_OPUS, .pcm_rate = 48000 };
	struct mc_codec *c = mc_codec_create(&p, NULL, 0);
	struct mc_codec *d = mc_codec_create(&p, NULL, 0);
	OpusRepacketizer *rp = opus_repacketizer_create();
	int16_t in[960 * 3], out[960 * 3];
	uint8_t a[1500], b[1500], ab[3000];
	int la, lb, lab;

	sig_speech(in, 960 * 3, 48000, 2);
	la = mc_codec_encode(c, in, 960, a, sizeof(a));
	lb = mc_codec_encode(c, in + 960, 960, b, sizeof(b));
	ck_assert(la > 0 && lb > 0);
	ck_assert_int_eq(opus_repacketizer_cat(rp, a, la), OPUS_OK);
	ck_assert_int_eq(opus_repacketizer_cat(rp, b, lb), OPUS_OK);
	lab = opus_repacketizer_out(rp, ab, sizeof(ab));
	ck_assert(lab > 0);
	ck_assert_int_eq(mc_codec_decode(d, ab, (size_t)lab, out, 960 * 3), 1920);
	ck_assert_uint_eq(mc_codec_rtp_ticks(d, 1920), 1920);
	/* too small a buffer is refused, not overrun */
	ck_assert_int_lt(mc_codec_decode(d, ab, (size_t)lab, out, 960), 0);
	opus_repacketizer_destroy(rp);
	mc_codec_destroy(c);
	mc_codec_destroy(d);
}
END_TEST

/* The interface checks its arguments and the codec's frame sizes. */
START_TEST(bad_arguments)
{
	struct mc_codec_params p = { .id = MC_CODEC_G729, .fmtp = "annexb=no" };
	struct mc_codec *c = mc_codec_create(&p, NULL, 0);
	int16_t pcm[960] = { 0 };
	uint8_t out[200];
	char err[128];

	ck_assert_int_eq(mc_codec_encode(c, pcm, 100, out, sizeof(out)), -EINVAL); /* not 10 ms */
	ck_assert_int_eq(mc_codec_encode(c, pcm, 160, out, 5), -ENOSPC);
	ck_assert_int_eq(mc_codec_decode(c, out, 7, pcm, 960), -EINVAL); /* not 10k+{0,2} */
	ck_assert_int_eq(mc_codec_encode(c, pcm, 160, out, sizeof(out)), 20);
	ck_assert_int_eq(mc_codec_decode(c, out, 20, pcm, 100), -ENOSPC);
	mc_codec_destroy(c);

	p = (struct mc_codec_params){ .id = MC_CODEC_OPUS, .pcm_rate = 16000 };
	c = mc_codec_create(&p, NULL, 0);
	ck_assert(mc_codec_frame_ok(c, 40) && mc_codec_frame_ok(c, 320) && mc_codec_frame_ok(c, 960));
	ck_assert(!mc_codec_frame_ok(c, 480) && !mc_codec_frame_ok(c, 1920) && !mc_codec_frame_ok(c, 0));
	ck_assert_int_eq(mc_codec_decode(c, out, 0, pcm, 960), -EINVAL);
	mc_codec_destroy(c);

	p = (struct mc_codec_params){ .id = MC_CODEC_OPUS, .pcm_rate = 44100 };
	ck_assert_ptr_null(mc_codec_create(&p, err, sizeof(err)));
	ck_assert_msg(strstr(err, "44100") != NULL, "%s", err);
	p = (struct mc_codec_params){ .id = MC_CODEC_PCMU, .pcm_rate = 16000 };
	ck_assert_ptr_null(mc_codec_create(&p, err, sizeof(err)));
	p = (struct mc_codec_params){ .id = MC_CODEC_TEVENT };
	ck_assert_ptr_null(mc_codec_create(&p, err, sizeof(err)));
	p = (struct mc_codec_params){ .id = MC_CODEC_OPUS, .fmtp = "maxplaybackrate=x" };
	ck_assert_ptr_null(mc_codec_create(&p, err, sizeof(err)));
	ck_assert_str_eq(err, "fmtp: bad value 'x' for maxplaybackrate");
}
END_TEST

/* Info reports each codec's clocks: G.722 PCM 16k on an 8k RTP clock, Opus on 48k. */
START_TEST(info)
{
	struct mc_codec_params p = { .id = MC_CODEC_G722 };
	struct mc_codec *c = mc_codec_create(&p, NULL, 0);

	ck_assert_uint_eq(mc_codec_info(c)->pcm_rate, 16000);
	ck_assert_uint_eq(mc_codec_info(c)->rtp_rate, 8000);
	ck_assert_uint_eq(mc_codec_info(c)->bitrate, 64000);
	ck_assert_uint_eq(mc_codec_rtp_ticks(c, 320), 160);
	mc_codec_destroy(c);
	p = (struct mc_codec_params){ .id = MC_CODEC_OPUS, .pcm_rate = 16000, .fmtp = "maxaveragebitrate=20000;ptime=40" };
	c = mc_codec_create(&p, NULL, 0);
	ck_assert_uint_eq(mc_codec_info(c)->rtp_rate, 48000);
	ck_assert_uint_eq(mc_codec_info(c)->bitrate, 20000);
	ck_assert_uint_eq(mc_codec_info(c)->ptime_ms, 40);
	ck_assert_uint_eq(mc_codec_info(c)->frame_us, 2500);
	ck_assert_uint_eq(mc_codec_rtp_ticks(c, 320), 960);
	mc_codec_destroy(c);
	p = (struct mc_codec_params){ .id = MC_CODEC_G729 };
	c = mc_codec_create(&p, NULL, 0);
	ck_assert_uint_eq(mc_codec_info(c)->frame_us, 10000);
	ck_assert_uint_eq(mc_codec_info(c)->bitrate, 8000);
	mc_codec_destroy(c);
}
END_TEST

/* Reset returns a codec to its initial state: same input, same payload as a fresh one. */
START_TEST(reset_restarts)
{
	static const enum mc_codec_id ids[] = { MC_CODEC_G722, MC_CODEC_G729, MC_CODEC_OPUS };
	struct mc_codec_params p = { .id = ids[_i], .fmtp = ids[_i] == MC_CODEC_G729 ? "annexb=no" : NULL };
	struct mc_codec *c = mc_codec_create(&p, NULL, 0);
	unsigned f = mc_codec_info(c)->pcm_rate / 50;
	int16_t *in = malloc(f * 3 * 2);
	uint8_t a[1500], b[1500];
	int la, lb;

	sig_speech(in, f * 3, mc_codec_info(c)->pcm_rate, 3);
	la = mc_codec_encode(c, in, f, a, sizeof(a));
	mc_codec_encode(c, in + f, f, b, sizeof(b));
	mc_codec_reset(c);
	lb = mc_codec_encode(c, in, f, b, sizeof(b));
	ck_assert_int_eq(la, lb);
	ck_assert_mem_eq(a, b, (size_t)la);
	free(in);
	mc_codec_destroy(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("codec_roundtrip");
	TCase *tc = tcase_create("roundtrip");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, roundtrip, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_loop_test(tc, stereo, 0, 2);
	tcase_add_test(tc, multi_frame_payload);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, info);
	tcase_add_loop_test(tc, reset_restarts, 0, 3);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
