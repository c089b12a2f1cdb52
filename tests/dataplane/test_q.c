/* Quality monitoring of relayed legs, in process over ring ports with the fake clock:
 * loss and MOS from a stream with 5 % loss against a clean one, the quality alarm and its
 * recovery, RTCP relayed byte for byte while its content lands in the leg's remote view
 * (loss, jitter, RTT from LSR/DLSR), and malformed RTCP of every kind counted and
 * dropped. The quality sweep (mc_q_poll) is driven here after each step of the clock. */
#include <check.h>
#include <string.h>

#include "dp_harness.h"
#include "mc_q.h"
#include "mc_rtcp.h"
#include "mc_rtcp_xr.h"

#define IP_A ip4(10, 96, 0, 1)
#define IP_B ip4(10, 97, 0, 2)

static uint8_t frame[1600], pl[1400];

static void add(struct mc_session *s)
{
	ck_assert_int_eq(h_cmd(s, MC_WCMD_ADD), 0);
}

static void del(struct mc_session *s)
{
	ck_assert_int_eq(h_cmd(s, MC_WCMD_DEL), 0);
}

/* A relayed PCMU call (the E-model profile follows the chosen codec's name). */
static void pcmu_session(struct mc_session *s, uint32_t slot, uint16_t pa, uint16_t pb)
{
	h_session_init(s, slot, pa, pb);
	for (unsigned i = 0; i < 2; i++) {
		strcpy(s->legs[i].conf.codecs[0].name, "PCMU");
		s->legs[i].conf.codecs[0].rate = 8000;
		s->legs[i].conf.codecs[0].channels = 1;
		s->legs[i].dp.clock_rate = 8000;
	}
}

static void send_from(const struct mc_session *s, unsigned leg, uint16_t sport,
		      uint16_t dport_off, const uint8_t *p, size_t n)
{
	const struct mc_leg *l = &s->legs[leg];
	struct h_udp u = {
		.src_mac = H_PEER_MAC[leg], .dst_mac = H_MAC[leg],
		.sip = leg ? IP_B : IP_A, .dip = l->dp.local_ip,
		.sport = sport, .dport = (uint16_t)(l->dp.local_port + dport_off),
	};

	h_inject(leg, 0, frame, h_build_udp(frame, &u, p, n));
}

static void drain(void)
{
	struct rte_mbuf *m;

	for (unsigned p = 0; p < H_PORTS; p++)
		while ((m = h_take(p, 0)) != NULL)
			rte_pktmbuf_free(m);
}

/* ms of fake time (at least 8: h_run's minimum), then the quality sweep. */
static void step(unsigned ms)
{
	h_run(ms);
	for (unsigned i = 0; i < H_QUEUES; i++)
		while (mc_q_poll(h_w[i]) != 0)
			;
}

static unsigned count_events(const struct mc_event *ev, unsigned n, enum mc_event_type t,
			     uint32_t slot, uint16_t *mos)
{
	unsigned c = 0;

	for (unsigned i = 0; i < n; i++)
		if (ev[i].type == t && ev[i].session_slot == slot && ev[i].leg == 0) {
			c++;
			*mos = ev[i].mos_x100;
		}
	return c;
}

/* Two calls side by side, 20 ms PCMU from leg a's remote: one clean, one losing every
 * 20th packet (5 %). The lossy one rates lower, trips an alarm set at MOS 4.2 after its
 * hold time, and recovers once the loss stops; the clean one never alarms. */
