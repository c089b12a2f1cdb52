#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "glue_frames.h"
#include "mc_neigh.h"

struct probe_log {
	unsigned n;
	struct {
		uint16_t port;
		uint32_t ip;
		int unicast;
		struct rte_ether_addr mac;
	} p[32];
};

static void record(void *ctx, uint16_t port, uint32_t ip, const struct rte_ether_addr *unicast)
{
	struct probe_log *log = ctx;

	ck_assert_uint_lt(log->n, 32);
	log->p[log->n].port = port;
	log->p[log->n].ip = ip;
	log->p[log->n].unicast = unicast != NULL;
	if (unicast != NULL)
		log->p[log->n].mac = *unicast;
	log->n++;
}

static const struct mc_neigh_params P = {
	.reachable_ms = 30000, .retrans_ms = 1000, .max_probes = 3,
	.stale_ms = 60000, .failed_ms = 10000,
};
static const struct rte_ether_addr MAC1 = {{ 0x02, 0, 0, 0, 0, 0x11 }};
static const struct rte_ether_addr MAC2 = {{ 0x02, 0, 0, 0, 0, 0x22 }};

static struct mc_neigh_table t;
static struct probe_log log_;

static void setup(void)
{
	ck_assert_int_eq(mc_neigh_init(&t, 8, &P), 0);
	memset(&log_, 0, sizeof(log_));
}

static void teardown(void)
{
	mc_neigh_free(&t);
}

static const struct mc_neigh_entry *entry(uint16_t port, uint32_t ip)
{
	for (unsigned i = 0; i < mc_neigh_count(&t); i++) {
		const struct mc_neigh_entry *e = mc_neigh_at(&t, i);

		if (e->port == port && e->ip == ip)
			return e;
	}
	return NULL;
}

static void tick(uint64_t now)
{
	mc_neigh_tick(&t, now, record, &log_);
}

START_TEST(miss_probes_then_fails_then_expires)
{
	uint32_t ip = ip4(10, 0, 0, 7);
	struct rte_ether_addr mac;

	ck_assert_int_eq(mc_neigh_lookup(&t, 1, ip, 100, &mac), -EAGAIN);
	ck_assert_uint_eq(mc_neigh_count(&t), 1);
	ck_assert_int_eq(entry(1, ip)->state, MC_NEIGH_INCOMPLETE);

	tick(100); /* first probe at once */
	ck_assert_uint_eq(log_.n, 1);
	ck_assert_uint_eq(log_.p[0].port, 1);
	ck_assert_uint_eq(log_.p[0].ip, ip);
	ck_assert_int_eq(log_.p[0].unicast, 0);
	tick(100);
	tick(1099);
	ck_assert_uint_eq(log_.n, 1);
	tick(1100);
	ck_assert_uint_eq(log_.n, 2);
	ck_assert_int_eq(mc_neigh_lookup(&t, 1, ip, 1500, &mac), -EAGAIN);
	ck_assert_uint_eq(mc_neigh_count(&t), 1);
	tick(2100);
	ck_assert_uint_eq(log_.n, 3);
	tick(3099);
	ck_assert_int_eq(entry(1, ip)->state, MC_NEIGH_INCOMPLETE);
	tick(3100); /* max_probes unanswered */
	ck_assert_uint_eq(log_.n, 3);
	ck_assert_int_eq(entry(1, ip)->state, MC_NEIGH_FAILED);
	ck_assert_int_eq(mc_neigh_lookup(&t, 1, ip, 3200, &mac), -EHOSTUNREACH);
	tick(13099);
	ck_assert_int_eq(mc_neigh_lookup(&t, 1, ip, 13099, &mac), -EHOSTUNREACH);
	tick(13100);
	ck_assert_uint_eq(mc_neigh_count(&t), 0);
	ck_assert_uint_eq(log_.n, 3);
	/* a later lookup starts over */
	ck_assert_int_eq(mc_neigh_lookup(&t, 1, ip, 20000, &mac), -EAGAIN);
	tick(20000);
	ck_assert_uint_eq(log_.n, 4);
}
END_TEST

START_TEST(reply_makes_reachable)
{
	uint32_t ip = ip4(10, 0, 0, 7);
	struct rte_ether_addr mac;

	ck_assert_int_eq(mc_neigh_lookup(&t, 0, ip, 0, &mac), -EAGAIN);
	tick(0);
	mc_neigh_learn(&t, 0, ip, &MAC1, 40, false);
	memset(&mac, 0, sizeof(mac));
	ck_assert_int_eq(mc_neigh_lookup(&t, 0, ip, 50, &mac), 0);
	ck_assert(rte_is_same_ether_addr(&mac, &MAC1));
	ck_assert_int_eq(entry(0, ip)->state, MC_NEIGH_REACHABLE);
	ck_assert_str_eq(mc_neigh_state_name(entry(0, ip)->state), "reachable");
	tick(1000);
	tick(5000);
	ck_assert_uint_eq(log_.n, 1); /* no probe once resolved */
}
END_TEST

