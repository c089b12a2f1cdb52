/* SPDX-License-Identifier: BSD-3-Clause */
/* mcctl's human output and its argv -> request mapping, without a server. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcctl_cmds.h"
#include "mcctl_fmt.h"
#include "mcctl_table.h"

static char *text;

/* Runs a formatter on reply (JSON text) and keeps its output in text. */
static const char *
render(mcctl_fmt_fn fn, const char *reply_json)
{
	json_error_t e;
	json_t *r = json_loads(reply_json, JSON_DECODE_ANY, &e);
	size_t len;
	FILE *f;

	ck_assert_msg(r != NULL, "bad fixture: %s", e.text);
	free(text);
	text = NULL;
	f = open_memstream(&text, &len);
	ck_assert_int_eq(fn(f, r), 0);
	fclose(f);
	json_decref(r);
	return text;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The line of s that contains needle (copied into buf). */
static const char *
line_with(const char *s, const char *needle, char *buf, size_t n)
{
	const char *p = strstr(s, needle), *b, *e;

	ck_assert_msg(p != NULL, "'%s' not in:\n%s", needle, s);
	for (b = p; b > s && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	snprintf(buf, n, "%.*s", (int)(e ? e - b : (long)strlen(b)), b);
	return buf;
}

/* Right-aligned numbers end where their head ends. */
static void
assert_right_aligned(const char *s, const char *head, const char *row_key,
		     const char *value)
{
	char h[512], r[512];

	line_with(s, head, h, sizeof(h));
	line_with(s, row_key, r, sizeof(r));
	ck_assert_ptr_nonnull(strstr(r, value));
	ck_assert_int_eq(strstr(h, head) - h + (long)strlen(head),
			 strstr(r, value) - r + (long)strlen(value));
}

static void
assert_no_trailing_blanks(const char *s)
{
	ck_assert_msg(strstr(s, " \n") == NULL, "trailing blank in:\n%s", s);
}

/* Column c starts at the same offset in the header and in a row. */
static void
assert_aligned(const char *s, const char *head, const char *row_key,
	       const char *value)
{
	char h[512], r[512];

	line_with(s, head, h, sizeof(h));
	line_with(s, row_key, r, sizeof(r));
	ck_assert_ptr_nonnull(strstr(r, value));
	ck_assert_int_eq(strstr(h, head) - h, strstr(r, value) - r);
}

static const char *ports_json =
	"{\"ports\":[{\"name\":\"port0\",\"id\":0,\"driver\":\"net_tap\","
	"\"mac\":\"02:00:00:00:00:01\",\"addresses\":[\"10.96.0.254/24\"],"
	"\"gateway\":\"10.96.0.1\",\"link\":{\"up\":true,\"speed_mbps\":10000,"
	"\"duplex\":\"full\"},\"rx_packets\":123456,\"rx_bytes\":98765432,"
	"\"tx_packets\":120001,\"tx_bytes\":9000007,\"rx_missed\":11,"
	"\"rx_errors\":12,\"tx_errors\":13,\"rx_nombuf\":14,\"numa\":1},"
	"{\"name\":\"port1\",\"id\":1,\"driver\":\"net_af_packet\","
	"\"mac\":\"02:00:00:00:00:02\",\"addresses\":[\"10.97.0.254/24\","
	"\"10.98.0.254/24\"],\"link\":{\"up\":false},\"rx_packets\":5,"
	"\"rx_bytes\":300,\"tx_packets\":0,\"tx_bytes\":0,\"rx_missed\":0,"
	"\"rx_errors\":0,\"tx_errors\":0,\"rx_nombuf\":0}],\"owner\":\"w0\"}";

START_TEST(test_ports_table)
{
	const char *s = render(mcctl_fmt_ports, ports_json);
	char line[512];

	ck_assert_ptr_nonnull(strstr(s, "02:00:00:00:00:01"));
	ck_assert_ptr_nonnull(strstr(s, "02:00:00:00:00:02"));
	ck_assert_ptr_nonnull(strstr(s, "up 10000Mb/s full"));
	ck_assert_ptr_nonnull(strstr(s, "10.97.0.254/24,10.98.0.254/24"));
	/* counters of port0 all on its counter row */
	line_with(s, "123456", line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "port0"));
	ck_assert_ptr_nonnull(strstr(line, "98765432"));
	ck_assert_ptr_nonnull(strstr(line, "120001"));
	ck_assert_ptr_nonnull(strstr(line, "9000007"));
	ck_assert_ptr_nonnull(strstr(line, "11"));
	ck_assert_ptr_nonnull(strstr(line, "14"));
	/* port1 has no gateway and a down link */
	line_with(s, "net_af_packet", line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, " - "));
	ck_assert_ptr_nonnull(strstr(line, "down"));
	/* fields this mcctl does not know still show */
	ck_assert_ptr_nonnull(strstr(s, "numa=1"));
	ck_assert_ptr_nonnull(strstr(s, "owner: w0"));
	assert_aligned(s, "MAC", "port1  ", "02:00:00:00:00:02");
	assert_aligned(s, "GATEWAY", "net_tap", "10.96.0.1");
	assert_no_trailing_blanks(s);
	/* two headers, two rows each, a blank line, the extra field */
	ck_assert_int_eq(count_lines(s), 8);
}
END_TEST

