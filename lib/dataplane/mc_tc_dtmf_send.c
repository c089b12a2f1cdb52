/* /mc/dtmf/send on a transcoded direction: digits towards the peer, as RFC 4733 events
 * in media-core's own stream when the peer negotiated telephone-event (one packet every
 * MC_TC_INJ_STEP_MS, the end three times, a gap before the next digit), else as tones
 * the DTMF generator writes over the audio before it is encoded. */
#include "mc_tc_priv.h"

#include <errno.h>
#include <string.h>

#include "mc_dp_pkt.h"

#define MC_TC_INJ_STEP_MS 20
#define MC_TC_INJ_GAP_MS 50

static bool events_out(const struct mc_tc *t)
{
	return t->p.out.tevent_pt != MC_TC_NO_PT && t->p.out.tevent_pt != t->p.out.pt;
}

int mc_tc_dtmf_send(struct mc_tc *t, const char *digits, unsigned duration_ms)
{
	unsigned n = (unsigned)strlen(digits);

	if (n == 0 || duration_ms == 0)
		return -EINVAL;
	if (!events_out(t)) {
		if (t->e2t.gen.count + n > MC_DTMF_GEN_QUEUE)
			return -ENOSPC;
		return mc_dtmf_e2t_send(&t->e2t, digits, duration_ms);
	}
	if (t->inj_n + n > MC_TC_DTMF_QUEUE)
		return -ENOSPC;
	for (unsigned k = 0; k < n; k++) {
		unsigned at = (t->inj_head + t->inj_n++) % MC_TC_DTMF_QUEUE;

		if (mc_tevent_from_char(digits[k]) < 0)
			return -EINVAL;   /* validated by the control lcore already */
		t->inj_q[at] = digits[k];
		t->inj_ms[at] = (uint16_t)duration_ms;
	}
	return (int)n;
}

/* Starts the next queued digit at the output stream's current position. */
static void next_digit(struct mc_tc *t)
{
	unsigned at = t->inj_head;
	uint32_t step = t->out_rtp_rate / 1000u * MC_TC_INJ_STEP_MS;

	t->inj_head = (uint8_t)((t->inj_head + 1) % MC_TC_DTMF_QUEUE);
	t->inj_n--;
	if (mc_tevent_tx_start(&t->inj, (uint8_t)mc_tevent_from_char(t->inj_q[at]),
			       MC_DTMF_VOLUME_DEFAULT,
			       (uint32_t)((uint64_t)t->inj_ms[at] * t->out_rtp_rate / 1000u),
			       step) == 0) {
		t->inj_on = true;
		t->inj_ts = mc_tc_out_now(t);
	}
}

void mc_tc_dtmf_tick(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t)
{
	uint8_t pl[MC_TEVENT_LEN];
	uint32_t off;
	bool marker;

	if (likely(!t->inj_on && t->inj_n == 0))
		return;
	if (t->inj_wait > 0) {
		t->inj_wait--;
		return;
	}
	if (!t->inj_on)
		next_digit(t);
	if (!t->inj_on)
		return;
	if (mc_tevent_tx_next(&t->inj, pl, &marker, &off) > 0) {
		/* off: a digit longer than 0xffff ticks goes on in segments (mc_tevent.h) */
		if (leg->peer != NULL)
			mc_tc_send_event(w, leg->peer, t, pl, marker, t->inj_ts + off);
		t->inj_wait = MC_TC_INJ_STEP_MS / MC_TC_TICK_MS - 1;
	} else {
		/* The digit's time is part of the stream; the audio went on meanwhile. */
		t->inj_on = false;
		t->inj_wait = MC_TC_INJ_GAP_MS / MC_TC_TICK_MS - 1;
	}
}

void mc_tc_dtmf_take(struct mc_tc *nw, const struct mc_tc *old)
{
	if (!events_out(nw) || !events_out(old) || nw->out_rtp_rate != old->out_rtp_rate)
		return;
	nw->inj = old->inj;
	nw->inj_on = old->inj_on;
	nw->inj_ts = old->inj_ts;
	nw->inj_head = old->inj_head;
	nw->inj_n = old->inj_n;
	nw->inj_wait = old->inj_wait;
	memcpy(nw->inj_q, old->inj_q, sizeof(nw->inj_q));
	memcpy(nw->inj_ms, old->inj_ms, sizeof(nw->inj_ms));
}
