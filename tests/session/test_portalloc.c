/* Port allocator: pairs, exhaustion, quarantine in FIFO order, rollback, misuse. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "mc_portalloc.h"

START_TEST(even_pairs_cover_share)
{
	struct mc_portalloc pa;
	int seen[64] = { 0 };

	/* An odd first port is rounded up; a lone last port is not a pair. */
	ck_assert_int_eq(mc_portalloc_init(&pa, 30001, 30010, 2000), 0);
	ck_assert_uint_eq(pa.n_pairs, 4);     /* 30002 30004 30006 30008 */
	for (int i = 0; i < 4; i++) {
		int p = mc_portalloc_get(&pa, 0);

		ck_assert_int_ge(p, 30002);
		ck_assert_int_le(p + 1, 30010);
		ck_assert_int_eq(p % 2, 0);
		ck_assert_int_eq(seen[p - 30000], 0);
		seen[p - 30000] = 1;
	}
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), -ENOSPC);
	ck_assert_uint_eq(mc_portalloc_free_count(&pa), 0);
	mc_portalloc_free_all(&pa);
	ck_assert_int_eq(mc_portalloc_init(&pa, 30001, 30002, 0), -EINVAL);
	ck_assert_int_eq(mc_portalloc_init(&pa, 30010, 30000, 0), -EINVAL);
}
END_TEST

START_TEST(exhaustion_and_can_alloc)
{
	struct mc_portalloc pa;

	ck_assert_int_eq(mc_portalloc_init(&pa, 40000, 40007, 0), 0);
	ck_assert(mc_portalloc_can_alloc(&pa, 4, 0));
	ck_assert(!mc_portalloc_can_alloc(&pa, 5, 0));
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), 40000);
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), 40002);
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), 40004);
	ck_assert(mc_portalloc_can_alloc(&pa, 1, 0));
	ck_assert(!mc_portalloc_can_alloc(&pa, 2, 0));
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), 40006);
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), -ENOSPC);
	/* With no quarantine a freed pair is usable at once. */
	ck_assert_int_eq(mc_portalloc_put(&pa, 40002, 5), 0);
	ck_assert_int_eq(mc_portalloc_get(&pa, 5), 40002);
	mc_portalloc_free_all(&pa);
}
END_TEST

START_TEST(quarantine_fifo)
{
	struct mc_portalloc pa;

	ck_assert_int_eq(mc_portalloc_init(&pa, 50000, 50005, 2000), 0);  /* 3 pairs */
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), 50000);
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), 50002);
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), 50004);
	ck_assert_int_eq(mc_portalloc_put(&pa, 50004, 1000), 0);   /* ready at 3000 */
	ck_assert_int_eq(mc_portalloc_put(&pa, 50000, 1500), 0);   /* ready at 3500 */
	ck_assert_int_eq(mc_portalloc_put(&pa, 50002, 1600), 0);   /* ready at 3600 */
	ck_assert_uint_eq(mc_portalloc_free_count(&pa), 3);
	ck_assert_uint_eq(mc_portalloc_ready_count(&pa, 2999), 0);
	ck_assert_int_eq(mc_portalloc_get(&pa, 2999), -ENOSPC);
	ck_assert_uint_eq(mc_portalloc_ready_count(&pa, 3000), 1);
	ck_assert(!mc_portalloc_can_alloc(&pa, 2, 3499));
	ck_assert(mc_portalloc_can_alloc(&pa, 2, 3500));
	ck_assert_uint_eq(mc_portalloc_ready_count(&pa, 3600), 3);
	/* Back in the order they were freed. */
	ck_assert_int_eq(mc_portalloc_get(&pa, 3000), 50004);
	ck_assert_int_eq(mc_portalloc_get(&pa, 3000), -ENOSPC);
	ck_assert_int_eq(mc_portalloc_get(&pa, 3600), 50000);
	ck_assert_int_eq(mc_portalloc_get(&pa, 3600), 50002);
	mc_portalloc_free_all(&pa);
}
END_TEST

START_TEST(unget_restores_order)
{
	struct mc_portalloc pa;
	int a, b;

	ck_assert_int_eq(mc_portalloc_init(&pa, 30000, 30009, 2000), 0);   /* 5 pairs */
	a = mc_portalloc_get(&pa, 0);
	b = mc_portalloc_get(&pa, 0);
	ck_assert_int_eq(mc_portalloc_unget(&pa, (uint16_t)b), 0);
	ck_assert_int_eq(mc_portalloc_unget(&pa, (uint16_t)a), 0);
	ck_assert_uint_eq(mc_portalloc_ready_count(&pa, 0), 5);
	/* Rolled back without quarantine, and handed out again in the same order. */
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), a);
	ck_assert_int_eq(mc_portalloc_get(&pa, 0), b);
	mc_portalloc_free_all(&pa);
}
END_TEST

START_TEST(misuse_refused)
{
	struct mc_portalloc pa;
	int p;

	ck_assert_int_eq(mc_portalloc_init(&pa, 30000, 30009, 100), 0);
	p = mc_portalloc_get(&pa, 0);
	ck_assert_int_eq(mc_portalloc_put(&pa, (uint16_t)(p + 1), 0), -EINVAL); /* RTCP port */
	ck_assert_int_eq(mc_portalloc_put(&pa, 29998, 0), -EINVAL);            /* not ours */
	ck_assert_int_eq(mc_portalloc_put(&pa, 30002, 0), -EINVAL);            /* never got */
	ck_assert_int_eq(mc_portalloc_put(&pa, (uint16_t)p, 0), 0);
	ck_assert_int_eq(mc_portalloc_put(&pa, (uint16_t)p, 0), -EINVAL);      /* twice */
	ck_assert_uint_eq(mc_portalloc_free_count(&pa), 5);
	ck_assert(mc_portalloc_owns(&pa, 30009));
	ck_assert(!mc_portalloc_owns(&pa, 30010));
	mc_portalloc_free_all(&pa);
}
END_TEST

START_TEST(full_range_churn)
{
	struct mc_portalloc pa;
	uint64_t now = 0;
	uint32_t n;

	/* The default lab range, one worker: 5000 pairs, cycled through twice. */
	ck_assert_int_eq(mc_portalloc_init(&pa, 30000, 39999, 2000), 0);
	n = pa.n_pairs;
	ck_assert_uint_eq(n, 5000);
	for (int round = 0; round < 2; round++) {
		int *got = malloc(n * sizeof(*got));

		for (uint32_t i = 0; i < n; i++) {
			got[i] = mc_portalloc_get(&pa, now);
			ck_assert_int_ge(got[i], 30000);
		}
		ck_assert_int_eq(mc_portalloc_get(&pa, now), -ENOSPC);
		for (uint32_t i = 0; i < n; i++)
			ck_assert_int_eq(mc_portalloc_put(&pa, (uint16_t)got[i], now + i), 0);
		ck_assert_uint_eq(mc_portalloc_ready_count(&pa, now + 1999), 0);
		ck_assert_uint_eq(mc_portalloc_ready_count(&pa, now + 2000 + 99), 100);
		now += 2000 + n;
		free(got);
	}
	mc_portalloc_free_all(&pa);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("portalloc");
	TCase *tc = tcase_create("portalloc");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, even_pairs_cover_share);
	tcase_add_test(tc, exhaustion_and_can_alloc);
	tcase_add_test(tc, quarantine_fifo);
	tcase_add_test(tc, unget_restores_order);
	tcase_add_test(tc, misuse_refused);
	tcase_add_test(tc, full_range_churn);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
