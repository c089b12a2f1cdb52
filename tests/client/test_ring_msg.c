/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ring transport's messages: packing and checking (mc_ring_msg.c, shared by
 * media-core and libmcclient), and media-core's handling of one message
 * (mc_ring_server_handle), which needs no EAL for /mc/version and malformed input.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mc_ring_msg.h"
#include "mc_ring_server.h"

static struct mc_ring_msg *msg;
static char err[256];

static void setup(void)
{
	msg = calloc(1, sizeof(*msg));
	ck_assert_ptr_nonnull(msg);
	err[0] = '\0';
}

static void teardown(void)
{
	free(msg);
}

/* {"p":"xxx..."} whose compact JSON is exactly len bytes (len >= 8). */
static json_t *param_of_len(size_t len)
{
	char *s = malloc(len - 8 + 1);
	json_t *o;

	memset(s, 'x', len - 8);
	s[len - 8] = '\0';
	o = json_pack("{s:s}", "p", s);
	free(s);
	return o;
}

static void request(const char *cmd, const json_t *params)
{
	ck_assert_int_eq(mc_ring_msg_request(msg, 7, "mc_rsp_1_0", cmd, params, err,
					     sizeof(err)), 0);
}

START_TEST(test_request_packs_header_and_body)
{
	json_t *p = json_pack("{s:s,s:i}", "id", "call-1", "n", 3), *back;

	request("/mc/session/info", p);
	ck_assert_uint_eq(msg->magic, MC_RING_MAGIC);
	ck_assert_uint_eq(msg->version, MC_RING_VERSION);
	ck_assert_uint_eq(msg->dir, MC_RING_REQUEST);
	ck_assert_uint_eq(msg->id, 7);
	ck_assert_str_eq(msg->cmd, "/mc/session/info");
	ck_assert_str_eq(msg->reply_ring, "mc_rsp_1_0");
	ck_assert_str_eq(msg->body, "{\"id\":\"call-1\",\"n\":3}");
	ck_assert_uint_eq(msg->body_len, strlen(msg->body));
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REQUEST, err, sizeof(err)), 0);
	ck_assert_int_eq(mc_ring_msg_body(msg, &back, err, sizeof(err)), 0);
	ck_assert(json_equal(back, p));
	json_decref(back);
	json_decref(p);
}
END_TEST

START_TEST(test_request_without_params_has_empty_body)
{
	json_t *back = json_true();

	memset(msg->body, 'z', 16);
	request("/mc/version", NULL);
	ck_assert_uint_eq(msg->body_len, 0);
	ck_assert_int_eq(msg->body[0], '\0');
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REQUEST, err, sizeof(err)), 0);
	ck_assert_int_eq(mc_ring_msg_body(msg, &back, err, sizeof(err)), 0);
	ck_assert_ptr_null(back);
}
END_TEST

START_TEST(test_request_body_bounds)
{
	json_t *fits = param_of_len(MC_RING_BODY_SIZE - 1);
	json_t *over = param_of_len(MC_RING_BODY_SIZE);

	request("/mc/version", fits);
	ck_assert_uint_eq(msg->body_len, MC_RING_BODY_SIZE - 1);
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REQUEST, err, sizeof(err)), 0);
	ck_assert_int_eq(mc_ring_msg_request(msg, 8, "mc_rsp_1_0", "/mc/version", over, err,
					     sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "65536 bytes"));
	ck_assert_ptr_nonnull(strstr(err, "limit is 65535"));
	json_decref(fits);
	json_decref(over);
}
END_TEST

START_TEST(test_request_name_bounds)
{
	char cmd[MC_RING_CMD_SIZE + 1], ring[MC_RING_NAME_SIZE + 1];

	memset(cmd, 'c', sizeof(cmd));
	cmd[0] = '/';
	cmd[MC_RING_CMD_SIZE - 1] = '\0';   /* 63 bytes: fits */
	request(cmd, NULL);
	cmd[MC_RING_CMD_SIZE - 1] = 'c';
	cmd[MC_RING_CMD_SIZE] = '\0';       /* 64 bytes: does not */
	ck_assert_int_eq(mc_ring_msg_request(msg, 1, "mc_rsp_1_0", cmd, NULL, err,
					     sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "command longer than 63"));
	memset(ring, 'r', sizeof(ring));
	ring[MC_RING_NAME_SIZE] = '\0';
	ck_assert_int_eq(mc_ring_msg_request(msg, 1, ring, "/mc/version", NULL, err,
					     sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "reply ring name"));
}
END_TEST

