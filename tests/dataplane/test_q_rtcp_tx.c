/* The RTCP endpoint of terminated legs (mc_rtcp_tx): the compound it builds (SR fields,
 * NTP/RTP mapping consistent with the RTP sent, report block from the receive
 * statistics with LSR/DLSR, CNAME, XR, BYE), the frames it sends at the RFC 3550
 * interval, and RTCP from the remote ending at the leg (not relayed) with the RTT of
 * our SR. Fake leg objects and the fake clock: nothing depends on timing. */
#include <check.h>
#include <string.h>

#include "dp_harness.h"
#include "mc_q.h"
#include "mc_rtcp.h"
#include "mc_rtcp_tx.h"
#include "mc_rtcp_xr.h"

#define IP_B ip4(10, 97, 0, 2)

static uint8_t buf[MC_RTCP_TX_MAX];

/* Leg b of a transcoded call (not handed to a worker): what media-core sends to
 * 10.97.0.2 is PCMU (8 kHz clock). */
static struct mc_leg *fake_leg(struct mc_session *s)
{
	h_session_init(s, 40, 30200, 30202);
	s->mode = MC_MODE_TRANSCODE;
	for (unsigned i = 0; i < 2; i++) {
		s->legs[i].session = s;
		s->legs[i].index = (uint8_t)i;
		s->legs[i].peer = &s->legs[1 - i];
		s->legs[i].dp.clock_rate = 8000;
		s->legs[i].dp.remote_rtcp_port = (uint16_t)(s->legs[i].dp.remote_port + 1);
		mc_rtp_stats_init(&s->legs[i].dp.rtp, 8000);
	}
	return &s->legs[1];
}

/* 50 packets of 20 ms from t0 (us), ts from ts0. */
static void send_rtp(struct mc_leg *leg, uint64_t t0, uint32_t ts0, unsigned n)
{
	for (unsigned k = 0; k < n; k++)
		mc_rtcp_tx_on_rtp_sent(leg, 0x5eed0001, ts0 + 160 * k, 160, t0 + 20000ull * k);
}

static double ntp_s(uint64_t ntp)
{
	return (double)(ntp >> 32) + (double)(uint32_t)ntp / 4294967296.0;
}

START_TEST(sr_fields_and_mapping)
{
	static struct mc_session s;
	struct mc_leg *leg = fake_leg(&s);
	struct mc_rtcp_info a, b;
	uint64_t t_last = 1000000 + 49 * 20000;
	int n;

	mc_q_conf = (struct mc_q_conf){ .rate_ms = MC_Q_RATE_MS, .ntp_offset_us = 3900000000ull };
	send_rtp(leg, 1000000, 4000, 50);
	ck_assert(leg->q.tx.on);
	n = mc_rtcp_tx_build(leg, buf, sizeof(buf), t_last + 7000, false);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(mc_rtcp_parse(buf, (size_t)n, &a), 0);
	ck_assert(a.has_sr);
	ck_assert_uint_eq(a.sender_ssrc, 0x5eed0001);
	ck_assert_uint_eq(a.sr.pkt_count, 50);
	ck_assert_uint_eq(a.sr.octet_count, 8000);
	/* 7 ms after the last packet (ts 4000 + 49 * 160) on an 8 kHz clock: + 56 */
	ck_assert_uint_eq(a.sr.rtp_ts, 4000 + 49 * 160 + 56);
	ck_assert_uint_eq(a.sr.ntp, mc_q_ntp(t_last + 7000));
	ck_assert_double_eq_tol(ntp_s(a.sr.ntp), 3900.0 + (t_last + 7000) / 1e6, 1e-6);
	ck_assert_uint_eq(a.n_blocks, 0);            /* nothing received yet */
	ck_assert_uint_eq(a.cname_ssrc, 0x5eed0001);
	ck_assert_str_eq(a.cname, "media-core@10.97.0.254");
	ck_assert_uint_eq(a.n_bye, 0);
	/* Two SRs 3.3 s apart: the RTP timestamps moved as the NTP times did. */
	send_rtp(leg, t_last + 20000, 4000 + 50 * 160, 100);
	n = mc_rtcp_tx_build(leg, buf, sizeof(buf), t_last + 3307000, false);
	ck_assert_int_eq(mc_rtcp_parse(buf, (size_t)n, &b), 0);
	ck_assert_double_eq_tol((double)(b.sr.rtp_ts - a.sr.rtp_ts) / 8000,
				ntp_s(b.sr.ntp) - ntp_s(a.sr.ntp), 1.0 / 8000);
	ck_assert_uint_eq(b.sr.pkt_count, 150);
	/* Each SR is remembered for the RTT of the remote's answer. */
	ck_assert_uint_eq(leg->q.sr[1].mid32, (uint32_t)(b.sr.ntp >> 16));
}
END_TEST

