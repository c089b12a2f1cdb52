/* Resynchronisation: a new SSRC, a timestamp jump or a sequence restart flushes
 * the old stream and places the new one at the same delay, without a long gap or
 * a burst; a pause, a network stall or a forward sequence skip does not resync. */
#include <check.h>
#include <stdlib.h>

#include "jb_sim.h"

#define F SIM_FRAME
#define SEC 8000u

static struct sim S;
static struct mc_jbuf_params P;

static void setup(void)
{
	sim_params(&P);
	P.min_ms = 40; /* constant target: delays below are exact */
}

static void teardown(void)
{
	sim_destroy(&S);
}

/* 100 packets of stream A then 100 of stream B at the same 20 ms pace, 40 ms of
 * network delay. Returns the handle number of B's first packet. */
static unsigned two_streams(uint32_t ssrc_b, uint16_t seq_b, uint32_t ts_b)
{
	sim_init(&S, &P);
	for (unsigned i = 0; i < 100; i++)
		sim_add(&S, i * F + 320, (uint16_t)(100 + i), 5000 + i * F, 1);
	unsigned b = S.npkts;
	for (unsigned i = 0; i < 100; i++)
		sim_add(&S, (100 + i) * F + 320, (uint16_t)(seq_b + i), ts_b + i * F, ssrc_b);
	sim_run(&S, 0, 205 * F);
	return b;
}

/* B replaces A: A's unplayed packets are released, then B plays in order at the
 * same delay after a gap no longer than the depth, reported as DTX. */
static void check_switch(unsigned b)
{
	ck_assert_int_eq(S.put_res[b], MC_JBUF_RESYNC);
	unsigned last_a = 0, first_b = 0, a_played = 0;
	for (unsigned k = 0; k < S.nlog; k++) {
		int idx = S.log[k].idx;
		if (idx >= 0 && (unsigned)idx < b) {
			last_a = k;
			a_played++;
		}
		if (idx >= 0 && (unsigned)idx >= b && !first_b)
			first_b = k;
	}
	ck_assert_uint_gt(first_b, last_a);
	unsigned gap = first_b - last_a - 1;
	ck_assert_uint_le(gap, 40 / 20 + 1);
	for (unsigned k = last_a + 1; k < first_b; k++)
		ck_assert_int_eq(S.log[k].out.why, MC_JBUF_DTX);
	for (unsigned i = a_played; i < b; i++)
		ck_assert_uint_eq(S.state[i], H_RELEASED);
	for (unsigned k = first_b; k < first_b + 95; k++) {
		ck_assert_int_eq(S.log[k].idx, (int)(b + k - first_b));
		ck_assert_uint_eq(S.log[k].st.delay_ms, 40);
	}
	const struct mc_jbuf_stats *st = &S.log[first_b + 94].st;
	ck_assert_uint_eq(st->resyncs, 1);
	ck_assert_uint_eq(st->discarded, b - a_played);
	ck_assert_uint_eq(st->concealed + st->stretched + st->dropped + st->late, 0);
	ck_assert_uint_eq(sim_finish(&S), 0);
}

START_TEST(ssrc_change)
{
	check_switch(two_streams(2, 40000, 3000000000u));
}
END_TEST

START_TEST(ts_jump_forward)
{
	check_switch(two_streams(1, 200, 5000 + 100 * F + 8000000));
}
END_TEST

START_TEST(ts_jump_backward)
{
	check_switch(two_streams(1, 200, 5000 + 100 * F - 5000000));
}
END_TEST

START_TEST(seq_restart)
{
	check_switch(two_streams(1, 3, 5000 + 100 * F));
}
END_TEST

/* A 30 s pause (timestamps jump with the clock, sequence continuous): DTX, the
 * next talkspurt plays at the target, no resync and nothing concealed. */
START_TEST(long_pause_no_resync)
{
	sim_init(&S, &P);
	for (unsigned i = 0; i < 200; i++) {
		uint32_t t = i * F + (i >= 100 ? 30 * SEC : 0);
		unsigned h = sim_add(&S, t + 320, (uint16_t)i, t, 1);
		S.pkts[h].marker = i == 100;
	}
	sim_run(&S, 0, 200 * F + 30 * SEC + 4 * F);
	const struct mc_jbuf_stats *st = mc_jbuf_stats(&S.jb);
	ck_assert_uint_eq(st->resyncs, 0);
	ck_assert_uint_eq(st->delivered, 200);
	ck_assert_uint_eq(st->concealed + st->stretched + st->dropped + st->late, 0);
	ck_assert_uint_ge(st->dtx, 30 * 50 - 3);
	for (unsigned k = 0; k < S.nlog; k++)
		if (S.log[k].idx >= 0)
			ck_assert_uint_eq(S.log[k].st.delay_ms, 40);
	ck_assert_uint_eq(sim_finish(&S), 0);
}
END_TEST

/* The network holds packets 100..199 for 2 s and then delivers them at once:
 * they are late, the stream is not restarted, and playout carries on with 200. */
START_TEST(stall_no_resync)
{
	P.max_ms = 100;
	sim_init(&S, &P);
	for (unsigned i = 0; i < 300; i++) {
		uint32_t arrive = i * F + 320;
		if (i >= 100 && i < 200)
			arrive = 200 * F + 320 - 1;
		sim_add(&S, arrive, (uint16_t)i, i * F, 1);
	}
	sim_run(&S, 0, 300 * F);
	const struct mc_jbuf_stats *st = mc_jbuf_stats(&S.jb);
	ck_assert_uint_eq(st->resyncs, 0);
	ck_assert_uint_ge(st->late, 95);
	for (unsigned i = 200; i < 290; i++)
		ck_assert_uint_eq(S.state[i], H_DELIVERED);
	ck_assert_uint_eq(sim_finish(&S), 0);
}
END_TEST

/* The sender skips 5000 sequence numbers while its timestamps run on: no resync
 * and the timing is kept. The two packets still buffered cannot share the slot
 * window with the new numbers: they are released as overflow and concealed. */
START_TEST(seq_skip_forward)
{
	sim_init(&S, &P);
	for (unsigned i = 0; i < 200; i++)
		sim_add(&S, i * F + 320, (uint16_t)(i + (i >= 100 ? 5000 : 0)), i * F, 1);
	sim_run(&S, 0, 202 * F);
	const struct mc_jbuf_stats *st = mc_jbuf_stats(&S.jb);
	ck_assert_uint_eq(st->resyncs, 0);
	ck_assert_uint_eq(st->overflows, 2);
	ck_assert_uint_eq(st->concealed, 2);
	ck_assert_uint_eq(st->delivered, 196);
	ck_assert_uint_eq(st->stretched + st->dropped + st->late, 0);
	for (unsigned k = 4; k < S.nlog; k++) {
		ck_assert_uint_eq(S.log[k].out.ts, (k - 4) * F);
		ck_assert_uint_eq(S.log[k].st.delay_ms, 40);
	}
	ck_assert_uint_eq(sim_finish(&S), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("jbuf_resync");
	TCase *tc = tcase_create("resync");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ssrc_change);
	tcase_add_test(tc, ts_jump_forward);
	tcase_add_test(tc, ts_jump_backward);
	tcase_add_test(tc, seq_restart);
	tcase_add_test(tc, long_pause_no_resync);
	tcase_add_test(tc, stall_no_resync);
	tcase_add_test(tc, seq_skip_forward);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
