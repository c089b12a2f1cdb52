/* SPDX-License-Identifier: BSD-3-Clause
 * media-core codec interface: one API over G.711, G.722, G.729A/B, Opus and L16.
 * Plain buffers only (int16_t PCM, uint8_t payloads). All state is allocated by
 * mc_codec_create(); encode, decode and conceal never allocate, lock or call the OS.
 */
#ifndef MC_CODEC_H
#define MC_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every codec media-core knows. telephone-event and CN are payload formats handled by
 * mc_tevent.h and mc_cn.h; they appear here so the registry and negotiation can name them. */
enum mc_codec_id {
	MC_CODEC_PCMU,
	MC_CODEC_PCMA,
	MC_CODEC_G722,
	MC_CODEC_G729,
	MC_CODEC_OPUS,
	MC_CODEC_L16,
	MC_CODEC_TEVENT,
	MC_CODEC_CN,
	MC_CODEC_COUNT
};

struct mc_codec_params {
	enum mc_codec_id id;
	unsigned pcm_rate;   /* PCM rate seen by the caller; 0 = natural rate. Opus: 8/12/16/24/48k. L16: 8/16/48k */
	unsigned channels;   /* PCM channels (interleaved); 0 = 1. Opus and L16 accept 2 */
	unsigned bitrate;    /* bit/s, Opus only; 0 = default (or fmtp maxaveragebitrate) */
	unsigned complexity; /* Opus 1..10; 0 = default (9) */
	const char *fmtp;    /* SDP fmtp of the codec, may be NULL; parsed at create */
};

struct mc_codec_info {
	const char *name;    /* SDP encoding name */
	unsigned pcm_rate;   /* rate of the PCM given to encode and returned by decode */
	unsigned channels;   /* PCM channels */
	unsigned rtp_rate;   /* RTP clock rate */
	unsigned frame_us;   /* granularity: encode takes a whole number of these */
	unsigned max_frame_us; /* longest frame one encode call accepts */
	unsigned bitrate;    /* bit/s on the wire (payload only), nominal */
	unsigned ptime_ms;   /* ptime from fmtp, 0 if none was given */
};

struct mc_codec;

/* Creates a codec; on failure returns NULL and writes a reason into err. */
struct mc_codec *mc_codec_create(const struct mc_codec_params *p, char *err, size_t errlen);
void mc_codec_destroy(struct mc_codec *c);

/* Encodes one frame of `samples` samples per channel. Returns payload bytes written,
 * 0 when there is nothing to send (DTX / untransmitted frames), negative errno on error. */
int mc_codec_encode(struct mc_codec *c, const int16_t *pcm, unsigned samples, uint8_t *out, size_t cap);

/* Decodes one RTP payload (possibly several frames). `cap` is in samples per channel.
 * Returns samples per channel written, negative errno on error. */
int mc_codec_decode(struct mc_codec *c, const uint8_t *payload, size_t len, int16_t *pcm, unsigned cap);

/* Produces `samples` samples per channel for a lost frame. Returns samples or negative errno. */
int mc_codec_conceal(struct mc_codec *c, int16_t *pcm, unsigned samples);

/* Recovers a lost frame of `samples` samples from the in-band FEC of the packet that
 * followed it (Opus). Codecs without FEC conceal. Decode `next` normally afterwards. */
int mc_codec_decode_fec(struct mc_codec *c, const uint8_t *next, size_t len, int16_t *pcm, unsigned samples);

/* Back to the state right after create (new call, new stream). */
void mc_codec_reset(struct mc_codec *c);

const struct mc_codec_info *mc_codec_info(const struct mc_codec *c);
enum mc_codec_id mc_codec_id(const struct mc_codec *c);

/* Whether encode accepts a frame of this many samples per channel. */
bool mc_codec_frame_ok(const struct mc_codec *c, unsigned samples);

/* RTP timestamp increment for `samples` PCM samples per channel. */
uint32_t mc_codec_rtp_ticks(const struct mc_codec *c, unsigned samples);

#ifdef __cplusplus
}
#endif
#endif