/* Each corruption alone makes the check fail, and the message says which. */
START_TEST(test_check_refuses_corruption)
{
	static const struct {
		const char *what;
		size_t off;
		int byte;
	} cases[] = {
		{ "magic", offsetof(struct mc_ring_msg, magic), 0x00 },
		{ "version", offsetof(struct mc_ring_msg, version), 9 },
		{ "expected a request", offsetof(struct mc_ring_msg, dir), MC_RING_REPLY },
		{ "reply ring", offsetof(struct mc_ring_msg, reply_ring), 'x' },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		request("/mc/version", NULL);
		((unsigned char *)msg)[cases[i].off] = (unsigned char)cases[i].byte;
		ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REQUEST, err, sizeof(err)), -1);
		ck_assert_msg(strstr(err, cases[i].what) != NULL, "%s: got '%s'",
			      cases[i].what, err);
	}
	request("/mc/version", NULL);
	memset(msg->cmd, 'A', sizeof(msg->cmd));
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REQUEST, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "command not terminated"));
	request("/mc/version", NULL);
	memset(msg->reply_ring, 'm', sizeof(msg->reply_ring));
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REQUEST, err, sizeof(err)), -1);
	ck_assert(!mc_ring_msg_has_reply_ring(msg));
}
END_TEST

START_TEST(test_check_refuses_bad_body_len)
{
	json_t *p = json_pack("{s:s}", "a", "bc");

	request("/mc/version", p);
	msg->body_len = MC_RING_BODY_SIZE;
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REQUEST, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "out of range"));
	request("/mc/version", p);
	msg->body_len = 3;                  /* no NUL there */
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REQUEST, err, sizeof(err)), -1);
	request("/mc/version", p);
	msg->body[2] = '\0';                /* a NUL inside the body */
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REQUEST, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "text and a NUL"));
	json_decref(p);
}
END_TEST

START_TEST(test_body_parse_errors)
{
	json_t *v;

	request("/mc/version", NULL);
	strcpy(msg->body, "{\"a\":1,\"a\":2}");
	msg->body_len = (uint32_t)strlen(msg->body);
	ck_assert_int_eq(mc_ring_msg_body(msg, &v, err, sizeof(err)), -1);
	ck_assert_ptr_null(v);
	strcpy(msg->body, "{\"a\":");
	msg->body_len = (uint32_t)strlen(msg->body);
	ck_assert_int_eq(mc_ring_msg_body(msg, &v, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "not valid JSON"));
}
END_TEST

START_TEST(test_reply_round_trip)
{
	json_t *r = json_pack("{s:s,s:[i,i]}", "version", "0.1.0", "x", 1, 2), *back;

	request("/mc/version", NULL);
	mc_ring_msg_reply(msg, MC_RING_ST_OK, r);
	ck_assert_uint_eq(msg->dir, MC_RING_REPLY);
	ck_assert_uint_eq(msg->id, 7);      /* kept: the client matches replies by it */
	ck_assert_int_eq(msg->status, MC_RING_ST_OK);
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REPLY, err, sizeof(err)), 0);
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REQUEST, err, sizeof(err)), -1);
	ck_assert_int_eq(mc_ring_msg_body(msg, &back, err, sizeof(err)), 0);
	ck_assert(json_equal(back, r));
	json_decref(back);
	mc_ring_msg_reply(msg, MC_RING_ST_OK, json_null());   /* telemetry's "no data" */
	ck_assert_str_eq(msg->body, "null");
	json_decref(r);
}
END_TEST

START_TEST(test_reply_too_big_becomes_enospc)
{
	json_t *big = param_of_len(MC_RING_BODY_SIZE), *back;

	request("/mc/session/list", NULL);
	mc_ring_msg_reply(msg, MC_RING_ST_OK, big);
	ck_assert_int_eq(msg->status, MC_RING_ST_TOOBIG);
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REPLY, err, sizeof(err)), 0);
	ck_assert_int_eq(mc_ring_msg_body(msg, &back, err, sizeof(err)), 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(back, "error"),
							   "code")), "ENOSPC");
	json_decref(back);
	json_decref(big);
}
END_TEST

