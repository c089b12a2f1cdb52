/* The session manager over a fake worker: what a valid create hands the worker (PT
 * map, addresses, MAC, direction), EEXIST and ENOSPC without side effects, update by
 * leg name, late MAC resolution, destroy with quarantine, list paging, events. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc_evlog.h"
#include "mc_tc_priv.h"
#include "sm_fake.h"

static uint32_t ip(const char *s)
{
	uint32_t a;

	inet_pton(AF_INET, s, &a);
	return a;
}

static const char *leg_str(const json_t *r, unsigned i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(r, "legs"), i),
						 key));
}

static void ok(json_t *r)
{
	ck_assert_msg(fake_code(r) == NULL, "refused: %s %s", fake_code(r), fake_msg(r));
}

START_TEST(create_fills_worker_state)
{
	json_t *r = fake_create("call-1");
	const struct mc_session *s;
	const struct mc_leg_dp *a, *b;

	ok(r);
	ck_assert_str_eq(json_string_value(json_object_get(r, "mode")), "relay");
	ck_assert_str_eq(leg_str(r, 0, "local"), "10.96.0.254:30000");
	ck_assert_str_eq(leg_str(r, 0, "rtcp"), "10.96.0.254:30001");
	ck_assert_str_eq(leg_str(r, 1, "local"), "10.97.0.254:30002");
	ck_assert_str_eq(leg_str(r, 0, "interface"), "port0");
	ck_assert_str_eq(leg_str(r, 1, "interface"), "port1");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
		json_array_get(json_object_get(r, "legs"), 1), "codec"), "name")), "pcmu");
	/* The worker got ADD with everything it needs. */
	ck_assert_uint_eq(fk.n_cmds, 1);
	ck_assert_int_eq(fk.last.type, MC_WCMD_ADD);
	s = fk.last.session;
	ck_assert_str_eq(s->id, "call-1");
	ck_assert_uint_eq(s->media_timeout_ms, 30000);
	a = &s->legs[0].dp;
	b = &s->legs[1].dp;
	ck_assert_uint_eq(a->local_port, 30000);
	ck_assert_uint_eq(a->local_ip, ip("10.96.0.254"));
	ck_assert_uint_eq(a->eth_port, 0);
	ck_assert_uint_eq(b->eth_port, 1);
	ck_assert_uint_eq(a->remote_ip, ip("10.96.0.1"));
	ck_assert_uint_eq(a->remote_port, 40000);
	ck_assert_uint_eq(a->remote_rtcp_port, 40001);
	ck_assert(a->mac_valid);
	ck_assert_uint_eq(a->remote_mac.addr_bytes[5], 1);     /* next hop = remote */
	ck_assert_uint_eq(b->remote_mac.addr_bytes[3], 1);     /* resolved on port1 */
	ck_assert(a->latching && a->recv_ok && a->send_ok && !a->rewrite);
	ck_assert_uint_eq(a->clock_rate, 8000);
	/* PT map: b's PTs in, a's PTs out (telephone-event 96 -> 101), the rest dropped. */
	ck_assert_uint_eq(a->pt_out[0], 0);
	ck_assert_uint_eq(a->pt_out[96], 101);
	ck_assert_uint_eq(a->pt_out[101], MC_PT_NONE);
	ck_assert_uint_eq(b->pt_out[101], 96);
	ck_assert_uint_eq(b->pt_out[8], MC_PT_NONE);
	ck_assert_ptr_eq(s->legs[0].peer, &s->legs[1]);
	json_decref(r);
}
END_TEST

START_TEST(create_variants)
{
	json_t *r = fake_call(mc_sm_create,
		"{\"id\":\"v\",\"media_timeout_ms\":0,\"legs\":["
		"{\"name\":\"in\",\"interface\":\"port1\",\"remote\":null,\"latching\":true,"
		" \"direction\":\"sendonly\",\"rtcp_mux\":true,\"rewrite_ssrc\":true,\"ptime\":40,"
		" \"codecs\":[{\"pt\":96,\"name\":\"VP8\",\"rate\":90000},"
		"             {\"pt\":111,\"name\":\"OPUS\",\"rate\":48000,\"channels\":2,"
		"              \"fmtp\":\"useinbandfec=1\"}]},"
		"{\"name\":\"out\",\"remote\":\"10.96.0.7:6000\",\"direction\":\"recvonly\","
		" \"ptime\":40,\"codecs\":[{\"pt\":100,\"name\":\"opus\",\"rate\":48000}]}]}");
	const struct mc_session *s = fk.last.session;
	const json_t *codec;

	ok(r);
	ck_assert_uint_eq(s->media_timeout_ms, 0);
	/* Unknown VP8 skipped: opus chosen on both, opus/48000 equals opus/48000/2. */
	ck_assert_int_eq(s->legs[0].conf.chosen, 1);
	codec = json_object_get(json_array_get(json_object_get(r, "legs"), 0), "codec");
	ck_assert_int_eq(json_integer_value(json_object_get(codec, "channels")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(codec, "fmtp")), "useinbandfec=1");
	ck_assert(json_is_null(json_object_get(json_array_get(json_object_get(r, "legs"), 0),
					       "remote")));
	/* With rtcp-mux, RTCP goes to the RTP port. */
	ck_assert_str_eq(leg_str(r, 0, "rtcp"), leg_str(r, 0, "local"));
	ck_assert(!s->legs[0].dp.mac_valid && s->legs[0].dp.remote_ip == 0);
	ck_assert(s->legs[0].dp.recv_ok && !s->legs[0].dp.send_ok);       /* sendonly */
	ck_assert(!s->legs[1].dp.recv_ok && s->legs[1].dp.send_ok);       /* recvonly */
	ck_assert(s->legs[0].dp.rtcp_mux && s->legs[0].dp.rewrite);
	ck_assert_uint_eq(s->legs[0].dp.clock_rate, 48000);
	ck_assert_uint_eq(s->legs[0].dp.pt_out[100], 111);
	ck_assert_uint_eq(s->legs[1].dp.pt_out[111], 100);
	ck_assert_uint_eq(s->legs[1].dp.pt_out[96], MC_PT_NONE);
	json_decref(r);
}
END_TEST

