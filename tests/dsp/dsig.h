/* SPDX-License-Identifier: BSD-3-Clause
 * Signals and measures for the lib/dsp tests; every input is generated at test time.
 */
#ifndef MC_TEST_DSIG_H
#define MC_TEST_DSIG_H

#include <stdint.h>

/* amp * sin(2 pi hz (i - delay) / rate): a tone, or the ideal delayed copy of one. */
void dsig_tone(int16_t *out, unsigned n, unsigned rate, double hz, double amp, double delay);
/* Voiced speech stand-in: glottal pulse train (pitch gliding 90..260 Hz) through three
 * formant resonators that move like vowels, with a syllable envelope; peak `peak`. */
void dsig_voiced(int16_t *out, unsigned n, unsigned rate, double peak, unsigned seed);
/* White noise with RMS `rms` (uniform, deterministic per seed). */
void dsig_noise(int16_t *out, unsigned n, double rms, unsigned seed);
/* Mean power per sample. */
double dsig_power(const int16_t *x, unsigned n);
/* Power per sample in dB relative to a full-scale square (-dBov convention). */
double dsig_dbov(const int16_t *x, unsigned n);
/* Goertzel power of the component at hz, normalised so a sine of amplitude A gives A^2/2. */
double dsig_goertzel(const int16_t *x, unsigned n, unsigned rate, double hz);
/* SNR (dB) of x against ref. */
double dsig_snr(const int16_t *ref, const int16_t *x, unsigned n);
/* Frequency from zero crossings (positive-going), Hz. */
double dsig_zc_freq(const int16_t *x, unsigned n, unsigned rate);

#endif
