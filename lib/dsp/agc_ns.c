/* SPDX-License-Identifier: BSD-3-Clause
 * speexdsp's preprocessor (AGC, noise suppression) behind mc_agc_ns.h.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include <speex/speex_preprocess.h>

#include "dsp_impl.h"
#include "mc_agc_ns.h"

struct mc_agc_ns {
	SpeexPreprocessState *st;
	struct mc_agc_ns_params p;
	unsigned sub;                 /* samples per sub-frame */
	int gain_db;                  /* speexdsp's, read after each frame */
	float makeup;                 /* linear gain after speexdsp (1: none) */
	int makeup_db;
};

static const char *check(const struct mc_agc_ns_params *p)
{
	if (p->rate < 8000 || p->rate > 48000 || p->rate % (1000 / MC_AGC_NS_SUBFRAME_MS))
		return "rate must be 8000..48000 Hz with whole 10 ms frames";
	if (p->agc && (p->target_dbfs < MC_AGC_TARGET_MIN || p->target_dbfs > MC_AGC_TARGET_MAX ||
		       p->max_gain_db > MC_AGC_MAX_GAIN_MAX))
		return "AGC target or max gain out of range";
	if (p->ns && (p->ns_max_db < MC_NS_MAX_DB_MIN || p->ns_max_db > MC_NS_MAX_DB_MAX))
		return "noise suppression depth out of range";
	return NULL;
}

/* speexdsp's AGC level is an amplitude of its own loudness measure, not an RMS, and
 * that measure sums FFT bins, so it grows with the sub-frame's length: with a level of
 * L dB re 32768, voiced speech and tones land at an RMS of L - 9.7 dB at 8 kHz, L - 12.9
 * at 16 kHz, L - 17.8 at 48 kHz (measured here; tests/dsp/test_agc_ns.c holds them to
 * the target). The level is therefore the target plus this offset. */
static double level_offset_db(unsigned rate)
{
	return 9.7 + 10.0 * log10(rate / 8000.0);
}

static void apply(struct mc_agc_ns *a)
{
	const struct mc_agc_ns_params *p = &a->p;
	spx_int32_t on = p->agc, ns = p->ns, gain, depth = -(int)p->ns_max_db;
	double level_db = p->target_dbfs + level_offset_db(p->rate);
	float level;

	/* speexdsp caps its level at full scale (a -17 dBFS target at 48 kHz): past -1 dB,
	 * it aims lower and a fixed gain after it makes up the rest. */
	a->makeup_db = level_db > -1.0 ? (int)ceil(level_db + 1.0) : 0;
	a->makeup = (float)pow(10.0, a->makeup_db / 20.0);
	level = (float)(32768.0 * pow(10.0, (level_db - a->makeup_db) / 20.0));
	gain = p->max_gain_db > a->makeup_db ? p->max_gain_db - a->makeup_db : 0;

	speex_preprocess_ctl(a->st, SPEEX_PREPROCESS_SET_AGC, &on);
	speex_preprocess_ctl(a->st, SPEEX_PREPROCESS_SET_DENOISE, &ns);
	if (p->agc) {
		speex_preprocess_ctl(a->st, SPEEX_PREPROCESS_SET_AGC_LEVEL, &level);
		speex_preprocess_ctl(a->st, SPEEX_PREPROCESS_SET_AGC_MAX_GAIN, &gain);
	}
	if (p->ns)
		speex_preprocess_ctl(a->st, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &depth);
}

struct mc_agc_ns *mc_agc_ns_create(const struct mc_agc_ns_params *p, char *err,
				   size_t errlen)
{
	const char *why = check(p);
	struct mc_agc_ns *a;

	if (why != NULL) {
		mc_dsp_err(err, errlen, "agc/ns: %s", why);
		return NULL;
	}
	a = calloc(1, sizeof(*a));
	if (a == NULL) {
		mc_dsp_err(err, errlen, "agc/ns: out of memory");
		return NULL;
	}
	a->p = *p;
	a->sub = p->rate / (1000 / MC_AGC_NS_SUBFRAME_MS);
	a->st = speex_preprocess_state_init((int)a->sub, (int)p->rate);
	if (a->st == NULL) {
		mc_dsp_err(err, errlen, "agc/ns: speexdsp refused %u Hz", p->rate);
		free(a);
		return NULL;
	}
	apply(a);
	return a;
}

void mc_agc_ns_destroy(struct mc_agc_ns *a)
{
	if (a == NULL)
		return;
	speex_preprocess_state_destroy(a->st);
	free(a);
}

int mc_agc_ns_configure(struct mc_agc_ns *a, const struct mc_agc_ns_params *p)
{
	if (p->rate != a->p.rate || check(p) != NULL)
		return -EINVAL;
	a->p = *p;
	apply(a);
	if (!p->agc)
		a->gain_db = 0;
	return 0;
}

int mc_agc_ns_process(struct mc_agc_ns *a, int16_t *pcm, unsigned n)
{
	spx_int32_t g;

	if (n % a->sub != 0)
		return -EINVAL;
	/* Off is off: speexdsp's analysis and resynthesis alone would not be bit-exact. */
	if (!a->p.agc && !a->p.ns)
		return 0;
	for (unsigned off = 0; off < n; off += a->sub)
		speex_preprocess_run(a->st, pcm + off);
	if (a->p.agc && a->makeup_db > 0)
		for (unsigned i = 0; i < n; i++)
			pcm[i] = mc_dsp_sat16(pcm[i] * a->makeup);
	if (a->p.agc && speex_preprocess_ctl(a->st, SPEEX_PREPROCESS_GET_AGC_GAIN, &g) == 0)
		a->gain_db = g;
	return 0;
}

int mc_agc_ns_gain_db(const struct mc_agc_ns *a)
{
	return a->p.agc ? a->gain_db + a->makeup_db : 0;
}

unsigned mc_agc_ns_rate(const struct mc_agc_ns *a)
{
	return a->p.rate;
}

const struct mc_agc_ns_params *mc_agc_ns_params(const struct mc_agc_ns *a)
{
	return &a->p;
}
