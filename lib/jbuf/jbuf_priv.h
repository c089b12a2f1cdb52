/* Internal helpers shared by the jitter buffer's files. */
#ifndef MC_JBUF_PRIV_H
#define MC_JBUF_PRIV_H

#include "mc_jbuf.h"

/* Serial-number arithmetic: sign of the distance, valid within half the space. */
static inline int32_t jb_tsdiff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

static inline int32_t jb_seqdiff(uint16_t a, uint16_t b)
{
	return (int16_t)(uint16_t)(a - b);
}

static inline uint32_t jb_ms_to_ts(const struct mc_jbuf *jb, uint32_t ms)
{
	return (uint32_t)((uint64_t)ms * jb->p.clock_rate / 1000u);
}

static inline uint32_t jb_ts_to_ms(const struct mc_jbuf *jb, int64_t ts)
{
	return ts <= 0 ? 0 : (uint32_t)((uint64_t)ts * 1000u / jb->p.clock_rate);
}

static inline struct mc_jbuf_slot *jb_slot(const struct mc_jbuf *jb, uint16_t seq)
{
	return &jb->slots[seq & jb->mask];
}

static inline void jb_release(struct mc_jbuf *jb, void *handle)
{
	jb->st.discarded++;
	jb->p.release(jb->p.release_ctx, handle);
}

/* A packet skipped to shrink the buffer: to the drop callback when there is one (a
 * stateful decoder must still see it), released otherwise. Counted as discarded. */
static inline void jb_drop(struct mc_jbuf *jb, void *handle)
{
	jb->st.discarded++;
	if (jb->p.drop)
		jb->p.drop(jb->p.release_ctx, handle);
	else
		jb->p.release(jb->p.release_ctx, handle);
}

/* Removes the packet in slot s (which must be the next to play or older ones
 * already gone) and moves the play window past it. */
void jb_consume(struct mc_jbuf *jb, struct mc_jbuf_slot *s);
/* Lowest buffered sequence number's slot, or NULL. */
struct mc_jbuf_slot *jb_first(const struct mc_jbuf *jb);
/* Releases every buffered handle; counters of the cause are the caller's. */
void jb_release_all(struct mc_jbuf *jb);

/* Jitter estimator (jbuf_est.c). Transit = arrival - timestamp, RTP units. */
void jb_est_reset(struct mc_jbuf_est *e, uint32_t seed_spread);
void jb_est_restart(struct mc_jbuf_est *e);
void jb_est_add(struct mc_jbuf_est *e, uint32_t transit, uint32_t now, uint32_t blk_ts);
uint32_t jb_est_spread(const struct mc_jbuf_est *e);
uint32_t jb_est_base(const struct mc_jbuf_est *e);
/* Target delay over the base, clamped to [min, max]. */
uint32_t jb_target(const struct mc_jbuf *jb);

#endif
