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

struct g711 {
	struct mc_codec head;
	bool alaw;
	bool in_loss;      /* the PLC is primed and the last frame was concealed */
	unsigned hist_len; /* valid bytes at the end of hist */
	uint8_t hist[HIST];
	plc_state_t plc;
};

static void law_reset(struct mc_codec *c)
{
	struct g711 *g = (struct g711 *)c;

	g->in_loss = false;
	g->hist_len = 0;
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

static void keep_history(struct g711 *g, const uint8_t *in, size_t len)
{
	if (len >= HIST) {
		memcpy(g->hist, in + len - HIST, HIST);
		g->hist_len = HIST;
		return;
	}
	memmove(g->hist, g->hist + len, HIST - len);
	memcpy(g->hist + HIST - len, in, len);
	g->hist_len = g->hist_len + len > HIST ? HIST : g->hist_len + (unsigned)len;
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
	if (g->in_loss) {
		/* spandsp cross-fades the first good frame into the concealed signal */
		plc_rx(&g->plc, pcm, (int)len);
		g->in_loss = false;
	}
	keep_history(g, in, len);
	return (int)len;
}

static int law_conceal(struct mc_codec *c, int16_t *pcm, unsigned samples)
{
	struct g711 *g = (struct g711 *)c;

	if (!g->in_loss) {
		int16_t past[HIST];
		const uint8_t *h = g->hist + HIST - g->hist_len;

		plc_init(&g->plc);
		if (g->alaw)
			mc_g711_alaw_decode(h, past, g->hist_len);
		else
			mc_g711_ulaw_decode(h, past, g->hist_len);
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
