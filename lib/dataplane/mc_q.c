/* The quality sweep: every MC_Q_SWEEP_MS each worker walks its sessions, a bounded
 * chunk per iteration (like the media timeout sweep), settles losses, rates each leg
 * every rate_ms and raises or clears its quality alarm. Terminated legs' RTCP reports
 * are sent from here too, at their RFC 3550 times (mc_rtcp_tx_poll). */
#include "mc_q.h"

#include <time.h>

#include <rte_cycles.h>

#include "mc_dp.h"
#include "mc_rtcp_tx.h"

#define NTP_UNIX_OFFSET 2208988800ull   /* seconds from 1900 to 1970 */

struct mc_q_conf mc_q_conf = { .rate_ms = MC_Q_RATE_MS };

/* Per worker, written by that worker only: mc_worker stays as it is. */
static struct mc_q_sweep {
	uint64_t next;
	uint32_t pos;
	bool on;
} __rte_cache_aligned sweeps[MC_MAX_WORKERS];

void mc_q_configure(double mos_threshold, uint32_t hold_ms, bool xr)
{
	struct timespec ts;
	uint64_t hz_us = rte_get_tsc_hz() / 1000000;
	uint64_t wall_us;

	clock_gettime(CLOCK_REALTIME, &ts);
	wall_us = ((uint64_t)ts.tv_sec + NTP_UNIX_OFFSET) * 1000000 + (uint64_t)ts.tv_nsec / 1000;
	mc_q_conf = (struct mc_q_conf){
		.mos_threshold = mos_threshold, .hold_ms = hold_ms, .rate_ms = MC_Q_RATE_MS,
		.xr = xr, .ntp_offset_us = wall_us - rte_rdtsc() / hz_us,
	};
}

static void emit(struct mc_worker *w, const struct mc_leg *leg, enum mc_event_type type,
		 double mos)
{
	struct mc_event ev = {
		.type = type,
		.session_slot = leg->session->slot,
		.generation = leg->session->generation,
		.leg = leg->index,
		.ip = leg->dp.remote_ip,
		.port = leg->dp.remote_port,
		.tsc = w->now,
		.mos_x100 = (uint16_t)(mos * 100 + 0.5),
	};

	if (rte_ring_sp_enqueue_elem(w->ev_ring, &ev, sizeof(ev)) != 0)
		w->st.events_lost++;
}

static uint64_t rate_tsc(const struct mc_worker *w)
{
	return w->tsc_hz / 1000 * (mc_q_conf.rate_ms ? mc_q_conf.rate_ms : MC_Q_RATE_MS);
}

static int16_t chosen_pt(const struct mc_leg_conf *c)
{
	return c->chosen >= 0 && c->chosen < c->n_codecs ? c->codecs[c->chosen].pt : -1;
}

/* The E-model profile is the codec this leg's remote sends (the chosen one). Endpoints
 * conceal losses: rated with the codec's PLC robustness. */
static void set_profile(struct mc_leg_quality *q, const struct mc_leg_conf *c,
			struct mc_quality_leg *acc)
{
	const struct mc_quality_codec *codec = NULL;

	if (chosen_pt(c) >= 0)
		codec = mc_quality_codec_find(c->codecs[c->chosen].name,
					      c->codecs[c->chosen].rate);
	mc_quality_init(acc, codec, c->ptime ? c->ptime : 20, true);
	q->codec_pt = chosen_pt(c);
	q->codec_ptime = c->ptime;
}

static void leg_init(struct mc_worker *w, struct mc_leg *leg)
{
	struct mc_leg_quality *q = &leg->q;

	set_profile(q, &leg->conf, &q->acc);
	mc_xr_burst_init(&q->xr_burst, MC_XR_GMIN, leg->conf.ptime ? leg->conf.ptime : 20);
	mc_quality_alarm_init(&q->alarm, mc_q_conf.mos_threshold, mc_q_conf.hold_ms);
	q->next_rate_tsc = w->now + rate_tsc(w);
	q->inited = true;
}

/* An UPDATE changed the codec or ptime: rate from now on with the new profile, keeping
 * the call's figures and the loss pattern in progress. */
static void profile_changed(struct mc_leg *leg)
{
	struct mc_quality_leg fresh;

	set_profile(&leg->q, &leg->conf, &fresh);
	leg->q.acc.base = fresh.base;
	leg->q.acc.codec_delay_ms = fresh.codec_delay_ms;
}

void mc_q_leg_poll(struct mc_worker *w, struct mc_leg *leg)
{
	struct mc_leg_quality *q = &leg->q;
	enum mc_quality_alarm_event edge;

	if (unlikely(!q->inited))
		leg_init(w, leg);
	else if (unlikely(chosen_pt(&leg->conf) != q->codec_pt ||
			  leg->conf.ptime != q->codec_ptime))
		profile_changed(leg);
	if (q->tx.on)
		mc_rtcp_tx_poll(w, leg, w->now);
	mc_q_settle(q, &leg->dp.rtp, false);
	if (leg->dp.rtp.packets != q->jitter_pkts && leg->dp.rtp.have_transit) {
		q->jitter_pkts = leg->dp.rtp.packets;
		q->jitter_sum_ms += mc_rtp_stats_jitter_ms(&leg->dp.rtp);
		q->jitter_samples++;
	}
	if (w->now < q->next_rate_tsc)
		return;
	q->next_rate_tsc = w->now + rate_tsc(w);
	/* The remote's jitter buffer is not ours to see: assume it holds twice the jitter. */
	mc_quality_set_delay(&q->acc, q->remote.rtt_samples ? q->remote.rtt_ms : -1,
			     2 * mc_rtp_stats_jitter_ms(&leg->dp.rtp));
	if (mc_quality_update(&q->acc) < 0 || mc_q_conf.mos_threshold <= 0)
		return;
	edge = mc_quality_alarm_update(&q->alarm, w->now_us / 1000, q->acc.mos);
	if (edge != MC_QALARM_NONE)
		emit(w, leg, edge == MC_QALARM_RAISED ? MC_EV_QUALITY_ALARM :
			     MC_EV_QUALITY_RECOVERED, q->acc.mos);
}

unsigned mc_q_poll(struct mc_worker *w)
{
	struct mc_q_sweep *sw = &sweeps[w->index];
	unsigned done = 0;
	uint32_t end;

	if (!sw->on) {
		if (w->now < sw->next)
			return 0;
		sw->next = w->now + w->tsc_hz / 1000 * MC_Q_SWEEP_MS;
		sw->on = true;
		sw->pos = 0;
	}
	end = sw->pos + MC_Q_CHUNK;
	if (end > w->n_sessions)
		end = w->n_sessions;
	for (; sw->pos < end; sw->pos++, done++) {
		struct mc_session *s = w->sessions[sw->pos];

		for (unsigned i = 0; i < s->n_legs; i++)
			mc_q_leg_poll(w, &s->legs[i]);
	}
	if (sw->pos >= w->n_sessions)
		sw->on = false;
	return done;
}
