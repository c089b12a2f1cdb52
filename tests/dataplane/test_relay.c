/* The relay dataplane, in process: sessions added with mc_dp_command as the control lcore
 * would, crafted frames injected into net_ring ports, what the worker sends compared field
 * by field. The clock is fake (mc_worker_iterate_at), so nothing depends on timing. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dp_harness.h"
#include "mc_rtp_rewrite.h"

#define IP_A ip4(10, 96, 0, 1)
#define IP_B ip4(10, 97, 0, 2)
#define LOCAL_A ip4(10, 96, 0, 254)
#define LOCAL_B ip4(10, 97, 0, 254)

static uint8_t frame[1600], pl[1400];

/* From the leg's remote (or from sip:sport) to the leg's local RTP (rtcp: RTCP) port. */
static struct rte_mbuf *send_from(const struct mc_session *s, unsigned leg, uint32_t sip,
				  uint16_t sport, uint16_t dport_off, const uint8_t *p, size_t n)
{
	const struct mc_leg *l = &s->legs[leg];
	struct h_udp u = {
		.src_mac = H_PEER_MAC[leg], .dst_mac = H_MAC[leg],
		.sip = sip, .dip = l->dp.local_ip,
		.sport = sport, .dport = (uint16_t)(l->dp.local_port + dport_off),
	};
	size_t len = h_build_udp(frame, &u, p, n);

	return h_inject(leg, 0, frame, len);
}

static struct rte_mbuf *send_rtp(const struct mc_session *s, unsigned leg, const uint8_t *p,
				 size_t n)
{
	return send_from(s, leg, leg ? IP_B : IP_A, leg ? 5004 : 40000, 0, p, n);
}

/* Frame the relay sent to leg `to` of s (RTP, or RTCP at port + 1), checked. */
static const uint8_t *expect_out(const struct mc_session *s, unsigned to, bool rtcp,
				 size_t *n)
{
	const struct mc_leg_dp *d = &s->legs[to].dp;
	struct rte_mbuf *m = h_take(to, s->worker);
	uint16_t sport = (uint16_t)(d->local_port + (rtcp && !d->rtcp_mux));
	uint16_t dport = rtcp ? d->remote_rtcp_port : d->remote_port;

	static uint8_t copy[1600];

	ck_assert_msg(m != NULL, "nothing sent to leg %u", to);
	const uint8_t *r = h_check_frame(m, H_MAC[to], d->remote_mac.addr_bytes, d->local_ip,
					 d->remote_ip, sport, dport, false, n);
	memcpy(copy, r, *n);
	rte_pktmbuf_free(m);
	return copy;
}

static void add(struct mc_session *s)
{
	ck_assert_int_eq(h_cmd(s, MC_WCMD_ADD), 0);
}

static void del(struct mc_session *s)
{
	ck_assert_int_eq(h_cmd(s, MC_WCMD_DEL), 0);
}

static void check_rtp(const uint8_t *r, uint8_t pt, bool marker, uint16_t seq, uint32_t ts,
		      uint32_t ssrc)
{
	ck_assert_uint_eq(r[0], 0x80);
	ck_assert_uint_eq(r[1] & 0x7f, pt);
	ck_assert_uint_eq(r[1] >> 7, marker);
	ck_assert_uint_eq(get16(r + 2), seq);
	ck_assert_uint_eq(get32(r + 4), ts);
	ck_assert_uint_eq(get32(r + 8), ssrc);
}

START_TEST(relay_both_ways)
{
	static struct mc_session s;
	struct rte_mbuf *in, *out;
	size_t n, len;
	const uint8_t *r;

	h_reset();
	h_session_init(&s, 1, 30000, 30002);
	add(&s);
	n = h_build_rtp(pl, 111, true, 1000, 160000, 0xdeadbeef, 160, 1);
	in = send_rtp(&s, 0, pl, n);
	h_run(0);
	out = h_take(1, 0);
	ck_assert_ptr_eq(out, in);       /* zero copy: the received mbuf went out */
	r = h_check_frame(out, H_MAC[1], H_PEER_MAC[1], LOCAL_B, IP_B, 30002, 5004, false, &len);
	ck_assert_uint_eq(len, n);
	check_rtp(r, 107, true, 1000, 160000, 0xdeadbeef);
	ck_assert_mem_eq(r + 12, pl + 12, 160);
	rte_pktmbuf_free(out);

	n = h_build_rtp(pl, 107, false, 7, 99, 0x01020304, 320, 2);
	send_rtp(&s, 1, pl, n);
	n = h_build_rtp(pl + 400, 101, true, 1001, 160960, 0xdeadbeef, 4, 3);
	send_rtp(&s, 0, pl + 400, n);
	h_run(0);
	r = expect_out(&s, 0, false, &len);
	ck_assert_uint_eq(len, 332);
	check_rtp(r, 111, false, 7, 99, 0x01020304);
	ck_assert_mem_eq(r + 12, pl + 12, 320);
	r = expect_out(&s, 1, false, &len);
	check_rtp(r, 96, true, 1001, 160960, 0xdeadbeef);   /* telephone-event renumbered */
	ck_assert_mem_eq(r + 12, pl + 412, 4);
	ck_assert_uint_eq(h_tx_count(0, 0) + h_tx_count(1, 0), 0);
	ck_assert_uint_eq(s.legs[0].dp.st.rx_packets, 2);
	ck_assert_uint_eq(s.legs[0].dp.st.rx_bytes, 172 + 16);
	ck_assert_uint_eq(mc_leg_tx_packets(&s.legs[1]), 2);
	ck_assert_uint_eq(s.legs[1].dp.st.rx_packets, 1);
	ck_assert_uint_eq(mc_leg_tx_packets(&s.legs[0]), 1);
	ck_assert_uint_eq(s.legs[0].dp.rtp.packets, 2);
	ck_assert_uint_eq(h_w[0]->st.relayed, 3);
	del(&s);
}
END_TEST

