#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "glue_frames.h"
#include "mc_arp.h"

static const uint8_t OUR_MAC[6] = { 0x02, 0xaa, 0, 0, 0, 0x01 };
static const uint8_t OUR_MAC2[6] = { 0x02, 0xaa, 0, 0, 0, 0x02 };
static const uint8_t PEER_MAC[6] = { 0x02, 0xbb, 0, 0, 0, 0x07 };
static const uint8_t PEER_MAC_NEW[6] = { 0x02, 0xbb, 0, 0, 0, 0x08 };
static const uint8_t ZERO[6] = { 0 };

static struct mc_ifaddr ifa[2];
static struct mc_neigh_table nt;
static uint8_t f[64], orig[64];
static enum mc_drop_reason why;

static uint32_t OUR_IP, OUR_IP2, PEER_IP, OTHER_IP;

static void setup(void)
{
	OUR_IP = ip4(10, 96, 0, 254);
	OUR_IP2 = ip4(10, 96, 0, 253);
	PEER_IP = ip4(10, 96, 0, 1);
	OTHER_IP = ip4(10, 96, 0, 2);
	memset(ifa, 0, sizeof(ifa));
	ifa[0].port = 3;
	memcpy(ifa[0].mac.addr_bytes, OUR_MAC, 6);
	ifa[0].ip = OUR_IP;
	ifa[0].prefix_len = 24;
	ifa[0].gateway = ip4(10, 96, 0, 1);
	ifa[1] = ifa[0];
	memcpy(ifa[1].mac.addr_bytes, OUR_MAC2, 6);
	ifa[1].ip = OUR_IP2;
	ck_assert_int_eq(mc_neigh_init(&nt, 16, NULL), 0);
	why = MC_DROP_REASON_MAX;
}

static void teardown(void)
{
	mc_neigh_free(&nt);
}

static enum mc_glue_verdict input(uint16_t len, uint64_t now)
{
	memcpy(orig, f, sizeof(f));
	return mc_arp_input(f, len, ifa, 2, &nt, now, &why);
}

/* MAC the table gives for ip on port 3, or -errno. */
static int table_mac(uint32_t ip, uint8_t out[6])
{
	struct rte_ether_addr mac;
	int rc = mc_neigh_lookup(&nt, 3, ip, 0, &mac);

	if (rc == 0)
		memcpy(out, mac.addr_bytes, 6);
	return rc;
}

static const struct rte_ether_addr *ea(const uint8_t m[6])
{
	static struct rte_ether_addr e;

	memcpy(e.addr_bytes, m, 6);
	return &e;
}

static void assert_unchanged(void)
{
	ck_assert_mem_eq(f, orig, sizeof(f));
}

static void assert_reply(const uint8_t *our_mac, uint32_t our_ip, const uint8_t *peer_mac,
			 uint32_t peer_ip)
{
	ck_assert_mem_eq(f, peer_mac, 6);             /* eth dst */
	ck_assert_mem_eq(f + 6, our_mac, 6);          /* eth src */
	ck_assert_uint_eq(get16(f + 12), 0x0806);
	ck_assert_uint_eq(get16(f + 14), 1);          /* hrd */
	ck_assert_uint_eq(get16(f + 16), 0x0800);     /* pro */
	ck_assert_uint_eq(f[18], 6);
	ck_assert_uint_eq(f[19], 4);
	ck_assert_uint_eq(get16(f + 20), 2);          /* op reply */
	ck_assert_mem_eq(f + 22, our_mac, 6);         /* sha */
	ck_assert_mem_eq(f + 28, &our_ip, 4);         /* spa */
	ck_assert_mem_eq(f + 32, peer_mac, 6);        /* tha */
	ck_assert_mem_eq(f + 38, &peer_ip, 4);        /* tpa */
	ck_assert_mem_eq(f + 42, orig + 42, 18);      /* padding untouched */
}

