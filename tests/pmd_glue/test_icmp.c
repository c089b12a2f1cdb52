#include <check.h>
#include <stdlib.h>

#include "glue_frames.h"
#include "mc_icmp.h"

static const uint8_t OUR_MAC[6] = { 0x02, 0xaa, 0, 0, 0, 0x01 };
static const uint8_t PEER_MAC[6] = { 0x02, 0xbb, 0, 0, 0, 0x07 };

static uint8_t f[1600], orig[1600];
static enum mc_drop_reason why;
static uint32_t OUR_IP, PEER_IP;

static void setup(void)
{
	OUR_IP = ip4(10, 96, 0, 254);
	PEER_IP = ip4(10, 96, 0, 1);
	why = MC_DROP_REASON_MAX;
}

static uint16_t echo(uint8_t ihl_words, uint16_t id, uint16_t seq, uint16_t plen)
{
	uint16_t len = build_icmp(f, OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, ihl_words, 8, id, seq,
				  plen);

	memcpy(orig, f, sizeof(f));
	return len;
}

/* Everything a correct echo reply must satisfy, against the saved request. */
static void assert_echo_reply(uint16_t len, uint8_t ihl_words, uint16_t plen)
{
	unsigned ihl = ihl_words * 4u;
	const uint8_t *ip = f + 14, *oip = orig + 14;
	const uint8_t *icmp = ip + ihl, *oicmp = oip + ihl;

	ck_assert_mem_eq(f, PEER_MAC, 6);
	ck_assert_mem_eq(f + 6, OUR_MAC, 6);
	ck_assert_uint_eq(get16(f + 12), 0x0800);
	ck_assert_mem_eq(ip, oip, 8);             /* version..fragment unchanged */
	ck_assert_uint_eq(ip[8], 64);             /* TTL reset */
	ck_assert_uint_eq(ip[9], 1);
	ck_assert_mem_eq(ip + 12, &OUR_IP, 4);
	ck_assert_mem_eq(ip + 16, &PEER_IP, 4);
	ck_assert_mem_eq(ip + 20, oip + 20, ihl - 20); /* options */
	ck_assert_uint_eq(ref_cksum(ip, ihl), 0);
	ck_assert_uint_eq(icmp[0], 0);            /* echo reply */
	ck_assert_uint_eq(icmp[1], 0);
	ck_assert_mem_eq(icmp + 4, oicmp + 4, 4u + plen); /* id, seq, payload */
	ck_assert_uint_eq(ref_cksum(icmp, 8u + plen), 0);
	/* padding after the IP packet untouched */
	ck_assert_mem_eq(f + 14 + ihl + 8 + plen, orig + 14 + ihl + 8 + plen,
			 sizeof(f) - (14 + ihl + 8 + plen));
	(void)len;
}

START_TEST(echo_request_answered)
{
	uint16_t len = echo(5, 0x4242, 1, 56);

	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_REPLY);
	assert_echo_reply(len, 5, 56);
}
END_TEST

START_TEST(odd_and_empty_and_large_payloads)
{
	static const uint16_t sizes[] = { 0, 1, 37, 1471, 1472 };

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint16_t len = echo(5, 7, (uint16_t)i, sizes[i]);

		ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_REPLY);
		assert_echo_reply(len, 5, sizes[i]);
	}
}
END_TEST

START_TEST(with_ip_options)
{
	uint16_t len = echo(7, 1, 2, 33);

	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_REPLY);
	assert_echo_reply(len, 7, 33);
}
END_TEST

/* The incremental update must hold for every checksum value, including
 * those where 0x0000/0xffff ambiguity bites; sweeping seq covers them all. */
START_TEST(checksum_update_all_values)
{
	for (uint32_t seq = 0; seq <= 0xffff; seq++) {
		uint16_t len = echo(5, 0x0100, (uint16_t)seq, 3);

		ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_REPLY);
		if (ref_cksum(f + 34, 11) != 0)
			ck_abort_msg("bad ICMP checksum for seq %u", (unsigned)seq);
	}
}
END_TEST

