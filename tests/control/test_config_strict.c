/* Mistakes rte_cfgfile lets through (or that only show across keys and ports) and
 * mc_config_load must refuse. meson registers each case on its own.
 * Run one case by hand with CK_RUN_CASE=<case name>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_util.h"

/* mc_config_parse.c mc_parse_lcore_list: strtok_r merges empty fields, so "1,,2" is
 * read as "1,2" and a stray comma at either end vanishes. */
START_TEST(lcore_list_empty_field)
{
	EXPECT_ERR("[lcores]\nworkers = 1,,2\n" PORT0, "[lcores] workers:",
		   "is not a list of lcore ids");
	EXPECT_ERR("[lcores]\nworkers = 1,2,\n" PORT0, "[lcores] workers:",
		   "is not a list of lcore ids");
	EXPECT_ERR("[lcores]\nworkers = ,1\n" PORT0, "[lcores] workers:",
		   "is not a list of lcore ids");
}
END_TEST

/* A gateway is a neighbour on the port's own subnet; any other value can never be
 * resolved by ARP, and traffic off-link silently goes nowhere. */
START_TEST(gateway_outside_subnet)
{
	EXPECT_ERR(PORT0 "gateway = 10.97.0.1\n", "[port0] gateway:", "10.96.0.0/24");
	/* our own address is no gateway either */
	EXPECT_ERR(PORT0 "gateway = 10.96.0.254\n", "[port0] gateway:", "own address");
}
END_TEST

/* Two ports with one address: ARP answers and the port chosen for a leg are ambiguous. */
START_TEST(duplicate_address)
{
	EXPECT_ERR(PORT0 "[port1]\ndev = net_tap1\naddress = 10.96.0.254/24\n",
		   "[port1] address:", "port0");
}
END_TEST

/* Overlapping subnets on two ports: "the port whose subnet holds remote"
 * (control-api.md) is no longer one port. */
START_TEST(overlapping_subnets)
{
	EXPECT_ERR(PORT0 "[port1]\ndev = net_tap1\naddress = 10.96.0.1/16\n",
		   "[port1] address:", "port0");
}
END_TEST

/* One device on two ports: EAL would be asked to probe it twice. */
START_TEST(duplicate_dev)
{
	EXPECT_ERR(PORT0 "[port1]\ndev = net_tap0,iface=mcA\naddress = 10.97.0.254/24\n",
		   "[port1] dev:", "port0");
}
END_TEST

/* mc_config.c walk(): rte_cfgfile lists a repeated section twice, but
 * rte_cfgfile_section_entries() looks sections up by name and returns the first one's
 * entries both times, so every key of the second [general] is silently lost.
 * Either refusing the file or merging the sections is correct; dropping is not. */
START_TEST(repeated_section_dropped)
{
	int rc = cfg_load("[general]\nlog_level = debug\n" PORT0
			  "[general]\nidle_sleep_us = 5\n", NULL, 0);

	if (rc == 0) {
		ck_assert_uint_eq(cfg.idle_sleep_us, 5);
		ck_assert_int_eq(cfg.log_level, 8 /* RTE_LOG_DEBUG */);
	} else {
		ck_assert_msg(strstr(err, "[general]") != NULL, "'%s'", err);
	}
}
END_TEST

/* A key given twice in one section: the last silently wins. In an operator's file
 * that is a copy-paste slip (which address did they mean?). */
START_TEST(repeated_key)
{
	EXPECT_ERR(PORT0 "address = 10.96.0.1/24\n", "[port0] address:", "twice");
}
END_TEST

/* rte_cfgfile skips a line with no '=' without a word, so "gateway 10.96.0.1" leaves
 * the port without a gateway and the load succeeds. */
START_TEST(line_without_equals)
{
	int rc = cfg_load(PORT0 "gateway 10.96.0.1\n", NULL, 0);

	ck_assert_msg(rc == -1, "accepted; gateway is %08x", cfg.ports[0].gateway);
	ck_assert_msg(strstr(err, "line 4") != NULL || strstr(err, "gateway") != NULL,
		      "'%s' does not point at the line", err);
}
END_TEST

/* rte_cfgfile truncates values to CFG_VALUE_LEN - 1 (255) characters, both when
 * loading and in rte_cfgfile_add_entry(), returning success: a long vdev spec is cut
 * and the MC_DEV_LEN check in mc_config_apply.c can never fire. */
START_TEST(long_value_truncated)
{
	char dev[301], ini[512], ov_text[320];
	const char *ov[] = { ov_text };

	memset(dev, 'a', sizeof(dev) - 1);
	dev[sizeof(dev) - 1] = '\0';
	memcpy(dev, "net_pcap0,rx_pcap=", 18);
	snprintf(ov_text, sizeof(ov_text), "port0.dev=%s", dev);
	EXPECT_ERR_OV(PORT0, ov, "--set 'port0.dev=", "too long");
	snprintf(ini, sizeof(ini), "[port0]\ndev = %s\naddress = 10.96.0.254/24\n", dev);
	ck_assert_msg(cfg_load(ini, NULL, 0) == -1, "accepted, dev cut to %zu characters",
		      strlen(cfg.ports[0].dev));
}
END_TEST

/* Network, broadcast, multicast and 0.0.0.0 are not addresses a port can own; the last
 * is even reported as "missing". */
START_TEST(address_not_a_host)
{
	static const char *const bad[] = { "10.96.0.0/24", "10.96.0.255/24", "224.0.0.5/24",
					   "0.0.0.0/8", "255.255.255.255/32" };
	char ini[256];

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(ini, sizeof(ini), "[port0]\ndev = x\naddress = %s\n", bad[i]);
		ck_assert_msg(cfg_load(ini, NULL, 0) == -1, "%s accepted", bad[i]);
		ck_assert_msg(strstr(err, "[port0] address:") != NULL &&
			      strstr(err, "missing") == NULL, "%s: '%s'", bad[i], err);
	}
}
END_TEST

/* A directory loads as an empty INI, so the operator hears "no [port*] section"
 * instead of "cannot read". */
START_TEST(directory_as_path)
{
	ck_assert_int_eq(mc_config_load(&cfg, "/", NULL, 0, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "cannot read '/'") != NULL, "'%s'", err);
}
END_TEST

/* Sections are checked only through their keys: an unknown section whose keys are all
 * commented out passes, though it is the same typo as one with keys. */
START_TEST(empty_unknown_section)
{
	EXPECT_ERR("[genral]\n; log_level = debug\n" PORT0, "[genral]", "unknown section");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config_strict");
	SRunner *sr;
	int failed;
	const struct {
		const char *name;
		const TTest *test;
	} cases[] = {
		{ "lcore_list_empty_field", lcore_list_empty_field },
		{ "gateway_outside_subnet", gateway_outside_subnet },
		{ "duplicate_address", duplicate_address },
		{ "overlapping_subnets", overlapping_subnets },
		{ "duplicate_dev", duplicate_dev },
		{ "repeated_section_dropped", repeated_section_dropped },
		{ "repeated_key", repeated_key },
		{ "line_without_equals", line_without_equals },
		{ "long_value_truncated", long_value_truncated },
		{ "address_not_a_host", address_not_a_host },
		{ "directory_as_path", directory_as_path },
		{ "empty_unknown_section", empty_unknown_section },
	};

	/* one TCase per bug, so CK_RUN_CASE can pick a single one */
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TCase *tc = cfg_tcase(cases[i].name);

		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
