/* SPDX-License-Identifier: BSD-3-Clause
 * AGC and noise suppression (mc_agc_ns.h), on signals generated here.
 *
 *  - AGC, 8/16/48 kHz, 20 ms frames: a -40 dBFS voiced signal (gliding pitch, moving
 *    formants, syllable envelope) comes out within 2.5 dB of the -18 dBFS target over
 *    the last 4 s of 12 s; a -30 dBFS one with a -15 target likewise; a -18 dBFS signal
 *    with the -18 target is not pushed up (within +1.5 dB of its input level); the
 *    reported gain follows (> 15 dB for the quiet one);
 *  - max_gain_db: with 10 dB allowed, the -40 dBFS signal gains 10 +- 2 dB, no more;
 *  - noise suppression, 8 and 16 kHz, max 15 dB: white noise at -45 dBFS alone loses
 *    at least 10 dB once the estimator has settled; then a 1 kHz tone at -20 dBFS over
 *    the same noise, in 500 ms bursts with 500 ms pauses (a steady tone is stationary,
 *    and any noise suppressor learns it as noise within a second), keeps its level
 *    within 1.5 dB (Goertzel over the bursts) while the noise in the pauses drops by at
 *    least 10 dB too;
 *  - off (both) is bit-exact; frames that are not whole sub-frames are refused and left
 *    untouched; bad settings are refused; configure keeps the learnt gain.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsig.h"
#include "mc_agc_ns.h"

static const unsigned rates[] = { 8000, 16000, 48000 };

/* x scaled to an RMS of `dbfs`. */
static void set_level(int16_t *x, unsigned n, double dbfs)
{
	double k = pow(10.0, (dbfs - dsig_dbov(x, n)) / 20.0);

	for (unsigned i = 0; i < n; i++)
		x[i] = (int16_t)lrint(x[i] * k);
}

static void run(struct mc_agc_ns *a, int16_t *x, unsigned n, unsigned frame)
{
	for (unsigned off = 0; off + frame <= n; off += frame)
		ck_assert_int_eq(mc_agc_ns_process(a, x + off, frame), 0);
}

/* Level (dBFS) of the last 4 s of 12 s of voiced signal at `in_dbfs` through AGC. */
static double agc_out(unsigned rate, double in_dbfs, int target, unsigned max_gain,
		      int *gain)
{
	unsigned n = rate * 12, tail = rate * 4;
	int16_t *x = malloc(n * sizeof(*x));
	struct mc_agc_ns_params p = { .rate = rate, .agc = true, .target_dbfs = (int8_t)target,
				      .max_gain_db = (uint8_t)max_gain };
	struct mc_agc_ns *a = mc_agc_ns_create(&p, NULL, 0);
	double out;

	ck_assert_ptr_nonnull(a);
	dsig_voiced(x, n, rate, 1000, 3);
	set_level(x, n, in_dbfs);
	run(a, x, n, rate / 50);
	out = dsig_dbov(x + n - tail, tail);
	*gain = mc_agc_ns_gain_db(a);
	mc_agc_ns_destroy(a);
	free(x);
	return out;
}

START_TEST(agc_reaches_target)
{
	unsigned rate = rates[_i];
	int g;
	double o = agc_out(rate, -40, -18, 30, &g);

	ck_assert_msg(fabs(o + 18) <= 2.5, "%u Hz: -40 dBFS came out at %.1f (target -18)", rate, o);
	ck_assert_msg(g > 15, "%u Hz: gain %d dB", rate, g);
	o = agc_out(rate, -30, -15, 30, &g);
	ck_assert_msg(fabs(o + 15) <= 2.5, "%u Hz: -30 dBFS came out at %.1f (target -15)", rate, o);
	o = agc_out(rate, -18, -18, 30, &g);
	ck_assert_msg(o <= -18 + 1.5 && o >= -18 - 2.5, "%u Hz: -18 dBFS came out at %.1f", rate, o);
	o = agc_out(rate, -40, -18, 10, &g);
	ck_assert_msg(fabs(o + 30) <= 2, "%u Hz: max 10 dB, -40 dBFS came out at %.1f", rate, o);
}
END_TEST

#define BURST_MS 500

/* Power of x over the middles of the pauses (or, burst = true, of the bursts) of the
 * gated tone, from `from` to n: a 50 ms margin each side covers the 10 ms delay. */
static double gated_power(const int16_t *x, unsigned n, unsigned rate, unsigned from,
			  bool burst, double hz)
{
	unsigned half = rate / 1000 * BURST_MS, margin = rate / 20;
	double sum = 0;
	unsigned k = 0;

	for (unsigned s = from + (burst ? 0 : half); s + half <= n; s += 2 * half, k++)
		sum += hz > 0 ? dsig_goertzel(x + s + margin, half - 2 * margin, rate, hz) :
				dsig_power(x + s + margin, half - 2 * margin);
	return sum / k;
}

