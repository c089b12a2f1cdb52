/* Rewriter set-up and the source-switch path; the per-packet part is inline. */
#include "mc_rtp_rewrite.h"

void mc_rtp_rewriter_init(struct mc_rtp_rewriter *rw, uint32_t out_ssrc, uint32_t ts_step)
{
	*rw = (struct mc_rtp_rewriter){
		.out_ssrc = out_ssrc,
		.ts_step = ts_step,
		.mark_on_switch = 1,
		.out_pt = -1,
	};
}

void mc_rtp_rewriter_switch(struct mc_rtp_rewriter *rw, uint32_t in_ssrc,
			    uint16_t in_seq, uint32_t in_ts)
{
	if (rw->started) {
		/* The new source's numbering is unrelated to the old one: re-anchor it
		 * right after the last packet sent, one frame later. */
		rw->seq_off = (uint16_t)(rw->last_seq + 1u - in_seq);
		rw->ts_off = rw->last_ts + rw->ts_step - in_ts;
		rw->switches++;
	}
	/* The first packet keeps the offsets set at init (0 unless the caller chose). */
	rw->in_ssrc = in_ssrc;
	rw->last_seq = (uint16_t)(in_seq + rw->seq_off - 1u);
	rw->last_ts = in_ts + rw->ts_off;
	rw->started = 1;
}
