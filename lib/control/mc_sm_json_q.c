/* The worker writes leg->q; the control lcore reads it without locks like the other
 * counters (aligned words, one writer). A figure read while an interval is being rated
 * may mix two intervals; it is a report, not an input. */
#include "mc_sm_json_q.h"

#include "mc_rtcp.h"
#include "mc_rtp_stats.h"

static json_t *real_or_null(bool have, double v)
{
	return have ? json_real(v) : json_null();
}

/* R and MOS: current (last interval), minimum and average; null before a first rating
 * (no media from the remote yet). */
static json_t *quality(const struct mc_leg_quality *q)
{
	const struct mc_quality_leg *a = &q->acc;

	if (!q->inited || a->intervals == 0)
		return json_null();
	return json_pack("{s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:I,s:b}",
		"r", a->r, "mos", a->mos, "r_min", a->r_min, "mos_min", a->mos_min,
		"r_avg", mc_quality_r_avg(a), "mos_avg", mc_quality_mos_avg(a),
		"loss_percent", a->ppl, "burst_ratio", a->burst_r, "delay_ms", a->ta_ms,
		"intervals", (json_int_t)a->intervals, "alarm", q->alarm.active);
}

static json_t *xr(const struct mc_xr_voip *v)
{
	return json_pack("{s:f,s:f,s:i,s:i,s:i,s:i,s:i}",
		"loss_percent", v->loss_rate * 100.0 / 256, "discard_percent",
		v->discard_rate * 100.0 / 256, "round_trip_ms", v->round_trip_delay,
		"end_system_ms", v->end_system_delay, "r", v->r_factor, "mos_lq", v->mos_lq,
		"mos_cq", v->mos_cq);
}

/* What the remote's RTCP says, above all about the stream media-core sends it (report
 * blocks); null before any SR, report, BYE or XR from it. */
static json_t *remote_view(const struct mc_leg_remote_view *r)
{
	json_t *o;

	if (r->reports == 0 && r->xr_rx == 0 && r->sr_rx == 0 && r->bye_rx == 0)
		return json_null();
	o = json_pack("{s:I,s:f,s:I,s:f,s:o,s:o,s:o,s:I,s:I}",
		"reports", (json_int_t)r->reports,
		"fraction_lost_percent", r->fraction_lost * 100.0 / 256,
		"cum_lost", (json_int_t)r->cum_lost, "jitter_ms", r->jitter_ms,
		"rtt_ms", real_or_null(r->rtt_samples, r->rtt_ms),
		"rtt_min_ms", real_or_null(r->rtt_samples, r->rtt_min_ms),
		"rtt_max_ms", real_or_null(r->rtt_samples, r->rtt_max_ms),
		"sr", (json_int_t)r->sr_rx, "bye", (json_int_t)r->bye_rx);
	if (o && r->xr_rx)
		json_object_set_new(o, "xr", xr(&r->xr));
	return o;
}

void mc_sm_leg_quality_json(json_t *o, const struct mc_leg *leg)
{
	const struct mc_leg_quality *q = &leg->q;
	const struct mc_rtp_stats *st = &leg->dp.rtp;
	uint64_t lost = mc_rtp_stats_lost_total(st);
	uint64_t got = st->packets - st->duplicates - st->bad_seq_count;
	json_t *bad = json_object();

	if (o == NULL)
		return;
	json_object_set_new(o, "loss_percent",
			    json_real(lost + got ? 100.0 * (double)lost / (double)(lost + got) : 0));
	json_object_set_new(o, "rtt_ms", real_or_null(q->remote.rtt_samples, q->remote.rtt_ms));
	json_object_set_new(o, "jitter_mean_ms", real_or_null(q->jitter_samples, q->jitter_samples ?
				q->jitter_sum_ms / (double)q->jitter_samples : 0));
	json_object_set_new(o, "quality", quality(q));
	json_object_set_new(o, "remote_view", remote_view(&q->remote));
	for (int e = 1; e < MC_RTCP_ERR_COUNT_; e++)
		if (q->rtcp_bad[e])
			json_object_set_new(bad, mc_rtcp_err_name(-e),
					    json_integer((json_int_t)q->rtcp_bad[e]));
	json_object_set_new(o, "rtcp_malformed", bad);
}