START_TEST(loss_mos_alarm_recovery)
{
	static struct mc_session clean, lossy;
	static struct mc_event ev[64];
	unsigned n_ev = 0, sent = 0;
	uint16_t mos_ev = 0;
	double mos_clean, mos_lossy;

	h_reset();
	mc_q_conf = (struct mc_q_conf){ .mos_threshold = 4.2, .hold_ms = 4000,
					.rate_ms = MC_Q_RATE_MS };
	pcmu_session(&clean, 11, 30100, 30102);
	pcmu_session(&lossy, 12, 30104, 30106);
	add(&clean);
	add(&lossy);
	/* 12 s of loss, then 16 s clean */
	for (unsigned k = 0; k < 1400; k++) {
		uint16_t seq = (uint16_t)(65000 + k);   /* wraps: extended numbers must hold */
		size_t n = h_build_rtp(pl, 111, false, seq, 160 * k, 0xc1ea0001, 160, 1);

		send_from(&clean, 0, 40000, 0, pl, n);
		if (k >= 600 || k % 20 != 7) {
			h_build_rtp(pl, 111, false, seq, 160 * k, 0x1055e001, 160, 1);
			send_from(&lossy, 0, 40000, 0, pl, n);
			sent++;
		}
		step(20);
		drain();
		n_ev += h_events(ev + n_ev, 64 - n_ev);
		if (k == 599) {
			/* Two rated intervals of the lossy part are in. */
			mos_clean = clean.legs[0].q.acc.mos;
			mos_lossy = lossy.legs[0].q.acc.mos;
			ck_assert_uint_eq(mc_rtp_stats_lost_total(&lossy.legs[0].dp.rtp), 30);
			ck_assert_uint_eq(mc_rtp_stats_lost_total(&clean.legs[0].dp.rtp), 0);
			ck_assert_double_eq_tol(lossy.legs[0].q.acc.ppl, 5.0, 0.5);
			ck_assert_double_eq_tol(clean.legs[0].q.acc.ppl, 0.0, 1e-9);
			/* G.711 with PLC: R 93.2 less a little delay, and Ie,eff ~ 15.8 at 5 % */
			ck_assert_double_gt(mos_clean, 4.3);
			ck_assert_double_lt(mos_lossy, mos_clean - 0.2);
			ck_assert_double_gt(mos_lossy, 3.5);
			ck_assert_double_le(lossy.legs[0].q.acc.mos_min, mos_lossy);
			ck_assert_uint_eq(count_events(ev, n_ev, MC_EV_QUALITY_ALARM, 12, &mos_ev), 1);
			ck_assert_uint_lt(mos_ev, 420);
			ck_assert_uint_eq(count_events(ev, n_ev, MC_EV_QUALITY_RECOVERED, 12, &mos_ev),
					  0);
		}
	}
	ck_assert_uint_eq(lossy.legs[0].dp.st.rx_packets, sent);
	/* Every settled slot is a frame, and the losses the model saw are the real ones. */
	ck_assert_uint_eq(lossy.legs[0].q.settled_lost, 30);
	ck_assert_uint_eq(lossy.legs[0].q.xr_burst.lost, 30);     /* XR burst/gap figures */
	ck_assert_uint_eq(lossy.legs[0].q.xr_burst.expected, lossy.legs[0].q.settled);
	ck_assert_uint_eq(lossy.legs[0].q.unsettled, 0);
	/* Perfect pacing: the jitter sampled while media flowed (every 200 ms) is 0. */
	ck_assert_uint_ge(clean.legs[0].q.jitter_samples, 130);
	ck_assert_double_eq(clean.legs[0].q.jitter_sum_ms, 0);
	ck_assert_double_gt(lossy.legs[0].q.acc.mos, 4.3);
	ck_assert_double_lt(mc_quality_mos_avg(&lossy.legs[0].q.acc),
			    mc_quality_mos_avg(&clean.legs[0].q.acc));
	ck_assert_uint_eq(count_events(ev, n_ev, MC_EV_QUALITY_ALARM, 12, &mos_ev), 1);
	ck_assert_uint_eq(count_events(ev, n_ev, MC_EV_QUALITY_RECOVERED, 12, &mos_ev), 1);
	ck_assert_uint_ge(mos_ev, 420);
	ck_assert_uint_eq(count_events(ev, n_ev, MC_EV_QUALITY_ALARM, 11, &mos_ev), 0);
	ck_assert_uint_lt(n_ev, 64);
	del(&clean);
	del(&lossy);
	mc_q_conf.mos_threshold = 0;
}
END_TEST

/* A leg's remote that sends nothing is never rated: no MOS from no data, no alarm. */
START_TEST(silent_leg_not_rated)
{
	static struct mc_session s;
	static struct mc_event ev[8];

	h_reset();
	mc_q_conf = (struct mc_q_conf){ .mos_threshold = 4.5, .hold_ms = 0,
					.rate_ms = MC_Q_RATE_MS };
	pcmu_session(&s, 13, 30108, 30110);
	add(&s);
	for (unsigned k = 0; k < 60; k++)
		step(200);
	ck_assert(s.legs[0].q.inited);
	ck_assert_uint_eq(s.legs[0].q.acc.intervals, 0);
	ck_assert_uint_eq(h_events(ev, 8), 0);
	del(&s);
	mc_q_conf.mos_threshold = 0;
}
END_TEST

