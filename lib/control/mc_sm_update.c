/* /mc/session/update and /mc/session/destroy. */
#include "mc_sm_priv.h"

#include <errno.h>
#include <string.h>

static struct mc_leg *leg_by_name(struct mc_session *s, const char *name)
{
	for (unsigned i = 0; i < s->n_legs; i++)
		if (strcmp(s->legs[i].conf.name, name) == 0)
			return &s->legs[i];
	return NULL;
}

/* Merges the fields a request leg gave into conf (the leg's current configuration). */
static int merge_leg(const struct mc_sm *sm, const struct mc_req_leg *r, unsigned i,
		     struct mc_leg_conf *c, struct mc_verr *err)
{
	const struct mc_leg_conf *n = &r->conf;

	if ((r->set & MC_LF_INTERFACE) && n->port_slot != c->port_slot)
		return mc_verr_set(err, "ENOTSUP", "legs[%u].interface: a leg cannot move to "
				   "another interface (it is on %s)", i,
				   sm->conf.ports[c->port_slot].name);
	if (r->set & MC_LF_REMOTE) {
		if (n->has_remote &&
		    !mc_validate_reachable(&sm->conf.ports[c->port_slot], n->remote_ip))
			return mc_verr_set(err, "EINVAL", "legs[%u].remote: not on %s's subnet "
					   "and %s has no gateway", i,
					   sm->conf.ports[c->port_slot].name,
					   sm->conf.ports[c->port_slot].name);
		c->has_remote = n->has_remote;
		c->remote_ip = n->remote_ip;
		c->remote_port = n->remote_port;
	}
	if (r->set & MC_LF_CODECS) {
		memcpy(c->codecs, n->codecs, sizeof(c->codecs));
		c->n_codecs = n->n_codecs;
		c->chosen = n->chosen;
	}
	if (r->set & MC_LF_PTIME)
		c->ptime = n->ptime;
	if (r->set & MC_LF_RTCP_MUX)
		c->rtcp_mux = n->rtcp_mux;
	if (r->set & MC_LF_LATCHING)
		c->latching = n->latching;
	if (r->set & MC_LF_DIRECTION)
		c->direction = n->direction;
	if (r->set & MC_LF_REWRITE)
		c->rewrite_ssrc = n->rewrite_ssrc;
	if (r->set & MC_LF_JBUF) {
		c->jb_off = n->jb_off;
		c->jb_min_ms = n->jb_min_ms;
		c->jb_max_ms = n->jb_max_ms;
	}
	if (r->set & MC_LF_AUDIO) {
		c->agc = n->agc;
		c->agc_target_dbfs = n->agc_target_dbfs;
		c->agc_max_gain_db = n->agc_max_gain_db;
		c->ns = n->ns;
		c->ns_max_db = n->ns_max_db;
	}
	return 0;
}

