/* RTP header validation and rtcp-mux demux (RFC 3550 §5.1, RFC 5761 §4). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mc_rtp.h"

/* 12-byte header: V=2, given PT/marker, seq 0x1234, ts 0xdeadbeef, ssrc 0x01020304. */
static size_t hdr(uint8_t *b, uint8_t pt, int marker)
{
	const uint8_t h[12] = {0x80, (uint8_t)(pt | (marker ? 0x80 : 0)), 0x12, 0x34,
			       0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04};
	memcpy(b, h, 12);
	return 12;
}

START_TEST(valid_plain)
{
	uint8_t pkt[12 + 160];
	memset(pkt + hdr(pkt, 0, 1), 0xd5, 160);
	struct mc_rtp_hdr_view v;
	ck_assert_int_eq(mc_rtp_parse(pkt, sizeof pkt, &v), MC_RTP_OK);
	ck_assert_uint_eq(v.pt, 0);
	ck_assert_uint_eq(v.marker, 1);
	ck_assert_uint_eq(v.seq, 0x1234);
	ck_assert_uint_eq(v.ts, 0xdeadbeef);
	ck_assert_uint_eq(v.ssrc, 0x01020304);
	ck_assert_uint_eq(v.cc, 0);
	ck_assert_uint_eq(v.hdr_len, 12);
	ck_assert_uint_eq(v.payload_len, 160);
	ck_assert_uint_eq(v.pad_len, 0);
	ck_assert_uint_eq(v.has_ext, 0);
}
END_TEST

START_TEST(valid_csrc_ext_padding)
{
	uint8_t b[128];
	hdr(b, 96, 0);
	b[0] = 0x80 | 0x20 | 0x10 | 2; /* P, X, CC=2 */
	memset(b + 12, 0xaa, 8);       /* two CSRCs */
	b[20] = 0xbe; b[21] = 0xde;    /* RFC 8285 one-byte form */
	b[22] = 0; b[23] = 2;          /* 2 words of extension data */
	memset(b + 24, 0x11, 8);
	memset(b + 32, 0x77, 20);      /* payload */
	memset(b + 52, 0, 3);
	b[55] = 4;                     /* 4 bytes of padding, count included */
	struct mc_rtp_hdr_view v;
	ck_assert_int_eq(mc_rtp_parse(b, 56, &v), MC_RTP_OK);
	ck_assert_uint_eq(v.cc, 2);
	ck_assert_uint_eq(v.has_ext, 1);
	ck_assert_uint_eq(v.ext_profile, 0xbede);
	ck_assert_uint_eq(v.ext_len, 8);
	ck_assert_uint_eq(v.hdr_len, 32);
	ck_assert_uint_eq(v.payload_len, 20);
	ck_assert_uint_eq(v.pad_len, 4);
	ck_assert_uint_eq(b[v.hdr_len], 0x77);
}
END_TEST

START_TEST(valid_empty_payload)
{
	uint8_t b[16];
	hdr(b, 13, 0);
	struct mc_rtp_hdr_view v;
	ck_assert_int_eq(mc_rtp_parse(b, 12, &v), MC_RTP_OK);
	ck_assert_uint_eq(v.payload_len, 0);
	/* padding may take the whole payload */
	b[0] |= 0x20;
	b[12] = 0; b[13] = 0; b[14] = 0; b[15] = 4;
	ck_assert_int_eq(mc_rtp_parse(b, 16, &v), MC_RTP_OK);
	ck_assert_uint_eq(v.payload_len, 0);
	ck_assert_uint_eq(v.pad_len, 4);
}
END_TEST

START_TEST(err_short)
{
	uint8_t b[12];
	hdr(b, 0, 0);
	struct mc_rtp_hdr_view v;
	for (size_t n = 0; n < 12; n++)
		ck_assert_int_eq(mc_rtp_parse(b, n, &v), MC_RTP_ERR_SHORT);
	ck_assert_str_eq(mc_rtp_err_name(MC_RTP_ERR_SHORT), "rtp_short");
}
END_TEST

