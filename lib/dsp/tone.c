/* SPDX-License-Identifier: BSD-3-Clause
 * Dual tone generator by phasor rotation, renormalised once per call so rounding
 * cannot make the amplitude drift over a long tone.
 */
#include <errno.h>
#include <math.h>

#include "dsp_impl.h"
#include "mc_tone.h"

double mc_dbm0_to_peak(double dbm0)
{
	return 32767.0 * pow(10.0, (dbm0 - MC_DBM0_FULL_SCALE_SINE) / 20.0);
}

int mc_tone_init(struct mc_tone *t, unsigned rate, double f1, double dbm0_1,
		 double f2, double dbm0_2)
{
	const double f[2] = { f1, f2 }, db[2] = { dbm0_1, dbm0_2 };

	if (rate == 0 || f1 <= 0 || f1 >= rate / 2.0 || f2 < 0 || f2 >= rate / 2.0)
		return -EINVAL;
	t->ntones = f2 > 0 ? 2 : 1;
	for (unsigned i = 0; i < 2; i++) {
		double w = 2.0 * M_PI * f[i] / rate;

		t->re[i] = 1.0;
		t->im[i] = 0.0;
		t->step_re[i] = cos(w);
		t->step_im[i] = sin(w);
		t->peak[i] = i < t->ntones ? mc_dbm0_to_peak(db[i]) : 0.0;
	}
	return 0;
}

void mc_tone_run(struct mc_tone *t, int16_t *pcm, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		double y = 0;

		for (unsigned i = 0; i < t->ntones; i++) {
			double re = t->re[i] * t->step_re[i] - t->im[i] * t->step_im[i];

			y += t->peak[i] * t->im[i];
			t->im[i] = t->re[i] * t->step_im[i] + t->im[i] * t->step_re[i];
			t->re[i] = re;
		}
		pcm[k] = mc_dsp_sat16(y);
	}
	for (unsigned i = 0; i < t->ntones; i++) {
		/* first-order correction of |phasor| back to 1 */
		double g = 1.5 - 0.5 * (t->re[i] * t->re[i] + t->im[i] * t->im[i]);

		t->re[i] *= g;
		t->im[i] *= g;
	}
}
