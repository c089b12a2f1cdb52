/* Worker side of ADD / UPDATE / DEL: the only place where the port map and the session
 * list change. Runs on the worker (or on the control lcore in single-core mode), between
 * packet bursts, so the hot path never sees a half-made leg. */
#include "mc_dp.h"
#include "mc_dp_session.h"

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_random.h>

#include "mc_rtcp_tx.h"
#include "mc_dp_dtmf.h"
#include "mc_tc.h"
#include "mc_wcmd.h"

static inline struct mc_leg **map_slot(struct mc_worker *w, uint16_t port)
{
	return &w->port_map[port - w->port_first];
}

static bool port_ok(const struct mc_worker *w, uint16_t port)
{
	return port >= w->port_first && port < w->port_last && (port & 1) == 0;
}

/* Defaults the control lcore may leave out, derived the same way every time. */
static void normalise(struct mc_leg_dp *dp, const struct mc_leg_conf *conf)
{
	if (dp->rtcp_mux)
		dp->remote_rtcp_port = dp->remote_port;
	else if (dp->remote_rtcp_port == 0 && dp->remote_port != 0)
		dp->remote_rtcp_port = (uint16_t)(dp->remote_port + 1);
	if (dp->rewrite && dp->rw.ts_step == 0) {
		uint32_t step = dp->clock_rate * (conf->ptime ? conf->ptime : 20) / 1000;

		mc_rtp_rewriter_init(&dp->rw, dp->rw.out_ssrc ? dp->rw.out_ssrc :
				     (uint32_t)rte_rand(), step);
	}
	/* The relay maps payload types itself (pt_out); the rewriter must keep them. */
	dp->rw.out_pt = -1;
	dp->pt_last_in = MC_PT_NONE;
}

static int add(struct mc_worker *w, struct mc_session *s)
{
	/* A worker that has not iterated yet has no clock; timeouts count from now. */
	uint64_t now = w->now ? w->now : rte_rdtsc();

	for (unsigned i = 0; i < s->n_legs; i++) {
		uint16_t port = s->legs[i].dp.local_port;

		if (!port_ok(w, port) || *map_slot(w, port) || *map_slot(w, port + 1))
			return -EINVAL;
		for (unsigned j = 0; j < i; j++)
			if (s->legs[j].dp.local_port == port)
				return -EINVAL;
	}
	if (w->n_sessions >= w->max_sessions)
		return -ENOSPC;
	for (unsigned i = 0; i < s->n_legs; i++) {
		struct mc_leg *leg = &s->legs[i];
		struct mc_leg_dp *dp = &leg->dp;

		leg->session = s;
		leg->index = (uint8_t)i;
		leg->peer = s->n_legs == 2 ? &s->legs[1 - i] : NULL;
		normalise(dp, &leg->conf);
		memset(&dp->st, 0, sizeof(dp->st));
		mc_rtp_stats_init(&dp->rtp, dp->clock_rate);
		mc_tevent_rx_init(&dp->tev);
		dp->latched = dp->rtcp_latched = dp->timed_out = false;
		dp->last_rx_tsc = now;
		*map_slot(w, dp->local_port) = leg;
		*map_slot(w, dp->local_port + 1) = leg;
	}
	w->sessions[w->n_sessions++] = s;
	return 0;
}

static int find(const struct mc_worker *w, const struct mc_session *s)
{
	for (uint32_t i = 0; i < w->n_sessions; i++)
		if (w->sessions[i] == s)
			return (int)i;
	return -1;
}

static int del(struct mc_worker *w, struct mc_session *s)
{
	int pos = find(w, s);

	if (pos < 0)
		return -ENOENT;
	mc_dp_dtmf_relay_forget(w, s);
	for (unsigned i = 0; i < s->n_legs; i++) {
		uint16_t port = s->legs[i].dp.local_port;

		mc_rtcp_tx_bye(w, &s->legs[i]);   /* where media-core is the RTP source */

		*map_slot(w, port) = NULL;
		*map_slot(w, port + 1) = NULL;
	}
	/* Buffered mbufs name their leg (mc_tx.c) and the control lcore frees the session
	 * after the ack: send them now (and count what the NIC refuses) while it lives. */
	mc_worker_flush(w);
	/* Order does not matter to the timeout sweep; a moved session is at worst scanned
	 * twice or once late in the current sweep. */
	w->sessions[pos] = w->sessions[--w->n_sessions];
	return 0;
}

static bool remote_changed(const struct mc_leg_conf *old, const struct mc_leg_conf *new)
{
	return old->has_remote != new->has_remote || old->remote_ip != new->remote_ip ||
	       old->remote_port != new->remote_port;
}

static void update_leg(struct mc_leg *leg, const struct mc_leg_conf *conf,
		       const struct mc_leg_dp *in)
{
	struct mc_leg_dp *dp = &leg->dp;
	bool changed = remote_changed(&leg->conf, conf);

	if (changed || !dp->latched) {
		dp->remote_ip = in->remote_ip;
		dp->remote_port = in->remote_port;
		dp->remote_rtcp_port = in->remote_rtcp_port;
		dp->remote_mac = in->remote_mac;
		dp->mac_valid = in->mac_valid;
	}
	if (changed)
		dp->latched = dp->rtcp_latched = false;
	if (in->rewrite && !dp->rewrite && !dp->rw.started)
		dp->rw = in->rw;
	/* A new transcoder continues the old one's stream; control frees the old after
	 * the ack. */
	if (in->tc != dp->tc) {
		if (in->tc != NULL && dp->tc != NULL)
			mc_tc_takeover(in->tc, dp->tc, &dp->st);
		dp->tc = in->tc;
	}
	dp->recv_ok = in->recv_ok;
	dp->send_ok = in->send_ok;
	dp->rewrite = in->rewrite;
	dp->latching = in->latching;
	dp->rtcp_mux = in->rtcp_mux;
	dp->clock_rate = in->clock_rate;
	dp->rtp.clock_rate = in->clock_rate;
	dp->tevent = in->tevent;
	dp->tevent_pt = in->tevent_pt;
	memcpy(dp->pt_out, in->pt_out, sizeof(dp->pt_out));
	leg->conf = *conf;
	normalise(dp, conf);
}

static int update(struct mc_worker *w, struct mc_wcmd *cmd)
{
	struct mc_session *s = cmd->session;

	if (find(w, s) < 0)
		return -ENOENT;
	for (unsigned i = 0; i < s->n_legs; i++)
		update_leg(&s->legs[i], &cmd->legs[i], &cmd->legs_dp[i]);
	return 0;
}

int mc_dp_apply(struct mc_worker *w, struct mc_wcmd *cmd)
{
	w->st.commands++;
	if (cmd->session == NULL || cmd->session->n_legs == 0 ||
	    cmd->session->n_legs > MC_LEGS_PER_SESSION)
		return -EINVAL;
	switch (cmd->type) {
	case MC_WCMD_ADD:
		return add(w, cmd->session);
	case MC_WCMD_UPDATE:
		return update(w, cmd);
	case MC_WCMD_DEL:
		return del(w, cmd->session);
	case MC_WCMD_DTMF:
		return find(w, cmd->session) < 0 ? -ENOENT : mc_dp_dtmf_send(w, cmd);
	}
	return -EINVAL;
}
