/* The media clock of a worker: every MC_TC_TICK_MS by TSC, each transcoded leg gets a
 * tick (its jitter buffer decides whether a frame is due). A worker that fell behind
 * catches up a few ticks, then starts the clock again from now rather than bursting. */
#include "mc_dp.h"
#include "mc_session.h"
#include "mc_tc.h"

#define MC_TICK_CATCH_UP 4

static uint64_t next_tick[MC_MAX_WORKERS];

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
		*next += period;
	}
	return n;
}
