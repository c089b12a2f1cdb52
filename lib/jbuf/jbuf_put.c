/* Insertion: sequence window, duplicates, late packets, overflow and source
 * restarts. Slots are indexed by sequence number, so reordering costs nothing:
 * a packet simply lands in its slot. */
#include <stdlib.h>

#include "jbuf_priv.h"

static void new_source(struct mc_jbuf *jb, const struct mc_jbuf_pkt *pkt)
{
	jb->have_src = true;
	jb->ssrc = pkt->ssrc;
	jb->head = pkt->seq;
	jb->hi_seq = (uint16_t)(pkt->seq - 1);
	jb->done = 0;
	jb->pending_empty = 0;
	/* The new stream is placed like the first talkspurt after a pause. */
	jb->gap = true;
	jb->fresh = true;
	jb->over = false;
	jb->late_pending = false;
	jb->play_ts = pkt->ts;
}

static void resync(struct mc_jbuf *jb, const struct mc_jbuf_pkt *pkt)
{
	jb_release_all(jb);
	jb->st.resyncs++;
	jb_est_restart(&jb->est);
	new_source(jb, pkt);
}

/* A restart shows as a timestamp that fits neither the sequence number (so it is
 * no pause) nor the arrival time (so it is no network stall), or as a sequence
 * number far behind while the timestamp is still ahead of playout. */
static bool restarted(const struct mc_jbuf *jb, const struct mc_jbuf_pkt *pkt,
		      uint32_t transit)
{
	int32_t dseq = jb_seqdiff(pkt->seq, jb->hi_seq);
	uint32_t expect = jb->hi_ts + (uint32_t)((int64_t)dseq * jb->hi_dur);
	bool ts_off = llabs((long long)jb_tsdiff(pkt->ts, expect)) > jb->resync_ts;
	bool t_off = llabs((long long)jb_tsdiff(transit, jb->hi_transit)) > jb->resync_ts;
	if (ts_off && t_off)
		return true;
	bool ts_late = jb->started && jb_tsdiff(pkt->ts, jb->play_ts) < 0;
	/* Once playing, a packet behind the next expected yet not behind what was played
	 * says the numbering jumped (one packet numbered ahead would otherwise make the
	 * stream "late" until it caught up); before, only far behind: it may simply be
	 * the stream's first, arriving second. */
	int32_t behind = jb->started ? 0 : -MC_JBUF_MAX_MISORDER;
	return jb_seqdiff(pkt->seq, jb->head) < behind && !ts_late;
}

/* Window would exceed capacity: the oldest sequence numbers make room. */
static int make_room(struct mc_jbuf *jb, uint16_t seq)
{
	uint16_t new_head = (uint16_t)(seq - jb->mask);
	uint32_t n = (uint16_t)(new_head - jb->head);
	unsigned before = jb->count;
	if (n > jb->mask) {
		jb_release_all(jb);
	} else {
		for (uint32_t i = 0; i < n && jb->count; i++) {
			struct mc_jbuf_slot *s = jb_slot(jb, (uint16_t)(jb->head + i));
			if (s->used) {
				s->used = 0;
				jb->count--;
				jb_release(jb, s->handle);
			}
		}
	}
	jb->done = n >= 64 ? 0 : jb->done << n;
	jb->head = new_head;
	jb->st.overflows += before - jb->count;
	return before != jb->count ? MC_JBUF_FULL : MC_JBUF_OK;
}

static void note_highest(struct mc_jbuf *jb, const struct mc_jbuf_pkt *pkt,
			 uint32_t transit, uint32_t dur)
{
	if (jb_seqdiff(pkt->seq, jb->hi_seq) <= 0)
		return;
	jb->hi_seq = pkt->seq;
	jb->hi_ts = pkt->ts;
	jb->hi_dur = dur;
	jb->hi_transit = transit;
}

static int discard(struct mc_jbuf *jb, void *handle, int why)
{
	if (why == MC_JBUF_LATE) {
		jb->st.late++;
	} else {
		jb->st.duplicates++;
	}
	jb_release(jb, handle);
	return why;
}

int mc_jbuf_put(struct mc_jbuf *jb, const struct mc_jbuf_pkt *pkt, uint32_t now_ts)
{
	if (!jb || !pkt || !pkt->handle)
		return MC_JBUF_EINVAL;
	jb->st.packets++;
	uint32_t dur = pkt->dur ? pkt->dur : jb->p.frame_ts;
	uint32_t transit = now_ts - pkt->ts;
	int res = MC_JBUF_OK;
	if (!jb->have_src) {
		new_source(jb, pkt);
	} else if (pkt->ssrc != jb->ssrc || restarted(jb, pkt, transit)) {
		resync(jb, pkt);
		res = MC_JBUF_RESYNC;
	}
	int32_t d = jb_seqdiff(pkt->seq, jb->head);
	/* The distance to top unsigned: half the space away is not "within mask". */
	if (d < 0 && jb->fresh &&
	    (!jb->count || (uint16_t)(jb->top - pkt->seq) <= jb->mask)) {
		/* Nothing of this stream played yet: an earlier packet that arrives
		 * second simply becomes the first. */
		jb->head = pkt->seq;
		if (jb_tsdiff(pkt->ts, jb->play_ts) < 0)
			jb->play_ts = pkt->ts;
		d = 0;
	}
	if (d < 0) {
		bool played = -d <= 64 && (jb->done >> (-d - 1)) & 1;
		if (!played) {
			jb_est_add(&jb->est, transit, now_ts, jb->blk_ts);
			note_highest(jb, pkt, transit, dur);
		}
		return discard(jb, pkt->handle, played ? MC_JBUF_DUPLICATE : MC_JBUF_LATE);
	}
	struct mc_jbuf_slot *s = jb_slot(jb, pkt->seq);
	if (s->used && s->seq == pkt->seq)
		return discard(jb, pkt->handle, MC_JBUF_DUPLICATE);
	/* Late packets still tell how late the network is: the estimator sees them
	 * and the target grows at once. */
	jb_est_add(&jb->est, transit, now_ts, jb->blk_ts);
	note_highest(jb, pkt, transit, dur);
	if (jb->p.enabled && jb->started && jb_tsdiff(pkt->ts, jb->play_ts) < 0) {
		jb->late_pending = true;   /* late in time, not only by number */
		return discard(jb, pkt->handle, MC_JBUF_LATE);
	}
	if ((uint32_t)d > jb->mask) {
		int r = make_room(jb, pkt->seq);
		if (res == MC_JBUF_OK)
			res = r;
	}
	s->handle = pkt->handle;
	s->ts = pkt->ts;
	s->dur = dur;
	s->seq = pkt->seq;
	s->marker = pkt->marker;
	s->used = 1;
	if (!jb->count++ || jb_seqdiff(pkt->seq, jb->top) > 0)
		jb->top = pkt->seq;
	return res;
}
