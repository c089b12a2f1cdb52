/* Loss events frame by frame from the receive statistics' 128-sequence window: a
 * sequence number is settled once it is MC_Q_REORDER behind the highest, so a packet
 * that is merely reordered is not taken for lost. Work is done by the sweep, not per
 * packet; a leg must be visited before its window slides past what is unsettled (at
 * 50 packets/s and MC_Q_SWEEP_MS that is a wide margin); what slid past is counted as
 * unsettled and left out of the E-model. */
#include "mc_q.h"

static bool seen(const struct mc_rtp_stats *st, uint32_t k)
{
	return (st->seen[k >> 6] >> (k & 63)) & 1;
}

void mc_q_settle(struct mc_leg_quality *q, const struct mc_rtp_stats *st, bool all)
{
	int64_t max, end, from;

	if (!st->started || st->probation)
		return;
	/* A new source or a restart re-anchors the window (mc_rtp_stats init_seq). */
	if (!q->settling || q->settle_ssrc != st->ssrc || q->settle_resyncs != st->resyncs) {
		q->settling = true;
		q->settle_ssrc = st->ssrc;
		q->settle_resyncs = st->resyncs;
		q->settle_next = st->base_seq;
	}
	max = mc_rtp_stats_ext_max(st);
	end = max - (all ? 0 : MC_Q_REORDER);
	from = q->settle_next;
	if (end < from)
		return;
	if (max - from >= 128) {
		q->unsettled += (uint64_t)(max - 127 - from);
		from = max - 127;
	}
	for (int64_t s = from; s <= end; s++) {
		bool lost = !seen(st, (uint32_t)(max - s));

		mc_quality_frame(&q->acc, lost);
		mc_xr_burst_packet(&q->xr_burst, lost ? MC_XR_PKT_LOST : MC_XR_PKT_RECEIVED);
		q->settled++;
		q->settled_lost += lost;
	}
	q->settle_next = (uint32_t)(end + 1);
}
