/* RTCP compound validation and parsing (RFC 3550 §6, A.2). Packets are written
 * byte by byte here, independently of lib/rtp's builders. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mc_rtcp.h"
#include "mc_rtp_rewrite.h"

static size_t put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24); b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8); b[3] = (uint8_t)v;
	return 4;
}

static void hdr(uint8_t *b, unsigned count, uint8_t pt, size_t bytes)
{
	b[0] = (uint8_t)(0x80 | count);
	b[1] = pt;
	b[2] = (uint8_t)((bytes / 4 - 1) >> 8);
	b[3] = (uint8_t)(bytes / 4 - 1);
}

/* SR from 0x11111111 with nblocks blocks about 0x22220000+i. */
static size_t sr(uint8_t *b, unsigned nblocks)
{
	size_t n = 28 + 24 * nblocks;
	hdr(b, nblocks, 200, n);
	put32(b + 4, 0x11111111);
	put32(b + 8, 0xe1234567); put32(b + 12, 0x89abcdef);
	put32(b + 16, 160000); put32(b + 20, 1000); put32(b + 24, 160000);
	for (unsigned i = 0; i < nblocks; i++) {
		uint8_t *r = b + 28 + 24 * i;
		put32(r, 0x22220000 + i);
		put32(r + 4, (uint32_t)(25 + i) << 24 | 0xfffffe); /* cum lost -2 */
		put32(r + 8, 0x00010005 + i);
		put32(r + 12, 80 + i);
		put32(r + 16, 0x45678000);
		put32(r + 20, 65536);
	}
	return n;
}

static size_t rr(uint8_t *b, unsigned nblocks)
{
	size_t n = 8 + 24 * nblocks;
	hdr(b, nblocks, 201, n);
	put32(b + 4, 0x33333333);
	for (unsigned i = 0; i < nblocks; i++) {
		uint8_t *r = b + 8 + 24 * i;
		memset(r, 0, 24);
		put32(r, 0x44440000 + i);
		put32(r + 4, 3u << 24 | 1234);
	}
	return n;
}

static size_t sdes(uint8_t *b, uint32_t ssrc, const char *cname)
{
	size_t l = strlen(cname);
	size_t n = (8 + 2 + l + 4) & ~(size_t)3;
	memset(b, 0, n);
	hdr(b, 1, 202, n);
	put32(b + 4, ssrc);
	b[8] = 1;
	b[9] = (uint8_t)l;
	memcpy(b + 10, cname, l);
	return n;
}

static size_t bye(uint8_t *b, uint32_t ssrc)
{
	hdr(b, 1, 203, 8);
	put32(b + 4, ssrc);
	return 8;
}

START_TEST(valid_sr_sdes)
{
	uint8_t b[256];
	size_t n = sr(b, 2);
	n += sdes(b + n, 0x11111111, "alice@example.org");
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_OK);
	struct mc_rtcp_info in;
	ck_assert_int_eq(mc_rtcp_parse(b, n, &in), MC_RTCP_OK);
	ck_assert_uint_eq(in.n_packets, 2);
	ck_assert_uint_eq(in.has_sr, 1);
	ck_assert_uint_eq(in.sender_ssrc, 0x11111111);
	ck_assert(in.sr.ntp == 0xe123456789abcdefull);
	ck_assert_uint_eq(in.sr.rtp_ts, 160000);
	ck_assert_uint_eq(in.sr.pkt_count, 1000);
	ck_assert_uint_eq(in.sr.octet_count, 160000);
	ck_assert_uint_eq(in.n_blocks, 2);
	ck_assert_uint_eq(in.blocks[1].ssrc, 0x22220001);
	ck_assert_uint_eq(in.blocks[1].fraction_lost, 26);
	ck_assert_int_eq(in.blocks[1].cum_lost, -2);
	ck_assert_uint_eq(in.blocks[1].ext_high_seq, 0x00010006);
	ck_assert_uint_eq(in.blocks[1].jitter, 81);
	ck_assert_uint_eq(in.blocks[1].lsr, 0x45678000);
	ck_assert_uint_eq(in.blocks[1].dlsr, 65536);
	ck_assert_uint_eq(in.cname_len, 17);
	ck_assert_str_eq(in.cname, "alice@example.org");
	ck_assert_uint_eq(in.cname_ssrc, 0x11111111);
}
END_TEST