/* An UPDATE that changes the leg's codec: from the next sweep the E-model rates with
 * the new codec's profile (Opus: wideband scale, its look-ahead), the figures so far
 * are kept. */
START_TEST(codec_change_switches_profile)
{
	static struct mc_session s;
	struct mc_leg_conf conf[2];
	struct mc_leg_dp dp[2];

	h_reset();
	pcmu_session(&s, 16, 30120, 30122);
	add(&s);
	for (unsigned k = 0; k < 300; k++) {
		size_t n = h_build_rtp(pl, 111, false, (uint16_t)k, 160 * k, 0xc0dec, 160, 1);

		send_from(&s, 0, 40000, 0, pl, n);
		step(20);
		drain();
	}
	ck_assert_uint_ge(s.legs[0].q.acc.intervals, 1);
	ck_assert_int_eq(s.legs[0].q.acc.base.scale, MC_EMODEL_NB);
	ck_assert_double_eq_tol(s.legs[0].q.acc.codec_delay_ms, 20, 1e-9);
	uint32_t rated = s.legs[0].q.acc.intervals;
	double mos = s.legs[0].q.acc.mos;

	for (unsigned i = 0; i < 2; i++) {
		conf[i] = s.legs[i].conf;
		dp[i] = s.legs[i].dp;
		strcpy(conf[i].codecs[0].name, "opus");
		conf[i].codecs[0].rate = 48000;
		conf[i].codecs[0].pt = (uint8_t)(96 + i);
	}
	ck_assert_int_eq(h_update(&s, conf, dp), 0);
	step(250);
	ck_assert_int_eq(s.legs[0].q.acc.base.scale, MC_EMODEL_WB);
	ck_assert_double_gt(s.legs[0].q.acc.codec_delay_ms, 20);
	ck_assert_uint_eq(s.legs[0].q.acc.intervals, rated);
	ck_assert_double_eq(s.legs[0].q.acc.mos, mos);
	del(&s);
}
END_TEST

/* The RTCP frame the relay sent to leg `to`, as a copy of its UDP payload. */
static const uint8_t *rtcp_out(const struct mc_session *s, unsigned to, size_t *n)
{
	const struct mc_leg_dp *d = &s->legs[to].dp;
	struct rte_mbuf *m = h_take(to, 0);
	static uint8_t copy[1600];
	const uint8_t *r;

	ck_assert_msg(m != NULL, "no RTCP sent to leg %u", to);
	r = h_check_frame(m, H_MAC[to], d->remote_mac.addr_bytes, d->local_ip, d->remote_ip,
			  (uint16_t)(d->local_port + 1), d->remote_rtcp_port, false, n);
	memcpy(copy, r, *n);
	rte_pktmbuf_free(m);
	return copy;
}

static void block(uint8_t *b, uint32_t ssrc, uint8_t fraction, uint32_t cum, uint32_t ext,
		  uint32_t jitter, uint32_t lsr, uint32_t dlsr)
{
	put32(b, ssrc);
	put32(b + 4, cum & 0xffffff);
	b[4] = fraction;
	put32(b + 8, ext);
	put32(b + 12, jitter);
	put32(b + 16, lsr);
	put32(b + 20, dlsr);
}

/* B's remote sends RTP and an SR; A's remote answers with an RR about B's stream whose
 * LSR is that SR and DLSR 0.5 s, 700 ms (fake clock) after the SR went through: the RTT
 * between media-core and A's remote is 200 ms. Both reports go through byte for byte;
 * leg a's remote view holds what A reported. */