START_TEST(duplicate_id_and_worker_refusal)
{
	json_t *r = fake_create("dup");
	uint32_t free_pairs;

	ok(r);
	json_decref(r);
	free_pairs = mc_portalloc_free_count(&fk.sm.pa[0]);
	r = fake_create("dup");
	ck_assert_str_eq(fake_code(r), "EEXIST");
	ck_assert(strstr(fake_msg(r), "id: session 'dup' already exists"));
	json_decref(r);
	/* A worker that refuses: everything given back, and the same ports next time. */
	fk.rc = -ENOSPC;
	r = fake_create("x");
	ck_assert_str_eq(fake_code(r), "ENOSPC");
	json_decref(r);
	ck_assert_uint_eq(mc_portalloc_free_count(&fk.sm.pa[0]), free_pairs);
	ck_assert_uint_eq(mc_portalloc_ready_count(&fk.sm.pa[0], fk.now), free_pairs);
	ck_assert_uint_eq(mc_sm_count(&fk.sm), 1);
	fk.rc = 0;
	r = fake_create("x");
	ok(r);
	ck_assert_str_eq(leg_str(r, 0, "local"), "10.96.0.254:30004");
	json_decref(r);
}
END_TEST

START_TEST(enospc_slots_then_ports_in_quarantine)
{
	char id[16];
	json_t *r;

	for (int i = 0; i < FAKE_MAX_SESSIONS; i++) {
		snprintf(id, sizeof(id), "s%d", i);
		r = fake_create(id);
		ok(r);
		json_decref(r);
	}
	r = fake_create("one-more");
	ck_assert_str_eq(fake_code(r), "ENOSPC");
	ck_assert(strstr(fake_msg(r), "no session slot left"));
	json_decref(r);
	/* 10 pairs: 4 sessions hold 8. Free 2 sessions: their 4 pairs are in quarantine,
	 * so only the 2 never-used pairs can serve one more session. */
	json_decref(fake_call(mc_sm_destroy, "{\"id\":\"s0\"}"));
	json_decref(fake_call(mc_sm_destroy, "{\"id\":\"s1\"}"));
	r = fake_create("n1");
	ok(r);
	ck_assert_str_eq(leg_str(r, 0, "local"), "10.96.0.254:30016");
	json_decref(r);
	r = fake_create("n2");
	ck_assert_str_eq(fake_code(r), "ENOSPC");
	ck_assert(strstr(fake_msg(r), "no media ports left"));
	json_decref(r);
	fk.now += 1999;
	r = fake_create("n2");
	ck_assert_str_eq(fake_code(r), "ENOSPC");
	json_decref(r);
	fk.now += 1;
	r = fake_create("n2");
	ok(r);
	ck_assert_str_eq(leg_str(r, 0, "local"), "10.96.0.254:30000");   /* s0's, FIFO */
	json_decref(r);
}
END_TEST

