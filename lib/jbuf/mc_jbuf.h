/* Adaptive jitter buffer for one received RTP stream. Plain C: it stores opaque
 * payload handles (the dataplane's mbufs) and never touches or copies payloads.
 * Every handle given to mc_jbuf_put is owned by the buffer until mc_jbuf_get hands
 * it out (then the caller owns it) or the buffer discards it through the release
 * callback: each handle leaves exactly once.
 *
 * Time is in RTP clock units throughout: packet timestamps in the sender's clock,
 * "now" in the receiver's clock converted by the caller (so tests can give exact
 * times). Sequence numbers wrap at 2^16 and timestamps at 2^32.
 *
 * State is allocated once by mc_jbuf_init; put and get never allocate, lock or
 * make system calls. See docs/jbuf.md for the playout and adaptation rules. */
#ifndef MC_JBUF_H
#define MC_JBUF_H

#include <stdbool.h>
#include <stdint.h>

/* Jitter history: blocks of MC_JBUF_BLOCK_MS of arrivals; the target covers the
 * largest spread seen in the last MC_JBUF_HIST blocks, so it grows on the first
 * late packet and falls only after HIST blocks without one. */
#define MC_JBUF_HIST 8
#define MC_JBUF_BLOCK_MS 500
/* A buffer deeper than its target by a frame drops a frame only after staying
 * too deep this long (talkspurt starts usually absorb it for free before). */
#define MC_JBUF_SHRINK_HOLD_MS 1000
/* Timestamp and arrival both off by more than this (or by 2 * max_ms if larger):
 * the source restarted its timestamps. */
#define MC_JBUF_RESYNC_MS 1000
/* A sequence number this far behind the next expected, yet not late by its
 * timestamp: the source restarted its sequence numbers. */
#define MC_JBUF_MAX_MISORDER 100

/* mc_jbuf_put results. The handle is the buffer's in every case. */
enum mc_jbuf_put_result {
	MC_JBUF_EINVAL = -1,   /* NULL buffer or handle: nothing taken */
	MC_JBUF_OK = 0,
	MC_JBUF_DUPLICATE,     /* same seq buffered or already played: released */
	MC_JBUF_LATE,          /* its playout time has passed: released */
	MC_JBUF_RESYNC,        /* new SSRC, timestamp or sequence restart: old
				  packets released, stored as the new stream's first */
	MC_JBUF_FULL,          /* stored; older packets released to make room */
};

/* What mc_jbuf_get produced for this playout slot. */
enum mc_jbuf_why {
	MC_JBUF_FRAME = 0,     /* a packet: decode it */
	MC_JBUF_NOT_STARTED,   /* nothing to play yet: silence */
	MC_JBUF_LOST,          /* the packet is known missing (sequence gap): conceal */
	MC_JBUF_EMPTY,         /* nothing buffered (loss, late or end of talkspurt):
				  conceal, fading to comfort noise on long runs */
	MC_JBUF_DTX,           /* the sender paused (timestamp gap without a sequence
				  gap) or a new source waits its turn: comfort noise */
	MC_JBUF_STRETCH,       /* the buffer grows by one frame: conceal, nothing lost */
};

struct mc_jbuf_params {
	uint32_t clock_rate;   /* RTP clock, Hz */
	uint32_t frame_ts;     /* playout period (the media tick) in RTP units */
	uint32_t min_ms, max_ms, start_ms; /* adaptive depth bounds, initial depth */
	bool enabled;          /* false: no delay, packets leave on the next get */
	unsigned capacity;     /* packet slots, power of two, 2..32768 */
	void (*release)(void *ctx, void *handle); /* frees a discarded handle */
	/* Optional: takes a packet dropped to shrink the buffer instead of release (it owns
	 * and frees it). A caller whose decoder carries state from packet to packet (G.722,
	 * G.729, Opus) decodes it there and discards the audio, so the next packet decodes
	 * right. Called from mc_jbuf_get, before it returns the slot's result. */
	void (*drop)(void *ctx, void *handle);
	void *release_ctx;       /* ctx of release and drop */
};

struct mc_jbuf_pkt {
	void *handle;
	uint32_t ssrc;
	uint32_t ts;
	uint32_t dur;          /* RTP units of audio in the packet; 0: frame_ts */
	uint16_t seq;
	bool marker;
};

struct mc_jbuf_out {
	enum mc_jbuf_why why;
	uint32_t ts;           /* playout timestamp of this slot */
	uint32_t dur;          /* RTP units it covers: the packet's or frame_ts */
	uint16_t seq;          /* FRAME only */
	bool marker;           /* FRAME only: the packet's marker bit */
	uint16_t lost_before;  /* FRAME in disabled mode: sequence numbers skipped */
};

