/* The per-leg accumulator (loss pattern -> Ppl and BurstR -> R, delay figures
 * -> Ta), the codec table and the quality alarm. Expected R values are derived
 * in the comments from G.107 (see test_emodel.c for the default terms:
 * Ro = 94.769, Is = 1.414). */
#include <check.h>
#include <math.h>

#include "mc_quality.h"
#include "mc_quality_alarm.h"

static void feed(struct mc_quality_leg *q, unsigned n, bool (*lost)(unsigned))
{
	for (unsigned i = 0; i < n; i++)
		mc_quality_frame(q, lost(i));
}

static bool none(unsigned i)
{
	(void)i;
	return false;
}

/* every 50th frame: 49, 99, ..., 999 */
static bool periodic(unsigned i)
{
	return i % 50 == 49;
}

/* four bursts of five: 100-104, 300-304, 500-504, 700-704 */
static bool bursts(unsigned i)
{
	return i >= 100 && i < 800 && (i - 100) % 200 < 5;
}

static bool all(unsigned i)
{
	(void)i;
	return true;
}

/* PCMU, ptime 20, PLC, no RTT, no jitter-buffer delay: Ta = T = 20, Tr = 40.
 *   TERV = 65 - 40 log(3 / 1.1333) = 48.089, Re = 165.224,
 *   Idte = -35.227 + sqrt(35.227^2 + 100) - 1 = 0.392 (x (1 - e^-20) = 1)
 *   Rle = 1228.5 / 41^0.25 = 485.49, Idle = -195.36 + sqrt(195.36^2 + 169) = 0.432
 *   Idd = 0; Id = 0.824. R = 94.769 - 1.414 - 0.824 = 92.531; MOS = 4.396.
 * Transitions are counted into the frame, so the first frame of an interval
 * counts the transition from the last frame of the previous one.
 * Periodic 2 % (1 in 50, the last frame lost), after a clean interval: 980
 *   received, 20 lost. Transitions out of a received frame: the previous
 *   interval's last one plus the 980 received here = 981, 20 of them into a
 *   loss: p = 20/981; the 19 earlier losses are each followed by a received
 *   frame: q = 1. BurstR = 1 / (1 + 20/981) = 981/1001 = 0.98002 (more regular
 *   than random). Ie,eff = 95 * 2 / (2 / 0.98002 + 25.1) = 7.001
 *   -> R = 85.531, MOS 4.215.
 * Bursty 2 % (4 bursts of 5), after an interval ending in a received frame:
 *   out of received 1 + 979 = 980, 4 into a loss: p = 4/980; 20 losses, 16
 *   followed by a loss, 4 by a received frame: q = 0.2.
 *   BurstR = 1 / (0.2 + 0.0040816) = 4.900.
 *   Ie,eff = 190 / (2 / 4.9 + 25.1) = 7.449 -> R = 85.083, MOS 4.201. */
START_TEST(intervals_min_avg)
{
	struct mc_quality_leg q;
	mc_quality_init(&q, mc_quality_codec_find("PCMU", 8000), 20, true);
	ck_assert_int_eq(mc_quality_update(&q), -1); /* nothing to rate yet */
	ck_assert_uint_eq(q.intervals, 0);

	feed(&q, 1000, none);
	ck_assert_int_eq(mc_quality_update(&q), 0);
	ck_assert_double_eq_tol(q.ta_ms, 20, 1e-9);
	ck_assert_double_eq_tol(q.ppl, 0, 1e-12);
	ck_assert_double_eq_tol(q.r, 92.531, 0.01);
	ck_assert_double_eq_tol(q.mos, 4.396, 0.002);
	ck_assert_double_eq_tol(q.r_lq, 92.531 + 0.824, 0.01); /* delay left out */

	feed(&q, 1000, periodic);
	ck_assert_uint_eq(q.lost, 20);
	ck_assert_uint_eq(q.rl, 20);
	ck_assert_uint_eq(q.lr, 19);
	ck_assert_int_eq(mc_quality_update(&q), 0);
	ck_assert_double_eq_tol(q.ppl, 2, 1e-12);
	ck_assert_double_eq_tol(q.burst_r, 981.0 / 1001, 1e-9);
	ck_assert_double_eq_tol(q.r, 85.531, 0.01);
	ck_assert_double_eq_tol(q.mos, 4.215, 0.002);

	/* the loss that ended the last interval is followed by a received frame:
	 * that transition belongs to the new interval */
	mc_quality_frame(&q, false);
	ck_assert_uint_eq(q.lr, 1);
	feed(&q, 999, bursts);
	ck_assert_int_eq(mc_quality_update(&q), 0);
	/* the carried frame adds one received frame and one l->r transition.
	 * Out of received: the carried frame and frames 0..997 of the loop less
	 * its 20 losses = 979, 4 into a loss: p = 4/979; out of a loss: the old
	 * one and the 20 new = 21, 5 into a received frame:
	 * q = 5/21. BurstR = 1 / (0.23810 + 0.00409) = 4.129, Ie,eff = 190 /
	 * (2 / 4.129 + 25.1) = 7.426 -> R = 85.105 */
	ck_assert_double_eq_tol(q.burst_r, 4.129, 0.001);
	ck_assert_double_eq_tol(q.r, 85.105, 0.01);

	feed(&q, 1000, bursts);
	ck_assert_int_eq(mc_quality_update(&q), 0);
	ck_assert_double_eq_tol(q.burst_r, 4.9, 1e-9);
	ck_assert_double_eq_tol(q.r, 85.083, 0.01);
	ck_assert_double_eq_tol(q.mos, 4.201, 0.002);

	ck_assert_uint_eq(q.intervals, 4);
	ck_assert_double_eq_tol(q.r_min, 85.083, 0.01);
	ck_assert_double_eq_tol(q.mos_min, 4.201, 0.002);
	ck_assert_double_eq_tol(mc_quality_r_avg(&q), (92.531 + 85.531 + 85.105 + 85.083) / 4,
				0.01);
	ck_assert_double_eq_tol(mc_quality_mos_avg(&q), q.mos_sum / 4, 1e-12);
	ck_assert_int_eq(mc_quality_update(&q), -1);
	ck_assert_uint_eq(q.intervals, 4);
	ck_assert_double_eq_tol(q.r, 85.083, 0.01); /* unchanged */
}
END_TEST