START_TEST(udp_checksum_zero_stays_zero)
{
	static struct mc_session s;
	struct h_udp u = { .src_mac = H_PEER_MAC[0], .dst_mac = H_MAC[0], .sip = IP_A,
			   .dip = LOCAL_A, .sport = 40000, .dport = 30004, .no_udp_csum = true };
	size_t n, len;
	const uint8_t *r;
	struct rte_mbuf *m;

	h_reset();
	h_session_init(&s, 2, 30004, 30006);
	add(&s);
	n = h_build_rtp(pl, 111, false, 5, 6, 7, 80, 4);
	h_inject(0, 0, frame, h_build_udp(frame, &u, pl, n));
	h_run(0);
	m = h_take(1, 0);
	ck_assert_ptr_nonnull(m);
	r = h_check_frame(m, H_MAC[1], H_PEER_MAC[1], LOCAL_B, IP_B, 30006, 5004, true, &len);
	check_rtp(r, 107, false, 5, 6, 7);
	ck_assert_mem_eq(r + 12, pl + 12, 80);
	rte_pktmbuf_free(m);
	del(&s);
}
END_TEST

START_TEST(rewrite_across_ssrc_change)
{
	static struct mc_session s;
	static const uint16_t seq_in[] = { 100, 101, 102, 7000, 7001 };
	static const uint32_t ts_in[] = { 1000, 1960, 2920, 555555, 556515 };
	uint32_t ssrc_in[] = { 0xaaaa0001, 0xaaaa0001, 0xaaaa0001, 0xbbbb0002, 0xbbbb0002 };
	size_t n, len;
	const uint8_t *r;

	h_reset();
	h_session_init(&s, 3, 30008, 30010);
	s.legs[1].dp.rewrite = true;
	mc_rtp_rewriter_init(&s.legs[1].dp.rw, 0x5eed0001, 960);
	add(&s);
	for (unsigned i = 0; i < 5; i++) {
		n = h_build_rtp(pl, 111, false, seq_in[i], ts_in[i], ssrc_in[i], 120, (uint8_t)i);
		send_rtp(&s, 0, pl, n);
		h_run(0);
		r = expect_out(&s, 1, false, &len);   /* checksum verified: incremental update */
		/* One continuous stream: seq +1, ts +960 across the switch, M on the switch. */
		check_rtp(r, 107, i == 3, (uint16_t)(100 + i), 1000 + 960 * i, 0x5eed0001);
		ck_assert_mem_eq(r + 12, pl + 12, 120);
	}
	ck_assert_uint_eq(s.legs[1].dp.rw.switches, 1);

	/* The sender's SR follows its RTP: SSRC and RTP timestamp in the rewritten space. */
	memset(pl, 0, 28);
	pl[0] = 0x80;
	pl[1] = 200;
	put16(pl + 2, 6);
	put32(pl + 4, 0xbbbb0002);
	put32(pl + 16, 556515 + 480);
	send_from(&s, 0, IP_A, 40001, 1, pl, 28);
	h_run(0);
	r = expect_out(&s, 1, true, &len);        /* checksum verified: full recompute */
	ck_assert_uint_eq(len, 28);
	ck_assert_uint_eq(r[1], 200);
	ck_assert_uint_eq(get32(r + 4), 0x5eed0001);
	ck_assert_uint_eq(get32(r + 16), 1000 + 960 * 4 + 480);
	del(&s);
}
END_TEST

