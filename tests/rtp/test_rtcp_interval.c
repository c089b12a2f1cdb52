/* RTCP transmission interval (RFC 3550 6.3, A.7) with an injected random
 * source: the deterministic interval and its minimums, the randomisation
 * bounds and distribution, and timer reconsideration, forward and reverse.
 * C = e - 1.5 = 1.2182818. */
#include <check.h>
#include <stdint.h>

#include "mc_rtcp_interval.h"

static double fixed(void *ctx)
{
	return *(const double *)ctx;
}

/* 64-bit LCG (Knuth's MMIX constants), top 53 bits as a double in [0, 1). */
static double lcg(void *ctx)
{
	uint64_t *x = ctx;
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return (double)(*x >> 11) / 9007199254740992.0;
}

/* Td = avg_size * n / bw, at least 5 s (2.5 s initial):
 *   2 members, 1 sender (> 2/4, no split), bw 500: 100 * 2 / 500 = 0.4 -> 5
 *   1000 members, 10 senders (<= 250: split):
 *     receiver: bw 750, n 990: 100 * 990 / 750 = 132
 *     sender:   bw 250, n 10: 100 * 10 / 250 = 4 -> 5; with 200 octets: 8
 *   1000 members, 300 senders (> 250, no split): 100 * 1000 / 1000 = 100 */
START_TEST(deterministic)
{
	ck_assert_double_eq_tol(mc_rtcp_interval_det(2, 1, 500, true, 100, false), 5, 1e-12);
	ck_assert_double_eq_tol(mc_rtcp_interval_det(2, 1, 500, true, 100, true), 2.5, 1e-12);
	ck_assert_double_eq_tol(mc_rtcp_interval_det(1000, 10, 1000, false, 100, false), 132,
				1e-9);
	ck_assert_double_eq_tol(mc_rtcp_interval_det(1000, 10, 1000, true, 100, false), 5,
				1e-12);
	ck_assert_double_eq_tol(mc_rtcp_interval_det(1000, 10, 1000, true, 200, false), 8,
				1e-9);
	ck_assert_double_eq_tol(mc_rtcp_interval_det(1000, 300, 1000, false, 100, false), 100,
				1e-9);
	ck_assert_double_eq_tol(mc_rtcp_interval_det(1000, 300, 1000, false, 100, true), 100,
				1e-9); /* the initial halving is of the minimum only */
	ck_assert_double_eq_tol(mc_rtcp_interval_det(2, 1, 0, true, 100, false), 5, 1e-12);
}
END_TEST

/* Td = 5: r = 0 -> 2.5 / C = 2.05207; r = 0.5 -> 5 / C = 4.10414 (the mean);
 * r -> 1 -> 7.5 / C = 6.15621. Initial Td = 2.5: half of each. */
START_TEST(randomised_bounds)
{
	double r = 0;
	ck_assert_double_eq_tol(mc_rtcp_interval(2, 1, 500, true, 100, false, fixed, &r),
				2.05207, 1e-5);
	r = 0.5;
	ck_assert_double_eq_tol(mc_rtcp_interval(2, 1, 500, true, 100, false, fixed, &r),
				4.10414, 1e-5);
	r = 0.999999;
	ck_assert_double_eq_tol(mc_rtcp_interval(2, 1, 500, true, 100, false, fixed, &r),
				6.15621, 1e-4);
	r = 0;
	ck_assert_double_eq_tol(mc_rtcp_interval(2, 1, 500, true, 100, true, fixed, &r),
				1.02604, 1e-5);
}
END_TEST

/* 20000 draws: all within [2.05207, 6.15621), mean 4.10414 (the standard error
 * is 1.185 / sqrt(20000) = 0.008, the tolerance 0.04), each quarter of the
 * range holds a quarter of the draws (+- 2 %), and the extremes come close to
 * the bounds. Seeded, so the run is the same every time. */
START_TEST(distribution)
{
	uint64_t seed = 42;
	const double lo = 2.5 / MC_RTCP_COMPENSATION, hi = 7.5 / MC_RTCP_COMPENSATION;
	unsigned bins[4] = {0};
	double sum = 0, min = 1e9, max = 0;
	const unsigned n = 20000;
	for (unsigned i = 0; i < n; i++) {
		double t = mc_rtcp_interval(2, 1, 500, true, 100, false, lcg, &seed);
		ck_assert(t >= lo && t < hi);
		sum += t;
		min = t < min ? t : min;
		max = t > max ? t : max;
		bins[(unsigned)((t - lo) / (hi - lo) * 4)]++;
	}
	ck_assert_double_eq_tol(sum / n, 5 / MC_RTCP_COMPENSATION, 0.04);
	for (unsigned b = 0; b < 4; b++)
		ck_assert_uint_le(bins[b] > n / 4 ? bins[b] - n / 4 : n / 4 - bins[b], n / 50);
	ck_assert_double_lt(min, lo + 0.01);
	ck_assert_double_gt(max, hi - 0.01);
}
END_TEST

