/* SPDX-License-Identifier: BSD-3-Clause
 * SDP fmtp parsing for the codecs media-core negotiates ("k=v; k=v"). Keys are
 * case-insensitive; unknown keys are ignored as SDP requires; a known key with a bad
 * value is an error that names the key and the value.
 */
#ifndef MC_FMTP_H
#define MC_FMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mc_codec.h"

struct mc_fmtp {
	/* any codec */
	unsigned ptime;                /* ms, 0 = absent */
	unsigned maxptime;             /* ms, 0 = absent */
	unsigned minptime;             /* ms, 0 = absent */
	/* G.729 (RFC 4856): Annex B, default yes */
	bool annexb;
	/* Opus (RFC 7587); defaults as the RFC states */
	unsigned maxplaybackrate;      /* 8000..48000, default 48000 */
	unsigned sprop_maxcapturerate; /* 8000..48000, default 48000 */
	unsigned maxaveragebitrate;    /* 6000..510000, 0 = absent */
	bool stereo, sprop_stereo, useinbandfec, usedtx, cbr;
	/* telephone-event (RFC 4733): events offered, one bit per event code 0..255 */
	uint64_t events[4];
};

/* Parses `fmtp` (NULL or "" allowed) for codec `id`, defaults first.
 * Returns 0 or -EINVAL with e.g. "bad value 'x' for maxplaybackrate" in err. */
int mc_fmtp_parse(enum mc_codec_id id, const char *fmtp, struct mc_fmtp *out, char *err, size_t errlen);

static inline bool mc_fmtp_has_event(const struct mc_fmtp *f, unsigned ev)
{
	return ev < 256 && (f->events[ev >> 6] >> (ev & 63)) & 1u;
}

#endif