START_TEST(update_by_leg_name)
{
	struct mc_session *s;
	struct mc_leg_conf before[2];
	json_t *r;

	json_decref(fake_create("u"));
	s = mc_session_table_find(&fk.sm.table, "u");
	memcpy(before, (struct mc_leg_conf[]){ s->legs[0].conf, s->legs[1].conf },
	       sizeof(before));
	/* Refused updates change nothing and send nothing. */
	static const struct { const char *req, *code, *msg; } bad[] = {
		{ "{\"id\":\"nope\",\"legs\":[{\"name\":\"a\"}]}", "ENOENT", "id: no session 'nope'" },
		{ "{\"id\":\"u\",\"legs\":[{\"name\":\"c\",\"ptime\":30}]}", "ENOENT",
		  "legs[0].name: session 'u' has no leg 'c'" },
		{ "{\"id\":\"u\",\"legs\":[{\"name\":\"a\",\"interface\":\"port1\"}]}", "ENOTSUP",
		  "legs[0].interface: a leg cannot move" },
		{ "{\"id\":\"u\",\"legs\":[{\"name\":\"a\",\"remote\":\"10.97.0.9:4000\"}]}", "EINVAL",
		  "legs[0].remote: not on port0's subnet" },
		{ "{\"id\":\"u\",\"legs\":[{\"name\":\"a\",\"ptime\":90}]}", "ENOTSUP",
		  "legs[0]: cannot transcode PCMU to pcmu: ptime must be 10..60" },
		{ "{\"id\":\"u\",\"legs\":[{\"name\":\"b\",\"codecs\":[{\"pt\":98,\"name\":\"iLBC\","
		  "\"rate\":8000}]}]}", "ENOTSUP", "legs[0].codecs: no supported audio codec" },
		{ "{\"id\":\"u\",\"legs\":[{\"name\":\"a\"},{\"name\":\"a\"}]}", "EINVAL",
		  "legs[1].name: 'a' is already" },
		{ "{\"id\":\"u\",\"legs\":[]}", "EINVAL", "legs: an update names 1-2 legs" },
		{ "{\"id\":\"u\",\"legs\":[{\"name\":\"a\",\"remote\":\"1.2.3.4:99999\"}]}", "EINVAL",
		  "legs[0].remote: port 99999 out of range" },
		{ "{\"id\":\"u\",\"legs\":[{\"name\":\"a\",\"codecs\":[]}]}", "EINVAL",
		  "legs[0].codecs: must not be empty" },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned cmds = fk.n_cmds;

		r = fake_call(mc_sm_update, bad[i].req);
		ck_assert_msg(fake_code(r) && strcmp(fake_code(r), bad[i].code) == 0,
			      "%s: got %s", bad[i].req, fake_code(r));
		ck_assert_msg(strstr(fake_msg(r), bad[i].msg), "%s", fake_msg(r));
		ck_assert_uint_eq(fk.n_cmds, cmds);
		ck_assert_mem_eq(&s->legs[0].conf, &before[0], sizeof(before[0]));
		ck_assert_mem_eq(&s->legs[1].conf, &before[1], sizeof(before[1]));
		json_decref(r);
	}
	/* Only the fields given change; the other leg is sent as it is. */
	r = fake_call(mc_sm_update, "{\"id\":\"u\",\"media_timeout_ms\":5000,\"legs\":["
		      "{\"name\":\"b\",\"remote\":\"10.97.0.3:7000\",\"direction\":\"inactive\"}]}");
	ok(r);
	ck_assert_int_eq(fk.last.type, MC_WCMD_UPDATE);
	ck_assert_uint_eq(fk.last.legs_dp[1].remote_ip, ip("10.97.0.3"));
	ck_assert_uint_eq(fk.last.legs_dp[1].remote_port, 7000);
	ck_assert(!fk.last.legs_dp[1].recv_ok && !fk.last.legs_dp[1].send_ok);
	ck_assert_uint_eq(fk.last.legs_dp[1].remote_mac.addr_bytes[5], 3);
	ck_assert_mem_eq(&fk.last.legs[0], &before[0], sizeof(before[0]));
	ck_assert_uint_eq(fk.last.legs_dp[1].local_port, 30002);
	ck_assert_uint_eq(s->media_timeout_ms, 5000);
	ck_assert_str_eq(leg_str(r, 1, "remote"), "10.97.0.3:7000");
	ck_assert_str_eq(leg_str(r, 1, "direction"), "inactive");
	ck_assert_str_eq(leg_str(r, 0, "remote"), "10.96.0.1:40000");
	json_decref(r);
	/* A worker that times out: EBUSY. */
	fk.rc = -ETIMEDOUT;
	r = fake_call(mc_sm_update, "{\"id\":\"u\",\"legs\":[{\"name\":\"a\",\"ptime\":20}]}");
	ck_assert_str_eq(fake_code(r), "EBUSY");
	json_decref(r);
	fk.rc = 0;
}
END_TEST

START_TEST(late_mac_resolution)
{
	struct mc_session *s;
	unsigned cmds;

	fk.unresolved_ip = ip("10.96.0.1");
	json_decref(fake_create("m"));
	s = mc_session_table_find(&fk.sm.table, "m");
	ck_assert(!s->legs[0].dp.mac_valid);
	ck_assert(s->legs[1].dp.mac_valid);
	ck_assert_uint_eq(fk.sm.n_mac_pending, 1);
	cmds = fk.n_cmds;
	mc_sm_tick(&fk.sm);            /* still unresolved: nothing sent */
	ck_assert_uint_eq(fk.n_cmds, cmds);
	fk.unresolved_ip = 0;
	mc_sm_tick(&fk.sm);
	ck_assert_uint_eq(fk.n_cmds, cmds + 1);
	ck_assert_int_eq(fk.last.type, MC_WCMD_UPDATE);
	ck_assert(fk.last.legs_dp[0].mac_valid);
	ck_assert_uint_eq(fk.last.legs_dp[0].remote_mac.addr_bytes[5], 1);
	ck_assert_uint_eq(fk.sm.n_mac_pending, 0);
	mc_sm_tick(&fk.sm);            /* nothing changed since: nothing sent */
	ck_assert_uint_eq(fk.n_cmds, cmds + 1);
}
END_TEST

