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

/* Sender of one event: all packets carry the timestamp of the event's start (the
 * caller's), the first one with the marker bit; the duration grows by `step` ticks per
 * packet up to the total, and the last packet goes out with the end bit three times. */
struct mc_tevent_tx {
	uint8_t event, volume;
	uint16_t total, step, duration;
	unsigned ends_left;
	bool started;
};

/* duration and step in RTP ticks (e.g. 100 ms and 20 ms at 8000 Hz: 800, 160).
 * Durations beyond 65535 ticks are clamped (one segment only). -EINVAL on bad input. */
int mc_tevent_tx_start(struct mc_tevent_tx *tx, uint8_t event, uint8_t volume,
		       uint32_t duration, uint32_t step);
/* Writes the next payload; returns MC_TEVENT_LEN, or 0 when the event is complete. */
int mc_tevent_tx_next(struct mc_tevent_tx *tx, uint8_t out[MC_TEVENT_LEN], bool *marker);

enum mc_tevent_rx_kind {
	MC_TEVENT_RX_START,  /* first packet of a new event */
	MC_TEVENT_RX_UPDATE, /* longer duration of the current event */
	MC_TEVENT_RX_END,    /* the event ended: reported once per event */
	MC_TEVENT_RX_DUP,    /* retransmitted end or packet of an ended event: ignore */
};

struct mc_tevent_rx {
	bool active, ended;
	uint32_t ts;
	uint8_t event;
};

void mc_tevent_rx_init(struct mc_tevent_rx *rx);
/* ts is the packet's RTP timestamp. Returns an mc_tevent_rx_kind or -EINVAL. */
int mc_tevent_rx_feed(struct mc_tevent_rx *rx, uint32_t ts, const uint8_t *p, size_t len,
		      struct mc_tevent *ev);

#endif
