/* RFC 3550 receive statistics (A.1 sequence, A.3 loss, A.8 jitter). Arrival times
 * are given in RTP clock units, so every expectation below is exact. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "mc_rtcp.h"
#include "mc_rtp_stats.h"

#define SSRC 0x12345678u
#define STEP 160u /* 20 ms at 8 kHz */

static struct mc_rtp_stats st;

static void setup(void)
{
	mc_rtp_stats_init(&st, 8000);
}

/* Packet with sequence seq sent on time, arriving with a constant 1000-unit delay. */
static enum mc_rtp_seq_class pkt(uint16_t seq, uint16_t base)
{
	uint32_t ts = (uint32_t)(uint16_t)(seq - base) * STEP;
	return mc_rtp_stats_update(&st, SSRC, seq, ts, ts + 1000);
}

START_TEST(in_order_no_loss_no_jitter)
{
	for (unsigned i = 0; i < 100; i++)
		ck_assert_int_eq(pkt((uint16_t)(1000 + i), 1000),
				 i == 0 ? MC_RTP_SEQ_PROBATION : MC_RTP_SEQ_OK);
	/* RFC A.1: the first probation packet is not counted; base is the second */
	ck_assert_uint_eq(mc_rtp_stats_expected(&st), 99);
	ck_assert_uint_eq(st.received, 99);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 0);
	ck_assert_uint_eq(mc_rtp_stats_lost_total(&st), 0);
	ck_assert_uint_eq(mc_rtp_stats_fraction_lost(&st), 0);
	ck_assert_uint_eq(mc_rtp_stats_jitter(&st), 0);
	ck_assert_uint_eq(mc_rtp_stats_ext_max(&st), 1099);
	ck_assert_uint_eq(st.packets, 100);
	ck_assert_uint_eq(st.duplicates + st.out_of_order + st.bad_seq_count, 0);
}
END_TEST

START_TEST(known_loss)
{
	for (unsigned i = 0; i < 100; i++)
		if (i % 20 != 10) /* drops 10, 30, 50, 70, 90 */
			pkt((uint16_t)i, 0);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 5);
	ck_assert_uint_eq(mc_rtp_stats_lost_total(&st), 5);
	ck_assert_uint_eq(mc_rtp_stats_expected(&st), 99);
	ck_assert_uint_eq(mc_rtp_stats_fraction_lost(&st), (5 << 8) / 99);
	struct mc_rtcp_rb rb;
	mc_rtp_stats_fill_rb(&st, &rb, 0);
	ck_assert_uint_eq(rb.ssrc, SSRC);
	ck_assert_int_eq(rb.cum_lost, 5);
	ck_assert_uint_eq(rb.fraction_lost, 12);
	ck_assert_uint_eq(rb.ext_high_seq, 99);
	/* a new interval: 50 more with 2 lost */
	ck_assert_uint_eq(mc_rtp_stats_fraction_lost(&st), 0);
	for (unsigned i = 100; i < 150; i++)
		if (i != 110 && i != 120)
			pkt((uint16_t)i, 0);
	ck_assert_uint_eq(mc_rtp_stats_fraction_lost(&st), (2 << 8) / 50);
	mc_rtp_stats_fill_rb(&st, &rb, 0);
	ck_assert_int_eq(rb.cum_lost, 7);
	ck_assert_uint_eq(rb.fraction_lost, 10);
	ck_assert_uint_eq(st.last_fraction, 10);
}
END_TEST

START_TEST(duplicates_not_lost)
{
	for (unsigned i = 0; i < 50; i++) {
		pkt((uint16_t)i, 0);
		if (i == 20)
			ck_assert_int_eq(pkt(20, 0), MC_RTP_SEQ_DUPLICATE);
		if (i == 35)
			ck_assert_int_eq(pkt(30, 0), MC_RTP_SEQ_DUPLICATE);
	}
	ck_assert_uint_eq(st.duplicates, 2);
	ck_assert_uint_eq(st.out_of_order, 0);
	/* RFC 3550 counts duplicates as received: cumulative lost goes negative */
	ck_assert_int_eq(mc_rtp_stats_lost(&st), -2);
	ck_assert_uint_eq(mc_rtp_stats_lost_total(&st), 0);
	ck_assert_uint_eq(mc_rtp_stats_fraction_lost(&st), 0);
	struct mc_rtcp_rb rb;
	mc_rtp_stats_fill_rb(&st, &rb, 0);
	ck_assert_int_eq(rb.cum_lost, -2);
	ck_assert_uint_eq(rb.fraction_lost, 0);
	/* and it survives the 24-bit wire form */
	uint8_t buf[64];
	int n = mc_rtcp_build_rr(buf, sizeof buf, 1, &rb, 1);
	struct mc_rtcp_info in;
	ck_assert_int_eq(mc_rtcp_parse(buf, (size_t)n, &in), 0);
	ck_assert_int_eq(in.blocks[0].cum_lost, -2);
}
END_TEST

