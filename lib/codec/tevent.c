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
	tx->total = (uint16_t)(duration > 0xffff ? 0xffff : duration);
	tx->step = (uint16_t)step;
	tx->ends_left = MC_TEVENT_END_COPIES;
	return 0;
}

int mc_tevent_tx_next(struct mc_tevent_tx *tx, uint8_t out[MC_TEVENT_LEN], bool *marker)
{
	struct mc_tevent ev = { .event = tx->event, .volume = tx->volume };

	if (tx->ends_left == 0)
		return 0;
	*marker = !tx->started;
	tx->started = true;
	if (tx->duration < tx->total) {
		uint32_t d = (uint32_t)tx->duration + tx->step;

		tx->duration = (uint16_t)(d > tx->total ? tx->total : d);
	}
	ev.duration = tx->duration;
	ev.end = tx->duration == tx->total;
	if (ev.end)
		tx->ends_left--;
	return mc_tevent_build(&ev, out, MC_TEVENT_LEN);
}

void mc_tevent_rx_init(struct mc_tevent_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
}

int mc_tevent_rx_feed(struct mc_tevent_rx *rx, uint32_t ts, const uint8_t *p, size_t len,
		      struct mc_tevent *ev)
{
	if (mc_tevent_parse(p, len, ev) < 0)
		return -EINVAL;
	/* a new timestamp (or another event on the same one) starts a new event */
	if (!rx->active || ts != rx->ts || ev->event != rx->event) {
		rx->active = true;
		rx->ts = ts;
		rx->event = ev->event;
		rx->ended = ev->end;
		return ev->end ? MC_TEVENT_RX_END : MC_TEVENT_RX_START;
	}
	if (rx->ended)
		return MC_TEVENT_RX_DUP;
	if (ev->end) {
		rx->ended = true;
		return MC_TEVENT_RX_END;
	}
	return MC_TEVENT_RX_UPDATE;
}
