/* SPDX-License-Identifier: BSD-3-Clause
 * G.711 mu-law and A-law by table lookup (ITU-T G.711, bit-exact). The tables are
 * built once at program start; every call after that is one load per sample.
 */
#ifndef MC_G711_H
#define MC_G711_H

#include <stddef.h>
#include <stdint.h>

extern uint8_t mc_g711_lin2ulaw[65536];
extern uint8_t mc_g711_lin2alaw[65536];
extern int16_t mc_g711_ulaw2lin[256];
extern int16_t mc_g711_alaw2lin[256];

static inline uint8_t mc_g711_ulaw_enc1(int16_t x) { return mc_g711_lin2ulaw[(uint16_t)x]; }
static inline uint8_t mc_g711_alaw_enc1(int16_t x) { return mc_g711_lin2alaw[(uint16_t)x]; }
static inline int16_t mc_g711_ulaw_dec1(uint8_t c) { return mc_g711_ulaw2lin[c]; }
static inline int16_t mc_g711_alaw_dec1(uint8_t c) { return mc_g711_alaw2lin[c]; }

void mc_g711_ulaw_encode(const int16_t *pcm, uint8_t *out, size_t n);
void mc_g711_alaw_encode(const int16_t *pcm, uint8_t *out, size_t n);
void mc_g711_ulaw_decode(const uint8_t *in, int16_t *pcm, size_t n);
void mc_g711_alaw_decode(const uint8_t *in, int16_t *pcm, size_t n);

#endif
