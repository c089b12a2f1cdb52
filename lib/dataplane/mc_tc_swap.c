/* A mid-call change on the worker: the new state continues the old one's output stream
 * and, where a side's codec did not change, its jitter buffer and codec states, so the
 * change lands at the next frame with no gap and no timestamp jump. What nw does not take
 * stays in old (swapped, never copied), and the control lcore frees old after the ack. */
#include "mc_tc_priv.h"

#include <string.h>

#include "mc_session.h"

#define SWAP(a, b) do { __typeof__(a) tmp_ = (a); (a) = (b); (b) = tmp_; } while (0)

static bool same_side(const struct mc_tc_side *a, const struct mc_tc_side *b)
{
	return a->codec == b->codec && a->pt == b->pt && a->cn_pt == b->cn_pt &&
	       a->ptime == b->ptime;
}

static void take_input(struct mc_tc *nw, struct mc_tc *old, const struct mc_leg_stats *st)
{
	if (same_side(&nw->p.in, &old->p.in) && nw->p.jb_enabled == old->p.jb_enabled &&
	    nw->in_pcm_rate == old->in_pcm_rate) {
		SWAP(nw->jb, old->jb);
		/* Its callbacks' context is the state that owns it (and its decoder). */
		nw->jb.p.release_ctx = nw;
		old->jb.p.release_ctx = old;
		/* The buffer carries on, within the bounds the leg asks for now. */
		mc_jbuf_set_bounds(&nw->jb, old->jb.p.min_ms, old->jb.p.max_ms);
		SWAP(nw->dec, old->dec);
		nw->base_late = old->base_late;
		nw->base_discarded = old->base_discarded;
		nw->wait_ms = old->wait_ms;
		nw->in_dtx = old->in_dtx;
		nw->empty_run = old->empty_run;
		nw->next_in_ts = old->next_in_ts;
		nw->seq_started = old->seq_started;
		nw->cn = old->cn;
		return;
	}
	/* Another codec arrives from now on: what is buffered is of the old one. */
	mc_jbuf_flush(&old->jb);
	nw->base_late = st->jb_late;
	nw->base_discarded = st->jb_discarded;
}

static void take_output(struct mc_tc *nw, struct mc_tc *old)
{
	nw->ssrc = old->ssrc;
	nw->seq = old->seq;
	nw->ts = old->ts;
	nw->mark = old->mark;
	if (same_side(&nw->p.out, &old->p.out) && nw->out_pcm_rate == old->out_pcm_rate)
		SWAP(nw->enc, old->enc);
	if (nw->in_pcm_rate == old->in_pcm_rate && nw->out_pcm_rate == old->out_pcm_rate &&
	    nw->rs != NULL && old->rs != NULL)
		SWAP(nw->rs, old->rs);
	/* Audio gathered towards the next packet carries over at the same rate; at another
	 * rate it is dropped (less than one packet time) rather than played wrong. */
	if (nw->out_pcm_rate == old->out_pcm_rate && old->acc_n <= RTE_DIM(nw->acc)) {
		memcpy(nw->acc, old->acc, old->acc_n * sizeof(*old->acc));
		nw->acc_n = old->acc_n;
	}
}

/* A digit in progress carries on when DTMF works the same way at the same rates. */
static void take_dtmf(struct mc_tc *nw, struct mc_tc *old)
{
	if (nw->dtmf != old->dtmf || nw->in_rtp_rate != old->in_rtp_rate ||
	    nw->out_pcm_rate != old->out_pcm_rate || nw->out_rtp_rate != old->out_rtp_rate ||
	    nw->det_rate != old->det_rate)
		return;
	SWAP(nw->t2e, old->t2e);
	SWAP(nw->e2t, old->e2t);
	nw->ev_have = old->ev_have;
	nw->ev_out_ts = old->ev_out_ts;
}

void mc_tc_takeover(struct mc_tc *nw, struct mc_tc *old, struct mc_leg_stats *st)
{
	take_dtmf(nw, old);
	mc_tc_dtmf_take(nw, old);
	mc_tc_audio_take(nw, old);
	nw->bye_seen = old->bye_seen;
	take_input(nw, old, st);
	take_output(nw, old);
}
