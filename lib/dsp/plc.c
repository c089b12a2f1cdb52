/* SPDX-License-Identifier: BSD-3-Clause
 * Codec concealment with a cross-fade to comfort noise (see mc_plc.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsp_impl.h"
#include "mc_cn.h"
#include "mc_plc.h"

#define WINDOW_MAX 128 /* frames kept for the minimum: 1.28 s of 10 ms frames */
#define REFRESH 1.5    /* keep a frame's audio when within 1.8 dB of the minimum */
#define NEAR_MIN 2.0   /* frames within 3 dB of the minimum make the background */

struct mc_plc {
	unsigned rate, max_frame, window;
	uint64_t hold, fade;       /* samples */
	double pow[WINDOW_MAX];    /* mean power of recent good frames, a ring */
	unsigned npow, next;
	double min_pow;
	int16_t *quiet;            /* audio of a frame at the minimum, for the envelope */
	unsigned quiet_n;
	int16_t *noise;            /* one frame of comfort noise */
	struct mc_cn_gen cn;
	bool cn_ready;             /* cn tuned for the current gap */
	uint64_t gap;              /* samples concealed in the current gap */
	unsigned gap_frames;
	uint8_t level;
};

struct mc_plc *mc_plc_create(const struct mc_plc_params *p, char *err, size_t errlen)
{
	struct mc_plc *s;

	if (p == NULL || p->rate < 4000 || p->max_frame <= MC_PLC_CN_ORDER) {
		mc_dsp_err(err, errlen, "plc: bad rate or frame size");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->quiet = calloc(p->max_frame, sizeof(int16_t))) == NULL ||
	    (s->noise = calloc(p->max_frame, sizeof(int16_t))) == NULL) {
		mc_dsp_err(err, errlen, "plc: out of memory");
		mc_plc_destroy(s);
		return NULL;
	}
	s->rate = p->rate;
	s->max_frame = p->max_frame;
	s->hold = (uint64_t)(p->hold_ms ? p->hold_ms : MC_PLC_HOLD_MS_DEFAULT) * p->rate / 1000;
	s->fade = (uint64_t)(p->fade_ms ? p->fade_ms : MC_PLC_FADE_MS_DEFAULT) * p->rate / 1000;
	s->window = (p->window_ms ? p->window_ms : MC_PLC_WINDOW_MS_DEFAULT) * p->rate / 1000;
	mc_cn_gen_init(&s->cn, 0x6d63706c);
	mc_plc_reset(s);
	return s;
}

void mc_plc_destroy(struct mc_plc *p)
{
	if (p == NULL)
		return;
	free(p->quiet);
	free(p->noise);
	free(p);
}

void mc_plc_reset(struct mc_plc *p)
{
	p->npow = p->next = 0;
	p->min_pow = INFINITY;
	p->quiet_n = 0;
	p->cn_ready = false;
	p->gap = 0;
	p->gap_frames = 0;
	p->level = 127;
}

/* The minimum alone sits below a steady noise's mean (about 1 dB for 20 ms frames of
 * white noise, the low tail of 50 frame powers); the mean of the frames near the
 * minimum does not, and still leaves speech frames out. */
static double background(const struct mc_plc *p)
{
	double sum = 0;
	unsigned k = 0;

	for (unsigned i = 1; i <= p->npow; i++) {
		double v = p->pow[(p->next + WINDOW_MAX - i) % WINDOW_MAX];

		if (v <= p->min_pow * NEAR_MIN) {
			sum += v;
			k++;
		}
	}
	return k ? sum / k : 0;
}

static uint8_t level_of(double pow)
{
	if (pow <= 0)
		return 127;
	return (uint8_t)fmin(127, fmax(0, lrint(-10 * log10(pow / (32768.0 * 32768.0)))));
}

void mc_plc_good(struct mc_plc *p, const int16_t *pcm, unsigned n)
{
	unsigned frames;
	double e = 0;

	if (n == 0 || n > p->max_frame)
		return;
	for (unsigned i = 0; i < n; i++)
		e += (double)pcm[i] * pcm[i];
	e /= n;
	frames = (p->window + n - 1) / n;
	frames = frames > WINDOW_MAX ? WINDOW_MAX : frames ? frames : 1;
	p->pow[p->next] = e;
	p->next = (p->next + 1) % WINDOW_MAX;
	p->npow = p->npow < frames ? p->npow + 1 : frames;
	p->min_pow = INFINITY;
	for (unsigned i = 1; i <= p->npow; i++) {
		double v = p->pow[(p->next + WINDOW_MAX - i) % WINDOW_MAX];

		p->min_pow = v < p->min_pow ? v : p->min_pow;
	}
	if (e <= p->min_pow * REFRESH && n > MC_PLC_CN_ORDER) {
		memcpy(p->quiet, pcm, n * sizeof(*pcm));
		p->quiet_n = n;
	}
	p->level = level_of(background(p));
	p->gap = 0;
	p->gap_frames = 0;
	p->cn_ready = false;
}

/* Tunes the noise generator to the background at the start of its fade. */
static void tune_noise(struct mc_plc *p)
{
	struct mc_cn_sid sid = { .level = p->level };

	if (p->quiet_n > MC_PLC_CN_ORDER)
		mc_cn_analyse(p->quiet, p->quiet_n, MC_PLC_CN_ORDER, &sid);
	sid.level = p->level;
	mc_cn_gen_update(&p->cn, &sid);
	p->cn_ready = true;
}

/* From the codec's concealment in pcm to comfort noise, over the fade. */
static void cross_fade(struct mc_plc *p, int16_t *pcm, unsigned n, uint64_t pos, uint64_t hold)
{
	mc_cn_gen_run(&p->cn, p->noise, n);
	for (unsigned i = 0; i < n; i++) {
		uint64_t t = pos + i;
		double g = t < hold ? 0 : t >= hold + p->fade ? 1 :
			   (double)(t - hold) / (double)p->fade;

		/* the two are uncorrelated: weights that keep the sum's power */
		pcm[i] = mc_dsp_sat16(sqrt(1 - g) * pcm[i] + sqrt(g) * p->noise[i]);
	}
}

int mc_plc_conceal(struct mc_plc *p, struct mc_codec *codec, int16_t *pcm, unsigned n)
{
	uint64_t hold = codec ? p->hold : 0, pos = p->gap, end = hold + p->fade;

	if (n == 0 || n > p->max_frame)
		return -EINVAL;
	if (pos + n > hold && !p->cn_ready)
		tune_noise(p);
	if (pos >= end) {
		mc_cn_gen_run(&p->cn, pcm, n); /* past the fade: noise alone */
	} else {
		if (codec != NULL) {
			int rc = mc_codec_conceal(codec, pcm, n);

			if (rc < 0)
				return rc;
		} else {
			memset(pcm, 0, n * sizeof(*pcm));
		}
		if (pos + n > hold)
			cross_fade(p, pcm, n, pos, hold);
	}
	p->gap += n;
	p->gap_frames++;
	return (int)n;
}

unsigned mc_plc_gap_frames(const struct mc_plc *p)
{
	return p->gap_frames;
}

unsigned mc_plc_level(const struct mc_plc *p)
{
	return p->level;
}