START_TEST(stale_is_usable_and_reprobed_unicast)
{
	uint32_t ip = ip4(10, 0, 0, 8);
	struct rte_ether_addr mac;

	mc_neigh_learn(&t, 0, ip, &MAC1, 0, true);
	tick(29999);
	ck_assert_int_eq(entry(0, ip)->state, MC_NEIGH_REACHABLE);
	tick(30000);
	ck_assert_int_eq(entry(0, ip)->state, MC_NEIGH_STALE);
	tick(31000);
	ck_assert_uint_eq(log_.n, 0); /* not used: no probe */

	ck_assert_int_eq(mc_neigh_lookup(&t, 0, ip, 31500, &mac), 0);
	ck_assert(rte_is_same_ether_addr(&mac, &MAC1));
	tick(31500);
	ck_assert_uint_eq(log_.n, 1);
	ck_assert_int_eq(log_.p[0].unicast, 1);
	ck_assert(rte_is_same_ether_addr(&log_.p[0].mac, &MAC1));
	ck_assert_uint_eq(log_.p[0].ip, ip);

	/* the reply (from a new MAC, say a failover) brings it back */
	mc_neigh_learn(&t, 0, ip, &MAC2, 31600, false);
	ck_assert_int_eq(entry(0, ip)->state, MC_NEIGH_REACHABLE);
	ck_assert_int_eq(mc_neigh_lookup(&t, 0, ip, 31700, &mac), 0);
	ck_assert(rte_is_same_ether_addr(&mac, &MAC2));
	tick(40000);
	ck_assert_uint_eq(log_.n, 1);
	tick(61599);
	ck_assert_int_eq(entry(0, ip)->state, MC_NEIGH_REACHABLE);
	tick(61600);
	ck_assert_int_eq(entry(0, ip)->state, MC_NEIGH_STALE);
}
END_TEST

START_TEST(stale_in_use_without_reply_fails)
{
	uint32_t ip = ip4(10, 0, 0, 9);
	struct rte_ether_addr mac;

	mc_neigh_learn(&t, 0, ip, &MAC1, 0, true);
	tick(30000);
	ck_assert_int_eq(mc_neigh_lookup(&t, 0, ip, 30001, &mac), 0);
	tick(30001);
	tick(31001);
	tick(32001);
	ck_assert_uint_eq(log_.n, 3);
	for (unsigned i = 0; i < 3; i++)
		ck_assert_int_eq(log_.p[i].unicast, 1);
	/* still usable while being re-probed */
	ck_assert_int_eq(mc_neigh_lookup(&t, 0, ip, 32500, &mac), 0);
	tick(33001);
	ck_assert_uint_eq(log_.n, 3);
	ck_assert_int_eq(entry(0, ip)->state, MC_NEIGH_FAILED);
	ck_assert_int_eq(mc_neigh_lookup(&t, 0, ip, 33002, &mac), -EHOSTUNREACH);
}
END_TEST

START_TEST(unused_stale_removed)
{
	uint32_t ip = ip4(10, 0, 0, 10);

	mc_neigh_learn(&t, 0, ip, &MAC1, 0, true);
	tick(30000);
	tick(89999);
	ck_assert_ptr_nonnull(entry(0, ip));
	ck_assert_int_eq(entry(0, ip)->state, MC_NEIGH_STALE);
	tick(90000);
	ck_assert_ptr_null(entry(0, ip));
	ck_assert_uint_eq(mc_neigh_count(&t), 0);
	ck_assert_uint_eq(log_.n, 0);
}
END_TEST

START_TEST(capacity_full)
{
	struct mc_neigh_table small;
	struct rte_ether_addr mac;

	ck_assert_int_eq(mc_neigh_init(&small, 2, &P), 0);
	ck_assert_int_eq(mc_neigh_lookup(&small, 0, ip4(10, 0, 0, 1), 0, &mac), -EAGAIN);
	mc_neigh_learn(&small, 0, ip4(10, 0, 0, 2), &MAC1, 0, true);
	ck_assert_int_eq(mc_neigh_lookup(&small, 0, ip4(10, 0, 0, 3), 0, &mac), -ENOSPC);
	mc_neigh_learn(&small, 0, ip4(10, 0, 0, 4), &MAC1, 0, true);
	ck_assert_uint_eq(mc_neigh_count(&small), 2);
	/* existing entries still work when full */
	ck_assert_int_eq(mc_neigh_lookup(&small, 0, ip4(10, 0, 0, 2), 1, &mac), 0);
	ck_assert_int_eq(mc_neigh_lookup(&small, 0, ip4(10, 0, 0, 1), 1, &mac), -EAGAIN);
	mc_neigh_free(&small);
}
END_TEST

