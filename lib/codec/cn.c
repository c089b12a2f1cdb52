/* SPDX-License-Identifier: BSD-3-Clause
 * RFC 3389 comfort noise: SID payload format, analysis by autocorrelation and
 * Levinson-Durbin, synthesis by white noise through the all-pole envelope with the
 * excitation scaled so the output power matches the SID level.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "mc_cn.h"

#define K_LIMIT 0.99 /* keeps the synthesis filter stable after quantisation */

int mc_cn_parse(const uint8_t *p, size_t len, struct mc_cn_sid *sid)
{
	if (p == NULL || len < 1 || (p[0] & 0x80))
		return -EINVAL;
	sid->level = p[0];
	sid->order = (unsigned)(len - 1 > MC_CN_MAX_ORDER ? MC_CN_MAX_ORDER : len - 1);
	for (unsigned i = 0; i < sid->order; i++)
		sid->k[i] = ((int)p[i + 1] - 127) / 128.0;
	return 0;
}

int mc_cn_build(const struct mc_cn_sid *sid, uint8_t *out, size_t cap)
{
	if (sid->level > 127 || sid->order > MC_CN_MAX_ORDER)
		return -EINVAL;
	if (cap < 1 + sid->order)
		return -ENOSPC;
	out[0] = sid->level;
	for (unsigned i = 0; i < sid->order; i++) {
		long b = lrint(sid->k[i] * 128) + 127;

		out[i + 1] = (uint8_t)(b < 0 ? 0 : b > 255 ? 255 : b);
	}
	return (int)(1 + sid->order);
}

int mc_cn_analyse(const int16_t *pcm, unsigned n, unsigned order, struct mc_cn_sid *sid)
{
	double r[MC_CN_MAX_ORDER + 1] = { 0 }, a[MC_CN_MAX_ORDER + 1] = { 1 }, err, lvl;

	if (pcm == NULL || n <= order || order > MC_CN_MAX_ORDER)
		return -EINVAL;
	for (unsigned l = 0; l <= order; l++)
		for (unsigned i = l; i < n; i++)
			r[l] += (double)pcm[i] * pcm[i - l];
	lvl = r[0] > 0 ? -10 * log10(r[0] / n / (32768.0 * 32768.0)) : 127;
	sid->level = (uint8_t)(lvl > 127 ? 127 : lvl < 0 ? 0 : lrint(lvl));
	sid->order = order;
	err = r[0];
	for (unsigned i = 1; i <= order; i++) {
		double acc = r[i], k, tmp[MC_CN_MAX_ORDER + 1];

		for (unsigned j = 1; j < i; j++)
			acc += a[j] * r[i - j];
		k = err > 0 ? -acc / err : 0;
		k = k > K_LIMIT ? K_LIMIT : k < -K_LIMIT ? -K_LIMIT : k;
		memcpy(tmp, a, sizeof(tmp));
		for (unsigned j = 1; j < i; j++)
			a[j] = tmp[j] + k * tmp[i - j];
		a[i] = k;
		err *= 1 - k * k;
		sid->k[i - 1] = k;
	}
	return 0;
}

void mc_cn_gen_init(struct mc_cn_gen *g, uint32_t seed)
{
	memset(g, 0, sizeof(*g));
	g->a[0] = 1;
	g->seed = seed ? seed : 1;
}

void mc_cn_gen_update(struct mc_cn_gen *g, const struct mc_cn_sid *sid)
{
	double rms = 32768.0 * pow(10, -sid->level / 20.0), pred = 1;
	double a[MC_CN_MAX_ORDER + 1] = { 1 };

	for (unsigned i = 1; i <= sid->order; i++) {
		double k = sid->k[i - 1], tmp[MC_CN_MAX_ORDER + 1];

		k = k > K_LIMIT ? K_LIMIT : k < -K_LIMIT ? -K_LIMIT : k;
		memcpy(tmp, a, sizeof(tmp));
		for (unsigned j = 1; j < i; j++)
			a[j] = tmp[j] + k * tmp[i - j];
		a[i] = k;
		pred *= 1 - k * k;
	}
	if (sid->order < g->order)
		memset(g->mem + sid->order, 0, (g->order - sid->order) * sizeof(g->mem[0]));
	memcpy(g->a, a, sizeof(a));
	g->order = sid->order;
	/* uniform noise in [-1, 1) has variance 1/3; the filter multiplies power by 1/pred */
	g->gain = rms * sqrt(3.0 * pred);
}

void mc_cn_gen_run(struct mc_cn_gen *g, int16_t *pcm, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		double y;

		g->seed = g->seed * 1664525u + 1013904223u;
		y = g->gain * ((double)(g->seed >> 8) / (1u << 23) - 1.0);
		for (unsigned j = 1; j <= g->order; j++)
			y -= g->a[j] * g->mem[j - 1];
		memmove(g->mem + 1, g->mem, (g->order ? g->order - 1 : 0) * sizeof(g->mem[0]));
		if (g->order)
			g->mem[0] = y;
		pcm[i] = (int16_t)(y > 32767 ? 32767 : y < -32768 ? -32768 : lrint(y));
	}
}
