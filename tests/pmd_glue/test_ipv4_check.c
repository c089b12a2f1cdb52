#include <check.h>
#include <stdlib.h>

#include "glue_frames.h"
#include "mc_ipv4_check.h"

static uint8_t pkt[128];

/* Valid header: 20 bytes, total length tot, followed by zeros up to len. */
static void make(uint8_t ihl_words, uint16_t tot, uint16_t frag)
{
	memset(pkt, 0, sizeof(pkt));
	build_ipv4(pkt, ihl_words, tot, frag, 17, ip4(10, 0, 0, 1), ip4(10, 0, 0, 2));
}

static void refresh_cksum(void)
{
	unsigned hlen = (pkt[0] & 0xf) * 4u;

	put16(pkt + 10, 0);
	put16(pkt + 10, ref_cksum(pkt, hlen));
}

static void expect(uint16_t len, int reason)
{
	enum mc_drop_reason why = MC_DROP_REASON_MAX;
	int rc = mc_ipv4_check(pkt, len, &why);

	ck_assert_int_eq(rc, reason);
	if (reason != 0)
		ck_assert_int_eq(why, reason);
}

START_TEST(valid_minimal)
{
	make(5, 20, 0);
	expect(20, 0);
}
END_TEST

START_TEST(valid_with_payload_padding_df_options)
{
	make(5, 48, 0);
	expect(48, 0);
	expect(64, 0); /* Ethernet padding after the packet */
	make(5, 48, 0x4000); /* DF alone is not a fragment */
	expect(48, 0);
	make(7, 40, 0);
	expect(40, 0);
}
END_TEST

START_TEST(too_short_for_header)
{
	make(5, 20, 0);
	expect(19, MC_DROP_IP_HEADER);
	expect(0, MC_DROP_IP_HEADER);
}
END_TEST

START_TEST(version_6)
{
	make(5, 40, 0);
	pkt[0] = 0x65;
	refresh_cksum();
	expect(40, MC_DROP_IP_HEADER);
}
END_TEST

START_TEST(ihl_4)
{
	make(5, 40, 0);
	pkt[0] = 0x44;
	put16(pkt + 10, 0);
	put16(pkt + 10, ref_cksum(pkt, 16));
	expect(40, MC_DROP_IP_HEADER);
}
END_TEST

START_TEST(ihl_beyond_len)
{
	make(15, 60, 0); /* 60-byte header, valid when all of it is there */
	expect(60, 0);
	expect(40, MC_DROP_IP_HEADER);
}
END_TEST

START_TEST(total_length_too_big)
{
	make(5, 41, 0);
	expect(40, MC_DROP_IP_HEADER);
	expect(41, 0);
}
END_TEST

START_TEST(total_length_smaller_than_header)
{
	make(6, 23, 0);
	expect(40, MC_DROP_IP_HEADER);
	make(5, 0, 0);
	expect(40, MC_DROP_IP_HEADER);
}
END_TEST

START_TEST(bad_checksum)
{
	make(5, 40, 0);
	pkt[11] ^= 0x01;
	expect(40, MC_DROP_IP_HEADER);
	/* a flipped bit elsewhere in the header is caught too */
	make(5, 40, 0);
	pkt[15] ^= 0x80;
	expect(40, MC_DROP_IP_HEADER);
	/* a bad checksum beats the fragment verdict */
	make(5, 40, 0x2000);
	pkt[11] ^= 0x01;
	expect(40, MC_DROP_IP_HEADER);
}
END_TEST

START_TEST(fragments)
{
	make(5, 40, 0x2000); /* first: MF, offset 0 */
	expect(40, MC_DROP_IP_FRAGMENT);
	make(5, 40, 0x2000 | 100); /* middle */
	expect(40, MC_DROP_IP_FRAGMENT);
	make(5, 40, 100); /* last: offset, no MF */
	expect(40, MC_DROP_IP_FRAGMENT);
	make(5, 40, 0x4000 | 1); /* DF plus smallest offset */
	expect(40, MC_DROP_IP_FRAGMENT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ipv4_check");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, valid_minimal);
	tcase_add_test(tc, valid_with_payload_padding_df_options);
	tcase_add_test(tc, too_short_for_header);
	tcase_add_test(tc, version_6);
	tcase_add_test(tc, ihl_4);
	tcase_add_test(tc, ihl_beyond_len);
	tcase_add_test(tc, total_length_too_big);
	tcase_add_test(tc, total_length_smaller_than_header);
	tcase_add_test(tc, bad_checksum);
	tcase_add_test(tc, fragments);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
