/* SPDX-License-Identifier: BSD-3-Clause
 * DTMF detector on spandsp's dtmf_rx, reported per frame with positions.
 *
 * spandsp analyses fixed blocks of DET_BLOCK samples and calls its realtime callback
 * when a block confirms a change (digit on, or digit off). We feed it in pieces that
 * end on its block boundaries, so a callback always belongs to the end of the piece
 * just fed: that gives each change an exact position in the 8 kHz stream.
 * A block counts as tone only when the tone covers it, and a change is confirmed two
 * blocks late; a tone of L samples therefore covers L / DET_BLOCK - 1 whole blocks on
 * average (uniform alignment). Measured over all alignments, the onset lies 2 to 3
 * blocks before its callback and the end 1 to 2 blocks before its own, so the
 * estimates take the middle: onset at -2.5 blocks, end at -1.5 blocks. Durations are
 * then within one block (12.75 ms) of the truth either way.
 */
#include <errno.h>
#include <stdlib.h>

#include <spandsp.h>

#include "dsp_impl.h"
#include "mc_dtmf.h"
#include "mc_resample.h"

#define DET_RATE 8000
#define DET_BLOCK 102   /* spandsp's DTMF_SAMPLES_PER_BLOCK */
#define ONSET_BACK (2 * DET_BLOCK + DET_BLOCK / 2)
#define END_BACK (DET_BLOCK + DET_BLOCK / 2)
#define PENDING 16

struct mc_dtmf_det {
	dtmf_rx_state_t *rx;
	struct mc_resampler *rs; /* NULL at 8 kHz */
	unsigned rate, max_frame;
	uint64_t in_pos;   /* input samples consumed */
	uint64_t pos;      /* 8 kHz samples fed to spandsp */
	char digit;        /* digit being received */
	uint64_t onset;    /* its onset, 8 kHz samples */
	struct mc_dtmf_event pending[PENDING];
	unsigned npending, first;
	int16_t *buf;      /* the frame at 8 kHz */
};

/* 8 kHz position to the input's rate, with the resampler's delay removed. */
static uint64_t to_input(const struct mc_dtmf_det *d, uint64_t p8)
{
	uint64_t lat = d->rs ? mc_resampler_latency(d->rs) : 0;

	p8 = p8 > lat ? p8 - lat : 0;
	return p8 * d->rate / DET_RATE;
}

static void push(struct mc_dtmf_det *d, enum mc_dtmf_event_kind kind, char digit, uint64_t end8)
{
	struct mc_dtmf_event *e;

	if (d->npending == PENDING)
		return; /* cannot happen: at most one change per block, and frames are bounded */
	e = &d->pending[(d->first + d->npending++) % PENDING];
	e->kind = kind;
	e->digit = digit;
	e->start = to_input(d, d->onset);
	e->samples = 0;
	e->duration_ms = 0;
	if (kind == MC_DTMF_DIGIT_END) {
		uint64_t n8 = end8 > d->onset ? end8 - d->onset : 0;

		e->samples = n8 * d->rate / DET_RATE;
		e->duration_ms = (unsigned)(n8 * 1000 / DET_RATE);
	}
}

static void on_change(void *user, int code, int level, int delay)
{
	struct mc_dtmf_det *d = user;

	(void)level;
	(void)delay;
	if (d->digit != '\0')
		push(d, MC_DTMF_DIGIT_END, d->digit, d->pos > END_BACK ? d->pos - END_BACK : 0);
	d->digit = (char)code;
	if (code != 0) {
		d->onset = d->pos > ONSET_BACK ? d->pos - ONSET_BACK : 0;
		push(d, MC_DTMF_DIGIT_START, d->digit, 0);
	}
}

struct mc_dtmf_det *mc_dtmf_det_create(unsigned rate, unsigned max_frame, char *err, size_t errlen)
{
	struct mc_dtmf_det *d;
	unsigned max8;

	if (rate == 0 || max_frame == 0 || ((uint64_t)max_frame * DET_RATE) % rate) {
		mc_dsp_err(err, errlen, "dtmf detector: a frame of %u samples at %u Hz is not whole at 8 kHz",
			   max_frame, rate);
		return NULL;
	}
	max8 = (unsigned)((uint64_t)max_frame * DET_RATE / rate);
	d = calloc(1, sizeof(*d));
	if (d == NULL || (d->buf = calloc(max8, sizeof(int16_t))) == NULL)
		goto fail;
	d->rate = rate;
	d->max_frame = max_frame;
	if (rate != DET_RATE) {
		d->rs = mc_resampler_create(rate, DET_RATE, -1, max_frame, err, errlen);
		if (d->rs == NULL) {
			mc_dtmf_det_destroy(d);
			return NULL;
		}
	}
	d->rx = dtmf_rx_init(NULL, NULL, NULL);
	if (d->rx == NULL)
		goto fail;
	dtmf_rx_set_realtime_callback(d->rx, on_change, d);
	return d;
fail:
	mc_dsp_err(err, errlen, "dtmf detector: cannot create at %u Hz", rate);
	mc_dtmf_det_destroy(d);
	return NULL;
}

void mc_dtmf_det_destroy(struct mc_dtmf_det *d)
{
	if (d == NULL)
		return;
	if (d->rx != NULL)
		dtmf_rx_free(d->rx);
	mc_resampler_destroy(d->rs);
	free(d->buf);
	free(d);
}

/* Feeds spandsp in pieces that end on its block boundaries (see the top of the file). */
static void feed(struct mc_dtmf_det *d, const int16_t *x, unsigned n)
{
	while (n > 0) {
		unsigned k = DET_BLOCK - (unsigned)(d->pos % DET_BLOCK);

		k = k < n ? k : n;
		d->pos += k;
		dtmf_rx(d->rx, x, (int)k);
		x += k;
		n -= k;
	}
}

int mc_dtmf_det_process(struct mc_dtmf_det *d, const int16_t *pcm, unsigned n,
			struct mc_dtmf_event *ev, unsigned cap)
{
	unsigned out = 0;

	if (n == 0 || n > d->max_frame)
		return -EINVAL;
	if (d->rs != NULL) {
		int m = mc_resampler_process(d->rs, pcm, n, d->buf, d->max_frame * DET_RATE / d->rate);

		if (m < 0)
			return m;
		feed(d, d->buf, (unsigned)m);
	} else {
		feed(d, pcm, n);
	}
	d->in_pos += n;
	while (out < cap && d->npending > 0) {
		ev[out++] = d->pending[d->first];
		d->first = (d->first + 1) % PENDING;
		d->npending--;
	}
	return (int)out;
}

char mc_dtmf_det_current(const struct mc_dtmf_det *d)
{
	return d->digit;
}

uint64_t mc_dtmf_det_known_until(const struct mc_dtmf_det *d)
{
	/* the end callback, when it comes, is at a later block boundary than pos */
	return to_input(d, d->pos > END_BACK ? d->pos - END_BACK : 0);
}

uint64_t mc_dtmf_det_position(const struct mc_dtmf_det *d)
{
	return d->in_pos;
}

void mc_dtmf_det_reset(struct mc_dtmf_det *d)
{
	dtmf_rx_init(d->rx, NULL, NULL);
	dtmf_rx_set_realtime_callback(d->rx, on_change, d);
	if (d->rs != NULL)
		mc_resampler_reset(d->rs);
	d->in_pos = d->pos = d->onset = 0;
	d->digit = '\0';
	d->npending = d->first = 0;
}