START_TEST(payload_type_not_negotiated)
{
	static struct mc_session s;
	size_t n;

	h_reset();
	h_session_init(&s, 4, 30012, 30014);
	add(&s);
	n = h_build_rtp(pl, 0, false, 1, 1, 1, 160, 5);   /* PCMU: not on leg b */
	send_rtp(&s, 0, pl, n);
	h_run(0);
	ck_assert_uint_eq(h_tx_count(1, 0), 0);
	ck_assert_uint_eq(s.legs[0].dp.st.drops[MC_LEG_DROP_PAYLOAD_TYPE], 1);
	ck_assert_uint_eq(h_drops(MC_DROP_PAYLOAD_TYPE), 1);
	ck_assert_uint_eq(mc_leg_tx_packets(&s.legs[1]), 0);
	del(&s);
}
END_TEST

START_TEST(latching_fixes_remote)
{
	static struct mc_session s;
	static const uint8_t mac7[6] = { 0x02, 0, 0, 0, 0x77, 0x77 };
	struct mc_event ev[4];
	struct h_udp u = { .src_mac = mac7, .dst_mac = H_MAC[0], .sip = ip4(10, 96, 0, 7),
			   .dip = LOCAL_A, .sport = 41000, .dport = 30016 };
	size_t n, len;
	const uint8_t *r;

	h_reset();
	h_session_init(&s, 5, 30016, 30018);
	s.legs[0].conf.latching = s.legs[0].dp.latching = true;
	add(&s);
	n = h_build_rtp(pl, 111, false, 1, 1, 0x77, 40, 6);
	h_inject(0, 0, frame, h_build_udp(frame, &u, pl, n));
	h_run(0);
	r = expect_out(&s, 1, false, &len);
	check_rtp(r, 107, false, 1, 1, 0x77);
	ck_assert_uint_eq(h_events(ev, 4), 1);
	ck_assert_int_eq(ev[0].type, MC_EV_REMOTE_LATCHED);
	ck_assert_uint_eq(ev[0].session_slot, 5);
	ck_assert_uint_eq(ev[0].generation, 7);
	ck_assert_uint_eq(ev[0].leg, 0);
	ck_assert_uint_eq(ev[0].ip, ip4(10, 96, 0, 7));
	ck_assert_uint_eq(ev[0].port, 41000);
	ck_assert_uint_eq(ev[0].is_rtcp, 0);

	/* Answers go where the media came from, through the MAC it came from. */
	n = h_build_rtp(pl, 107, false, 9, 9, 0x99, 40, 7);
	send_rtp(&s, 1, pl, n);
	h_run(0);
	r = expect_out(&s, 0, false, &len);     /* to the leg's remote and MAC, now: */
	ck_assert_uint_eq(s.legs[0].dp.remote_ip, ip4(10, 96, 0, 7));
	ck_assert_uint_eq(s.legs[0].dp.remote_port, 41000);
	ck_assert_mem_eq(s.legs[0].dp.remote_mac.addr_bytes, mac7, 6);

	/* The configured remote is now a stranger. */
	n = h_build_rtp(pl, 111, false, 2, 2, 0x77, 40, 8);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	ck_assert_uint_eq(h_tx_count(1, 0), 0);
	ck_assert_uint_eq(s.legs[0].dp.st.drops[MC_LEG_DROP_WRONG_SOURCE], 1);
	ck_assert_uint_eq(h_drops(MC_DROP_WRONG_SOURCE), 1);

	/* RTCP latches its own port once, then only that port is accepted. */
	memset(pl, 0, 8);
	pl[0] = 0x80;
	pl[1] = 201;
	put16(pl + 2, 1);
	put32(pl + 4, 0x77);
	u.sport = 41001;
	u.dport = 30017;
	h_inject(0, 0, frame, h_build_udp(frame, &u, pl, 8));
	h_run(0);
	r = expect_out(&s, 1, true, &len);
	ck_assert_mem_eq(r, pl, 8);
	ck_assert_uint_eq(h_events(ev, 4), 1);
	ck_assert_int_eq(ev[0].type, MC_EV_REMOTE_LATCHED);
	ck_assert_uint_eq(ev[0].is_rtcp, 1);
	ck_assert_uint_eq(ev[0].port, 41001);
	u.sport = 41555;
	h_inject(0, 0, frame, h_build_udp(frame, &u, pl, 8));
	h_run(0);
	ck_assert_uint_eq(h_tx_count(1, 0), 0);
	ck_assert_uint_eq(s.legs[0].dp.st.drops[MC_LEG_DROP_WRONG_SOURCE], 2);
	ck_assert_uint_eq(s.legs[0].dp.st.rtcp_rx, 1);
	del(&s);
}
END_TEST