START_TEST(report_block_lsr_dlsr_xr_bye)
{
	static struct mc_session s;
	struct mc_leg *leg = fake_leg(&s);
	struct mc_rtcp_xr_info xr;
	struct mc_rtcp_info in;
	uint8_t r, lq, cq;
	int n;

	mc_q_conf = (struct mc_q_conf){ .rate_ms = MC_Q_RATE_MS, .xr = true };
	/* The remote sends 100 packets, 4 of them lost. */
	for (unsigned k = 0; k < 100; k++)
		if (k % 25 != 10)
			mc_rtp_stats_update(&leg->dp.rtp, 0xfeed, (uint16_t)(500 + k), 160 * k,
					    160 * k);
	/* Its SR arrived at 2 s; we report at 2.25 s: DLSR 0.25 s. */
	mc_rtp_stats_on_sr(&leg->dp.rtp, 0x0000abcd12345678ull, 2000000);
	/* What the quality sweep settles: the same 4 isolated losses in 100 frames. */
	mc_quality_init(&leg->q.acc, NULL, 20, true);
	mc_xr_burst_init(&leg->q.xr_burst, MC_XR_GMIN, 20);
	for (unsigned k = 0; k < 100; k++) {
		mc_quality_frame(&leg->q.acc, k % 25 == 10);
		mc_xr_burst_packet(&leg->q.xr_burst, k % 25 == 10 ? MC_XR_PKT_LOST :
				   MC_XR_PKT_RECEIVED);
	}
	leg->dp.st.jb_depth_ms = 40;
	leg->dp.st.jb_peak_ms = 60;
	ck_assert_int_eq(mc_quality_update(&leg->q.acc), 0);
	n = mc_rtcp_tx_build(leg, buf, sizeof(buf), 2250000, true);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(mc_rtcp_validate(buf, (size_t)n), 0);
	ck_assert_int_eq(mc_rtcp_parse(buf, (size_t)n, &in), 0);
	ck_assert(!in.has_sr);                        /* nothing sent: an RR */
	ck_assert_uint_eq(buf[1], MC_RTCP_RR);
	ck_assert_uint_eq(in.n_blocks, 1);
	ck_assert_uint_eq(in.blocks[0].ssrc, 0xfeed);
	ck_assert_int_eq(in.blocks[0].cum_lost, 4);
	ck_assert_uint_eq(in.blocks[0].ext_high_seq, 599);
	ck_assert_uint_eq(in.blocks[0].fraction_lost, 4 * 256 / 100);
	ck_assert_uint_eq(in.blocks[0].lsr, 0xabcd1234);
	ck_assert_uint_eq(in.blocks[0].dlsr, 16384);
	ck_assert_uint_eq(in.n_bye, 1);
	ck_assert_uint_eq(in.bye_ssrc[0], 0);         /* no RTP sent: SSRC not set yet */
	ck_assert_int_eq(mc_rtcp_xr_parse_compound(buf, (size_t)n, &xr), 0);
	ck_assert_uint_eq(xr.n_voip, 1);
	ck_assert_uint_eq(xr.voip[0].ssrc, 0xfeed);
	mc_quality_xr_fields(&leg->q.acc, &r, &lq, &cq);
	ck_assert_uint_eq(xr.voip[0].r_factor, r);
	ck_assert_uint_eq(xr.voip[0].mos_cq, cq);
	ck_assert_uint_eq(xr.voip[0].mos_lq, lq);
	ck_assert_uint_eq(xr.voip[0].loss_rate, 4 * 256 / 100);
	/* Isolated losses (16 or more received between): all gap, no burst. */
	ck_assert_uint_eq(xr.voip[0].gap_density, 4 * 256 / 100);
	ck_assert_uint_eq(xr.voip[0].burst_density, 0);
	ck_assert_uint_eq(xr.voip[0].gmin, MC_XR_GMIN);
	ck_assert_uint_eq(xr.voip[0].jb_nominal, 40);
	ck_assert_uint_eq(xr.voip[0].jb_max, 60);
	/* The next report starts a new interval: no new loss, fraction 0. */
	n = mc_rtcp_tx_build(leg, buf, sizeof(buf), 2300000, false);
	ck_assert_int_eq(mc_rtcp_parse(buf, (size_t)n, &in), 0);
	ck_assert_uint_eq(in.blocks[0].fraction_lost, 0);
	ck_assert_uint_eq(in.n_bye, 0);
	/* Too small a buffer: refused, never overrun. */
	ck_assert_int_eq(mc_rtcp_tx_build(leg, buf, 20, 2400000, false), -1);
	mc_q_conf.xr = false;
}
END_TEST

