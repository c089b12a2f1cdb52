/* SPDX-License-Identifier: BSD-3-Clause
 * G.711 tables. The encoder tables cover every 16-bit input so the per-sample work is
 * a single lookup; they are derived from the segment/mantissa layout of G.711.
 */
#include "mc_g711.h"

#define ULAW_BIAS 0x84
#define ULAW_CLIP 0x7fff

uint8_t mc_g711_lin2ulaw[65536];
uint8_t mc_g711_lin2alaw[65536];
int16_t mc_g711_ulaw2lin[256];
int16_t mc_g711_alaw2lin[256];

/* Segment of a biased magnitude: 0 for < 256, 7 for < 32768, 8 when out of range. */
static int segment(int v)
{
	int seg = 0;

	for (v >>= 8; v != 0; v >>= 1)
		seg++;
	return seg;
}

static uint8_t ulaw_of(int x)
{
	int mag = x >= 0 ? x + ULAW_BIAS : ULAW_BIAS - x;
	int inv = x >= 0 ? 0xff : 0x7f; /* code bits are transmitted inverted */
	int seg = segment(mag);

	if (seg >= 8)
		return (uint8_t)(0x7f ^ inv);
	return (uint8_t)(((seg << 4) | ((mag >> (seg + 3)) & 0x0f)) ^ inv);
}

static uint8_t alaw_of(int x)
{
	int inv = x >= 0 ? 0xd5 : 0x55; /* even bits inverted, sign set for positive */
	int mag = x >= 0 ? x : -x - 1;
	int seg = segment(mag);

	if (seg >= 8)
		return (uint8_t)(0x7f ^ inv);
	return (uint8_t)(((seg << 4) | ((mag >> (seg ? seg + 3 : 4)) & 0x0f)) ^ inv);
}

static int16_t ulaw_value(uint8_t code)
{
	int u = (uint8_t)~code;
	int mag = ((((u & 0x0f) << 3) + ULAW_BIAS) << ((u & 0x70) >> 4)) - ULAW_BIAS;

	return (int16_t)((u & 0x80) ? -mag : mag);
}

static int16_t alaw_value(uint8_t code)
{
	int a = code ^ 0x55;
	int seg = (a & 0x70) >> 4;
	int mag = (a & 0x0f) << 4;

	mag = seg ? (mag + 0x108) << (seg - 1) : mag + 8;
	return (int16_t)((a & 0x80) ? mag : -mag);
}

__attribute__((constructor)) static void g711_tables(void)
{
	for (int x = -32768; x < 32768; x++) {
		mc_g711_lin2ulaw[(uint16_t)x] = ulaw_of(x);
		mc_g711_lin2alaw[(uint16_t)x] = alaw_of(x);
	}
	for (int c = 0; c < 256; c++) {
		mc_g711_ulaw2lin[c] = ulaw_value((uint8_t)c);
		mc_g711_alaw2lin[c] = alaw_value((uint8_t)c);
	}
}

void mc_g711_ulaw_encode(const int16_t *pcm, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = mc_g711_lin2ulaw[(uint16_t)pcm[i]];
}

void mc_g711_alaw_encode(const int16_t *pcm, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = mc_g711_lin2alaw[(uint16_t)pcm[i]];
}

void mc_g711_ulaw_decode(const uint8_t *in, int16_t *pcm, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pcm[i] = mc_g711_ulaw2lin[in[i]];
}

void mc_g711_alaw_decode(const uint8_t *in, int16_t *pcm, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pcm[i] = mc_g711_alaw2lin[in[i]];
}
