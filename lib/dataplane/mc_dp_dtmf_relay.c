/* /mc/dtmf/send on a relayed leg with rewrite_ssrc: media-core owns the SSRC, sequence
 * numbers and timestamps of the stream it sends there, so its own RFC 4733 packets can
 * join it. Each digit starts one frame after the last relayed packet, takes the next
 * sequence number per packet (one every MC_DP_INJ_STEP_MS, the end three times) and
 * moves the relayed packets after it on by one each. The state lives in a small table
 * per worker, so relayed legs carry nothing for a feature they rarely use. */
#include "mc_dp_dtmf.h"

#include <errno.h>
#include <string.h>

#include "mc_dp.h"
#include "mc_dtmf.h"
#include "mc_session.h"
#include "mc_tc.h"
#include "mc_tevent.h"
#include "mc_wcmd.h"

#define MC_DP_INJ_LEGS 16       /* relayed legs sending digits at once, per worker */
#define MC_DP_INJ_STEP_MS 20
#define MC_DP_INJ_GAP_MS 50

struct relay_inj {
	struct mc_leg *to;          /* NULL: a free entry */
	struct mc_tevent_tx tx;
	bool on;                    /* tx is sending a digit that started at ts */
	uint32_t ts;
	uint8_t head, n, wait;      /* queue; media ticks until the next packet or digit */
	char q[MC_DTMF_SEND_MAX];
	uint16_t ms[MC_DTMF_SEND_MAX];
};

static struct relay_inj inj[MC_MAX_WORKERS][MC_DP_INJ_LEGS];
static unsigned n_busy[MC_MAX_WORKERS];

int mc_dp_dtmf_relay_queue(struct mc_worker *w, struct mc_leg *to, const char *digits,
			   unsigned duration_ms)
{
	struct relay_inj *e = NULL, *free_e = NULL;
	unsigned n = (unsigned)strlen(digits);

	if (!to->dp.rewrite || !to->dp.tevent)
		return -ENOTSUP;
	for (unsigned i = 0; i < MC_DP_INJ_LEGS; i++) {
		if (inj[w->index][i].to == to)
			e = &inj[w->index][i];
		else if (inj[w->index][i].to == NULL && free_e == NULL)
			free_e = &inj[w->index][i];
	}
	if (e == NULL) {
		if (free_e == NULL)
			return -ENOSPC;
		e = free_e;
		memset(e, 0, sizeof(*e));
	}
	if (n == 0 || e->n + n > MC_DTMF_SEND_MAX)
		return n ? -ENOSPC : -EINVAL;
	if (e->to == NULL) {
		e->to = to;
		n_busy[w->index]++;
	}
	for (unsigned k = 0; k < n; k++) {
		unsigned at = (e->head + e->n++) % MC_DTMF_SEND_MAX;

		e->q[at] = digits[k];
		e->ms[at] = (uint16_t)duration_ms;
	}
	return (int)n;
}

static void release(struct mc_worker *w, struct relay_inj *e)
{
	e->to = NULL;
	n_busy[w->index]--;
}

/* The next digit, once the relayed stream has started (its position is known). */
static void next_digit(struct relay_inj *e)
{
	const struct mc_rtp_rewriter *rw = &e->to->dp.rw;
	uint32_t rate = e->to->dp.clock_rate;
	unsigned at = e->head;

	if (!rw->started)
		return;
	e->head = (uint8_t)((e->head + 1) % MC_DTMF_SEND_MAX);
	e->n--;
	if (mc_tevent_tx_start(&e->tx, (uint8_t)mc_tevent_from_char(e->q[at]),
			       MC_DTMF_VOLUME_DEFAULT, (uint32_t)((uint64_t)e->ms[at] * rate / 1000u),
			       rate / 1000u * MC_DP_INJ_STEP_MS) == 0) {
		e->on = true;
		e->ts = rw->last_ts + rw->ts_step;
	}
}

static void step(struct mc_worker *w, struct relay_inj *e)
{
	struct mc_leg_dp *dp = &e->to->dp;
	uint8_t pl[MC_TEVENT_LEN];
	uint32_t off;
	bool marker;

	if (!dp->rewrite || !dp->tevent) {   /* an UPDATE took the way away */
		release(w, e);
		return;
	}
	if (e->wait > 0) {
		e->wait--;
		return;
	}
	if (!e->on)
		next_digit(e);
	if (!e->on)
		return;
	if (mc_tevent_tx_next(&e->tx, pl, &marker, &off) > 0) {
		/* The stream's next number; relayed packets after this one move on by one.
		 * off: the segment of a digit longer than 0xffff ticks (mc_tevent.h). */
		if (mc_dp_send_event(w, e->to, dp->tevent_pt, marker, (uint16_t)(dp->rw.last_seq + 1u),
				     e->ts + off, dp->rw.out_ssrc, pl)) {
			dp->rw.last_seq++;
			dp->rw.seq_off++;
		}
		e->wait = MC_DP_INJ_STEP_MS / MC_TC_TICK_MS - 1;
		return;
	}
	e->on = false;
	e->wait = MC_DP_INJ_GAP_MS / MC_TC_TICK_MS - 1;
	if (e->n == 0)
		release(w, e);
}

void mc_dp_dtmf_relay_tick(struct mc_worker *w)
{
	if (likely(n_busy[w->index] == 0))
		return;
	for (unsigned i = 0; i < MC_DP_INJ_LEGS; i++)
		if (inj[w->index][i].to != NULL)
			step(w, &inj[w->index][i]);
}

void mc_dp_dtmf_relay_forget(struct mc_worker *w, const struct mc_session *s)
{
	if (likely(n_busy[w->index] == 0))
		return;
	for (unsigned i = 0; i < MC_DP_INJ_LEGS; i++)
		if (inj[w->index][i].to != NULL && inj[w->index][i].to->session == s)
			release(w, &inj[w->index][i]);
}
