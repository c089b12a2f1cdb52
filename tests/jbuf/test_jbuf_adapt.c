/* Adaptation on simulated clocks: the target follows measured jitter within
 * [min, max] (up at once, down slowly), clock drift of +-0.5% over ten minutes is
 * absorbed by single-frame drops or stretches, and sender pauses (DTX) absorb
 * the adjustments without touching speech. */
#include <check.h>
#include <stdlib.h>

#include "jb_sim.h"

#define F SIM_FRAME
#define SSRC 0x5eed0001u
#define SEC 8000u

static struct sim S;
static struct mc_jbuf_params P;

static void setup(void)
{
	sim_params(&P);
}

static void teardown(void)
{
	sim_destroy(&S);
}

/* Log entry of the tick at receiver time t (ticks start at 0). */
static const struct sim_out *at(uint32_t t)
{
	unsigned k = t / F;
	ck_assert_uint_lt(k, S.nlog);
	return &S.log[k];
}

static const struct mc_jbuf_stats *at_last_frame(void)
{
	for (unsigned k = S.nlog; k-- > 0;)
		if (S.log[k].idx >= 0)
			return &S.log[k].st;
	return mc_jbuf_stats(&S.jb);
}

/* Late packets counted between receiver times a and b. */
static uint64_t late_between(uint32_t a, uint32_t b)
{
	return at(b)->st.late - at(a)->st.late;
}

/* Jitter 0 for 6 s, uniform 0..60 ms for 10 s, then 0 again for 14 s. */
START_TEST(jitter_up_then_down)
{
	P.max_ms = 120;
	sim_init(&S, &P);
	uint32_t r = 7;
	for (unsigned i = 0; i < 1500; i++) {
		uint32_t j = i >= 300 && i < 800 ? sim_rand(&r, 481) : 0;
		sim_add(&S, i * F + 240 + j, (uint16_t)i, i * F, SSRC);
	}
	sim_run(&S, 0, 1500 * F + SEC);
	/* calm: the seeded start depth (40) gives way to min once measured */
	ck_assert_uint_eq(at(3 * SEC)->st.target_ms, 40);
	ck_assert_uint_eq(at(5 * SEC + SEC / 2)->st.target_ms, 20);
	ck_assert_uint_ge(at(6 * SEC - F)->st.delay_ms, 20);
	ck_assert_uint_lt(at(6 * SEC - F)->st.delay_ms, 40);
	/* jitter: the target covers it within a second, and holds */
	for (uint32_t t = 7 * SEC; t < 16 * SEC; t += F) {
		ck_assert_uint_ge(at(t)->st.target_ms, 55);
		ck_assert_uint_le(at(t)->st.target_ms, 60);
		ck_assert_uint_ge(at(t)->st.delay_ms, at(t)->st.target_ms - 5);
	}
	ck_assert_uint_le(late_between(7 * SEC, 16 * SEC), 5);
	/* calm again: the target holds for a few seconds, then falls to min and
	 * the delay follows by dropping frames, nothing concealed */
	ck_assert_uint_ge(at(18 * SEC)->st.target_ms, 55);
	ck_assert_uint_eq(at(22 * SEC)->st.target_ms, 20);
	ck_assert_uint_lt(at(29 * SEC)->st.delay_ms, 40);
	ck_assert_uint_ge(at(29 * SEC)->st.delay_ms, 20);
	ck_assert_uint_eq(late_between(17 * SEC, 29 * SEC), 0);
	ck_assert_uint_eq(at(29 * SEC)->st.concealed, at(17 * SEC)->st.concealed);
	ck_assert_uint_gt(at(29 * SEC)->st.dropped, at(17 * SEC)->st.dropped);
	ck_assert_uint_eq(sim_finish(&S), 0);
}
END_TEST

/* Jitter of 0..300 ms with max 100: the target stops at max. */
START_TEST(jitter_beyond_max)
{
	P.max_ms = 100;
	sim_init(&S, &P);
	uint32_t r = 99;
	for (unsigned i = 0; i < 500; i++)
		sim_add(&S, i * F + 240 + sim_rand(&r, 2401), (uint16_t)i, i * F, SSRC);
	sim_run(&S, 0, 500 * F);
	for (uint32_t t = 2 * SEC; t < 10 * SEC; t += F) {
		ck_assert_uint_eq(at(t)->st.target_ms, 100);
		/* a frame of quantisation, and the base (the fastest of the last
		 * ~50 packets) wanders by a few ms with this much jitter */
		ck_assert_uint_le(at(t)->st.delay_ms, 100 + 20 + 10);
	}
	ck_assert_uint_gt(mc_jbuf_stats(&S.jb)->late, 0);
	ck_assert_uint_eq(sim_finish(&S), 0);
}
END_TEST

/* Ten minutes of a sender clock off by ppm/1e6, 30 ms network delay with 0..4 ms
 * of jitter, continuous speech. */
