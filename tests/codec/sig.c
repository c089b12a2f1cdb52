/* SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>

#include "sig.h"

struct reso { double a1, a2, y1, y2; };

static void reso_init(struct reso *r, double f, double bw, unsigned rate)
{
	double rad = exp(-M_PI * bw / rate);

	r->a1 = 2 * rad * cos(2 * M_PI * f / rate);
	r->a2 = -rad * rad;
	r->y1 = r->y2 = 0;
}

static double reso_run(struct reso *r, double x)
{
	double y = x + r->a1 * r->y1 + r->a2 * r->y2;

	r->y2 = r->y1;
	r->y1 = y;
	return y;
}

void sig_speech(int16_t *out, unsigned n, unsigned rate, unsigned seed)
{
	double *tmp = malloc(n * sizeof(*tmp)), peak = 0, phase = 0, prev = 0;
	struct reso f1, f2, f3;
	double fo = 0.3 + 0.1 * (seed % 7);

	reso_init(&f1, 600, 90, rate);
	reso_init(&f2, 1400, 120, rate);
	reso_init(&f3, 2600, 180, rate);
	for (unsigned i = 0; i < n; i++) {
		double t = (double)i / rate;
		double pitch = 170 + 50 * sin(2 * M_PI * 0.7 * t + fo);
		double g, env, x;

		phase += pitch / rate;
		if (phase >= 1)
			phase -= 1;
		/* Rosenberg pulse: rise over 40% of the period, fall over 16%, closed after */
		if (phase < 0.4)
			g = 0.5 * (1 - cos(M_PI * phase / 0.4));
		else if (phase < 0.56)
			g = cos(M_PI * (phase - 0.4) / 0.32);
		else
			g = 0;
		x = g - prev; /* lip radiation */
		prev = g;
		env = 0.55 + 0.45 * sin(2 * M_PI * 3.0 * t + fo);
		tmp[i] = env * reso_run(&f3, reso_run(&f2, reso_run(&f1, x)));
		if (fabs(tmp[i]) > peak)
			peak = fabs(tmp[i]);
	}
	for (unsigned i = 0; i < n; i++)
		out[i] = (int16_t)lrint(tmp[i] / peak * 16000);
	free(tmp);
}

void sig_tone(int16_t *out, unsigned n, unsigned rate, double hz, double amp)
{
	for (unsigned i = 0; i < n; i++)
		out[i] = (int16_t)lrint(amp * sin(2 * M_PI * hz * i / rate));
}

double sig_energy(const int16_t *x, unsigned n)
{
	double e = 0;

	for (unsigned i = 0; i < n; i++)
		e += (double)x[i] * x[i];
	return n ? e / n : 0;
}

double sig_snr(const int16_t *ref, const int16_t *x, unsigned n, unsigned lag)
{
	double s = 0, e = 0;

	for (unsigned i = 0; i + lag < n; i++) {
		double d = (double)x[i + lag] - ref[i];

		s += (double)ref[i] * ref[i];
		e += d * d;
	}
	if (e == 0)
		return 200;
	return 10 * log10(s / e);
}

double sig_xcorr(const int16_t *ref, const int16_t *x, unsigned n, unsigned maxlag, unsigned *lag)
{
	double best = -2;

	for (unsigned l = 0; l <= maxlag && l < n; l++) {
		double xy = 0, xx = 0, yy = 0, c;

		for (unsigned i = 0; i + l < n; i++) {
			xy += (double)ref[i] * x[i + l];
			xx += (double)ref[i] * ref[i];
			yy += (double)x[i + l] * x[i + l];
		}
		c = (xx > 0 && yy > 0) ? xy / sqrt(xx * yy) : 0;
		if (c > best) {
			best = c;
			if (lag)
				*lag = l;
		}
	}
	return best;
}

double sig_zc_freq(const int16_t *x, unsigned n, unsigned rate)
{
	unsigned zc = 0;

	for (unsigned i = 1; i < n; i++)
		if ((x[i - 1] < 0) != (x[i] < 0))
			zc++;
	return (double)zc * rate / (2.0 * n);
}
