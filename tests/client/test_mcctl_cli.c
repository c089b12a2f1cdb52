/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mcctl executable (path in argv[1]) against the fake telemetry server:
 * what goes on the wire, what is printed, and the exit status.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fake_tel.h"

static const char *mcctl_path;
static struct fake_tel srv;
static char out[8192], errout[8192];

/* Reads all of fd into buf. */
static void
slurp(int fd, char *buf, size_t n)
{
	size_t len = 0;
	ssize_t r;

	while (len + 1 < n && (r = read(fd, buf + len, n - 1 - len)) > 0)
		len += (size_t)r;
	buf[len] = '\0';
}

/* Runs mcctl --socket <fake> args...; returns its exit status. */
static int
run(const char *const *args)
{
	const char *argv[32] = { mcctl_path, "--socket", srv.path };
	int po[2], pe[2], st, i;
	pid_t pid;

	for (i = 0; args[i] != NULL; i++)
		argv[3 + i] = args[i];
	argv[3 + i] = NULL;
	ck_assert_int_eq(pipe(po), 0);
	ck_assert_int_eq(pipe(pe), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		execv(mcctl_path, (char *const *)argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	slurp(po[0], out, sizeof(out));
	slurp(pe[0], errout, sizeof(errout));
	close(po[0]);
	close(pe[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void
setup(void)
{
	fake_tel_init(&srv);
}

START_TEST(test_success_human_and_json)
{
	static const char *const a1[] = { "session", "info", "call-1", NULL };
	static const char *const a2[] = { "--json", "session", "list", "--limit", "5", NULL };

	fake_tel_add(&srv, FAKE_REPLY,
		     "{\"/mc/session/info\":{\"id\":\"call-1\",\"mode\":\"relay\","
		     "\"legs\":[{\"name\":\"a\",\"local\":\"10.96.0.254:30000\"}]}}");
	fake_tel_add(&srv, FAKE_REPLY,
		     "{\"/mc/session/list\":{\"total\":1,\"ids\":[\"call-1\"]}}");
	ck_assert_int_eq(fake_tel_start(&srv, "sock"), 0);
	ck_assert_int_eq(run(a1), 0);
	ck_assert_ptr_nonnull(strstr(out, "session call-1  mode relay"));
	ck_assert_ptr_nonnull(strstr(out, "leg a  local 10.96.0.254:30000"));
	ck_assert_int_eq(run(a2), 0);
	ck_assert_str_eq(out, "{\"total\":1,\"ids\":[\"call-1\"]}\n");
	fake_tel_stop(&srv);
	ck_assert_str_eq(srv.req[0], "/mc/session/info,{\"id\":\"call-1\"}");
	ck_assert_str_eq(srv.req[1], "/mc/session/list,{\"limit\":5}");
}
END_TEST

START_TEST(test_media_core_error_exit_1)
{
	static const char *const a[] = { "session", "destroy", "nope", NULL };
	static const char *const aj[] = { "--json", "session", "destroy", "nope", NULL };
	const char *rep = "{\"/mc/session/destroy\":{\"error\":{\"code\":\"ENOENT\","
			  "\"message\":\"no session nope\"}}}";

	fake_tel_add(&srv, FAKE_REPLY, rep);
	fake_tel_add(&srv, FAKE_REPLY, rep);
	ck_assert_int_eq(fake_tel_start(&srv, "sock"), 0);
	ck_assert_int_eq(run(a), 1);
	ck_assert_str_eq(out, "");
	ck_assert_ptr_nonnull(strstr(errout, "ENOENT: no session nope"));
	ck_assert_int_eq(run(aj), 1);
	ck_assert_str_eq(out, "{\"error\":{\"code\":\"ENOENT\",\"message\":\"no session nope\"}}\n");
	fake_tel_stop(&srv);
}
END_TEST

START_TEST(test_usage_and_transport_exit_2)
{
	static const char *const bad[] = { "session", "bogus", NULL };
	static const char *const ok[] = { "stats", NULL };
	char big[1200];
	const char *const huge[] = { "call", "/mc/echo", big, NULL };

	memset(big, 0, sizeof(big));
	strcpy(big, "{\"s\":\"");
	memset(big + strlen(big), 'x', 1100);
	strcat(big, "\"}");
	fake_tel_add(&srv, FAKE_CLOSE, NULL);
	ck_assert_int_eq(fake_tel_start(&srv, "sock"), 0);
	ck_assert_int_eq(run(bad), 2);
	ck_assert_int_eq(run(huge), 2);
	ck_assert_ptr_nonnull(strstr(errout, "telemetry limit"));
	ck_assert_int_eq(fake_tel_nreq(&srv), 0); /* neither was sent */
	ck_assert_int_eq(run(ok), 2);             /* server hangs up */
	ck_assert_ptr_nonnull(strstr(errout, "closed"));
	fake_tel_stop(&srv);
	ck_assert_str_eq(srv.req[0], "/mc/stats");
	/* no server at all */
	ck_assert_int_eq(run(ok), 2);
	ck_assert_ptr_nonnull(strstr(errout, srv.path));
}
END_TEST

int
main(int argc, char **argv)
{
	Suite *s = suite_create("mcctl_cli");
	TCase *tc = tcase_create("cli");
	SRunner *sr;
	int failed;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH-TO-MCCTL\n", argv[0]);
		return EXIT_FAILURE;
	}
	mcctl_path = argv[1];
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_success_human_and_json);
	tcase_add_test(tc, test_media_core_error_exit_1);
	tcase_add_test(tc, test_usage_and_transport_exit_2);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