/* RTT 300 ms and 60 ms in the jitter buffer: Ta = 150 + 60 + 20 = 230.
 *   TERV = 65 - 40 log(24 / 2.5333) = 25.939, Re = 109.848, Idte = 3.984;
 *   Rle = 1228.5 / 461^0.25 = 265.12, Idle = 0.986;
 *   X = log2(2.3) = 1.2016, Idd = 25 ((1 + X^6)^(1/6) - 3 (1 + (X/3)^6)^(1/6) + 2)
 *   = 6.460. R = 94.769 - 1.414 - 11.431 = 81.925, MOS 4.095.
 * Then an unknown RTT (-1) keeps 300; jitter buffer 0: Ta = 170, R = 88.576. */
START_TEST(delay_inputs)
{
	struct mc_quality_leg q;
	mc_quality_init(&q, mc_quality_codec_find("pcma", 8000), 20, true);
	mc_quality_set_delay(&q, 300, 60);
	feed(&q, 100, none);
	mc_quality_update(&q);
	ck_assert_double_eq_tol(q.ta_ms, 230, 1e-9);
	ck_assert_double_eq_tol(q.r, 81.925, 0.01);
	ck_assert_double_eq_tol(q.mos, 4.095, 0.002);
	ck_assert_double_eq_tol(q.r_lq, 81.925 + 11.431, 0.01);
	mc_quality_set_delay(&q, -1, 0);
	feed(&q, 100, none);
	mc_quality_update(&q);
	ck_assert_double_eq_tol(q.ta_ms, 170, 1e-9);
	ck_assert_double_eq_tol(q.r, 88.576, 0.01);
}
END_TEST

/* G.729: Ie 11, Bpl 19, lookahead 5 ms, so Ta = 25: TERV = 45.915, Re = 159.788,
 * Idte = 0.503; Rle = 1228.5 / 51^0.25 = 459.71, Idle = 0.463; R = 94.769
 * - 1.414 - 0.966 - 11 = 81.389. Opus is rated on the wideband scale. */
START_TEST(codec_profiles)
{
	const struct mc_quality_codec *c = mc_quality_codec_find("G729", 8000);
	ck_assert_ptr_nonnull(c);
	struct mc_quality_leg q;
	mc_quality_init(&q, c, 20, true);
	ck_assert_double_eq_tol(q.base.ie, 11, 1e-12);
	ck_assert_double_eq_tol(q.base.bpl, 19, 1e-12);
	feed(&q, 50, none);
	mc_quality_update(&q);
	ck_assert_double_eq_tol(q.ta_ms, 25, 1e-9);
	ck_assert_double_eq_tol(q.r, 81.389, 0.01);

	mc_quality_init(&q, mc_quality_codec_find("PCMU", 8000), 20, false);
	ck_assert_double_eq_tol(q.base.bpl, 4.3, 1e-12);

	c = mc_quality_codec_find("OPUS", 48000);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->scale, MC_EMODEL_WB);
	mc_quality_init(&q, c, 20, true);
	feed(&q, 50, none);
	mc_quality_update(&q);
	ck_assert_double_gt(q.r, 100);
	ck_assert_double_le(q.r, 129);
	ck_assert_double_le(q.mos, 4.5);
	ck_assert_double_gt(q.mos, 4.0);
	ck_assert_ptr_nonnull(mc_quality_codec_find("G722", 8000));
	ck_assert_ptr_null(mc_quality_codec_find("opus", 8000));
	ck_assert_ptr_null(mc_quality_codec_find("GSM", 8000));
	ck_assert_ptr_null(mc_quality_codec_find(NULL, 8000));
}
END_TEST

