/* Jitter estimator. Arrivals are grouped in blocks of MC_JBUF_BLOCK_MS; a block's
 * spread is its largest transit minus its smallest. Spreads within a block are
 * immune to clock drift and to a source restart (only differences count), which
 * is why the target is built from them rather than from an all-time minimum. */
#include "jbuf_priv.h"

void jb_est_reset(struct mc_jbuf_est *e, uint32_t seed_spread)
{
	/* Seeding with the start depth holds the target there until HIST blocks
	 * of real measurements have replaced it. */
	for (unsigned i = 0; i < MC_JBUF_HIST; i++)
		e->hist[i] = seed_spread;
	e->hist_pos = 0;
	e->blk_open = false;
	e->prev_valid = false;
}

static void close_block(struct mc_jbuf_est *e)
{
	e->hist[e->hist_pos] = e->cur_max - e->cur_min;
	e->hist_pos = (e->hist_pos + 1) % MC_JBUF_HIST;
	e->prev_min = e->cur_min;
	e->prev_valid = true;
	e->blk_open = false;
}

void jb_est_restart(struct mc_jbuf_est *e)
{
	/* The old source's spread is still valid jitter; its transit level is not. */
	if (e->blk_open)
		close_block(e);
	e->prev_valid = false;
}

void jb_est_add(struct mc_jbuf_est *e, uint32_t transit, uint32_t now, uint32_t blk_ts)
{
	if (e->blk_open && now - e->blk_start >= blk_ts) {
		bool stale = now - e->blk_start >= 2 * blk_ts;
		close_block(e);
		/* After a pause the previous level is old: with clock drift it
		 * would pull the base away from where packets arrive now. */
		if (stale)
			e->prev_valid = false;
	}
	if (!e->blk_open) {
		e->blk_open = true;
		e->blk_start = now;
		e->cur_min = e->cur_max = transit;
		return;
	}
	if (jb_tsdiff(transit, e->cur_min) < 0)
		e->cur_min = transit;
	if (jb_tsdiff(transit, e->cur_max) > 0)
		e->cur_max = transit;
}

uint32_t jb_est_spread(const struct mc_jbuf_est *e)
{
	uint32_t s = e->blk_open ? e->cur_max - e->cur_min : 0;
	for (unsigned i = 0; i < MC_JBUF_HIST; i++)
		if (e->hist[i] > s)
			s = e->hist[i];
	return s;
}

uint32_t jb_est_base(const struct mc_jbuf_est *e)
{
	if (!e->blk_open)
		return e->prev_min;
	if (e->prev_valid && jb_tsdiff(e->prev_min, e->cur_min) < 0)
		return e->prev_min;
	return e->cur_min;
}

uint32_t jb_target(const struct mc_jbuf *jb)
{
	uint32_t t = jb_est_spread(&jb->est);
	if (t < jb->min_ts)
		t = jb->min_ts;
	if (t > jb->max_ts)
		t = jb->max_ts;
	return t;
}
