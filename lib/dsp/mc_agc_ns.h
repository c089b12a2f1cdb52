/* SPDX-License-Identifier: BSD-3-Clause
 * Automatic gain control and noise suppression on speexdsp's preprocessor, for the
 * audio one remote sends on a transcoded leg (between decode and encode).
 *
 * speexdsp wants one fixed frame size per state; media-core's frames are 10..60 ms, so
 * the state runs on 10 ms sub-frames and a frame is processed as several of them. Its
 * overlap-add delays the output by one sub-frame (10 ms).
 *
 * Levels are dBFS of the RMS against a full-scale square (the -dBov convention of the
 * rest of lib/dsp): a sine peaking at full scale is -3 dBFS.
 *
 * Life cycle: create (allocates) and destroy on the control lcore; process, configure
 * and the getters never allocate, so the worker may call them per frame.
 */
#ifndef MC_AGC_NS_H
#define MC_AGC_NS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MC_AGC_TARGET_DEFAULT (-18)   /* dBFS */
#define MC_AGC_TARGET_MIN (-40)
#define MC_AGC_TARGET_MAX (-10)
#define MC_AGC_MAX_GAIN_DEFAULT 30    /* dB */
#define MC_AGC_MAX_GAIN_MAX 40
#define MC_NS_MAX_DB_DEFAULT 15       /* dB of attenuation of the noise */
#define MC_NS_MAX_DB_MIN 1
#define MC_NS_MAX_DB_MAX 40
#define MC_AGC_NS_SUBFRAME_MS 10

struct mc_agc_ns_params {
	unsigned rate;            /* PCM rate; 10 ms must be whole samples */
	bool agc;
	int8_t target_dbfs;       /* MC_AGC_TARGET_MIN..MAX */
	uint8_t max_gain_db;      /* 0..MC_AGC_MAX_GAIN_MAX: the most AGC may add */
	bool ns;
	uint8_t ns_max_db;        /* MC_NS_MAX_DB_MIN..MAX: the most NS may take off */
};

struct mc_agc_ns;

/* NULL with a reason in err for a bad rate or setting. */
struct mc_agc_ns *mc_agc_ns_create(const struct mc_agc_ns_params *p, char *err,
				   size_t errlen);
void mc_agc_ns_destroy(struct mc_agc_ns *a);
/* New settings on a running state (same rate), keeping what it learnt (the AGC gain,
 * the noise estimate): a mid-call change without a jump. -EINVAL for another rate or a
 * bad setting (nothing changes). */
int mc_agc_ns_configure(struct mc_agc_ns *a, const struct mc_agc_ns_params *p);
/* In place. n must be a multiple of the 10 ms sub-frame: -EINVAL (pcm untouched)
 * otherwise. With AGC and NS both off, pcm is untouched (no speexdsp call). */
int mc_agc_ns_process(struct mc_agc_ns *a, int16_t *pcm, unsigned n);
/* The gain AGC applies now, dB (0 when AGC is off). */
int mc_agc_ns_gain_db(const struct mc_agc_ns *a);
unsigned mc_agc_ns_rate(const struct mc_agc_ns *a);
/* The settings in force. */
const struct mc_agc_ns_params *mc_agc_ns_params(const struct mc_agc_ns *a);

#endif
