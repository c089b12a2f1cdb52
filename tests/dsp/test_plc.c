/* SPDX-License-Identifier: BSD-3-Clause
 * Loss concealment with comfort-noise fallback, on real codecs from lib/codec.
 *
 *  - single lost 20 ms frames of a voiced signal (PCMU at 8 kHz, G.722 at 16 kHz):
 *    each concealed frame's energy lies between 1/4 of the weaker and 4 times the
 *    stronger of its two neighbours in the lossless decode (a silent fill or a burst
 *    fails this);
 *  - a long gap (1 s) after steady noise at -40 dBov: every frame past hold + fade is
 *    comfort noise within 1.5 dB of the measured level, which itself is within 1 dB of
 *    the input's; no frame of the gap falls more than 6 dB below it (no hole between
 *    the codec's fading concealment and the noise; measured 4.3 dB at worst, in the
 *    second lost frame) or rises 3 dB above it;
 *  - the level is the background, not the speech: bursts of loud voiced signal with
 *    pauses of -50 dBov noise give comfort noise at -50 +- 2 dB;
 *  - the noise keeps the background's spectral tilt (low-passed input: low band over
 *    high band by 10 dB or more in both);
 *  - without a codec the noise fades in from silence; a good frame ends the gap.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsig.h"
#include "mc_codec.h"
#include "mc_plc.h"

/* Encodes x with `id` in frames; decodes to `ref` losslessly and to `out` with the
 * frames for which lost(f) is true concealed by mc_plc. */
static void run(enum mc_codec_id id, unsigned rate, const int16_t *x, unsigned frames,
		bool (*lost)(unsigned f), int16_t *ref, int16_t *out, struct mc_plc **plc_out)
{
	struct mc_codec_params cp = { .id = id };
	struct mc_codec *enc = mc_codec_create(&cp, NULL, 0), *d1 = mc_codec_create(&cp, NULL, 0),
			*d2 = mc_codec_create(&cp, NULL, 0);
	struct mc_plc_params pp = { .rate = rate, .max_frame = rate / 50 };
	struct mc_plc *plc = mc_plc_create(&pp, NULL, 0);
	unsigned n = rate / 50;
	uint8_t pl[1024];

	ck_assert(enc && d1 && d2 && plc);
	for (unsigned f = 0; f < frames; f++) {
		int len = mc_codec_encode(enc, x + f * n, n, pl, sizeof(pl));

		ck_assert_int_gt(len, 0);
		ck_assert_int_eq(mc_codec_decode(d1, pl, (size_t)len, ref + f * n, n), (int)n);
		if (lost(f)) {
			ck_assert_int_eq(mc_plc_conceal(plc, d2, out + f * n, n), (int)n);
		} else {
			ck_assert_int_eq(mc_codec_decode(d2, pl, (size_t)len, out + f * n, n), (int)n);
			mc_plc_good(plc, out + f * n, n);
		}
	}
	mc_codec_destroy(enc);
	mc_codec_destroy(d1);
	mc_codec_destroy(d2);
	if (plc_out)
		*plc_out = plc;
	else
		mc_plc_destroy(plc);
}

static bool every_tenth(unsigned f) { return f % 10 == 9; }

START_TEST(single_losses_keep_energy)
{
	static const struct { enum mc_codec_id id; unsigned rate; } c[] = {
		{ MC_CODEC_PCMU, 8000 }, { MC_CODEC_G722, 16000 },
	};
	unsigned rate = c[_i].rate, n = rate / 50, frames = 100;
	int16_t *x = malloc(sizeof(int16_t) * n * frames), *ref = malloc(sizeof(int16_t) * n * frames),
		*out = malloc(sizeof(int16_t) * n * frames);

	dsig_voiced(x, n * frames, rate, 16000, 4);
	run(c[_i].id, rate, x, frames, every_tenth, ref, out, NULL);
	for (unsigned f = 9; f + 1 < frames; f += 10) {
		double e = dsig_power(out + f * n, n), a = dsig_power(ref + (f - 1) * n, n),
		       b = dsig_power(ref + (f + 1) * n, n);

		ck_assert_msg(e >= fmin(a, b) / 4 && e <= fmax(a, b) * 4,
			      "rate %u frame %u: %.0f vs neighbours %.0f, %.0f", rate, f, e, a, b);
	}
	free(x);
	free(ref);
	free(out);
}
END_TEST

static bool gap_after_1s(unsigned f) { return f >= 50; }

