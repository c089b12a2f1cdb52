/* Quality figures in leg stats (/mc/session/info and destroy) over the fake dataplane:
 * what the worker wrote in leg->q (set here by hand) comes out under the documented
 * names; absent figures are null, not zeros that look like measurements. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "mc_session_table.h"
#include "mc_sm.h"
#include "sm_fake.h"

static json_t *leg_stats(json_t *reply, unsigned i)
{
	json_t *legs = json_object_get(reply, "legs");

	ck_assert_ptr_nonnull(legs);
	return json_object_get(json_array_get(legs, i), "stats");
}

static double num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	ck_assert_msg(json_is_number(v), "%s is not a number", key);
	return json_number_value(v);
}

START_TEST(nothing_measured_is_null)
{
	json_t *r, *st;

	json_decref(fake_create("q0"));
	r = fake_call(mc_sm_info, "{\"id\":\"q0\"}");
	st = leg_stats(r, 0);
	ck_assert(json_is_null(json_object_get(st, "quality")));
	ck_assert(json_is_null(json_object_get(st, "remote_view")));
	ck_assert(json_is_null(json_object_get(st, "rtt_ms")));
	ck_assert(json_is_null(json_object_get(st, "jitter_mean_ms")));
	ck_assert_double_eq(num(st, "loss_percent"), 0);
	ck_assert_uint_eq(json_object_size(json_object_get(st, "rtcp_malformed")), 0);
	json_decref(r);
}
END_TEST

START_TEST(figures_in_info_and_destroy)
{
	struct mc_session *s;
	struct mc_leg *l;
	json_t *r, *st, *q, *rv, *xr, *bad;

	json_decref(fake_create("q1"));
	s = mc_session_table_find(&fk.sm.table, "q1");
	l = &s->legs[0];
	/* 95 received, 5 lost (seq 100..199): 5 % */
	mc_rtp_stats_init(&l->dp.rtp, 8000);
	for (unsigned k = 0; k < 100; k++)
		if (k % 20 != 3)
			mc_rtp_stats_update(&l->dp.rtp, 7, (uint16_t)(100 + k), 160 * k, 160 * k);
	l->q.inited = true;
	mc_quality_init(&l->q.acc, NULL, 20, true);
	for (unsigned k = 0; k < 100; k++)
		mc_quality_frame(&l->q.acc, k % 20 == 3);
	ck_assert_int_eq(mc_quality_update(&l->q.acc), 0);
	l->q.alarm.active = true;
	l->q.jitter_sum_ms = 12;
	l->q.jitter_samples = 4;
	l->q.remote = (struct mc_leg_remote_view){
		.reports = 3, .sr_rx = 2, .bye_rx = 1, .xr_rx = 1, .fraction_lost = 64,
		.cum_lost = -2, .jitter_ms = 7.5, .rtt_ms = 42, .rtt_min_ms = 40,
		.rtt_max_ms = 50, .rtt_samples = 2,
		.xr = { .loss_rate = 128, .round_trip_delay = 41, .r_factor = 80,
			.mos_lq = 41, .mos_cq = 39 },
	};
	l->q.rtcp_bad[-MC_RTCP_ERR_VERSION] = 3;
	l->q.rtcp_bad[-MC_RTCP_ERR_RC] = 1;

	r = fake_call(mc_sm_info, "{\"id\":\"q1\"}");
	st = leg_stats(r, 0);
	ck_assert_double_eq_tol(num(st, "loss_percent"), 5.0, 1e-9);
	ck_assert_double_eq(num(st, "rtt_ms"), 42);
	ck_assert_double_eq(num(st, "jitter_mean_ms"), 3);
	q = json_object_get(st, "quality");
	ck_assert_double_eq_tol(num(q, "r"), l->q.acc.r, 1e-9);
	ck_assert_double_eq_tol(num(q, "mos"), l->q.acc.mos, 1e-9);
	ck_assert_double_eq_tol(num(q, "mos_min"), l->q.acc.mos, 1e-9);
	ck_assert_double_eq_tol(num(q, "mos_avg"), l->q.acc.mos, 1e-9);
	ck_assert_double_eq_tol(num(q, "r_avg"), l->q.acc.r, 1e-9);
	ck_assert_double_eq_tol(num(q, "loss_percent"), 5.0, 1e-9);
	ck_assert_double_lt(num(q, "mos"), 4.3);
	ck_assert(json_is_true(json_object_get(q, "alarm")));
	ck_assert_int_eq(json_integer_value(json_object_get(q, "intervals")), 1);
	rv = json_object_get(st, "remote_view");
	ck_assert_int_eq(json_integer_value(json_object_get(rv, "reports")), 3);
	ck_assert_double_eq(num(rv, "fraction_lost_percent"), 25);
	ck_assert_int_eq(json_integer_value(json_object_get(rv, "cum_lost")), -2);
	ck_assert_double_eq(num(rv, "jitter_ms"), 7.5);
	ck_assert_double_eq(num(rv, "rtt_min_ms"), 40);
	ck_assert_double_eq(num(rv, "rtt_max_ms"), 50);
	ck_assert_int_eq(json_integer_value(json_object_get(rv, "sr")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(rv, "bye")), 1);
	xr = json_object_get(rv, "xr");
	ck_assert_double_eq(num(xr, "loss_percent"), 50);
	ck_assert_int_eq(json_integer_value(json_object_get(xr, "round_trip_ms")), 41);
	ck_assert_int_eq(json_integer_value(json_object_get(xr, "mos_cq")), 39);
	bad = json_object_get(st, "rtcp_malformed");
	ck_assert_uint_eq(json_object_size(bad), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(bad, "rtcp_version")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(bad, "rtcp_rc")), 1);
	json_decref(r);

	/* The destroy reply carries the same figures (read before the slot is released). */
	double mos = l->q.acc.mos;

	r = fake_call(mc_sm_destroy, "{\"id\":\"q1\"}");
	ck_assert_ptr_null(fake_code(r));
	st = json_array_get(json_object_get(r, "legs"), 0);
	st = json_object_get(st, "stats") ? json_object_get(st, "stats") : st;
	ck_assert_double_eq_tol(num(json_object_get(st, "quality"), "mos"), mos, 1e-9);
	ck_assert_double_eq(num(st, "rtt_ms"), 42);
	json_decref(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sm_quality");
	TCase *tc = tcase_create("quality");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, fake_setup, fake_teardown);
	tcase_add_test(tc, nothing_measured_is_null);
	tcase_add_test(tc, figures_in_info_and_destroy);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