START_TEST(reorder_not_lost)
{
	const uint16_t order[] = {0, 1, 2, 3, 5, 4, 6, 7, 8};
	for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++)
		ck_assert_int_eq(pkt(order[i], 0),
				 order[i] == 0 ? MC_RTP_SEQ_PROBATION :
				 order[i] == 4 ? MC_RTP_SEQ_OUT_OF_ORDER : MC_RTP_SEQ_OK);
	ck_assert_uint_eq(st.out_of_order, 1);
	ck_assert_uint_eq(st.duplicates, 0);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 0);
}
END_TEST

/* Window bits past 64: a packet 70 behind is new the first time and a duplicate
 * the second; one 75 behind that was received is a duplicate. */
START_TEST(window_far_behind)
{
	for (unsigned i = 0; i <= 90; i++)
		if (i != 20)
			pkt((uint16_t)i, 0);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 1);
	ck_assert_int_eq(pkt(20, 0), MC_RTP_SEQ_OUT_OF_ORDER);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 0);
	ck_assert_int_eq(pkt(20, 0), MC_RTP_SEQ_DUPLICATE);
	ck_assert_int_eq(pkt(15, 0), MC_RTP_SEQ_DUPLICATE);
	ck_assert_int_eq(pkt(90, 0), MC_RTP_SEQ_DUPLICATE);
	ck_assert_uint_eq(st.out_of_order, 1);
	ck_assert_uint_eq(st.duplicates, 3);
	ck_assert_uint_eq(mc_rtp_stats_lost_total(&st), 0);
	/* more than MAX_MISORDER behind is not a reorder but a bad sequence */
	ck_assert_int_eq(pkt((uint16_t)(90 - 150), 0), MC_RTP_SEQ_BAD);
}
END_TEST

START_TEST(seq_wrap)
{
	for (unsigned i = 0; i < 200; i++)
		ck_assert_int_eq(pkt((uint16_t)(65500 + i), 65500),
				 i == 0 ? MC_RTP_SEQ_PROBATION : MC_RTP_SEQ_OK);
	ck_assert_uint_eq(st.cycles, 65536);
	ck_assert_uint_eq(mc_rtp_stats_ext_max(&st), 65536 + (uint16_t)(65500 + 199));
	ck_assert_uint_eq(mc_rtp_stats_expected(&st), 199);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 0);
	ck_assert_uint_eq(st.out_of_order, 0);
	/* probation itself across the wrap: 65535 then 0 validates the source */
	mc_rtp_stats_init(&st, 8000);
	ck_assert_int_eq(mc_rtp_stats_update(&st, 1, 65535, 0, 0), MC_RTP_SEQ_PROBATION);
	ck_assert_int_eq(mc_rtp_stats_update(&st, 1, 0, 160, 160), MC_RTP_SEQ_OK);
}
END_TEST

START_TEST(jump_resyncs_after_two)
{
	for (unsigned i = 0; i < 50; i++)
		pkt((uint16_t)(100 + i), 100);
	/* one stray far packet is refused and the stream goes on */
	ck_assert_int_eq(pkt(40000, 100), MC_RTP_SEQ_BAD);
	ck_assert_int_eq(pkt(150, 100), MC_RTP_SEQ_OK);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 0);
	/* a restart: two sequential packets after the jump */
	ck_assert_int_eq(pkt(20000, 100), MC_RTP_SEQ_BAD);
	ck_assert_int_eq(pkt(20001, 100), MC_RTP_SEQ_RESYNC);
	for (unsigned i = 2; i < 10; i++)
		ck_assert_int_eq(pkt((uint16_t)(20000 + i), 100), MC_RTP_SEQ_OK);
	ck_assert_uint_eq(st.bad_seq_count, 2);
	ck_assert_uint_eq(st.resyncs, 1);
	ck_assert_uint_eq(st.base_seq, 20001);
	ck_assert_uint_eq(mc_rtp_stats_expected(&st), 9);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 0);
	/* a jump under MAX_DROPOUT is plain loss, not a resync */
	ck_assert_int_eq(pkt((uint16_t)(20009 + 2999), 100), MC_RTP_SEQ_OK);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 2998);
	ck_assert_int_eq(pkt((uint16_t)(20009 + 2999 + 3000), 100), MC_RTP_SEQ_BAD);
}
END_TEST