START_TEST(err_version)
{
	uint8_t b[20] = {0};
	hdr(b, 0, 0);
	struct mc_rtp_hdr_view v;
	for (unsigned ver = 0; ver < 4; ver++) {
		b[0] = (uint8_t)(ver << 6);
		ck_assert_int_eq(mc_rtp_parse(b, 20, &v), ver == 2 ? MC_RTP_OK : MC_RTP_ERR_VERSION);
	}
}
END_TEST

START_TEST(err_rtcp_pt)
{
	uint8_t b[20] = {0};
	struct mc_rtp_hdr_view v;
	for (unsigned pt = 70; pt <= 78; pt++) {
		hdr(b, (uint8_t)pt, 0);
		int want = (pt >= 72 && pt <= 76) ? MC_RTP_ERR_RTCP_PT : MC_RTP_OK;
		ck_assert_int_eq(mc_rtp_parse(b, 20, &v), want);
		hdr(b, (uint8_t)pt, 1);
		ck_assert_int_eq(mc_rtp_parse(b, 20, &v), want);
	}
}
END_TEST

START_TEST(err_csrc)
{
	uint8_t b[72] = {0};
	hdr(b, 0, 0);
	b[0] = 0x80 | 15; /* 60 bytes of CSRC */
	struct mc_rtp_hdr_view v;
	ck_assert_int_eq(mc_rtp_parse(b, 71, &v), MC_RTP_ERR_CSRC);
	ck_assert_int_eq(mc_rtp_parse(b, 72, &v), MC_RTP_OK);
	ck_assert_uint_eq(v.hdr_len, 72);
	ck_assert_uint_eq(v.payload_len, 0);
}
END_TEST

START_TEST(err_ext)
{
	uint8_t b[40] = {0};
	hdr(b, 0, 0);
	b[0] = 0x90;
	struct mc_rtp_hdr_view v;
	/* extension header itself cut */
	ck_assert_int_eq(mc_rtp_parse(b, 15, &v), MC_RTP_ERR_EXT);
	/* header present, data length beyond the packet (two-byte form, 3 words) */
	b[12] = 0x10; b[13] = 0x00; b[14] = 0; b[15] = 3;
	ck_assert_int_eq(mc_rtp_parse(b, 27, &v), MC_RTP_ERR_EXT);
	ck_assert_int_eq(mc_rtp_parse(b, 28, &v), MC_RTP_OK);
	ck_assert_uint_eq(v.ext_profile, 0x1000);
	/* a huge length cannot wrap the bounds check */
	b[14] = 0xff; b[15] = 0xff;
	ck_assert_int_eq(mc_rtp_parse(b, 40, &v), MC_RTP_ERR_EXT);
	/* CSRCs shift the extension: still checked against the end */
	b[0] = 0x91;
	b[16] = 0x10; b[17] = 0; b[18] = 0; b[19] = 3;
	ck_assert_int_eq(mc_rtp_parse(b, 31, &v), MC_RTP_ERR_EXT);
	ck_assert_int_eq(mc_rtp_parse(b, 32, &v), MC_RTP_OK);
	ck_assert_uint_eq(v.hdr_len, 32);
}
END_TEST

START_TEST(err_padding)
{
	uint8_t b[32] = {0};
	hdr(b, 0, 0);
	b[0] |= 0x20;
	struct mc_rtp_hdr_view v;
	b[19] = 0; /* count 0 is never valid */
	ck_assert_int_eq(mc_rtp_parse(b, 20, &v), MC_RTP_ERR_PADDING);
	b[19] = 9; /* 8 bytes after the header */
	ck_assert_int_eq(mc_rtp_parse(b, 20, &v), MC_RTP_ERR_PADDING);
	b[19] = 8;
	ck_assert_int_eq(mc_rtp_parse(b, 20, &v), MC_RTP_OK);
	ck_assert_uint_eq(v.payload_len, 0);
	/* padding cannot eat into the extension */
	b[0] = 0xb0; b[12] = 0xbe; b[13] = 0xde; b[14] = 0; b[15] = 1; b[19] = 2;
	ck_assert_int_eq(mc_rtp_parse(b, 20, &v), MC_RTP_ERR_PADDING);
	b[23] = 4;
	ck_assert_int_eq(mc_rtp_parse(b, 24, &v), MC_RTP_OK);
	ck_assert_uint_eq(v.hdr_len, 20);
	ck_assert_uint_eq(v.pad_len, 4);
}
END_TEST

