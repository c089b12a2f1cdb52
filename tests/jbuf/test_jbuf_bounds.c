/* mc_jbuf_set_bounds on a running buffer: the adaptive target leaves the old bounds for
 * the new ones at once, nothing buffered is lost or delivered twice. 8 kHz, 20 ms. */
#include <check.h>
#include <errno.h>

#include "jb_sim.h"

#define F SIM_FRAME

static struct sim S;

/* Packets every frame, every other one 120 ms late: a spread the target follows. */
static void jittery(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		sim_add(&S, 1000 + i * F + (i % 2 ? 960 : 0), (uint16_t)(100 + i), 5000 + i * F,
			0x77);
}

START_TEST(bounds_change_mid_stream)
{
	struct mc_jbuf_params p;
	uint32_t split = 1000 + 150 * F;

	sim_params(&p);
	sim_init(&S, &p);
	jittery(300);
	sim_run(&S, 1000, split);
	ck_assert_uint_gt(S.log[S.nlog - 1].st.target_ms, 100);
	ck_assert_int_eq(mc_jbuf_set_bounds(&S.jb, 20, 60), 0);
	unsigned from = S.nlog;

	sim_run(&S, split, 1000 + 400 * F);
	for (unsigned k = from; k < S.nlog; k++)
		ck_assert_uint_le(S.log[k].st.target_ms, 60);
	ck_assert_uint_eq(S.errors, 0);
	/* back up: the target may grow again to what the jitter needs */
	ck_assert_int_eq(mc_jbuf_set_bounds(&S.jb, 20, 200), 0);
	ck_assert_int_eq(mc_jbuf_set_bounds(&S.jb, 100, 50), -EINVAL);
	ck_assert_uint_eq(S.jb.p.min_ms, 20);
	ck_assert_uint_eq(S.jb.p.max_ms, 200);
	sim_destroy(&S);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("jbuf_bounds");
	TCase *tc = tcase_create("bounds");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, bounds_change_mid_stream);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
