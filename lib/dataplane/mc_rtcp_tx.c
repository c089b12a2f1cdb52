/* Building the terminated leg's RTCP compound: SR/RR + SDES CNAME [+ XR] [+ BYE]. */
#include "mc_rtcp_tx.h"

#include <stdio.h>

#include <rte_random.h>

#include "mc_q.h"
#include "mc_rtcp.h"
#include "mc_rtcp_xr.h"

static double uniform(void *ctx)
{
	(void)ctx;
	return (double)(rte_rand() >> 11) / (double)(1ull << 53);
}

void mc_rtcp_tx_on_rtp_sent(struct mc_leg *leg, uint32_t ssrc, uint32_t ts,
			    uint32_t payload_bytes, uint64_t now_us)
{
	struct mc_rtcp_tx_state *tx = &leg->q.tx;

	if (unlikely(!tx->on)) {
		tx->on = true;
		/* The size of a first SR + block + CNAME with UDP/IP: the A.7 starting mean. */
		mc_rtcp_timer_init(&tx->timer, now_us / 1e6, MC_RTCP_TX_BW, 100, uniform, NULL);
	}
	tx->ssrc = ssrc;
	tx->last_ts = ts;
	tx->last_ts_us = now_us;
	tx->have_ts = true;
	tx->sent_rtp = true;
	tx->packets++;
	tx->octets += payload_bytes;
}

uint32_t mc_rtcp_tx_rtp_ts(const struct mc_leg *leg, uint64_t now_us)
{
	const struct mc_rtcp_tx_state *tx = &leg->q.tx;
	uint64_t el = now_us - tx->last_ts_us;

	return tx->last_ts + (uint32_t)(el * leg->dp.clock_rate / 1000000);
}

void mc_rtcp_tx_on_rtcp(struct mc_leg *leg, uint16_t len)
{
	if (leg->q.tx.on)
		mc_rtcp_timer_received(&leg->q.tx.timer, len + 28.0);
}

/* XR VoIP Metrics about the remote's stream: loss, burst and gap from the frames the
 * quality sweep settled, R and MOS from its accumulator. */
static int voip_xr(const struct mc_leg *leg, uint8_t *buf, size_t cap, uint32_t about)
{
	const struct mc_leg_quality *q = &leg->q;
	struct mc_rtcp_xr_writer xw;
	struct mc_xr_voip v = {
		.ssrc = about, .gmin = MC_XR_GMIN, .signal_level = MC_XR_UNAVAILABLE,
		.noise_level = MC_XR_UNAVAILABLE, .rerl = MC_XR_UNAVAILABLE,
		.ext_r_factor = MC_XR_UNAVAILABLE,
		.rx_config = mc_xr_rx_config(MC_XR_PLC_STANDARD, MC_XR_JBA_ADAPTIVE, 0),
	};
	double rtt = q->remote.rtt_samples ? q->remote.rtt_ms : 0;

	mc_xr_burst_fill(&q->xr_burst, &v);
	/* The jitter buffer of a transcoded leg's receive side (mc_tc), when there is one. */
	v.jb_nominal = (uint16_t)leg->dp.st.jb_depth_ms;
	v.jb_max = (uint16_t)leg->dp.st.jb_peak_ms;
	v.round_trip_delay = (uint16_t)(rtt > 65535 ? 65535 : rtt);
	v.end_system_delay = (uint16_t)q->acc.codec_delay_ms;
	mc_quality_xr_fields(&q->acc, &v.r_factor, &v.mos_lq, &v.mos_cq);
	mc_rtcp_xr_begin(&xw, buf, cap, leg->q.tx.ssrc);
	mc_rtcp_xr_add_voip(&xw, &v);
	return mc_rtcp_xr_end(&xw);
}

static int cname(const struct mc_leg *leg, uint8_t *buf, size_t cap)
{
	const uint8_t *ip = (const uint8_t *)&leg->dp.local_ip;
	char name[48];
	int n = snprintf(name, sizeof(name), "media-core@%u.%u.%u.%u", ip[0], ip[1], ip[2],
			 ip[3]);

	return mc_rtcp_build_sdes_cname(buf, cap, leg->q.tx.ssrc, name, (size_t)n);
}

int mc_rtcp_tx_build(struct mc_leg *leg, uint8_t *buf, size_t cap, uint64_t now_us,
		     bool bye)
{
	struct mc_rtcp_tx_state *tx = &leg->q.tx;
	const struct mc_rtp_stats *st = &leg->dp.rtp;
	struct mc_rtcp_rb rb;
	unsigned n = 0;
	size_t len;
	int k;

	if (st->started && !st->probation) {
		mc_rtp_stats_fill_rb(&leg->dp.rtp, &rb, now_us);
		n = 1;
	}
	if (tx->packets) {
		struct mc_rtcp_sender_info si = {
			.ntp = mc_q_ntp(now_us), .rtp_ts = mc_rtcp_tx_rtp_ts(leg, now_us),
			.pkt_count = (uint32_t)tx->packets, .octet_count = (uint32_t)tx->octets,
		};

		k = mc_rtcp_build_sr(buf, cap, tx->ssrc, &si, &rb, n);
		if (k > 0)
			mc_q_sr_sent(leg, si.ntp, now_us);
	} else {
		k = mc_rtcp_build_rr(buf, cap, tx->ssrc, &rb, n);
	}
	if (k < 0)
		return -1;
	len = (size_t)k;
	if ((k = cname(leg, buf + len, cap - len)) < 0)
		return -1;
	len += (size_t)k;
	if (mc_q_conf.xr && n && leg->q.acc.intervals) {
		if ((k = voip_xr(leg, buf + len, cap - len, rb.ssrc)) < 0)
			return -1;
		len += (size_t)k;
	}
	if (bye) {
		if ((k = mc_rtcp_build_bye(buf + len, cap - len, &tx->ssrc, 1, NULL, 0)) < 0)
			return -1;
		len += (size_t)k;
	}
	return (int)len;
}
