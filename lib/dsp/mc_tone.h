/* SPDX-License-Identifier: BSD-3-Clause
 * Generic single or dual tone generator (DTMF, test signals). Plain data: init once,
 * run per frame; running never allocates.
 *
 * Levels are in dBm0 with the G.711 convention spandsp also uses: a sine at
 * +3.14 dBm0 has a peak of full scale (32767).
 */
#ifndef MC_TONE_H
#define MC_TONE_H

#include <stdint.h>

#define MC_DBM0_FULL_SCALE_SINE 3.14

/* Peak amplitude (16-bit scale) of a sine at `dbm0`. */
double mc_dbm0_to_peak(double dbm0);

struct mc_tone {
	/* each tone is a unit phasor rotated by its per-sample step: no sin() per sample */
	double re[2], im[2], step_re[2], step_im[2], peak[2];
	unsigned ntones;
};

/* f2 == 0 gives a single tone. Frequencies must be below rate / 2; returns -EINVAL
 * otherwise. The tones start at phase zero, so the first sample is 0 (no click). */
int mc_tone_init(struct mc_tone *t, unsigned rate, double f1, double dbm0_1,
		 double f2, double dbm0_2);
/* Writes n samples (overwrites pcm). */
void mc_tone_run(struct mc_tone *t, int16_t *pcm, unsigned n);

#endif
