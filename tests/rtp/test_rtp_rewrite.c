/* In-place header rewrite and the SSRC-switch rewriter (RTP and RTCP). */
#include <check.h>
#include <string.h>

#include "mc_rtcp.h"
#include "mc_rtp.h"
#include "mc_rtp_rewrite.h"

static void mk(uint8_t *b, uint8_t pt, int m, uint16_t seq, uint32_t ts, uint32_t ssrc)
{
	memset(b, 0, 32);
	b[0] = 0x80;
	b[1] = (uint8_t)(pt | (m ? 0x80 : 0));
	b[2] = (uint8_t)(seq >> 8); b[3] = (uint8_t)seq;
	b[4] = (uint8_t)(ts >> 24); b[5] = (uint8_t)(ts >> 16);
	b[6] = (uint8_t)(ts >> 8); b[7] = (uint8_t)ts;
	b[8] = (uint8_t)(ssrc >> 24); b[9] = (uint8_t)(ssrc >> 16);
	b[10] = (uint8_t)(ssrc >> 8); b[11] = (uint8_t)ssrc;
}

static struct mc_rtp_hdr_view view(const uint8_t *b)
{
	struct mc_rtp_hdr_view v;
	ck_assert_int_eq(mc_rtp_parse(b, 32, &v), MC_RTP_OK);
	return v;
}

START_TEST(set_pt_keeps_marker)
{
	uint8_t b[32];
	mk(b, 0, 1, 1, 2, 3);
	mc_rtp_set_pt(b, 8);
	struct mc_rtp_hdr_view v = view(b);
	ck_assert_uint_eq(v.pt, 8);
	ck_assert_uint_eq(v.marker, 1);
	mk(b, 96, 0, 1, 2, 3);
	mc_rtp_set_pt(b, 127);
	v = view(b);
	ck_assert_uint_eq(v.pt, 127);
	ck_assert_uint_eq(v.marker, 0);
	mc_rtp_set_marker(b, true);
	v = view(b);
	ck_assert_uint_eq(v.marker, 1);
	ck_assert_uint_eq(v.pt, 127);
}
END_TEST

START_TEST(offsets_wrap)
{
	uint8_t b[32];
	mk(b, 0, 0, 65530, 0xfffffff0u, 7);
	ck_assert_uint_eq(mc_rtp_add_seq(b, 10), 4);
	ck_assert_uint_eq(mc_rtp_add_ts(b, 0x20), 0x10);
	mc_rtp_set_ssrc(b, 0xcafef00d);
	struct mc_rtp_hdr_view v = view(b);
	ck_assert_uint_eq(v.seq, 4);
	ck_assert_uint_eq(v.ts, 0x10);
	ck_assert_uint_eq(v.ssrc, 0xcafef00d);
	/* a "negative" offset is the modular complement */
	ck_assert_uint_eq(mc_rtp_add_seq(b, (uint16_t)-5), 65535);
	ck_assert_uint_eq(mc_rtp_add_ts(b, (uint32_t)-0x11), 0xffffffffu);
}
END_TEST

/* Two sources back to back: the output is one stream, seq +1 and ts + step across
 * the switch, and the first packet of the new source carries the marker. */
START_TEST(ssrc_switch_continuous)
{
	struct mc_rtp_rewriter rw;
	mc_rtp_rewriter_init(&rw, 0xabcdef01, 160);
	rw.out_pt = 8;
	uint8_t b[32];
	uint16_t prev_seq = 0;
	uint32_t prev_ts = 0;
	for (int i = 0; i < 10; i++) {
		mk(b, 0, 0, (uint16_t)(65530 + i), 0xffffff00u + 160u * i, 0x1111);
		ck_assert(!mc_rtp_rewrite(&rw, b));
		struct mc_rtp_hdr_view v = view(b);
		ck_assert_uint_eq(v.ssrc, 0xabcdef01);
		ck_assert_uint_eq(v.pt, 8);
		ck_assert_uint_eq(v.marker, 0);
		/* the first source passes seq/ts through unchanged, wrapping at 2^16/2^32 */
		ck_assert_uint_eq(v.seq, (uint16_t)(65530 + i));
		ck_assert_uint_eq(v.ts, 0xffffff00u + 160u * i);
		prev_seq = v.seq;
		prev_ts = v.ts;
	}
	for (int i = 0; i < 10; i++) {
		mk(b, 0, 0, (uint16_t)(1000 + i), 555555u + 160u * i, 0x2222);
		ck_assert_int_eq(mc_rtp_rewrite(&rw, b), i == 0);
		struct mc_rtp_hdr_view v = view(b);
		ck_assert_uint_eq(v.ssrc, 0xabcdef01);
		ck_assert_uint_eq(v.marker, i == 0);
		ck_assert_uint_eq(v.seq, (uint16_t)(prev_seq + 1));
		ck_assert_uint_eq(v.ts, prev_ts + 160);
		prev_seq = v.seq;
		prev_ts = v.ts;
	}
	ck_assert_uint_eq(rw.switches, 1);
}
END_TEST

/* A reordered packet must not pull the anchor back: after a switch the output
 * continues from the highest sequence sent, not from the last packet seen. */
