/* RTCP transmission interval (RFC 3550 6.3, 6.3.3-6.3.5, Appendix A.7): the
 * deterministic interval from membership and bandwidth, its randomisation, and
 * timer reconsideration. The random source is injected so tests are exact.
 * Times are in seconds (double); the caller converts from its clock. */
#ifndef MC_RTCP_INTERVAL_H
#define MC_RTCP_INTERVAL_H

#include <stdbool.h>

#define MC_RTCP_MIN_TIME 5.0          /* s; half of it before the first report */
#define MC_RTCP_SENDER_FRACTION 0.25  /* of the RTCP bandwidth, for senders */
/* e - 3/2: makes the mean interval right despite reconsideration (A.7) */
#define MC_RTCP_COMPENSATION (2.71828182845904523536 - 1.5)

/* Uniform in [0, 1). */
typedef double (*mc_rtcp_rand_fn)(void *ctx);

/* Td: the deterministic interval (before randomisation), with the minimum
 * applied. rtcp_bw in octets per second (usually 5 % of the session
 * bandwidth), avg_rtcp_size in octets. When senders are at most a quarter of
 * the members, senders share 25 % of rtcp_bw and receivers 75 %. */
double mc_rtcp_interval_det(unsigned members, unsigned senders, double rtcp_bw,
			    bool we_sent, double avg_rtcp_size, bool initial);

/* The randomised interval: Td * [0.5, 1.5) / (e - 3/2). */
double mc_rtcp_interval(unsigned members, unsigned senders, double rtcp_bw,
			bool we_sent, double avg_rtcp_size, bool initial,
			mc_rtcp_rand_fn rnd, void *rnd_ctx);

/* One participant's transmission timer (the A.7 state). members and senders
 * include ourselves; update them as sources come and go. */
struct mc_rtcp_timer {
	double tp, tn;            /* last and next transmission */
	unsigned members, pmembers, senders;
	double rtcp_bw;
	double avg_rtcp_size;
	bool we_sent;             /* we sent RTP since the report before last */
	bool initial;             /* no report sent yet */
	mc_rtcp_rand_fn rnd;
	void *rnd_ctx;
};

/* Start at now: one member (us), no senders, avg size = the size of the first
 * compound we will send; the first report is scheduled with the halved
 * minimum. */
void mc_rtcp_timer_init(struct mc_rtcp_timer *t, double now, double rtcp_bw,
			double first_size, mc_rtcp_rand_fn rnd, void *rnd_ctx);

/* Call when now >= tn. Reconsideration (6.3.6): the interval is recomputed
 * with today's membership; true means send now (then call ..._sent), false
 * means tn moved later and nothing is sent. Before tn it returns false. */
bool mc_rtcp_timer_expire(struct mc_rtcp_timer *t, double now);

/* We sent a compound of size octets at now: update the average size, tp, tn. */
void mc_rtcp_timer_sent(struct mc_rtcp_timer *t, double now, double size);

/* A compound of size octets was received: update the average size (6.3.3). */
void mc_rtcp_timer_received(struct mc_rtcp_timer *t, double size);

/* Membership changed. Fewer members than at the last transmission pulls tn and
 * tp in proportionally (reverse reconsideration, 6.3.4). */
void mc_rtcp_timer_members(struct mc_rtcp_timer *t, double now, unsigned members,
			   unsigned senders);

#endif
