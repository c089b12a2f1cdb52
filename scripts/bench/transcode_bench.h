/* Transcoding benchmark (not a test): the bare codec chain of a transcoded direction
 * (decode -> resample -> encode, lib/codec and lib/dsp called directly) against
 * media-core's worker doing the same frames for N calls in process (net_ring ports,
 * fake media clock, cycles counted around mc_worker_iterate_at). */
#ifndef TRANSCODE_BENCH_H
#define TRANSCODE_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mc_codec.h"

#define TB_MAX_FRAMES 500
#define TB_MAX_PL 400
#define TB_WARM 10          /* frames not timed at the start of each run */
#define TB_MAX_CALLS 120    /* worker 0's share of the harness's media ports */

/* One side of a call: its codec and the payloads its remote sends (20 ms each). */
struct tb_side {
	enum mc_codec_id codec;
	uint8_t pt;
	const char *fmtp;
	unsigned pcm_rate;          /* the transcoder's PCM rate for this codec */
	unsigned rtp_step;          /* RTP timestamp units per 20 ms */
	unsigned n;
	uint16_t len[TB_MAX_FRAMES];
	uint8_t pl[TB_MAX_FRAMES][TB_MAX_PL];
};

struct tb_pair {
	const char *name;
	struct tb_side a, b;        /* a: PCMU caller, b: the other codec */
	unsigned complexity;        /* Opus encoder; 0 = lib/codec's default */
};

/* transcode_frames.c */
/* Fills both sides' payloads: F frames of a voiced test signal, encoded by lib/codec at
 * the rates the transcoder uses. Returns 0 or -1 with a message on stderr. */
int tb_make_frames(struct tb_pair *p, unsigned frames);
/* Bare chain, one direction: CPU ns per 20 ms frame (decode + resample + encode). */
double tb_codec_ns(const struct tb_side *in, const struct tb_side *out, unsigned cx);
/* CPU time of this thread: time spent descheduled (the machine is shared) is not in it,
 * where the TSC would count it. */
uint64_t tb_cpu_ns(void);

/* transcode_dp.c */
struct tb_dp_result {
	double ns_per_call_frame;       /* worker CPU ns / (calls x frames), both directions */
	double codec_ns_per_call_frame; /* media-core's own decode+encode TSC counters: wall time, so
					 * they include any time the thread was descheduled */
	uint64_t frames_out, concealed;
	double lat_p50_us, lat_p99_us, lat_max_us;  /* jitter buffer off runs only */
};

void tb_dp_setup(void);
/* N calls of the pair for `frames` frames each, jitter buffer on or off. */
int tb_dp_run(const struct tb_pair *p, unsigned calls, unsigned frames, bool jbuf,
	      struct tb_dp_result *r);

#endif
