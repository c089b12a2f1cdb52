/* SPDX-License-Identifier: BSD-3-Clause
 * Codec negotiation for a two-leg call: from each remote's offered codecs (SDP order)
 * and a policy, choose each leg's codec, telephone-event and CN payload types, and
 * whether media-core relays (possibly renumbering payload types) or transcodes.
 * Plain structs in and out; the control layer maps JSON to these.
 */
#ifndef MC_NEGOTIATE_H
#define MC_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mc_codec_registry.h"
#include "mc_fmtp.h"

#define MC_NEG_MAX_CODECS 32

struct mc_sdp_codec {
	int pt;           /* 0..127 */
	const char *name; /* SDP encoding name, any case */
	unsigned rate;    /* SDP clock rate */
	unsigned channels; /* 0 = 1 */
	const char *fmtp; /* may be NULL */
};

struct mc_neg_leg {
	const struct mc_sdp_codec *codecs; /* the remote's codecs in its order of preference */
	unsigned n_codecs;
	unsigned ptime; /* ms; 0 = 20 */
};

struct mc_neg_policy {
	uint32_t allowed;     /* bit (1u << enum mc_codec_id) per codec allowed; 0 = all */
	bool allow_transcode;
};

struct mc_neg_choice {
	int index;                        /* into the leg's codecs */
	int pt;
	const struct mc_codec_desc *desc; /* what the codec is */
	struct mc_fmtp fmtp;              /* the remote's fmtp for it, parsed */
	unsigned ptime;                   /* ms */
	int tevent_index, tevent_pt;      /* telephone-event at the codec's clock, -1 if none */
	int cn_index, cn_pt;              /* CN at the codec's clock, -1 if none */
};

struct mc_neg_result {
	struct mc_neg_choice leg[2];
	bool transcode;   /* chosen codecs (or their fmtp, or ptimes) differ */
	bool renumber_pt; /* relay, but the two legs use different payload type numbers */
};

/* Returns 0; -EINVAL for malformed input (the message names the field, e.g.
 * "legs[0].codecs[2].fmtp: bad value 'x' for maxplaybackrate"); -ENOTSUP when a leg
 * offers nothing usable or the legs cannot meet without transcoding when it is not allowed. */
int mc_negotiate(const struct mc_neg_leg legs[2], const struct mc_neg_policy *pol,
		 struct mc_neg_result *res, char *err, size_t errlen);

/* Whether two offers of the same codec can be relayed to each other unchanged. */
bool mc_neg_relay_compatible(const struct mc_codec_desc *a, const struct mc_fmtp *fa,
			     const struct mc_codec_desc *b, const struct mc_fmtp *fb);

#endif
