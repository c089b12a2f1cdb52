/* Transcoding, one direction of a call: what leg A's remote sends goes through A's
 * jitter buffer, is decoded (or concealed), resampled to B's codec rate, gathered into
 * B's packet time, encoded straight into a fresh mbuf and sent to B with media-core's
 * own SSRC, sequence and timestamp. The state hangs off A (leg->dp.tc).
 *
 * Life cycle: the control lcore creates it (every allocation happens there), hands it to
 * the worker by ADD or UPDATE (in leg_dp.tc), and frees it after the worker acknowledged
 * the DEL or the UPDATE that replaced it. The worker never allocates: it only takes mbufs
 * from the pool. On an UPDATE the worker carries the output stream (SSRC, sequence,
 * timestamp, pending audio) and, where the codec did not change, the jitter buffer and
 * codec states over into the new state (mc_tc_takeover), so the change lands at the next
 * frame without a gap or a timestamp jump. */
#ifndef MC_TC_H
#define MC_TC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mc_agc_ns.h"
#include "mc_codec.h"

#define MC_TC_JB_MIN_MS 20      /* default jitter buffer bounds */
#define MC_TC_JB_MAX_MS 200
#define MC_TC_TICK_MS 10        /* media tick period */
#define MC_TC_NO_PT 0xff

/* DTMF across a direction, from which sides list telephone-event:
 * both: RFC 4733 events renumbered and retimed into the output stream; only the
 * sender: events rendered as in-band tones; only the receiver: tones detected in the
 * decoded audio sent as events (and muted in the audio); neither: tones stay audio. */

struct mc_tc_side {
	enum mc_codec_id codec;
	const char *fmtp;       /* may be NULL; read at create only */
	uint8_t pt;             /* payload type of the codec on this side */
	uint8_t cn_pt;          /* RFC 3389 comfort noise PT, MC_TC_NO_PT if none */
	uint8_t tevent_pt;      /* RFC 4733 telephone-event PT (at the codec's RTP clock),
				 * MC_TC_NO_PT if none */
	uint16_t ptime;         /* ms: 10, 20, 30, 40, 60 (and any multiple of 10) */
};

struct mc_tc_params {
	struct mc_tc_side in;   /* what A's remote sends */
	struct mc_tc_side out;  /* what B's remote gets */
	bool jb_enabled;        /* false: decode on arrival */
	uint32_t jb_min_ms, jb_max_ms;   /* 0: the defaults */
	unsigned opus_complexity;        /* 0: lib/codec's default */
	/* AGC and noise suppression of A's audio (rate: set by mc_tc_create); with both
	 * off nothing is allocated and the audio is untouched. */
	struct mc_agc_ns_params audio;
	uint32_t ssrc;          /* of the output stream; seq and ts start from seed */
	uint32_t seed;
};

struct mc_tc;
struct mc_leg;
struct mc_leg_stats;
struct mc_pkt;
struct mc_rtp_hdr_view;
struct mc_worker;

/* Control lcore. NULL with a reason in err when a codec, rate or ptime is refused. */
struct mc_tc *mc_tc_create(const struct mc_tc_params *p, char *err, size_t errlen);
/* Control lcore, once no worker holds it: frees the buffered mbufs too. */
void mc_tc_destroy(struct mc_tc *t);

/* Worker: RTP of a transcoded leg after its source and statistics were checked;
 * consumes the packet (into the jitter buffer, or decoded at once when it is off). */
void mc_tc_input(struct mc_worker *w, struct mc_leg *leg, struct mc_pkt *pk,
		 const struct mc_rtp_hdr_view *v);
/* Worker: one media tick (MC_TC_TICK_MS) of leg's direction. */
void mc_tc_tick(struct mc_worker *w, struct mc_leg *leg);
/* Worker, applying an UPDATE: nw replaces old on a leg whose stats are st. */
void mc_tc_takeover(struct mc_tc *nw, struct mc_tc *old, struct mc_leg_stats *st);
/* Worker, /mc/dtmf/send: digits into the output stream of t (towards the peer of the
 * leg owning t): RFC 4733 events when that side negotiated telephone-event, else tones
 * in the audio. Returns how many were queued, or -ENOSPC (none) when they do not fit
 * (MC_DTMF_SEND_MAX at most). */
int mc_tc_dtmf_send(struct mc_tc *t, const char *digits, unsigned duration_ms);
/* Control lcore, for leg stats: the gain (dB) AGC applies to A's audio now; false when
 * t has no AGC. A word the worker writes, read without a lock like the counters. */
bool mc_tc_agc_gain_db(const struct mc_tc *t, int *db);
/* Worker loop: runs the media tick of every transcoded leg when due; returns the
 * number of legs served. */
unsigned mc_media_tick(struct mc_worker *w);

#endif