START_TEST(request_for_us_is_answered_and_learnt)
{
	uint8_t mac[6];

	build_arp(f, 1, BCAST, PEER_MAC, PEER_IP, ZERO, OUR_IP);
	ck_assert_int_eq(input(60, 0), MC_GLUE_REPLY);
	assert_reply(OUR_MAC, OUR_IP, PEER_MAC, PEER_IP);
	ck_assert_uint_eq(mc_neigh_count(&nt), 1);
	ck_assert_uint_eq(mc_neigh_at(&nt, 0)->port, 3);
	ck_assert_int_eq(mc_neigh_at(&nt, 0)->state, MC_NEIGH_REACHABLE);
	ck_assert_int_eq(table_mac(PEER_IP, mac), 0);
	ck_assert_mem_eq(mac, PEER_MAC, 6);
}
END_TEST

START_TEST(request_for_second_address_and_unpadded)
{
	build_arp(f, 1, BCAST, PEER_MAC, PEER_IP, ZERO, OUR_IP2);
	ck_assert_int_eq(input(42, 0), MC_GLUE_REPLY);
	assert_reply(OUR_MAC2, OUR_IP2, PEER_MAC, PEER_IP);
}
END_TEST

START_TEST(request_for_someone_else_not_answered)
{
	uint8_t mac[6];

	build_arp(f, 1, BCAST, PEER_MAC, PEER_IP, ZERO, OTHER_IP);
	ck_assert_int_eq(input(60, 0), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ARP_NOT_OURS);
	assert_unchanged();
	ck_assert_uint_eq(mc_neigh_count(&nt), 0); /* not created... */

	mc_neigh_learn(&nt, 3, PEER_IP, ea(PEER_MAC), 0, true);
	build_arp(f, 1, BCAST, PEER_MAC_NEW, PEER_IP, ZERO, OTHER_IP);
	ck_assert_int_eq(input(60, 0), MC_GLUE_DROP);
	ck_assert_int_eq(table_mac(PEER_IP, mac), 0); /* ...but merged if known */
	ck_assert_mem_eq(mac, PEER_MAC_NEW, 6);
}
END_TEST

START_TEST(gratuitous_updates_existing_only)
{
	uint8_t mac[6];

	mc_neigh_learn(&nt, 3, PEER_IP, ea(PEER_MAC), 0, true);
	build_arp(f, 1, BCAST, PEER_MAC_NEW, PEER_IP, ZERO, PEER_IP);
	ck_assert_int_eq(input(60, 5), MC_GLUE_CONSUMED);
	assert_unchanged();
	ck_assert_int_eq(table_mac(PEER_IP, mac), 0);
	ck_assert_mem_eq(mac, PEER_MAC_NEW, 6);
	ck_assert_uint_eq(mc_neigh_at(&nt, 0)->updated_ms, 5);

	/* reply form, from a host we never talked to: consumed, not learnt */
	build_arp(f, 2, BCAST, PEER_MAC, OTHER_IP, BCAST, OTHER_IP);
	ck_assert_int_eq(input(60, 6), MC_GLUE_CONSUMED);
	ck_assert_uint_eq(mc_neigh_count(&nt), 1);
}
END_TEST

START_TEST(reply_to_our_probe_resolves)
{
	struct rte_ether_addr mac;

	ck_assert_int_eq(mc_neigh_lookup(&nt, 3, PEER_IP, 0, &mac), -EAGAIN);
	build_arp(f, 2, OUR_MAC, PEER_MAC, PEER_IP, OUR_MAC, OUR_IP);
	ck_assert_int_eq(input(60, 10), MC_GLUE_CONSUMED);
	assert_unchanged();
	ck_assert_int_eq(mc_neigh_lookup(&nt, 3, PEER_IP, 11, &mac), 0);
	ck_assert_mem_eq(mac.addr_bytes, PEER_MAC, 6);
}
END_TEST

START_TEST(truncated)
{
	build_arp(f, 1, BCAST, PEER_MAC, PEER_IP, ZERO, OUR_IP);
	ck_assert_int_eq(input(41, 0), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ARP_INVALID);
	ck_assert_int_eq(input(0, 0), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ARP_INVALID);
	assert_unchanged();
	ck_assert_uint_eq(mc_neigh_count(&nt), 0);
}
END_TEST