START_TEST(test_lcores_table)
{
	const char *s = render(mcctl_fmt_lcores,
		"{\"lcores\":[{\"lcore\":0,\"role\":\"control\",\"busy\":0.013,"
		"\"iterations\":1000},{\"lcore\":1,\"role\":\"worker\",\"worker\":0,"
		"\"busy\":0.5,\"iterations\":99999999,\"rx_packets\":5000,"
		"\"tx_packets\":4999,\"drops\":{\"runt\":0,\"not_for_us\":5}}]}");
	char line[512];

	ck_assert_int_eq(count_lines(s), 3);
	line_with(s, "control", line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "1.3%"));
	line_with(s, "worker ", line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "50.0%"));
	ck_assert_ptr_nonnull(strstr(line, "5000"));
	ck_assert_ptr_nonnull(strstr(line, "4999"));
	ck_assert_ptr_nonnull(strstr(line, "not_for_us=5"));
	ck_assert_ptr_null(strstr(s, "runt"));
	assert_aligned(s, "DROPS", "worker ", "not_for_us=5");
	assert_right_aligned(s, "ITERATIONS", "control", "1000");
	assert_right_aligned(s, "ITERATIONS", "worker ", "99999999");
	assert_right_aligned(s, "BUSY", "control", "1.3%");
	assert_no_trailing_blanks(s);
}
END_TEST

START_TEST(test_neighbors_table)
{
	const char *s = render(mcctl_fmt_neighbors,
		"{\"neighbors\":[{\"port\":\"port0\",\"ip\":\"10.96.0.1\","
		"\"mac\":\"aa:bb:cc:dd:ee:ff\",\"state\":\"reachable\","
		"\"age_ms\":1200,\"probes\":2}]}");
	char line[512];

	ck_assert_int_eq(count_lines(s), 2);
	line_with(s, "10.96.0.1", line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "aa:bb:cc:dd:ee:ff"));
	ck_assert_ptr_nonnull(strstr(line, "reachable"));
	ck_assert_ptr_nonnull(strstr(line, "1200"));
	assert_aligned(s, "STATE", "port0", "reachable");
	/* the optional EXTRA column is left out when nothing fills it */
	ck_assert_ptr_null(strstr(s, "EXTRA"));
	assert_no_trailing_blanks(s);
}
END_TEST

