/* SPDX-License-Identifier: BSD-3-Clause */
/* libmcclient against a scripted fake telemetry server. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mc_client.h"
#include "fake_tel.h"

static struct fake_tel srv;
static char err[512];

static void
setup(void)
{
	fake_tel_init(&srv);
	err[0] = '\0';
}

static struct mc_client *
start_and_open(void)
{
	struct mc_client *c;

	ck_assert_int_eq(fake_tel_start(&srv, "dpdk_telemetry.v2"), 0);
	c = mc_client_open(srv.path, err, sizeof(err));
	ck_assert_msg(c != NULL, "open failed: %s", err);
	return c;
}

static void
finish(struct mc_client *c)
{
	mc_client_close(c);
	fake_tel_stop(&srv);
}

START_TEST(test_greeting_and_plain_request)
{
	struct mc_client *c;
	json_t *reply = NULL;
	const json_t *g;

	fake_tel_add(&srv, FAKE_REPLY,
		     "{\"/mc/version\":{\"version\":\"0.1.0\",\"dpdk\":\"DPDK 22.11.11\"}}");
	c = start_and_open();
	g = mc_client_greeting(c);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(json_integer_value(json_object_get(g, "pid")), 4242);
	ck_assert_str_eq(mc_client_transport(c), "telemetry");

	ck_assert_int_eq(mc_client_call(c, "/mc/version", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_OK);
	ck_assert_str_eq(json_string_value(json_object_get(reply, "version")), "0.1.0");
	ck_assert_str_eq(json_string_value(json_object_get(reply, "dpdk")),
			 "DPDK 22.11.11");
	json_decref(reply);
	finish(c);
	ck_assert_int_eq(srv.nreq, 1);
	/* exactly the command, no comma, no NUL, no newline */
	ck_assert_uint_eq(srv.req_len[0], strlen("/mc/version"));
	ck_assert_str_eq(srv.req[0], "/mc/version");
}
END_TEST

START_TEST(test_request_with_params)
{
	struct mc_client *c;
	json_t *reply = NULL, *p = json_pack("{s:s, s:i}", "id", "call-1", "n", 7);

	fake_tel_add(&srv, FAKE_REPLY,
		     "{\"/mc/session/info\":{\"id\":\"call-1\",\"legs\":[{\"name\":\"a\"}]}}");
	c = start_and_open();
	ck_assert_int_eq(mc_client_call(c, "/mc/session/info", p, &reply, err,
					sizeof(err)), MC_CLIENT_OK);
	ck_assert_int_eq(json_array_size(json_object_get(reply, "legs")), 1);
	ck_assert_int_eq(p->refcount, 1); /* params not consumed */
	json_decref(reply);
	json_decref(p);
	finish(c);
	ck_assert_str_eq(srv.req[0], "/mc/session/info,{\"id\":\"call-1\",\"n\":7}");
	ck_assert_uint_eq(srv.req_len[0], strlen(srv.req[0]));
}
END_TEST

START_TEST(test_error_reply)
{
	struct mc_client *c;
	json_t *reply = NULL, *p = json_pack("{s:s}", "id", "call-9");

	fake_tel_add(&srv, FAKE_REPLY,
		     "{\"/mc/session/info\":{\"error\":{\"code\":\"ENOENT\","
		     "\"message\":\"no session call-9\"}}}");
	c = start_and_open();
	ck_assert_int_eq(mc_client_call(c, "/mc/session/info", p, &reply, err,
					sizeof(err)), MC_CLIENT_EREPLY);
	json_decref(p);
	ck_assert_str_eq(json_string_value(json_object_get(reply, "code")), "ENOENT");
	ck_assert_str_eq(json_string_value(json_object_get(reply, "message")),
			 "no session call-9");
	json_decref(reply);
	finish(c);
}
END_TEST

START_TEST(test_null_reply_is_error)
{
	struct mc_client *c;
	json_t *reply = NULL;

	fake_tel_add(&srv, FAKE_REPLY, "{\"/mc/nosuch\":null}");
	c = start_and_open();
	ck_assert_int_eq(mc_client_call(c, "/mc/nosuch", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_EREPLY);
	ck_assert_str_eq(json_string_value(json_object_get(reply, "code")), "ENOTSUP");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(reply, "message")),
				     "/mc/nosuch"));
	json_decref(reply);
	finish(c);
}
END_TEST

/* A parameter of n bytes of 'x' in {"s":"..."} */
static json_t *
param_of_request_len(const char *cmd, size_t total)
{
	size_t overhead = strlen(cmd) + strlen(",{\"s\":\"\"}");
	char *s = malloc(total - overhead + 1);
	json_t *p;

	memset(s, 'x', total - overhead);
	s[total - overhead] = '\0';
	p = json_pack("{s:s}", "s", s);
	free(s);
	return p;
}

