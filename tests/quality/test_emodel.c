/* The E-model against worked values. Every expected number is derived in the
 * comments from the G.107 formulas, step by step, so a wrong term shows which
 * clause broke. Abbreviations: Ie,eff = Ie + (95 - Ie) Ppl / (Ppl/BurstR + Bpl). */
#include <check.h>
#include <math.h>

#include "mc_emodel.h"

static struct mc_emodel_params defaults(void)
{
	struct mc_emodel_params p;
	mc_emodel_defaults(&p);
	return p;
}

/* Default parameters (G.107 Table 3):
 *   OLR = SLR + RLR = 10
 *   Nos = 35 - 8 - 3 - 100 + 0.004 (35 - 10 - 3 - 14)^2 = -76 + 0.256 = -75.744
 *   Pre = 35 + 10 log(1 + 10^-0.8) = 35 + 0.639 = 35.639
 *   Nor = 2 - 121 + 35.639 + 0.008 (0.639)^2 = -83.358
 *   Nfo = -64 + 2 = -62
 *   No = 10 log(10^-7 + 10^-7.5744 + 10^-8.3358 + 10^-6.2) = -61.179
 *   Ro = 15 - 1.5 (8 - 61.179) = 94.769
 *   Xolr = 10 + 0.2 (64 - 61.179 - 2) = 10.164; Iolr = 20 ((1 + 1.2705^8)^(1/8)
 *        - 1.2705) = 0.440
 *   STMRo = -10 log(10^-1.5 + 10^-6.5) = 15.000 -> Ist = -0.001
 *   Q = 37, G = 1.07 + 9.546 + 82.414 = 93.03, Y = -0.349 + 5.476 - 10.337
 *       = -5.210, Z = 1.533 - 2.326 = -0.792 -> Iq = 15 log(1 + 10^Y + 10^Z)
 *       = 0.974
 *   Is = 0.440 - 0.001 + 0.974 = 1.414
 *   Idte = 0 (T = 0: the factor 1 - e^-T is 0)
 *   Rle = 10.5 (110 + 7) (0 + 1)^-0.25 = 1228.5; Idle = (94.769 - 1228.5)/2
 *        + sqrt(566.87^2 + 169) = 0.149
 *   Idd = 0 (Ta <= 100)
 *   R = 94.769 - 1.414 - 0.149 - 0 + 0 = 93.206 */
START_TEST(default_r_93_2)
{
	struct mc_emodel_params p = defaults();
	ck_assert_double_eq_tol(mc_emodel_no(&p), -61.179, 0.005);
	ck_assert_double_eq_tol(mc_emodel_ro(&p), 94.769, 0.005);
	ck_assert_double_eq_tol(mc_emodel_is(&p), 1.414, 0.005);
	ck_assert_double_eq_tol(mc_emodel_ist(&p), -0.001, 0.005);
	ck_assert_double_eq_tol(mc_emodel_idte(&p), 0, 1e-9);
	ck_assert_double_eq_tol(mc_emodel_idle(&p), 0.149, 0.005);
	ck_assert_double_eq_tol(mc_emodel_idd(&p), 0, 1e-9);
	ck_assert_double_eq_tol(mc_emodel_ie_eff(&p), 0, 1e-9);
	ck_assert_double_eq_tol(mc_emodel_r(&p), 93.2, 0.1);
	ck_assert_double_eq_tol(mc_emodel_r(&p), 93.206, 0.01);
}
END_TEST

struct loss_case {
	const char *what;
	double ie, bpl, ppl, burst_r;
	double ie_eff, r; /* hand-computed */
};

/* R = 93.206 - Ie,eff in every row (the loss terms are independent of the rest).
 * G.711 with PLC (Bpl 25.1), random loss:
 *   1 %: 95 * 1 / (1 + 25.1) = 3.640  -> R = 89.566
 *   2 %: 95 * 2 / (2 + 25.1) = 7.011  -> R = 86.195
 *   5 %: 95 * 5 / (5 + 25.1) = 15.781 -> R = 77.425
 * G.711 without PLC (Bpl 4.3), 1 %: 95 / 5.3 = 17.925 -> R = 75.281
 * G.729A (Ie 11, Bpl 19):
 *   0 %: 11 -> R = 82.206
 *   3 %: 11 + 84 * 3 / (3 + 19) = 11 + 11.455 = 22.455 -> R = 70.752
 * Bursty against random at the same loss:
 *   G.729A 3 %, BurstR 3: 11 + 84 * 3 / (1 + 19) = 23.600 -> R = 69.606 (< 70.752)
 *   G.711 PLC 5 %, BurstR 4: 95 * 5 / (1.25 + 25.1) = 18.027 -> R = 75.180 (< 77.425) */