START_TEST(ns_lowers_noise_keeps_tone)
{
	unsigned rate = rates[_i], sec = rate, n = 8 * sec, m = 4 * sec;
	unsigned half = rate / 1000 * BURST_MS, ramp = rate / 100;
	int16_t *x = malloc(n * sizeof(*x)), *ref = malloc(n * sizeof(*ref));
	int16_t *tone = malloc(m * sizeof(*tone));
	struct mc_agc_ns_params p = { .rate = rate, .ns = true, .ns_max_db = 15 };
	struct mc_agc_ns *a = mc_agc_ns_create(&p, NULL, 0);
	double dn, dt, dg;

	ck_assert_ptr_nonnull(a);
	dsig_noise(x, n, 32768.0 * pow(10.0, -45 / 20.0), 7);
	dsig_tone(tone, m, rate, 1000, 32768.0 * sqrt(2.0) * pow(10.0, -20 / 20.0), 0);
	for (unsigned i = 0; i < m; i++) {   /* tone bursts over the noise from 4 s on */
		unsigned ph = i % (2 * half);
		double g = ph >= half ? 0 : ph < ramp ? (double)ph / ramp :
			   ph > half - ramp ? (double)(half - ph) / ramp : 1;

		x[n - m + i] = (int16_t)lrint(x[n - m + i] + g * tone[i]);
	}
	memcpy(ref, x, n * sizeof(*x));
	run(a, x, n, rate / 50);
	/* noise alone, 2..4 s */
	dn = 10 * log10(dsig_power(ref + 2 * sec, 2 * sec) / dsig_power(x + 2 * sec, 2 * sec));
	/* bursts and pauses after the first of each */
	dt = 10 * log10(gated_power(x, n, rate, n - m + 2 * half, true, 1000) /
			gated_power(ref, n, rate, n - m + 2 * half, true, 1000));
	dg = 10 * log10(gated_power(ref, n, rate, n - m + 2 * half, false, 0) /
			gated_power(x, n, rate, n - m + 2 * half, false, 0));
	if (getenv("AGC_NS_VERBOSE"))
		printf("%u Hz: noise -%.1f dB, tone %+.2f dB, pauses -%.1f dB\n", rate, dn, dt, dg);
	ck_assert_msg(dn >= 10, "%u Hz: noise alone lowered by %.1f dB", rate, dn);
	ck_assert_msg(fabs(dt) <= 1.5, "%u Hz: tone level changed by %.2f dB", rate, dt);
	ck_assert_msg(dg >= 10, "%u Hz: noise between the bursts lowered by %.1f dB", rate, dg);
	mc_agc_ns_destroy(a);
	free(x);
	free(ref);
	free(tone);
}
END_TEST

START_TEST(off_is_bit_exact)
{
	unsigned rate = 16000, n = rate * 2;
	int16_t *x = malloc(n * sizeof(*x)), *ref = malloc(n * sizeof(*x));
	struct mc_agc_ns_params p = { .rate = rate };
	struct mc_agc_ns *a = mc_agc_ns_create(&p, NULL, 0);

	ck_assert_ptr_nonnull(a);
	dsig_voiced(x, n, rate, 3000, 1);
	memcpy(ref, x, n * sizeof(*x));
	run(a, x, n, rate / 50);
	ck_assert_int_eq(memcmp(x, ref, n * sizeof(*x)), 0);
	ck_assert_int_eq(mc_agc_ns_gain_db(a), 0);
	/* a frame that is not whole 10 ms sub-frames: refused, untouched, even when on */
	p.agc = true;
	p.target_dbfs = -18;
	p.max_gain_db = 30;
	ck_assert_int_eq(mc_agc_ns_configure(a, &p), 0);
	ck_assert_int_eq(mc_agc_ns_process(a, x, rate / 100 + 1), -EINVAL);
	ck_assert_int_eq(memcmp(x, ref, n * sizeof(*x)), 0);
	mc_agc_ns_destroy(a);
	free(x);
	free(ref);
}
END_TEST

START_TEST(settings_checked_and_kept)
{
	struct mc_agc_ns_params ok = { .rate = 8000, .agc = true, .target_dbfs = -18,
				       .max_gain_db = 30 }, p;
	struct mc_agc_ns *a;
	unsigned n = 8000 * 6;
	int16_t *x = malloc(n * sizeof(*x));
	char err[96];
	int g;

	p = ok; p.rate = 8001;
	ck_assert_ptr_null(mc_agc_ns_create(&p, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "rate"));
	p = ok; p.target_dbfs = -5;
	ck_assert_ptr_null(mc_agc_ns_create(&p, err, sizeof(err)));
	p = ok; p.max_gain_db = 41;
	ck_assert_ptr_null(mc_agc_ns_create(&p, err, sizeof(err)));
	p = ok; p.ns = true; p.ns_max_db = 0;
	ck_assert_ptr_null(mc_agc_ns_create(&p, err, sizeof(err)));
	a = mc_agc_ns_create(&ok, err, sizeof(err));
	ck_assert_ptr_nonnull(a);
	dsig_voiced(x, n, 8000, 1000, 2);
	set_level(x, n, -40);
	run(a, x, n, 160);
	g = mc_agc_ns_gain_db(a);
	ck_assert_int_gt(g, 10);
	/* another target at the same rate keeps the gain learnt so far */
	p = ok; p.target_dbfs = -20; p.ns = true; p.ns_max_db = 10;
	ck_assert_int_eq(mc_agc_ns_configure(a, &p), 0);
	run(a, x, 160, 160);
	ck_assert_int_ge(mc_agc_ns_gain_db(a), g - 1);
	p.rate = 16000;
	ck_assert_int_eq(mc_agc_ns_configure(a, &p), -EINVAL);
	ck_assert_int_eq(mc_agc_ns_params(a)->target_dbfs, -20);
	mc_agc_ns_destroy(a);
	free(x);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dsp_agc_ns");
	TCase *tc = tcase_create("agc_ns");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, agc_reaches_target, 0, 3);
	tcase_add_loop_test(tc, ns_lowers_noise_keeps_tone, 0, 2);
	tcase_add_test(tc, off_is_bit_exact);
	tcase_add_test(tc, settings_checked_and_kept);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