START_TEST(destroy_stats_and_events)
{
	struct mc_session *s;
	struct mc_event ev;
	json_t *r, *e, *legs;

	json_decref(fake_create("d"));
	s = mc_session_table_find(&fk.sm.table, "d");
	/* The worker's counters, as it would have written them. */
	s->legs[0].dp.st.rx_packets = 500;
	s->legs[0].dp.st.rx_bytes = 86000;
	s->legs[1].dp.st.tx_packets = 498;
	s->legs[0].dp.st.drops[MC_LEG_DROP_WRONG_SOURCE] = 7;
	ev = (struct mc_event){ .type = MC_EV_REMOTE_LATCHED, .session_slot = s->slot,
				.generation = s->generation, .leg = 1, .ip = ip("10.97.0.5"),
				.port = 5006 };
	mc_sm_on_event(&fk.sm, &ev);
	ev.generation++;               /* a stale event of an older session in that slot */
	mc_sm_on_event(&fk.sm, &ev);
	fk.now += 1234;
	r = fake_call(mc_sm_info, "{\"id\":\"d\"}");
	ok(r);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
		json_array_get(json_object_get(r, "legs"), 0), "stats"), "rx_packets")), 500);
	json_decref(r);
	r = fake_call(mc_sm_destroy, "{\"id\":\"d\"}");
	ok(r);
	ck_assert_int_eq(fk.last.type, MC_WCMD_DEL);
	legs = json_object_get(r, "legs");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(legs, 0), "name")), "a");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(legs, 0),
							    "rx_bytes")), 86000);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
		json_array_get(legs, 0), "drops"), "wrong_source")), 7);
	json_decref(r);
	ck_assert_uint_eq(mc_sm_count(&fk.sm), 0);
	r = fake_call(mc_sm_destroy, "{\"id\":\"d\"}");
	ck_assert_str_eq(fake_code(r), "ENOENT");
	json_decref(r);
	/* Events: the latch, then the end with final counts; the stale one is not there. */
	r = fake_call(mc_sm_events, "{\"after\":0}");
	e = json_object_get(r, "events");
	ck_assert_uint_eq(json_array_size(e), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "last")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(e, 0), "type")),
			 "remote_latched");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(e, 0), "leg")), "b");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(e, 0), "remote")),
			 "10.97.0.5:5006");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(e, 1), "type")),
			 "session_ended");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(e, 1),
							    "duration_ms")), 1234);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(json_object_get(
		json_array_get(e, 1), "legs"), 1), "tx_packets")), 498);
	json_decref(r);
	r = fake_call(mc_sm_events, "{\"after\":2}");
	ck_assert_uint_eq(json_array_size(json_object_get(r, "events")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "last")), 2);
	json_decref(r);
	r = fake_call(mc_sm_events, "{\"after\":-1}");
	ck_assert_str_eq(fake_code(r), "EINVAL");
	json_decref(r);
	r = fake_call(mc_sm_events, "{\"since\":1}");
	ck_assert_str_eq(fake_code(r), "EINVAL");
	json_decref(r);
}
END_TEST

START_TEST(event_log_keeps_last_4096)
{
	struct mc_evlog log;
	json_t *r;

	ck_assert_int_eq(mc_evlog_init(&log, MC_EVLOG_SIZE), 0);
	for (unsigned i = 0; i < 5000; i++)
		snprintf(mc_evlog_push(&log, MC_EV_MEDIA_TIMEOUT, i)->id, 16, "e%u", i + 1);
	r = mc_evlog_query(&log, 0, 50, 5000);
	/* 1..904 were overwritten: the reply starts at 905 and says 904 were lost. */
	ck_assert_int_eq(json_integer_value(json_object_get(r, "lost")), 904);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
		json_object_get(r, "events"), 0), "id")), "e905");
	ck_assert_int_eq(json_integer_value(json_object_get(r, "last")), 954);
	ck_assert(json_is_true(json_object_get(r, "more")));
	json_decref(r);
	r = mc_evlog_query(&log, 4990, 50, 5000);
	ck_assert_uint_eq(json_array_size(json_object_get(r, "events")), 10);
	ck_assert(json_is_false(json_object_get(r, "more")));
	ck_assert_int_eq(json_integer_value(json_object_get(r, "lost")), 0);
	json_decref(r);
	mc_evlog_free(&log);
}
END_TEST

START_TEST(list_pages)
{
	json_t *r, *ids;
	char id[16];

	for (int i = 0; i < 3; i++) {
		snprintf(id, sizeof(id), "p%d", i);
		json_decref(fake_create(id));
	}
	r = fake_call(mc_sm_list, "{\"offset\":1,\"limit\":1}");
	ck_assert_int_eq(json_integer_value(json_object_get(r, "total")), 3);
	ids = json_object_get(r, "ids");
	ck_assert_uint_eq(json_array_size(ids), 1);
	ck_assert_str_eq(json_string_value(json_array_get(ids, 0)), "p1");
	json_decref(r);
	r = fake_call(mc_sm_list, NULL);
	ck_assert_uint_eq(json_array_size(json_object_get(r, "ids")), 3);
	json_decref(r);
	r = fake_call(mc_sm_list, "{\"offset\":3}");
	ck_assert_uint_eq(json_array_size(json_object_get(r, "ids")), 0);
	json_decref(r);
	r = fake_call(mc_sm_list, "{\"limit\":0}");
	ck_assert_str_eq(fake_code(r), "EINVAL");
	ck_assert(strstr(fake_msg(r), "limit: must be an integer in 1..200"));
	json_decref(r);
	r = fake_call(mc_sm_list, "{\"offset\":\"1\"}");
	ck_assert_str_eq(fake_code(r), "EINVAL");
	json_decref(r);
	r = fake_call(mc_sm_info, "{\"id\":\"p9\"}");
	ck_assert_str_eq(fake_code(r), "ENOENT");
	json_decref(r);
	r = fake_call(mc_sm_info, "{\"id\":\"p1\",\"x\":1}");
	ck_assert_str_eq(fake_code(r), "EINVAL");
	json_decref(r);
}
END_TEST