static const struct loss_case loss_cases[] = {
	{"g711 plc 1%", 0, 25.1, 1, 1, 3.640, 89.566},
	{"g711 plc 2%", 0, 25.1, 2, 1, 7.011, 86.195},
	{"g711 plc 5%", 0, 25.1, 5, 1, 15.781, 77.425},
	{"g711 no plc 1%", 0, 4.3, 1, 1, 17.925, 75.281},
	{"g729a 0%", 11, 19, 0, 1, 11.000, 82.206},
	{"g729a 3%", 11, 19, 3, 1, 22.455, 70.752},
	{"g729a 3% burst 3", 11, 19, 3, 3, 23.600, 69.606},
	{"g711 plc 5% burst 4", 0, 25.1, 5, 4, 18.027, 75.180},
};

START_TEST(loss_table)
{
	const struct loss_case *c = &loss_cases[_i];
	struct mc_emodel_params p = defaults();
	p.ie = c->ie;
	p.bpl = c->bpl;
	p.ppl = c->ppl;
	p.burst_r = c->burst_r;
	ck_assert_msg(fabs(mc_emodel_ie_eff(&p) - c->ie_eff) < 0.005, "%s: Ie,eff %f",
		      c->what, mc_emodel_ie_eff(&p));
	ck_assert_msg(fabs(mc_emodel_r(&p) - c->r) < 0.01, "%s: R %f", c->what,
		      mc_emodel_r(&p));
}
END_TEST

START_TEST(bursty_worse_than_random)
{
	struct mc_emodel_params p = defaults();
	p.bpl = 25.1;
	p.ppl = 2;
	double prev = mc_emodel_r(&p);
	for (double br = 1.5; br <= 8; br += 0.5) {
		p.burst_r = br;
		double r = mc_emodel_r(&p);
		ck_assert_double_lt(r, prev);
		prev = r;
	}
}
END_TEST

struct delay_case {
	double ta;
	double idte, idle, idd, r;
};

/* One-way delay d with T = Ta = d and Tr = 2d, G.711, no loss; Ro and Is as
 * for the defaults (STMRo stays 15.000, so Is = 1.414); Roe = -1.5 (No - RLR)
 * = 94.769. With TERV = 65 - 40 log((1 + d/10) / (1 + d/150)) (+ 6 e^(-0.3 d^2) = 0),
 * Re = 80 + 2.5 (TERV - 14), Idte = (Roe - Re)/2 + sqrt((Roe - Re)^2/4 + 100) - 1,
 * Rle = 1228.5 (Tr + 1)^-0.25, Idle = (Ro - Rle)/2 + sqrt((Ro - Rle)^2/4 + 169),
 * X = log2(d / 100), Idd = 25 ((1 + X^6)^(1/6) - 3 (1 + (X/3)^6)^(1/6) + 2):
 * d = 150: TERV = 65 - 40 log(16/2) = 28.876, Re = 117.191,
 *          Idte = -11.211 + 15.022 - 1 = 2.812; Rle = 1228.5 / 301^0.25 = 294.94,
 *          Idle = 0.841; X = 0.585, Idd = 25 (1.00656 - 3.00003 + 2) = 0.164
 *          R = 94.769 - 1.414 - (2.812 + 0.841 + 0.164) = 89.539
 * d = 250: TERV = 65 - 40 log(26/2.6667) = 25.440, Re = 108.600, Idte = 4.243;
 *          Rle = 259.67, Idle = 1.019; X = 1.3219, Idd = 8.917
 *          R = 94.769 - 1.414 - 14.178 = 79.177
 * d = 400: TERV = 65 - 40 log(41/3.6667) = 23.060, Re = 102.649, Idte = 5.808;
 *          Rle = 230.92, Idle = 1.230; X = 2, Idd = 25 (65^(1/6) - 3 (1 +
 *          (2/3)^6)^(1/6) + 2) = 25 (2.00554 - 3.04238 + 2) = 24.070
 *          R = 94.769 - 1.414 - 31.108 = 62.247 */
static const struct delay_case delay_cases[] = {
	{150, 2.812, 0.841, 0.164, 89.539},
	{250, 4.243, 1.019, 8.917, 79.177},
	{400, 5.808, 1.230, 24.070, 62.247},
};

