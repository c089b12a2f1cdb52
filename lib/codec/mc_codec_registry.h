/* SPDX-License-Identifier: BSD-3-Clause
 * The codecs media-core offers: what /mc/caps reports and what negotiation matches
 * SDP rtpmap entries against.
 */
#ifndef MC_CODEC_REGISTRY_H
#define MC_CODEC_REGISTRY_H

#include <stdbool.h>

#include "mc_codec.h"

struct mc_codec_desc {
	enum mc_codec_id id;
	const char *name;      /* SDP encoding name, as media-core writes it */
	unsigned rate;         /* RTP clock rate (SDP rtpmap rate) */
	unsigned channels;     /* SDP channels (opus: always 2, RFC 7587) */
	int pt;                /* static payload type, or media-core's default dynamic one */
	bool static_pt;
	const char *fmtp;      /* default fmtp media-core offers, "" if none */
	unsigned pcm_rate;     /* natural PCM rate of the codec object */
	unsigned cost;         /* relative CPU cost of encode+decode of 20 ms; G.711 = 1 */
};

unsigned mc_codec_registry_count(void);
/* NULL past the end. */
const struct mc_codec_desc *mc_codec_registry_at(unsigned i);

/* Match an SDP rtpmap: name case-insensitive, rate exact, channels 0 meaning 1.
 * Opus is matched with channels 1 or 2 (SDP must say 2, lenient on omission). NULL if unknown. */
const struct mc_codec_desc *mc_codec_lookup(const char *name, unsigned rate, unsigned channels);

/* Parameters for mc_codec_create() for this entry at its natural rate. */
struct mc_codec_params mc_codec_desc_params(const struct mc_codec_desc *d, const char *fmtp);

#endif
