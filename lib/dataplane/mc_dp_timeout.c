/* Media timeouts: a sweep over the worker's sessions starts every 100 ms and looks at a
 * bounded number of sessions per iteration, so 10,000 sessions never stall the rx loop.
 * MC_EV_MEDIA_RESUMED is emitted by the RTP input path when media comes back. */
#include "mc_dp.h"

#include "mc_session.h"

#define MC_SWEEP_MS 100
#define MC_SWEEP_CHUNK 256

static void check_leg(struct mc_worker *w, struct mc_leg *leg, uint64_t limit)
{
	struct mc_leg_dp *dp = &leg->dp;

	/* A remote that may not send to us (direction) is not expected to. */
	if (dp->timed_out || !dp->recv_ok || w->now - dp->last_rx_tsc < limit)
		return;
	dp->timed_out = true;
	mc_dp_emit(w, leg, MC_EV_MEDIA_TIMEOUT, 0);
}

unsigned mc_dp_timeouts(struct mc_worker *w)
{
	uint32_t end;
	unsigned done = 0;

	if (!w->scanning) {
		if (w->now < w->next_scan)
			return 0;
		w->next_scan = w->now + w->tsc_hz / 1000 * MC_SWEEP_MS;
		w->scanning = true;
		w->scan_pos = 0;
	}
	end = w->scan_pos + MC_SWEEP_CHUNK;
	if (end > w->n_sessions)
		end = w->n_sessions;
	for (; w->scan_pos < end; w->scan_pos++, done++) {
		struct mc_session *s = w->sessions[w->scan_pos];
		uint64_t limit = w->tsc_hz / 1000 * s->media_timeout_ms;

		if (s->media_timeout_ms == 0)
			continue;
		for (unsigned i = 0; i < s->n_legs; i++)
			check_leg(w, &s->legs[i], limit);
	}
	if (w->scan_pos >= w->n_sessions)
		w->scanning = false;
	return done;
}
