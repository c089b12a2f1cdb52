/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "run.h"

#define PAYMAX 4000

void run_stream(struct mc_codec *enc, struct mc_codec *dec, const int16_t *pcm, unsigned n,
		int16_t *out, const struct run_opts *o, struct run_res *r)
{
	unsigned ch = mc_codec_info(enc)->channels, nf = n / o->frame;
	uint8_t (*pay)[PAYMAX] = calloc(nf, PAYMAX);
	int *len = calloc(nf, sizeof(int));

	memset(r, 0, sizeof(*r));
	for (unsigned i = 0; i < nf; i++) {
		len[i] = mc_codec_encode(enc, pcm + (size_t)i * o->frame * ch, o->frame, pay[i], PAYMAX);
		if (len[i] < 0 && r->err == 0)
			r->err = len[i];
		r->frames++;
		r->ticks += mc_codec_rtp_ticks(enc, o->frame);
		if (len[i] > 0) {
			r->sent++;
			r->bytes += (unsigned long)len[i];
		}
	}
	for (unsigned i = 0; i < nf; i++) {
		int16_t *dst = out + (size_t)r->out * ch;
		bool drop = o->drop_every && i % o->drop_every == o->drop_every - 1;
		int got;

		if (drop || len[i] <= 0) {
			if (o->fec && i + 1 < nf && len[i + 1] > 0)
				got = mc_codec_decode_fec(dec, pay[i + 1], (size_t)len[i + 1], dst, o->frame);
			else
				got = mc_codec_conceal(dec, dst, o->frame);
		} else {
			got = mc_codec_decode(dec, pay[i], (size_t)len[i], dst, o->frame);
		}
		if (got < 0) {
			if (r->err == 0)
				r->err = got;
			got = 0;
		}
		r->out += (unsigned)got;
	}
	free(pay);
	free(len);
}