START_TEST(truncated)
{
	/* total length leaves 7 bytes of ICMP */
	uint16_t len = echo(5, 1, 1, 0);

	put16(f + 16, 27);
	put16(f + 24, 0);
	put16(f + 24, ref_cksum(f + 14, 20));
	memcpy(orig, f, sizeof(f));
	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ICMP_INVALID);
	ck_assert_mem_eq(f, orig, sizeof(f));

	/* payload cut by the IP total length: checksum no longer matches */
	len = echo(5, 1, 1, 20);
	put16(f + 16, 20 + 8 + 10);
	put16(f + 24, 0);
	put16(f + 24, ref_cksum(f + 14, 20));
	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ICMP_INVALID);
}
END_TEST

START_TEST(bad_checksum)
{
	uint16_t len = echo(5, 1, 1, 40);

	f[34 + 8 + 17] ^= 0x10; /* one payload bit */
	memcpy(orig, f, sizeof(f));
	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ICMP_INVALID);
	ck_assert_mem_eq(f, orig, sizeof(f));
}
END_TEST

START_TEST(non_echo_types)
{
	static const uint8_t types[] = { 0, 3, 5, 11, 13, 17 };

	for (unsigned i = 0; i < sizeof(types); i++) {
		uint16_t len = build_icmp(f, OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, 5, types[i], 1,
					  1, 16);

		memcpy(orig, f, sizeof(f));
		ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_DROP);
		ck_assert_int_eq(why, MC_DROP_ICMP_TYPE);
		ck_assert_mem_eq(f, orig, sizeof(f));
	}
}
END_TEST

START_TEST(no_reply_to_broadcast_or_multicast)
{
	static const uint8_t MCAST_MAC[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	uint16_t len;

	len = build_icmp(f, BCAST, PEER_MAC, PEER_IP, OUR_IP, 5, 8, 1, 1, 16);
	memcpy(orig, f, sizeof(f));
	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_NOT_FOR_US);
	ck_assert_mem_eq(f, orig, sizeof(f));

	len = build_icmp(f, MCAST_MAC, PEER_MAC, PEER_IP, ip4(224, 0, 0, 1), 5, 8, 1, 1, 16);
	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_NOT_FOR_US);

	len = build_icmp(f, OUR_MAC, PEER_MAC, PEER_IP, ip4(255, 255, 255, 255), 5, 8, 1, 1, 16);
	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_NOT_FOR_US);

	/* nor to a source that is not a host */
	len = build_icmp(f, OUR_MAC, PEER_MAC, ip4(224, 0, 0, 5), OUR_IP, 5, 8, 1, 1, 16);
	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ICMP_INVALID);
	len = build_icmp(f, OUR_MAC, BCAST, PEER_IP, OUR_IP, 5, 8, 1, 1, 16);
	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ICMP_INVALID);
}
END_TEST

START_TEST(not_icmp_or_inconsistent)
{
	uint16_t len = echo(5, 1, 1, 16);

	f[14 + 9] = 17;
	ck_assert_int_eq(mc_icmp_input(f, len, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_IP_PROTO);

	len = echo(5, 1, 1, 16);
	ck_assert_int_eq(mc_icmp_input(f, 14 + 20 + 8 + 15, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_IP_HEADER); /* total length beyond the frame */
	ck_assert_int_eq(mc_icmp_input(f, 30, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_IP_HEADER);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("icmp");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, echo_request_answered);
	tcase_add_test(tc, odd_and_empty_and_large_payloads);
	tcase_add_test(tc, with_ip_options);
	tcase_add_test(tc, checksum_update_all_values);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, bad_checksum);
	tcase_add_test(tc, non_echo_types);
	tcase_add_test(tc, no_reply_to_broadcast_or_multicast);
	tcase_add_test(tc, not_icmp_or_inconsistent);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