START_TEST(test_oversize_refused_unsent)
{
	struct mc_client *c;
	json_t *reply = (json_t *)1, *big, *edge;

	/* media-core (like DPDK telemetry) takes at most 1023 bytes */
	ck_assert_int_eq(MC_CLIENT_MAX_REQUEST, 1023);
	fake_tel_add(&srv, FAKE_REPLY, "{\"/mc/echo\":{\"ok\":true}}");
	c = start_and_open();
	big = param_of_request_len("/mc/echo", MC_CLIENT_MAX_REQUEST + 1);
	ck_assert_int_eq(mc_client_call(c, "/mc/echo", big, &reply, err,
					sizeof(err)), MC_CLIENT_ETRANSPORT);
	ck_assert_ptr_null(reply);
	{
		char expect[64];

		snprintf(expect, sizeof(expect), "request is %d bytes",
			 MC_CLIENT_MAX_REQUEST + 1);
		ck_assert_msg(strstr(err, expect) != NULL, "err: %s", err);
	}
	json_decref(big);
	big = param_of_request_len("/mc/echo", 5000);
	ck_assert_int_eq(mc_client_call(c, "/mc/echo", big, &reply, err,
					sizeof(err)), MC_CLIENT_ETRANSPORT);
	json_decref(big);
	ck_assert_int_eq(fake_tel_nreq(&srv), 0);

	/* the longest allowed request goes out whole, on the same connection */
	edge = param_of_request_len("/mc/echo", MC_CLIENT_MAX_REQUEST);
	ck_assert_int_eq(mc_client_call(c, "/mc/echo", edge, &reply, err,
					sizeof(err)), MC_CLIENT_OK);
	json_decref(reply);
	json_decref(edge);
	finish(c);
	ck_assert_int_eq(srv.nreq, 1);
	ck_assert_int_eq(srv.connections, 1);
	ck_assert_uint_eq(srv.req_len[0], MC_CLIENT_MAX_REQUEST);
	ck_assert_str_eq(srv.req[0] + srv.req_len[0] - 3, "x\"}");
}
END_TEST

