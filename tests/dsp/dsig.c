/* SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stdlib.h>

#include "dsig.h"

void dsig_tone(int16_t *out, unsigned n, unsigned rate, double hz, double amp, double delay)
{
	for (unsigned i = 0; i < n; i++)
		out[i] = (int16_t)lrint(amp * sin(2 * M_PI * hz * ((double)i - delay) / rate));
}

struct reso { double a1, a2, y1, y2; };

static void reso_set(struct reso *r, double f, double bw, unsigned rate)
{
	double rad = exp(-M_PI * bw / rate);

	r->a1 = 2 * rad * cos(2 * M_PI * f / rate);
	r->a2 = -rad * rad;
}

static double reso_run(struct reso *r, double x)
{
	double y = x + r->a1 * r->y1 + r->a2 * r->y2;

	r->y2 = r->y1;
	r->y1 = y;
	return y;
}

void dsig_voiced(int16_t *out, unsigned n, unsigned rate, double peak, unsigned seed)
{
	double *tmp = malloc(n * sizeof(*tmp)), top = 0, phase = 0, s = 0.1 * (seed % 11);
	struct reso f[3] = { { 0 } };

	for (unsigned i = 0; i < n; i++) {
		double t = (double)i / rate, x, env;
		double pitch = 175 + 85 * sin(2 * M_PI * 0.45 * t + s) * cos(2 * M_PI * 0.13 * t);

		/* vowels change every ~150 ms: formants sweep through the DTMF bands */
		reso_set(&f[0], 550 + 250 * sin(2 * M_PI * 1.7 * t + s), 80, rate);
		reso_set(&f[1], 1500 + 600 * sin(2 * M_PI * 1.1 * t + 2 * s), 110, rate);
		reso_set(&f[2], 2600 + 300 * sin(2 * M_PI * 0.7 * t), 160, rate);
		phase += pitch / rate;
		x = 0;
		if (phase >= 1) {
			phase -= 1;
			x = 1; /* one glottal pulse per period */
		}
		env = 0.5 + 0.5 * sin(2 * M_PI * 2.5 * t + s);
		tmp[i] = env * reso_run(&f[2], reso_run(&f[1], reso_run(&f[0], x)));
		top = fabs(tmp[i]) > top ? fabs(tmp[i]) : top;
	}
	for (unsigned i = 0; i < n; i++)
		out[i] = (int16_t)lrint(tmp[i] / top * peak);
	free(tmp);
}

void dsig_noise(int16_t *out, unsigned n, double rms, unsigned seed)
{
	uint32_t x = seed * 2654435761u + 1;

	for (unsigned i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		/* uniform in [-1, 1) has RMS 1/sqrt(3) */
		out[i] = (int16_t)lrint(rms * sqrt(3.0) * ((double)(x >> 8) / (1u << 23) - 1.0));
	}
}

double dsig_power(const int16_t *x, unsigned n)
{
	double e = 0;

	for (unsigned i = 0; i < n; i++)
		e += (double)x[i] * x[i];
	return n ? e / n : 0;
}

double dsig_dbov(const int16_t *x, unsigned n)
{
	double p = dsig_power(x, n);

	return p > 0 ? 10 * log10(p / (32768.0 * 32768.0)) : -200;
}

double dsig_goertzel(const int16_t *x, unsigned n, unsigned rate, double hz)
{
	double w = 2 * M_PI * hz / rate, c = 2 * cos(w), s1 = 0, s2 = 0;

	for (unsigned i = 0; i < n; i++) {
		double s0 = x[i] + c * s1 - s2;

		s2 = s1;
		s1 = s0;
	}
	return 2 * (s1 * s1 + s2 * s2 - c * s1 * s2) / ((double)n * n);
}

double dsig_snr(const int16_t *ref, const int16_t *x, unsigned n)
{
	double s = 0, e = 0;

	for (unsigned i = 0; i < n; i++) {
		double d = (double)x[i] - ref[i];

		s += (double)ref[i] * ref[i];
		e += d * d;
	}
	return e > 0 ? 10 * log10(s / e) : 200;
}

double dsig_zc_freq(const int16_t *x, unsigned n, unsigned rate)
{
	int first = -1, last = -1, count = 0;

	for (unsigned i = 1; i < n; i++)
		if (x[i - 1] < 0 && x[i] >= 0) {
			if (first < 0)
				first = (int)i;
			last = (int)i;
			count++;
		}
	return count > 1 ? (double)(count - 1) * rate / (last - first) : 0;
}
