/* Worker -> control events. The ring holds the events themselves (fixed size), so a
 * worker never allocates to report one; a full ring loses the event and counts it. */
#include "mc_dp.h"
#include "mc_dp_session.h"

#include "mc_session.h"

#define MC_EV_BURST 32

void mc_dp_emit(struct mc_worker *w, const struct mc_leg *leg, enum mc_event_type type,
		uint8_t is_rtcp)
{
	const struct mc_session *s = leg->session;
	struct mc_event ev = {
		.type = type,
		.session_slot = s->slot,
		.generation = s->generation,
		.leg = leg->index,
		.ip = leg->dp.remote_ip,
		.port = is_rtcp ? leg->dp.remote_rtcp_port : leg->dp.remote_port,
		.is_rtcp = is_rtcp,
		.tsc = w->now,
	};

	if (rte_ring_sp_enqueue_elem(w->ev_ring, &ev, sizeof(ev)) != 0)
		w->st.events_lost++;
}

unsigned mc_dp_poll_events(void (*fn)(const struct mc_event *ev, void *ctx), void *ctx)
{
	struct mc_event evs[MC_EV_BURST];
	unsigned total = 0;

	for (unsigned i = 0; i < mc_dp.n_workers; i++) {
		struct mc_worker *w = mc_dp.workers[i];
		unsigned n;

		do {
			n = rte_ring_sc_dequeue_burst_elem(w->ev_ring, evs, sizeof(evs[0]),
							   MC_EV_BURST, NULL);
			for (unsigned k = 0; k < n; k++)
				fn(&evs[k], ctx);
			total += n;
		} while (n == MC_EV_BURST);
	}
	return total;
}