START_TEST(worker_timeout_holds_ports_until_del)
{
	uint32_t free_pairs = mc_portalloc_free_count(&fk.sm.pa[0]);
	json_t *r;

	fk.rc = -ETIMEDOUT;
	r = fake_create("t");
	ck_assert_str_eq(fake_code(r), "EBUSY");
	json_decref(r);
	ck_assert_ptr_null(mc_session_table_find(&fk.sm.table, "t"));
	/* The worker may still take it: the ports stay out of use. */
	ck_assert_uint_eq(mc_portalloc_free_count(&fk.sm.pa[0]), free_pairs - 2);
	mc_sm_tick(&fk.sm);             /* DEL times out again */
	ck_assert_uint_eq(fk.sm.n_zombies, 1);
	fk.rc = 0;
	mc_sm_tick(&fk.sm);
	ck_assert_int_eq(fk.last.type, MC_WCMD_DEL);
	ck_assert_uint_eq(fk.sm.n_zombies, 0);
	ck_assert_uint_eq(mc_portalloc_free_count(&fk.sm.pa[0]), free_pairs);
	ck_assert_uint_eq(mc_portalloc_ready_count(&fk.sm.pa[0], fk.now), free_pairs - 2);
}
END_TEST

#define TC_REQ(id) "{\"id\":\"" id "\",\"legs\":[" \
	"{\"name\":\"a\",\"remote\":\"10.96.0.1:40000\",\"codecs\":[" \
	"{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000}]}," \
	"{\"name\":\"b\",\"remote\":\"10.97.0.2:5004\",\"codecs\":[" \
	"{\"pt\":111,\"name\":\"opus\",\"rate\":48000,\"channels\":2}]}]}"

/* A transcoded session whose ADD timed out: the DEL that lands later gives back its
 * ports and frees its transcoders (two codec chains, well over 64 KB). */
START_TEST(zombie_frees_its_transcoders)
{
	size_t before, during, after;
	json_t *r;

	json_decref(fake_call(mc_sm_create, TC_REQ("warm")));   /* codec tables, once */
	json_decref(fake_call(mc_sm_destroy, "{\"id\":\"warm\"}"));
	before = mallinfo2().uordblks;
	fk.rc = -ETIMEDOUT;
	r = fake_call(mc_sm_create, TC_REQ("z"));
	ck_assert_str_eq(fake_code(r), "EBUSY");
	json_decref(r);
	during = mallinfo2().uordblks;
	ck_assert_msg(during > before + 65536, "transcoders not allocated? %zu -> %zu",
		      before, during);
	fk.rc = 0;
	mc_sm_tick(&fk.sm);
	ck_assert_uint_eq(fk.sm.n_zombies, 0);
	after = mallinfo2().uordblks;
	ck_assert_msg(after < before + 4096, "leaked %zu bytes", after - before);
}
END_TEST

/* An UPDATE into transcoding that never reaches the worker (EBUSY) frees its new
 * transcoders at once; one that times out (the worker applies it later) leaves the old
 * ones to be freed with the session, and the new ones the worker took too. */
START_TEST(update_timeout_frees_transcoders)
{
	struct mc_session *s;
	size_t before;
	json_t *r;

	json_decref(fake_call(mc_sm_create, TC_REQ("warm")));
	json_decref(fake_call(mc_sm_destroy, "{\"id\":\"warm\"}"));
	json_decref(fake_create("x"));
	before = mallinfo2().uordblks;
	fk.rc = -EBUSY;
	r = fake_call(mc_sm_update, "{\"id\":\"x\",\"legs\":[{\"name\":\"b\",\"ptime\":30}]}");
	ck_assert_str_eq(fake_code(r), "EBUSY");
	json_decref(r);
	ck_assert_msg(mallinfo2().uordblks < before + 4096, "EBUSY leaked %zu bytes",
		      mallinfo2().uordblks - before);
	fk.rc = 0;
	r = fake_call(mc_sm_update, "{\"id\":\"x\",\"legs\":[{\"name\":\"b\",\"ptime\":30}]}");
	ok(r);
	json_decref(r);
	s = mc_session_table_find(&fk.sm.table, "x");
	fk.rc = -ETIMEDOUT;
	r = fake_call(mc_sm_update, "{\"id\":\"x\",\"legs\":[{\"name\":\"b\",\"ptime\":40}]}");
	ck_assert_str_eq(fake_code(r), "EBUSY");
	json_decref(r);
	/* what the worker does when it gets to the command */
	for (unsigned i = 0; i < 2; i++)
		s->legs[i].dp.tc = fk.last.legs_dp[i].tc;
	fk.rc = 0;
	json_decref(fake_call(mc_sm_destroy, "{\"id\":\"x\"}"));
	ck_assert_msg(mallinfo2().uordblks < before + 4096, "leaked %zu bytes",
		      mallinfo2().uordblks - before);
}
END_TEST

/* Update into transcoding and back: the manager hands new transcoders over and frees
 * the ones the worker let go of. */
START_TEST(update_to_transcode_and_back)
{
	struct mc_session *s;
	json_t *r;

	json_decref(fake_create("x"));
	s = mc_session_table_find(&fk.sm.table, "x");
	ck_assert_int_eq(s->mode, MC_MODE_RELAY);
	r = fake_call(mc_sm_update, "{\"id\":\"x\",\"legs\":[{\"name\":\"b\",\"ptime\":30}]}");
	ok(r);
	ck_assert_str_eq(json_string_value(json_object_get(r, "mode")), "transcode");
	json_decref(r);
	ck_assert_int_eq(s->mode, MC_MODE_TRANSCODE);
	ck_assert_ptr_nonnull(s->legs[0].dp.tc);
	ck_assert_ptr_nonnull(s->legs[1].dp.tc);
	ck_assert_ptr_eq(fk.last.legs_dp[0].tc, s->legs[0].dp.tc);
	r = fake_call(mc_sm_update, "{\"id\":\"x\",\"legs\":[{\"name\":\"b\",\"ptime\":20}]}");
	ok(r);
	json_decref(r);
	ck_assert_int_eq(s->mode, MC_MODE_RELAY);
	ck_assert_ptr_null(s->legs[0].dp.tc);
	ck_assert_ptr_null(s->legs[1].dp.tc);
}
END_TEST

