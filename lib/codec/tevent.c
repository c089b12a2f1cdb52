/* SPDX-License-Identifier: BSD-3-Clause
 * RFC 4733 telephone-event payload format and the per-event sender/receiver logic.
 */
#include <errno.h>
#include <string.h>

#include "mc_tevent.h"

static const char digits[] = "0123456789*#ABCD";

int mc_tevent_parse(const uint8_t *p, size_t len, struct mc_tevent *ev)
{
	if (p == NULL || len < MC_TEVENT_LEN)
		return -EINVAL;
	ev->event = p[0];
	ev->end = (p[1] & 0x80) != 0;
	ev->volume = p[1] & 0x3f; /* bit 6 is reserved: ignored on receipt */
	ev->duration = (uint16_t)(p[2] << 8 | p[3]);
	return 0;
}

int mc_tevent_build(const struct mc_tevent *ev, uint8_t *out, size_t cap)
{
	if (ev->volume > 63)
		return -EINVAL;
	if (cap < MC_TEVENT_LEN)
		return -ENOSPC;
	out[0] = ev->event;
	out[1] = (uint8_t)((ev->end ? 0x80 : 0) | ev->volume);
	out[2] = (uint8_t)(ev->duration >> 8);
	out[3] = (uint8_t)ev->duration;
	return MC_TEVENT_LEN;
}

int mc_tevent_from_char(char c)
{
	const char *p;

	if (c >= 'a' && c <= 'd')
		c = (char)(c - 'a' + 'A');
	p = c ? strchr(digits, c) : NULL;
	return p ? (int)(p - digits) : -1;
}

char mc_tevent_to_char(uint8_t event)
{
	return event < 16 ? digits[event] : '?';
}

int mc_tevent_tx_start(struct mc_tevent_tx *tx, uint8_t event, uint8_t volume,
		       uint32_t duration, uint32_t step)
{
	if (volume > 63 || step == 0 || step > 0xffff || duration == 0)
		return -EINVAL;
	memset(tx, 0, sizeof(*tx));
	tx->event = event;
	tx->volume = volume;
	tx->total = duration;
	tx->step = (uint16_t)step;
	tx->ends_left = MC_TEVENT_END_COPIES;
	return 0;
}

int mc_tevent_tx_next(struct mc_tevent_tx *tx, uint8_t out[MC_TEVENT_LEN], bool *marker,
		      uint32_t *ts_off)
{
	struct mc_tevent ev = { .event = tx->event, .volume = tx->volume };
	uint32_t rel;

	if (tx->ends_left == 0)
		return 0;
	if (tx->seg_full) {   /* the last packet closed a segment: this one opens the next */
		tx->seg += MC_TEVENT_SEG_MAX;
		tx->seg_full = false;
	}
	*marker = !tx->started;
	tx->started = true;
	if (tx->elapsed < tx->total)
		tx->elapsed = tx->total - tx->elapsed > tx->step ? tx->elapsed + tx->step : tx->total;
	/* elapsed is never clamped to the segment, so the time a full segment's packet
	 * leaves out is in the next segment's first packet: no drift per segment */
	rel = tx->elapsed - tx->seg;
	if (rel > MC_TEVENT_SEG_MAX) {
		ev.duration = (uint16_t)MC_TEVENT_SEG_MAX;
		tx->seg_full = true;
	} else {
		ev.duration = (uint16_t)rel;
		ev.end = tx->elapsed == tx->total;
	}
	if (ev.end)
		tx->ends_left--;
	*ts_off = tx->seg;
	return mc_tevent_build(&ev, out, MC_TEVENT_LEN);
}

void mc_tevent_rx_init(struct mc_tevent_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
}

/* A packet of the event being received: the current segment, the next one, or a late
 * one of the previous segment (< 0: not this event). */
static int same_event(struct mc_tevent_rx *rx, uint32_t ts, const struct mc_tevent *ev)
{
	if (ts == rx->ts) {
		if (rx->ended)
			return MC_TEVENT_RX_DUP;
	} else if (!rx->ended && ts == rx->ts + MC_TEVENT_SEG_MAX) {
		rx->ts = ts;
		rx->nseg += rx->nseg < UINT16_MAX;
		rx->dur = 0;
	} else if (rx->nseg > 0 && ts == rx->ts - MC_TEVENT_SEG_MAX) {
		return MC_TEVENT_RX_DUP;
	} else {
		return -1;
	}
	if (ev->duration > rx->dur)   /* reordered updates do not shrink it */
		rx->dur = ev->duration;
	if (ev->end) {
		rx->ended = true;
		return MC_TEVENT_RX_END;
	}
	return MC_TEVENT_RX_UPDATE;
}

int mc_tevent_rx_feed(struct mc_tevent_rx *rx, uint32_t ts, const uint8_t *p, size_t len,
		      struct mc_tevent *ev)
{
	int kind;

	if (mc_tevent_parse(p, len, ev) < 0)
		return -EINVAL;
	rx->fresh = false;
	if (rx->active && ev->event == rx->event && (kind = same_event(rx, ts, ev)) >= 0)
		return kind;
	/* a new timestamp (or another event) starts a new event */
	rx->active = rx->fresh = true;
	rx->ts = ts;
	rx->event = ev->event;
	rx->ended = ev->end;
	rx->nseg = 0;
	rx->dur = ev->duration;
	return ev->end ? MC_TEVENT_RX_END : MC_TEVENT_RX_START;
}
