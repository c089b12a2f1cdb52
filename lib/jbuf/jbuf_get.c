/* Playout: one decision per media tick. The playout delay P (now - the next
 * timestamp to play) is steered toward base + target, where base is the fastest
 * recent transit and target the measured jitter spread within [min, max]:
 * - too shallow (P below it by more than a quarter frame): grow by one frame at
 *   once (STRETCH), since the next late packet is a lost one, and by one frame every
 *   other get while still too shallow; the quarter frame keeps a talkspurt placed at
 *   the target from stretching on slight drift;
 * - too deep by a frame and a half for MC_JBUF_SHRINK_HOLD_MS (or beyond max): drop a
 *   frame. The half frame of slack is the phase of the get grid: a packet placed at the
 *   target waits for the next get, so a stream that arrives like clockwork still sits
 *   anywhere up to a frame above the target, and a little arrival noise lowering the
 *   base must not turn that into a drop of clean audio;
 * - at a talkspurt start after a pause the next packet is simply placed at the
 *   target, which absorbs clock drift and target changes without touching speech.
 * P only changes by these moves, so a steady stream keeps a constant delay. */
#include <stddef.h>

#include "jbuf_priv.h"

static void *deliver(struct mc_jbuf *jb, struct mc_jbuf_slot *s, struct mc_jbuf_out *out)
{
	void *h = s->handle;
	out->why = MC_JBUF_FRAME;
	out->ts = s->ts;
	out->dur = s->dur;
	out->seq = s->seq;
	out->marker = s->marker;
	out->lost_before = (uint16_t)(s->seq - jb->head);
	jb_consume(jb, s);
	jb->pending_empty = 0;
	jb->st.delivered++;
	return h;
}

static void *idle(struct mc_jbuf *jb, enum mc_jbuf_why why, struct mc_jbuf_out *out)
{
	out->why = why;
	out->ts = jb->play_ts;
	out->dur = jb->p.frame_ts;
	switch (why) {
	case MC_JBUF_EMPTY:
		jb->pending_empty++;
		/* fall through */
	case MC_JBUF_LOST:
		jb->st.concealed++;
		jb->play_ts += jb->p.frame_ts;
		break;
	case MC_JBUF_STRETCH:
		jb->st.stretched++;
		break;
	case MC_JBUF_DTX:
		jb->st.dtx++;
		break;
	default:
		break;
	}
	return NULL;
}

/* A stream start, a new source or the end of a pause: s plays once the delay it
 * would get reaches the target. */
static void *wait_turn(struct mc_jbuf *jb, struct mc_jbuf_slot *s, uint32_t now,
		       uint32_t pt, struct mc_jbuf_out *out)
{
	if (jb_tsdiff(now - s->ts, pt) >= 0) {
		jb->gap = false;
		jb->started = true;
		jb->over = false;
		jb->play_ts = s->ts;
		return deliver(jb, s, out);
	}
	if (!jb->started)
		return idle(jb, MC_JBUF_NOT_STARTED, out);
	idle(jb, MC_JBUF_DTX, out);
	/* Kept at or before s so that late-packet checks stay right. */
	if (jb_tsdiff(s->ts, jb->play_ts + jb->p.frame_ts) >= 0)
		jb->play_ts += jb->p.frame_ts;
	else
		jb->play_ts = s->ts;
	return NULL;
}

static bool should_drop(struct mc_jbuf *jb, const struct mc_jbuf_slot *s, uint32_t now,
			int32_t e, int32_t delay)
{
	int32_t slack = (int32_t)(jb->p.frame_ts / 2);

	if (e >= (int32_t)jb->p.frame_ts + slack) {
		if (!jb->over) {
			jb->over = true;
			jb->over_since = now;
		}
	} else {
		jb->over = false;
	}
	/* Beyond max the bound is hard: no slack, no hold (e > dur since target <= max). */
	if ((int64_t)delay - s->dur > (int64_t)jb->max_ts)
		return true;
	return e >= (int32_t)s->dur + slack && now - jb->over_since >= jb->hold_ts;
}

