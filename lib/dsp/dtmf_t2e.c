/* SPDX-License-Identifier: BSD-3-Clause
 * In-band DTMF -> RFC 4733 events (see mc_dtmf_iw.h).
 *
 * The first packet and the updates are built here with mc_tevent_build, because
 * their duration is the time since the detector's onset estimate, which the frame
 * clock alone does not give. Once the digit has ended its length is known, and
 * mc_tevent's sender takes over: an event of the last segment's length in a single
 * step, which is exactly the final packet with the end bit, three times.
 *
 * A digit longer than 0xffff ticks (1.37 s with 48 kHz events) is segmented as
 * mc_tevent.h describes: when the duration passes a full segment, that segment's
 * packet with 0xffff (no end bit) goes out, and the updates go on in the next one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dsp_impl.h"
#include "mc_dtmf_iw.h"

struct mc_dtmf_t2e {
	struct mc_dtmf_det *det;
	unsigned pcm_rate, event_rate, max_frame;
	uint8_t volume;
	bool mute;
	bool active;       /* a digit is being sent (no end yet) */
	uint8_t code;      /* its event code */
	uint64_t onset;    /* its onset, input samples */
	uint32_t ev_ts;    /* its RTP timestamp */
	uint32_t sent;     /* last duration sent, ticks since ev_ts (all segments) */
	uint32_t seg;      /* offset from ev_ts of the segment being sent */
	struct mc_tevent_tx tx; /* the end packets of the last digit */
	uint32_t tx_ts;
};

struct mc_dtmf_t2e *mc_dtmf_t2e_create(const struct mc_dtmf_t2e_params *p, char *err, size_t errlen)
{
	struct mc_dtmf_t2e *t;

	if (p == NULL || p->volume > 63 || p->pcm_rate == 0) {
		mc_dsp_err(err, errlen, "dtmf tone->event: bad parameters");
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL) {
		mc_dsp_err(err, errlen, "dtmf tone->event: out of memory");
		return NULL;
	}
	t->det = mc_dtmf_det_create(p->pcm_rate, p->max_frame, err, errlen);
	if (t->det == NULL) {
		free(t);
		return NULL;
	}
	t->pcm_rate = p->pcm_rate;
	t->event_rate = p->event_rate ? p->event_rate : 8000;
	t->max_frame = p->max_frame;
	t->volume = (uint8_t)(p->volume ? p->volume : MC_DTMF_VOLUME_DEFAULT);
	t->mute = p->mute;
	return t;
}

void mc_dtmf_t2e_destroy(struct mc_dtmf_t2e *t)
{
	if (t == NULL)
		return;
	mc_dtmf_det_destroy(t->det);
	free(t);
}

/* Input samples to event clock ticks, signed (an onset may precede the frame). */
static int64_t ticks(const struct mc_dtmf_t2e *t, int64_t samples)
{
	return samples * (int64_t)t->event_rate / (int64_t)t->pcm_rate;
}

static void emit(struct mc_dtmf_t2e_out *out, const uint8_t *payload, uint32_t ts, bool marker, bool end)
{
	struct mc_dtmf_pkt *k;

	if (out->npkts == MC_DTMF_T2E_MAX_PKTS)
		return;
	k = &out->pkt[out->npkts++];
	memcpy(k->payload, payload, MC_TEVENT_LEN);
	k->ts = ts;
	k->marker = marker;
	k->end = end;
}

/* One more copy of the last digit's end packet; false when all three are out. */
static bool emit_end(struct mc_dtmf_t2e *t, struct mc_dtmf_t2e_out *out)
{
	uint8_t pl[MC_TEVENT_LEN];
	uint32_t off;   /* 0: the sender gets one segment at most */
	bool marker;

	if (mc_tevent_tx_next(&t->tx, pl, &marker, &off) != MC_TEVENT_LEN)
		return false;
	emit(out, pl, t->tx_ts + off, false, true); /* the marker went with the first packet */
	return true;
}

/* Closes every full segment that duration d has gone past: its packet with the
 * maximum duration and no end bit (RFC 4733 2.5.1.3), then on to the next one. */