json_t *mc_sm_update(struct mc_sm *sm, const json_t *params)
{
	struct rte_ether_addr macs[MC_LEGS_PER_SESSION];
	struct mc_leg_conf conf[MC_LEGS_PER_SESSION];
	struct mc_session *s;
	struct mc_verr err;
	struct mc_req req;
	struct mc_wcmd cmd;
	struct mc_tc *tc[MC_LEGS_PER_SESSION] = { NULL, NULL }, *old[MC_LEGS_PER_SESSION];
	uint8_t pending;
	int rc, mode;

	if (mc_validate_request(params, true, sm->conf.ports, sm->conf.n_ports, &req, &err) < 0)
		return mc_verr_json(&err);
	s = mc_session_table_find(&sm->table, req.id);
	if (s == NULL)
		return mc_verr_reply("ENOENT", "id: no session '%s'", req.id);
	for (unsigned i = 0; i < s->n_legs; i++)
		conf[i] = s->legs[i].conf;
	for (unsigned i = 0; i < req.n_legs; i++) {
		struct mc_leg *leg = leg_by_name(s, req.legs[i].conf.name);

		if (leg == NULL)
			return mc_verr_reply("ENOENT", "legs[%u].name: session '%s' has no leg "
					     "'%s'", i, s->id, req.legs[i].conf.name);
		if (merge_leg(sm, &req.legs[i], i, &conf[leg->index], &err) < 0)
			return mc_verr_json(&err);
	}
	mode = mc_sm_mode(&conf[0], &conf[1], &err);
	if (mode < 0)
		return mc_verr_json(&err);
	/* New transcoders every time: the worker hands the old ones' stream and unchanged
	 * codec states over to them (mc_tc_takeover), so nothing is lost. */
	if (mode == MC_MODE_TRANSCODE &&
	    mc_sm_media_make(conf, (uint32_t)(sm->created + s->slot), tc, &err) < 0)
		return mc_verr_json(&err);
	mc_sm_build_update(sm, s, conf, &cmd, &pending, macs);
	for (unsigned i = 0; i < s->n_legs; i++) {
		old[i] = s->legs[i].dp.tc;    /* only this lcore's commands change it */
		cmd.legs_dp[i].tc = tc[i];
	}
	if (mode == MC_MODE_TRANSCODE)   /* before the command: the tick needs both */
		__atomic_store_n(&s->mode, MC_MODE_TRANSCODE, __ATOMIC_RELEASE);
	rc = sm->ops->command(sm->ctx, s->worker, &cmd);
	if (rc != -EBUSY)   /* accepted: an earlier timed-out UPDATE has been applied */
		mc_sm_media_free(sm->slots[s->slot].stale_tc);
	if (rc == -ETIMEDOUT) {
		/* The worker takes tc when it gets to it, and lets go of old then. */
		memcpy(sm->slots[s->slot].stale_tc, old, sizeof(old));
		return mc_sm_worker_error(s->worker, rc);
	}
	if (rc != 0) {   /* -EBUSY: it never reached the worker */
		mc_sm_media_free(tc);
		return mc_sm_worker_error(s->worker, rc);
	}
	__atomic_store_n(&s->mode, (enum mc_session_mode)mode, __ATOMIC_RELEASE);
	/* The worker took tc while applying the command; this store only matters for a
	 * stand-in worker that copies leg confs alone (the session manager's tests). */
	for (unsigned i = 0; i < s->n_legs; i++)
		if (s->legs[i].dp.tc != tc[i])
			s->legs[i].dp.tc = tc[i];
	mc_sm_media_free(old);
	mc_sm_set_pending(sm, s, pending, macs);
	if (req.has_timeout)   /* a word the worker's sweep reads; no message needed */
		__atomic_store_n(&s->media_timeout_ms, req.media_timeout_ms, __ATOMIC_RELAXED);
	return mc_sm_session_json(sm, s, false);
}

static void log_ended(struct mc_sm *sm, const struct mc_session *s, uint64_t now)
{
	struct mc_ev_rec *r = mc_evlog_push(sm->log, MC_EV_SESSION_ENDED, now);

	strcpy(r->id, s->id);
	r->duration_ms = now - s->created_ms;
	r->n_legs = s->n_legs;
	for (unsigned i = 0; i < s->n_legs; i++) {
		const struct mc_leg_dp *dp = &s->legs[i].dp;

		strcpy(r->legs[i].name, s->legs[i].conf.name);
		r->legs[i].rx_packets = dp->st.rx_packets;
		r->legs[i].tx_packets = mc_leg_tx_packets(&s->legs[i]);
		r->legs[i].lost = mc_rtp_stats_lost_total(&dp->rtp);
	}
}

json_t *mc_sm_destroy(struct mc_sm *sm, const json_t *params)
{
	struct mc_session *s;
	struct mc_verr err;
	char id[MC_SESSION_ID_MAX + 1];
	struct mc_wcmd cmd = { .type = MC_WCMD_DEL };
	json_t *legs, *reply;
	int rc;

	if (mc_validate_id_only(params, id, &err) < 0)
		return mc_verr_json(&err);
	s = mc_session_table_find(&sm->table, id);
	if (s == NULL)
		return mc_verr_reply("ENOENT", "id: no session '%s'", id);
	/* Its last events first, while they can still be attributed to it. */
	if (sm->ops->poll_events)
		sm->ops->poll_events(sm->ctx);
	cmd.session = s;
	rc = sm->ops->command(sm->ctx, s->worker, &cmd);
	legs = json_array();
	for (unsigned i = 0; i < s->n_legs; i++) {
		json_t *st = mc_sm_leg_stats_json(&s->legs[i]);
		json_t *o = json_pack("{s:s}", "name", s->legs[i].conf.name);

		json_object_update(o, st);   /* the name first, for people reading it */
		json_decref(st);
		json_array_append_new(legs, o);
	}
	reply = json_pack("{s:s,s:o}", "id", s->id, "legs", legs);
	log_ended(sm, s, sm->ops->now_ms(sm->ctx));
	sm->destroyed++;
	if (rc == 0 || rc == -ENOENT) {
		mc_sm_release(sm, s);   /* frees the transcoders the worker let go of */
	} else {
		/* The worker still serves it: forget the id, keep ports until a DEL lands. */
		mc_session_table_remove(&sm->table, s);
		sm->slots[s->slot].zombie = 1;
		sm->n_zombies++;
	}
	return reply;
}
