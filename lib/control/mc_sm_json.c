/* Session replies, leg statistics, /mc/session/info and /mc/session/list. */
#include "mc_sm_priv.h"
#include "mc_sm_json_q.h"

#include <arpa/inet.h>
#include <stdio.h>

#include "mc_tc.h"

#define MC_LIST_DEFAULT 100
#define MC_LIST_MAX 200          /* 200 ids of 64 characters fit a 16 KB reply */

static json_t *addr_json(uint32_t ip, uint16_t port)
{
	char s[INET_ADDRSTRLEN + 8], ipb[INET_ADDRSTRLEN];

	if (ip == 0)
		return json_null();
	inet_ntop(AF_INET, &ip, ipb, sizeof(ipb));
	snprintf(s, sizeof(s), "%s:%u", ipb, port);
	return json_string(s);
}

static json_t *codec_json(const struct mc_codec_ref *c)
{
	json_t *o = json_pack("{s:i,s:s,s:I}", "pt", c->pt, "name", c->name,
			      "rate", (json_int_t)c->rate);

	if (o && c->channels != 1)
		json_object_set_new(o, "channels", json_integer(c->channels));
	if (o && c->fmtp[0])
		json_object_set_new(o, "fmtp", json_string(c->fmtp));
	return o;
}

/* Transcoded legs: receive side (jitter buffer, decoder) and send side (encoder). */
static json_t *tc_stats_json(const struct mc_leg_stats *st)
{
	return json_pack("{s:{s:I,s:I,s:I,s:I},s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
		"jitter_buffer", "depth_ms", (json_int_t)st->jb_depth_ms,
		"peak_ms", (json_int_t)st->jb_peak_ms, "late", (json_int_t)st->jb_late,
		"discarded", (json_int_t)st->jb_discarded,
		"concealed", (json_int_t)st->concealed,
		"fec_recovered", (json_int_t)st->fec_recovered,
		"decoded", (json_int_t)st->decoded,
		"decode_cycles", (json_int_t)st->decode_cycles,
		"decode_cycles_per_frame",
		(json_int_t)(st->decoded ? st->decode_cycles / st->decoded : 0),
		"encoded", (json_int_t)st->encoded,
		"encode_cycles", (json_int_t)st->encode_cycles,
		"encode_cycles_per_frame",
		(json_int_t)(st->encoded ? st->encode_cycles / st->encoded : 0));
}

json_t *mc_sm_leg_stats_json(const struct mc_leg *leg)
{
	/* Counters are single-writer words of the worker: read without locks. */
	const struct mc_leg_dp *dp = &leg->dp;
	json_t *drops = json_object();

	for (unsigned r = 0; r < MC_LEG_DROP_MAX; r++)
		json_object_set_new(drops, mc_leg_drop_name(r),
				    json_integer((json_int_t)dp->st.drops[r]));
	json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:f,s:I,s:I,s:I,s:I,s:I,s:I,s:o,"
			 "s:o,s:b,s:o,s:b,s:b,s:b}",
		"rx_packets", (json_int_t)dp->st.rx_packets,
		"rx_bytes", (json_int_t)dp->st.rx_bytes,
		"tx_packets", (json_int_t)mc_leg_tx_packets(leg),
		"tx_bytes", (json_int_t)mc_leg_tx_bytes(leg),
		"lost", (json_int_t)mc_rtp_stats_lost_total(&dp->rtp),
		"jitter_ms", mc_rtp_stats_jitter_ms(&dp->rtp),
		"duplicates", (json_int_t)dp->rtp.duplicates,
		"out_of_order", (json_int_t)dp->rtp.out_of_order,
		"late", (json_int_t)dp->st.jb_late, "concealed", (json_int_t)dp->st.concealed,
		"rtcp_rx", (json_int_t)dp->st.rtcp_rx, "rtcp_tx", (json_int_t)dp->st.rtcp_tx,
		"drops", drops,
		"remote", addr_json(dp->remote_ip, dp->remote_port), "latched", dp->latched,
		"rtcp_remote", addr_json(dp->remote_ip, dp->remote_rtcp_port),
		"rtcp_latched", dp->rtcp_latched, "mac_resolved", dp->mac_valid,
		"timed_out", dp->timed_out);

	if (o && leg->session && leg->session->mode == MC_MODE_TRANSCODE) {
		json_t *tc = tc_stats_json(&dp->st);
		int db;

		/* The gain AGC applies to the remote's audio now; null without AGC. */
		json_object_set_new(tc, "agc_gain_db", mc_tc_agc_gain_db(dp->tc, &db) ?
				    json_integer(db) : json_null());
		json_object_set_new(o, "transcode", tc);
	}
	mc_sm_leg_quality_json(o, leg);
	return o;
}

