/* SPDX-License-Identifier: BSD-3-Clause
 * Opus via libopus (RFC 7587). The RTP clock is 48 kHz whatever PCM rate the codec
 * object works at. The fmtp given is the remote receiver's: it caps our bandwidth
 * (maxplaybackrate) and bitrate (maxaveragebitrate) and switches CBR, FEC and DTX.
 */
#include <stdlib.h>

#include <opus/opus.h>

#include "codec_impl.h"

#define OPUS_DEFAULT_COMPLEXITY 9
#define OPUS_FEC_LOSS_PERC 10 /* libopus only spends bits on LBRR when it expects loss */

struct opus {
	struct mc_codec head;
	bool dtx;
	OpusEncoder *enc;
	OpusDecoder *dec;
};

static int max_bandwidth(unsigned maxplaybackrate)
{
	if (maxplaybackrate <= 8000)
		return OPUS_BANDWIDTH_NARROWBAND;
	if (maxplaybackrate <= 12000)
		return OPUS_BANDWIDTH_MEDIUMBAND;
	if (maxplaybackrate <= 16000)
		return OPUS_BANDWIDTH_WIDEBAND;
	if (maxplaybackrate <= 24000)
		return OPUS_BANDWIDTH_SUPERWIDEBAND;
	return OPUS_BANDWIDTH_FULLBAND;
}

static void opus_destroy_(struct mc_codec *c)
{
	struct opus *o = (struct opus *)c;

	opus_encoder_destroy(o->enc);
	opus_decoder_destroy(o->dec);
	free(o);
}

static unsigned pick_bitrate(const struct mc_codec_params *p, const struct mc_fmtp *f, unsigned ch)
{
	unsigned br = p->bitrate ? p->bitrate : (f->maxaveragebitrate ? f->maxaveragebitrate : 24000 * ch);

	if (f->maxaveragebitrate && br > f->maxaveragebitrate)
		br = f->maxaveragebitrate;
	return br;
}

static int configure(struct opus *o, const struct mc_codec_params *p, const struct mc_fmtp *f)
{
	OpusEncoder *e = o->enc;
	int cx = p->complexity ? (int)p->complexity : OPUS_DEFAULT_COMPLEXITY;
	int rc = 0;

	rc |= opus_encoder_ctl(e, OPUS_SET_BITRATE((opus_int32)o->head.info.bitrate));
	rc |= opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(cx));
	rc |= opus_encoder_ctl(e, OPUS_SET_VBR(f->cbr ? 0 : 1));
	rc |= opus_encoder_ctl(e, OPUS_SET_MAX_BANDWIDTH(max_bandwidth(f->maxplaybackrate)));
	rc |= opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(f->useinbandfec ? 1 : 0));
	rc |= opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(f->useinbandfec ? OPUS_FEC_LOSS_PERC : 0));
	rc |= opus_encoder_ctl(e, OPUS_SET_DTX(f->usedtx ? 1 : 0));
	rc |= opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
	return rc;
}

static struct mc_codec *opus_create_(const struct mc_codec_params *p, const struct mc_fmtp *f,
				     char *err, size_t errlen)
{
	unsigned rate = p->pcm_rate ? p->pcm_rate : 48000, ch = p->channels ? p->channels : 1;
	struct opus *o;
	int e1 = 0, e2 = 0;

	if ((rate != 8000 && rate != 12000 && rate != 16000 && rate != 24000 && rate != 48000) || ch > 2) {
		MC_ERR(err, errlen, "opus: PCM %u Hz/%u channels unsupported (8/12/16/24/48 kHz, 1 or 2)", rate, ch);
		return NULL;
	}
	o = calloc(1, sizeof(*o));
	if (o == NULL) {
		MC_ERR(err, errlen, "out of memory");
		return NULL;
	}
	o->dtx = f->usedtx;
	o->enc = opus_encoder_create((opus_int32)rate, (int)ch, OPUS_APPLICATION_VOIP, &e1);
	o->dec = opus_decoder_create((opus_int32)rate, (int)ch, &e2);
	o->head.info = (struct mc_codec_info){
		.name = "opus", .pcm_rate = rate, .channels = ch, .rtp_rate = 48000,
		.frame_us = 2500, .max_frame_us = 60000, .bitrate = pick_bitrate(p, f, ch),
		.ptime_ms = f->ptime,
	};
	if (e1 != OPUS_OK || e2 != OPUS_OK || configure(o, p, f) != OPUS_OK) {
		MC_ERR(err, errlen, "opus: libopus init failed: %s", opus_strerror(e1 ? e1 : e2));
		opus_destroy_(&o->head);
		return NULL;
	}
	return &o->head;
}

static bool opus_frame_ok(const struct mc_codec *c, unsigned samples)
{
	unsigned r = c->info.pcm_rate;

	/* 2.5, 5, 10, 20, 40, 60 ms */
	return samples * 400 == r || samples * 200 == r || samples * 100 == r ||
	       samples * 50 == r || samples * 25 == r || samples * 50 == r * 3;
}

static int opus_enc(struct mc_codec *c, const int16_t *pcm, unsigned samples, uint8_t *out, size_t cap)
{
	struct opus *o = (struct opus *)c;
	opus_int32 max = cap > 1275 * 3 ? 1275 * 3 : (opus_int32)cap;
	opus_int32 n = opus_encode(o->enc, pcm, (int)samples, out, max);

	if (n < 0)
		return n == OPUS_BUFFER_TOO_SMALL ? -ENOSPC : -EINVAL;
	/* libopus marks a frame it wants left untransmitted with a packet of 1-2 bytes */
	if (o->dtx && n <= 2)
		return 0;
	return n;
}

static int opus_dec(struct mc_codec *c, const uint8_t *in, size_t len, int16_t *pcm, unsigned cap)
{
	int n;

	if (len > 1275 * 3)
		return -EINVAL;
	n = opus_decode(((struct opus *)c)->dec, in, (opus_int32)len, pcm, (int)cap, 0);
	if (n < 0)
		return n == OPUS_BUFFER_TOO_SMALL ? -ENOSPC : -EINVAL;
	return n;
}

static int opus_conceal(struct mc_codec *c, int16_t *pcm, unsigned samples)
{
	int n = opus_decode(((struct opus *)c)->dec, NULL, 0, pcm, (int)samples, 0);

	return n < 0 ? -EINVAL : n;
}

static int opus_fec(struct mc_codec *c, const uint8_t *next, size_t len, int16_t *pcm, unsigned samples)
{
	int n;

	if (len > 1275 * 3)
		return -EINVAL;
	n = opus_decode(((struct opus *)c)->dec, next, (opus_int32)len, pcm, (int)samples, 1);
	return n < 0 ? -EINVAL : n;
}

static void opus_reset(struct mc_codec *c)
{
	struct opus *o = (struct opus *)c;

	opus_encoder_ctl(o->enc, OPUS_RESET_STATE);
	opus_decoder_ctl(o->dec, OPUS_RESET_STATE);
}

const struct mc_codec_ops mc_codec_opus_ops = {
	.create = opus_create_, .destroy = opus_destroy_, .encode = opus_enc,
	.decode = opus_dec, .conceal = opus_conceal, .decode_fec = opus_fec,
	.reset = opus_reset, .frame_ok = opus_frame_ok,
};
