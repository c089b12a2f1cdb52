/* SPDX-License-Identifier: BSD-3-Clause
 * Test signals and measures for the codec tests: a synthetic voiced "speech" signal
 * generated at test time, SNR, and delay-aligned normalised cross-correlation.
 */
#ifndef MC_TEST_SIG_H
#define MC_TEST_SIG_H

#include <stdint.h>

/* Glottal pulses at a pitch gliding 120..220 Hz through three formant resonators,
 * with a syllable-like amplitude envelope; peak about -6 dBFS. */
void sig_speech(int16_t *out, unsigned n, unsigned rate, unsigned seed);
void sig_tone(int16_t *out, unsigned n, unsigned rate, double hz, double amp);
double sig_energy(const int16_t *x, unsigned n);
/* SNR in dB of x against ref over n samples (x delayed by lag samples). */
double sig_snr(const int16_t *ref, const int16_t *x, unsigned n, unsigned lag);
/* Best normalised cross-correlation over lags 0..maxlag (x lagging ref); *lag gets it. */
double sig_xcorr(const int16_t *ref, const int16_t *x, unsigned n, unsigned maxlag, unsigned *lag);
/* Dominant frequency by zero crossings. */
double sig_zc_freq(const int16_t *x, unsigned n, unsigned rate);

#endif
