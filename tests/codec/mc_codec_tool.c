/* SPDX-License-Identifier: BSD-3-Clause
 * Command-line front end of lib/codec for the interop suite (dts/test_codec_interop.py).
 *   mc_codec_tool enc CODEC PCM_RATE CHANNELS PTIME_MS [BITRATE [FMTP]] < s16le > frames
 *   mc_codec_tool dec CODEC PCM_RATE CHANNELS PTIME_MS [BITRATE [FMTP]] < frames > s16le
 * "frames" is a stream of records: 16-bit big-endian payload length, then the payload.
 * A record of length 0 is a lost packet: the decoder conceals PTIME_MS of audio.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mc_codec.h"
#include "mc_codec_registry.h"

#define MAXPAY 8192
#define MAXPCM (48000 / 1000 * 120 * 2)

static int usage(void)
{
	fprintf(stderr, "usage: mc_codec_tool enc|dec CODEC PCM_RATE CHANNELS PTIME_MS [BITRATE [FMTP]]\n");
	return 2;
}

static int encode(struct mc_codec *c, unsigned frame, unsigned ch)
{
	static int16_t pcm[MAXPCM];
	static uint8_t pay[MAXPAY];

	while (fread(pcm, sizeof(int16_t) * ch, frame, stdin) == frame) {
		int n = mc_codec_encode(c, pcm, frame, pay, sizeof(pay));
		uint8_t hdr[2];

		if (n < 0) {
			fprintf(stderr, "encode failed: %d\n", n);
			return 1;
		}
		hdr[0] = (uint8_t)(n >> 8);
		hdr[1] = (uint8_t)n;
		fwrite(hdr, 1, 2, stdout);
		fwrite(pay, 1, (size_t)n, stdout);
	}
	return 0;
}

static int decode(struct mc_codec *c, unsigned frame, unsigned ch)
{
	static int16_t pcm[MAXPCM * 2];
	static uint8_t pay[MAXPAY];
	uint8_t hdr[2];

	while (fread(hdr, 1, 2, stdin) == 2) {
		size_t len = (size_t)hdr[0] << 8 | hdr[1];
		int n;

		if (len > sizeof(pay) || fread(pay, 1, len, stdin) != len) {
			fprintf(stderr, "truncated frame stream\n");
			return 1;
		}
		n = len ? mc_codec_decode(c, pay, len, pcm, MAXPCM / ch) : mc_codec_conceal(c, pcm, frame);
		if (n < 0) {
			fprintf(stderr, "decode failed: %d\n", n);
			return 1;
		}
		fwrite(pcm, sizeof(int16_t) * ch, (size_t)n, stdout);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct mc_codec_params p = { 0 };
	const struct mc_codec_desc *d = NULL;
	struct mc_codec *c;
	char err[200];
	unsigned frame;
	int rc;

	if (argc < 6)
		return usage();
	for (unsigned i = 0; (d = mc_codec_registry_at(i)) != NULL; i++)
		if (strcasecmp(d->name, argv[2]) == 0)
			break;
	if (d == NULL) {
		fprintf(stderr, "unknown codec %s\n", argv[2]);
		return 2;
	}
	p.id = d->id;
	p.pcm_rate = (unsigned)atoi(argv[3]);
	p.channels = (unsigned)atoi(argv[4]);
	p.bitrate = argc > 6 ? (unsigned)atoi(argv[6]) : 0;
	p.fmtp = argc > 7 ? argv[7] : NULL;
	c = mc_codec_create(&p, err, sizeof(err));
	if (c == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	frame = mc_codec_info(c)->pcm_rate * (unsigned)atoi(argv[5]) / 1000;
	if (strcmp(argv[1], "enc") == 0)
		rc = encode(c, frame, mc_codec_info(c)->channels);
	else if (strcmp(argv[1], "dec") == 0)
		rc = decode(c, frame, mc_codec_info(c)->channels);
	else
		rc = usage();
	mc_codec_destroy(c);
	return rc;
}