#define TC_REQ_JB(id, jba, jbb) "{\"id\":\"" id "\",\"legs\":[" \
	"{\"name\":\"a\",\"remote\":\"10.96.0.1:40000\",\"jitter_buffer\":" jba "," \
	"\"codecs\":[{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000}]}," \
	"{\"name\":\"b\",\"remote\":\"10.97.0.2:5004\",\"jitter_buffer\":" jbb "," \
	"\"codecs\":[{\"pt\":111,\"name\":\"opus\",\"rate\":48000,\"channels\":2}]}]}"

/* A leg's jitter_buffer sets the buffer of what its remote sends (tc[i]), on create
 * and on update; absent means the defaults. */
START_TEST(jitter_buffer_reaches_the_transcoder)
{
	struct mc_session *s;
	json_t *r;

	r = fake_call(mc_sm_create, TC_REQ_JB("j", "false", "{\"min_ms\":40,\"max_ms\":120}"));
	ok(r);
	json_decref(r);
	s = mc_session_table_find(&fk.sm.table, "j");
	ck_assert(s->legs[0].conf.jb_off);
	ck_assert(!s->legs[0].dp.tc->jb.p.enabled);
	ck_assert(s->legs[1].dp.tc->jb.p.enabled);
	ck_assert_uint_eq(s->legs[1].dp.tc->jb.p.min_ms, 40);
	ck_assert_uint_eq(s->legs[1].dp.tc->jb.p.max_ms, 120);
	r = fake_call(mc_sm_update, "{\"id\":\"j\",\"legs\":[{\"name\":\"a\","
		      "\"jitter_buffer\":{\"min_ms\":60}}]}");
	ok(r);
	json_decref(r);
	ck_assert(!s->legs[0].conf.jb_off);
	ck_assert(s->legs[0].dp.tc->jb.p.enabled);
	ck_assert_uint_eq(s->legs[0].dp.tc->jb.p.min_ms, 60);
	ck_assert_uint_eq(s->legs[0].dp.tc->jb.p.max_ms, MC_TC_JB_MAX_MS);
	/* b untouched by the update */
	ck_assert_uint_eq(s->legs[1].dp.tc->jb.p.min_ms, 40);
	r = fake_call(mc_sm_create, TC_REQ_JB("k", "true", "true"));
	ok(r);
	json_decref(r);
	s = mc_session_table_find(&fk.sm.table, "k");
	ck_assert(s->legs[0].dp.tc->jb.p.enabled);
	ck_assert_uint_eq(s->legs[0].dp.tc->jb.p.min_ms, MC_TC_JB_MIN_MS);
	ck_assert_uint_eq(s->legs[0].dp.tc->jb.p.max_ms, MC_TC_JB_MAX_MS);
}
END_TEST

#define TC_REQ_AUDIO(id, aa) "{\"id\":\"" id "\",\"legs\":[" \
	"{\"name\":\"a\",\"remote\":\"10.96.0.1:40000\",\"audio\":" aa "," \
	"\"codecs\":[{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000}]}," \
	"{\"name\":\"b\",\"remote\":\"10.97.0.2:5004\"," \
	"\"codecs\":[{\"pt\":8,\"name\":\"PCMA\",\"rate\":8000}]}]}"

/* legs[i].audio of a reply, as compact JSON. */
static char *audio_of(const json_t *r, unsigned i)
{
	return json_dumps(json_object_get(json_array_get(json_object_get(r, "legs"), i),
					  "audio"), JSON_COMPACT | JSON_SORT_KEYS);
}

static void audio_is(const json_t *r, unsigned i, const char *want)
{
	char *got = audio_of(r, i);

	ck_assert_str_eq(got, want);
	free(got);
}

/* A leg's audio: reported back in the normalised form (which round-trips), reaches
 * the transcoder of what its remote sends (tc[i]) on create and update (replacing the
 * whole setting; off frees it), a bad update changes nothing, and info shows the AGC
 * gain (null without AGC). */