START_TEST(valid_rr_sdes_bye)
{
	uint8_t b[256];
	size_t n = rr(b, 1);
	n += sdes(b + n, 0x33333333, "bob"); /* 3 chars: exactly one null to the boundary */
	n += bye(b + n, 0x33333333);
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_OK);
	struct mc_rtcp_info in;
	ck_assert_int_eq(mc_rtcp_parse(b, n, &in), MC_RTCP_OK);
	ck_assert_uint_eq(in.has_sr, 0);
	ck_assert_uint_eq(in.sender_ssrc, 0x33333333);
	ck_assert_uint_eq(in.n_blocks, 1);
	ck_assert_int_eq(in.blocks[0].cum_lost, 1234);
	ck_assert_uint_eq(in.blocks[0].fraction_lost, 3);
	ck_assert_str_eq(in.cname, "bob");
	ck_assert_uint_eq(in.n_bye, 1);
	ck_assert_uint_eq(in.bye_ssrc[0], 0x33333333);
}
END_TEST

START_TEST(valid_app_xr_unknown_padding_last)
{
	uint8_t b[256];
	size_t n = rr(b, 0);
	hdr(b + n, 0, 204, 12);  /* APP: SSRC + name */
	put32(b + n + 4, 1); memcpy(b + n + 8, "TEST", 4);
	n += 12;
	hdr(b + n, 0, 207, 20);  /* XR: SSRC + one 12-byte block (length 2) */
	put32(b + n + 4, 1);
	b[n + 8] = 4; b[n + 9] = 0; b[n + 10] = 0; b[n + 11] = 2;
	memset(b + n + 12, 0, 8);
	n += 20;
	hdr(b + n, 0, 210, 4);   /* unknown type, header only: ignored */
	n += 4;
	hdr(b + n, 1, 203, 12);  /* BYE with 4 bytes of padding, last */
	b[n] |= 0x20;
	put32(b + n + 4, 1);
	put32(b + n + 8, 4);
	n += 12;
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_OK);
	struct mc_rtcp_info in;
	ck_assert_int_eq(mc_rtcp_parse(b, n, &in), MC_RTCP_OK);
	ck_assert_uint_eq(in.n_packets, 5);
	ck_assert_uint_eq(in.n_bye, 1);
	/* an XR block longer than its packet */
	b[20 + 11] = 3;
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_XR);
	b[20 + 11] = 2;
	/* APP shorter than SSRC + name */
	hdr(b + 8, 0, 204, 8);
	ck_assert_int_eq(mc_rtcp_validate(b, 16), MC_RTCP_ERR_APP);
}
END_TEST

START_TEST(err_short_and_stray)
{
	uint8_t b[64];
	size_t n = rr(b, 0);
	for (size_t l = 0; l < 8; l++)
		ck_assert_int_eq(mc_rtcp_validate(b, l), MC_RTCP_ERR_SHORT);
	memset(b + n, 0x80, 3); /* 1..3 bytes after the last packet */
	for (size_t extra = 1; extra < 4; extra++)
		ck_assert_int_eq(mc_rtcp_validate(b, n + extra), MC_RTCP_ERR_SHORT);
}
END_TEST

START_TEST(err_version)
{
	uint8_t b[128];
	size_t n = sr(b, 0);
	size_t s = n;
	n += sdes(b + n, 0x11111111, "x");
	b[0] = 0x40; /* version 1 on the first */
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_VERSION);
	b[0] = 0x80;
	b[s] = 0xc1; /* version 3 on the second */
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_VERSION);
}
END_TEST

START_TEST(err_length_beyond)
{
	uint8_t b[128];
	size_t n = sr(b, 1);
	ck_assert_int_eq(mc_rtcp_validate(b, n - 4), MC_RTCP_ERR_LENGTH);
	size_t s = n;
	n += sdes(b + n, 0x11111111, "abc");
	b[s + 3] += 1; /* the SDES claims one more word than the datagram holds */
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_LENGTH);
	b[s + 2] = 0xff; b[s + 3] = 0xff;
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_LENGTH);
}
END_TEST

