/* SPDX-License-Identifier: BSD-3-Clause
 * RFC 4733 telephone-event payloads: parse and build one event, a sender that emits
 * the packets of one digit, and a receiver that reports each event once even though
 * its end packet is sent three times.
 */
#ifndef MC_TEVENT_H
#define MC_TEVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MC_TEVENT_LEN 4
#define MC_TEVENT_END_COPIES 3 /* RFC 4733 2.5.1.4: the final packet is sent three times */

struct mc_tevent {
	uint8_t event;     /* 0-9, 10 '*', 11 '#', 12-15 A-D, 16 flash, ... */
	bool end;
	uint8_t volume;    /* 0..63, in -dBm0 */
	uint16_t duration; /* in RTP clock ticks since the event's timestamp */
};

/* 0 or -EINVAL (payload shorter than 4 bytes). */
int mc_tevent_parse(const uint8_t *p, size_t len, struct mc_tevent *ev);
/* Returns MC_TEVENT_LEN, or -ENOSPC / -EINVAL. */
int mc_tevent_build(const struct mc_tevent *ev, uint8_t *out, size_t cap);
/* '0'..'9', '*', '#', 'A'..'D' (either case) to event code; -1 if not a DTMF digit. */
int mc_tevent_from_char(char c);
char mc_tevent_to_char(uint8_t event);

/* RFC 4733 2.5.1.3 / 2.5.2.3, long-duration events: the duration field holds at most
 * 0xffff ticks (8.2 s at 8 kHz, 1.37 s at 48 kHz). An event that lasts longer is sent
 * in segments: a segment that fills up ends with a packet of duration 0xffff WITHOUT
 * the end bit, and the next one carries timestamp = the previous one's + 0xffff, no
 * marker (it is the same event), and the duration since then. Only the last segment
 * ends with the end bit. A new segment is opened only when the event is known to go
 * on past the full one, so no segment is ever empty. */
#define MC_TEVENT_SEG_MAX 0xffffu

/* Segment of an event duration: the timestamp offset of the segment that holds tick
 * `total` (durations 1..0xffff of segment k are k * 0xffff + 1 .. (k + 1) * 0xffff). */
static inline uint32_t mc_tevent_seg_off(uint32_t total)
{
	return total == 0 ? 0 : (total - 1) / MC_TEVENT_SEG_MAX * MC_TEVENT_SEG_MAX;
}

/* Sender of one event: packets carry the timestamp of the event's start (the caller's)
 * plus the offset of their segment, the first one with the marker bit; the duration
 * grows by `step` ticks per packet up to the total (segmented as above), and the last
 * packet goes out with the end bit three times. */
struct mc_tevent_tx {
	uint8_t event, volume;
	uint16_t step;
	uint32_t total, elapsed;  /* ticks since the event's start */
	uint32_t seg;             /* offset of the current segment */
	unsigned ends_left;
	bool started, seg_full;   /* seg_full: its 0xffff packet went, the next one opens */
};

/* duration and step in RTP ticks (e.g. 100 ms and 20 ms at 8000 Hz: 800, 160); any
 * duration, step at most 0xffff. -EINVAL on bad input. */
int mc_tevent_tx_start(struct mc_tevent_tx *tx, uint8_t event, uint8_t volume,
		       uint32_t duration, uint32_t step);
/* Writes the next payload and its timestamp offset from the event's start (non-zero
 * from the second segment on); returns MC_TEVENT_LEN, or 0 when the event is complete. */
int mc_tevent_tx_next(struct mc_tevent_tx *tx, uint8_t out[MC_TEVENT_LEN], bool *marker,
		      uint32_t *ts_off);

enum mc_tevent_rx_kind {
	MC_TEVENT_RX_START,  /* first packet of a new event */
	MC_TEVENT_RX_UPDATE, /* longer duration of the current event (or its next segment) */
	MC_TEVENT_RX_END,    /* the event ended: reported once per event */
	MC_TEVENT_RX_DUP,    /* retransmitted end, packet of an ended event or of an earlier
			      * segment: ignore */
};

/* Receiver: one event at a time. A packet with the same event code whose timestamp is
 * the current segment's + 0xffff, while that segment has not ended, continues the
 * event (a new segment: neither a new digit nor a new tone). */
struct mc_tevent_rx {
	bool active, ended;
	bool fresh;        /* the last packet fed began a new event */
	uint8_t event;
	uint32_t ts;       /* of the current segment */
	uint16_t nseg;     /* segments before the current one (saturates) */
	uint16_t dur;      /* longest duration seen in the current segment */
};
/* lib/session embeds it in the per-packet part of struct mc_leg (the padding that keeps
 * the next member on its own cache line is sized for it). */
_Static_assert(sizeof(struct mc_tevent_rx) == 12, "mc_tevent_rx size is part of mc_leg's layout");

void mc_tevent_rx_init(struct mc_tevent_rx *rx);
/* ts is the packet's RTP timestamp. Returns an mc_tevent_rx_kind or -EINVAL. */
int mc_tevent_rx_feed(struct mc_tevent_rx *rx, uint32_t ts, const uint8_t *p, size_t len,
		      struct mc_tevent *ev);
/* The current event's duration so far, all segments: ticks since its first segment. */
static inline uint32_t mc_tevent_rx_total(const struct mc_tevent_rx *rx)
{
	return (uint32_t)rx->nseg * MC_TEVENT_SEG_MAX + rx->dur;
}

#endif
