/* SPDX-License-Identifier: BSD-3-Clause
 * speexdsp resampler behind a frame-exact interface (see mc_resample.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <speex/speex_resampler.h>

#include "dsp_impl.h"
#include "mc_resample.h"

struct mc_resampler {
	SpeexResamplerState *st;
	unsigned in_rate, out_rate, max_in;
	unsigned latency;
};

struct mc_resampler *mc_resampler_create(unsigned in_rate, unsigned out_rate, int quality,
					 unsigned max_in, char *err, size_t errlen)
{
	struct mc_resampler *r;
	int e = 0;

	if (quality < 0)
		quality = MC_RESAMPLER_QUALITY_DEFAULT;
	if (in_rate < 1000 || out_rate < 1000 || in_rate > 192000 || out_rate > 192000) {
		mc_dsp_err(err, errlen, "resampler: rates %u -> %u out of range", in_rate, out_rate);
		return NULL;
	}
	if (quality > SPEEX_RESAMPLER_QUALITY_MAX) {
		mc_dsp_err(err, errlen, "resampler: quality %u above %u", (unsigned)quality,
			SPEEX_RESAMPLER_QUALITY_MAX);
		return NULL;
	}
	if (max_in == 0 || ((unsigned long long)max_in * out_rate) % in_rate != 0) {
		mc_dsp_err(err, errlen, "resampler: a frame of %u samples at %u Hz has no whole output",
			max_in, in_rate);
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		mc_dsp_err(err, errlen, "resampler: out of memory");
		return NULL;
	}
	r->st = speex_resampler_init(1, in_rate, out_rate, quality, &e);
	if (r->st == NULL) {
		mc_dsp_err(err, errlen, "resampler: speexdsp refused %u -> %u", in_rate, out_rate);
		free(r);
		return NULL;
	}
	r->in_rate = in_rate;
	r->out_rate = out_rate;
	r->max_in = max_in;
	r->latency = (unsigned)speex_resampler_get_output_latency(r->st);
	return r;
}

void mc_resampler_destroy(struct mc_resampler *r)
{
	if (r == NULL)
		return;
	speex_resampler_destroy(r->st);
	free(r);
}

unsigned mc_resampler_out_len(const struct mc_resampler *r, unsigned n)
{
	unsigned long long p = (unsigned long long)n * r->out_rate;

	return p % r->in_rate ? 0 : (unsigned)(p / r->in_rate);
}

int mc_resampler_process(struct mc_resampler *r, const int16_t *in, unsigned n,
			 int16_t *out, unsigned cap)
{
	unsigned want = mc_resampler_out_len(r, n);
	spx_uint32_t il = n, ol = want;

	if (n == 0 || n > r->max_in || want == 0)
		return -EINVAL;
	if (cap < want)
		return -ENOSPC;
	speex_resampler_process_int(r->st, 0, in, &il, out, &ol);
	/* Cannot happen for whole frames (the phase is back to zero at each boundary);
	 * kept so a future speexdsp that disagreed could not shorten a frame. */
	if (ol < want)
		memset(out + ol, 0, (want - ol) * sizeof(*out));
	return (int)want;
}

unsigned mc_resampler_latency(const struct mc_resampler *r)
{
	return r->latency;
}

void mc_resampler_reset(struct mc_resampler *r)
{
	speex_resampler_reset_mem(r->st);
}

unsigned mc_resampler_in_rate(const struct mc_resampler *r)
{
	return r->in_rate;
}

unsigned mc_resampler_out_rate(const struct mc_resampler *r)
{
	return r->out_rate;
}
