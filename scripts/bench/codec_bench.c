/* SPDX-License-Identifier: BSD-3-Clause
 * Codec benchmark: ns per 20 ms frame of encode and decode through the mc_codec
 * interface, side by side with the bare library call on the same input in the same
 * run. Rounds alternate interface and bare so both see the same machine load; the
 * best round of each is kept. One JSON object per line on stdout.
 *   codec_bench [rounds] [frames_per_round]
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <bcg729/decoder.h>
#include <bcg729/encoder.h>
#include <opus/opus.h>
#include <spandsp.h>

#include "mc_codec.h"
#include "mc_g711.h"

#define NPKT 50 /* one second of distinct frames, cycled */
#define MAXF 960

struct bench {
	const char *label;
	struct mc_codec_params p;
	unsigned frame; /* samples per 20 ms */
};

static int16_t pcm[NPKT][MAXF], out[MAXF];
static uint8_t pay[NPKT][1500];
static int plen[NPKT];
static volatile int sink; /* keeps results of the bare calls alive */

/* bare library state */
static g722_encode_state_t *g722e;
static g722_decode_state_t *g722d;
static bcg729EncoderChannelContextStruct *g729e;
static bcg729DecoderChannelContextStruct *g729d;
static OpusEncoder *opuse;
static OpusDecoder *opusd;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void make_input(unsigned rate, unsigned frame)
{
	unsigned seed = 1;

	for (unsigned f = 0; f < NPKT; f++)
		for (unsigned i = 0; i < frame; i++) {
			double t = (double)(f * frame + i) / rate, env = 0.6 + 0.4 * sin(2 * M_PI * 3 * t);

			seed = seed * 1103515245u + 12345u;
			pcm[f][i] = (int16_t)(env * (6000 * sin(2 * M_PI * 180 * t) + 3000 * sin(2 * M_PI * 720 * t) +
					      1500 * sin(2 * M_PI * 2400 * t)) + (int)(seed >> 20) - 2048);
		}
}

