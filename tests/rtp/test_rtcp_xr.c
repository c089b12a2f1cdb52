/* RTCP XR (RFC 3611): build/parse round trips of the RRT, DLRR and VoIP Metrics
 * blocks, every malformed length, the DLRR round trip, and the burst/gap
 * tracker against hand-classified loss patterns. */
#include <check.h>
#include <string.h>

#include "mc_rtcp.h"
#include "mc_rtcp_xr.h"
#include "mc_rtp_be.h"

static const struct mc_xr_voip voip_a = {
	.ssrc = 0x11223344, .loss_rate = 12, .discard_rate = 3, .burst_density = 140,
	.gap_density = 5, .burst_duration = 120, .gap_duration = 6540,
	.round_trip_delay = 87, .end_system_delay = 45, .signal_level = -20,
	.noise_level = -62, .rerl = MC_XR_UNAVAILABLE, .gmin = 16, .r_factor = 88,
	.ext_r_factor = MC_XR_UNAVAILABLE, .mos_lq = 42, .mos_cq = 41,
	.rx_config = 0xf7, .jb_nominal = 40, .jb_max = 80, .jb_abs_max = 300,
};

static const struct mc_xr_dlrr dlrr_a[2] = {
	{0xa1a2a3a4, 0x12345678, 0x00018000},
	{0xb1b2b3b4, 0x9abcdef0, 7},
};

static void check_voip(const struct mc_xr_voip *v, const struct mc_xr_voip *e)
{
	ck_assert_uint_eq(v->ssrc, e->ssrc);
	ck_assert_uint_eq(v->loss_rate, e->loss_rate);
	ck_assert_uint_eq(v->discard_rate, e->discard_rate);
	ck_assert_uint_eq(v->burst_density, e->burst_density);
	ck_assert_uint_eq(v->gap_density, e->gap_density);
	ck_assert_uint_eq(v->burst_duration, e->burst_duration);
	ck_assert_uint_eq(v->gap_duration, e->gap_duration);
	ck_assert_uint_eq(v->round_trip_delay, e->round_trip_delay);
	ck_assert_uint_eq(v->end_system_delay, e->end_system_delay);
	ck_assert_int_eq(v->signal_level, e->signal_level);
	ck_assert_int_eq(v->noise_level, e->noise_level);
	ck_assert_uint_eq(v->rerl, e->rerl);
	ck_assert_uint_eq(v->gmin, e->gmin);
	ck_assert_uint_eq(v->r_factor, e->r_factor);
	ck_assert_uint_eq(v->ext_r_factor, e->ext_r_factor);
	ck_assert_uint_eq(v->mos_lq, e->mos_lq);
	ck_assert_uint_eq(v->mos_cq, e->mos_cq);
	ck_assert_uint_eq(v->rx_config, e->rx_config);
	ck_assert_uint_eq(v->jb_nominal, e->jb_nominal);
	ck_assert_uint_eq(v->jb_max, e->jb_max);
	ck_assert_uint_eq(v->jb_abs_max, e->jb_abs_max);
}

/* XR with RRT, DLRR (2 entries) and VoIP: 8 + 12 + 28 + 36 = 84 bytes. */
static int build_xr(uint8_t *b, size_t cap)
{
	struct mc_rtcp_xr_writer w;
	mc_rtcp_xr_begin(&w, b, cap, 0xcafef00d);
	mc_rtcp_xr_add_rrt(&w, 0xe8a1b2c3d4e5f607ull);
	mc_rtcp_xr_add_dlrr(&w, dlrr_a, 2);
	mc_rtcp_xr_add_voip(&w, &voip_a);
	return mc_rtcp_xr_end(&w);
}