START_TEST(no_latching_wrong_source)
{
	static struct mc_session s;
	size_t n, len;

	h_reset();
	h_session_init(&s, 6, 30020, 30022);
	add(&s);
	n = h_build_rtp(pl, 111, false, 1, 1, 1, 40, 9);
	send_from(&s, 0, IP_A, 40002, 0, pl, n);            /* wrong port */
	send_from(&s, 0, ip4(10, 96, 0, 9), 40000, 0, pl, n); /* wrong address */
	send_from(&s, 0, IP_A, 40000, 0, pl, n);            /* the remote */
	h_run(0);
	expect_out(&s, 1, false, &len);
	ck_assert_uint_eq(h_tx_count(1, 0), 0);
	ck_assert_uint_eq(s.legs[0].dp.st.drops[MC_LEG_DROP_WRONG_SOURCE], 2);
	ck_assert_uint_eq(h_drops(MC_DROP_WRONG_SOURCE), 2);
	ck_assert_uint_eq(s.legs[0].dp.st.rx_packets, 1);
	ck_assert(!s.legs[0].dp.latched);
	del(&s);
}
END_TEST

/* Sends one packet each way; returns a bitmask of what arrived: 1 a->b, 2 b->a. */
static unsigned both_ways(struct mc_session *s)
{
	unsigned got = 0;
	struct rte_mbuf *m;
	size_t n;

	n = h_build_rtp(pl, 111, false, 1, 1, 1, 40, 10);
	send_rtp(s, 0, pl, n);
	n = h_build_rtp(pl, 107, false, 1, 1, 2, 40, 11);
	send_rtp(s, 1, pl, n);
	h_run(0);
	if ((m = h_take(1, 0)) != NULL)
		got |= 1, rte_pktmbuf_free(m);
	if ((m = h_take(0, 0)) != NULL)
		got |= 2, rte_pktmbuf_free(m);
	return got;
}

static void set_direction(struct mc_session *s, enum mc_direction d)
{
	struct mc_leg_conf conf[2] = { s->legs[0].conf, s->legs[1].conf };
	struct mc_leg_dp dp[2] = { s->legs[0].dp, s->legs[1].dp };

	conf[0].direction = d;
	mc_direction_apply(&dp[0], d);
	ck_assert_int_eq(h_update(s, conf, dp), 0);
}

START_TEST(direction_each_way)
{
	static struct mc_session s;

	h_reset();
	h_session_init(&s, 7, 30024, 30026);
	add(&s);
	ck_assert_uint_eq(both_ways(&s), 3);
	set_direction(&s, MC_DIR_SENDONLY);      /* a only sends */
	ck_assert_uint_eq(both_ways(&s), 1);
	ck_assert_uint_eq(s.legs[1].dp.st.drops[MC_LEG_DROP_DIRECTION], 1);
	set_direction(&s, MC_DIR_RECVONLY);      /* a only receives */
	ck_assert_uint_eq(both_ways(&s), 2);
	ck_assert_uint_eq(s.legs[0].dp.st.drops[MC_LEG_DROP_DIRECTION], 1);
	set_direction(&s, MC_DIR_INACTIVE);
	ck_assert_uint_eq(both_ways(&s), 0);
	set_direction(&s, MC_DIR_SENDRECV);
	ck_assert_uint_eq(both_ways(&s), 3);
	ck_assert_uint_eq(h_drops(MC_DROP_DIRECTION), 4);
	/* Updates keep the counters. */
	ck_assert_uint_eq(s.legs[0].dp.st.rx_packets, 3);
	ck_assert_uint_eq(mc_leg_tx_packets(&s.legs[1]), 3);
	del(&s);
}
END_TEST

static size_t rtcp_rr(uint8_t *b, uint32_t ssrc)
{
	memset(b, 0, 32);
	b[0] = 0x81;
	b[1] = 201;
	put16(b + 2, 7);
	put32(b + 4, ssrc);
	put32(b + 8, 0x12345678);    /* report block about some source */
	b[12] = 3;
	return 32;
}