static void *play(struct mc_jbuf *jb, uint32_t now, struct mc_jbuf_out *out, bool may_drop)
{
	struct mc_jbuf_slot *s = jb_first(jb);
	if (!jb->started && !s)
		return idle(jb, MC_JBUF_NOT_STARTED, out);
	uint32_t base = jb_est_base(&jb->est);
	uint32_t target = jb_target(jb);
	uint32_t pt = base + target;
	int32_t delay = jb_tsdiff(now - jb->play_ts, base);
	int32_t e = jb_tsdiff(now - jb->play_ts, pt);
	/* A quarter frame of slack keeps a stream placed at the target from stretching on
	 * drift, but a packet that actually came late says the delay is short (up to max:
	 * beyond it nothing is stretched for). */
	bool shallow = e < -(int32_t)(jb->p.frame_ts / 4) ||
		       (jb->late_pending && delay < (int32_t)jb->max_ts);
	jb->st.target_ms = jb_ts_to_ms(jb, target);
	if (!s)
		return idle(jb, shallow ? MC_JBUF_STRETCH : MC_JBUF_EMPTY, out);
	bool ahead = jb_tsdiff(s->ts, jb->play_ts + jb->p.frame_ts) >= 0;
	if (!jb->gap && s->seq == jb->head && (ahead || jb->pending_empty)) {
		/* A timestamp gap, or a run of EMPTY frames, without a sequence gap:
		 * the sender paused, so those EMPTY frames were silence, not loss. */
		jb->st.concealed -= jb->pending_empty;
		jb->st.dtx += jb->pending_empty;
		jb->pending_empty = 0;
		jb->gap = true;
	}
	if (jb->gap)
		return wait_turn(jb, s, now, pt, out);
	/* Growing by several frames (a delay spike) alternates stretches with real frames,
	 * and never stretches right after a concealed slot: a run of concealed frames
	 * fades out to a hole in the audio. */
	if (shallow && !jb->concealed_last)
		return idle(jb, MC_JBUF_STRETCH, out);
	if (ahead)
		return idle(jb, MC_JBUF_LOST, out);
	if (may_drop && should_drop(jb, s, now, e, delay)) {
		void *h = s->handle;
		jb_consume(jb, s);
		jb->st.dropped++;
		jb->over = false;
		jb_drop(jb, h);
		return play(jb, now, out, false);
	}
	return deliver(jb, s, out);
}

static void *get_direct(struct mc_jbuf *jb, struct mc_jbuf_out *out)
{
	struct mc_jbuf_slot *s = jb_first(jb);
	if (!s) {
		out->why = jb->started ? MC_JBUF_EMPTY : MC_JBUF_NOT_STARTED;
		out->ts = jb->play_ts;
		out->dur = jb->p.frame_ts;
		return NULL;
	}
	jb->started = true;
	jb->gap = false;
	return deliver(jb, s, out);
}

void *mc_jbuf_get(struct mc_jbuf *jb, uint32_t now_ts, struct mc_jbuf_out *out)
{
	struct mc_jbuf_out tmp;
	if (!out)
		out = &tmp;
	*out = (struct mc_jbuf_out){0};
	void *h = jb->p.enabled ? play(jb, now_ts, out, true) : get_direct(jb, out);
	if (out->why == MC_JBUF_STRETCH)
		jb->late_pending = false;
	jb->concealed_last = out->why == MC_JBUF_STRETCH || out->why == MC_JBUF_LOST ||
			     out->why == MC_JBUF_EMPTY;
	if (jb->p.enabled && out->why != MC_JBUF_NOT_STARTED)
		jb->st.delay_ms = jb_ts_to_ms(jb, jb_tsdiff(now_ts - out->ts, jb_est_base(&jb->est)));
	int64_t depth = 0;
	if (jb->count) {
		const struct mc_jbuf_slot *t = jb_slot(jb, jb->top);
		depth = jb_tsdiff(t->ts + t->dur, jb->play_ts);
	}
	jb->st.depth_ms = jb_ts_to_ms(jb, depth);
	if (jb->st.depth_ms > jb->st.peak_ms)
		jb->st.peak_ms = jb->st.depth_ms;
	return h;
}