START_TEST(round_trip_compound)
{
	uint8_t b[256];
	int n1 = mc_rtcp_build_rr(b, sizeof b, 0xcafef00d, NULL, 0);
	int n2 = build_xr(b + n1, sizeof b - (size_t)n1);
	ck_assert_int_eq(n2, 84);
	const uint8_t *x = b + n1;
	/* wire layout, RFC 3611 2, 4.4, 4.5, 4.7 */
	ck_assert_uint_eq(x[0], 0x80);
	ck_assert_uint_eq(x[1], 207);
	ck_assert_uint_eq(mc_rd16(x + 2), 84 / 4 - 1);
	ck_assert_uint_eq(mc_rd32(x + 4), 0xcafef00d);
	ck_assert_uint_eq(x[8], 4);
	ck_assert_uint_eq(mc_rd16(x + 10), 2);
	ck_assert_uint_eq(mc_rd32(x + 12), 0xe8a1b2c3);
	ck_assert_uint_eq(x[20], 5);
	ck_assert_uint_eq(mc_rd16(x + 22), 6);
	ck_assert_uint_eq(mc_rd32(x + 24), 0xa1a2a3a4);
	const uint8_t *v = x + 48;
	ck_assert_uint_eq(v[0], 7);
	ck_assert_uint_eq(mc_rd16(v + 2), 8);
	ck_assert_uint_eq(mc_rd32(v + 4), 0x11223344);
	ck_assert_uint_eq(v[8], 12);
	ck_assert_uint_eq(mc_rd16(v + 14), 6540);
	ck_assert_uint_eq(v[20], 0xec); /* -20 dB, two's complement */
	ck_assert_uint_eq(v[23], 16);
	ck_assert_uint_eq(v[28], 0xf7);
	ck_assert_uint_eq(mc_rd16(v + 34), 300);

	size_t n = (size_t)(n1 + n2);
	ck_assert_int_eq(mc_rtcp_validate(b, n), 0);
	struct mc_rtcp_xr_info xr;
	ck_assert_int_eq(mc_rtcp_xr_parse_compound(b, n, &xr), 0);
	ck_assert_uint_eq(xr.n_packets, 1);
	ck_assert_uint_eq(xr.sender_ssrc, 0xcafef00d);
	ck_assert(xr.has_rrt);
	ck_assert(xr.rrt_ntp == 0xe8a1b2c3d4e5f607ull);
	ck_assert_uint_eq(xr.n_dlrr, 2);
	for (unsigned i = 0; i < 2; i++) {
		ck_assert_uint_eq(xr.dlrr[i].ssrc, dlrr_a[i].ssrc);
		ck_assert_uint_eq(xr.dlrr[i].lrr, dlrr_a[i].lrr);
		ck_assert_uint_eq(xr.dlrr[i].dlrr, dlrr_a[i].dlrr);
	}
	ck_assert_uint_eq(xr.n_voip, 1);
	check_voip(&xr.voip[0], &voip_a);
	ck_assert_uint_eq(xr.n_unknown, 0);

	/* the packet alone parses the same */
	ck_assert_int_eq(mc_rtcp_xr_parse(x, (size_t)n2, &xr), 0);
	check_voip(&xr.voip[0], &voip_a);
	/* a compound without XR gives nothing */
	ck_assert_int_eq(mc_rtcp_xr_parse_compound(b, (size_t)n1, &xr), 0);
	ck_assert_uint_eq(xr.n_packets, 0);
}
END_TEST

/* Write one XR packet holding one raw block: type bt, length field words, and
 * body_words words of body actually present. */
static size_t raw_xr(uint8_t *b, uint8_t bt, uint16_t words, unsigned body_words)
{
	size_t len = 8 + 4 + 4 * (size_t)body_words;
	memset(b, 0, len);
	b[0] = 0x80;
	b[1] = 207;
	mc_wr16(b + 2, (uint16_t)(len / 4 - 1));
	mc_wr32(b + 4, 1);
	b[8] = bt;
	mc_wr16(b + 10, words);
	return len;
}