START_TEST(rtcp_port_plus_one_and_mux)
{
	static struct mc_session s;
	size_t n, len;
	const uint8_t *r;

	h_reset();
	h_session_init(&s, 8, 30028, 30030);
	add(&s);
	n = rtcp_rr(pl, 0xa1);
	send_from(&s, 0, IP_A, 40001, 1, pl, n);
	h_run(0);
	r = expect_out(&s, 1, true, &len);   /* 10.97.0.254:30031 -> 10.97.0.2:5005 */
	ck_assert_uint_eq(s.legs[1].dp.remote_rtcp_port, 5005);
	ck_assert_uint_eq(len, n);
	ck_assert_mem_eq(r, pl, n);
	n = rtcp_rr(pl, 0xb1);
	send_from(&s, 1, IP_B, 5005, 1, pl, n);
	h_run(0);
	r = expect_out(&s, 0, true, &len);   /* -> 10.96.0.1:40001 */
	ck_assert_mem_eq(r, pl, n);
	ck_assert_uint_eq(s.legs[0].dp.st.rtcp_rx, 1);
	ck_assert_uint_eq(s.legs[0].dp.st.rtcp_tx, 1);

	/* Leg b switches to rtcp-mux: its RTCP shares the RTP port both ways. */
	struct mc_leg_conf conf[2] = { s.legs[0].conf, s.legs[1].conf };
	struct mc_leg_dp dp[2] = { s.legs[0].dp, s.legs[1].dp };

	conf[1].rtcp_mux = dp[1].rtcp_mux = true;
	ck_assert_int_eq(h_update(&s, conf, dp), 0);
	ck_assert_uint_eq(s.legs[1].dp.remote_rtcp_port, 5004);
	n = rtcp_rr(pl, 0xa2);
	send_from(&s, 0, IP_A, 40001, 1, pl, n);
	h_run(0);
	r = expect_out(&s, 1, true, &len);   /* 30030 -> 5004 */
	ck_assert_mem_eq(r, pl, n);
	n = rtcp_rr(pl, 0xb2);
	send_from(&s, 1, IP_B, 5004, 0, pl, n);   /* RTCP on b's RTP port */
	h_run(0);
	r = expect_out(&s, 0, true, &len);
	ck_assert_mem_eq(r, pl, n);
	n = h_build_rtp(pl, 107, false, 3, 3, 0xb2, 40, 12);
	send_from(&s, 1, IP_B, 5004, 0, pl, n);   /* and RTP still is RTP */
	h_run(0);
	r = expect_out(&s, 0, false, &len);
	check_rtp(r, 111, false, 3, 3, 0xb2);
	ck_assert_uint_eq(s.legs[1].dp.st.rtcp_rx, 2);
	ck_assert_uint_eq(s.legs[1].dp.st.rx_packets, 1);
	del(&s);
}
END_TEST

static uint64_t sum_terminal(void)
{
	uint64_t t = 0;

	for (unsigned i = 0; i < H_QUEUES; i++) {
		t += h_w[i]->st.relayed + h_w[i]->st.exceptions;
		for (unsigned r = 0; r < MC_DROP_REASON_MAX; r++)
			t += h_w[i]->st.drops[r];
	}
	return t;
}

START_TEST(malformed_isolated)
{
	static struct mc_session s1, s2;
	size_t n, good, len;
	uint8_t ok[200];

	h_reset();
	h_session_init(&s1, 9, 30100, 30102);
	h_session_init(&s2, 10, 30104, 30106);
	s2.legs[0].dp.remote_ip = s2.legs[0].conf.remote_ip = ip4(10, 96, 0, 2);
	add(&s1);
	add(&s2);
	good = h_build_rtp(ok, 111, false, 50, 50, 0x52, 100, 13);
	n = h_build_rtp(pl, 111, false, 1, 1, 1, 100, 14);
	pl[0] = 0x40;                                      /* version 1 */
	send_rtp(&s1, 0, pl, n);
	send_from(&s2, 0, ip4(10, 96, 0, 2), 40000, 0, ok, good);
	n = rtcp_rr(pl, 0x51);
	put16(pl + 2, 60);                                 /* length beyond the datagram */
	send_from(&s1, 0, IP_A, 40001, 1, pl, n);
	send_from(&s2, 0, ip4(10, 96, 0, 2), 40000, 0, ok, good);
	n = h_build_rtp(pl, 111, false, 1, 1, 1, 8, 15);
	pl[0] = 0x8f;                                      /* 15 CSRCs in 8 bytes */
	send_rtp(&s1, 0, pl, n);
	send_from(&s2, 0, ip4(10, 96, 0, 2), 40000, 0, ok, good);
	h_run(0);
	for (unsigned i = 0; i < 3; i++)
		ck_assert_mem_eq(expect_out(&s2, 1, false, &len) + 12, ok + 12, 100);
	ck_assert_uint_eq(h_tx_count(1, 0), 0);
	ck_assert_uint_eq(h_drops(MC_DROP_RTP_MALFORMED), 2);
	ck_assert_uint_eq(h_drops(MC_DROP_RTCP_MALFORMED), 1);
	ck_assert_uint_eq(s1.legs[0].dp.st.drops[MC_LEG_DROP_MALFORMED], 3);
	ck_assert_uint_eq(s1.legs[0].dp.st.rx_packets, 0);
	ck_assert_uint_eq(s2.legs[0].dp.st.rx_packets, 3);

	/* Random damage anywhere in the frame: every packet is accounted for exactly once,
	 * none is answered on the port it came from, and session 2 keeps flowing. */
	srand(1234);
	for (unsigned round = 0; round < 8; round++) {
		for (unsigned k = 0; k < 256; k++) {
			struct h_udp u = { .src_mac = H_PEER_MAC[0], .dst_mac = H_MAC[0],
					   .sip = IP_A, .dip = LOCAL_A, .sport = 40000,
					   .dport = (uint16_t)(30100 + (k & 1)) };
			size_t flen;

			n = (k & 2) ? h_build_rtp(pl, 111, false, (uint16_t)k, k, 1, k % 200, 1)
				    : rtcp_rr(pl, k);
			flen = h_build_udp(frame, &u, pl, n);
			for (unsigned d = 0, nd = 1 + (unsigned)rand() % 4; d < nd; d++)
				frame[(unsigned)rand() % flen] = (uint8_t)rand();
			if (rand() % 4 == 0)
				flen = (unsigned)rand() % flen;
			h_inject(0, 0, frame, flen);
		}
		h_run(0);
		ck_assert_uint_eq(h_tx_count(0, 0) + h_tx_count(0, 1), 0);
		for (unsigned q = 0; q < H_QUEUES; q++) {
			struct rte_mbuf *m;

			while ((m = h_take(1, q)) != NULL)
				rte_pktmbuf_free(m);
		}
	}
	ck_assert_uint_eq(h_w[0]->st.rx_packets, 6 + 8 * 256);
	ck_assert_uint_eq(sum_terminal(), h_w[0]->st.rx_packets);
	ck_assert_uint_eq(h_drops(MC_DROP_TX_FULL), 0);
	send_from(&s2, 0, ip4(10, 96, 0, 2), 40000, 0, ok, good);
	h_run(0);
	ck_assert_mem_eq(expect_out(&s2, 1, false, &len) + 12, ok + 12, 100);
	del(&s1);
	del(&s2);
}
END_TEST

