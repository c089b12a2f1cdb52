/* RTCP transmission interval and timer reconsideration, RFC 3550 6.3 and A.7. */
#include "mc_rtcp_interval.h"

double mc_rtcp_interval_det(unsigned members, unsigned senders, double rtcp_bw,
			    bool we_sent, double avg_rtcp_size, bool initial)
{
	double min_time = initial ? MC_RTCP_MIN_TIME / 2 : MC_RTCP_MIN_TIME;
	double n = members ? members : 1;
	/* With few senders, they get a quarter of the bandwidth between them so
	 * that their reports (which carry lip-sync and RTT) come often. */
	if (senders <= members * MC_RTCP_SENDER_FRACTION) {
		if (we_sent) {
			rtcp_bw *= MC_RTCP_SENDER_FRACTION;
			n = senders;
		} else {
			rtcp_bw *= 1 - MC_RTCP_SENDER_FRACTION;
			n = members - senders;
		}
	}
	double t = rtcp_bw > 0 ? avg_rtcp_size * n / rtcp_bw : min_time;
	return t < min_time ? min_time : t;
}

double mc_rtcp_interval(unsigned members, unsigned senders, double rtcp_bw,
			bool we_sent, double avg_rtcp_size, bool initial,
			mc_rtcp_rand_fn rnd, void *rnd_ctx)
{
	double td = mc_rtcp_interval_det(members, senders, rtcp_bw, we_sent,
					 avg_rtcp_size, initial);
	/* spread over [0.5, 1.5) Td so that participants do not synchronise */
	return td * (rnd(rnd_ctx) + 0.5) / MC_RTCP_COMPENSATION;
}

static double next_interval(const struct mc_rtcp_timer *t)
{
	return mc_rtcp_interval(t->members, t->senders, t->rtcp_bw, t->we_sent,
				t->avg_rtcp_size, t->initial, t->rnd, t->rnd_ctx);
}

void mc_rtcp_timer_init(struct mc_rtcp_timer *t, double now, double rtcp_bw,
			double first_size, mc_rtcp_rand_fn rnd, void *rnd_ctx)
{
	*t = (struct mc_rtcp_timer){
		.tp = now, .members = 1, .pmembers = 1, .senders = 0,
		.rtcp_bw = rtcp_bw, .avg_rtcp_size = first_size,
		.initial = true, .rnd = rnd, .rnd_ctx = rnd_ctx,
	};
	t->tn = now + next_interval(t);
}

bool mc_rtcp_timer_expire(struct mc_rtcp_timer *t, double now)
{
	if (now < t->tn)
		return false;
	double tn = t->tp + next_interval(t);
	if (tn <= now)
		return true;
	t->tn = tn;
	t->pmembers = t->members;
	return false;
}

void mc_rtcp_timer_sent(struct mc_rtcp_timer *t, double now, double size)
{
	t->avg_rtcp_size = size / 16 + t->avg_rtcp_size * 15 / 16;
	t->tp = now;
	t->initial = false;
	t->tn = now + next_interval(t);
	t->pmembers = t->members;
}

void mc_rtcp_timer_received(struct mc_rtcp_timer *t, double size)
{
	t->avg_rtcp_size = size / 16 + t->avg_rtcp_size * 15 / 16;
}

void mc_rtcp_timer_members(struct mc_rtcp_timer *t, double now, unsigned members,
			   unsigned senders)
{
	if (members == 0)
		members = 1; /* we are always a member */
	if (members < t->pmembers) {
		double f = (double)members / t->pmembers;
		t->tn = now + f * (t->tn - now);
		t->tp = now - f * (now - t->tp);
		t->pmembers = members;
	}
	t->members = members;
	t->senders = senders;
}