START_TEST(rtcp_relayed_unchanged_and_read)
{
	static struct mc_session s;
	static uint8_t sr[60], rr[60];
	const uint8_t *r;
	size_t n, len;

	h_reset();
	pcmu_session(&s, 14, 30112, 30114);
	add(&s);
	for (unsigned k = 0; k < 5; k++) {
		n = h_build_rtp(pl, 107, false, (uint16_t)(7 + k), 160 * k, 0xb0b0b0b0, 160, 2);
		send_from(&s, 1, 5004, 0, pl, n);
		step(20);
	}
	drain();
	memset(sr, 0, sizeof(sr));
	sr[0] = 0x81;
	sr[1] = 200;
	put16(sr + 2, 12);
	put32(sr + 4, 0xb0b0b0b0);
	put32(sr + 8, 0xe1112222);            /* NTP: LSR will be 0x22223333 */
	put32(sr + 12, 0x33334444);
	put32(sr + 16, 640);
	put32(sr + 20, 5);
	put32(sr + 24, 800);
	block(sr + 28, 0x0a0a0a0a, 0, 0, 0, 0, 0, 0);
	send_from(&s, 1, 5005, 1, sr, 52);
	step(700);
	r = rtcp_out(&s, 0, &len);
	ck_assert_uint_eq(len, 52);
	ck_assert_mem_eq(r, sr, 52);
	ck_assert_uint_eq(s.legs[1].q.remote.sr_rx, 1);

	memset(rr, 0, sizeof(rr));
	rr[0] = 0x82;
	rr[1] = 201;
	put16(rr + 2, 13);
	put32(rr + 4, 0x0a0a0a0a);
	block(rr + 8, 0x12345678, 200, 99, 1, 2, 0, 0);   /* about someone else: ignored */
	block(rr + 32, 0xb0b0b0b0, 25, 12, 0x10000 + 11, 80, 0x22223333, 0x8000);
	send_from(&s, 0, 40001, 1, rr, 56);
	step(8);
	r = rtcp_out(&s, 1, &len);
	ck_assert_uint_eq(len, 56);
	ck_assert_mem_eq(r, rr, 56);

	const struct mc_leg_remote_view *v = &s.legs[0].q.remote;

	ck_assert_uint_eq(v->reports, 1);
	ck_assert_uint_eq(v->fraction_lost, 25);
	ck_assert_int_eq(v->cum_lost, 12);
	ck_assert_uint_eq(v->ext_high_seq, 0x10000 + 11);
	ck_assert_uint_eq(v->jitter, 80);
	ck_assert_double_eq_tol(v->jitter_ms, 10.0, 1e-9);
	ck_assert_uint_eq(v->rtt_samples, 1);
	ck_assert_double_eq_tol(v->rtt_ms, 200.0, 1.0);
	ck_assert_uint_eq(s.legs[0].dp.st.rtcp_rx, 1);
	ck_assert_uint_eq(s.legs[1].dp.st.rtcp_tx, 1);

	/* An LSR that matches no SR sent to A gives no RTT sample; a negative RTT neither. */
	block(rr + 32, 0xb0b0b0b0, 0, 12, 0x10000 + 11, 80, 0x01020304, 0x8000);
	send_from(&s, 0, 40001, 1, rr, 56);
	block(rr + 32, 0xb0b0b0b0, 0, 12, 0x10000 + 11, 80, 0x22223333, 0x7fffffff);
	send_from(&s, 0, 40001, 1, rr, 56);
	step(8);
	ck_assert_uint_eq(v->reports, 3);
	ck_assert_uint_eq(v->rtt_samples, 1);
	ck_assert_uint_eq(h_tx_count(1, 0), 2);
	drain();

	/* RR + XR VoIP Metrics from A: relayed as it is, the XR kept in the remote view. */
	{
		static uint8_t c[128];
		struct mc_rtcp_xr_writer xw;
		struct mc_xr_voip vm = { .ssrc = 0xb0b0b0b0, .loss_rate = 13, .mos_cq = 41,
					 .mos_lq = 42, .r_factor = 88, .round_trip_delay = 150 };
		int k;

		memcpy(c, rr, 56);
		mc_rtcp_xr_begin(&xw, c + 56, sizeof(c) - 56, 0x0a0a0a0a);
		mc_rtcp_xr_add_voip(&xw, &vm);
		k = mc_rtcp_xr_end(&xw);
		ck_assert_int_gt(k, 0);
		send_from(&s, 0, 40001, 1, c, 56 + (size_t)k);
		step(8);
		r = rtcp_out(&s, 1, &len);
		ck_assert_uint_eq(len, 56 + (size_t)k);
		ck_assert_mem_eq(r, c, len);
		ck_assert_uint_eq(v->xr_rx, 1);
		ck_assert_uint_eq(v->xr.ssrc, 0xb0b0b0b0);
		ck_assert_uint_eq(v->xr.loss_rate, 13);
		ck_assert_uint_eq(v->xr.mos_cq, 41);
		ck_assert_uint_eq(v->xr.round_trip_delay, 150);
		ck_assert_uint_eq(v->reports, 4);
	}
	del(&s);
}
END_TEST

/* Padding so that the packet length is a multiple of 4; the caller's bytes are as given. */
static size_t hdr(uint8_t *b, uint8_t v_p_count, uint8_t pt, uint16_t words)
{
	b[0] = v_p_count;
	b[1] = pt;
	put16(b + 2, words);
	return 4u * (words + 1u);
}