START_TEST(err_names)
{
	const char *want[] = {"ok", "rtp_short", "rtp_version", "rtp_rtcp_pt",
			      "rtp_csrc", "rtp_ext", "rtp_padding"};
	for (int i = 0; i < 7; i++)
		ck_assert_str_eq(mc_rtp_err_name(-i), want[i]);
	ck_assert_str_eq(mc_rtp_err_name(-7), "unknown");
	ck_assert_str_eq(mc_rtp_err_name(1), "unknown");
}
END_TEST

START_TEST(demux_boundaries)
{
	uint8_t b[2] = {0x80, 0};
	for (unsigned v = 0; v < 256; v++) {
		b[1] = (uint8_t)v;
		ck_assert_int_eq(mc_rtp_is_rtcp(b, 2), v >= 192 && v <= 223);
	}
	/* RTP PT 72..76 without marker is not RTCP by demux: the parser refuses it */
	b[1] = 72;
	ck_assert(!mc_rtp_is_rtcp(b, 2));
	/* SR (200) is PT 72 with the marker bit: demux sees RTCP */
	b[1] = 200;
	ck_assert(mc_rtp_is_rtcp(b, 2));
	ck_assert(!mc_rtp_is_rtcp(b, 1));
}
END_TEST

/* Random headers: any accepted packet must account for every byte exactly, read
 * from an exact-size heap copy (a sanitizer build catches over-reads). */
START_TEST(random_headers_account_for_every_byte)
{
	uint32_t rnd = 7;
	unsigned ok = 0;
	for (int it = 0; it < 50000; it++) {
		uint8_t b[96];
		for (size_t i = 0; i < sizeof b; i++) {
			rnd = rnd * 1103515245u + 12345u;
			b[i] = (uint8_t)(rnd >> 16);
		}
		b[0] = (uint8_t)(0x80 | (b[0] & 0x3f)); /* mostly version 2 */
		if (b[0] & 0x10) {
			size_t e = 12 + 4u * (b[0] & 0x0f);
			if (e + 3 < sizeof b)
				b[e + 2] = 0; /* keep extension lengths plausible */
		}
		size_t len = 12 + (rnd >> 8) % 85;
		uint8_t *p = malloc(len);
		memcpy(p, b, len);
		struct mc_rtp_hdr_view v;
		if (mc_rtp_parse(p, len, &v) == MC_RTP_OK) {
			ok++;
			ck_assert_uint_eq(v.hdr_len + v.payload_len + v.pad_len, len);
			ck_assert_uint_ge(v.hdr_len, 12u + 4u * v.cc);
			ck_assert(v.pt < 72 || v.pt > 76);
		}
		free(p);
	}
	ck_assert_uint_gt(ok, 1000);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtp_parse");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, valid_plain);
	tcase_add_test(tc, valid_csrc_ext_padding);
	tcase_add_test(tc, valid_empty_payload);
	tcase_add_test(tc, err_short);
	tcase_add_test(tc, err_version);
	tcase_add_test(tc, err_rtcp_pt);
	tcase_add_test(tc, err_csrc);
	tcase_add_test(tc, err_ext);
	tcase_add_test(tc, err_padding);
	tcase_add_test(tc, err_names);
	tcase_add_test(tc, demux_boundaries);
	tcase_add_test(tc, random_headers_account_for_every_byte);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