START_TEST(delay_table)
{
	const struct delay_case *c = &delay_cases[_i];
	struct mc_emodel_params p = defaults();
	p.ta = p.t = c->ta;
	p.tr = 2 * c->ta;
	ck_assert_double_eq_tol(mc_emodel_idte(&p), c->idte, 0.005);
	ck_assert_double_eq_tol(mc_emodel_idle(&p), c->idle, 0.005);
	ck_assert_double_eq_tol(mc_emodel_idd(&p), c->idd, 0.005);
	ck_assert_double_eq_tol(mc_emodel_r(&p), c->r, 0.01);
}
END_TEST

/* Delay sensitivity (G.107 mT, sT). mT = 150, Ta = 300: X = log2(2) = 1,
 * Idd = 25 (2^(1/6) - 3 (1 + 3^-6)^(1/6) + 2) = 25 (1.12246 - 3.00069 + 2)
 * = 3.044. sT = 0.5, Ta = 400: X = 2, e = 3: Idd = 25 (9^(1/3) - 3 (1 +
 * (2/3)^3)^(1/3) + 2) = 25 (2.08008 - 3.27106 + 2) = 20.225. Ta at or under
 * mT gives 0. Only Idd changes: T and Tr stay 0. */
START_TEST(delay_sensitivity)
{
	struct mc_emodel_params p = defaults();
	p.mt = 150;
	p.ta = 150;
	ck_assert_double_eq_tol(mc_emodel_idd(&p), 0, 1e-9);
	p.ta = 300;
	ck_assert_double_eq_tol(mc_emodel_idd(&p), 3.044, 0.005);
	ck_assert_double_eq_tol(mc_emodel_r(&p), 93.206 - 3.044, 0.01);
	p = defaults();
	p.st = 0.5;
	p.ta = 400;
	ck_assert_double_eq_tol(mc_emodel_idd(&p), 20.225, 0.005);
}
END_TEST

/* Low sidetone: STMR 5 dB, T = Ta = 50, Tr = 100.
 * STMRo = -10 log(10^-0.5 + e^-12.5 10^-6.5) = 5.000;
 * Ist = 12 (1 + (-8/6)^8)^(1/8) - 28 (1 + (6/19.4)^35)^(1/35)
 *       - 13 (1 + (2/33)^13)^(1/13) + 29 = 16.192 - 28 - 13 + 29 = 4.192
 *  (10.989^(1/8) = 1.3493; the other two roots are 1.0000 to 4 places)
 * Is = 0.440 + 4.192 + 0.974 = 5.606
 * TERV = 65 - 40 log(6 / 1.3333) = 38.871, plus Ist/2 for STMR < 9: 40.967;
 * Re = 147.419, Idte = -26.325 + 28.160 - 1 = 0.835; Rle = 1228.5 / 101^0.25
 * = 387.52, Idle = 0.576; Idd = 0. R = 94.769 - 5.606 - 1.411 = 87.751 */
START_TEST(low_sidetone)
{
	struct mc_emodel_params p = defaults();
	p.stmr = 5;
	p.t = p.ta = 50;
	p.tr = 100;
	ck_assert_double_eq_tol(mc_emodel_ist(&p), 4.192, 0.005);
	ck_assert_double_eq_tol(mc_emodel_is(&p), 5.606, 0.005);
	ck_assert_double_eq_tol(mc_emodel_idte(&p), 0.835, 0.005);
	ck_assert_double_eq_tol(mc_emodel_r(&p), 87.751, 0.01);
}
END_TEST

/* G.107 Annex B: MOS = 1 + 0.035 R + R (R - 60)(100 - R) 7e-6.
 * R = 50: 1 + 1.75 + 50 (-10)(50) 7e-6 = 2.75 - 0.175 = 2.575
 * R = 93.2: 1 + 3.262 + 93.2 * 33.2 * 6.8 * 7e-6 = 4.262 + 0.147 = 4.409
 * R = 80: 1 + 2.8 + 80 * 20 * 20 * 7e-6 = 4.024
 * R = 5: the cubic gives 0.992, clipped to 1. Below 0: 1; above 100: 4.5. */
