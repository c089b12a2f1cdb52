/* RTCP endpoint of a terminated leg (transcoded or mixed: media-core is the RTP
 * endpoint there, so it reports itself). State: leg->q.tx, owned by the worker.
 *
 * - The transcoder calls mc_rtcp_tx_on_rtp_sent for every RTP packet it sends to the
 *   leg: the first call starts the endpoint (SSRC, RFC 3550 timer); the last (ts, time)
 *   pair anchors the SR's NTP/RTP timestamp mapping, so SR timestamps extrapolate the
 *   RTP clock of the packets actually sent.
 * - Reports go out at the RFC 3550 interval (mc_rtcp_interval: randomised, 2.5 s before
 *   the first, 5 s minimum after): SR (or RR before any RTP), one report block from the
 *   leg's receive statistics (mc_rtp_stats_fill_rb, LSR/DLSR from the remote's last SR),
 *   SDES CNAME, and an XR VoIP Metrics block when mc_q_conf.xr. The quality sweep polls
 *   it (mc_q_leg_poll); the media tick may call mc_rtcp_tx_poll as well.
 * - mc_rtcp_tx_bye on session end: one compound with BYE, once.
 * - The remote's RTCP ends at the leg (mc_rtcp_input): mc_q_rtcp_read then
 *   mc_rtcp_tx_on_rtcp. RTT from LSR/DLSR against the SRs sent (leg->q.sr).
 * Nothing here allocates but the mbuf of each compound (from the pool). */
#ifndef MC_RTCP_TX_H
#define MC_RTCP_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mc_session.h"

#define MC_RTCP_TX_MAX 512          /* bytes of one compound we build */
#define MC_RTCP_TX_BW 500.0         /* RTCP octets/s: 5 % of a ~80 kbit/s voice session */

struct mc_worker;

/* An RTP packet of ssrc, timestamp ts, payload_bytes, went to leg's remote at now_us
 * (worker clock, w->now_us). */
void mc_rtcp_tx_on_rtp_sent(struct mc_leg *leg, uint32_t ssrc, uint32_t ts,
			    uint32_t payload_bytes, uint64_t now_us);
/* Sends a report when due; returns 1 when one was sent. */
unsigned mc_rtcp_tx_poll(struct mc_worker *w, struct mc_leg *leg, uint64_t now_tsc);
/* Session end: a compound with BYE (once; nothing when the endpoint never started). */
void mc_rtcp_tx_bye(struct mc_worker *w, struct mc_leg *leg);
/* A compound of len bytes from the remote reached the leg (after mc_q_rtcp_read). */
void mc_rtcp_tx_on_rtcp(struct mc_leg *leg, uint16_t len);

/* The compound a report at now_us would carry, written at buf: its length, or -1 when
 * cap is too small. Advances the receive statistics' report interval and records the
 * SR for RTT; does not send. */
int mc_rtcp_tx_build(struct mc_leg *leg, uint8_t *buf, size_t cap, uint64_t now_us,
		     bool bye);
/* The RTP timestamp of now_us on the clock of the packets sent (the SR's). */
uint32_t mc_rtcp_tx_rtp_ts(const struct mc_leg *leg, uint64_t now_us);

#endif