static void drift_run(int ppm)
{
	sim_init(&S, &P);
	uint32_t r = 3, end = 600 * SEC;
	for (unsigned i = 0;; i++) {
		uint64_t sent = (uint64_t)i * F * 1000000 / (uint64_t)(1000000 + ppm);
		uint32_t arrive = (uint32_t)sent + 240 + sim_rand(&r, 33);
		if (arrive >= end)
			break;
		sim_add(&S, arrive, (uint16_t)(40000 + i), 123456 + i * F, SSRC);
	}
	sim_run(&S, 0, end);
	unsigned k0 = 0;
	while (S.log[k0].idx < 0)
		k0++;
	/* The buffer grows only once a quarter frame (5 ms) below its target: a
	 * frame never plays with less delay than that. */
	for (unsigned k = k0; k < S.nlog; k++) {
		if (S.log[k].idx >= 0)
			ck_assert_uint_ge(S.log[k].st.delay_ms, P.min_ms - 5);
		ck_assert_uint_le(S.log[k].st.delay_ms, P.max_ms);
		ck_assert_uint_le(S.log[k].st.depth_ms, P.max_ms);
	}
}

START_TEST(drift_sender_fast)
{
	drift_run(5000);
	const struct mc_jbuf_stats *st = mc_jbuf_stats(&S.jb);
	/* 0.5% of 30000 frames arrive in excess: about 150 drops, no starvation */
	ck_assert_uint_ge(st->dropped, 140);
	ck_assert_uint_le(st->dropped, 155);
	ck_assert_uint_eq(st->stretched + st->concealed + st->late + st->overflows, 0);
	ck_assert_uint_le(st->peak_ms, 60);
	ck_assert_uint_eq(sim_finish(&S), 0);
}
END_TEST

START_TEST(drift_sender_slow)
{
	drift_run(-5000);
	const struct mc_jbuf_stats *st = mc_jbuf_stats(&S.jb);
	/* 0.5% of the frames never come: about 150 stretches, nothing lost */
	ck_assert_uint_ge(st->stretched, 140);
	ck_assert_uint_le(st->stretched, 155);
	ck_assert_uint_le(st->dropped, 1); /* the start depth settling to min */
	ck_assert_uint_eq(st->concealed + st->late + st->overflows, 0);
	ck_assert_uint_eq(sim_finish(&S), 0);
}
END_TEST

/* Talkspurts of 0.8 s with 0.6 s pauses (sequence continuous, timestamps jump,
 * marker on each first packet) and a sender clock off by ppm: every packet plays
 * and the adjustments happen in the pauses. A continuous stream would need 75
 * drops or stretches in these 300 s; a rare step of the base (blocks of jitter
 * measurement turning over) may still cost one in speech. */
static void dtx_run(int ppm)
{
	sim_init(&S, &P);
	uint32_t r = 11, end = 300 * SEC, ts = 0;
	unsigned n = 0;
	for (unsigned spurt = 0;; spurt++) {
		for (unsigned f = 0; f < 40; f++, ts += F) {
			uint64_t sent = (uint64_t)ts * 1000000 / (uint64_t)(1000000 + ppm);
			uint32_t arrive = (uint32_t)sent + 240 + sim_rand(&r, 33);
			if (arrive + SEC >= end)
				goto done;
			unsigned h = sim_add(&S, arrive, (uint16_t)n++, ts, SSRC);
			S.pkts[h].marker = f == 0;
		}
		ts += 30 * F;
	}
done:
	sim_run(&S, 0, end);
	for (unsigned i = 0; i < S.npkts; i++)
		ck_assert_uint_eq(S.state[i], H_DELIVERED);
	const struct mc_jbuf_stats *st = at_last_frame();
	ck_assert_uint_eq(st->delivered, S.npkts);
	ck_assert_uint_eq(st->concealed + st->late, 0);
	ck_assert_uint_le(st->stretched + st->dropped, ppm ? 2 : 0);
	ck_assert_uint_gt(st->dtx, 0);
	/* each talkspurt starts at the target delay (20 ms) plus at most a tick
	 * and the 4 ms of jitter */
	for (unsigned k = 0; k < S.nlog; k++)
		if (S.log[k].idx >= 0 && S.log[k].out.marker && S.log[k].now > 5 * SEC) {
			ck_assert_uint_ge(S.log[k].st.delay_ms, 20);
			ck_assert_uint_lt(S.log[k].st.delay_ms, 45);
		}
	ck_assert_uint_eq(sim_finish(&S), 0);
}

START_TEST(dtx_no_drift)
{
	dtx_run(0);
}
END_TEST

START_TEST(dtx_drift_fast)
{
	dtx_run(5000);
}
END_TEST

START_TEST(dtx_drift_slow)
{
	dtx_run(-5000);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("jbuf_adapt");
	TCase *tc = tcase_create("adapt");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, jitter_up_then_down);
	tcase_add_test(tc, jitter_beyond_max);
	tcase_add_test(tc, drift_sender_fast);
	tcase_add_test(tc, drift_sender_slow);
	tcase_add_test(tc, dtx_no_drift);
	tcase_add_test(tc, dtx_drift_fast);
	tcase_add_test(tc, dtx_drift_slow);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