static void bare_setup(const struct bench *b)
{
	if (b->p.id == MC_CODEC_G722) {
		g722e = g722_encode_init(NULL, 64000, 0);
		g722d = g722_decode_init(NULL, 64000, 0);
	} else if (b->p.id == MC_CODEC_G729) {
		g729e = initBcg729EncoderChannel(0);
		g729d = initBcg729DecoderChannel();
	} else if (b->p.id == MC_CODEC_OPUS) {
		int e;

		opuse = opus_encoder_create((opus_int32)b->p.pcm_rate, 1, OPUS_APPLICATION_VOIP, &e);
		opusd = opus_decoder_create((opus_int32)b->p.pcm_rate, 1, &e);
		opus_encoder_ctl(opuse, OPUS_SET_BITRATE((opus_int32)b->p.bitrate));
		opus_encoder_ctl(opuse, OPUS_SET_COMPLEXITY((int)b->p.complexity));
		opus_encoder_ctl(opuse, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
	}
}

static void bare_teardown(const struct bench *b)
{
	if (b->p.id == MC_CODEC_G722) {
		g722_encode_free(g722e);
		g722_decode_free(g722d);
	} else if (b->p.id == MC_CODEC_G729) {
		closeBcg729EncoderChannel(g729e);
		closeBcg729DecoderChannel(g729d);
	} else if (b->p.id == MC_CODEC_OPUS) {
		opus_encoder_destroy(opuse);
		opus_decoder_destroy(opusd);
	}
}

static void bare_encode(const struct bench *b, unsigned f)
{
	uint8_t buf[1500], len;

	switch (b->p.id) {
	case MC_CODEC_PCMU: mc_g711_ulaw_encode(pcm[f], buf, b->frame); break;
	case MC_CODEC_PCMA: mc_g711_alaw_encode(pcm[f], buf, b->frame); break;
	case MC_CODEC_G722: g722_encode(g722e, buf, pcm[f], (int)b->frame); break;
	case MC_CODEC_G729:
		bcg729Encoder(g729e, pcm[f], buf, &len);
		bcg729Encoder(g729e, pcm[f] + 80, buf + 10, &len);
		break;
	default: sink += opus_encode(opuse, pcm[f], (int)b->frame, buf, sizeof(buf)); break;
	}
}

static void bare_decode(const struct bench *b, unsigned f)
{
	switch (b->p.id) {
	case MC_CODEC_PCMU: mc_g711_ulaw_decode(pay[f], out, (size_t)plen[f]); break;
	case MC_CODEC_PCMA: mc_g711_alaw_decode(pay[f], out, (size_t)plen[f]); break;
	case MC_CODEC_G722: g722_decode(g722d, out, pay[f], plen[f]); break;
	case MC_CODEC_G729:
		bcg729Decoder(g729d, pay[f], 10, 0, 0, 0, out);
		bcg729Decoder(g729d, pay[f] + 10, 10, 0, 0, 0, out + 80);
		break;
	default: sink += opus_decode(opusd, pay[f], plen[f], out, (int)b->frame, 0); break;
	}
}

static void run_one(const struct bench *b, struct mc_codec *c, int op, bool use_iface, unsigned f)
{
	uint8_t buf[1500];

	if (!use_iface && op == 0)
		bare_encode(b, f);
	else if (!use_iface)
		bare_decode(b, f);
	else if (op == 0)
		sink += mc_codec_encode(c, pcm[f], b->frame, buf, sizeof(buf));
	else
		sink += mc_codec_decode(c, pay[f], (size_t)plen[f], out, MAXF);
}

/* op: 0 encode, 1 decode. Returns the best round's ns per frame. */
static void measure(const struct bench *b, struct mc_codec *c, int op, unsigned rounds, unsigned n,
		    double *iface, double *bare)
{
	*iface = *bare = 1e18;
	for (unsigned r = 0; r < rounds; r++) {
		/* alternate which side goes first so neither always runs on a warm cache */
		for (unsigned side = 0; side < 2; side++) {
			bool use_iface = (side ^ (r & 1)) == 0;
			double t0 = now_ns(), t;

			for (unsigned i = 0; i < n; i++)
				run_one(b, c, op, use_iface, i % NPKT);
			t = (now_ns() - t0) / n;
			if (use_iface)
				*iface = fmin(*iface, t);
			else
				*bare = fmin(*bare, t);
		}
	}
}

int main(int argc, char **argv)
{
	static const struct bench benches[] = {
		{ "PCMU", { .id = MC_CODEC_PCMU }, 160 },
		{ "PCMA", { .id = MC_CODEC_PCMA }, 160 },
		{ "G722", { .id = MC_CODEC_G722 }, 320 },
		{ "G729", { .id = MC_CODEC_G729, .fmtp = "annexb=no" }, 160 },
		{ "opus16k-24k-c10", { .id = MC_CODEC_OPUS, .pcm_rate = 16000, .bitrate = 24000, .complexity = 10 }, 320 },
		{ "opus16k-24k-c5", { .id = MC_CODEC_OPUS, .pcm_rate = 16000, .bitrate = 24000, .complexity = 5 }, 320 },
		{ "opus16k-24k-c1", { .id = MC_CODEC_OPUS, .pcm_rate = 16000, .bitrate = 24000, .complexity = 1 }, 320 },
	};
	unsigned rounds = argc > 1 ? (unsigned)atoi(argv[1]) : 15;
	unsigned frames = argc > 2 ? (unsigned)atoi(argv[2]) : 0;

	for (unsigned k = 0; k < sizeof(benches) / sizeof(benches[0]); k++) {
		const struct bench *b = &benches[k];
		struct mc_codec *c = mc_codec_create(&b->p, NULL, 0);
		unsigned rate = mc_codec_info(c)->pcm_rate;
		/* cheap codecs need many frames per round to rise above the clock's resolution */
		unsigned n = frames ? frames : (b->p.id <= MC_CODEC_PCMA ? 20000 : b->p.id == MC_CODEC_OPUS ? 100 : 500);
		double ie, be, id, bd;

		make_input(rate, b->frame);
		for (unsigned f = 0; f < NPKT; f++)
			plen[f] = mc_codec_encode(c, pcm[f], b->frame, pay[f], sizeof(pay[f]));
		bare_setup(b);
		measure(b, c, 0, rounds, n, &ie, &be);
		measure(b, c, 1, rounds, n, &id, &bd);
		printf("{\"bench\":\"codec\",\"codec\":\"%s\",\"op\":\"encode\",\"frame_ms\":20,\"iface_ns\":%.1f,"
		       "\"bare_ns\":%.1f,\"overhead_pct\":%.2f,\"frames\":%u,\"rounds\":%u}\n",
		       b->label, ie, be, 100 * (ie - be) / be, n, rounds);
		printf("{\"bench\":\"codec\",\"codec\":\"%s\",\"op\":\"decode\",\"frame_ms\":20,\"iface_ns\":%.1f,"
		       "\"bare_ns\":%.1f,\"overhead_pct\":%.2f,\"frames\":%u,\"rounds\":%u}\n",
		       b->label, id, bd, 100 * (id - bd) / bd, n, rounds);
		fflush(stdout);
		bare_teardown(b);
		mc_codec_destroy(c);
	}
	return 0;
}