struct mc_jbuf_stats {
	uint32_t depth_ms;     /* audio buffered past the playout point, at the last get */
	uint32_t peak_ms;      /* largest depth_ms */
	uint32_t target_ms;    /* adaptive target playout delay */
	uint32_t delay_ms;     /* playout delay over the fastest recent packet */
	uint64_t packets;      /* handles given to put */
	uint64_t delivered;    /* handed out by get */
	uint64_t late;         /* arrived after their playout: released */
	uint64_t duplicates;   /* released */
	uint64_t overflows;    /* released to make room */
	uint64_t dropped;      /* released to shrink the buffer (drift, jitter fell) */
	uint64_t discarded;    /* every handle released, whatever the reason */
	uint64_t concealed;    /* LOST and EMPTY frames, minus EMPTY ones later found
				  to be a sender pause */
	uint64_t stretched;    /* STRETCH frames */
	uint64_t dtx;          /* DTX frames */
	uint64_t resyncs;
};

/* Private state, public only so a leg can embed the buffer. */
struct mc_jbuf_slot {
	void *handle;
	uint32_t ts, dur;
	uint16_t seq;
	uint8_t used, marker;
};

struct mc_jbuf_est {
	uint32_t hist[MC_JBUF_HIST]; /* transit spread per closed block */
	unsigned hist_pos;
	uint32_t blk_start, cur_min, cur_max, prev_min;
	bool blk_open, prev_valid;
};

struct mc_jbuf {
	struct mc_jbuf_params p;
	uint32_t min_ts, max_ts, start_ts, blk_ts, hold_ts, resync_ts;
	struct mc_jbuf_slot *slots;
	uint32_t mask;
	unsigned count;
	uint16_t head;         /* next sequence number to play */
	uint16_t top;          /* highest buffered sequence number (count > 0) */
	uint64_t done;         /* bit i: seq head-1-i was played or dropped */
	bool have_src, started, gap, fresh, over;
	bool concealed_last;   /* the last get was STRETCH, LOST or EMPTY */
	/* A packet came after its slot was played and no STRETCH followed yet: the delay
	 * is short whatever the estimate says. (Its transit may lie within the spread while
	 * the slot grid sits just before the packets', e.g. shifted by a short frame: less
	 * than the quarter frame "shallow" allows, every packet late, for ever.) */
	bool late_pending;
	uint32_t ssrc;
	uint16_t hi_seq;       /* highest seq received, for restart detection */
	uint32_t hi_ts, hi_dur, hi_transit;
	uint32_t play_ts;      /* next timestamp to play */
	uint32_t over_since;
	uint32_t pending_empty;
	struct mc_jbuf_est est;
	struct mc_jbuf_stats st;
};

/* Allocates the slots (the only allocation). Returns 0 or -EINVAL / -ENOMEM. */
int mc_jbuf_init(struct mc_jbuf *jb, const struct mc_jbuf_params *p);
/* Insert on arrival; now_ts: arrival time in the receiver's RTP clock. */
int mc_jbuf_put(struct mc_jbuf *jb, const struct mc_jbuf_pkt *pkt, uint32_t now_ts);
/* Called when the decoder needs the next frame_ts of audio (once per media tick;
 * after a FRAME of dur > frame_ts, again only dur later). Returns the packet's
 * handle (ownership passes to the caller) or NULL; out says why and for which
 * timestamp. Adapts the depth: see docs/jbuf.md. */
void *mc_jbuf_get(struct mc_jbuf *jb, uint32_t now_ts, struct mc_jbuf_out *out);
/* Changes the adaptive depth bounds of a running buffer, keeping what it holds (the
 * target moves into the new bounds at the next get). 0 or -EINVAL (min > max). */
int mc_jbuf_set_bounds(struct mc_jbuf *jb, uint32_t min_ms, uint32_t max_ms);
/* The handle of the buffered packet with timestamp ts that is still to be played, or
 * NULL. The buffer keeps it (and hands it out by get in its turn). */
const void *mc_jbuf_peek(const struct mc_jbuf *jb, uint32_t ts);
/* Releases every buffered handle and waits for a new stream (the jitter history
 * and the statistics are kept). */
void mc_jbuf_flush(struct mc_jbuf *jb);
/* Flush and free the slots. */
void mc_jbuf_free(struct mc_jbuf *jb);
const struct mc_jbuf_stats *mc_jbuf_stats(const struct mc_jbuf *jb);

const char *mc_jbuf_why_name(enum mc_jbuf_why why);
const char *mc_jbuf_put_result_name(int result);

#endif