static size_t rtcp_frame(uint8_t *f, const uint8_t *p, size_t n)
{
	struct h_udp u = { .src_mac = H_PEER_MAC[1], .dst_mac = H_MAC[1], .sip = IP_B,
			   .dip = ip4(10, 97, 0, 254), .sport = 5005, .dport = 30207 };

	return h_build_udp(f, &u, p, n);
}

/* A transcoded call's leg b on a worker: 60 s of RTP sent to it, its RTCP timer polled
 * every 20 ms. Reports leave at the RFC 3550 interval (2.5 s halved minimum, then 5 s,
 * each randomised to [0.5, 1.5) / (e - 3/2)), as SR + SDES frames from 30207 to 5005;
 * the remote's RR about our stream ends at the leg (not relayed) and gives the RTT of
 * the SR it answers (arrival - SR time - DLSR, on the fake clock); BYE goes once at the end. */
START_TEST(interval_frames_rtt_bye)
{
	static struct mc_session s;
	static uint8_t f[256], rr[32];
	struct mc_leg *leg;
	struct mc_worker *w;
	uint64_t start_us, prev_us = 0, sr_us = 0, arrive_us;
	uint32_t last_mid = 0;
	unsigned count = 0;
	struct rte_mbuf *m;
	size_t len;

	h_reset();
	mc_q_conf = (struct mc_q_conf){ .rate_ms = MC_Q_RATE_MS };
	h_session_init(&s, 41, 30204, 30206);
	s.mode = MC_MODE_TRANSCODE;
	for (unsigned i = 0; i < 2; i++)
		s.legs[i].dp.clock_rate = 8000;
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_ADD), 0);
	leg = &s.legs[1];
	w = h_owner(&s);
	h_run(8);
	start_us = w->now_us;
	for (unsigned k = 0; k < 3000; k++) {
		mc_rtcp_tx_on_rtp_sent(leg, 0x5eed0002, 160 * k, 160, w->now_us);
		h_run(20);
		/* The worker's quality sweep polls the timer too (every 200 ms); polling here
		 * as well puts every report within 20 ms of its time. */
		mc_rtcp_tx_poll(w, leg, w->now);
		mc_worker_flush(w);
		while ((m = h_take(1, s.worker)) != NULL) {
			const uint8_t *p = h_check_frame(m, H_MAC[1], H_PEER_MAC[1],
							 ip4(10, 97, 0, 254), IP_B, 30207, 5005,
							 false, &len);
			struct mc_rtcp_info in;

			ck_assert_int_eq(mc_rtcp_parse(p, len, &in), 0);
			ck_assert(in.has_sr);
			ck_assert_uint_eq(in.sender_ssrc, 0x5eed0002);
			ck_assert_uint_eq(in.cname_ssrc, 0x5eed0002);
			rte_pktmbuf_free(m);
			last_mid = (uint32_t)(in.sr.ntp >> 16);
			/* When it was sent, from its own NTP time (offset 0 here). */
			sr_us = (in.sr.ntp >> 32) * 1000000 +
				((in.sr.ntp & 0xffffffffu) * 1000000 + (1ull << 31)) / (1ull << 32);
			ck_assert_uint_le(sr_us, w->now_us);
			ck_assert_uint_ge(sr_us + 20000, w->now_us);
			if (count == 0) {
				double first = (sr_us - start_us) / 1e6;

				ck_assert_double_ge(first, 2.5 * 0.5 / MC_RTCP_COMPENSATION - 0.02);
				ck_assert_double_le(first, 2.5 * 1.5 / MC_RTCP_COMPENSATION + 0.02);
			} else {
				double gap = (sr_us - prev_us) / 1e6;

				ck_assert_double_ge(gap, 5.0 * 0.5 / MC_RTCP_COMPENSATION - 0.02);
				ck_assert_double_le(gap, 5.0 * 1.5 / MC_RTCP_COMPENSATION + 0.02);
			}
			prev_us = sr_us;
			count++;
		}
	}
	ck_assert_uint_ge(count, 60 / 6.2);
	ck_assert_uint_le(count, 1 + 60 / 2.0);
	ck_assert_uint_eq(leg->q.tx.reports, count);
	ck_assert_uint_eq(leg->dp.st.rtcp_tx, count);

	/* The remote's RR about our stream, answering the last SR with DLSR 0.25 s. */
	h_run(300);
	arrive_us = w->now_us + 1000;   /* the first pass of the next run reads it */
	memset(rr, 0, sizeof(rr));
	rr[0] = 0x81;
	rr[1] = 201;
	put16(rr + 2, 7);
	put32(rr + 4, 0xfeedf00d);
	put32(rr + 8, 0x5eed0002);
	rr[12] = 13;
	put32(rr + 24, last_mid);
	put32(rr + 28, 0x4000);
	h_inject(1, 0, f, rtcp_frame(f, rr, 32));
	h_run(8);
	ck_assert_uint_eq(h_tx_count(0, 0) + h_tx_count(1, 0), 0);   /* not relayed */
	ck_assert_uint_eq(leg->dp.st.rtcp_rx, 1);
	ck_assert_uint_eq(leg->q.remote.reports, 1);
	ck_assert_uint_eq(leg->q.remote.fraction_lost, 13);
	ck_assert_uint_eq(leg->q.remote.rtt_samples, 1);
	ck_assert_double_eq_tol(leg->q.remote.rtt_ms, (arrive_us - sr_us) / 1000.0 - 250, 1.0);
	ck_assert_double_ge(leg->q.remote.rtt_ms, 50);

	mc_rtcp_tx_bye(w, leg);
	mc_rtcp_tx_bye(w, leg);
	ck_assert_uint_eq(mc_rtcp_tx_poll(w, leg, w->now + w->tsc_hz * 10), 0);
	mc_worker_flush(w);
	ck_assert_uint_eq(h_tx_count(1, s.worker), 1);
	m = h_take(1, s.worker);
	{
		const uint8_t *p = h_check_frame(m, H_MAC[1], H_PEER_MAC[1], ip4(10, 97, 0, 254),
						 IP_B, 30207, 5005, false, &len);
		struct mc_rtcp_info in;

		ck_assert_int_eq(mc_rtcp_parse(p, len, &in), 0);
		ck_assert_uint_eq(in.n_bye, 1);
		ck_assert_uint_eq(in.bye_ssrc[0], 0x5eed0002);
	}
	rte_pktmbuf_free(m);
	ck_assert_uint_eq(leg->q.tx.byes, 1);
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), 0);
}
END_TEST