START_TEST(no_neighbor_then_resolved)
{
	static struct mc_session s;
	size_t n, len;
	struct mc_leg_conf conf[2];
	struct mc_leg_dp dp[2];

	h_reset();
	h_session_init(&s, 11, 30032, 30034);
	s.legs[1].dp.mac_valid = false;
	add(&s);
	n = h_build_rtp(pl, 111, false, 1, 1, 1, 40, 16);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	ck_assert_uint_eq(h_tx_count(1, 0), 0);
	ck_assert_uint_eq(s.legs[0].dp.st.drops[MC_LEG_DROP_NO_NEIGHBOR], 1);
	ck_assert_uint_eq(h_drops(MC_DROP_NO_NEIGHBOR), 1);

	/* The neighbour table resolved it: the control lcore sends an UPDATE. */
	for (unsigned i = 0; i < 2; i++) {
		conf[i] = s.legs[i].conf;
		dp[i] = s.legs[i].dp;
	}
	dp[1].mac_valid = true;
	ck_assert_int_eq(h_update(&s, conf, dp), 0);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	expect_out(&s, 1, false, &len);
	ck_assert_uint_eq(s.legs[0].dp.st.rx_packets, 2);
	ck_assert_uint_eq(s.legs[0].dp.st.drops[MC_LEG_DROP_NO_NEIGHBOR], 1);

	/* No remote at all on b. */
	conf[1].has_remote = false;
	conf[1].remote_ip = dp[1].remote_ip = 0;
	conf[1].remote_port = dp[1].remote_port = 0;
	ck_assert_int_eq(h_update(&s, conf, dp), 0);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	ck_assert_uint_eq(h_tx_count(1, 0), 0);
	ck_assert_uint_eq(s.legs[0].dp.st.drops[MC_LEG_DROP_NO_REMOTE], 1);
	ck_assert_uint_eq(h_drops(MC_DROP_NO_REMOTE), 1);
	del(&s);
}
END_TEST

START_TEST(del_stops_flow)
{
	static struct mc_session s;
	size_t n, len;

	h_reset();
	h_session_init(&s, 12, 30036, 30038);
	add(&s);
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_ADD), -EINVAL);   /* ports already mapped */
	n = h_build_rtp(pl, 111, false, 1, 1, 1, 40, 17);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	expect_out(&s, 1, false, &len);
	del(&s);
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), -ENOENT);
	send_rtp(&s, 0, pl, n);
	send_from(&s, 0, IP_A, 40001, 1, pl, n);
	h_run(0);
	ck_assert_uint_eq(h_tx_count(1, 0), 0);
	ck_assert_uint_eq(h_drops(MC_DROP_NO_SESSION), 2);
	ck_assert_uint_eq(s.legs[0].dp.st.rx_packets, 1);
	/* The ports are free again. */
	add(&s);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	expect_out(&s, 1, false, &len);
	del(&s);
}
END_TEST

