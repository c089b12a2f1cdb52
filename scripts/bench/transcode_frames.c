/* The frames both sides of the benchmark work on, and the bare codec chain's cost. */
#include "transcode_bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>

#include "mc_codec_registry.h"
#include "mc_resample.h"

static const struct mc_codec_desc *desc_of(enum mc_codec_id id)
{
	const struct mc_codec_desc *d;

	for (unsigned i = 0; (d = mc_codec_registry_at(i)) != NULL; i++)
		if (d->id == id)
			return d;
	return NULL;
}

/* Voiced, speech-like: harmonics of a gliding pitch shaped by three formants, with a
 * syllable-rate envelope (codec cost depends on the signal; a pure tone flatters Opus). */
static void voiced(int16_t *x, unsigned n, unsigned rate)
{
	static const double fm[3] = { 600, 1400, 2600 }, bw[3] = { 120, 180, 250 };
	double ph[40] = { 0 };

	for (unsigned i = 0; i < n; i++) {
		double t = (double)i / rate, f0 = 160 + 50 * sin(2 * M_PI * 0.7 * t), s = 0;

		for (unsigned h = 1; h <= 40 && h * f0 < rate / 2.0; h++) {
			double f = h * f0, w = 0;

			for (unsigned k = 0; k < 3; k++)
				w += exp(-(f - fm[k]) * (f - fm[k]) / (2 * bw[k] * bw[k])) / (k + 1);
			ph[h - 1] += 2 * M_PI * f / rate;
			s += w * sin(ph[h - 1]);
		}
		s *= 0.55 + 0.45 * sin(2 * M_PI * 3.0 * t);
		x[i] = (int16_t)lrint(6000 * s);
	}
}

static struct mc_codec *make(const struct tb_side *s, unsigned rate, unsigned cx)
{
	struct mc_codec_params cp = mc_codec_desc_params(desc_of(s->codec), s->fmtp);
	char err[128];
	struct mc_codec *c;

	cp.pcm_rate = rate;
	cp.channels = 1;
	cp.complexity = cx;
	c = mc_codec_create(&cp, err, sizeof(err));
	if (c == NULL)
		fprintf(stderr, "transcode_bench: codec %d at %u Hz: %s\n", s->codec, rate, err);
	return c;
}

static int encode_side(struct tb_side *s, unsigned frames)
{
	unsigned fl = s->pcm_rate / 50;
	int16_t *pcm = malloc(sizeof(*pcm) * fl * frames);
	struct mc_codec *c = make(s, s->pcm_rate, 0);
	int rc = 0;

	if (pcm == NULL || c == NULL) {
		rc = -1;
		goto out;
	}
	voiced(pcm, fl * frames, s->pcm_rate);
	for (unsigned f = 0; f < frames; f++) {
		int n = mc_codec_encode(c, pcm + f * fl, fl, s->pl[f], TB_MAX_PL);

		if (n <= 0) {
			fprintf(stderr, "transcode_bench: encode %d frame %u: %d\n", s->codec, f, n);
			rc = -1;
			goto out;
		}
		s->len[f] = (uint16_t)n;
	}
	s->n = frames;
out:
	mc_codec_destroy(c);
	free(pcm);
	return rc;
}

int tb_make_frames(struct tb_pair *p, unsigned frames)
{
	if (frames > TB_MAX_FRAMES)
		frames = TB_MAX_FRAMES;
	return encode_side(&p->a, frames) || encode_side(&p->b, frames) ? -1 : 0;
}

uint64_t tb_cpu_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

double tb_codec_ns(const struct tb_side *in, const struct tb_side *out, unsigned cx)
{
	static int16_t pcm[48000 / 50 * 6], rsb[48000 / 50 * 6];
	struct mc_codec *dec = make(in, in->pcm_rate, 0), *enc = make(out, out->pcm_rate, cx);
	struct mc_resampler *rs = NULL;
	uint8_t pl[1988];     /* about what media-core gives: an mbuf's room after headers */
	uint64_t t0 = 0;
	char err[128];

	if (in->pcm_rate != out->pcm_rate)
		rs = mc_resampler_create(in->pcm_rate, out->pcm_rate, -1, in->pcm_rate / 1000 * 120,
					 err, sizeof(err));
	if (dec == NULL || enc == NULL || (in->pcm_rate != out->pcm_rate && rs == NULL))
		return -1;
	for (unsigned f = 0; f < in->n; f++) {
		if (f == TB_WARM)
			t0 = tb_cpu_ns();
		int n = mc_codec_decode(dec, in->pl[f], in->len[f], pcm, RTE_DIM(pcm));
		const int16_t *x = pcm;

		if (rs != NULL && n > 0) {
			n = mc_resampler_process(rs, pcm, (unsigned)n, rsb, RTE_DIM(rsb));
			x = rsb;
		}
		if (n > 0)
			n = mc_codec_encode(enc, x, (unsigned)n, pl, sizeof(pl));
		if (n <= 0)
			return -1;
	}
	t0 = tb_cpu_ns() - t0;
	mc_resampler_destroy(rs);
	mc_codec_destroy(enc);
	mc_codec_destroy(dec);
	return (double)t0 / (in->n - TB_WARM);
}