START_TEST(audio_round_trips_and_reaches_the_transcoder)
{
	const char *full = "{\"agc\":{\"max_gain_db\":20,\"target_dbfs\":-22},"
			   "\"noise_suppression\":{\"max_db\":12}}";
	const char *dflt = "{\"agc\":{\"max_gain_db\":30,\"target_dbfs\":-18},"
			   "\"noise_suppression\":false}";
	const char *off = "{\"agc\":false,\"noise_suppression\":false}";
	const struct mc_agc_ns_params *ap;
	struct mc_session *s;
	json_t *r, *tc;
	char req[512];

	r = fake_call(mc_sm_create, TC_REQ_AUDIO("au", "{\"agc\":{\"target_dbfs\":-22,"
		      "\"max_gain_db\":20},\"noise_suppression\":{\"max_db\":12}}"));
	ok(r);
	audio_is(r, 0, full);
	audio_is(r, 1, off);
	json_decref(r);
	s = mc_session_table_find(&fk.sm.table, "au");
	ck_assert_ptr_nonnull(s->legs[0].dp.tc->ap);
	ap = mc_agc_ns_params(s->legs[0].dp.tc->ap);
	ck_assert(ap->agc && ap->ns);
	ck_assert_int_eq(ap->target_dbfs, -22);
	ck_assert_uint_eq(ap->max_gain_db, 20);
	ck_assert_uint_eq(ap->ns_max_db, 12);
	ck_assert_uint_eq(ap->rate, 8000);
	ck_assert_ptr_null(s->legs[1].dp.tc->ap);   /* b's remote: nothing asked */
	/* info: the gain (0 before any audio) on a, null on b */
	r = fake_call(mc_sm_info, "{\"id\":\"au\"}");
	ok(r);
	audio_is(r, 0, full);
	tc = json_object_get(json_object_get(json_array_get(json_object_get(r, "legs"), 0),
					     "stats"), "transcode");
	ck_assert(json_is_integer(json_object_get(tc, "agc_gain_db")));
	tc = json_object_get(json_object_get(json_array_get(json_object_get(r, "legs"), 1),
					     "stats"), "transcode");
	ck_assert(json_is_null(json_object_get(tc, "agc_gain_db")));
	json_decref(r);
	/* the reply's form, given back, is the same setting */
	snprintf(req, sizeof(req), "{\"id\":\"au\",\"legs\":[{\"name\":\"b\",\"audio\":%s}]}",
		 full);
	r = fake_call(mc_sm_update, req);
	ok(r);
	audio_is(r, 1, full);
	json_decref(r);
	ck_assert_int_eq(mc_agc_ns_params(s->legs[1].dp.tc->ap)->target_dbfs, -22);
	/* a bad update: refused, naming the field; nothing changes */
	r = fake_call(mc_sm_update, "{\"id\":\"au\",\"legs\":[{\"name\":\"a\","
		      "\"audio\":{\"agc\":{\"target_dbfs\":0}}}]}");
	ck_assert_str_eq(fake_code(r), "EINVAL");
	ck_assert_ptr_nonnull(strstr(fake_msg(r), "legs[0].audio.agc.target_dbfs"));
	json_decref(r);
	ck_assert_int_eq(s->legs[0].conf.agc_target_dbfs, -22);
	ck_assert_int_eq(mc_agc_ns_params(s->legs[0].dp.tc->ap)->target_dbfs, -22);
	/* an update replaces the whole setting: AGC alone with its defaults */
	r = fake_call(mc_sm_update, "{\"id\":\"au\",\"legs\":[{\"name\":\"a\","
		      "\"audio\":{\"agc\":true}}]}");
	ok(r);
	audio_is(r, 0, dflt);
	json_decref(r);
	ap = mc_agc_ns_params(s->legs[0].dp.tc->ap);
	ck_assert(ap->agc && !ap->ns);
	ck_assert_int_eq(ap->target_dbfs, -18);
	/* off: no state at all (the audio passes untouched) */
	r = fake_call(mc_sm_update, "{\"id\":\"au\",\"legs\":[{\"name\":\"a\","
		      "\"audio\":{}}]}");
	ok(r);
	audio_is(r, 0, off);
	json_decref(r);
	ck_assert_ptr_null(s->legs[0].dp.tc->ap);
	/* other updates leave it alone */
	r = fake_call(mc_sm_update, "{\"id\":\"au\",\"legs\":[{\"name\":\"a\",\"ptime\":30}]}");
	ok(r);
	audio_is(r, 1, full);
	json_decref(r);
	ck_assert_ptr_nonnull(s->legs[1].dp.tc->ap);
}
END_TEST

