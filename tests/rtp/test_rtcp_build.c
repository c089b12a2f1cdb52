/* RTCP builders, checked by a round trip through the validating parser. */
#include <check.h>
#include <string.h>

#include "mc_rtcp.h"
#include "mc_rtp_stats.h"

START_TEST(sr_sdes_bye_round_trip)
{
	uint8_t b[512];
	struct mc_rtcp_sender_info si = {
		.ntp = 0xe8a1b2c3d4e5f607ull, .rtp_ts = 0xfffffff0u,
		.pkt_count = 4242, .octet_count = 678720,
	};
	struct mc_rtcp_rb rb[2] = {
		{.ssrc = 7, .fraction_lost = 255, .cum_lost = 0x7fffff, .ext_high_seq = 0x30005,
		 .jitter = 99, .lsr = 0x1234, .dlsr = 0x5678},
		{.ssrc = 8, .fraction_lost = 0, .cum_lost = -0x800000, .ext_high_seq = 1},
	};
	int n1 = mc_rtcp_build_sr(b, sizeof b, 0xaabbccdd, &si, rb, 2);
	ck_assert_int_eq(n1, 28 + 48);
	/* CNAME lengths 1..8 cover every null-padding case */
	for (size_t l = 1; l <= 8; l++) {
		const char *name = "abcdefgh";
		int n2 = mc_rtcp_build_sdes_cname(b + n1, sizeof b - (size_t)n1, 0xaabbccdd, name, l);
		ck_assert_int_eq(n2 % 4, 0);
		ck_assert_int_ge(n2, (int)(10 + l + 1));
		uint32_t ssrc = 0xaabbccdd;
		int n3 = mc_rtcp_build_bye(b + n1 + n2, sizeof b - (size_t)(n1 + n2), &ssrc, 1,
					   "done", 4);
		ck_assert_int_eq(n3, 16);
		size_t n = (size_t)(n1 + n2 + n3);
		struct mc_rtcp_info in;
		ck_assert_int_eq(mc_rtcp_parse(b, n, &in), MC_RTCP_OK);
		ck_assert_uint_eq(in.n_packets, 3);
		ck_assert_uint_eq(in.sender_ssrc, 0xaabbccdd);
		ck_assert(in.sr.ntp == si.ntp);
		ck_assert_uint_eq(in.sr.rtp_ts, si.rtp_ts);
		ck_assert_uint_eq(in.sr.pkt_count, 4242);
		ck_assert_uint_eq(in.sr.octet_count, 678720);
		ck_assert_uint_eq(in.n_blocks, 2);
		ck_assert_uint_eq(in.blocks[0].ssrc, 7);
		ck_assert_uint_eq(in.blocks[0].fraction_lost, 255);
		ck_assert_int_eq(in.blocks[0].cum_lost, 0x7fffff);
		ck_assert_uint_eq(in.blocks[0].ext_high_seq, 0x30005);
		ck_assert_uint_eq(in.blocks[0].jitter, 99);
		ck_assert_uint_eq(in.blocks[0].lsr, 0x1234);
		ck_assert_uint_eq(in.blocks[0].dlsr, 0x5678);
		ck_assert_int_eq(in.blocks[1].cum_lost, -0x800000);
		ck_assert_uint_eq(in.cname_len, l);
		ck_assert_int_eq(memcmp(in.cname, name, l), 0);
		ck_assert_uint_eq(in.n_bye, 1);
		ck_assert_uint_eq(in.bye_ssrc[0], 0xaabbccdd);
	}
}
END_TEST

START_TEST(cum_lost_clamped)
{
	uint8_t b[64];
	struct mc_rtcp_rb rb = {.ssrc = 1, .cum_lost = 50000000};
	int n = mc_rtcp_build_rr(b, sizeof b, 2, &rb, 1);
	struct mc_rtcp_info in;
	ck_assert_int_eq(mc_rtcp_parse(b, (size_t)n, &in), 0);
	ck_assert_int_eq(in.blocks[0].cum_lost, 0x7fffff);
	rb.cum_lost = -50000000;
	n = mc_rtcp_build_rr(b, sizeof b, 2, &rb, 1);
	ck_assert_int_eq(mc_rtcp_parse(b, (size_t)n, &in), 0);
	ck_assert_int_eq(in.blocks[0].cum_lost, -0x800000);
	ck_assert_uint_eq(in.blocks[0].fraction_lost, 0); /* the clamp must not spill over */
}
END_TEST

START_TEST(rr_from_stats)
{
	struct mc_rtp_stats st;
	mc_rtp_stats_init(&st, 8000);
	for (unsigned i = 0; i < 100; i++)
		if (i % 10 != 5)
			mc_rtp_stats_update(&st, 0x5150, (uint16_t)(65000 + i), 160 * i, 160 * i);
	struct mc_rtcp_rb rb;
	mc_rtp_stats_fill_rb(&st, &rb, 0);
	uint8_t b[128];
	int n = mc_rtcp_build_rr(b, sizeof b, 0x99, &rb, 1);
	ck_assert_int_eq(n, 32);
	n += mc_rtcp_build_sdes_cname(b + n, sizeof b - (size_t)n, 0x99, "mc", 2);
	struct mc_rtcp_info in;
	ck_assert_int_eq(mc_rtcp_parse(b, (size_t)n, &in), 0);
	ck_assert_uint_eq(in.blocks[0].ssrc, 0x5150);
	ck_assert_int_eq(in.blocks[0].cum_lost, 10);
	ck_assert_uint_eq(in.blocks[0].fraction_lost, (10 << 8) / 99);
	ck_assert_uint_eq(in.blocks[0].ext_high_seq, 65000 + 99);
	ck_assert_uint_eq(in.blocks[0].jitter, 0);
}
END_TEST

START_TEST(capacity_and_counts)
{
	uint8_t b[1024];
	struct mc_rtcp_rb rb[32];
	memset(rb, 0, sizeof rb);
	ck_assert_int_eq(mc_rtcp_build_rr(b, 31, 1, rb, 1), -1);
	ck_assert_int_eq(mc_rtcp_build_rr(b, 32, 1, rb, 1), 32);
	ck_assert_int_eq(mc_rtcp_build_rr(b, sizeof b, 1, rb, 32), -1);
	ck_assert_int_eq(mc_rtcp_build_sr(b, sizeof b, 1, &(struct mc_rtcp_sender_info){0},
					  rb, 31), 28 + 31 * 24);
	ck_assert_int_eq(mc_rtcp_validate(b, 28 + 31 * 24), 0);
	/* "ab" ends exactly on a boundary, so a whole word of nulls follows */
	ck_assert_int_eq(mc_rtcp_build_sdes_cname(b, 15, 1, "ab", 2), -1);
	ck_assert_int_eq(mc_rtcp_build_sdes_cname(b, 16, 1, "ab", 2), 16);
	ck_assert_int_eq(mc_rtcp_build_sdes_cname(b, 12, 1, "a", 1), 12);
	ck_assert_int_eq(mc_rtcp_build_sdes_cname(b, sizeof b, 1, "", 0), -1);
	ck_assert_int_eq(mc_rtcp_build_bye(b, 7, (uint32_t[]){1}, 1, NULL, 0), -1);
	ck_assert_int_eq(mc_rtcp_build_bye(b, 8, (uint32_t[]){1}, 1, NULL, 0), 8);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtcp_build");
	TCase *tc = tcase_create("build");
	tcase_add_test(tc, sr_sdes_bye_round_trip);
	tcase_add_test(tc, cum_lost_clamped);
	tcase_add_test(tc, rr_from_stats);
	tcase_add_test(tc, capacity_and_counts);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
