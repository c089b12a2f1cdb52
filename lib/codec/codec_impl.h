/* SPDX-License-Identifier: BSD-3-Clause
 * Private: the vtable each codec file implements, and the common head of every codec
 * object. One file per codec (codec_*.c) defines one `const struct mc_codec_ops`.
 */
#ifndef MC_CODEC_IMPL_H
#define MC_CODEC_IMPL_H

#include <errno.h>
#include <stdio.h>

#include "mc_codec.h"
#include "mc_fmtp.h"

struct mc_codec {
	const struct mc_codec_ops *ops;
	enum mc_codec_id id;
	struct mc_codec_info info;
};

struct mc_codec_ops {
	/* Allocates the whole object (head first) and fills info. */
	struct mc_codec *(*create)(const struct mc_codec_params *p, const struct mc_fmtp *f,
				   char *err, size_t errlen);
	void (*destroy)(struct mc_codec *c);
	int (*encode)(struct mc_codec *c, const int16_t *pcm, unsigned samples, uint8_t *out, size_t cap);
	int (*decode)(struct mc_codec *c, const uint8_t *in, size_t len, int16_t *pcm, unsigned cap);
	int (*conceal)(struct mc_codec *c, int16_t *pcm, unsigned samples);
	/* Optional; NULL means conceal. */
	int (*decode_fec)(struct mc_codec *c, const uint8_t *next, size_t len, int16_t *pcm, unsigned samples);
	void (*reset)(struct mc_codec *c);
	/* Optional; NULL means any whole multiple of info.frame_us up to max_frame_us. */
	bool (*frame_ok)(const struct mc_codec *c, unsigned samples);
};

extern const struct mc_codec_ops mc_codec_pcmu_ops;
extern const struct mc_codec_ops mc_codec_pcma_ops;
extern const struct mc_codec_ops mc_codec_g722_ops;
extern const struct mc_codec_ops mc_codec_g729_ops;
extern const struct mc_codec_ops mc_codec_opus_ops;
extern const struct mc_codec_ops mc_codec_l16_ops;

#define MC_ERR(err, errlen, ...) do { if ((err) && (errlen)) snprintf((err), (errlen), __VA_ARGS__); } while (0)

/* Samples per channel in `us` microseconds at `rate`. */
static inline unsigned mc_us_samples(unsigned rate, unsigned us)
{
	return (unsigned)((uint64_t)rate * us / 1000000u);
}

#endif
