/* A clean path must cost no audio, whatever the phase of the media tick against the
 * arrivals: a stream placed at its target waits up to a frame for the next get, and a
 * packet or two arriving a fraction of a millisecond faster than the first then lowers
 * the base. Neither is jitter the buffer should shrink away with a dropped frame (issue
 * 5: on the lab's sub-millisecond path the buffer dropped one packet a call, shifting
 * the audio and breaking G.722's decoder state). Also: a packet that is dropped goes to
 * the drop callback, not to release, when one is set; and a delay spike grows the buffer
 * without a run of concealed frames. */
#include <check.h>
#include <stdlib.h>

#include "jb_sim.h"

#define F SIM_FRAME
#define SSRC 0x5eed0001u
#define SEC 8000u

static struct sim S;
static struct mc_jbuf_params P;
static unsigned drops_seen;

static void setup(void)
{
	sim_params(&P);
	/* As the transcoder runs it: start at min. */
	P.start_ms = 20;
	drops_seen = 0;
}

static void teardown(void)
{
	sim_destroy(&S);
}

/* Statistics as of the last packet played (the run goes on past the end of the stream). */
static const struct mc_jbuf_stats *at_last_frame(void)
{
	for (unsigned k = S.nlog; k-- > 0;)
		if (S.log[k].idx >= 0)
			return &S.log[k].st;
	return mc_jbuf_stats(&S.jb);
}

/* Gets at t0 + k * F; packet i sent at i * F and arriving 30 ms later plus noise of up to
 * `noise` RTP units (1 unit = 0.125 ms), the first five with the most. */
static void clean_run(uint32_t t0, uint32_t noise, uint32_t seed)
{
	sim_init(&S, &P);
	uint32_t r = seed;
	for (unsigned i = 0; i < 10 * 50; i++) {
		uint32_t n = i < 5 ? noise : sim_rand(&r, noise + 1);
		sim_add(&S, i * F + 240 + n, (uint16_t)(100 + i), 5000 + i * F, SSRC);
	}
	sim_run(&S, t0, t0 + 10 * SEC + SEC / 2);
}

/* Every phase of the get grid (2 units apart), noise up to 0.375 ms. */
START_TEST(clean_path_never_drops)
{
	for (uint32_t ph = 0; ph < F; ph += 2) {
		clean_run(ph, 3, ph + 1);
		const struct mc_jbuf_stats *st = at_last_frame();
		ck_assert_msg(st->dropped == 0, "phase %u: %lu dropped", ph,
			      (unsigned long)st->dropped);
		ck_assert_uint_eq(st->delivered, S.npkts);
		ck_assert_uint_eq(st->concealed + st->stretched + st->late + st->discarded, 0);
		/* delivered in order, one per get once started */
		int prev = -1;
		for (unsigned k = 0; k < S.nlog; k++) {
			if (S.log[k].idx < 0)
				continue;
			ck_assert_int_eq(S.log[k].idx, prev + 1);
			prev = S.log[k].idx;
		}
		ck_assert_uint_eq(sim_finish(&S), 0);
		sim_destroy(&S);
	}
}
END_TEST

/* The phase that used to cost a frame: the first packets (0.25 ms slower than some that follow)
 * plays one unit before a frame above the target; the faster ones that follow lower the
 * base and put the buffer a unit over a frame deep for good. The delay stays within a
 * frame and a half of the target, and nothing is dropped. */
START_TEST(start_phase_just_under_a_frame)
{
	/* first arrival 242, due at 242 + 160 = 402: the get at 401 misses it, 561 plays */
	clean_run(401 % F, 2, 9);
	const struct mc_jbuf_stats *st = at_last_frame();
	ck_assert_uint_eq(st->dropped, 0);
	ck_assert_uint_eq(st->delivered, S.npkts);
	ck_assert_uint_ge(st->delay_ms, 20 + 19);
	ck_assert_uint_le(st->delay_ms, 20 + 30);
	ck_assert_uint_eq(sim_finish(&S), 0);
}
END_TEST

/* A delay spike (one packet 120 ms late) makes the target jump by over 100 ms. The
 * buffer grows a frame at a time, stretches alternating with real frames and none right
 * after the late packet's concealed slot: a run of concealed frames in a row would fade
 * out to a hole in the audio (issue 5). */
START_TEST(spike_grows_without_a_run_of_stretches)
{
	sim_init(&S, &P);
	for (unsigned i = 0; i < 6 * 50; i++)
		sim_add(&S, i * F + 240 + (i == 100 ? 960 : 0), (uint16_t)i, i * F, SSRC);
	sim_run(&S, 0, 6 * SEC);
	const struct mc_jbuf_stats *st = at_last_frame();
	ck_assert_uint_ge(st->target_ms, 120);
	ck_assert_uint_ge(st->stretched, 4);
	ck_assert_uint_eq(st->late, 1);
	ck_assert_uint_eq(st->concealed, 1);
	for (unsigned k = 1; k < S.nlog; k++) {
		enum mc_jbuf_why prev = S.log[k - 1].out.why;

		ck_assert_msg(S.log[k].out.why != MC_JBUF_STRETCH ||
			      (prev != MC_JBUF_STRETCH && prev != MC_JBUF_LOST &&
			       prev != MC_JBUF_EMPTY),
			      "a stretch right after a concealed slot at get %u", k);
	}
	ck_assert_uint_eq(sim_finish(&S), 0);
}
END_TEST

static void on_drop(void *ctx, void *handle)
{
	struct sim *s = ctx;
	unsigned char *h = handle;
	size_t idx = (size_t)(h - s->state);

	ck_assert_uint_lt(idx, SIM_MAX_PKTS);
	ck_assert_uint_eq(s->state[idx], H_HELD);
	s->state[idx] = H_RELEASED;
	drops_seen++;
}

/* A sender clock 0.5 % fast: the buffer drops a frame every 4 s or so, each one through
 * the drop callback (exactly once, never also released). */
START_TEST(drops_go_to_the_drop_callback)
{
	P.drop = on_drop;
	sim_init(&S, &P);
	for (unsigned i = 0; i < 60 * 50; i++) {
		uint64_t sent = (uint64_t)i * F * 1000 / 1005;
		sim_add(&S, (uint32_t)sent + 240, (uint16_t)i, i * F, SSRC);
	}
	sim_run(&S, 0, 60 * SEC);
	const struct mc_jbuf_stats *st = mc_jbuf_stats(&S.jb);
	ck_assert_uint_ge(st->dropped, 10);
	ck_assert_uint_eq(drops_seen, st->dropped);
	ck_assert_uint_eq(S.released, st->discarded - st->dropped);
	ck_assert_uint_eq(sim_finish(&S), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("jbuf_clean");
	TCase *tc = tcase_create("clean");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, clean_path_never_drops);
	tcase_add_test(tc, start_phase_just_under_a_frame);
	tcase_add_test(tc, spike_grows_without_a_run_of_stretches);
	tcase_add_test(tc, drops_go_to_the_drop_callback);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