START_TEST(test_stats_nonzero_drops)
{
	const char *s = render(mcctl_fmt_stats,
		"{\"sessions\":2,\"rx_packets\":1000,\"tx_packets\":990,"
		"\"drops\":{\"runt\":3,\"ethertype\":0,\"no_leg\":7},"
		"\"lcores\":[{\"lcore\":1,\"rx_packets\":1000,\"tx_packets\":990,"
		"\"drops\":{\"runt\":3,\"ethertype\":0}},{\"lcore\":2,"
		"\"rx_packets\":0,\"tx_packets\":0,\"drops\":{\"runt\":0}}]}");
	char line[512];

	ck_assert_ptr_nonnull(strstr(s, "sessions: 2\n"));
	ck_assert_ptr_nonnull(strstr(s, "rx_packets: 1000\n"));
	line_with(s, "drops:", line, sizeof(line));
	ck_assert_str_eq(line, "drops: runt=3 no_leg=7");
	ck_assert_ptr_null(strstr(s, "ethertype"));
	line_with(s, "990  runt", line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "runt=3"));
	ck_assert_ptr_nonnull(strstr(s, "none"));
	assert_no_trailing_blanks(s);
}
END_TEST

START_TEST(test_caps_and_events)
{
	const char *s = render(mcctl_fmt_caps,
		"{\"codecs\":[{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000,"
		"\"channels\":1},{\"pt\":111,\"name\":\"opus\",\"rate\":48000,"
		"\"channels\":2,\"fmtp\":\"useinbandfec=1\"}],"
		"\"features\":[\"relay\",\"transcode\"]}");
	char line[512];

	line_with(s, "opus", line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "48000"));
	ck_assert_ptr_nonnull(strstr(line, "useinbandfec=1"));
	ck_assert_ptr_nonnull(strstr(s, "features: relay transcode\n"));
	assert_right_aligned(s, "RATE", "PCMU", "8000");

	s = render(mcctl_fmt_events,
		"{\"last\":7,\"events\":[{\"seq\":6,\"type\":\"dtmf\","
		"\"id\":\"call-1\",\"leg\":\"a\",\"digit\":\"5\"},"
		"{\"seq\":7,\"type\":\"media_timeout\",\"id\":\"call-1\","
		"\"leg\":\"b\"}]}");
	ck_assert_ptr_nonnull(strstr(s, "last: 7\n"));
	line_with(s, "dtmf", line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "digit=5"));
	ck_assert_ptr_nonnull(strstr(s, "media_timeout"));
	ck_assert_int_eq(count_lines(s), 4);
	assert_no_trailing_blanks(s);
}
END_TEST

START_TEST(test_session_info)
{
	const char *s = render(mcctl_fmt_session,
		"{\"id\":\"call-1\",\"mode\":\"transcode\",\"legs\":["
		"{\"name\":\"a\",\"local\":\"10.96.0.254:30000\","
		"\"rtcp\":\"10.96.0.254:30001\",\"codec\":{\"pt\":0,"
		"\"name\":\"PCMU\",\"rate\":8000},\"ptime\":20,"
		"\"stats\":{\"rx_packets\":500,\"lost\":1,\"jitter_ms\":0.75,"
		"\"drops\":{\"bad_ssrc\":0,\"bad_pt\":2}}},"
		"{\"name\":\"b\",\"local\":\"10.97.0.254:30002\","
		"\"codec\":{\"pt\":111,\"name\":\"opus\",\"rate\":48000,"
		"\"channels\":2},\"ptime\":20,\"stats\":{\"rx_packets\":499}}]}");
	char line[512];

	ck_assert_ptr_nonnull(strstr(s, "session call-1  mode transcode\n"));
	line_with(s, "leg a", line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "local 10.96.0.254:30000"));
	ck_assert_ptr_nonnull(strstr(line, "codec PCMU/8000 pt 0"));
	line_with(s, "leg b", line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "codec opus/48000/2 pt 111"));
	ck_assert_ptr_nonnull(strstr(s, "rx_packets: 500\n"));
	ck_assert_ptr_nonnull(strstr(s, "jitter_ms: 0.75\n"));
	ck_assert_ptr_nonnull(strstr(s, "drops: bad_pt=2\n"));
	ck_assert_ptr_null(strstr(s, "bad_ssrc"));
	/* leg a's stats come before leg b */
	ck_assert(strstr(s, "rx_packets: 500") < strstr(s, "leg b"));
	ck_assert(strstr(s, "rx_packets: 499") > strstr(s, "leg b"));
}
END_TEST

