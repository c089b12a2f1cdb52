/* SPDX-License-Identifier: BSD-3-Clause
 * Mono int16_t resampling on speexdsp, for the transcoding path: 8, 12, 16, 24 and
 * 48 kHz in any direction (any pair speexdsp accepts, in fact).
 *
 * Frames: a frame of n input samples gives exactly n * out_rate / in_rate output
 * samples, every call, as long as that product is whole (10 and 20 ms frames always
 * are). speexdsp's filter position then returns to the same phase at every frame
 * boundary, so there is no fractional remainder to carry between calls.
 *
 * Latency: the filter starts with zeros in its memory, so the output is the input
 * delayed by mc_resampler_latency() output samples (the leading samples of the first
 * frame are the filter's silence). Nothing is skipped, which is what keeps the
 * per-frame length exact; a caller that needs alignment subtracts the latency.
 */
#ifndef MC_RESAMPLE_H
#define MC_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

#define MC_RESAMPLER_QUALITY_DEFAULT 3

struct mc_resampler;

/* quality 0..10 (speexdsp's scale), or -1 for MC_RESAMPLER_QUALITY_DEFAULT. max_in is
 * the largest frame (input samples) process will be given. NULL and a reason in err
 * on failure (bad rate, quality, or a max_in whose output would not be whole). */
struct mc_resampler *mc_resampler_create(unsigned in_rate, unsigned out_rate, int quality,
					 unsigned max_in, char *err, size_t errlen);
void mc_resampler_destroy(struct mc_resampler *r);

/* Output samples for n input samples, or 0 if n * out_rate / in_rate is not whole. */
unsigned mc_resampler_out_len(const struct mc_resampler *r, unsigned n);

/* Converts one frame. Returns the samples written (always mc_resampler_out_len(r, n)),
 * -EINVAL for a frame that is too long or not convertible whole, -ENOSPC if cap is short. */
int mc_resampler_process(struct mc_resampler *r, const int16_t *in, unsigned n,
			 int16_t *out, unsigned cap);

/* Delay of the output behind the input, in output samples. */
unsigned mc_resampler_latency(const struct mc_resampler *r);
/* Clears the filter memory (new stream); the latency stays the same. */
void mc_resampler_reset(struct mc_resampler *r);

unsigned mc_resampler_in_rate(const struct mc_resampler *r);
unsigned mc_resampler_out_rate(const struct mc_resampler *r);

#endif