START_TEST(malformed)
{
	uint8_t b[256];
	struct mc_rtcp_xr_info xr;
	size_t n = raw_xr(b, MC_XR_BT_VOIP, 8, 8);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), 0);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, 7, &xr), MC_XR_ERR_SHORT);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n - 4, &xr), MC_XR_ERR_SHORT); /* length field */
	b[0] = 0x40;
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_VERSION);
	b[0] = 0x80;
	b[1] = 201;
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_PT);

	/* VoIP Metrics must be exactly 8 words */
	n = raw_xr(b, MC_XR_BT_VOIP, 7, 7);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_VOIP_LEN);
	n = raw_xr(b, MC_XR_BT_VOIP, 9, 9);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_VOIP_LEN);
	/* RRT exactly 2 */
	n = raw_xr(b, MC_XR_BT_RRT, 1, 1);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_RRT_LEN);
	n = raw_xr(b, MC_XR_BT_RRT, 3, 3);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_RRT_LEN);
	/* DLRR a multiple of 3 (0 entries is allowed) */
	n = raw_xr(b, MC_XR_BT_DLRR, 4, 4);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_DLRR_LEN);
	n = raw_xr(b, MC_XR_BT_DLRR, 0, 0);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), 0);
	ck_assert_uint_eq(xr.n_dlrr, 0);
	/* a block whose length runs past the packet */
	n = raw_xr(b, MC_XR_BT_VOIP, 8, 5);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_BLOCK);
	/* padding: count 0, count past the packet, and a count that leaves a
	 * partial block header */
	n = raw_xr(b, MC_XR_BT_RRT, 2, 2);
	b[0] |= 0x20;
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_PADDING);
	b[n - 1] = (uint8_t)(n - 7);
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_PADDING);
	b[n - 1] = 10; /* body = 10 bytes: header + 2 bytes of a block header */
	ck_assert_int_eq(mc_rtcp_xr_parse(b, n, &xr), MC_XR_ERR_BLOCK);

	/* names */
	ck_assert_str_eq(mc_rtcp_xr_err_name(MC_XR_ERR_VOIP_LEN), "xr_voip_len");
	ck_assert_str_eq(mc_rtcp_xr_err_name(MC_XR_ERR_SHORT), "xr_short");
	ck_assert_str_eq(mc_rtcp_xr_err_name(MC_RTCP_ERR_XR), "rtcp_xr");
}
END_TEST

START_TEST(malformed_in_compound)
{
	uint8_t b[256];
	struct mc_rtcp_xr_info xr;
	int n1 = mc_rtcp_build_rr(b, sizeof b, 9, NULL, 0);
	/* block running past its packet: the compound validator refuses it */
	size_t n2 = raw_xr(b + n1, MC_XR_BT_VOIP, 8, 5);
	ck_assert_int_eq(mc_rtcp_xr_parse_compound(b, (size_t)n1 + n2, &xr), MC_RTCP_ERR_XR);
	/* lengths consistent but wrong for the type: the XR parser refuses it */
	n2 = raw_xr(b + n1, MC_XR_BT_VOIP, 7, 7);
	ck_assert_int_eq(mc_rtcp_validate(b, (size_t)n1 + n2), 0);
	ck_assert_int_eq(mc_rtcp_xr_parse_compound(b, (size_t)n1 + n2, &xr),
			 MC_XR_ERR_VOIP_LEN);
	/* an XR first in the compound is not a valid compound at all */
	n2 = raw_xr(b, MC_XR_BT_RRT, 2, 2);
	ck_assert_int_eq(mc_rtcp_xr_parse_compound(b, n2, &xr), MC_RTCP_ERR_FIRST);
}
END_TEST

START_TEST(unknown_and_overflow)
{
	uint8_t b[512];
	struct mc_rtcp_xr_writer w;
	mc_rtcp_xr_begin(&w, b, sizeof b, 5);
	for (int i = 0; i < MC_XR_MAX_VOIP + 2; i++)
		mc_rtcp_xr_add_voip(&w, &voip_a);
	int n = mc_rtcp_xr_end(&w);
	ck_assert_int_eq(n, 8 + 36 * (MC_XR_MAX_VOIP + 2));
	/* append an unknown block type 42 of 2 words */
	uint8_t *u = b + n;
	memset(u, 0, 12);
	u[0] = 42;
	mc_wr16(u + 2, 2);
	n += 12;
	mc_wr16(b + 2, (uint16_t)(n / 4 - 1));
	struct mc_rtcp_xr_info xr;
	ck_assert_int_eq(mc_rtcp_xr_parse(b, (size_t)n, &xr), 0);
	ck_assert_uint_eq(xr.n_voip, MC_XR_MAX_VOIP);
	ck_assert_uint_eq(xr.n_dropped, 2);
	ck_assert_uint_eq(xr.n_unknown, 1);
}
END_TEST

START_TEST(writer_capacity)
{
	uint8_t b[84];
	ck_assert_int_eq(build_xr(b, 84), 84);
	ck_assert_int_eq(build_xr(b, 83), -1);
	ck_assert_int_eq(build_xr(b, 7), -1);
	struct mc_rtcp_xr_writer w;
	mc_rtcp_xr_begin(&w, b, 8, 1); /* an XR with no block is legal */
	ck_assert_int_eq(mc_rtcp_xr_end(&w), 8);
}
END_TEST

