/* Request validation: a table of bad session requests (every field: bad values, bad
 * types, missing, unknown, duplicates), each with the expected code and a piece of the
 * message, and the proof that a refused request changed nothing; then valid ones. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc_evlog.h"
#include "sm_fake.h"

#define PCMU "{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000}"
#define OPUS "{\"pt\":111,\"name\":\"opus\",\"rate\":48000,\"channels\":2}"
#define LEG(name, rest) "{\"name\":\"" name "\"" rest "}"
#define LA(extra) LEG("a", ",\"remote\":\"10.96.0.1:40000\",\"codecs\":[" PCMU "]" extra)
#define LB(extra) LEG("b", ",\"remote\":\"10.97.0.2:5004\",\"codecs\":[" PCMU "]" extra)
#define REQ(legs) "{\"id\":\"c1\",\"legs\":[" legs "]}"
#define A_WITH(fields) REQ(LEG("a", fields) "," LB(""))
#define CODEC_A(c) A_WITH(",\"remote\":\"10.96.0.1:40000\",\"codecs\":[" c "]")
#define S40 "abcdefghijabcdefghijabcdefghijabcdefghij"

struct bad {
	const char *req;
	const char *code;
	const char *msg;
};

static const struct bad bad_creates[] = {
	{ NULL, "EINVAL", "parameter required" },
	{ "[1]", "EINVAL", "parameter required" },
	{ "{}", "EINVAL", "id: missing" },
	{ "{\"id\":5,\"legs\":[" LA("") "," LB("") "]}", "EINVAL", "id: must be a string" },
	{ "{\"id\":\"\",\"legs\":[" LA("") "," LB("") "]}", "EINVAL", "id: must be 1-64" },
	{ "{\"id\":\"" S40 S40 "\",\"legs\":[]}", "EINVAL", "id: must be 1-64" },
	{ "{\"id\":\"a\\u0001b\",\"legs\":[]}", "EINVAL", "id: must be 1-64 printable" },
	{ "{\"id\":\"c1\",\"lgs\":[]}", "EINVAL", "lgs: unknown field" },
	{ "{\"id\":\"c1\"}", "EINVAL", "legs: missing" },
	{ "{\"id\":\"c1\",\"legs\":{}}", "EINVAL", "legs: must be an array" },
	{ REQ(LA("")), "EINVAL", "legs: a call has exactly 2 legs, got 1" },
	{ REQ(LA("") "," LB("") "," LEG("c", "")), "EINVAL", "exactly 2 legs, got 3" },
	{ REQ(LA("") ",\"b\""), "EINVAL", "legs[1]: must be an object" },
	{ REQ("{\"codecs\":[" PCMU "]}," LB("")), "EINVAL", "legs[0].name: missing" },
	{ REQ(LEG(S40, ",\"codecs\":[" PCMU "]") "," LB("")), "EINVAL", "legs[0].name: must be" },
	{ REQ("{\"name\":7}," LB("")), "EINVAL", "legs[0].name: must be a string" },
	{ REQ(LA("") "," LEG("a", ",\"remote\":\"10.97.0.2:5004\",\"codecs\":[" PCMU "]")),
	  "EINVAL", "legs[1].name: 'a' is already legs[0]'s" },
	{ REQ(LA(",\"remot\":\"10.96.0.1:1\"") "," LB("")), "EINVAL",
	  "legs[0].remot: unknown field" },
	{ REQ(LA(",\"interface\":5") "," LB("")), "EINVAL", "legs[0].interface: must be a string" },
	{ REQ(LA(",\"interface\":\"port9\"") "," LB("")), "EINVAL",
	  "legs[0].interface: no port named 'port9'" },
	{ A_WITH(",\"remote\":5,\"codecs\":[" PCMU "]"), "EINVAL", "legs[0].remote: must be a string" },
	{ A_WITH(",\"remote\":\"10.96.0.1\",\"codecs\":[" PCMU "]"), "EINVAL",
	  "legs[0].remote: '10.96.0.1' is not ip:port" },
	{ REQ(LA("") "," LEG("b", ",\"remote\":\"10.97.0.2:70000\",\"codecs\":[" PCMU "]")),
	  "EINVAL", "legs[1].remote: port 70000 out of range" },
	{ A_WITH(",\"remote\":\"10.96.0.1:0\",\"codecs\":[" PCMU "]"), "EINVAL",
	  "legs[0].remote: port 0 out of range" },
	{ A_WITH(",\"remote\":\"10.96.0.1:abc\",\"codecs\":[" PCMU "]"), "EINVAL",
	  "legs[0].remote: port 'abc' is not a number" },
	{ A_WITH(",\"remote\":\"10.96.0.1:5004x\",\"codecs\":[" PCMU "]"), "EINVAL",
	  "is not a number" },
	{ A_WITH(",\"remote\":\"10.96.0.1:\",\"codecs\":[" PCMU "]"), "EINVAL", "is not a number" },
	{ A_WITH(",\"remote\":\"999.1.1.1:5004\",\"codecs\":[" PCMU "]"), "EINVAL",
	  "legs[0].remote: '999.1.1.1' is not an IPv4 address" },
	{ A_WITH(",\"remote\":\"[2001:db8::1]:5004\",\"codecs\":[" PCMU "]"), "ENOTSUP",
	  "legs[0].remote: IPv6" },
	{ A_WITH(",\"remote\":\"2001:db8::1:5004\",\"codecs\":[" PCMU "]"), "ENOTSUP", "IPv6" },
	{ A_WITH(",\"remote\":\"224.0.0.1:5004\",\"codecs\":[" PCMU "]"), "EINVAL",
	  "224.0.0.1 is not a unicast address" },
	{ A_WITH(",\"remote\":\"0.0.0.0:5004\",\"codecs\":[" PCMU "]"), "EINVAL", "not a unicast" },
	{ A_WITH(",\"remote\":\"127.0.0.1:5004\",\"codecs\":[" PCMU "]"), "EINVAL", "not a unicast" },
	{ A_WITH(",\"remote\":\"255.255.255.255:5004\",\"codecs\":[" PCMU "]"), "EINVAL",
	  "not a unicast" },
	{ A_WITH(",\"remote\":\"10.98.0.1:5004\",\"codecs\":[" PCMU "]"), "EINVAL",
	  "legs[0].interface: missing, and no port's subnet holds the remote" },
	{ A_WITH(",\"interface\":\"port0\",\"remote\":\"10.97.0.2:5004\",\"codecs\":[" PCMU "]"),
	  "EINVAL", "legs[0].remote: 10.97.0.2 is not on port0's subnet and port0 has no gateway" },
	{ A_WITH(",\"remote\":null,\"codecs\":[" PCMU "]"), "EINVAL",
	  "legs[0].interface: missing" },
	{ A_WITH(",\"remote\":\"10.96.0.1:40000\""), "EINVAL", "legs[0].codecs: missing" },
	{ A_WITH(",\"remote\":\"10.96.0.1:40000\",\"codecs\":{}"), "EINVAL",
	  "legs[0].codecs: must be an array" },
	{ CODEC_A(""), "EINVAL", "legs[0].codecs: must not be empty" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000},{\"pt\":8,\"name\":\"PCMA\",\"rate\":8000},"
		  "{\"pt\":9,\"name\":\"G722\",\"rate\":8000},{\"pt\":18,\"name\":\"G729\",\"rate\":8000},"
		  "{\"pt\":96,\"name\":\"x\",\"rate\":8000},{\"pt\":97,\"name\":\"x\",\"rate\":8000},"
		  "{\"pt\":98,\"name\":\"x\",\"rate\":8000},{\"pt\":99,\"name\":\"x\",\"rate\":8000},"
		  "{\"pt\":100,\"name\":\"x\",\"rate\":8000},{\"pt\":101,\"name\":\"x\",\"rate\":8000},"
		  "{\"pt\":102,\"name\":\"x\",\"rate\":8000},{\"pt\":103,\"name\":\"x\",\"rate\":8000},"
		  "{\"pt\":104,\"name\":\"x\",\"rate\":8000}"),
	  "EINVAL", "legs[0].codecs: 13 codecs, at most 12" },
	{ CODEC_A("\"PCMU\""), "EINVAL", "legs[0].codecs[0]: must be an object" },
	{ CODEC_A("{\"name\":\"PCMU\",\"rate\":8000}"), "EINVAL", "legs[0].codecs[0].pt: missing" },
	{ CODEC_A("{\"pt\":128,\"name\":\"PCMU\",\"rate\":8000}"), "EINVAL",
	  "legs[0].codecs[0].pt: 128 out of range 0..127" },
	{ CODEC_A("{\"pt\":-1,\"name\":\"PCMU\",\"rate\":8000}"), "EINVAL", "pt: -1 out of range" },
	{ CODEC_A("{\"pt\":\"0\",\"name\":\"PCMU\",\"rate\":8000}"), "EINVAL",
	  "legs[0].codecs[0].pt: must be an integer" },
	{ CODEC_A("{\"pt\":72,\"name\":\"PCMU\",\"rate\":8000}"), "EINVAL", "pt: 72 is reserved" },
	{ CODEC_A(PCMU ",{\"pt\":0,\"name\":\"PCMA\",\"rate\":8000}"), "EINVAL",
	  "legs[0].codecs[1].pt: 0 is already codecs[0]'s" },
	{ CODEC_A("{\"pt\":0,\"rate\":8000}"), "EINVAL", "legs[0].codecs[0].name: missing" },
	{ CODEC_A("{\"pt\":0,\"name\":\"\",\"rate\":8000}"), "EINVAL", "codecs[0].name: must be" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PC MU\",\"rate\":8000}"), "EINVAL", "codecs[0].name: must be" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU/8000\",\"rate\":8000}"), "EINVAL", "name: must be" },
	{ CODEC_A("{\"pt\":0,\"name\":\"abcdefghijabcdefghijabcd\",\"rate\":8000}"), "EINVAL",
	  "name: must be" },
	{ CODEC_A("{\"pt\":0,\"name\":0,\"rate\":8000}"), "EINVAL", "name: must be" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU\"}"), "EINVAL", "legs[0].codecs[0].rate: missing" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU\",\"rate\":0}"), "EINVAL", "rate: 0 out of range" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000.0}"), "EINVAL",
	  "rate: must be an integer" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000,\"channels\":0}"), "EINVAL",
	  "legs[0].codecs[0].channels: 0 out of range 1..8" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000,\"channels\":9}"), "EINVAL",
	  "channels: 9 out of range" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000,\"fmtp\":5}"), "EINVAL",
	  "legs[0].codecs[0].fmtp: must be a string" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000,\"fmtp\":\"" S40 S40 "abcdefghijabcdefg\"}"),
	  "EINVAL", "fmtp: must be a string of at most 95" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000,\"ptime\":20}"), "EINVAL",
	  "legs[0].codecs[0].ptime: unknown field" },
	{ CODEC_A("{\"pt\":96,\"name\":\"FOO\",\"rate\":8000}"), "ENOTSUP",
	  "legs[0].codecs: no supported audio codec among FOO/8000" },
	{ CODEC_A("{\"pt\":0,\"name\":\"PCMU\",\"rate\":16000}"), "ENOTSUP", "PCMU/16000" },
	{ CODEC_A("{\"pt\":101,\"name\":\"telephone-event\",\"rate\":8000}"), "ENOTSUP",
	  "telephone-event/8000 (not audio)" },
	{ REQ(LA(",\"ptime\":25") "," LB("")), "EINVAL",
	  "legs[0].ptime: 25 is not a multiple of 10 in 10..120" },
	{ REQ(LA(",\"ptime\":0") "," LB("")), "EINVAL", "legs[0].ptime: 0" },
	{ REQ(LA(",\"ptime\":130") "," LB("")), "EINVAL", "legs[0].ptime: 130" },
	{ REQ(LA(",\"ptime\":\"20\"") "," LB("")), "EINVAL", "legs[0].ptime: must be an integer" },
	{ REQ(LA(",\"ptime\":20.5") "," LB("")), "EINVAL", "legs[0].ptime: must be an integer" },
	{ REQ(LA(",\"rtcp_mux\":\"yes\"") "," LB("")), "EINVAL",
	  "legs[0].rtcp_mux: must be true or false" },
	{ REQ(LA("") "," LB(",\"latching\":1")), "EINVAL", "legs[1].latching: must be true" },
	{ REQ(LA(",\"rewrite_ssrc\":null") "," LB("")), "EINVAL", "legs[0].rewrite_ssrc: must be" },
	{ REQ(LA(",\"direction\":\"both\"") "," LB("")), "EINVAL",
	  "legs[0].direction: must be one of sendrecv, sendonly, recvonly, inactive" },
	{ REQ(LA(",\"direction\":1") "," LB("")), "EINVAL", "legs[0].direction: must be one of" },
	{ "{\"id\":\"c1\",\"media_timeout_ms\":-1,\"legs\":[" LA("") "," LB("") "]}", "EINVAL",
	  "media_timeout_ms: -1 out of range" },
	{ "{\"id\":\"c1\",\"media_timeout_ms\":86400001,\"legs\":[" LA("") "," LB("") "]}", "EINVAL",
	  "media_timeout_ms: 86400001 out of range" },
	{ "{\"id\":\"c1\",\"media_timeout_ms\":\"5\",\"legs\":[" LA("") "," LB("") "]}", "EINVAL",
	  "media_timeout_ms: must be an integer" },
	{ REQ(LA(",\"jitter_buffer\":\"off\"") "," LB("")), "EINVAL",
	  "legs[0].jitter_buffer: must be false, true or {\"min_ms\": N, \"max_ms\": N}" },
	{ REQ(LA("") "," LB(",\"jitter_buffer\":{\"min_ms\":-1}")), "EINVAL",
	  "legs[1].jitter_buffer.min_ms: must be an integer in 0..300 (ms)" },
	{ REQ(LA(",\"jitter_buffer\":{\"max_ms\":601}") "," LB("")), "EINVAL",
	  "legs[0].jitter_buffer.max_ms: must be an integer in 20..600 (ms)" },
	{ REQ(LA(",\"jitter_buffer\":{\"max_ms\":\"200\"}") "," LB("")), "EINVAL",
	  "legs[0].jitter_buffer.max_ms: must be an integer" },
	{ REQ(LA(",\"jitter_buffer\":{\"min_ms\":100,\"max_ms\":60}") "," LB("")), "EINVAL",
	  "legs[0].jitter_buffer: min_ms 100 is above max_ms 60" },
	{ REQ(LA(",\"jitter_buffer\":{\"depth\":60}") "," LB("")), "EINVAL",
	  "legs[0].jitter_buffer.depth: unknown field" },
	/* audio: every bad value names its field */
	{ REQ(LA(",\"audio\":true") "," LB("")), "EINVAL",
	  "legs[0].audio: must be an object {\"agc\": ..., \"noise_suppression\": ...}" },
	{ REQ(LA(",\"audio\":null") "," LB("")), "EINVAL", "legs[0].audio: must be an object" },
	{ REQ(LA("") "," LB(",\"audio\":{\"agc\":true,\"vad\":true}")), "EINVAL",
	  "legs[1].audio.vad: unknown field" },
	{ REQ(LA(",\"audio\":{\"agc\":1}") "," LB("")), "EINVAL",
	  "legs[0].audio.agc: must be false, true or {\"target_dbfs\": N, \"max_gain_db\": N}" },
	{ REQ(LA(",\"audio\":{\"agc\":\"on\"}") "," LB("")), "EINVAL",
	  "legs[0].audio.agc: must be false, true or" },
	{ REQ(LA(",\"audio\":{\"agc\":{\"target\":-18}}") "," LB("")), "EINVAL",
	  "legs[0].audio.agc.target: unknown field" },
	{ REQ(LA(",\"audio\":{\"agc\":{\"target_dbfs\":-41}}") "," LB("")), "EINVAL",
	  "legs[0].audio.agc.target_dbfs: must be an integer in -40..-10 (dB)" },
	{ REQ(LA(",\"audio\":{\"agc\":{\"target_dbfs\":-9}}") "," LB("")), "EINVAL",
	  "legs[0].audio.agc.target_dbfs: must be an integer in -40..-10 (dB)" },
	{ REQ(LA(",\"audio\":{\"agc\":{\"target_dbfs\":-18.5}}") "," LB("")), "EINVAL",
	  "legs[0].audio.agc.target_dbfs: must be an integer" },
	{ REQ(LA(",\"audio\":{\"agc\":{\"target_dbfs\":\"-18\"}}") "," LB("")), "EINVAL",
	  "legs[0].audio.agc.target_dbfs: must be an integer" },
	{ REQ(LA(",\"audio\":{\"agc\":{\"max_gain_db\":-1}}") "," LB("")), "EINVAL",
	  "legs[0].audio.agc.max_gain_db: must be an integer in 0..40 (dB)" },
	{ REQ(LA(",\"audio\":{\"agc\":{\"max_gain_db\":41}}") "," LB("")), "EINVAL",
	  "legs[0].audio.agc.max_gain_db: must be an integer in 0..40 (dB)" },
	{ REQ(LA(",\"audio\":{\"noise_suppression\":0}") "," LB("")), "EINVAL",
	  "legs[0].audio.noise_suppression: must be false, true or {\"max_db\": N}" },
	{ REQ(LA(",\"audio\":{\"noise_suppression\":{\"max_db\":0}}") "," LB("")), "EINVAL",
	  "legs[0].audio.noise_suppression.max_db: must be an integer in 1..40 (dB)" },
	{ REQ(LA(",\"audio\":{\"noise_suppression\":{\"max_db\":41}}") "," LB("")), "EINVAL",
	  "legs[0].audio.noise_suppression.max_db: must be an integer in 1..40 (dB)" },
	{ REQ(LA(",\"audio\":{\"noise_suppression\":{\"max_db\":null}}") "," LB("")),
	  "EINVAL", "legs[0].audio.noise_suppression.max_db: must be an integer" },
	{ REQ(LA(",\"audio\":{\"noise_suppression\":{\"level\":5}}") "," LB("")), "EINVAL",
	  "legs[0].audio.noise_suppression.level: unknown field" },
	/* Transcoding works for 10..60 ms; a longer ptime on one side only is refused. */
	{ REQ(LA("") "," LEG("b", ",\"remote\":\"10.97.0.2:5004\",\"ptime\":90,\"codecs\":["
		  OPUS "]")),
	  "ENOTSUP", "legs[0]: cannot transcode PCMU to opus: ptime must be 10..60" },
	{ REQ(LA("") "," LB(",\"ptime\":90")), "ENOTSUP",
	  "cannot transcode PCMU to PCMU: ptime must be 10..60" },
};

