/* SPDX-License-Identifier: BSD-3-Clause
 * The codec interface: argument checks shared by every codec, then the vtable call.
 */
#include <stdlib.h>

#include "codec_impl.h"

static const struct mc_codec_ops *const ops_by_id[MC_CODEC_COUNT] = {
	[MC_CODEC_PCMU] = &mc_codec_pcmu_ops,
	[MC_CODEC_PCMA] = &mc_codec_pcma_ops,
	[MC_CODEC_G722] = &mc_codec_g722_ops,
	[MC_CODEC_G729] = &mc_codec_g729_ops,
	[MC_CODEC_OPUS] = &mc_codec_opus_ops,
	[MC_CODEC_L16] = &mc_codec_l16_ops,
};

struct mc_codec *mc_codec_create(const struct mc_codec_params *p, char *err, size_t errlen)
{
	struct mc_codec *c;
	struct mc_fmtp f;
	char ferr[160];

	if (p == NULL || (unsigned)p->id >= MC_CODEC_COUNT || ops_by_id[p->id] == NULL) {
		MC_ERR(err, errlen, "codec: not an audio codec with an encoder/decoder");
		return NULL;
	}
	if (p->complexity > 10) {
		MC_ERR(err, errlen, "complexity: %u out of range 0..10", p->complexity);
		return NULL;
	}
	if (mc_fmtp_parse(p->id, p->fmtp, &f, ferr, sizeof(ferr)) < 0) {
		MC_ERR(err, errlen, "fmtp: %s", ferr);
		return NULL;
	}
	c = ops_by_id[p->id]->create(p, &f, err, errlen);
	if (c != NULL) {
		c->ops = ops_by_id[p->id];
		c->id = p->id;
	}
	return c;
}

void mc_codec_destroy(struct mc_codec *c)
{
	if (c != NULL)
		c->ops->destroy(c);
}

int mc_codec_encode(struct mc_codec *c, const int16_t *pcm, unsigned samples, uint8_t *out, size_t cap)
{
	if (pcm == NULL || out == NULL || !mc_codec_frame_ok(c, samples))
		return -EINVAL;
	return c->ops->encode(c, pcm, samples, out, cap);
}

int mc_codec_decode(struct mc_codec *c, const uint8_t *payload, size_t len, int16_t *pcm, unsigned cap)
{
	if (payload == NULL || len == 0 || pcm == NULL)
		return -EINVAL;
	return c->ops->decode(c, payload, len, pcm, cap);
}

int mc_codec_conceal(struct mc_codec *c, int16_t *pcm, unsigned samples)
{
	if (pcm == NULL || !mc_codec_frame_ok(c, samples))
		return -EINVAL;
	return c->ops->conceal(c, pcm, samples);
}

int mc_codec_decode_fec(struct mc_codec *c, const uint8_t *next, size_t len, int16_t *pcm, unsigned samples)
{
	if (pcm == NULL || !mc_codec_frame_ok(c, samples))
		return -EINVAL;
	if (c->ops->decode_fec == NULL || next == NULL || len == 0)
		return c->ops->conceal(c, pcm, samples);
	return c->ops->decode_fec(c, next, len, pcm, samples);
}

void mc_codec_reset(struct mc_codec *c)
{
	c->ops->reset(c);
}

const struct mc_codec_info *mc_codec_info(const struct mc_codec *c)
{
	return &c->info;
}

enum mc_codec_id mc_codec_id(const struct mc_codec *c)
{
	return c->id;
}

bool mc_codec_frame_ok(const struct mc_codec *c, unsigned samples)
{
	unsigned gran = mc_us_samples(c->info.pcm_rate, c->info.frame_us);
	unsigned max = mc_us_samples(c->info.pcm_rate, c->info.max_frame_us);

	if (c->ops->frame_ok != NULL)
		return c->ops->frame_ok(c, samples);
	return samples > 0 && gran > 0 && samples % gran == 0 && samples <= max;
}

uint32_t mc_codec_rtp_ticks(const struct mc_codec *c, unsigned samples)
{
	return (uint32_t)((uint64_t)samples * c->info.rtp_rate / c->info.pcm_rate);
}