static void close_segments(struct mc_dtmf_t2e *t, struct mc_dtmf_t2e_out *out, uint32_t d)
{
	struct mc_tevent ev = { .event = t->code, .volume = t->volume,
				.duration = (uint16_t)MC_TEVENT_SEG_MAX };
	uint8_t pl[MC_TEVENT_LEN];

	while (d - t->seg > MC_TEVENT_SEG_MAX) {
		mc_tevent_build(&ev, pl, sizeof(pl));
		emit(out, pl, t->ev_ts + t->seg, false, false);
		t->seg += MC_TEVENT_SEG_MAX;
	}
}

/* Start or update packet of the active digit, with the duration the detector has
 * confirmed so far: never more than the final one will be, so it never shrinks. */
static void emit_running(struct mc_dtmf_t2e *t, struct mc_dtmf_t2e_out *out, bool first)
{
	int64_t d = ticks(t, (int64_t)mc_dtmf_det_known_until(t->det) - (int64_t)t->onset);
	struct mc_tevent ev = { .event = t->code, .volume = t->volume };
	uint8_t pl[MC_TEVENT_LEN];

	d = d > UINT32_MAX / 2 ? UINT32_MAX / 2 : d < 1 ? 1 : d;
	if (d < t->sent)
		d = t->sent;
	t->sent = (uint32_t)d;
	close_segments(t, out, t->sent);
	ev.duration = (uint16_t)(t->sent - t->seg);
	mc_tevent_build(&ev, pl, sizeof(pl));
	emit(out, pl, t->ev_ts + t->seg, first, false);
}

static void digit_start(struct mc_dtmf_t2e *t, const struct mc_dtmf_event *e, uint64_t frame_pos,
			uint32_t ts, struct mc_dtmf_t2e_out *out)
{
	while (emit_end(t, out))
		; /* the previous digit's end copies go before the new digit */
	t->active = true;
	t->code = (uint8_t)mc_tevent_from_char(e->digit);
	t->onset = e->start;
	t->ev_ts = ts + (uint32_t)ticks(t, (int64_t)e->start - (int64_t)frame_pos);
	t->sent = t->seg = 0;
	emit_running(t, out, true);
}

static void digit_end(struct mc_dtmf_t2e *t, const struct mc_dtmf_event *e, struct mc_dtmf_t2e_out *out)
{
	int64_t d = ticks(t, (int64_t)e->samples);

	if (!t->active)
		return;
	t->active = false;
	d = d > UINT32_MAX / 2 ? UINT32_MAX / 2 : d < t->sent ? t->sent : d < 1 ? 1 : d;
	close_segments(t, out, (uint32_t)d);
	d -= t->seg;   /* the last segment: 1..0xffff ticks */
	mc_tevent_tx_start(&t->tx, t->code, t->volume, (uint32_t)d, (uint32_t)d);
	t->tx_ts = t->ev_ts + t->seg;
	emit_end(t, out);
	if (out->ndigits < MC_DTMF_T2E_MAX_DIGITS)
		out->digit[out->ndigits++] = *e;
}

int mc_dtmf_t2e_process(struct mc_dtmf_t2e *t, int16_t *pcm, unsigned n, uint32_t ts,
			struct mc_dtmf_t2e_out *out)
{
	struct mc_dtmf_event ev[MC_DTMF_T2E_MAX_PKTS];
	uint64_t frame_pos = mc_dtmf_det_position(t->det);
	bool was_active = t->active, changed = false, started = false;
	int k = mc_dtmf_det_process(t->det, pcm, n, ev, MC_DTMF_T2E_MAX_PKTS);

	out->npkts = out->ndigits = 0;
	if (k < 0)
		return k;
	for (int i = 0; i < k; i++) {
		changed = true;
		if (ev[i].kind == MC_DTMF_DIGIT_START) {
			digit_start(t, &ev[i], frame_pos, ts, out);
			started = true;
		} else {
			digit_end(t, &ev[i], out);
		}
	}
	if (!changed) {
		if (t->active)
			emit_running(t, out, false);
		else
			emit_end(t, out);
	}
	if (t->mute && (was_active || started))
		memset(pcm, 0, n * sizeof(*pcm));
	return 0;
}
