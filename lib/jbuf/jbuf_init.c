/* Jitter buffer life cycle and the slot ring shared by put and get. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jbuf_priv.h"

static bool params_ok(const struct mc_jbuf_params *p)
{
	if (!p->clock_rate || !p->frame_ts || !p->release)
		return false;
	if (p->capacity < 2 || p->capacity > 32768 || (p->capacity & (p->capacity - 1)))
		return false;
	return !p->enabled || (p->min_ms <= p->start_ms && p->start_ms <= p->max_ms);
}

int mc_jbuf_init(struct mc_jbuf *jb, const struct mc_jbuf_params *p)
{
	if (!jb || !p || !params_ok(p))
		return -EINVAL;
	memset(jb, 0, sizeof(*jb));
	jb->p = *p;
	jb->slots = calloc(p->capacity, sizeof(*jb->slots));
	if (!jb->slots)
		return -ENOMEM;
	jb->mask = p->capacity - 1;
	jb->min_ts = jb_ms_to_ts(jb, p->min_ms);
	jb->max_ts = jb_ms_to_ts(jb, p->max_ms);
	jb->start_ts = jb_ms_to_ts(jb, p->start_ms);
	jb->blk_ts = jb_ms_to_ts(jb, MC_JBUF_BLOCK_MS);
	jb->hold_ts = jb_ms_to_ts(jb, MC_JBUF_SHRINK_HOLD_MS);
	uint32_t rs = MC_JBUF_RESYNC_MS > 2 * p->max_ms ? MC_JBUF_RESYNC_MS : 2 * p->max_ms;
	jb->resync_ts = jb_ms_to_ts(jb, rs);
	jb_est_reset(&jb->est, jb->start_ts);
	jb->st.target_ms = p->enabled ? p->start_ms : 0;
	return 0;
}

void jb_release_all(struct mc_jbuf *jb)
{
	for (uint32_t i = 0; i <= jb->mask && jb->count; i++) {
		struct mc_jbuf_slot *s = &jb->slots[i];
		if (s->used) {
			s->used = 0;
			jb->count--;
			jb_release(jb, s->handle);
		}
	}
}

void mc_jbuf_flush(struct mc_jbuf *jb)
{
	jb_release_all(jb);
	jb->have_src = jb->started = jb->gap = jb->over = false;
	jb->pending_empty = 0;
	jb->done = 0;
	jb_est_restart(&jb->est);
}

void mc_jbuf_free(struct mc_jbuf *jb)
{
	if (!jb || !jb->slots)
		return;
	mc_jbuf_flush(jb);
	free(jb->slots);
	jb->slots = NULL;
}

const struct mc_jbuf_stats *mc_jbuf_stats(const struct mc_jbuf *jb)
{
	return &jb->st;
}

struct mc_jbuf_slot *jb_first(const struct mc_jbuf *jb)
{
	if (!jb->count)
		return NULL;
	/* Buffered packets lie in [head, top]; the scan stops at the first. */
	uint16_t n = (uint16_t)(jb->top - jb->head);
	for (uint32_t i = 0; i <= n; i++) {
		struct mc_jbuf_slot *s = jb_slot(jb, (uint16_t)(jb->head + i));
		if (s->used && s->seq == (uint16_t)(jb->head + i))
			return s;
	}
	return NULL;
}

void jb_consume(struct mc_jbuf *jb, struct mc_jbuf_slot *s)
{
	uint32_t adv = (uint16_t)(s->seq + 1 - jb->head);
	jb->done = adv >= 64 ? 0 : jb->done << adv;
	jb->done |= 1;
	jb->head = (uint16_t)(s->seq + 1);
	s->used = 0;
	jb->count--;
	jb->play_ts = s->ts + s->dur;
	jb->fresh = false;
}

const char *mc_jbuf_why_name(enum mc_jbuf_why why)
{
	static const char *const names[] = {
		"frame", "not_started", "lost", "empty", "dtx", "stretch",
	};
	return (unsigned)why < sizeof(names) / sizeof(names[0]) ? names[why] : "?";
}

const char *mc_jbuf_put_result_name(int result)
{
	static const char *const names[] = {
		"ok", "duplicate", "late", "resync", "full",
	};
	if (result == MC_JBUF_EINVAL)
		return "einval";
	return result >= 0 && result < 5 ? names[result] : "?";
}
