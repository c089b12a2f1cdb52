/* DTMF events from the worker, and the worker's side of /mc/dtmf/send. */
#include "mc_dp_dtmf.h"

#include <errno.h>

#include "mc_dp.h"
#include "mc_session.h"
#include "mc_tc.h"
#include "mc_tevent.h"
#include "mc_wcmd.h"

void mc_dp_emit_dtmf(struct mc_worker *w, const struct mc_leg *leg, char digit,
		     uint32_t duration_ms)
{
	const struct mc_session *s = leg->session;
	struct mc_event ev = {
		.type = MC_EV_DTMF,
		.session_slot = s->slot,
		.generation = s->generation,
		.leg = leg->index,
		.tsc = w->now,
		.digit = digit,
		.duration_ms = (uint16_t)(duration_ms > UINT16_MAX ? UINT16_MAX : duration_ms),
	};

	if (rte_ring_sp_enqueue_elem(w->ev_ring, &ev, sizeof(ev)) != 0)
		w->st.events_lost++;
}

int mc_dp_dtmf_rx(struct mc_worker *w, struct mc_leg *leg, const uint8_t *pl, uint32_t len,
		  uint32_t ts)
{
	struct mc_leg_dp *dp = &leg->dp;
	struct mc_tevent ev;
	int kind = mc_tevent_rx_feed(&dp->tev, ts, pl, len, &ev);
	char d;

	if (kind != MC_TEVENT_RX_END)
		return kind;
	d = mc_tevent_to_char(ev.event);
	if (d == '\0' || d == '?' || dp->clock_rate == 0)
		return kind;   /* flash and other non-digit events are not DTMF */
	/* the whole event: a long one came in segments (RFC 4733 2.5.2.3) */
	mc_dp_emit_dtmf(w, leg, d,
			(uint32_t)((uint64_t)mc_tevent_rx_total(&dp->tev) * 1000u / dp->clock_rate));
	return kind;
}

int mc_dp_dtmf_send(struct mc_worker *w, struct mc_wcmd *cmd)
{
	struct mc_session *s = cmd->session;
	struct mc_leg *to;

	if (cmd->leg >= s->n_legs)
		return -EINVAL;
	to = &s->legs[cmd->leg];
	/* Transcoded: what goes to `to` is made by its peer's transcoder. */
	if (to->peer != NULL && to->peer->dp.tc != NULL)
		return mc_tc_dtmf_send(to->peer->dp.tc, cmd->digits, cmd->duration_ms);
	return mc_dp_dtmf_relay_queue(w, to, cmd->digits, cmd->duration_ms);
}
