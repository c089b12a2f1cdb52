/* SPDX-License-Identifier: BSD-3-Clause
 * Loss concealment for a decoder, with comfort noise for long gaps.
 *
 * The codec conceals first: lib/codec already does it per codec (spandsp's PLC for
 * G.711 and G.722, the decoders' own for G.729 and Opus) through mc_codec_conceal(),
 * and this module does not duplicate it. Those concealments are meant for short
 * losses and fade to silence within some tens of ms (spandsp's from 10 ms into the
 * gap, silent by about 60 ms). Here, after `hold_ms` of a gap the output cross-fades
 * over `fade_ms` from the codec's concealment to comfort noise (lib/codec's mc_cn
 * generator) at the background level measured on the good frames, and stays there
 * until audio returns. The two are uncorrelated, so the fade weights are
 * power-complementary (sqrt(1 - g), sqrt(g)); the defaults (20 + 40 ms) start the
 * noise while spandsp's concealment is still fading, which keeps the dip between
 * them to about 4 dB on steady noise.
 *
 * The background level is the mean power of the good frames of the last `window_ms`
 * that are within 3 dB of the quietest one (a minimum tracker: speech bursts do not
 * raise it, a pause brings it down); the noise's spectral envelope is the one of a
 * recent frame near that minimum (LPC order MC_PLC_CN_ORDER).
 */
#ifndef MC_PLC_H
#define MC_PLC_H

#include <stddef.h>
#include <stdint.h>

#include "mc_codec.h"

#define MC_PLC_HOLD_MS_DEFAULT 20
#define MC_PLC_FADE_MS_DEFAULT 40
#define MC_PLC_WINDOW_MS_DEFAULT 1000
#define MC_PLC_CN_ORDER 6

struct mc_plc_params {
	unsigned rate;      /* PCM rate of the decoder's output */
	unsigned max_frame; /* samples */
	unsigned hold_ms;   /* codec concealment alone; 0 = default */
	unsigned fade_ms;   /* cross-fade to comfort noise; 0 = default */
	unsigned window_ms; /* background level window; 0 = default */
};

struct mc_plc;

struct mc_plc *mc_plc_create(const struct mc_plc_params *p, char *err, size_t errlen);
void mc_plc_destroy(struct mc_plc *p);

/* After every good (decoded) frame: measures the background and ends a gap. */
void mc_plc_good(struct mc_plc *p, const int16_t *pcm, unsigned n);
/* Fills a lost frame of n samples: the codec's concealment, then comfort noise.
 * codec may be NULL (no concealment of its own: comfort noise from the start of the
 * fade). Returns n, or a negative errno (frame too long, codec error). */
int mc_plc_conceal(struct mc_plc *p, struct mc_codec *codec, int16_t *pcm, unsigned n);

/* Frames concealed in the current gap (0 after a good frame). */
unsigned mc_plc_gap_frames(const struct mc_plc *p);
/* Measured background level, -dBov (127 before any good frame). */
unsigned mc_plc_level(const struct mc_plc *p);
void mc_plc_reset(struct mc_plc *p);

#endif