START_TEST(mos_anchors)
{
	ck_assert_double_eq_tol(mc_emodel_mos(50), 2.575, 0.001);
	ck_assert_double_eq_tol(mc_emodel_mos(93.2), 4.409, 0.001);
	ck_assert_double_eq_tol(mc_emodel_mos(80), 4.024, 0.001);
	ck_assert_double_eq_tol(mc_emodel_mos(5), 1, 1e-9);
	ck_assert_double_eq_tol(mc_emodel_mos(-3), 1, 1e-9);
	ck_assert_double_eq_tol(mc_emodel_mos(100), 4.5, 1e-9);
	ck_assert_double_eq_tol(mc_emodel_mos(120), 4.5, 1e-9);
	for (double r = 7; r < 100; r += 1) /* monotonic where it is used */
		ck_assert_double_lt(mc_emodel_mos(r), mc_emodel_mos(r + 1));
}
END_TEST

/* Wideband (G.107.1 scale, top 129): R = 129 - 1.29 Id - Ie,eff,WB, with
 * Ie,eff,WB = Ie + (129 - Ie) Ppl / (Ppl/BurstR + Bpl).
 * G.722 (Ie,WB 13), no loss, no delay: Id = Idle = 0.149 ->
 *   R = 129 - 0.192 - 13 = 115.808; NB equivalent 115.808 / 1.29 = 89.773,
 *   MOS = 1 + 3.142 + 89.773 * 29.773 * 10.227 * 7e-6 = 4.333
 * G.722, 1 % random, Bpl 25.1: Ie,eff = 13 + 116 / 26.1 = 17.444 ->
 *   R = 111.363, MOS(86.328) = 4.239
 * Fullband (G.107.2, top 148), Ie 0: R = 148 - 1.48 * 0.149 = 147.779,
 *   MOS(99.851) = 4.499 */
START_TEST(wideband_fullband)
{
	struct mc_emodel_params p = defaults();
	p.scale = MC_EMODEL_WB;
	p.ie = 13;
	p.bpl = 25.1;
	ck_assert_double_eq_tol(mc_emodel_scale_max(MC_EMODEL_WB), 129, 1e-9);
	ck_assert_double_eq_tol(mc_emodel_r(&p), 115.808, 0.01);
	ck_assert_double_eq_tol(mc_emodel_mos_scaled(mc_emodel_r(&p), p.scale), 4.333, 0.002);
	p.ppl = 1;
	ck_assert_double_eq_tol(mc_emodel_ie_eff(&p), 17.444, 0.005);
	ck_assert_double_eq_tol(mc_emodel_r(&p), 111.363, 0.01);
	ck_assert_double_eq_tol(mc_emodel_mos_scaled(mc_emodel_r(&p), p.scale), 4.239, 0.002);
	p = defaults();
	p.scale = MC_EMODEL_FB;
	ck_assert_double_eq_tol(mc_emodel_r(&p), 147.779, 0.01);
	ck_assert_double_eq_tol(mc_emodel_mos_scaled(147.779, MC_EMODEL_FB), 4.499, 0.002);
	ck_assert_double_eq_tol(mc_emodel_mos_scaled(129, MC_EMODEL_WB), 4.5, 1e-9);
}
END_TEST

/* BurstR = 1 / (p + q): p + q = 1 is random loss (1); p = 0.02, q = 0.48 -> 2;
 * p = 0.01, q = 0.1 -> 9.09; no transitions at all -> 1. */
START_TEST(burst_ratio)
{
	ck_assert_double_eq_tol(mc_emodel_burst_r(0.1, 0.9), 1, 1e-12);
	ck_assert_double_eq_tol(mc_emodel_burst_r(0.02, 0.48), 2, 1e-12);
	ck_assert_double_eq_tol(mc_emodel_burst_r(0.01, 0.1), 9.0909, 1e-4);
	ck_assert_double_eq_tol(mc_emodel_burst_r(0, 0), 1, 1e-12);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("emodel");
	TCase *tc = tcase_create("emodel");
	tcase_add_test(tc, default_r_93_2);
	tcase_add_loop_test(tc, loss_table, 0, sizeof loss_cases / sizeof loss_cases[0]);
	tcase_add_test(tc, bursty_worse_than_random);
	tcase_add_loop_test(tc, delay_table, 0, sizeof delay_cases / sizeof delay_cases[0]);
	tcase_add_test(tc, delay_sensitivity);
	tcase_add_test(tc, low_sidetone);
	tcase_add_test(tc, mos_anchors);
	tcase_add_test(tc, wideband_fullband);
	tcase_add_test(tc, burst_ratio);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
