/* Quality monitoring of legs on the worker (state: struct mc_leg_quality, leg->q).
 *
 * - Loss, frame by frame: a sweep settles each leg's sequence numbers from the receive
 *   window of its RFC 3550 statistics (mc_rtp_stats.seen), MC_Q_REORDER behind the
 *   highest, into the E-model accumulator of lib/quality (mc_quality_frame), so the
 *   Gilbert burst model sees the real loss pattern without any work per packet.
 * - Every MC_Q_RATE_MS the accumulator rates the interval (R, MOS: current, min,
 *   average) with the delay known then: RTT / 2 from the remote's RTCP and an endpoint
 *   jitter buffer of twice the measured jitter. A quality alarm (mc_quality_alarm) with
 *   the configured threshold and hold time emits MC_EV_QUALITY_ALARM / _RECOVERED.
 * - The remote's RTCP (mc_q_rtcp_read) fills leg->q.remote: its loss and jitter of the
 *   stream we send it, RTT from LSR/DLSR, XR VoIP metrics.
 * The sweep does bounded work per worker iteration (MC_Q_CHUNK sessions). */
#ifndef MC_Q_H
#define MC_Q_H

#include <stdbool.h>
#include <stdint.h>

#include "mc_session.h"

#define MC_Q_SWEEP_MS 200       /* each leg's losses are settled this often */
#define MC_Q_RATE_MS 5000       /* E-model interval */
#define MC_Q_CHUNK 64           /* sessions per worker iteration: a rating costs ~2 us */
#define MC_Q_REORDER 16         /* packets behind the highest before a gap counts as lost */

struct mc_worker;

/* Set on the control lcore before the workers start (config [media]). threshold 0
 * disables the alarm. ntp_offset_us: wall clock (NTP era, microseconds) minus the
 * worker clock (w->now_us), for the NTP times of RTCP. */
struct mc_q_conf {
	double mos_threshold;
	uint32_t hold_ms;
	uint32_t rate_ms;           /* 0: MC_Q_RATE_MS */
	bool xr;                    /* send XR VoIP Metrics on terminated legs */
	uint64_t ntp_offset_us;
};
extern struct mc_q_conf mc_q_conf;

/* Fills mc_q_conf (ntp_offset_us from the system clock and the TSC). */
void mc_q_configure(double mos_threshold, uint32_t hold_ms, bool xr);

/* Worker loop: the quality sweep, bounded; returns sessions looked at. */
unsigned mc_q_poll(struct mc_worker *w);

/* One leg, as the sweep does it (tests call it directly). */
void mc_q_leg_poll(struct mc_worker *w, struct mc_leg *leg);
/* Settles the receive window into the accumulator (mc_q_loss.c). */
void mc_q_settle(struct mc_leg_quality *q, const struct mc_rtp_stats *st, bool all);

/* A valid compound RTCP packet from leg's remote (after mc_rtcp_validate): remote view,
 * RTT, the SR it holds remembered for our reports (mc_rtp_stats_on_sr) and, when it is
 * relayed, on the peer leg for the RTT of the peer's answer. now_us: worker clock. */
void mc_q_rtcp_read(struct mc_leg *leg, const uint8_t *p, uint16_t len, uint64_t now_us);
/* Remember an SR that goes to leg's remote (relayed or our own), for LSR matching. */
void mc_q_sr_sent(struct mc_leg *leg, uint64_t ntp, uint64_t now_us);
/* The NTP time (32.32) of the worker clock's now_us. */
uint64_t mc_q_ntp(uint64_t now_us);

#endif