/* Nothing received: Ppl 100, BurstR 1 (no transition out of the received
 * state), Ie,eff = 95 * 100 / 125.1 = 75.94 -> R = 92.531 - 75.94 = 16.59,
 * MOS = 1 + 0.581 + 16.59 * (-43.41) * 83.41 * 7e-6 = 1.160. */
START_TEST(all_lost)
{
	struct mc_quality_leg q;
	mc_quality_init(&q, NULL, 20, true);
	feed(&q, 250, all);
	ck_assert_int_eq(mc_quality_update(&q), 0);
	ck_assert_double_eq_tol(q.ppl, 100, 1e-12);
	ck_assert_double_eq_tol(q.burst_r, 1, 1e-12);
	ck_assert_double_eq_tol(q.r, 16.59, 0.02);
	ck_assert_double_eq_tol(q.mos, 1.160, 0.003);
}
END_TEST

/* XR encodings: unavailable (127) before any interval. PCMU clean at Ta = 20:
 * R 92.531 -> 93, MOS-CQ 4.396 -> 44, MOS-LQ from R 93.355: 1 + 3.267 +
 * 93.355 * 33.355 * 6.645 * 7e-6 = 4.412 -> 44. Opus (WB scale) clean, Ta =
 * 20 + 6.5 lookahead = 26.5: Idte 0.536 + Idle 0.471 = Id 1.007 (as in
 * test_emodel.c's delay rows), R_WB = 129 - 1.29 * 1.007 - 11 (Ie) = 116.701
 * -> 116.701 / 1.29 = 90.47 -> 90. */
START_TEST(xr_encoding)
{
	struct mc_quality_leg q;
	uint8_t r, lq, cq;
	mc_quality_init(&q, mc_quality_codec_find("PCMU", 8000), 20, true);
	mc_quality_xr_fields(&q, &r, &lq, &cq);
	ck_assert_uint_eq(r, 127);
	ck_assert_uint_eq(lq, 127);
	ck_assert_uint_eq(cq, 127);
	feed(&q, 100, none);
	mc_quality_update(&q);
	mc_quality_xr_fields(&q, &r, &lq, &cq);
	ck_assert_uint_eq(r, 93);
	ck_assert_uint_eq(cq, 44);
	ck_assert_uint_eq(lq, 44);
	mc_quality_init(&q, mc_quality_codec_find("opus", 48000), 20, true);
	feed(&q, 100, none);
	mc_quality_update(&q);
	ck_assert_double_eq_tol(q.r, 116.701, 0.01);
	mc_quality_xr_fields(&q, &r, &lq, &cq);
	ck_assert_uint_eq(r, 90);
}
END_TEST

START_TEST(alarm_hold_and_clear)
{
	struct mc_quality_alarm a;
	mc_quality_alarm_init(&a, 3.6, 10000);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 0, 4.2), MC_QALARM_NONE);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 5000, 3.0), MC_QALARM_NONE);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 10000, 3.0), MC_QALARM_NONE);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 15000, 3.1), MC_QALARM_RAISED);
	ck_assert(a.active);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 20000, 3.0), MC_QALARM_NONE);
	/* a good reading that does not last does not clear it */
	ck_assert_int_eq(mc_quality_alarm_update(&a, 25000, 4.0), MC_QALARM_NONE);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 30000, 3.0), MC_QALARM_NONE);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 35000, 4.0), MC_QALARM_NONE);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 40000, 3.6), MC_QALARM_NONE);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 45000, 4.1), MC_QALARM_CLEARED);
	ck_assert(!a.active);
	/* a bad reading that does not last does not raise it */
	ck_assert_int_eq(mc_quality_alarm_update(&a, 50000, 2.0), MC_QALARM_NONE);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 55000, 4.0), MC_QALARM_NONE);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 62000, 2.0), MC_QALARM_NONE);
	ck_assert(!a.active);

	mc_quality_alarm_init(&a, 3.6, 0); /* no hold: every crossing is an edge */
	ck_assert_int_eq(mc_quality_alarm_update(&a, 0, 3.5), MC_QALARM_RAISED);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 1, 3.5), MC_QALARM_NONE);
	ck_assert_int_eq(mc_quality_alarm_update(&a, 2, 3.6), MC_QALARM_CLEARED);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("quality_leg");
	TCase *tc = tcase_create("leg");
	tcase_add_test(tc, intervals_min_avg);
	tcase_add_test(tc, delay_inputs);
	tcase_add_test(tc, codec_profiles);
	tcase_add_test(tc, all_lost);
	tcase_add_test(tc, xr_encoding);
	tcase_add_test(tc, alarm_hold_and_clear);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