/* offset, value written as 16 or 8 bits */
static void expect_invalid(unsigned off, unsigned width, unsigned value)
{
	build_arp(f, 1, BCAST, PEER_MAC, PEER_IP, ZERO, OUR_IP);
	if (width == 16)
		put16(f + off, (uint16_t)value);
	else
		f[off] = (uint8_t)value;
	ck_assert_int_eq(input(60, 0), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ARP_INVALID);
	assert_unchanged();
	ck_assert_uint_eq(mc_neigh_count(&nt), 0);
}

START_TEST(wrong_types_lengths_opcode_sender)
{
	expect_invalid(14, 16, 6);      /* hrd IEEE 802 */
	expect_invalid(16, 16, 0x86dd); /* pro IPv6 */
	expect_invalid(18, 8, 8);       /* hln */
	expect_invalid(19, 8, 16);      /* pln */
	expect_invalid(20, 16, 3);      /* RARP request */
	expect_invalid(20, 16, 0);
	expect_invalid(22, 8, 0x01);    /* multicast sender MAC */
	expect_invalid(28, 8, 224);     /* multicast sender IP */

	build_arp(f, 1, BCAST, ZERO, PEER_IP, ZERO, OUR_IP);
	ck_assert_int_eq(input(60, 0), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ARP_INVALID);

	build_arp(f, 1, BCAST, PEER_MAC, PEER_IP, ZERO, OUR_IP);
	put16(f + 12, 0x0800);
	ck_assert_int_eq(input(60, 0), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ETHERTYPE);
}
END_TEST

START_TEST(address_conflict)
{
	/* someone else announces our address: counted, not learnt, not answered */
	build_arp(f, 1, BCAST, PEER_MAC, OUR_IP, ZERO, OUR_IP);
	ck_assert_int_eq(input(60, 0), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ARP_INVALID);
	assert_unchanged();
	ck_assert_uint_eq(mc_neigh_count(&nt), 0);

	build_arp(f, 1, BCAST, PEER_MAC, OUR_IP, ZERO, OUR_IP2);
	ck_assert_int_eq(input(60, 0), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ARP_INVALID);
	assert_unchanged();

	/* our own gratuitous ARP seen again is not a conflict */
	build_arp(f, 1, BCAST, OUR_MAC, OUR_IP, ZERO, OUR_IP);
	ck_assert_int_eq(input(60, 0), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ARP_NOT_OURS);
	ck_assert_uint_eq(mc_neigh_count(&nt), 0);
}
END_TEST

START_TEST(probe_answered_not_learnt)
{
	/* RFC 5227 probe: sender IP 0 */
	build_arp(f, 1, BCAST, PEER_MAC, 0, ZERO, OUR_IP);
	ck_assert_int_eq(input(60, 0), MC_GLUE_REPLY);
	assert_reply(OUR_MAC, OUR_IP, PEER_MAC, 0);
	ck_assert_uint_eq(mc_neigh_count(&nt), 0);
}
END_TEST

START_TEST(off_subnet_sender_answered_not_learnt)
{
	uint32_t far = ip4(192, 168, 1, 1);

	build_arp(f, 1, BCAST, PEER_MAC, far, ZERO, OUR_IP);
	ck_assert_int_eq(input(60, 0), MC_GLUE_REPLY);
	assert_reply(OUR_MAC, OUR_IP, PEER_MAC, far);
	ck_assert_uint_eq(mc_neigh_count(&nt), 0);
}
END_TEST

START_TEST(no_addresses)
{
	build_arp(f, 1, BCAST, PEER_MAC, PEER_IP, ZERO, OUR_IP);
	memcpy(orig, f, sizeof(f));
	ck_assert_int_eq(mc_arp_input(f, 60, ifa, 0, &nt, 0, &why), MC_GLUE_DROP);
	ck_assert_int_eq(why, MC_DROP_ARP_NOT_OURS);
	assert_unchanged();
}
END_TEST

