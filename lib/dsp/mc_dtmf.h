/* SPDX-License-Identifier: BSD-3-Clause
 * In-band DTMF: detection (spandsp's dtmf_rx) and generation (mc_tone).
 *
 * Detector: PCM frames of any size up to the max given at create, at 8 kHz or any
 * rate the resampler takes (other rates are brought to 8 kHz inside, adding the
 * resampler's latency, which the reported positions already account for). Each digit
 * is reported twice, in the frame where spandsp confirms it: a START (digit and
 * estimated onset) and, when it ends, an END with its duration. A caller that wants
 * one report per digit takes the ENDs.
 *
 * Generator: plain data, a queue of digits each played for its duration, with a
 * silent gap between consecutive digits. Digits may be queued open-ended and given
 * their length later (RFC 4733 events whose duration is known at their end only).
 * Running it replaces the samples of a frame that fall inside a tone or a gap and
 * leaves the others untouched.
 */
#ifndef MC_DTMF_H
#define MC_DTMF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mc_tone.h"

#define MC_DTMF_VOLUME_DEFAULT 10 /* -dBm0 per tone */
#define MC_DTMF_GAP_MS_DEFAULT 50
#define MC_DTMF_GEN_QUEUE 32

/* Row and column frequency of '0'..'9', '*', '#', 'A'..'D' (either case); -EINVAL otherwise. */
int mc_dtmf_freqs(char digit, double *low, double *high);

enum mc_dtmf_event_kind { MC_DTMF_DIGIT_START, MC_DTMF_DIGIT_END };

struct mc_dtmf_event {
	enum mc_dtmf_event_kind kind;
	char digit;            /* '0'..'9', '*', '#', 'A'..'D' */
	uint64_t start;        /* estimated onset, in input samples since create/reset */
	uint64_t samples;      /* END: duration in input samples; START: 0 */
	unsigned duration_ms;  /* END: duration in ms; START: 0 */
};

struct mc_dtmf_det;

/* rate: input PCM rate; max_frame: largest frame in samples at that rate. */
struct mc_dtmf_det *mc_dtmf_det_create(unsigned rate, unsigned max_frame, char *err, size_t errlen);
void mc_dtmf_det_destroy(struct mc_dtmf_det *d);
/* Feeds one frame; writes up to cap events (in order) and returns their number.
 * Events that do not fit wait for the next call. -EINVAL for a bad frame. */
int mc_dtmf_det_process(struct mc_dtmf_det *d, const int16_t *pcm, unsigned n,
			struct mc_dtmf_event *ev, unsigned cap);
/* The digit being received now ('\0' if none). */
char mc_dtmf_det_current(const struct mc_dtmf_det *d);
/* While a digit is being received: where its END would be placed if the tone stopped
 * now (input samples); durations counted up to here never exceed the final one. */
uint64_t mc_dtmf_det_known_until(const struct mc_dtmf_det *d);
/* Input samples consumed since create/reset. */
uint64_t mc_dtmf_det_position(const struct mc_dtmf_det *d);
void mc_dtmf_det_reset(struct mc_dtmf_det *d);

struct mc_dtmf_gen_params {
	unsigned rate;    /* output PCM rate */
	unsigned volume;  /* default per-tone level, -dBm0; 0 = MC_DTMF_VOLUME_DEFAULT */
	unsigned gap_ms;  /* silence between digits; 0 = MC_DTMF_GAP_MS_DEFAULT */
	int twist_db;     /* high tone above the low one, dB */
};

struct mc_dtmf_gen_item {
	char digit;
	uint8_t volume;
	bool open;        /* length not known yet */
	uint64_t samples;
};

struct mc_dtmf_gen {
	unsigned rate, volume, gap;
	int twist_db;
	struct mc_dtmf_gen_item q[MC_DTMF_GEN_QUEUE];
	unsigned head, count;
	struct mc_dtmf_gen_item cur; /* the digit playing (valid while state is tone) */
	uint64_t played;             /* samples of cur played so far */
	unsigned gap_left;
	enum { MC_DTMF_GEN_IDLE, MC_DTMF_GEN_TONE, MC_DTMF_GEN_GAP } state;
	struct mc_tone tone;
};

int mc_dtmf_gen_init(struct mc_dtmf_gen *g, const struct mc_dtmf_gen_params *p);
/* duration_ms 0 queues an open digit (see mc_dtmf_gen_finish); volume 0 = default.
 * 0, -EINVAL (not a DTMF digit, volume > 63) or -ENOSPC (queue full). */
int mc_dtmf_gen_queue(struct mc_dtmf_gen *g, char digit, unsigned duration_ms, unsigned volume);
/* Queues each digit of a string; returns how many were queued (stops at the first
 * invalid digit or when the queue is full). */
int mc_dtmf_gen_queue_str(struct mc_dtmf_gen *g, const char *digits, unsigned duration_ms);
/* Gives the most recent open digit (playing or queued) its total length in samples;
 * if it has already played that long it stops at once. -ENOENT if none is open. */
int mc_dtmf_gen_finish(struct mc_dtmf_gen *g, uint64_t samples);
/* Stops the playing digit now (the gap follows). */
void mc_dtmf_gen_cut(struct mc_dtmf_gen *g);
/* Replaces the samples of pcm that fall in a tone or gap; true if it wrote any. */
bool mc_dtmf_gen_run(struct mc_dtmf_gen *g, int16_t *pcm, unsigned n);
bool mc_dtmf_gen_busy(const struct mc_dtmf_gen *g);
void mc_dtmf_gen_clear(struct mc_dtmf_gen *g);

#endif