/* RTT = A - LRR - DLRR in 1/65536 s: 5.0 s - 3.0 s - 1.5 s = 0.5 s = 0x8000. */
START_TEST(dlrr_rtt)
{
	ck_assert_int_eq(mc_rtcp_xr_rtt(0x00050000, 0x00030000, 0x00018000), 0x8000);
	ck_assert_int_eq(mc_rtcp_xr_rtt(0x00001000, 0xfffff000, 0x1000), 0x1000); /* wrap */
	ck_assert_int_eq(mc_rtcp_xr_rtt(0x00050000, 0, 0), -1);
	ck_assert_int_eq(mc_rtcp_xr_rtt(0x00050000, 0x00030000, 0x00030000), -1);
}
END_TEST

static void feed(struct mc_xr_burst *t, const char *pattern)
{
	for (const char *c = pattern; *c; c++)
		mc_xr_burst_packet(t, *c == 'L' ? MC_XR_PKT_LOST :
				      *c == 'D' ? MC_XR_PKT_DISCARDED : MC_XR_PKT_RECEIVED);
}

static void feed_n(struct mc_xr_burst *t, char c, unsigned n)
{
	char s[2] = {c, 0};
	while (n--)
		feed(t, s);
}

/* Gmin 16, 20 ms packets:
 *   20 R                 gap 1: 20 packets
 *   L, then 20 R         isolated (16 R follow): gap loss; gap 1 grows to 41
 *   L R L R R L          burst 1: 6 packets, 3 lost
 *   20 R                 gap 2 opens: 20 packets (61 in gaps)
 *   D, 3 R               open candidate with one loss: counted as a gap loss,
 *                        the 3 R as gap (65 in gaps, 2 lost)
 * 71 packets: 4 lost, 1 discarded.
 *   loss rate     4 * 256 / 71 = 14.4 -> 14;  discard rate 256 / 71 = 3.6 -> 3
 *   burst density 3 * 256 / 6 = 128;          gap density 2 * 256 / 65 = 7.9 -> 7
 *   burst duration 6 * 20 / 1 = 120 ms;       gap duration 65 * 20 / 2 = 650 ms */
START_TEST(burst_gap_pattern)
{
	struct mc_xr_burst t;
	mc_xr_burst_init(&t, 16, 20);
	feed_n(&t, 'R', 20);
	feed(&t, "L");
	feed_n(&t, 'R', 20);
	feed(&t, "LRLRRL");
	feed_n(&t, 'R', 20);
	feed(&t, "DRRR");
	struct mc_xr_voip v = {.r_factor = 77};
	mc_xr_burst_fill(&t, &v);
	ck_assert_uint_eq(v.loss_rate, 14);
	ck_assert_uint_eq(v.discard_rate, 3);
	ck_assert_uint_eq(v.burst_density, 128);
	ck_assert_uint_eq(v.gap_density, 7);
	ck_assert_uint_eq(v.burst_duration, 120);
	ck_assert_uint_eq(v.gap_duration, 650);
	ck_assert_uint_eq(v.gmin, 16);
	ck_assert_uint_eq(v.r_factor, 77); /* not the tracker's field */
	ck_assert_uint_eq(t.cand_lost, 1); /* fill did not settle the real state */
}
END_TEST

/* Gmin 16: 10 R, L L L, 5 R, D -> an open candidate of 9 packets with 4
 * losses: a burst already. 19 packets, 3 lost, 1 discarded:
 *   loss 3 * 256 / 19 = 40.4 -> 40; discard 256 / 19 = 13.5 -> 13
 *   burst density 4 * 256 / 9 = 113.8 -> 113, duration 180 ms
 *   gap density 0, duration 10 * 20 = 200 ms
 * Then 16 R close it and open a second gap: 35 packets, gaps 26 in 2:
 *   loss 3 * 256 / 35 = 21.9 -> 21; discard 7.3 -> 7; gap duration 260 ms */