static void assert_request(const uint8_t *b, const uint8_t *eth_dst, const uint8_t *tha,
			   uint32_t tip)
{
	static const uint8_t zeros[18];

	ck_assert_mem_eq(b, eth_dst, 6);
	ck_assert_mem_eq(b + 6, OUR_MAC, 6);
	ck_assert_uint_eq(get16(b + 12), 0x0806);
	ck_assert_uint_eq(get16(b + 14), 1);
	ck_assert_uint_eq(get16(b + 16), 0x0800);
	ck_assert_uint_eq(b[18], 6);
	ck_assert_uint_eq(b[19], 4);
	ck_assert_uint_eq(get16(b + 20), 1);
	ck_assert_mem_eq(b + 22, OUR_MAC, 6);
	ck_assert_mem_eq(b + 28, &OUR_IP, 4);
	ck_assert_mem_eq(b + 32, tha, 6);
	ck_assert_mem_eq(b + 38, &tip, 4);
	ck_assert_mem_eq(b + 42, zeros, 18);
}

START_TEST(build_request_fields)
{
	uint8_t b[64];
	struct rte_ether_addr peer;

	memset(b, 0x5a, sizeof(b));
	ck_assert_uint_eq(mc_arp_build_request(b, 59, &ifa[0], PEER_IP, NULL), 0);
	ck_assert_uint_eq(b[0], 0x5a); /* nothing written */

	ck_assert_uint_eq(mc_arp_build_request(b, 64, &ifa[0], PEER_IP, NULL), 60);
	assert_request(b, BCAST, ZERO, PEER_IP);
	ck_assert_uint_eq(b[60], 0x5a); /* nothing past the frame */

	memcpy(peer.addr_bytes, PEER_MAC, 6);
	ck_assert_uint_eq(mc_arp_build_request(b, 60, &ifa[0], PEER_IP, &peer), 60);
	assert_request(b, PEER_MAC, PEER_MAC, PEER_IP);

	ck_assert_uint_eq(mc_arp_build_gratuitous(b, 60, &ifa[0]), 60);
	assert_request(b, BCAST, ZERO, OUR_IP);

	/* a request built by a peer is one our own input answers */
	struct mc_ifaddr peer_ifa = { .port = 3, .mac = peer, .ip = PEER_IP, .prefix_len = 24 };

	ck_assert_uint_eq(mc_arp_build_request(f, 64, &peer_ifa, OUR_IP, NULL), 60);
	ck_assert_int_eq(input(60, 0), MC_GLUE_REPLY);
	assert_reply(OUR_MAC, OUR_IP, PEER_MAC, PEER_IP);
}
END_TEST

START_TEST(next_hop)
{
	ck_assert_uint_eq(mc_ifaddr_next_hop(&ifa[0], PEER_IP), PEER_IP);
	ck_assert_uint_eq(mc_ifaddr_next_hop(&ifa[0], ip4(10, 96, 1, 1)), ifa[0].gateway);
	ifa[0].gateway = 0;
	ck_assert_uint_eq(mc_ifaddr_next_hop(&ifa[0], ip4(8, 8, 8, 8)), 0);
	ifa[0].prefix_len = 32;
	ck_assert_uint_eq(mc_ifaddr_next_hop(&ifa[0], PEER_IP), 0);
	ifa[0].prefix_len = 0;
	ck_assert_uint_eq(mc_ifaddr_next_hop(&ifa[0], ip4(8, 8, 8, 8)), ip4(8, 8, 8, 8));
	ifa[0].prefix_len = 9; /* 10.0.0.0/9 holds 10.96.x but not 10.128.x */
	ck_assert_uint_eq(mc_ifaddr_next_hop(&ifa[0], ip4(10, 127, 0, 1)), ip4(10, 127, 0, 1));
	ck_assert_uint_eq(mc_ifaddr_next_hop(&ifa[0], ip4(10, 128, 0, 1)), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("arp");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, request_for_us_is_answered_and_learnt);
	tcase_add_test(tc, request_for_second_address_and_unpadded);
	tcase_add_test(tc, request_for_someone_else_not_answered);
	tcase_add_test(tc, gratuitous_updates_existing_only);
	tcase_add_test(tc, reply_to_our_probe_resolves);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, wrong_types_lengths_opcode_sender);
	tcase_add_test(tc, address_conflict);
	tcase_add_test(tc, probe_answered_not_learnt);
	tcase_add_test(tc, off_subnet_sender_answered_not_learnt);
	tcase_add_test(tc, no_addresses);
	tcase_add_test(tc, build_request_fields);
	tcase_add_test(tc, next_hop);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