START_TEST(long_gap_comfort_noise_at_level)
{
	unsigned n = 160, frames = 100, cn_from = 50 + 3; /* hold 20 + fade 40 ms */
	int16_t *x = malloc(sizeof(int16_t) * n * frames), *ref = malloc(sizeof(int16_t) * n * frames),
		*out = malloc(sizeof(int16_t) * n * frames);
	struct mc_plc *plc;
	double in_db;

	dsig_noise(x, n * frames, 32768 * pow(10, -40 / 20.0), 7);
	run(MC_CODEC_PCMU, 8000, x, frames, gap_after_1s, ref, out, &plc);
	in_db = dsig_dbov(ref, 50 * n);
	ck_assert_msg(fabs(-(double)mc_plc_level(plc) - in_db) <= 1, "measured -%u dBov, input %.1f",
		      mc_plc_level(plc), in_db);
	ck_assert_uint_eq(mc_plc_gap_frames(plc), 50);
	for (unsigned f = 50; f < frames; f++) {
		double db = dsig_dbov(out + f * n, n);


		if (f >= cn_from)
			ck_assert_msg(fabs(db - in_db) <= 1.5, "frame %u: %.1f dBov, background %.1f", f, db, in_db);
		ck_assert_msg(db >= in_db - 6 && db <= in_db + 3, "frame %u: %.1f dBov", f, db);
	}
	mc_plc_destroy(plc);
	free(x);
	free(ref);
	free(out);
}
END_TEST

START_TEST(level_is_the_background)
{
	unsigned n = 160, frames = 150;
	int16_t *x = malloc(sizeof(int16_t) * n * frames), *ref = malloc(sizeof(int16_t) * n * frames),
		*out = malloc(sizeof(int16_t) * n * frames), *sp = malloc(sizeof(int16_t) * n * frames);
	struct mc_plc *plc;

	dsig_noise(x, n * frames, 32768 * pow(10, -50 / 20.0), 3);
	dsig_voiced(sp, n * frames, 8000, 16000, 5);
	/* talk for 200 ms, pause for 200 ms; the gap starts right after a talk spurt */
	for (unsigned i = 0; i < n * 50; i++)
		if ((i / 1600) % 2 == 0 || i >= n * 40)
			x[i] = (int16_t)(x[i] + sp[i]);
	run(MC_CODEC_PCMU, 8000, x, frames, gap_after_1s, ref, out, &plc);
	ck_assert_msg(abs((int)mc_plc_level(plc) - 50) <= 2, "level -%u dBov", mc_plc_level(plc));
	ck_assert_double_eq_tol(dsig_dbov(out + 60 * n, 90 * n), -50, 2);
	mc_plc_destroy(plc);
	free(x);
	free(ref);
	free(out);
	free(sp);
}
END_TEST

START_TEST(noise_keeps_spectral_tilt)
{
	unsigned n = 160, frames = 150;
	int16_t *x = malloc(sizeof(int16_t) * n * frames), *ref = malloc(sizeof(int16_t) * n * frames),
		*out = malloc(sizeof(int16_t) * n * frames);
	double y = 0, in_tilt, cn_tilt;

	dsig_noise(x, n * frames, 400, 9);
	for (unsigned i = 0; i < n * frames; i++) {
		y = 0.9 * y + x[i]; /* one-pole low-pass */
		x[i] = (int16_t)lrint(y * 0.5);
	}
	run(MC_CODEC_PCMU, 8000, x, frames, gap_after_1s, ref, out, NULL);
	in_tilt = 10 * log10(dsig_goertzel(ref, 50 * n, 8000, 250) / dsig_goertzel(ref, 50 * n, 8000, 3000));
	cn_tilt = 10 * log10(dsig_goertzel(out + 60 * n, 90 * n, 8000, 250) /
			     dsig_goertzel(out + 60 * n, 90 * n, 8000, 3000));
	printf("{\"tilt_db\":{\"input\":%.1f,\"comfort_noise\":%.1f}}\n", in_tilt, cn_tilt);
	ck_assert_msg(in_tilt >= 10 && cn_tilt >= 10, "tilt in %.1f dB, noise %.1f dB", in_tilt, cn_tilt);
	free(x);
	free(ref);
	free(out);
}
END_TEST

START_TEST(no_codec_fades_in_and_good_frame_ends_gap)
{
	struct mc_plc_params pp = { .rate = 8000, .max_frame = 160 };
	struct mc_plc *plc = mc_plc_create(&pp, NULL, 0);
	int16_t x[160], y[160 * 10];

	dsig_noise(x, 160, 1000, 1);
	for (unsigned k = 0; k < 20; k++)
		mc_plc_good(plc, x, 160);
	for (unsigned f = 0; f < 10; f++)
		ck_assert_int_eq(mc_plc_conceal(plc, NULL, y + f * 160, 160), 160);
	ck_assert_uint_eq(mc_plc_gap_frames(plc), 10);
	/* fade 40 ms: ramps up over the first two frames, then at the level */
	ck_assert_double_lt(dsig_power(y, 160), dsig_power(y + 160, 160));
	ck_assert_double_eq_tol(dsig_dbov(y + 320, 160 * 8), dsig_dbov(x, 160), 1.5);
	mc_plc_good(plc, x, 160);
	ck_assert_uint_eq(mc_plc_gap_frames(plc), 0);
	ck_assert_int_lt(mc_plc_conceal(plc, NULL, y, 161), 0);
	mc_plc_destroy(plc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dsp_plc");
	TCase *tc = tcase_create("plc");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, single_losses_keep_energy, 0, 2);
	tcase_add_test(tc, long_gap_comfort_noise_at_level);
	tcase_add_test(tc, level_is_the_background);
	tcase_add_test(tc, noise_keeps_spectral_tilt);
	tcase_add_test(tc, no_codec_fades_in_and_good_frame_ends_gap);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