/* One malformed compound of each kind that mc_rtcp_validate knows: each is dropped,
 * counted on the leg under its reason, and nothing goes out or comes back. A valid RR
 * after them still passes. */
START_TEST(malformed_rtcp_counted_and_dropped)
{
	static struct mc_session s;
	static uint8_t b[128];
	unsigned nc = 0;
	size_t n, o;

	h_reset();
	pcmu_session(&s, 15, 30116, 30118);
	add(&s);
#define CASE(e, l) do { \
	ck_assert_int_eq(mc_rtcp_validate(b, l), e); \
	send_from(&s, 0, 40001, 1, b, l); step(8); \
	ck_assert_uint_eq(s.legs[0].q.rtcp_bad[-(e)], 1); nc++; } while (0)
	memset(b, 0, sizeof(b));
	hdr(b, 0x80, 201, 1);
	CASE(MC_RTCP_ERR_SHORT, 4);                          /* under 8 bytes */
	hdr(b, 0x40, 201, 1);
	CASE(MC_RTCP_ERR_VERSION, 8);                        /* version 1 */
	hdr(b, 0x80, 201, 9);
	CASE(MC_RTCP_ERR_LENGTH, 8);                         /* length past the datagram */
	hdr(b, 0x81, 202, 1);
	CASE(MC_RTCP_ERR_FIRST, 8);                          /* SDES first */
	n = hdr(b, 0x80, 201, 1);
	hdr(b + n, 0xa0, 202, 0);                            /* P bit, pad count 0 */
	b[n + 3] = 0;
	CASE(MC_RTCP_ERR_PADDING, n + 4);
	hdr(b, 0x82, 201, 7);                                /* RC 2, room for 1 block */
	CASE(MC_RTCP_ERR_RC, 32);
	n = hdr(b, 0x80, 201, 1);
	o = hdr(b + n, 0x81, 202, 2);                        /* CNAME of 20 in 8 bytes */
	put32(b + n + 4, 1);
	b[n + 8] = 1;
	b[n + 9] = 20;
	CASE(MC_RTCP_ERR_SDES, n + o);
	n = hdr(b, 0x80, 201, 1);
	o = hdr(b + n, 0x83, 203, 1);                        /* 3 SSRCs in 1 word */
	CASE(MC_RTCP_ERR_BYE, n + o);
	n = hdr(b, 0x80, 201, 1);
	o = hdr(b + n, 0x80, 204, 1);                        /* APP without its name */
	CASE(MC_RTCP_ERR_APP, n + o);
	n = hdr(b, 0x80, 201, 1);
	o = hdr(b + n, 0x80, 207, 2);                        /* XR block of 10 words in 1 */
	put32(b + n + 4, 1);
	b[n + 8] = 7;
	put16(b + n + 10, 9);
	CASE(MC_RTCP_ERR_XR, n + o);
#undef CASE
	ck_assert_uint_eq(nc, MC_RTCP_ERR_COUNT_ - 1);
	ck_assert_uint_eq(s.legs[0].dp.st.drops[MC_LEG_DROP_MALFORMED], nc);
	ck_assert_uint_eq(s.legs[0].dp.st.rtcp_rx, 0);
	ck_assert_uint_eq(h_drops(MC_DROP_RTCP_MALFORMED), nc);
	ck_assert_uint_eq(h_tx_count(0, 0) + h_tx_count(1, 0), 0);
	ck_assert_uint_eq(s.legs[0].q.remote.reports, 0);

	memset(b, 0, 32);
	n = hdr(b, 0x81, 201, 7);
	put32(b + 4, 0xa);
	block(b + 8, 0x1, 1, 2, 3, 4, 0, 0);
	send_from(&s, 0, 40001, 1, b, n);
	step(8);
	ck_assert_uint_eq(h_tx_count(1, 0), 1);
	ck_assert_uint_eq(s.legs[0].q.remote.reports, 1);   /* ours unknown yet: the lone one */
	drain();
	del(&s);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("dataplane");
	TCase *tc = tcase_create("quality");
	SRunner *sr;
	int failed;

	h_setup();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, loss_mos_alarm_recovery);
	tcase_add_test(tc, silent_leg_not_rated);
	tcase_add_test(tc, codec_change_switches_profile);
	tcase_add_test(tc, rtcp_relayed_unchanged_and_read);
	tcase_add_test(tc, malformed_rtcp_counted_and_dropped);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