START_TEST(dtmf_send)
{
	static const struct { const char *req, *code, *msg; } bad[] = {
		{ NULL, "EINVAL", "parameters: must be an object" },
		{ "{\"id\":\"d\",\"leg\":\"b\"}", "EINVAL", "digits: missing" },
		{ "{\"id\":\"d\",\"digits\":\"1\"}", "EINVAL", "leg: missing" },
		{ "{\"leg\":\"b\",\"digits\":\"1\"}", "EINVAL", "id: missing" },
		{ "{\"id\":\"d\",\"leg\":\"b\",\"digits\":\"12x\"}", "EINVAL",
		  "digits[2]: 'x' is not a DTMF digit (0-9 * # A-D)" },
		{ "{\"id\":\"d\",\"leg\":\"b\",\"digits\":\"\"}", "EINVAL",
		  "digits: 1-32 digits, got 0" },
		{ "{\"id\":\"d\",\"leg\":\"b\",\"digits\":\"0123456789*#ABCD0123456789*#ABCD1\"}",
		  "EINVAL", "digits: 1-32 digits, got 33" },
		{ "{\"id\":\"d\",\"leg\":\"b\",\"digits\":1}", "EINVAL", "digits: must be a string" },
		{ "{\"id\":\"d\",\"leg\":\"b\",\"digits\":\"1\",\"duration_ms\":39}", "EINVAL",
		  "duration_ms: must be an integer in 40..5000" },
		{ "{\"id\":\"d\",\"leg\":\"b\",\"digits\":\"1\",\"duration_ms\":5001}", "EINVAL",
		  "duration_ms: must be an integer in 40..5000" },
		{ "{\"id\":\"d\",\"leg\":\"b\",\"digits\":\"1\",\"volume\":5}", "EINVAL",
		  "volume: unknown field" },
		{ "{\"id\":\"nope\",\"leg\":\"b\",\"digits\":\"1\"}", "ENOENT",
		  "id: no session 'nope'" },
		{ "{\"id\":\"d\",\"leg\":\"c\",\"digits\":\"1\"}", "ENOENT",
		  "leg: session 'd' has no leg 'c'" },
		{ "{\"id\":\"r\",\"leg\":\"b\",\"digits\":\"1\"}", "ENOTSUP",
		  "leg: 'b' of session 'r' is relayed without rewrite_ssrc" },
		{ "{\"id\":\"rw\",\"leg\":\"a\",\"digits\":\"1\"}", "ENOTSUP",
		  "leg: 'a' of session 'rw' is relayed and lists no telephone-event" },
	};
	json_t *r;

	json_decref(fake_call(mc_sm_create, TC_REQ("d")));
	json_decref(fake_create("r"));
	/* relayed, rewritten towards both legs, telephone-event on b only */
	r = fake_call(mc_sm_create, "{\"id\":\"rw\",\"legs\":["
		"{\"name\":\"a\",\"remote\":\"10.96.0.1:40000\",\"rewrite_ssrc\":true,"
		"\"codecs\":[{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000}]},"
		"{\"name\":\"b\",\"remote\":\"10.97.0.2:5004\",\"rewrite_ssrc\":true,"
		"\"codecs\":[{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000},"
		"{\"pt\":96,\"name\":\"telephone-event\",\"rate\":8000}]}]}");
	ok(r);
	json_decref(r);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned cmds = fk.n_cmds;

		r = fake_call(mc_sm_dtmf_send, bad[i].req);
		ck_assert_msg(fake_code(r) && strcmp(fake_code(r), bad[i].code) == 0,
			      "%s: got %s", bad[i].req, fake_code(r));
		ck_assert_msg(strstr(fake_msg(r), bad[i].msg), "%s", fake_msg(r));
		ck_assert_uint_eq(fk.n_cmds, cmds);   /* nothing reached the worker */
		json_decref(r);
	}
	r = fake_call(mc_sm_dtmf_send, "{\"id\":\"d\",\"leg\":\"b\",\"digits\":\"123#\"}");
	ok(r);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "queued")), 4);
	json_decref(r);
	ck_assert_int_eq(fk.last.type, MC_WCMD_DTMF);
	ck_assert_uint_eq(fk.last.leg, 1);
	ck_assert_str_eq(fk.last.digits, "123#");
	ck_assert_uint_eq(fk.last.duration_ms, 100);
	r = fake_call(mc_sm_dtmf_send, "{\"id\":\"d\",\"leg\":\"a\",\"digits\":\"*a\","
		      "\"duration_ms\":5000}");
	ok(r);
	json_decref(r);
	ck_assert_uint_eq(fk.last.leg, 0);
	ck_assert_uint_eq(fk.last.duration_ms, 5000);
	r = fake_call(mc_sm_dtmf_send, "{\"id\":\"rw\",\"leg\":\"b\",\"digits\":\"9\"}");
	ok(r);   /* relayed with rewrite_ssrc and telephone-event: the worker's business */
	json_decref(r);
	ck_assert_str_eq(fk.last.digits, "9");
	fk.rc = -ENOSPC;
	r = fake_call(mc_sm_dtmf_send, "{\"id\":\"d\",\"leg\":\"a\",\"digits\":\"1\"}");
	ck_assert_str_eq(fake_code(r), "ENOSPC");
	ck_assert(strstr(fake_msg(r), "at most 32 queued"));
	json_decref(r);
	fk.rc = 0;
}
END_TEST

/* A worker's DTMF event in the log and in /mc/events. */
START_TEST(dtmf_event_rendered)
{
	struct mc_session *s;
	struct mc_event ev;
	json_t *r, *e;

	json_decref(fake_create("e"));
	s = mc_session_table_find(&fk.sm.table, "e");
	ev = (struct mc_event){ .type = MC_EV_DTMF, .session_slot = s->slot,
				.generation = s->generation, .leg = 1, .digit = '#',
				.duration_ms = 120 };
	mc_sm_on_event(&fk.sm, &ev);
	r = fake_call(mc_sm_events, "{\"after\":0}");
	e = json_array_get(json_object_get(r, "events"), 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(json_string_value(json_object_get(e, "type")), "dtmf");
	ck_assert_str_eq(json_string_value(json_object_get(e, "id")), "e");
	ck_assert_str_eq(json_string_value(json_object_get(e, "leg")), "b");
	ck_assert_str_eq(json_string_value(json_object_get(e, "digit")), "#");
	ck_assert_int_eq(json_integer_value(json_object_get(e, "duration_ms")), 120);
	json_decref(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("validate_sessions");
	TCase *tc = tcase_create("sessions");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, fake_setup, fake_teardown);
	tcase_add_test(tc, create_fills_worker_state);
	tcase_add_test(tc, create_variants);
	tcase_add_test(tc, duplicate_id_and_worker_refusal);
	tcase_add_test(tc, enospc_slots_then_ports_in_quarantine);
	tcase_add_test(tc, update_by_leg_name);
	tcase_add_test(tc, late_mac_resolution);
	tcase_add_test(tc, destroy_stats_and_events);
	tcase_add_test(tc, event_log_keeps_last_4096);
	tcase_add_test(tc, list_pages);
	tcase_add_test(tc, worker_timeout_holds_ports_until_del);
	tcase_add_test(tc, zombie_frees_its_transcoders);
	tcase_add_test(tc, update_to_transcode_and_back);
	tcase_add_test(tc, update_timeout_frees_transcoders);
	tcase_add_test(tc, jitter_buffer_reaches_the_transcoder);
	tcase_add_test(tc, audio_round_trips_and_reaches_the_transcoder);
	tcase_add_test(tc, dtmf_send);
	tcase_add_test(tc, dtmf_event_rendered);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
