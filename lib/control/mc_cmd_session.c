/* The session commands and /mc/caps on media-core's control lcore: the session manager
 * bound to the real dataplane (worker commands and events) and neighbour table. */
#include "mc_ctl.h"
#include "mc_request.h"
#include "mc_sm.h"
#include "mc_validate.h"

#include <stdlib.h>

#include "mc_codec_registry.h"
#include "mc_dp_session.h"
#include "mc_q.h"

static int ops_command(void *ctx, unsigned worker, struct mc_wcmd *cmd)
{
	(void)ctx;
	return mc_dp_command(mc_dp.workers[worker], cmd);
}

static int ops_resolve(void *ctx, uint16_t port, uint32_t ip, struct rte_ether_addr *mac)
{
	(void)ctx;
	return mc_neigh_lookup(&mc_ctl.neigh, port, ip, mc_ctl_now_ms(), mac);
}

static void on_event(const struct mc_event *ev, void *ctx)
{
	mc_sm_on_event(ctx, ev);
}

static unsigned ops_poll_events(void *ctx)
{
	return mc_dp_poll_events(on_event, ctx);
}

static uint64_t ops_now_ms(void *ctx)
{
	(void)ctx;
	return mc_ctl_now_ms();
}

static const struct mc_sm_ops dpdk_ops = {
	.command = ops_command, .resolve = ops_resolve,
	.poll_events = ops_poll_events, .now_ms = ops_now_ms,
};

int mc_ctl_sessions_init(const struct mc_config *cfg)
{
	struct mc_sm_conf c = {
		.n_ports = mc_dp.n_ports, .n_workers = mc_dp.n_workers,
		.max_sessions = cfg->max_sessions, .quarantine_ms = cfg->quarantine_ms,
		.media_timeout_ms = cfg->media_timeout_ms,
	};

	for (unsigned i = 0; i < mc_dp.n_ports; i++) {
		const struct mc_dp_port *p = &mc_dp.ports[i];

		snprintf(c.ports[i].name, sizeof(c.ports[i].name), "%s", p->name);
		c.ports[i].eth_port = p->ifa.port;
		c.ports[i].ip = p->ifa.ip;
		c.ports[i].prefix_len = p->ifa.prefix_len;
		c.ports[i].gateway = p->ifa.gateway;
	}
	for (unsigned w = 0; w < mc_dp.n_workers; w++)
		mc_dp_port_share(w, &c.share_first[w], &c.share_last[w]);
	mc_q_configure(cfg->mos_alarm_threshold, cfg->mos_alarm_hold_ms, cfg->rtcp_xr);
	mc_ctl.sm = calloc(1, sizeof(*mc_ctl.sm));
	if (mc_ctl.sm == NULL)
		return -1;
	return mc_sm_init(mc_ctl.sm, &c, &dpdk_ops, mc_ctl.sm);
}

void mc_ctl_sessions_fini(void)
{
	if (mc_ctl.sm)
		mc_sm_free(mc_ctl.sm);
	free(mc_ctl.sm);
	mc_ctl.sm = NULL;
}

static json_t *cmd_caps(json_t *params)
{
	json_t *codecs = json_array();

	(void)params;
	for (unsigned i = 0; i < mc_codec_registry_count(); i++) {
		const struct mc_codec_desc *d = mc_codec_registry_at(i);
		json_t *o = json_pack("{s:i,s:s,s:i}", "pt", d->pt, "name", d->name,
				      "rate", (int)d->rate);

		if (o && d->channels != 1)
			json_object_set_new(o, "channels", json_integer(d->channels));
		if (o && d->fmtp[0])
			json_object_set_new(o, "fmtp", json_string(d->fmtp));
		json_array_append_new(codecs, o);
	}
	return json_pack("{s:o,s:[s,s],s:{s:I,s:i,s:i,s:[i,i]}}", "codecs", codecs,
			 "features", "relay", "transcode", "limits",
			 "max_sessions", (json_int_t)mc_ctl.cfg->max_sessions,
			 "legs_per_session", MC_LEGS_PER_SESSION,
			 "codecs_per_leg", MC_CODECS_PER_LEG, "ptime", MC_PTIME_MIN, MC_PTIME_MAX);
}

#define SM_CMD(fn) \
	static json_t *cmd_##fn(json_t *params) { return mc_sm_##fn(mc_ctl.sm, params); }
SM_CMD(create)
SM_CMD(update)
SM_CMD(destroy)
SM_CMD(info)
SM_CMD(list)
SM_CMD(events)
SM_CMD(dtmf_send)

const struct mc_cmd mc_cmds_session[] = {
	{ "/mc/caps", cmd_caps, "codecs, features and limits" },
	{ "/mc/session/create", cmd_create, "create a session: {id, legs: [leg, leg]}" },
	{ "/mc/session/update", cmd_update, "change a session: {id, legs: [changed fields]}" },
	{ "/mc/session/destroy", cmd_destroy, "destroy a session: {id} -> final leg stats" },
	{ "/mc/session/info", cmd_info, "a session with its legs' stats: {id}" },
	{ "/mc/session/list", cmd_list, "session ids: {offset, limit} -> {total, ids}" },
	{ "/mc/events", cmd_events, "events after a sequence number: {after, limit}" },
	{ "/mc/dtmf/send", cmd_dtmf_send, "digits to a leg: {id, leg, digits, duration_ms}" },
};
const unsigned mc_cmds_session_n = sizeof(mc_cmds_session) / sizeof(mc_cmds_session[0]);
