/* SPDX-License-Identifier: BSD-3-Clause
 * G.729A with Annex B via bcg729. A payload is zero or more 10-byte frames followed by
 * at most one 2-byte SID frame (RFC 3551 4.5.6). With annexb=yes the encoder's VAD
 * decides per 10 ms: speech (10 bytes), SID (2 bytes) or nothing.
 */
#include <stdlib.h>
#include <string.h>

#include <bcg729/decoder.h>
#include <bcg729/encoder.h>

#include "codec_impl.h"

#define G729_SAMPLES 80
#define G729_BYTES 10
#define G729_SID_BYTES 2

struct g729 {
	struct mc_codec head;
	bool vad;
	bcg729EncoderChannelContextStruct *enc;
	bcg729DecoderChannelContextStruct *dec;
};

static void g729_destroy(struct mc_codec *c)
{
	struct g729 *g = (struct g729 *)c;

	if (g->enc != NULL)
		closeBcg729EncoderChannel(g->enc);
	if (g->dec != NULL)
		closeBcg729DecoderChannel(g->dec);
	free(g);
}

/* bcg729 has no reset call: reset (never on the hot path) opens fresh channels. */
static void g729_reset(struct mc_codec *c)
{
	struct g729 *g = (struct g729 *)c;
	bcg729EncoderChannelContextStruct *e = initBcg729EncoderChannel(g->vad);
	bcg729DecoderChannelContextStruct *d = initBcg729DecoderChannel();

	if (e != NULL) {
		closeBcg729EncoderChannel(g->enc);
		g->enc = e;
	}
	if (d != NULL) {
		closeBcg729DecoderChannel(g->dec);
		g->dec = d;
	}
}

static struct mc_codec *g729_create(const struct mc_codec_params *p, const struct mc_fmtp *f,
				    char *err, size_t errlen)
{
	struct g729 *g;

	if ((p->pcm_rate != 0 && p->pcm_rate != 8000) || p->channels > 1) {
		MC_ERR(err, errlen, "G729: PCM must be 8000 Hz mono");
		return NULL;
	}
	g = calloc(1, sizeof(*g));
	if (g == NULL) {
		MC_ERR(err, errlen, "out of memory");
		return NULL;
	}
	g->vad = f->annexb;
	g->enc = initBcg729EncoderChannel(g->vad);
	g->dec = initBcg729DecoderChannel();
	if (g->enc == NULL || g->dec == NULL) {
		MC_ERR(err, errlen, "G729: bcg729 init failed");
		g729_destroy(&g->head);
		return NULL;
	}
	g->head.info = (struct mc_codec_info){
		.name = "G729", .pcm_rate = 8000, .channels = 1, .rtp_rate = 8000,
		.frame_us = 10000, .max_frame_us = 200000, .bitrate = 8000, .ptime_ms = f->ptime,
	};
	return &g->head;
}

/* Speech frames are packed in order; untransmitted frames are dropped and a SID, which
 * may only end a payload, is kept if no speech follows it in the same call. */
static int g729_encode(struct mc_codec *c, const int16_t *pcm, unsigned samples, uint8_t *out, size_t cap)
{
	struct g729 *g = (struct g729 *)c;
	uint8_t sid[G729_SID_BYTES];
	bool have_sid = false;
	size_t n = 0;

	for (unsigned off = 0; off < samples; off += G729_SAMPLES) {
		uint8_t frame[G729_BYTES], len = 0;

		bcg729Encoder(g->enc, pcm + off, frame, &len);
		if (len == G729_BYTES) {
			if (n + G729_BYTES > cap)
				return -ENOSPC;
			memcpy(out + n, frame, G729_BYTES);
			n += G729_BYTES;
			have_sid = false;
		} else if (len == G729_SID_BYTES) {
			memcpy(sid, frame, G729_SID_BYTES);
			have_sid = true;
		}
	}
	if (have_sid) {
		if (n + G729_SID_BYTES > cap)
			return -ENOSPC;
		memcpy(out + n, sid, G729_SID_BYTES);
		n += G729_SID_BYTES;
	}
	return (int)n;
}

static int g729_decode(struct mc_codec *c, const uint8_t *in, size_t len, int16_t *pcm, unsigned cap)
{
	struct g729 *g = (struct g729 *)c;
	size_t frames = len / G729_BYTES, rem = len % G729_BYTES;
	unsigned out = 0;

	if (rem != 0 && rem != G729_SID_BYTES)
		return -EINVAL;
	if ((frames + (rem != 0)) * G729_SAMPLES > cap)
		return -ENOSPC;
	for (size_t i = 0; i < frames; i++, out += G729_SAMPLES)
		bcg729Decoder(g->dec, in + i * G729_BYTES, G729_BYTES, 0, 0, 0, pcm + out);
	if (rem != 0) {
		bcg729Decoder(g->dec, in + frames * G729_BYTES, G729_SID_BYTES, 0, 1, 0, pcm + out);
		out += G729_SAMPLES;
	}
	return (int)out;
}

/* After a SID bcg729 treats an erasure as an untransmitted frame and keeps generating
 * comfort noise; after speech it extrapolates the last frame. */
static int g729_conceal(struct mc_codec *c, int16_t *pcm, unsigned samples)
{
	struct g729 *g = (struct g729 *)c;

	for (unsigned off = 0; off < samples; off += G729_SAMPLES)
		bcg729Decoder(g->dec, NULL, 0, 1, 0, 0, pcm + off);
	return (int)samples;
}

const struct mc_codec_ops mc_codec_g729_ops = {
	.create = g729_create, .destroy = g729_destroy, .encode = g729_encode,
	.decode = g729_decode, .conceal = g729_conceal, .reset = g729_reset,
};