START_TEST(open_burst)
{
	struct mc_xr_burst t;
	mc_xr_burst_init(&t, 0, 20); /* 0: the recommended 16 */
	feed_n(&t, 'R', 10);
	feed(&t, "LLLRRRRRD");
	struct mc_xr_voip v;
	mc_xr_burst_fill(&t, &v);
	ck_assert_uint_eq(v.gmin, 16);
	ck_assert_uint_eq(v.loss_rate, 40);
	ck_assert_uint_eq(v.discard_rate, 13);
	ck_assert_uint_eq(v.burst_density, 113);
	ck_assert_uint_eq(v.burst_duration, 180);
	ck_assert_uint_eq(v.gap_density, 0);
	ck_assert_uint_eq(v.gap_duration, 200);
	feed_n(&t, 'R', 16);
	ck_assert_uint_eq(t.cand_lost, 0);
	mc_xr_burst_fill(&t, &v);
	ck_assert_uint_eq(v.loss_rate, 21);
	ck_assert_uint_eq(v.discard_rate, 7);
	ck_assert_uint_eq(v.burst_density, 113);
	ck_assert_uint_eq(v.burst_duration, 180);
	ck_assert_uint_eq(v.gap_duration, 260);
}
END_TEST

/* Gmin 2: R | L R L | R R | L R R. The first L and the next are one received
 * packet apart (< 2): burst of 3 packets, 2 lost. The last L has 2 R after and
 * 2 R before: isolated, a gap loss. Gaps: R (1) and R R L R R (5), 1 loss.
 *   loss 3 * 256 / 9 = 85; burst density 2 * 256 / 3 = 170; gap density
 *   256 / 6 = 42; burst 3 * 20 = 60 ms; gap 6 * 20 / 2 = 60 ms.
 * No loss at all: densities 0, burst duration 0, gap duration the whole call. */
START_TEST(gmin_parameter_and_clean)
{
	struct mc_xr_burst t;
	mc_xr_burst_init(&t, 2, 20);
	feed(&t, "RLRLRRLRR");
	struct mc_xr_voip v;
	mc_xr_burst_fill(&t, &v);
	ck_assert_uint_eq(v.gmin, 2);
	ck_assert_uint_eq(v.loss_rate, 85);
	ck_assert_uint_eq(v.burst_density, 170);
	ck_assert_uint_eq(v.gap_density, 42);
	ck_assert_uint_eq(v.burst_duration, 60);
	ck_assert_uint_eq(v.gap_duration, 60);

	mc_xr_burst_init(&t, 16, 20);
	feed_n(&t, 'R', 500);
	mc_xr_burst_fill(&t, &v);
	ck_assert_uint_eq(v.loss_rate, 0);
	ck_assert_uint_eq(v.burst_density, 0);
	ck_assert_uint_eq(v.gap_density, 0);
	ck_assert_uint_eq(v.burst_duration, 0);
	ck_assert_uint_eq(v.gap_duration, 10000);
}
END_TEST

/* What the tracker fills goes through the wire unchanged. */
START_TEST(tracker_to_wire)
{
	struct mc_xr_burst t;
	mc_xr_burst_init(&t, 16, 20);
	feed_n(&t, 'R', 100);
	feed(&t, "LLRL");
	feed_n(&t, 'R', 100);
	struct mc_xr_voip v = voip_a;
	mc_xr_burst_fill(&t, &v);
	uint8_t b[64];
	struct mc_rtcp_xr_writer w;
	mc_rtcp_xr_begin(&w, b, sizeof b, 3);
	mc_rtcp_xr_add_voip(&w, &v);
	int n = mc_rtcp_xr_end(&w);
	struct mc_rtcp_xr_info xr;
	ck_assert_int_eq(mc_rtcp_xr_parse(b, (size_t)n, &xr), 0);
	check_voip(&xr.voip[0], &v);
	ck_assert_uint_eq(xr.voip[0].burst_density, 3 * 256 / 4);
	ck_assert_uint_eq(xr.voip[0].burst_duration, 80);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtcp_xr");
	TCase *tc = tcase_create("xr");
	tcase_add_test(tc, round_trip_compound);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, malformed_in_compound);
	tcase_add_test(tc, unknown_and_overflow);
	tcase_add_test(tc, writer_capacity);
	tcase_add_test(tc, dlrr_rtt);
	tcase_add_test(tc, burst_gap_pattern);
	tcase_add_test(tc, open_burst);
	tcase_add_test(tc, gmin_parameter_and_clean);
	tcase_add_test(tc, tracker_to_wire);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