/* media-core's side: the reply body of handling msg, parsed. */
static json_t *handled(void)
{
	json_t *v;

	mc_ring_server_handle(msg);
	ck_assert_int_eq(mc_ring_msg_check(msg, MC_RING_REPLY, err, sizeof(err)), 0);
	ck_assert_int_eq(mc_ring_msg_body(msg, &v, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(v);
	return v;
}

static const char *error_code(json_t *v, const char **message)
{
	json_t *e = json_object_get(v, "error");

	*message = json_string_value(json_object_get(e, "message"));
	return json_string_value(json_object_get(e, "code"));
}

START_TEST(test_server_runs_command_with_long_parameter)
{
	json_t *p = param_of_len(20000), *v;

	request("/mc/version", p);
	v = handled();
	ck_assert_int_eq(msg->status, MC_RING_ST_OK);
	ck_assert_ptr_nonnull(json_string_value(json_object_get(v, "version")));
	ck_assert_ptr_nonnull(json_string_value(json_object_get(v, "dpdk")));
	json_decref(v);
	json_decref(p);
}
END_TEST

START_TEST(test_server_refuses_malformed)
{
	const char *m;
	json_t *v;

	request("/mc/nosuch", NULL);
	v = handled();
	ck_assert_str_eq(error_code(v, &m), "EINVAL");
	ck_assert_ptr_nonnull(strstr(m, "unknown command '/mc/nosuch'"));
	json_decref(v);

	request("/mc/version", NULL);
	msg->magic = 0xdeadbeef;
	v = handled();
	ck_assert_int_eq(msg->status, MC_RING_ST_BADMSG);
	ck_assert_str_eq(error_code(v, &m), "EINVAL");
	ck_assert_ptr_nonnull(strstr(m, "bad magic 0xdeadbeef"));
	json_decref(v);

	request("/mc/version", NULL);
	memset(msg->cmd, 'A', sizeof(msg->cmd));
	v = handled();
	ck_assert_int_eq(msg->status, MC_RING_ST_BADMSG);
	ck_assert_ptr_nonnull(strstr(m = json_string_value(json_object_get(
		json_object_get(v, "error"), "message")), "not terminated"));
	json_decref(v);
}
END_TEST

/* A body longer than telemetry's 1 KB is parsed whole: the error is past byte 1024. */
START_TEST(test_server_parses_whole_body)
{
	const char *m;
	json_t *v;

	request("/mc/version", NULL);
	memset(msg->body, ' ', 3000);
	memcpy(msg->body, "{\"a\":", 5);
	memcpy(msg->body + 2990, "]", 1);
	msg->body[3000] = '\0';
	msg->body_len = 3000;
	v = handled();
	ck_assert_int_eq(msg->status, MC_RING_ST_BADMSG);
	ck_assert_str_eq(error_code(v, &m), "EINVAL");
	ck_assert_msg(strstr(m, "parameter is not valid JSON") && strstr(m, "(column "),
		      "got '%s'", m);
	ck_assert_int_gt(atoi(strstr(m, "(column ") + 8), 2900);
	json_decref(v);

	request("/mc/version", NULL);
	strcpy(msg->body, "[1,2]");
	msg->body_len = 5;
	v = handled();
	ck_assert_str_eq(error_code(v, &m), "EINVAL");
	ck_assert_str_eq(m, "parameter must be a JSON object");
	json_decref(v);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ring_msg");
	TCase *tc = tcase_create("msg");
	TCase *ts = tcase_create("server");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_request_packs_header_and_body);
	tcase_add_test(tc, test_request_without_params_has_empty_body);
	tcase_add_test(tc, test_request_body_bounds);
	tcase_add_test(tc, test_request_name_bounds);
	tcase_add_test(tc, test_check_refuses_corruption);
	tcase_add_test(tc, test_check_refuses_bad_body_len);
	tcase_add_test(tc, test_body_parse_errors);
	tcase_add_test(tc, test_reply_round_trip);
	tcase_add_test(tc, test_reply_too_big_becomes_enospc);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(ts, setup, teardown);
	tcase_add_test(ts, test_server_runs_command_with_long_parameter);
	tcase_add_test(ts, test_server_refuses_malformed);
	tcase_add_test(ts, test_server_parses_whole_body);
	suite_add_tcase(s, ts);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