START_TEST(switch_after_reorder)
{
	struct mc_rtp_rewriter rw;
	mc_rtp_rewriter_init(&rw, 9, 160);
	uint8_t b[32];
	const uint16_t order[] = {100, 101, 103, 102};
	for (int i = 0; i < 4; i++) {
		mk(b, 0, 0, order[i], 160u * order[i], 1);
		mc_rtp_rewrite(&rw, b);
	}
	mk(b, 0, 0, 7, 7, 2);
	mc_rtp_rewrite(&rw, b);
	struct mc_rtp_hdr_view v = view(b);
	ck_assert_uint_eq(v.seq, 104);
	ck_assert_uint_eq(v.ts, 160u * 103 + 160);
}
END_TEST

START_TEST(initial_offsets)
{
	struct mc_rtp_rewriter rw;
	mc_rtp_rewriter_init(&rw, 9, 160);
	rw.seq_off = 30000;
	rw.ts_off = 0x80000000u;
	rw.mark_on_switch = 0;
	uint8_t b[32];
	mk(b, 0, 0, 40000, 0x90000000u, 1);
	mc_rtp_rewrite(&rw, b);
	struct mc_rtp_hdr_view v = view(b);
	ck_assert_uint_eq(v.seq, (uint16_t)(40000 + 30000));
	ck_assert_uint_eq(v.ts, 0x10000000u);
	mk(b, 0, 0, 5, 5, 2);
	ck_assert(mc_rtp_rewrite(&rw, b));
	v = view(b);
	ck_assert_uint_eq(v.seq, (uint16_t)(40000 + 30000 + 1));
	ck_assert_uint_eq(v.ts, 0x10000000u + 160);
	ck_assert_uint_eq(v.marker, 0);
}
END_TEST

static size_t put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24); b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8); b[3] = (uint8_t)v;
	return 4;
}

/* SR (1 block) + SDES + BYE from source 0x1111, rewritten as the relay sends it. */
START_TEST(rtcp_rewrite)
{
	struct mc_rtp_rewriter fwd, rev;
	mc_rtp_rewriter_init(&fwd, 0xf0f0f0f0, 160);
	mc_rtp_rewriter_init(&rev, 0x0e0e0e0e, 160);
	uint8_t b[128];
	/* fwd: source 0x1111 anchored, then a switch to 0x2222 so ts_off != 0 */
	mk(b, 0, 0, 10, 1000, 0x1111);
	mc_rtp_rewrite(&fwd, b);
	mk(b, 0, 0, 500, 90000, 0x2222);
	mc_rtp_rewrite(&fwd, b);
	ck_assert_uint_eq(fwd.ts_off, (uint32_t)(1000 + 160 - 90000));
	/* rev: the other side's source 0x5555 seq 2000 went out as 0x0e0e0e0e seq 2000+off */
	rev.seq_off = 100;
	mk(b, 0, 0, 2000, 0, 0x5555);
	mc_rtp_rewrite(&rev, b);

	memset(b, 0, sizeof b);
	b[0] = 0x81; b[1] = 200; b[3] = 12;  /* SR, 1 block, 52 bytes */
	put32(b + 4, 0x2222);
	put32(b + 16, 90320);                /* SR RTP ts */
	put32(b + 28, 0x0e0e0e0e);           /* block about what the relay sent it */
	put32(b + 36, 0x00010000 + 2100);    /* ext highest seq: 1 cycle, seq 2100 */
	b[52] = 0x81; b[53] = 202; b[55] = 2; /* SDES 12 bytes */
	put32(b + 56, 0x2222);
	b[60] = 1; b[61] = 1; b[62] = 'a';
	b[64] = 0x82; b[65] = 203; b[67] = 2; /* BYE two SSRCs */
	put32(b + 68, 0x2222);
	put32(b + 72, 0x7777);
	size_t n = 76;
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_OK);
	mc_rtcp_rewrite(&fwd, &rev, b, n);
	struct mc_rtcp_info in;
	ck_assert_int_eq(mc_rtcp_parse(b, n, &in), MC_RTCP_OK);
	ck_assert_uint_eq(in.sender_ssrc, 0xf0f0f0f0);
	ck_assert_uint_eq(in.sr.rtp_ts, 90320 + fwd.ts_off);
	ck_assert_uint_eq(in.sr.rtp_ts, 1000 + 160 + 320);
	ck_assert_uint_eq(in.blocks[0].ssrc, 0x5555);
	ck_assert_uint_eq(in.blocks[0].ext_high_seq, 0x00010000 + 2000);
	ck_assert_uint_eq(in.cname_ssrc, 0xf0f0f0f0);
	ck_assert_uint_eq(in.bye_ssrc[0], 0xf0f0f0f0);
	ck_assert_uint_eq(in.bye_ssrc[1], 0x7777); /* not the sender: untouched */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtp_rewrite");
	TCase *tc = tcase_create("rewrite");
	tcase_add_test(tc, set_pt_keeps_marker);
	tcase_add_test(tc, offsets_wrap);
	tcase_add_test(tc, ssrc_switch_continuous);
	tcase_add_test(tc, switch_after_reorder);
	tcase_add_test(tc, initial_offsets);
	tcase_add_test(tc, rtcp_rewrite);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