static json_t *leg_json(const struct mc_sm *sm, const struct mc_leg *leg, bool stats)
{
	const struct mc_leg_conf *c = &leg->conf;
	const struct mc_sm_slot *slot = &sm->slots[leg->session->slot];
	uint32_t local_ip = sm->conf.ports[c->port_slot].ip;
	uint16_t port = slot->rtp_port[leg->index];
	json_t *o;

	o = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:i,s:s,s:b,s:b,s:b}",
		"name", c->name, "interface", sm->conf.ports[c->port_slot].name,
		"local", addr_json(local_ip, port),
		"rtcp", addr_json(local_ip, c->rtcp_mux ? port : (uint16_t)(port + 1)),
		"remote", c->has_remote ? addr_json(c->remote_ip, c->remote_port) : json_null(),
		"codec", codec_json(&c->codecs[c->chosen]), "ptime", c->ptime,
		"direction", mc_direction_name(c->direction), "latching", c->latching,
		"rtcp_mux", c->rtcp_mux, "rewrite_ssrc", c->rewrite_ssrc);
	if (o)
		json_object_set_new(o, "audio", mc_audio_json(c));
	if (o && stats)
		json_object_set_new(o, "stats", mc_sm_leg_stats_json(leg));
	return o;
}

json_t *mc_sm_session_json(const struct mc_sm *sm, const struct mc_session *s, bool stats)
{
	json_t *legs = json_array();

	for (unsigned i = 0; i < s->n_legs; i++)
		json_array_append_new(legs, leg_json(sm, &s->legs[i], stats));
	return json_pack("{s:s,s:s,s:i,s:I,s:o}", "id", s->id,
			 "mode", s->mode == MC_MODE_RELAY ? "relay" : "transcode",
			 "worker", s->worker, "media_timeout_ms", (json_int_t)s->media_timeout_ms,
			 "legs", legs);
}

json_t *mc_sm_info(struct mc_sm *sm, const json_t *params)
{
	char id[MC_SESSION_ID_MAX + 1];
	struct mc_session *s;
	struct mc_verr err;

	if (mc_validate_id_only(params, id, &err) < 0)
		return mc_verr_json(&err);
	s = mc_session_table_find(&sm->table, id);
	if (s == NULL)
		return mc_verr_reply("ENOENT", "id: no session '%s'", id);
	return mc_sm_session_json(sm, s, true);
}

static int get_count(const json_t *params, const char *key, json_int_t lo, json_int_t hi,
		     json_int_t *out, struct mc_verr *err)
{
	const json_t *v = params ? json_object_get(params, key) : NULL;

	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return mc_verr_set(err, "EINVAL", "%s: must be an integer in %" JSON_INTEGER_FORMAT
				   "..%" JSON_INTEGER_FORMAT, key, lo, hi);
	*out = json_integer_value(v);
	return 0;
}

json_t *mc_sm_list(struct mc_sm *sm, const json_t *params)
{
	static const char *const known[] = { "offset", "limit", NULL };
	json_int_t offset = 0, limit = MC_LIST_DEFAULT;
	struct mc_session *s;
	struct mc_verr err;
	json_t *ids;

	if ((params && mc_validate_keys(params, known, "", &err) < 0) ||
	    get_count(params, "offset", 0, UINT32_MAX, &offset, &err) < 0 ||
	    get_count(params, "limit", 1, MC_LIST_MAX, &limit, &err) < 0)
		return mc_verr_json(&err);
	ids = json_array();
	s = mc_session_table_nth(&sm->table, (uint32_t)offset);
	for (json_int_t n = 0; s && n < limit; n++, s = mc_session_table_next(&sm->table, s))
		json_array_append_new(ids, json_string(s->id));
	return json_pack("{s:I,s:I,s:o}", "total", (json_int_t)mc_sm_count(sm),
			 "offset", offset, "ids", ids);
}
