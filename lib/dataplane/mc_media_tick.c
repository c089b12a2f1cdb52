/* The media clock of a worker: every MC_TC_TICK_MS by TSC, each transcoded leg gets a
 * tick (its jitter buffer decides whether a frame is due, mc_tc_tick). A worker that fell
 * behind catches up a few ticks, then starts the clock again from now rather than
 * bursting. */
#include "mc_tc_priv.h"

#include "mc_dp.h"
#include "mc_dp_dtmf.h"
#include "mc_rtcp_tx.h"
#include "mc_session.h"

#define MC_TICK_CATCH_UP 4

static uint64_t next_tick[MC_MAX_WORKERS];

/* The remote said BYE (RTCP, read by mc_rtcp_input): once what it sent has played out,
 * media-core, the source of the other leg's stream, says BYE there too. */
static void forward_bye(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
			bool drained)
{
	if (likely(leg->q.remote.bye_rx == t->bye_seen) || !drained || leg->peer == NULL)
		return;
	t->bye_seen = leg->q.remote.bye_rx;
	mc_rtcp_tx_bye(w, leg->peer);
}

void mc_tc_tick(struct mc_worker *w, struct mc_leg *leg)
{
	struct mc_tc *t = leg->dp.tc;
	struct mc_jbuf_out o;
	void *h;

	mc_tc_dtmf_tick(w, leg, t);
	if (!t->p.jb_enabled) {
		forward_bye(w, leg, t, true);
		return;
	}
	if (t->wait_ms > MC_TC_TICK_MS) {
		t->wait_ms -= MC_TC_TICK_MS;
		return;
	}
	h = mc_jbuf_get(&t->jb, mc_tc_now_ts(w, t), &o);
	t->wait_ms = (uint32_t)((uint64_t)o.dur * 1000u / t->in_rtp_rate);
	mc_tc_slot(w, leg, h, &o);
	/* Drained: a slot without a packet and none buffered. A comfort noise slot may be the
	 * wait of a last talkspurt for its turn, which must reach B before the BYE does. */
	forward_bye(w, leg, t, h == NULL && t->jb.count == 0 && o.why != MC_JBUF_LOST &&
		    o.why != MC_JBUF_STRETCH);
}

static unsigned tick_all(struct mc_worker *w)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < w->n_sessions; i++) {
		struct mc_session *s = w->sessions[i];

		if (s->mode != MC_MODE_TRANSCODE)
			continue;
		for (unsigned l = 0; l < s->n_legs; l++)
			if (s->legs[l].dp.tc != NULL) {
				mc_tc_tick(w, &s->legs[l]);
				n++;
			}
	}
	return n;
}

unsigned mc_media_tick(struct mc_worker *w)
{
	uint64_t period = w->tsc_hz / 1000u * MC_TC_TICK_MS;
	uint64_t *next = &next_tick[w->index];
	unsigned n = 0;

	if (*next == 0)
		*next = w->now;
	for (unsigned k = 0; w->now >= *next; k++) {
		if (k == MC_TICK_CATCH_UP) {
			*next = w->now + period;
			break;
		}
		n += tick_all(w);
		mc_dp_dtmf_relay_tick(w);
		*next += period;
	}
	return n;
}