/* rtcp-mux: the report goes from the leg's RTP port to the remote's RTP port; a DEL
 * sends the BYE of a leg that is still sending. */
START_TEST(mux_and_bye_on_del)
{
	static struct mc_session s;
	struct mc_leg *leg;
	struct mc_worker *w;
	struct rte_mbuf *m;
	struct mc_rtcp_info in;
	const uint8_t *p;
	size_t len;

	h_reset();
	mc_q_conf = (struct mc_q_conf){ .rate_ms = MC_Q_RATE_MS };
	h_session_init(&s, 42, 30208, 30210);
	s.mode = MC_MODE_TRANSCODE;
	s.legs[1].conf.rtcp_mux = s.legs[1].dp.rtcp_mux = true;
	for (unsigned i = 0; i < 2; i++)
		s.legs[i].dp.clock_rate = 8000;
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_ADD), 0);
	leg = &s.legs[1];
	w = h_owner(&s);
	h_run(8);
	for (unsigned k = 0; k < 250 && leg->q.tx.reports == 0; k++) {
		mc_rtcp_tx_on_rtp_sent(leg, 0x5eed0003, 160 * k, 160, w->now_us);
		h_run(20);
	}
	ck_assert_uint_eq(leg->q.tx.reports, 1);
	m = h_take(1, s.worker);
	ck_assert_ptr_nonnull(m);
	p = h_check_frame(m, H_MAC[1], H_PEER_MAC[1], ip4(10, 97, 0, 254), IP_B, 30210, 5004,
			  false, &len);
	ck_assert_int_eq(mc_rtcp_parse(p, len, &in), 0);
	ck_assert(in.has_sr);
	rte_pktmbuf_free(m);
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), 0);
	mc_worker_flush(w);
	m = h_take(1, s.worker);
	ck_assert_ptr_nonnull(m);
	p = h_check_frame(m, H_MAC[1], H_PEER_MAC[1], ip4(10, 97, 0, 254), IP_B, 30210, 5004,
			  false, &len);
	ck_assert_int_eq(mc_rtcp_parse(p, len, &in), 0);
	ck_assert_uint_eq(in.n_bye, 1);
	ck_assert_uint_eq(in.bye_ssrc[0], 0x5eed0003);
	rte_pktmbuf_free(m);
	ck_assert_uint_eq(h_tx_count(0, s.worker) + h_tx_count(1, s.worker), 0);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("dataplane");
	TCase *tc = tcase_create("rtcp_tx");
	SRunner *sr;
	int failed;

	h_setup();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sr_fields_and_mapping);
	tcase_add_test(tc, report_block_lsr_dlsr_xr_bye);
	tcase_add_test(tc, interval_frames_rtt_bye);
	tcase_add_test(tc, mux_and_bye_on_del);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
