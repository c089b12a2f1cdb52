/* SPDX-License-Identifier: BSD-3-Clause
 * RFC 3389 comfort noise: a SID payload is a noise level (-dBov) and optionally
 * quantised reflection coefficients of an all-pole spectral envelope.
 * Conventions here: level L means an RMS of 32768 * 10^(-L/20); reflection coefficient
 * byte b means k = (b - 127) / 128, with A(z) = 1 + a1 z^-1 + ... built from k by the
 * Levinson step-up recursion (k_i = a_i of order i).
 */
#ifndef MC_CN_H
#define MC_CN_H

#include <stddef.h>
#include <stdint.h>

#define MC_CN_MAX_ORDER 10

struct mc_cn_sid {
	uint8_t level;  /* 0..127 -dBov */
	unsigned order; /* 0..MC_CN_MAX_ORDER */
	double k[MC_CN_MAX_ORDER];
};

/* 0, or -EINVAL for an empty payload or a level byte with its reserved bit set.
 * Coefficients past MC_CN_MAX_ORDER are ignored. */
int mc_cn_parse(const uint8_t *p, size_t len, struct mc_cn_sid *sid);
/* Bytes written (1 + order) or -ENOSPC / -EINVAL. */
int mc_cn_build(const struct mc_cn_sid *sid, uint8_t *out, size_t cap);
/* Level and spectral envelope (order 0..MC_CN_MAX_ORDER) of a stretch of noise. */
int mc_cn_analyse(const int16_t *pcm, unsigned n, unsigned order, struct mc_cn_sid *sid);

/* Comfort noise generator; state is plain data, running it never allocates. */
struct mc_cn_gen {
	unsigned order;
	double a[MC_CN_MAX_ORDER + 1];
	double mem[MC_CN_MAX_ORDER];
	double gain; /* excitation amplitude */
	uint32_t seed;
};

void mc_cn_gen_init(struct mc_cn_gen *g, uint32_t seed);
/* Takes a new SID (keeps the filter memory so the noise does not click). */
void mc_cn_gen_update(struct mc_cn_gen *g, const struct mc_cn_sid *sid);
void mc_cn_gen_run(struct mc_cn_gen *g, int16_t *pcm, unsigned n);

#endif
