/* SPDX-License-Identifier: BSD-3-Clause
 * G.722 at 64 kbit/s via spandsp. PCM is 16 kHz but the RTP clock is 8000 (RFC 3551
 * keeps the historical error), so one payload byte is two samples and one tick.
 * spandsp's G.722 has no concealment of its own: its generic PLC fills losses.
 */
#include <stdlib.h>

#include <spandsp.h>

#include "codec_impl.h"

struct g722 {
	struct mc_codec head;
	g722_encode_state_t *enc;
	g722_decode_state_t *dec;
	plc_state_t plc;
};

static void g722_reset(struct mc_codec *c)
{
	struct g722 *g = (struct g722 *)c;

	/* re-init in place: spandsp only allocates when given NULL */
	g722_encode_init(g->enc, 64000, 0);
	g722_decode_init(g->dec, 64000, 0);
	plc_init(&g->plc);
}

static void g722_destroy(struct mc_codec *c)
{
	struct g722 *g = (struct g722 *)c;

	if (g->enc != NULL)
		g722_encode_free(g->enc);
	if (g->dec != NULL)
		g722_decode_free(g->dec);
	free(g);
}

static struct mc_codec *g722_create(const struct mc_codec_params *p, const struct mc_fmtp *f,
				    char *err, size_t errlen)
{
	struct g722 *g;

	if ((p->pcm_rate != 0 && p->pcm_rate != 16000) || p->channels > 1) {
		MC_ERR(err, errlen, "G722: PCM must be 16000 Hz mono");
		return NULL;
	}
	g = calloc(1, sizeof(*g));
	if (g == NULL) {
		MC_ERR(err, errlen, "out of memory");
		return NULL;
	}
	g->enc = g722_encode_init(NULL, 64000, 0);
	g->dec = g722_decode_init(NULL, 64000, 0);
	if (g->enc == NULL || g->dec == NULL) {
		MC_ERR(err, errlen, "G722: spandsp init failed");
		g722_destroy(&g->head);
		return NULL;
	}
	g->head.info = (struct mc_codec_info){
		.name = "G722", .pcm_rate = 16000, .channels = 1, .rtp_rate = 8000,
		.frame_us = 125, .max_frame_us = 200000, .bitrate = 64000, .ptime_ms = f->ptime,
	};
	plc_init(&g->plc);
	return &g->head;
}

static int g722_enc(struct mc_codec *c, const int16_t *pcm, unsigned samples, uint8_t *out, size_t cap)
{
	if (cap < samples / 2)
		return -ENOSPC;
	return g722_encode(((struct g722 *)c)->enc, out, pcm, (int)samples);
}

static int g722_dec(struct mc_codec *c, const uint8_t *in, size_t len, int16_t *pcm, unsigned cap)
{
	struct g722 *g = (struct g722 *)c;
	int n;

	if (len * 2 > cap)
		return -ENOSPC;
	n = g722_decode(g->dec, pcm, in, (int)len);
	plc_rx(&g->plc, pcm, n);
	return n;
}

static int g722_conceal(struct mc_codec *c, int16_t *pcm, unsigned samples)
{
	return plc_fillin(&((struct g722 *)c)->plc, pcm, (int)samples);
}

const struct mc_codec_ops mc_codec_g722_ops = {
	.create = g722_create, .destroy = g722_destroy, .encode = g722_enc,
	.decode = g722_dec, .conceal = g722_conceal, .reset = g722_reset,
};
