/* SPDX-License-Identifier: BSD-3-Clause
 * PCMU and PCMA (RFC 3551, 8 kHz, one byte per sample) on the G.711 tables.
 * Concealment is spandsp's pitch-repeating PLC. Feeding it every decoded frame would
 * cost more than the decode itself, so the decoder only keeps the last payload bytes
 * and primes the PLC from them when a loss actually happens.
 */
#include <stdlib.h>
#include <string.h>

#include <spandsp.h>

#include "codec_impl.h"
#include "mc_g711.h"

#define HIST PLC_HISTORY_LEN
#define RING 512 /* power of two >= HIST: the index wraps with a mask */

struct g711 {
	struct mc_codec head;
	bool alaw;
	bool in_loss;      /* the PLC is primed and the last frame was concealed */
	unsigned hist_len; /* valid bytes in the ring */
	unsigned hist_pos; /* next write position, masked with RING - 1 */
	uint8_t hist[RING];
	plc_state_t plc;
};

static void law_reset(struct mc_codec *c)
{
	struct g711 *g = (struct g711 *)c;

	g->in_loss = false;
	g->hist_len = 0;
	g->hist_pos = 0;
	plc_init(&g->plc);
}

static struct mc_codec *law_create(const struct mc_codec_params *p, const struct mc_fmtp *f,
				    char *err, size_t errlen, bool alaw)
{
	struct g711 *g;

	if ((p->pcm_rate != 0 && p->pcm_rate != 8000) || p->channels > 1) {
		MC_ERR(err, errlen, "%s: PCM must be 8000 Hz mono", alaw ? "PCMA" : "PCMU");
		return NULL;
	}
	g = calloc(1, sizeof(*g));
	if (g == NULL) {
		MC_ERR(err, errlen, "out of memory");
		return NULL;
	}
	g->alaw = alaw;
	g->head.info = (struct mc_codec_info){
		.name = alaw ? "PCMA" : "PCMU", .pcm_rate = 8000, .channels = 1, .rtp_rate = 8000,
		.frame_us = 125, .max_frame_us = 200000, .bitrate = 64000, .ptime_ms = f->ptime,
	};
	law_reset(&g->head);
	return &g->head;
}

static struct mc_codec *pcmu_create(const struct mc_codec_params *p, const struct mc_fmtp *f, char *err, size_t errlen)
{
	return law_create(p, f, err, errlen, false);
}

static struct mc_codec *pcma_create(const struct mc_codec_params *p, const struct mc_fmtp *f, char *err, size_t errlen)
{
	return law_create(p, f, err, errlen, true);
}

static void law_destroy(struct mc_codec *c)
{
	free(c);
}

static int law_encode(struct mc_codec *c, const int16_t *pcm, unsigned samples, uint8_t *out, size_t cap)
{
	if (cap < samples)
		return -ENOSPC;
	if (((struct g711 *)c)->alaw)
		mc_g711_alaw_encode(pcm, out, samples);
	else
		mc_g711_ulaw_encode(pcm, out, samples);
	return (int)samples;
}

/* A ring of payload bytes: at most two copies per frame, nothing moved. */
static void keep_history(struct g711 *g, const uint8_t *in, size_t len)
{
	unsigned pos = g->hist_pos;
	size_t first;

	if (len > RING) {
		in += len - RING;
		len = RING;
	}
	first = RING - pos < len ? RING - pos : len;
	memcpy(g->hist + pos, in, first);
	memcpy(g->hist, in + first, len - first);
	g->hist_pos = (pos + (unsigned)len) & (RING - 1);
	g->hist_len = g->hist_len + len > HIST ? HIST : g->hist_len + (unsigned)len;
}

/* The ring in time order, decoded. */
static void past_audio(const struct g711 *g, int16_t *past)
{
	unsigned start = g->hist_pos - g->hist_len;

	for (unsigned i = 0; i < g->hist_len; i++) {
		uint8_t b = g->hist[(start + i) & (RING - 1)];

		past[i] = g->alaw ? mc_g711_alaw_dec1(b) : mc_g711_ulaw_dec1(b);
	}
}

static int law_decode(struct mc_codec *c, const uint8_t *in, size_t len, int16_t *pcm, unsigned cap)
{
	struct g711 *g = (struct g711 *)c;

	if (len > cap)
		return -ENOSPC;
	if (g->alaw)
		mc_g711_alaw_decode(in, pcm, len);
	else
		mc_g711_ulaw_decode(in, pcm, len);
	keep_history(g, in, len);
	if (g->in_loss) {
		/* spandsp cross-fades the first good frame into the concealed signal */
		plc_rx(&g->plc, pcm, (int)len);
		g->in_loss = false;
	}
	return (int)len;
}

static int law_conceal(struct mc_codec *c, int16_t *pcm, unsigned samples)
{
	struct g711 *g = (struct g711 *)c;

	if (!g->in_loss) {
		int16_t past[HIST];

		plc_init(&g->plc);
		past_audio(g, past);
		if (g->hist_len > 0)
			plc_rx(&g->plc, past, (int)g->hist_len);
		g->in_loss = true;
	}
	plc_fillin(&g->plc, pcm, (int)samples);
	return (int)samples;
}

const struct mc_codec_ops mc_codec_pcmu_ops = {
	.create = pcmu_create, .destroy = law_destroy, .encode = law_encode,
	.decode = law_decode, .conceal = law_conceal, .reset = law_reset,
};

const struct mc_codec_ops mc_codec_pcma_ops = {
	.create = pcma_create, .destroy = law_destroy, .encode = law_encode,
	.decode = law_decode, .conceal = law_conceal, .reset = law_reset,
};