START_TEST(update_new_remote)
{
	static struct mc_session s;
	struct mc_leg_conf conf[2];
	struct mc_leg_dp dp[2];
	struct mc_event ev[4];
	size_t n, len;

	h_reset();
	h_session_init(&s, 13, 30040, 30042);
	s.legs[1].conf.latching = s.legs[1].dp.latching = true;
	add(&s);
	n = h_build_rtp(pl, 107, false, 1, 1, 1, 40, 18);
	send_rtp(&s, 1, pl, n);                 /* b latches on 10.97.0.2:5004 */
	n = h_build_rtp(pl, 111, false, 1, 1, 2, 40, 19);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	expect_out(&s, 0, false, &len);
	expect_out(&s, 1, false, &len);
	ck_assert(s.legs[1].dp.latched);
	ck_assert_uint_eq(h_events(ev, 4), 1);

	for (unsigned i = 0; i < 2; i++) {
		conf[i] = s.legs[i].conf;
		dp[i] = s.legs[i].dp;
	}
	conf[1].remote_ip = dp[1].remote_ip = ip4(10, 97, 0, 3);
	conf[1].remote_port = dp[1].remote_port = 6000;
	dp[1].remote_rtcp_port = 6001;
	ck_assert_int_eq(h_update(&s, conf, dp), 0);
	ck_assert(!s.legs[1].dp.latched);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	struct rte_mbuf *m = h_take(1, 0);

	ck_assert_ptr_nonnull(m);
	h_check_frame(m, H_MAC[1], H_PEER_MAC[1], LOCAL_B, ip4(10, 97, 0, 3), 30042, 6000,
		      false, &len);
	rte_pktmbuf_free(m);
	ck_assert_uint_eq(mc_leg_tx_packets(&s.legs[1]), 2);
	ck_assert_uint_eq(s.legs[0].dp.st.rx_packets, 2);
	/* The latch was reset: the next source is taken. */
	n = h_build_rtp(pl, 107, false, 2, 2, 1, 40, 20);
	send_from(&s, 1, ip4(10, 97, 0, 50), 7000, 0, pl, n);
	h_run(0);
	expect_out(&s, 0, false, &len);
	ck_assert_uint_eq(h_events(ev, 4), 1);
	ck_assert_uint_eq(ev[0].ip, ip4(10, 97, 0, 50));
	ck_assert_uint_eq(ev[0].port, 7000);
	ck_assert_uint_eq(s.legs[1].dp.st.rx_packets, 2);
	del(&s);
}
END_TEST

START_TEST(update_pt_map_takes_effect)
{
	/* The relay keeps the last PT it mapped per leg (a one-entry cache in front of
	 * pt_out): an update of the map must reach the very next packet. */
	static struct mc_session s;
	struct mc_leg_conf conf[2];
	struct mc_leg_dp dp[2];
	size_t n, len;
	const uint8_t *r;

	h_reset();
	h_session_init(&s, 14, 30044, 30046);
	add(&s);
	n = h_build_rtp(pl, 111, false, 1, 160, 5, 40, 21);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	r = expect_out(&s, 1, false, &len);
	check_rtp(r, 107, false, 1, 160, 5);

	for (unsigned i = 0; i < 2; i++) {
		conf[i] = s.legs[i].conf;
		dp[i] = s.legs[i].dp;
	}
	dp[1].pt_out[111] = 100;
	ck_assert_int_eq(h_update(&s, conf, dp), 0);
	n = h_build_rtp(pl, 111, false, 2, 320, 5, 40, 22);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	r = expect_out(&s, 1, false, &len);
	check_rtp(r, 100, false, 2, 320, 5);

	dp[1].pt_out[111] = MC_PT_NONE;
	ck_assert_int_eq(h_update(&s, conf, dp), 0);
	n = h_build_rtp(pl, 111, false, 3, 480, 5, 40, 23);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	ck_assert_uint_eq(h_tx_count(1, 0), 0);
	ck_assert_uint_eq(s.legs[0].dp.st.drops[MC_LEG_DROP_PAYLOAD_TYPE], 1);
	ck_assert_uint_eq(mc_leg_tx_packets(&s.legs[1]), 2);
	del(&s);
}
END_TEST

START_TEST(media_timeout_and_resume)
{
	static struct mc_session s;
	struct mc_event ev[8];
	size_t n, len;
	unsigned k;

	h_reset();
	h_session_init(&s, 14, 30044, 30046);
	s.media_timeout_ms = 300;
	add(&s);
	h_run(200);
	ck_assert_uint_eq(h_events(ev, 8), 0);
	h_run(300);
	k = h_events(ev, 8);
	ck_assert_uint_eq(k, 2);
	for (unsigned i = 0; i < 2; i++) {
		ck_assert_int_eq(ev[i].type, MC_EV_MEDIA_TIMEOUT);
		ck_assert_uint_eq(ev[i].session_slot, 14);
	}
	ck_assert_uint_ne(ev[0].leg, ev[1].leg);
	h_run(1000);
	ck_assert_uint_eq(h_events(ev, 8), 0);   /* once per silence */
	n = h_build_rtp(pl, 111, false, 1, 1, 1, 40, 21);
	send_rtp(&s, 0, pl, n);
	h_run(0);
	expect_out(&s, 1, false, &len);
	ck_assert_uint_eq(h_events(ev, 8), 1);
	ck_assert_int_eq(ev[0].type, MC_EV_MEDIA_RESUMED);
	ck_assert_uint_eq(ev[0].leg, 0);
	/* Kept alive by its media, leg a stays quiet while b (silent) does not repeat. */
	for (unsigned t = 0; t < 10; t++) {
		send_rtp(&s, 0, pl, n);
		h_run(100);
		expect_out(&s, 1, false, &len);
	}
	ck_assert_uint_eq(h_events(ev, 8), 0);
	h_run(500);
	ck_assert_uint_eq(h_events(ev, 8), 1);
	ck_assert_int_eq(ev[0].type, MC_EV_MEDIA_TIMEOUT);
	ck_assert_uint_eq(ev[0].leg, 0);
	del(&s);
}
END_TEST

