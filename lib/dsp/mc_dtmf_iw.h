/* SPDX-License-Identifier: BSD-3-Clause
 * DTMF interworking between in-band tones and RFC 4733 telephone-events, one object
 * per direction, both driven once per media frame:
 *
 *  - tone -> events (mc_dtmf_t2e): the frame's PCM goes through the detector; a digit
 *    that starts gives a first packet (marker bit, timestamp = the digit's estimated
 *    onset), then one update per frame with the duration so far, and when it ends the
 *    final duration with the end bit, three times (one per frame; flushed at once if
 *    the next digit starts first). Optionally the frames carrying the digit are
 *    silenced, so the far end does not get the tone twice (RFC 4733 2.6).
 *  - events -> tone (mc_dtmf_e2t): received payloads go through mc_tevent's receiver
 *    (each event once, duplicates of the end ignored); the tone starts with the
 *    event's first packet, is given its length by the end packet, and replaces the
 *    outgoing audio while it plays. An event whose end never arrives is stopped after
 *    a timeout without packets.
 *
 * Both sides handle digits longer than the 16-bit duration field (0xffff ticks: 1.37 s
 * with 48 kHz events) as RFC 4733 segments (mc_tevent.h): t2e sends them, e2t plays a
 * segmented event as one tone and reports it once.
 *
 * Timestamps and durations are in the telephone-event clock (event_rate), PCM in
 * pcm_rate samples. Frames up to max_frame samples, any length per call.
 */
#ifndef MC_DTMF_IW_H
#define MC_DTMF_IW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mc_dtmf.h"
#include "mc_tevent.h"

#define MC_DTMF_T2E_MAX_PKTS 8
#define MC_DTMF_T2E_MAX_DIGITS 4
#define MC_DTMF_E2T_TIMEOUT_MS_DEFAULT 200

struct mc_dtmf_pkt {
	uint8_t payload[MC_TEVENT_LEN];
	uint32_t ts;  /* RTP timestamp of the event: its onset, in the event clock */
	bool marker;  /* first packet of the event */
	bool end;
};

struct mc_dtmf_t2e_params {
	unsigned pcm_rate;   /* rate of the frames given to process */
	unsigned max_frame;  /* samples */
	unsigned event_rate; /* telephone-event clock; 0 = 8000 */
	unsigned volume;     /* volume field sent, -dBm0 (0..63); 0 = MC_DTMF_VOLUME_DEFAULT */
	bool mute;           /* silence the frames in which a digit is being received */
};

struct mc_dtmf_t2e_out {
	unsigned npkts;
	struct mc_dtmf_pkt pkt[MC_DTMF_T2E_MAX_PKTS];
	unsigned ndigits; /* digits that ended in this frame: each reported once */
	struct mc_dtmf_event digit[MC_DTMF_T2E_MAX_DIGITS];
};

struct mc_dtmf_t2e;

struct mc_dtmf_t2e *mc_dtmf_t2e_create(const struct mc_dtmf_t2e_params *p, char *err, size_t errlen);
void mc_dtmf_t2e_destroy(struct mc_dtmf_t2e *t);
/* ts: RTP timestamp (event clock) of the frame's first sample as it is sent out.
 * pcm is only written when mute is on. 0 or -EINVAL. */
int mc_dtmf_t2e_process(struct mc_dtmf_t2e *t, int16_t *pcm, unsigned n, uint32_t ts,
			struct mc_dtmf_t2e_out *out);

struct mc_dtmf_e2t_params {
	unsigned pcm_rate;   /* rate of the frames given to render */
	unsigned event_rate; /* telephone-event clock; 0 = 8000 */
	unsigned volume;     /* per-tone level, -dBm0; 0 = the event's own volume (at least 6) */
	unsigned gap_ms;     /* silence between consecutive digits; 0 = MC_DTMF_GAP_MS_DEFAULT */
	unsigned timeout_ms; /* stop a tone after this long without packets; 0 = default */
};

struct mc_dtmf_e2t {
	struct mc_tevent_rx rx;
	struct mc_dtmf_gen gen;
	unsigned pcm_rate, event_rate, volume;
	bool open;           /* the current event's end has not arrived */
	uint64_t quiet, timeout; /* samples rendered since the last packet, and the limit */
};

int mc_dtmf_e2t_init(struct mc_dtmf_e2t *e, const struct mc_dtmf_e2t_params *p);
/* One telephone-event payload with its RTP timestamp. Returns the mc_tevent_rx_kind
 * (ev filled), or -EINVAL for a payload too short. Non-DTMF events (flash, ...) are
 * reported but make no tone. */
int mc_dtmf_e2t_packet(struct mc_dtmf_e2t *e, uint32_t ts, const uint8_t *p, size_t len,
		       struct mc_tevent *ev);
/* Replaces the part of the outgoing frame that carries a tone (or the gap between
 * two); true if any sample was replaced. */
bool mc_dtmf_e2t_render(struct mc_dtmf_e2t *e, int16_t *pcm, unsigned n);
/* In-band digits to send on this direction (the /mc/dtmf/send path): the same
 * generator, so they queue behind or ahead of received events in arrival order. */
int mc_dtmf_e2t_send(struct mc_dtmf_e2t *e, const char *digits, unsigned duration_ms);

#endif