START_TEST(test_list_destroy_version)
{
	const char *s = render(mcctl_fmt_list,
		"{\"total\":2,\"ids\":[\"call-1\",\"call-2\"]}");

	ck_assert_str_eq(s, "total: 2\ncall-1\ncall-2\n");
	s = render(mcctl_fmt_destroy,
		   "{\"id\":\"call-1\",\"legs\":[{\"name\":\"a\","
		   "\"stats\":{\"rx_packets\":5}}]}");
	ck_assert_ptr_nonnull(strstr(s, "session call-1 destroyed\n"));
	ck_assert_ptr_nonnull(strstr(s, "rx_packets: 5\n"));
	s = render(mcctl_fmt_version,
		   "{\"version\":\"0.1.0\",\"dpdk\":\"DPDK 22.11.11\",\"build\":\"x\"}");
	ck_assert_str_eq(s, "media-core 0.1.0 (DPDK 22.11.11)\nbuild: x\n");
	s = render(mcctl_fmt_dtmf, "{\"queued\":4}");
	ck_assert_str_eq(s, "queued: 4\n");
}
END_TEST

/* A reply of a shape the formatter does not expect still prints everything. */
START_TEST(test_unexpected_shapes)
{
	const char *s = render(mcctl_fmt_ports, "{\"ports\":{\"port0\":{\"up\":true}}}");

	ck_assert_ptr_nonnull(strstr(s, "ports:"));
	ck_assert_ptr_nonnull(strstr(s, "port0:"));
	ck_assert_ptr_nonnull(strstr(s, "up: true"));
	s = render(mcctl_fmt_lcores, "[1,2]");
	ck_assert_str_eq(s, "[1,2]\n");
	s = render(mcctl_fmt_session, "\"odd\"");
	ck_assert_str_eq(s, "odd\n");
	s = render(mcctl_fmt_ports, "{\"ports\":[]}");
	ck_assert_str_eq(s, "no ports\n");
}
END_TEST

START_TEST(test_json_roundtrip_and_error)
{
	json_t *in = json_loads(ports_json, 0, NULL), *out;
	const char *s = render(mcctl_fmt_json, ports_json);

	ck_assert_int_eq(count_lines(s), 1);
	out = json_loads(s, 0, NULL);
	ck_assert(json_equal(in, out));
	json_decref(in);
	json_decref(out);

	free(text);
	text = NULL;
	{
		size_t len;
		FILE *f = open_memstream(&text, &len);
		json_t *e = json_pack("{s:s,s:s}", "code", "ENOENT", "message",
				      "no session call-9");

		mcctl_fmt_error(f, e);
		fclose(f);
		json_decref(e);
	}
	ck_assert_str_eq(text, "error: ENOENT: no session call-9\n");
}
END_TEST

START_TEST(test_table_widths)
{
	static const char *const heads[] = { "A", ">NUM", "?OPT", "LAST", NULL };
	struct mcctl_table t;
	size_t len;
	FILE *f;
	int r;

	mcctl_table_init(&t, heads);
	r = mcctl_table_row(&t);
	mcctl_table_set(&t, r, 0, "long-name");
	mcctl_table_set(&t, r, 1, "7");
	mcctl_table_set(&t, r, 3, "x");
	r = mcctl_table_row(&t);
	mcctl_table_set(&t, r, 0, "b");
	mcctl_table_set(&t, r, 1, "12345");
	free(text);
	text = NULL;
	f = open_memstream(&text, &len);
	mcctl_table_print(f, &t);
	fclose(f);
	mcctl_table_free(&t);
	ck_assert_str_eq(text,
			 "A            NUM  LAST\n"
			 "long-name      7  x\n"
			 "b          12345\n");
}
END_TEST