START_TEST(ip_options_stripped_padding_trimmed)
{
	static struct mc_session s;
	struct h_udp u = { .src_mac = H_PEER_MAC[0], .dst_mac = H_MAC[0], .sip = IP_A,
			   .dip = LOCAL_A, .sport = 40000, .dport = 30048, .ip_opt_len = 4,
			   .ip_tos = 0xb8, .ip_id = 0x1234 };
	struct rte_mbuf *m;
	const uint8_t *r;
	size_t n, len;

	h_reset();
	h_session_init(&s, 15, 30048, 30050);
	add(&s);
	n = h_build_rtp(pl, 111, false, 4, 4, 4, 160, 22);
	h_inject(0, 0, frame, h_build_udp(frame, &u, pl, n));
	h_run(0);
	m = h_take(1, 0);
	ck_assert_ptr_nonnull(m);
	r = h_check_frame(m, H_MAC[1], H_PEER_MAC[1], LOCAL_B, IP_B, 30050, 5004, false, &len);
	ck_assert_uint_eq(rte_pktmbuf_mtod(m, uint8_t *)[15], 0xb8);     /* TOS kept */
	ck_assert_uint_eq(get16(rte_pktmbuf_mtod(m, uint8_t *) + 18), 0x1234);
	ck_assert_uint_eq(len, n);
	check_rtp(r, 107, false, 4, 4, 4);
	ck_assert_mem_eq(r + 12, pl + 12, 160);
	rte_pktmbuf_free(m);

	/* A header-only RTP packet (keepalive) in a frame padded to 60 bytes. */
	u.ip_opt_len = 0;
	u.pad_to = 60;
	n = h_build_rtp(pl, 111, false, 5, 5, 4, 0, 0);
	ck_assert_uint_eq(h_build_udp(frame, &u, pl, n), 60);
	h_inject(0, 0, frame, 60);
	h_run(0);
	r = expect_out(&s, 1, false, &len);    /* frame length = 14 + IP total length */
	ck_assert_uint_eq(len, 12);
	del(&s);
}
END_TEST

START_TEST(handoff_to_owner)
{
	static struct mc_session s;
	size_t n, len;
	const uint8_t *r;

	h_reset();
	h_session_init(&s, 16, 30500, 30502);   /* worker 1's share */
	ck_assert_uint_eq(s.worker, 1);
	add(&s);
	n = h_build_rtp(pl, 111, false, 8, 8, 8, 60, 23);
	send_rtp(&s, 0, pl, n);                 /* arrives on worker 0's queue */
	h_run(0);
	ck_assert_uint_eq(h_w[0]->st.handoffs, 1);
	ck_assert_uint_eq(h_w[1]->st.relayed, 1);
	r = expect_out(&s, 1, false, &len);     /* sent on worker 1's queue */
	check_rtp(r, 107, false, 8, 8, 8);
	ck_assert_uint_eq(h_tx_count(1, 0), 0);
	del(&s);
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), -ENOENT);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("dataplane");
	TCase *tc = tcase_create("relay");
	SRunner *sr;
	int failed;

	h_setup();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, relay_both_ways);
	tcase_add_test(tc, udp_checksum_zero_stays_zero);
	tcase_add_test(tc, rewrite_across_ssrc_change);
	tcase_add_test(tc, payload_type_not_negotiated);
	tcase_add_test(tc, latching_fixes_remote);
	tcase_add_test(tc, no_latching_wrong_source);
	tcase_add_test(tc, direction_each_way);
	tcase_add_test(tc, rtcp_port_plus_one_and_mux);
	tcase_add_test(tc, malformed_isolated);
	tcase_add_test(tc, no_neighbor_then_resolved);
	tcase_add_test(tc, del_stops_flow);
	tcase_add_test(tc, update_new_remote);
	tcase_add_test(tc, update_pt_map_takes_effect);
	tcase_add_test(tc, media_timeout_and_resume);
	tcase_add_test(tc, ip_options_stripped_padding_trimmed);
	tcase_add_test(tc, handoff_to_owner);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	/* One EAL per process: the tests share it, so no fork. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
