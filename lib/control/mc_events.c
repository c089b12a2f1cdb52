/* Events: the log, the workers' events into it, and /mc/events. */
#include "mc_evlog.h"
#include "mc_sm.h"
#include "mc_validate.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mc_evlog_init(struct mc_evlog *log, uint32_t cap)
{
	log->ring = calloc(cap, sizeof(*log->ring));
	log->cap = cap;
	log->next_seq = 1;
	return log->ring ? 0 : -ENOMEM;
}

void mc_evlog_free(struct mc_evlog *log)
{
	free(log->ring);
	log->ring = NULL;
}

struct mc_ev_rec *mc_evlog_push(struct mc_evlog *log, enum mc_event_type type,
				uint64_t now_ms)
{
	struct mc_ev_rec *r = &log->ring[(log->next_seq - 1) % log->cap];

	memset(r, 0, sizeof(*r));
	r->seq = log->next_seq++;
	r->ms = now_ms;
	r->type = type;
	return r;
}

static json_t *addr_json(uint32_t ip, uint16_t port)
{
	char s[INET_ADDRSTRLEN + 8], ipb[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &ip, ipb, sizeof(ipb));
	snprintf(s, sizeof(s), "%s:%u", ipb, port);
	return json_string(s);
}

static json_t *rec_json(const struct mc_ev_rec *r, uint64_t now_ms)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:I}", "seq", (json_int_t)r->seq,
			      "type", mc_event_type_name(r->type), "id", r->id,
			      "leg", r->leg[0] ? json_string(r->leg) : json_null(),
			      "age_ms", (json_int_t)(now_ms - r->ms));

	if (o == NULL)
		return NULL;
	if (r->type == MC_EV_REMOTE_LATCHED) {
		json_object_set_new(o, "remote", addr_json(r->ip, r->port));
		json_object_set_new(o, "rtcp", json_boolean(r->is_rtcp));
	} else if (r->type == MC_EV_DTMF) {
		char d[2] = { r->digit, '\0' };

		json_object_set_new(o, "digit", json_string(d));
		json_object_set_new(o, "duration_ms", json_integer((json_int_t)r->duration_ms));
	} else if (r->type == MC_EV_QUALITY_ALARM || r->type == MC_EV_QUALITY_RECOVERED) {
		json_object_set_new(o, "mos", json_real(r->mos_x100 / 100.0));
	} else if (r->type == MC_EV_MEDIA_TIMEOUT) {
		json_object_set_new(o, "timeout_ms", json_integer(r->timeout_ms));
	} else if (r->type == MC_EV_SESSION_ENDED) {
		json_t *legs = json_array();

		for (unsigned i = 0; i < r->n_legs; i++)
			json_array_append_new(legs, json_pack("{s:s,s:I,s:I,s:I}",
				"name", r->legs[i].name,
				"rx_packets", (json_int_t)r->legs[i].rx_packets,
				"tx_packets", (json_int_t)r->legs[i].tx_packets,
				"lost", (json_int_t)r->legs[i].lost));
		json_object_set_new(o, "duration_ms", json_integer((json_int_t)r->duration_ms));
		json_object_set_new(o, "legs", legs);
	}
	return o;
}

json_t *mc_evlog_query(const struct mc_evlog *log, uint64_t after, unsigned limit,
		       uint64_t now_ms)
{
	uint64_t newest = log->next_seq - 1;
	uint64_t oldest = newest >= log->cap ? newest - log->cap + 1 : 1;
	uint64_t from = after + 1 > oldest ? after + 1 : oldest, seq;
	json_t *a = json_array();

	for (seq = from; seq <= newest && seq < from + limit; seq++)
		json_array_append_new(a, rec_json(&log->ring[(seq - 1) % log->cap], now_ms));
	/* "last" is what the next request gives as "after"; with nothing new it is the
	 * newest seq, so a client from before a restart resynchronises. */
	return json_pack("{s:I,s:o,s:b,s:I}", "last",
			 (json_int_t)(seq > from ? seq - 1 : newest), "events", a,
			 "more", seq <= newest,
			 "lost", (json_int_t)(after < newest && from > after + 1 ?
					      from - after - 1 : 0));
}

void mc_sm_on_event(struct mc_sm *sm, const struct mc_event *ev)
{
	const struct mc_session *s = mc_session_table_at(&sm->table, ev->session_slot,
							 ev->generation);
	struct mc_ev_rec *r;

	/* A session destroyed since: its events were drained before it ended. */
	if (s == NULL || ev->leg >= s->n_legs || ev->type == MC_EV_SESSION_ENDED)
		return;
	r = mc_evlog_push(sm->log, ev->type, sm->ops->now_ms(sm->ctx));
	strcpy(r->id, s->id);
	strcpy(r->leg, s->legs[ev->leg].conf.name);
	r->ip = ev->ip;
	r->port = ev->port;
	r->is_rtcp = ev->is_rtcp;
	r->timeout_ms = s->media_timeout_ms;
	r->mos_x100 = ev->mos_x100;
	if (ev->type == MC_EV_DTMF) {
		r->digit = ev->digit;
		r->duration_ms = ev->duration_ms;
	}
}

json_t *mc_sm_events(struct mc_sm *sm, const json_t *params)
{
	static const char *const known[] = { "after", "limit", NULL };
	json_int_t after = 0, limit = MC_EVENTS_LIMIT;
	const json_t *v;
	struct mc_verr err;

	if (params != NULL) {
		if (mc_validate_keys(params, known, "", &err) < 0)
			return mc_verr_json(&err);
		if ((v = json_object_get(params, "after")) != NULL) {
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				return mc_verr_reply("EINVAL", "after: must be an integer >= 0");
			after = json_integer_value(v);
		}
		if ((v = json_object_get(params, "limit")) != NULL) {
			if (!json_is_integer(v) || json_integer_value(v) < 1 ||
			    json_integer_value(v) > MC_EVENTS_LIMIT)
				return mc_verr_reply("EINVAL", "limit: must be an integer in 1..%d",
						MC_EVENTS_LIMIT);
			limit = json_integer_value(v);
		}
	}
	if (sm->ops->poll_events)
		sm->ops->poll_events(sm->ctx);
	return mc_evlog_query(sm->log, (uint64_t)after, (unsigned)limit,
			      sm->ops->now_ms(sm->ctx));
}