START_TEST(learn_without_create_does_not_create)
{
	uint32_t ip = ip4(10, 0, 0, 5);
	struct rte_ether_addr mac;

	mc_neigh_learn(&t, 0, ip, &MAC1, 0, false);
	ck_assert_uint_eq(mc_neigh_count(&t), 0);
	mc_neigh_learn(&t, 0, 0, &MAC1, 0, true); /* 0.0.0.0 is never a neighbour */
	ck_assert_uint_eq(mc_neigh_count(&t), 0);
	ck_assert_int_eq(mc_neigh_lookup(&t, 0, 0, 0, &mac), -EHOSTUNREACH);
	ck_assert_uint_eq(mc_neigh_count(&t), 0);
	mc_neigh_learn(&t, 0, ip, &MAC1, 0, true);
	ck_assert_uint_eq(mc_neigh_count(&t), 1);
}
END_TEST

START_TEST(keyed_by_port_and_removal_keeps_others)
{
	uint32_t a = ip4(10, 0, 0, 1), b = ip4(10, 0, 0, 2), c = ip4(10, 0, 0, 3);
	struct rte_ether_addr mac;

	mc_neigh_learn(&t, 0, a, &MAC1, 0, true);
	mc_neigh_learn(&t, 1, a, &MAC2, 0, true);
	ck_assert_int_eq(mc_neigh_lookup(&t, 0, b, 0, &mac), -EAGAIN); /* will fail */
	mc_neigh_learn(&t, 0, c, &MAC2, 0, true);
	ck_assert_uint_eq(mc_neigh_count(&t), 4);
	for (unsigned i = 0; i < 3; i++)
		tick(i * 1000);
	tick(3000); /* b FAILED */
	tick(13000); /* b removed from the middle of the table */
	ck_assert_uint_eq(mc_neigh_count(&t), 3);
	ck_assert_ptr_null(entry(0, b));
	ck_assert_int_eq(mc_neigh_lookup(&t, 0, a, 13000, &mac), 0);
	ck_assert(rte_is_same_ether_addr(&mac, &MAC1));
	ck_assert_int_eq(mc_neigh_lookup(&t, 1, a, 13000, &mac), 0);
	ck_assert(rte_is_same_ether_addr(&mac, &MAC2));
	ck_assert_int_eq(mc_neigh_lookup(&t, 0, c, 13000, &mac), 0);
	ck_assert(rte_is_same_ether_addr(&mac, &MAC2));
	ck_assert_ptr_null(mc_neigh_at(&t, 3));
}
END_TEST

START_TEST(init_and_names)
{
	struct mc_neigh_table x;
	struct mc_neigh_params bad = P;

	ck_assert_int_eq(mc_neigh_init(&x, 0, &P), -EINVAL);
	bad.max_probes = 0;
	ck_assert_int_eq(mc_neigh_init(&x, 4, &bad), -EINVAL);
	bad = P;
	bad.retrans_ms = 0;
	ck_assert_int_eq(mc_neigh_init(&x, 4, &bad), -EINVAL);
	ck_assert_int_eq(mc_neigh_init(&x, 4, NULL), 0);
	ck_assert_uint_eq(x.params.reachable_ms, 30000);
	ck_assert_uint_eq(x.params.max_probes, 3);
	mc_neigh_free(&x);
	ck_assert_str_eq(mc_neigh_state_name(MC_NEIGH_INCOMPLETE), "incomplete");
	ck_assert_str_eq(mc_neigh_state_name(MC_NEIGH_STALE), "stale");
	ck_assert_str_eq(mc_neigh_state_name(MC_NEIGH_FAILED), "failed");
	ck_assert_str_eq(mc_neigh_state_name((enum mc_neigh_state)99), "unknown");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("neigh");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, miss_probes_then_fails_then_expires);
	tcase_add_test(tc, reply_makes_reachable);
	tcase_add_test(tc, stale_is_usable_and_reprobed_unicast);
	tcase_add_test(tc, stale_in_use_without_reply_fails);
	tcase_add_test(tc, unused_stale_removed);
	tcase_add_test(tc, capacity_full);
	tcase_add_test(tc, learn_without_create_does_not_create);
	tcase_add_test(tc, keyed_by_port_and_removal_keeps_others);
	tcase_add_test(tc, init_and_names);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
