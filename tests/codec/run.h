/* SPDX-License-Identifier: BSD-3-Clause
 * Runs a signal through a codec pair frame by frame the way a media leg would:
 * encode each frame to a payload, then decode, conceal lost frames or recover them
 * by FEC from the next payload.
 */
#ifndef MC_TEST_RUN_H
#define MC_TEST_RUN_H

#include <stdbool.h>

#include "mc_codec.h"

struct run_opts {
	unsigned frame;      /* samples per channel per packet */
	unsigned drop_every; /* drop packet i when i % drop_every == drop_every - 1; 0 none */
	bool fec;            /* recover drops by mc_codec_decode_fec from the next payload */
};

struct run_res {
	unsigned frames;     /* packets produced */
	unsigned sent;       /* packets with a payload (not DTX) */
	unsigned out;        /* samples per channel decoded or concealed */
	unsigned long ticks; /* sum of RTP timestamp increments of the packets */
	unsigned long bytes; /* payload bytes */
	int err;             /* first negative return seen, 0 if none */
};

/* enc and dec may be the same object. n is per channel; out holds n*channels. */
void run_stream(struct mc_codec *enc, struct mc_codec *dec, const int16_t *pcm, unsigned n,
		int16_t *out, const struct run_opts *o, struct run_res *r);

#endif
