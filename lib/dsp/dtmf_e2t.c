/* SPDX-License-Identifier: BSD-3-Clause
 * RFC 4733 events -> in-band DTMF (see mc_dtmf_iw.h).
 */
#include <errno.h>
#include <string.h>

#include "mc_dtmf_iw.h"

#define MIN_VOLUME 6 /* -6 dBm0 per tone: the pair's peak stays below full scale */

int mc_dtmf_e2t_init(struct mc_dtmf_e2t *e, const struct mc_dtmf_e2t_params *p)
{
	struct mc_dtmf_gen_params gp;
	unsigned timeout_ms;

	if (p == NULL || p->volume > 63)
		return -EINVAL;
	gp = (struct mc_dtmf_gen_params){ .rate = p->pcm_rate, .gap_ms = p->gap_ms };
	memset(e, 0, sizeof(*e));
	if (mc_dtmf_gen_init(&e->gen, &gp) < 0)
		return -EINVAL;
	mc_tevent_rx_init(&e->rx);
	e->pcm_rate = p->pcm_rate;
	e->event_rate = p->event_rate ? p->event_rate : 8000;
	e->volume = p->volume;
	timeout_ms = p->timeout_ms ? p->timeout_ms : MC_DTMF_E2T_TIMEOUT_MS_DEFAULT;
	e->timeout = (uint64_t)timeout_ms * p->pcm_rate / 1000;
	return 0;
}

static uint8_t tone_volume(const struct mc_dtmf_e2t *e, uint8_t ev_volume)
{
	if (e->volume)
		return (uint8_t)e->volume;
	return ev_volume < MIN_VOLUME ? MIN_VOLUME : ev_volume;
}

static uint64_t to_samples(const struct mc_dtmf_e2t *e, uint32_t ticks)
{
	return (uint64_t)ticks * e->pcm_rate / e->event_rate;
}

int mc_dtmf_e2t_packet(struct mc_dtmf_e2t *e, uint32_t ts, const uint8_t *p, size_t len,
		       struct mc_tevent *ev)
{
	int kind = mc_tevent_rx_feed(&e->rx, ts, p, len, ev);
	/* the receiver's notion of a new event: an event whose start packets were all lost
	 * begins with its end; the next segment of a long event is not new, so the tone
	 * it started goes on without a gap */
	bool fresh;
	char digit;

	if (kind < 0 || kind == MC_TEVENT_RX_DUP)
		return kind;
	fresh = e->rx.fresh;
	e->quiet = 0;
	if (fresh && e->open) {
		/* the previous event lost its end: stop it where it is */
		mc_dtmf_gen_finish(&e->gen, 0);
		e->open = false;
	}
	digit = mc_tevent_to_char(ev->event);
	if (fresh && mc_tevent_from_char(digit) >= 0)
		e->open = mc_dtmf_gen_queue(&e->gen, digit, 0, tone_volume(e, ev->volume)) == 0;
	if (kind == MC_TEVENT_RX_END && e->open) {
		mc_dtmf_gen_finish(&e->gen, to_samples(e, mc_tevent_rx_total(&e->rx)));
		e->open = false;
	}
	return kind;
}

bool mc_dtmf_e2t_render(struct mc_dtmf_e2t *e, int16_t *pcm, unsigned n)
{
	if (e->open) {
		e->quiet += n;
		if (e->quiet > e->timeout) {
			mc_dtmf_gen_finish(&e->gen, 0);
			e->open = false;
		}
	}
	return mc_dtmf_gen_run(&e->gen, pcm, n);
}

int mc_dtmf_e2t_send(struct mc_dtmf_e2t *e, const char *digits, unsigned duration_ms)
{
	if (duration_ms == 0)
		return -EINVAL;
	return mc_dtmf_gen_queue_str(&e->gen, digits, duration_ms);
}
