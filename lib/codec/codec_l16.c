/* SPDX-License-Identifier: BSD-3-Clause
 * L16 (RFC 3551): 16-bit linear PCM in network byte order, at 8, 16 or 48 kHz, mono or
 * stereo (interleaved). Losses are filled by spandsp's PLC per channel.
 */
#include <stdlib.h>

#include <spandsp.h>

#include "codec_impl.h"

#define L16_MAX_US 120000
#define L16_MAX_SAMPLES (48000 * (L16_MAX_US / 1000) / 1000)

struct l16 {
	struct mc_codec head;
	unsigned ch;
	plc_state_t plc[2];
	int16_t scratch[L16_MAX_SAMPLES]; /* one channel, de-interleaved */
};

static void l16_reset(struct mc_codec *c)
{
	struct l16 *l = (struct l16 *)c;

	plc_init(&l->plc[0]);
	plc_init(&l->plc[1]);
}

static struct mc_codec *l16_create(const struct mc_codec_params *p, const struct mc_fmtp *f,
				   char *err, size_t errlen)
{
	unsigned rate = p->pcm_rate ? p->pcm_rate : 8000, ch = p->channels ? p->channels : 1;
	struct l16 *l;

	if ((rate != 8000 && rate != 16000 && rate != 48000) || ch > 2) {
		MC_ERR(err, errlen, "L16: rate %u/%u channels unsupported (8000, 16000, 48000; 1 or 2)", rate, ch);
		return NULL;
	}
	l = calloc(1, sizeof(*l));
	if (l == NULL) {
		MC_ERR(err, errlen, "out of memory");
		return NULL;
	}
	l->ch = ch;
	l->head.info = (struct mc_codec_info){
		.name = "L16", .pcm_rate = rate, .channels = ch, .rtp_rate = rate,
		.frame_us = 1000, .max_frame_us = L16_MAX_US, .bitrate = rate * 16 * ch, .ptime_ms = f->ptime,
	};
	l16_reset(&l->head);
	return &l->head;
}

static void l16_destroy(struct mc_codec *c)
{
	free(c);
}

static int l16_encode(struct mc_codec *c, const int16_t *pcm, unsigned samples, uint8_t *out, size_t cap)
{
	unsigned n = samples * ((struct l16 *)c)->ch;

	if (cap < (size_t)n * 2)
		return -ENOSPC;
	for (unsigned i = 0; i < n; i++) {
		uint16_t v = (uint16_t)pcm[i];

		out[2 * i] = (uint8_t)(v >> 8);
		out[2 * i + 1] = (uint8_t)v;
	}
	return (int)(n * 2);
}

/* Runs one channel of interleaved PCM through fn (plc_rx or plc_fillin). */
static void per_channel(struct l16 *l, int16_t *pcm, unsigned samples,
			int (*fn)(plc_state_t *, int16_t *, int))
{
	if (l->ch == 1) {
		fn(&l->plc[0], pcm, (int)samples);
		return;
	}
	for (unsigned c = 0; c < 2; c++) {
		for (unsigned i = 0; i < samples; i++)
			l->scratch[i] = pcm[2 * i + c];
		fn(&l->plc[c], l->scratch, (int)samples);
		for (unsigned i = 0; i < samples; i++)
			pcm[2 * i + c] = l->scratch[i];
	}
}

static int l16_decode(struct mc_codec *c, const uint8_t *in, size_t len, int16_t *pcm, unsigned cap)
{
	struct l16 *l = (struct l16 *)c;
	size_t n = len / 2;
	unsigned samples = (unsigned)(n / l->ch);

	if (len % (2 * l->ch) != 0)
		return -EINVAL;
	if (samples > cap || samples > L16_MAX_SAMPLES)
		return -ENOSPC;
	for (size_t i = 0; i < n; i++)
		pcm[i] = (int16_t)(uint16_t)((in[2 * i] << 8) | in[2 * i + 1]);
	per_channel(l, pcm, samples, plc_rx);
	return (int)samples;
}

static int l16_conceal(struct mc_codec *c, int16_t *pcm, unsigned samples)
{
	per_channel((struct l16 *)c, pcm, samples, plc_fillin);
	return (int)samples;
}

const struct mc_codec_ops mc_codec_l16_ops = {
	.create = l16_create, .destroy = l16_destroy, .encode = l16_encode,
	.decode = l16_decode, .conceal = l16_conceal, .reset = l16_reset,
};
