/* SPDX-License-Identifier: BSD-3-Clause
 * Registry of supported codecs. Cost figures follow the measured per-frame budget
 * (docs/performance.md): G.711 ~0.15 us, G.722 ~22 us, G.729A ~52 us, Opus ~234 us
 * for encode plus decode of 20 ms.
 */
#include <stddef.h>
#include <strings.h>

#include "mc_codec_registry.h"

static const struct mc_codec_desc registry[] = {
	{ MC_CODEC_PCMU, "PCMU", 8000, 1, 0, true, "", 8000, 1 },
	{ MC_CODEC_PCMA, "PCMA", 8000, 1, 8, true, "", 8000, 1 },
	{ MC_CODEC_G722, "G722", 8000, 1, 9, true, "", 16000, 150 },
	{ MC_CODEC_G729, "G729", 8000, 1, 18, true, "annexb=yes", 8000, 340 },
	{ MC_CODEC_OPUS, "opus", 48000, 2, 111, false, "minptime=10;useinbandfec=1", 48000, 1500 },
	{ MC_CODEC_L16, "L16", 8000, 1, 118, false, "", 8000, 1 },
	{ MC_CODEC_L16, "L16", 16000, 1, 119, false, "", 16000, 1 },
	{ MC_CODEC_L16, "L16", 48000, 1, 120, false, "", 48000, 1 },
	{ MC_CODEC_TEVENT, "telephone-event", 8000, 1, 101, false, "0-16", 8000, 0 },
	{ MC_CODEC_TEVENT, "telephone-event", 16000, 1, 102, false, "0-16", 16000, 0 },
	{ MC_CODEC_TEVENT, "telephone-event", 48000, 1, 103, false, "0-16", 48000, 0 },
	{ MC_CODEC_CN, "CN", 8000, 1, 13, true, "", 8000, 1 },
};

#define N_REG (sizeof(registry) / sizeof(registry[0]))

unsigned mc_codec_registry_count(void)
{
	return N_REG;
}

const struct mc_codec_desc *mc_codec_registry_at(unsigned i)
{
	return i < N_REG ? &registry[i] : NULL;
}

const struct mc_codec_desc *mc_codec_lookup(const char *name, unsigned rate, unsigned channels)
{
	if (name == NULL)
		return NULL;
	if (channels == 0)
		channels = 1;
	for (unsigned i = 0; i < N_REG; i++) {
		const struct mc_codec_desc *d = &registry[i];
		bool ch_ok = channels == d->channels || (d->id == MC_CODEC_OPUS && channels == 1);

		if (strcasecmp(name, d->name) == 0 && rate == d->rate && ch_ok)
			return d;
	}
	return NULL;
}

struct mc_codec_params mc_codec_desc_params(const struct mc_codec_desc *d, const char *fmtp)
{
	return (struct mc_codec_params){
		.id = d->id, .pcm_rate = d->pcm_rate, .channels = 1, .fmtp = fmtp,
	};
}