/* A length field of 0 is one word: the walk must still advance, and an SR or RR
 * that small cannot hold its fixed part. */
START_TEST(err_length_zero)
{
	uint8_t b[512];
	size_t n = rr(b, 0);
	for (int i = 0; i < 100; i++, n += 4)
		hdr(b + n, 0, 210, 4);
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_OK);
	hdr(b, 0, 201, 4);
	ck_assert_int_eq(mc_rtcp_validate(b, 8), MC_RTCP_ERR_RC);
	hdr(b, 0, 200, 4);
	ck_assert_int_eq(mc_rtcp_validate(b, 8), MC_RTCP_ERR_RC);
}
END_TEST

START_TEST(err_rc_beyond)
{
	uint8_t b[256];
	size_t n = sr(b, 2);
	b[0] = 0x83; /* RC 3 but room for 2 */
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_RC);
	n = rr(b, 1);
	b[0] = 0x80 | 31;
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_RC);
	/* an SR whose length covers only 27 bytes of the 28 it needs */
	n = sr(b, 0);
	hdr(b, 0, 200, 24);
	ck_assert_int_eq(mc_rtcp_validate(b, 24), MC_RTCP_ERR_RC);
}
END_TEST

START_TEST(err_sdes_truncated)
{
	uint8_t b[128];
	size_t n = rr(b, 0);
	size_t s = n;
	n += sdes(b + n, 0x33333333, "carol@example.org");
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_OK);
	/* item text runs past the packet */
	b[s + 9] = 40;
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_SDES);
	b[s + 9] = 17;
	/* no terminating null before the end */
	memset(b + s + 10, 'x', n - s - 10);
	b[s + 9] = (uint8_t)(n - s - 10);
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_SDES);
	/* SC claims a second chunk that is not there */
	n = s + sdes(b + s, 0x33333333, "carol");
	b[s] = 0x82;
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_SDES);
	/* item header cut after its type byte */
	hdr(b + s, 1, 202, 12);
	put32(b + s + 4, 1);
	b[s + 8] = 1; b[s + 9] = 1; b[s + 10] = 'x'; b[s + 11] = 2;
	ck_assert_int_eq(mc_rtcp_validate(b, s + 12), MC_RTCP_ERR_SDES);
}
END_TEST

START_TEST(err_bye_bounds)
{
	uint8_t b[64];
	size_t n = rr(b, 0);
	size_t s = n;
	n += bye(b + n, 5);
	b[s] = 0x82; /* two SSRCs in one word */
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_BYE);
	/* reason length beyond the packet */
	hdr(b + s, 1, 203, 12);
	put32(b + s + 4, 5);
	b[s + 8] = 5; memcpy(b + s + 9, "bye", 3);
	ck_assert_int_eq(mc_rtcp_validate(b, s + 12), MC_RTCP_ERR_BYE);
	b[s + 8] = 3;
	ck_assert_int_eq(mc_rtcp_validate(b, s + 12), MC_RTCP_OK);
}
END_TEST

START_TEST(err_padding_not_last)
{
	uint8_t b[128];
	size_t n = rr(b, 0);
	size_t s = n;
	n += bye(b + n, 0x33333333);
	b[0] |= 0x20; /* padding on the first of two */
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_PADDING);
	b[0] &= (uint8_t)~0x20;
	/* padding on the last with count 0, and with a count beyond the body */
	b[s] |= 0x20;
	b[n - 1] = 0;
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_PADDING);
	b[n - 1] = 9;
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_PADDING);
	/* count 4 leaves no room for the BYE's SSRC: the body check catches it */
	b[n - 1] = 4;
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_BYE);
}
END_TEST

START_TEST(err_first_not_sr_rr)
{
	uint8_t b[64];
	size_t n = sdes(b, 1, "x");
	n += bye(b + n, 1);
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_FIRST);
	n = bye(b, 1);
	ck_assert_int_eq(mc_rtcp_validate(b, n), MC_RTCP_ERR_FIRST);
	hdr(b, 0, 205, 12); /* feedback alone is not a compound (RFC 5506 is not supported) */
	ck_assert_int_eq(mc_rtcp_validate(b, 12), MC_RTCP_ERR_FIRST);
}
END_TEST