struct snap {
	uint32_t count, free_slots, free_pairs, ready_pairs, cmds;
	uint64_t next_seq;
};

static struct snap snap(void)
{
	return (struct snap){
		.count = mc_sm_count(&fk.sm),
		.free_slots = mc_session_table_free_slots(&fk.sm.table),
		.free_pairs = mc_portalloc_free_count(&fk.sm.pa[0]),
		.ready_pairs = mc_portalloc_ready_count(&fk.sm.pa[0], fk.now),
		.cmds = fk.n_cmds,
		.next_seq = fk.sm.log->next_seq,
	};
}

static void assert_same(const struct snap *a, const struct snap *b)
{
	ck_assert_uint_eq(a->count, b->count);
	ck_assert_uint_eq(a->free_slots, b->free_slots);
	ck_assert_uint_eq(a->free_pairs, b->free_pairs);
	ck_assert_uint_eq(a->ready_pairs, b->ready_pairs);
	ck_assert_uint_eq(a->cmds, b->cmds);
	ck_assert_uint_eq(a->next_seq, b->next_seq);
}

static void expect_error(json_t *r, const char *code, const char *msg, const char *req)
{
	ck_assert_msg(fake_code(r) != NULL, "accepted: %s", req ? req : "(none)");
	ck_assert_msg(strcmp(fake_code(r), code) == 0, "code %s, expected %s for %s (%s)",
		      fake_code(r), code, req ? req : "(none)", fake_msg(r));
	ck_assert_msg(strstr(fake_msg(r), msg) != NULL, "message '%s' lacks '%s'",
		      fake_msg(r), msg);
}

START_TEST(bad_create_changes_nothing)
{
	const struct bad *b = &bad_creates[_i];
	json_t *live = fake_create("live");   /* state to keep */
	struct snap before, after;
	json_t *r;

	ck_assert_ptr_null(fake_code(live));
	before = snap();
	r = fake_call(mc_sm_create, b->req);
	expect_error(r, b->code, b->msg, b->req);
	after = snap();
	assert_same(&before, &after);
	ck_assert_ptr_null(mc_session_table_find(&fk.sm.table, "c1"));
	json_decref(r);
	json_decref(live);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("create");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, fake_setup, fake_teardown);
	tcase_add_loop_test(tc, bad_create_changes_nothing, 0,
			    (int)(sizeof(bad_creates) / sizeof(bad_creates[0])));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