START_TEST(probation_restart)
{
	ck_assert_int_eq(pkt(10, 0), MC_RTP_SEQ_PROBATION);
	ck_assert_int_eq(pkt(50, 0), MC_RTP_SEQ_PROBATION);
	ck_assert_uint_eq(mc_rtp_stats_expected(&st), 0);
	ck_assert_int_eq(pkt(51, 0), MC_RTP_SEQ_OK);
	ck_assert_uint_eq(st.base_seq, 51);
}
END_TEST

START_TEST(ssrc_change_restarts)
{
	for (unsigned i = 0; i < 40; i++)
		if (i != 5 && i != 6 && i != 7)
			pkt((uint16_t)i, 0);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 3);
	ck_assert_int_eq(mc_rtp_stats_update(&st, 0xbeef, 9000, 0, 0), MC_RTP_SEQ_PROBATION);
	ck_assert_uint_eq(st.ssrc, 0xbeef);
	ck_assert_uint_eq(st.ssrc_changes, 1);
	for (unsigned i = 1; i < 20; i++)
		if (i != 10)
			mc_rtp_stats_update(&st, 0xbeef, (uint16_t)(9000 + i), STEP * i, STEP * i);
	ck_assert_int_eq(mc_rtp_stats_lost(&st), 1);
	ck_assert_uint_eq(mc_rtp_stats_lost_total(&st), 4);
}
END_TEST

/* Delay alternating +X / -X around a constant: every |D| is 2X, so J converges
 * to 2X (RFC 3550 A.8 with gain 1/16). */
START_TEST(jitter_alternating)
{
	const uint32_t x = 40; /* 5 ms at 8 kHz */
	for (unsigned i = 0; i < 300; i++) {
		uint32_t ts = 0xfffff000u + STEP * i; /* crosses the 2^32 wrap */
		uint32_t arrival = ts + 4000 + ((i & 1) ? x : -x);
		mc_rtp_stats_update(&st, SSRC, (uint16_t)i, ts, arrival);
	}
	double want = 2.0 * x;
	ck_assert_double_le(fabs(mc_rtp_stats_jitter(&st) - want), want * 0.05);
	ck_assert_double_le(fabs(mc_rtp_stats_jitter_ms(&st) - 10.0), 0.5);
}
END_TEST

/* Pseudo-random delays: the library's integer form tracks the RFC's real-valued
 * J += (|D| - J) / 16 computed here. */
START_TEST(jitter_matches_formula)
{
	uint32_t rnd = 12345;
	double j = 0;
	int32_t prev_transit = 0;
	for (unsigned i = 0; i < 500; i++) {
		rnd = rnd * 1103515245u + 12345u;
		uint32_t delay = 2000 + (rnd >> 16) % 400;
		uint32_t ts = STEP * i;
		uint32_t arrival = ts + delay;
		mc_rtp_stats_update(&st, SSRC, (uint16_t)i, ts, arrival);
		int32_t transit = (int32_t)(arrival - ts);
		if (i > 0)
			j += (fabs((double)(transit - prev_transit)) - j) / 16.0;
		prev_transit = transit;
	}
	ck_assert_double_gt(j, 50.0);
	ck_assert_double_le(fabs(mc_rtp_stats_jitter(&st) - j), j * 0.05);
}
END_TEST

START_TEST(lsr_dlsr)
{
	for (unsigned i = 0; i < 10; i++)
		pkt((uint16_t)i, 0);
	mc_rtp_stats_on_sr(&st, 0x0000abcd12345678ull, 1000000);
	struct mc_rtcp_rb rb;
	mc_rtp_stats_fill_rb(&st, &rb, 1500000);
	ck_assert_uint_eq(rb.lsr, 0xabcd1234u);
	ck_assert_uint_eq(rb.dlsr, 32768); /* 0.5 s in 1/65536 s */
	ck_assert_str_eq(mc_rtp_seq_class_name(MC_RTP_SEQ_RESYNC), "resync");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtp_stats");
	TCase *tc = tcase_create("stats");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, in_order_no_loss_no_jitter);
	tcase_add_test(tc, known_loss);
	tcase_add_test(tc, duplicates_not_lost);
	tcase_add_test(tc, reorder_not_lost);
	tcase_add_test(tc, window_far_behind);
	tcase_add_test(tc, seq_wrap);
	tcase_add_test(tc, jump_resyncs_after_two);
	tcase_add_test(tc, probation_restart);
	tcase_add_test(tc, ssrc_change_restarts);
	tcase_add_test(tc, jitter_alternating);
	tcase_add_test(tc, jitter_matches_formula);
	tcase_add_test(tc, lsr_dlsr);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