/* r fixed at 0.5, so every interval is Td / C.
 * init at 100: one member, no sender, bw 500, first size 100, initial:
 *   receivers' share 375, n 1: 0.27 -> 2.5; T = 2.05207 -> tn = 102.05207
 * 199 members join at 101. Expiry at 102.06 reconsiders: n 200, 100 * 200 / 375
 *   = 53.333, T = 43.7775, tp + T = 143.7775 > now: nothing sent, tn moves.
 * 180 leave at 110: tn = 110 + (20/200)(143.7775 - 110) = 113.37775,
 *   tp = 110 - 0.1 (110 - 100) = 109.
 * Expiry at 113.5: n 20: 5.333 / C = 4.37775, tp + T = 113.37775 <= 113.5: send.
 * Sent 196 octets: avg = 196/16 + 100 * 15/16 = 106; no longer initial;
 *   Td = 106 * 20 / 375 = 5.6533, T = 4.64042, tn = 118.14042.
 * Received 356 octets: avg = 356/16 + 106 * 15/16 = 121.625. */
START_TEST(reconsideration)
{
	double r = 0.5;
	struct mc_rtcp_timer t;
	mc_rtcp_timer_init(&t, 100, 500, 100, fixed, &r);
	ck_assert(t.initial);
	ck_assert_double_eq_tol(t.tn, 102.05207, 1e-5);
	ck_assert(!mc_rtcp_timer_expire(&t, 101));
	ck_assert_double_eq_tol(t.tn, 102.05207, 1e-5);
	mc_rtcp_timer_members(&t, 101, 200, 0);
	ck_assert(!mc_rtcp_timer_expire(&t, 102.06));
	ck_assert_double_eq_tol(t.tn, 143.77750, 1e-5);
	mc_rtcp_timer_members(&t, 110, 20, 0);
	ck_assert_double_eq_tol(t.tn, 113.37775, 1e-5);
	ck_assert_double_eq_tol(t.tp, 109, 1e-9);
	ck_assert(!mc_rtcp_timer_expire(&t, 113.3));
	ck_assert(mc_rtcp_timer_expire(&t, 113.5));
	mc_rtcp_timer_sent(&t, 113.5, 196);
	ck_assert(!t.initial);
	ck_assert_double_eq_tol(t.avg_rtcp_size, 106, 1e-9);
	ck_assert_double_eq_tol(t.tp, 113.5, 1e-9);
	ck_assert_double_eq_tol(t.tn, 118.14042, 1e-5);
	mc_rtcp_timer_received(&t, 356);
	ck_assert_double_eq_tol(t.avg_rtcp_size, 121.625, 1e-9);
}
END_TEST

/* Two parties, both sending: the interval after the first report is 5 s
 * before randomisation, so successive reports are 2.05..6.16 s apart (mean
 * 4.1); the first comes after 1.03..3.08 s. */
START_TEST(point_to_point)
{
	uint64_t seed = 7;
	struct mc_rtcp_timer t;
	mc_rtcp_timer_init(&t, 0, 500, 100, lcg, &seed);
	mc_rtcp_timer_members(&t, 0, 2, 2);
	t.we_sent = true;
	ck_assert(t.tn >= 1.02604 && t.tn < 3.07811);
	double now = 0, last = 0;
	unsigned sent = 0;
	while (sent < 50) {
		now += 0.01;
		if (mc_rtcp_timer_expire(&t, now)) {
			if (sent)
				ck_assert(now - last >= 2.05207 - 0.011 && now - last < 6.15622 + 0.011);
			last = now;
			mc_rtcp_timer_sent(&t, now, 100);
			sent++;
		}
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtcp_interval");
	TCase *tc = tcase_create("interval");
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, randomised_bounds);
	tcase_add_test(tc, distribution);
	tcase_add_test(tc, reconsideration);
	tcase_add_test(tc, point_to_point);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
