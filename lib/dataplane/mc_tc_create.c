/* Control lcore: everything a transcoded direction needs, allocated once. PCM rates are
 * picked so that Opus runs at its peer's rate (PCMU <-> Opus needs no resampler). */
#include "mc_tc_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_mbuf.h>

#include "mc_codec_registry.h"

static const struct mc_codec_desc *desc_of(enum mc_codec_id id)
{
	const struct mc_codec_desc *d;

	for (unsigned i = 0; (d = mc_codec_registry_at(i)) != NULL; i++)
		if (d->id == id)
			return d;
	return NULL;
}

static bool opus_rate_ok(unsigned r)
{
	return r == 8000 || r == 12000 || r == 16000 || r == 24000 || r == 48000;
}

/* The PCM rate a side's codec object works at, given the other side's natural rate. */
static unsigned pcm_rate(const struct mc_codec_desc *d, const struct mc_codec_desc *other)
{
	if (d->id == MC_CODEC_OPUS && other->id != MC_CODEC_OPUS &&
	    opus_rate_ok(other->pcm_rate))
		return other->pcm_rate;
	return d->pcm_rate;
}

static void release_mbuf(void *ctx, void *handle)
{
	(void)ctx;
	rte_pktmbuf_free(handle);
}

/* The codecs whose decoder carries state from one packet to the next. */
static bool stateful(enum mc_codec_id id)
{
	return id != MC_CODEC_PCMU && id != MC_CODEC_PCMA && id != MC_CODEC_L16;
}

static struct mc_codec *codec(const struct mc_tc_side *s, const struct mc_codec_desc *d,
			      unsigned rate, unsigned cx, char *err, size_t errlen)
{
	struct mc_codec_params cp = mc_codec_desc_params(d, s->fmtp);

	cp.pcm_rate = rate;
	cp.channels = 1;
	cp.complexity = cx;
	return mc_codec_create(&cp, err, errlen);
}

static int jbuf(struct mc_tc *t, const struct mc_tc_params *p)
{
	uint32_t min = p->jb_min_ms ? p->jb_min_ms : MC_TC_JB_MIN_MS;
	uint32_t max = p->jb_max_ms ? p->jb_max_ms : MC_TC_JB_MAX_MS;
	struct mc_jbuf_params jp = {
		.clock_rate = t->in_rtp_rate,
		.frame_ts = t->in_rtp_rate / 1000u * p->in.ptime,
		.min_ms = min, .max_ms = max < min ? min : max, .start_ms = min,
		.enabled = p->jb_enabled,
		.capacity = 64, .release = release_mbuf,
		.drop = stateful(p->in.codec) ? mc_tc_drop_decode : NULL, .release_ctx = t,
	};

	return mc_jbuf_init(&t->jb, &jp);
}

static bool ptime_ok(uint16_t ptime)
{
	return ptime >= 10 && ptime <= 60 && ptime % 10 == 0;
}

struct mc_tc *mc_tc_create(const struct mc_tc_params *p, char *err, size_t errlen)
{
	const struct mc_codec_desc *di = desc_of(p->in.codec), *dout = desc_of(p->out.codec);
	struct mc_tc *t;

	if (di == NULL || dout == NULL || di->id >= MC_CODEC_TEVENT ||
	    dout->id >= MC_CODEC_TEVENT) {
		snprintf(err, errlen, "codec cannot be transcoded");
		return NULL;
	}
	if (!ptime_ok(p->in.ptime) || !ptime_ok(p->out.ptime)) {
		snprintf(err, errlen, "ptime must be 10..60 ms in steps of 10");
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->p = *p;
	t->p.in.fmtp = t->p.out.fmtp = NULL;
	t->in_rtp_rate = di->rate;
	t->in_pcm_rate = pcm_rate(di, dout);
	t->out_pcm_rate = pcm_rate(dout, di);
	t->out_frame = t->out_pcm_rate / 1000u * p->out.ptime;
	t->dec = codec(&p->in, di, t->in_pcm_rate, 0, err, errlen);
	t->enc = t->dec ? codec(&p->out, dout, t->out_pcm_rate, p->opus_complexity, err,
				errlen) : NULL;
	if (t->enc == NULL)
		goto fail;
	if (t->in_pcm_rate != t->out_pcm_rate) {
		t->rs = mc_resampler_create(t->in_pcm_rate, t->out_pcm_rate, -1,
					    t->in_pcm_rate / 1000u * MC_TC_MAX_PKT_MS, err,
					    errlen);
		if (t->rs == NULL)
			goto fail;
	}
	if (jbuf(t, p) != 0) {
		snprintf(err, errlen, "jitter buffer: bad bounds");
		goto fail;
	}
	if (mc_tc_dtmf_init(t, err, errlen) != 0 || mc_tc_audio_init(t, err, errlen) != 0)
		goto fail;
	mc_cn_gen_init(&t->cn, p->seed | 1);
	/* Quiet until the sender describes its noise (RFC 3389: -70 dBov is near silence). */
	mc_cn_gen_update(&t->cn, &(struct mc_cn_sid){ .level = 70 });
	t->ssrc = p->ssrc;
	t->seq = (uint16_t)p->seed;
	t->ts = p->seed * 2654435761u;
	t->mark = true;
	return t;
fail:
	mc_tc_destroy(t);
	return NULL;
}

void mc_tc_destroy(struct mc_tc *t)
{
	if (t == NULL)
		return;
	if (t->jb.slots)
		mc_jbuf_free(&t->jb);
	mc_tc_dtmf_free(t);
	mc_tc_audio_free(t);
	mc_resampler_destroy(t->rs);
	mc_codec_destroy(t->enc);
	mc_codec_destroy(t->dec);
	free(t);
}
