/* Session table: pool exhaustion, duplicates, remove/reinsert, generations, many
 * thousands of sessions with random removals (hash consistency), paging order. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc_session_table.h"

static struct mc_session *add(struct mc_session_table *t, const char *id)
{
	struct mc_session *s = mc_session_table_alloc(t);

	ck_assert_ptr_nonnull(s);
	snprintf(s->id, sizeof(s->id), "%s", id);
	ck_assert_int_eq(mc_session_table_insert(t, s), 0);
	return s;
}

START_TEST(exhaustion_and_duplicates)
{
	struct mc_session_table t;
	struct mc_session *s;

	ck_assert_int_eq(mc_session_table_init(&t, 0), -EINVAL);
	ck_assert_int_eq(mc_session_table_init(&t, 3), 0);
	add(&t, "a");
	add(&t, "b");
	s = mc_session_table_alloc(&t);
	strcpy(s->id, "a");
	ck_assert_int_eq(mc_session_table_insert(&t, s), -EEXIST);
	ck_assert_uint_eq(mc_session_table_count(&t), 2);
	strcpy(s->id, "c");
	ck_assert_int_eq(mc_session_table_insert(&t, s), 0);
	ck_assert_ptr_null(mc_session_table_alloc(&t));
	ck_assert_uint_eq(mc_session_table_free_slots(&t), 0);
	ck_assert_ptr_eq(mc_session_table_find(&t, "c"), s);
	ck_assert_ptr_null(mc_session_table_find(&t, "d"));
	mc_session_table_free(&t);
}
END_TEST

START_TEST(remove_reinsert_generation)
{
	struct mc_session_table t;
	struct mc_session *a, *b;
	uint32_t slot, gen;

	ck_assert_int_eq(mc_session_table_init(&t, 4), 0);
	a = add(&t, "call-1");
	slot = a->slot;
	gen = a->generation;
	ck_assert_ptr_eq(mc_session_table_at(&t, slot, gen), a);
	ck_assert_int_eq(mc_session_table_remove(&t, a), 0);
	ck_assert_int_eq(mc_session_table_remove(&t, a), -ENOENT);
	ck_assert_ptr_null(mc_session_table_find(&t, "call-1"));
	ck_assert_ptr_null(mc_session_table_at(&t, slot, gen));
	ck_assert_int_eq(mc_session_table_insert(&t, a), 0);       /* reinsert */
	ck_assert_ptr_eq(mc_session_table_find(&t, "call-1"), a);
	mc_session_table_release(&t, a);                          /* removes too */
	ck_assert_uint_eq(mc_session_table_count(&t), 0);
	/* The slot comes back zeroed with a new generation: old events are stale. */
	b = mc_session_table_alloc(&t);
	ck_assert_uint_eq(b->slot, slot);
	ck_assert_uint_ne(b->generation, gen);
	ck_assert_str_eq(b->id, "");
	strcpy(b->id, "call-1");
	ck_assert_int_eq(mc_session_table_insert(&t, b), 0);
	ck_assert_ptr_null(mc_session_table_at(&t, slot, gen));
	ck_assert_ptr_eq(mc_session_table_at(&t, slot, b->generation), b);
	ck_assert_ptr_null(mc_session_table_at(&t, 99, 0));
	mc_session_table_free(&t);
}
END_TEST

START_TEST(many_sessions_random_churn)
{
	enum { N = 16384 };
	struct mc_session_table t;
	static struct mc_session *by[N];
	char id[32];
	unsigned seed = 12345, live = 0;

	ck_assert_int_eq(mc_session_table_init(&t, N), 0);
	for (unsigned i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "call-%u", i);
		by[i] = add(&t, id);
	}
	ck_assert_ptr_null(mc_session_table_alloc(&t));
	/* Remove about half at random; every remaining one must still be found (this
	 * exercises backward-shift deletion across long probe runs). */
	for (unsigned i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) & 1) {
			mc_session_table_release(&t, by[i]);
			by[i] = NULL;
		} else {
			live++;
		}
	}
	ck_assert_uint_eq(mc_session_table_count(&t), live);
	for (unsigned i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "call-%u", i);
		ck_assert_ptr_eq(mc_session_table_find(&t, id), by[i]);
	}
	/* Refill with new ids: the pool hands out every freed slot again. */
	for (unsigned i = 0; i < N - live; i++) {
		snprintf(id, sizeof(id), "new-%u", i);
		add(&t, id);
	}
	ck_assert_uint_eq(mc_session_table_count(&t), N);
	for (unsigned i = 0; i < N - live; i++) {
		snprintf(id, sizeof(id), "new-%u", i);
		ck_assert_ptr_nonnull(mc_session_table_find(&t, id));
	}
	mc_session_table_free(&t);
}
END_TEST

START_TEST(paging_stable_order)
{
	struct mc_session_table t;
	struct mc_session *s;
	char id[32];
	unsigned n = 0;

	ck_assert_int_eq(mc_session_table_init(&t, 1000), 0);
	for (unsigned i = 0; i < 250; i++) {
		snprintf(id, sizeof(id), "s%03u", i);
		add(&t, id);
	}
	/* Pages of 100 in creation order, whatever slot each landed in. */
	for (unsigned off = 0; off < 250; off += 100) {
		s = mc_session_table_nth(&t, off);
		for (unsigned k = 0; k < 100 && s; k++, s = mc_session_table_next(&t, s)) {
			snprintf(id, sizeof(id), "s%03u", off + k);
			ck_assert_str_eq(s->id, id);
			n++;
		}
	}
	ck_assert_uint_eq(n, 250);
	ck_assert_ptr_null(mc_session_table_nth(&t, 250));
	/* Removing one shifts the later ones by one; the cursor must not go stale. */
	mc_session_table_release(&t, mc_session_table_find(&t, "s050"));
	ck_assert_str_eq(mc_session_table_nth(&t, 100)->id, "s101");
	ck_assert_str_eq(mc_session_table_nth(&t, 0)->id, "s000");
	ck_assert_str_eq(mc_session_table_nth(&t, 49)->id, "s049");
	ck_assert_str_eq(mc_session_table_nth(&t, 50)->id, "s051");
	/* A reused slot still goes to the end of the order. */
	add(&t, "late");
	ck_assert_str_eq(mc_session_table_nth(&t, 249)->id, "late");
	mc_session_table_release(&t, mc_session_table_find(&t, "s000"));
	mc_session_table_release(&t, mc_session_table_find(&t, "late"));
	ck_assert_str_eq(mc_session_table_nth(&t, 0)->id, "s001");
	ck_assert_str_eq(mc_session_table_nth(&t, 247)->id, "s249");
	mc_session_table_free(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("session_table");
	TCase *tc = tcase_create("session_table");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, exhaustion_and_duplicates);
	tcase_add_test(tc, remove_reinsert_generation);
	tcase_add_test(tc, many_sessions_random_churn);
	tcase_add_test(tc, paging_stable_order);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