START_TEST(test_bad_command_refused_unsent)
{
	struct mc_client *c;
	json_t *reply = NULL, *str = json_string("x");

	c = start_and_open();
	ck_assert_int_eq(mc_client_call(c, "mc/version", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_ETRANSPORT);
	ck_assert_int_eq(mc_client_call(c, "/mc/a,b", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_ETRANSPORT);
	ck_assert_int_eq(mc_client_call(c, "/mc/version", str, &reply, err,
					sizeof(err)), MC_CLIENT_ETRANSPORT);
	json_decref(str);
	ck_assert_ptr_nonnull(strstr(err, "object"));
	ck_assert_int_eq(fake_tel_nreq(&srv), 0);
	finish(c);
}
END_TEST

START_TEST(test_server_closes)
{
	struct mc_client *c;
	json_t *reply = NULL;

	fake_tel_add(&srv, FAKE_CLOSE, NULL);
	fake_tel_add(&srv, FAKE_REPLY, "{\"/mc/stats\":{\"sessions\":3}}");
	c = start_and_open();
	err[0] = '\0';
	ck_assert_int_eq(mc_client_call(c, "/mc/stats", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_ETRANSPORT);
	ck_assert_ptr_null(reply);
	ck_assert_ptr_nonnull(strstr(err, "closed"));
	/* the next call reconnects; the failed request is not resent */
	ck_assert_int_eq(mc_client_call(c, "/mc/stats", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_OK);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "sessions")), 3);
	json_decref(reply);
	finish(c);
	ck_assert_int_eq(srv.connections, 2);
	ck_assert_int_eq(srv.nreq, 2);
}
END_TEST

START_TEST(test_not_json)
{
	struct mc_client *c;
	json_t *reply = NULL;

	fake_tel_add(&srv, FAKE_REPLY, "{\"/mc/ports\": [1, 2");
	c = start_and_open();
	ck_assert_int_eq(mc_client_call(c, "/mc/ports", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_ETRANSPORT);
	ck_assert_ptr_null(reply);
	ck_assert_ptr_nonnull(strstr(err, "not JSON"));
	finish(c);
}
END_TEST

START_TEST(test_wrong_key)
{
	struct mc_client *c;
	json_t *reply = NULL;

	fake_tel_add(&srv, FAKE_REPLY, "{\"/mc/lcores\":{\"lcores\":[]}}");
	c = start_and_open();
	ck_assert_int_eq(mc_client_call(c, "/mc/ports", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_ETRANSPORT);
	ck_assert_ptr_null(reply);
	finish(c);
}
END_TEST

/* Replies up to max_output_len parse; a longer one is an error, not cut. */
START_TEST(test_reply_size_limit)
{
	struct mc_client *c;
	json_t *reply = NULL;
	const char *head = "{\"/mc/x\":\"";
	size_t fits = 16384 - strlen(head) - 2;
	char *ok = malloc(16385), *big = malloc(20001);

	sprintf(ok, "%s%*s\"}", head, (int)fits, "");
	memset(ok + strlen(head), 'a', fits);
	sprintf(big, "%s%*s\"}", head, 20000 - (int)strlen(head) - 2, "");
	ck_assert_uint_eq(strlen(ok), 16384);
	fake_tel_add(&srv, FAKE_REPLY, ok);
	fake_tel_add(&srv, FAKE_REPLY, big);
	c = start_and_open();
	ck_assert_int_eq(mc_client_call(c, "/mc/x", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_OK);
	ck_assert_uint_eq(json_string_length(reply), fits);
	json_decref(reply);
	ck_assert_int_eq(mc_client_call(c, "/mc/x", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_ETRANSPORT);
	ck_assert_ptr_nonnull(strstr(err, "longer than 16384"));
	finish(c);
	free(ok);
	free(big);
}
END_TEST

START_TEST(test_timeout_then_reconnect)
{
	struct mc_client *c;
	json_t *reply = NULL;

	fake_tel_add(&srv, FAKE_SILENT, NULL);
	fake_tel_add(&srv, FAKE_REPLY, "{\"/mc/events\":{\"last\":5,\"events\":[]}}");
	c = start_and_open();
	mc_client_set_timeout(c, 50);
	ck_assert_int_eq(mc_client_call(c, "/mc/events", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_ETRANSPORT);
	ck_assert_ptr_nonnull(strstr(err, "no reply"));
	fake_tel_release(&srv);
	mc_client_set_timeout(c, 0);
	ck_assert_int_eq(mc_client_call(c, "/mc/events", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_OK);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last")), 5);
	json_decref(reply);
	finish(c);
	ck_assert_int_eq(srv.connections, 2);
}
END_TEST

START_TEST(test_prefix_lookup)
{
	char sub[128], prefix[64];
	struct mc_client *c;
	json_t *reply = NULL;

	snprintf(prefix, sizeof(prefix), "mc-client-test-%d", (int)getpid());
	snprintf(sub, sizeof(sub), "dpdk/%s/dpdk_telemetry.v2", prefix);
	fake_tel_add(&srv, FAKE_REPLY, "{\"/mc/version\":{\"version\":\"0.1.0\"}}");
	ck_assert_int_eq(fake_tel_start(&srv, sub), 0);
	setenv("XDG_RUNTIME_DIR", srv.dir, 1);
	c = mc_client_open(prefix, err, sizeof(err));
	ck_assert_msg(c != NULL, "open by prefix failed: %s", err);
	ck_assert_int_eq(mc_client_call(c, "/mc/version", NULL, &reply, err,
					sizeof(err)), MC_CLIENT_OK);
	json_decref(reply);
	finish(c);
}
END_TEST

START_TEST(test_open_missing)
{
	struct mc_client *c;

	c = mc_client_open("/nonexistent-dir/dpdk_telemetry.v2", err, sizeof(err));
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent-dir/dpdk_telemetry.v2"));
	c = mc_client_open("mc-client-no-such-prefix", err, sizeof(err));
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(err, "/var/run/dpdk/mc-client-no-such-prefix/"));
}
END_TEST

static Suite *
client_suite(void)
{
	Suite *s = suite_create("client");
	TCase *tc = tcase_create("telemetry");

	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_greeting_and_plain_request);
	tcase_add_test(tc, test_request_with_params);
	tcase_add_test(tc, test_error_reply);
	tcase_add_test(tc, test_null_reply_is_error);
	tcase_add_test(tc, test_oversize_refused_unsent);
	tcase_add_test(tc, test_bad_command_refused_unsent);
	tcase_add_test(tc, test_server_closes);
	tcase_add_test(tc, test_not_json);
	tcase_add_test(tc, test_wrong_key);
	tcase_add_test(tc, test_reply_size_limit);
	tcase_add_test(tc, test_timeout_then_reconnect);
	tcase_add_test(tc, test_prefix_lookup);
	tcase_add_test(tc, test_open_missing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(client_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