/* argv -> request: the endpoint and the exact parameter object */
static void
assert_parse(const char *line, const char *cmd, const char *params)
{
	char buf[512], *argv[16], *tok, *save = NULL;
	struct mcctl_req req;
	int argc = 0;
	char *dump;

	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	ck_assert_msg(mcctl_parse_cmd(argc, argv, &req) == 0, "parse failed: %s", line);
	ck_assert_str_eq(req.cmd, cmd);
	if (params == NULL) {
		ck_assert_ptr_null(req.params);
	} else {
		dump = json_dumps(req.params, JSON_COMPACT);
		ck_assert_str_eq(dump, params);
		free(dump);
	}
	ck_assert_ptr_nonnull(req.fmt);
	json_decref(req.params);
}

static void
assert_refused(const char *line)
{
	char buf[512], *argv[16], *tok, *save = NULL;
	struct mcctl_req req;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	ck_assert_msg(mcctl_parse_cmd(argc, argv, &req) < 0, "accepted: %s", line);
}

START_TEST(test_parse_commands)
{
	assert_parse("version", "/mc/version", NULL);
	assert_parse("ports", "/mc/ports", NULL);
	assert_parse("lcores", "/mc/lcores", NULL);
	assert_parse("neighbors", "/mc/neighbors", NULL);
	assert_parse("stats", "/mc/stats", NULL);
	assert_parse("caps", "/mc/caps", NULL);
	assert_parse("events", "/mc/events", "{}");
	assert_parse("events --after 42", "/mc/events", "{\"after\":42}");
	assert_parse("events --after=7", "/mc/events", "{\"after\":7}");
	assert_parse("session info call-1", "/mc/session/info", "{\"id\":\"call-1\"}");
	assert_parse("session destroy c2", "/mc/session/destroy", "{\"id\":\"c2\"}");
	assert_parse("session list", "/mc/session/list", "{}");
	assert_parse("session list --offset 100 --limit 50", "/mc/session/list",
		     "{\"offset\":100,\"limit\":50}");
	assert_parse("session create --json {\"id\":\"c\",\"legs\":[]}",
		     "/mc/session/create", "{\"id\":\"c\",\"legs\":[]}");
	assert_parse("session update {\"id\":\"c\"}", "/mc/session/update",
		     "{\"id\":\"c\"}");
	assert_parse("dtmf send call-1 a 123# --duration 80", "/mc/dtmf/send",
		     "{\"id\":\"call-1\",\"leg\":\"a\",\"digits\":\"123#\","
		     "\"duration_ms\":80}");
	assert_parse("dtmf send call-1 b 9", "/mc/dtmf/send",
		     "{\"id\":\"call-1\",\"leg\":\"b\",\"digits\":\"9\"}");
	assert_parse("call /mc/echo {\"x\":1}", "/mc/echo", "{\"x\":1}");
	assert_parse("call /mc/version", "/mc/version", NULL);

	assert_refused("nosuch");
	assert_refused("ports extra");
	assert_refused("events --after -1");
	assert_refused("events --after");
	assert_refused("events --before 3");
	assert_refused("session");
	assert_refused("session info");
	assert_refused("session create --json [1]");
	assert_refused("session create --json {bad");
	assert_refused("session list --limit x");
	assert_refused("dtmf send call-1 a");
	assert_refused("dtmf send call-1 a 1 --duration");
	assert_refused("call");
	assert_refused("call /mc/x 7");
}
END_TEST

static Suite *
fmt_suite(void)
{
	Suite *s = suite_create("mcctl");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, test_ports_table);
	tcase_add_test(tc, test_lcores_table);
	tcase_add_test(tc, test_neighbors_table);
	tcase_add_test(tc, test_stats_nonzero_drops);
	tcase_add_test(tc, test_caps_and_events);
	tcase_add_test(tc, test_session_info);
	tcase_add_test(tc, test_list_destroy_version);
	tcase_add_test(tc, test_unexpected_shapes);
	tcase_add_test(tc, test_json_roundtrip_and_error);
	tcase_add_test(tc, test_table_widths);
	tcase_add_test(tc, test_parse_commands);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fmt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free(text);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