START_TEST(parse_many_blocks)
{
	uint8_t b[2048];
	size_t n = sr(b, 31);
	n += rr(b + n, 5); /* a second RR continues the list (RFC 3550 §6.4.2) */
	struct mc_rtcp_info in;
	ck_assert_int_eq(mc_rtcp_parse(b, n, &in), MC_RTCP_OK);
	ck_assert_uint_eq(in.n_blocks, 31);
	ck_assert_uint_eq(in.blocks_dropped, 5);
	ck_assert_uint_eq(in.blocks[30].ssrc, 0x2222001e);
	ck_assert_uint_eq(in.blocks[30].jitter, 110);
}
END_TEST

/* Random byte and length mutations of a valid compound: whatever is accepted must
 * be walkable by the parser to exactly its end, in an exact-size heap copy (so a
 * sanitizer build catches any read past it). */
START_TEST(mutations_stay_in_bounds)
{
	uint8_t base[256];
	size_t n = sr(base, 2);
	n += sdes(base + n, 0x11111111, "mutant@example.org");
	n += bye(base + n, 0x11111111);
	uint32_t rnd = 99;
	unsigned accepted = 0;
	struct mc_rtp_rewriter fwd, rev;
	mc_rtp_rewriter_init(&fwd, 1, 160);
	mc_rtp_rewriter_init(&rev, 2, 160);
	rev.started = 1;
	rev.out_ssrc = 0x22220000;
	for (int it = 0; it < 20000; it++) {
		uint8_t m[256];
		memcpy(m, base, n);
		for (int k = 0; k < 1 + it % 3; k++) {
			rnd = rnd * 1103515245u + 12345u;
			m[(rnd >> 8) % n] ^= (uint8_t)(1u << ((rnd >> 4) & 7));
		}
		rnd = rnd * 1103515245u + 12345u;
		size_t len = (rnd >> 20) % 4 ? n : (rnd >> 8) % (n + 1);
		uint8_t *p = malloc(len ? len : 1);
		memcpy(p, m, len);
		struct mc_rtcp_info in;
		int rc = mc_rtcp_parse(p, len, &in);
		ck_assert_int_le(rc, 0);
		if (rc == 0) {
			accepted++;
			size_t off = 0;
			for (unsigned i = 0; i < in.n_packets; i++)
				off += 4 * ((size_t)(p[off + 2] << 8 | p[off + 3]) + 1);
			ck_assert_uint_eq(off, len);
			ck_assert_uint_le(in.cname_len, 255);
			/* rewriting touches values only, never the structure */
			mc_rtcp_rewrite(&fwd, &rev, p, len);
			ck_assert_int_eq(mc_rtcp_validate(p, len), 0);
		}
		free(p);
	}
	/* flips in counts/text that keep the structure must still be accepted */
	ck_assert_uint_gt(accepted, 1000);
}
END_TEST

START_TEST(err_names)
{
	ck_assert_str_eq(mc_rtcp_err_name(MC_RTCP_ERR_LENGTH), "rtcp_length");
	ck_assert_str_eq(mc_rtcp_err_name(MC_RTCP_ERR_XR), "rtcp_xr");
	ck_assert_str_eq(mc_rtcp_err_name(MC_RTCP_ERR_FIRST), "rtcp_first");
	ck_assert_str_eq(mc_rtcp_err_name(-11), "unknown");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtcp");
	TCase *tc = tcase_create("validate");
	tcase_add_test(tc, valid_sr_sdes);
	tcase_add_test(tc, valid_rr_sdes_bye);
	tcase_add_test(tc, valid_app_xr_unknown_padding_last);
	tcase_add_test(tc, err_short_and_stray);
	tcase_add_test(tc, err_version);
	tcase_add_test(tc, err_length_beyond);
	tcase_add_test(tc, err_length_zero);
	tcase_add_test(tc, err_rc_beyond);
	tcase_add_test(tc, err_sdes_truncated);
	tcase_add_test(tc, err_bye_bounds);
	tcase_add_test(tc, err_padding_not_last);
	tcase_add_test(tc, err_first_not_sr_rr);
	tcase_add_test(tc, parse_many_blocks);
	tcase_add_test(tc, mutations_stay_in_bounds);
	tcase_add_test(tc, err_names);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
