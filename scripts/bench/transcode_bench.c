/* Transcoding benchmark: for each codec pair, the bare codec chain (both directions of
 * one call, the same frames) side by side with media-core's worker transcoding N calls,
 * one JSON object per line:
 *   transcode_bench [calls] [frames]      (defaults 40 calls, 250 frames = 5 s)
 * Built by scripts/bench/transcode.sh. */
#include "transcode_bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#define REPEATS 5

static struct tb_pair pairs[] = {
	{ .name = "PCMU<->opus", .complexity = 10,
	  .a = { .codec = MC_CODEC_PCMU, .pt = 0, .pcm_rate = 8000, .rtp_step = 160 },
	  .b = { .codec = MC_CODEC_OPUS, .pt = 111, .pcm_rate = 8000, .rtp_step = 960 } },
	{ .name = "PCMU<->opus", .complexity = 5,
	  .a = { .codec = MC_CODEC_PCMU, .pt = 0, .pcm_rate = 8000, .rtp_step = 160 },
	  .b = { .codec = MC_CODEC_OPUS, .pt = 111, .pcm_rate = 8000, .rtp_step = 960 } },
	{ .name = "PCMU<->G729",
	  .a = { .codec = MC_CODEC_PCMU, .pt = 0, .pcm_rate = 8000, .rtp_step = 160 },
	  .b = { .codec = MC_CODEC_G729, .pt = 18, .pcm_rate = 8000, .rtp_step = 160,
		 .fmtp = "annexb=no" } },
	{ .name = "PCMU<->G722",
	  .a = { .codec = MC_CODEC_PCMU, .pt = 0, .pcm_rate = 8000, .rtp_step = 160 },
	  .b = { .codec = MC_CODEC_G722, .pt = 9, .pcm_rate = 16000, .rtp_step = 160 } },
};

int main(int argc, char **argv)
{
	unsigned calls = argc > 1 ? (unsigned)atoi(argv[1]) : 40;
	unsigned frames = argc > 2 ? (unsigned)atoi(argv[2]) : 250;

	if (calls == 0 || calls > TB_MAX_CALLS || frames <= TB_WARM || frames > TB_MAX_FRAMES) {
		fprintf(stderr, "usage: transcode_bench [calls 1..%d] [frames %d..%d]\n",
			TB_MAX_CALLS, TB_WARM + 1, TB_MAX_FRAMES);
		return 2;
	}
	tb_dp_setup();
	for (unsigned k = 0; k < RTE_DIM(pairs); k++) {
		struct tb_pair *p = &pairs[k];
		struct tb_dp_result on, off;
		double ab, ba, codec;

		if (tb_make_frames(p, frames) != 0)
			return 1;
		/* Interleaved repeats, the least disturbed of each kept: the machine is
		 * shared, and disturbance only ever adds cycles. */
		memset(&on, 0, sizeof(on));
		memset(&off, 0, sizeof(off));
		ab = ba = on.ns_per_call_frame = off.ns_per_call_frame = 1e18;
		for (unsigned rep = 0; rep < REPEATS; rep++) {
			double x = tb_codec_ns(&p->a, &p->b, p->complexity);
			double y = tb_codec_ns(&p->b, &p->a, 0);
			struct tb_dp_result a, b;

			if (x < 0 || y < 0 || tb_dp_run(p, calls, frames, true, &a) != 0 ||
			    tb_dp_run(p, calls, frames, false, &b) != 0) {
				fprintf(stderr, "transcode_bench: %s failed\n", p->name);
				return 1;
			}
			ab = x < ab ? x : ab;
			ba = y < ba ? y : ba;
			if (a.ns_per_call_frame < on.ns_per_call_frame)
				on = a;
			if (b.ns_per_call_frame < off.ns_per_call_frame)
				off = b;
		}
		codec = ab + ba;
		printf("{\"bench\": \"transcode\", \"pair\": \"%s\", \"opus_complexity\": %u, "
		       "\"calls\": %u, \"frames\": %u, "
		       "\"codec_us_per_call_frame\": %.2f, \"codec_a_to_b_us\": %.2f, "
		       "\"codec_b_to_a_us\": %.2f, \"mc_us_per_call_frame\": %.2f, "
		       "\"mc_codec_counters_wall_us\": %.2f, \"overhead_us\": %.2f, "
		       "\"overhead_ratio\": %.3f, "
		       "\"codec_only_calls_per_core\": %.0f, \"mc_calls_per_core\": %.0f, "
		       "\"mc_jb_off_us_per_call_frame\": %.2f, \"concealed\": %llu, "
		       "\"latency_jb_off_p50_us\": %.1f, \"latency_jb_off_p99_us\": %.1f, "
		       "\"latency_jb_off_max_us\": %.1f}\n",
		       p->name, p->complexity, calls, frames, codec / 1e3, ab / 1e3,
		       ba / 1e3, on.ns_per_call_frame / 1e3,
		       on.codec_ns_per_call_frame / 1e3, (on.ns_per_call_frame - codec) / 1e3,
		       on.ns_per_call_frame / codec, 20e6 / codec,
		       20e6 / on.ns_per_call_frame,
		       off.ns_per_call_frame / 1e3,
		       (unsigned long long)on.concealed, off.lat_p50_us, off.lat_p99_us,
		       off.lat_max_us);
		fflush(stdout);
	}
	return 0;
}
