/* Commands to a worker that runs on another thread: through its ring and mailbox, and the
 * safety of a command that timed out (the worker applies it later; the control lcore must
 * neither reuse the mailbox nor believe the command failed for good). */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include <rte_pause.h>

#include "dp_harness.h"

static atomic_bool stop;

static void *worker_thread(void *arg)
{
	struct mc_worker *w = arg;

	while (!atomic_load(&stop))
		mc_worker_iterate_at(w, h_now());
	return NULL;
}

/* A loaded machine may keep the worker thread from running for a while: a timeout is then
 * legal, and the command is applied as soon as the worker runs. */
static int command(struct mc_worker *w, struct mc_session *s, enum mc_wcmd_type type)
{
	struct mc_wcmd cmd = { .type = type, .session = s };
	int rc = mc_dp_command(w, &cmd);

	if (rc != -ETIMEDOUT)
		return rc;
	while (atomic_load(&w->cmd_box->done) == 0)
		rte_pause();
	return w->cmd_box->rc;
}

START_TEST(commands_through_the_ring)
{
	static struct mc_session s;
	struct mc_worker *w = h_w[1];
	pthread_t th;

	h_reset();
	h_session_init(&s, 1, 30600, 30602);
	w->lcore = RTE_MAX_LCORE - 1;           /* "another lcore": the ring path */
	atomic_store(&stop, false);
	ck_assert_int_eq(pthread_create(&th, NULL, worker_thread, w), 0);
	ck_assert_int_eq(command(w, &s, MC_WCMD_ADD), 0);
	ck_assert_ptr_eq(w->port_map[30600 - w->port_first], &s.legs[0]);
	ck_assert_ptr_eq(w->port_map[30603 - w->port_first], &s.legs[1]);
	ck_assert_int_eq(command(w, &s, MC_WCMD_ADD), -EINVAL);
	ck_assert_int_eq(command(w, &s, MC_WCMD_DEL), 0);
	ck_assert_int_eq(command(w, &s, MC_WCMD_DEL), -ENOENT);
	ck_assert_ptr_null(w->port_map[30600 - w->port_first]);
	atomic_store(&stop, true);
	pthread_join(th, NULL);
	w->lcore = h_w[0]->lcore;
}
END_TEST

START_TEST(timed_out_command_is_not_lost)
{
	static struct mc_session s;
	struct mc_worker *w = h_w[1];
	struct mc_wcmd cmd = { .type = MC_WCMD_ADD, .session = &s };

	h_reset();
	h_session_init(&s, 2, 30700, 30702);
	w->lcore = RTE_MAX_LCORE - 1;
	/* Nobody runs the worker: no ack. */
	ck_assert_int_eq(mc_dp_command(w, &cmd), -ETIMEDOUT);
	ck_assert_int_eq(atomic_load(&cmd.done), 0);
	memset(&cmd, 0xee, sizeof(cmd));        /* the caller's copy is gone */
	cmd.type = MC_WCMD_DEL;
	cmd.session = &s;
	ck_assert_int_eq(mc_dp_command(w, &cmd), -EBUSY);
	ck_assert_ptr_null(w->port_map[30700 - w->port_first]);
	/* The worker catches up: the ADD it finds is the one that was sent. */
	mc_worker_iterate_at(w, h_now());
	ck_assert_ptr_eq(w->port_map[30700 - w->port_first], &s.legs[0]);
	ck_assert_int_eq(w->cmd_box->rc, 0);
	w->lcore = h_w[0]->lcore;
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), 0);
	ck_assert_uint_eq(w->n_sessions, 0);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("dataplane");
	TCase *tc = tcase_create("commands");
	SRunner *sr;
	int failed;

	h_setup();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, commands_through_the_ring);
	tcase_add_test(tc, timed_out_command_is_not_lost);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
