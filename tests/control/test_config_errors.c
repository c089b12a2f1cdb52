/* mc_config_load on every kind of mistake: rc -1, and a message that names the section
 * and key ("[port0] address:") and says why. Nothing here needs EAL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_util.h"

START_TEST(unknown_section)
{
	EXPECT_ERR("[genral]\nlog_level = info\n" PORT0, "[genral]", "unknown section");
	EXPECT_ERR(PORT0 "[Media]\nport_min = 30000\n", "[Media]", "unknown section");
}
END_TEST

START_TEST(unknown_key_each_section)
{
	EXPECT_ERR("[general]\nloglevel = info\n" PORT0, "[general] loglevel:", "unknown key");
	EXPECT_ERR("[lcores]\nworker = 1\n" PORT0, "[lcores] worker:", "unknown key");
	EXPECT_ERR("[mempool]\nmbuf = 8192\n" PORT0, "[mempool] mbuf:", "unknown key");
	EXPECT_ERR("[media]\nport_mn = 30000\n" PORT0, "[media] port_mn:", "unknown key");
	EXPECT_ERR(PORT0 "mac = 02:00:00:00:00:01\n", "[port0] mac:", "unknown key");
	EXPECT_ERR(PORT0 "Dev = x\n", "[port0] Dev:", "unknown key");
}
END_TEST

START_TEST(bad_number)
{
	static const char *const bad[] = { "abc", "12x", "-1", "+5", "0x10", "1.5", "1e3",
					   "99999999999999999999999" };
	char ini[256], reason[64];

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(ini, sizeof(ini), "[general]\nidle_sleep_us = %s\n" PORT0, bad[i]);
		snprintf(reason, sizeof(reason), "'%s' is not a number", bad[i]);
		EXPECT_ERR(ini, "[general] idle_sleep_us:", reason);
	}
	EXPECT_ERR("[mempool]\nmbufs = 8k\n" PORT0, "[mempool] mbufs:", "is not a number");
	EXPECT_ERR("[lcores]\ncontrol = zero\n" PORT0, "[lcores] control:", "is not a number");
	EXPECT_ERR("[media]\nport_max = 4e4\n" PORT0, "[media] port_max:", "is not a number");
}
END_TEST

/* min-1 and max+1 of every ranged key (a key whose min is 0 has no min-1 number). */
START_TEST(number_out_of_range)
{
	static const struct {
		const char *sec, *key, *val, *range;
	} cases[] = {
		{ "general", "idle_sleep_us", "100001", "out of range 0..100000" },
		{ "lcores", "control", "1024", "out of range 0..1023" },
		{ "mempool", "mbufs", "1023", "out of range 1024..16777216" },
		{ "mempool", "mbufs", "16777217", "out of range 1024..16777216" },
		{ "mempool", "cache", "513", "out of range 0..512" },
		{ "mempool", "rx_desc", "63", "out of range 64..4096" },
		{ "mempool", "rx_desc", "4097", "out of range 64..4096" },
		{ "mempool", "tx_desc", "63", "out of range 64..4096" },
		{ "mempool", "tx_desc", "4097", "out of range 64..4096" },
		{ "media", "port_min", "1023", "out of range 1024..65535" },
		{ "media", "port_min", "65536", "out of range 1024..65535" },
		{ "media", "port_max", "1023", "out of range 1024..65535" },
		{ "media", "port_max", "65536", "out of range 1024..65535" },
	};
	char ini[256], where[64];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(ini, sizeof(ini), "[%s]\n%s = %s\n" PORT0, cases[i].sec, cases[i].key,
			 cases[i].val);
		snprintf(where, sizeof(where), "[%s] %s:", cases[i].sec, cases[i].key);
		EXPECT_ERR(ini, where, cases[i].range);
		ck_assert_msg(strstr(err, cases[i].val) != NULL, "'%s' lacks the value", err);
	}
	/* the lcore list has the same limit as control */
	EXPECT_ERR("[lcores]\nworkers = 1024\n" PORT0, "[lcores] workers:",
		   "out of range 0..1023");
}
END_TEST

START_TEST(bad_address)
{
	static const struct {
		const char *val, *reason;
	} cases[] = {
		{ "10.96.0.300/24", "'10.96.0.300' is not an IPv4 address" },
		{ "10.96.0.1", "'10.96.0.1' needs a prefix length" },
		{ "10.96.0.1/0", "prefix length must be 1..32" },
		{ "10.96.0.1/33", "prefix length must be 1..32" },
		{ "10.96.0.1/", "prefix length must be 1..32" },
		{ "10.96.0.1/24x", "prefix length must be 1..32" },
		{ "10.96.0.1/24/8", "prefix length must be 1..32" },
		{ "garbage", "needs a prefix length" },
		{ "garbage/24", "'garbage' is not an IPv4 address" },
		{ "10.96.0/24", "is not an IPv4 address" },
		{ "/24", "is not an IPv4 address" },
		{ "::1/128", "is not an IPv4 address" },
	};
	char ini[256];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(ini, sizeof(ini), "[port0]\ndev = x\naddress = %s\n", cases[i].val);
		EXPECT_ERR(ini, "[port0] address:", cases[i].reason);
	}
}
END_TEST

START_TEST(bad_gateway)
{
	EXPECT_ERR(PORT0 "gateway = 10.96.0.300\n", "[port0] gateway:",
		   "'10.96.0.300' is not an IPv4 address");
	EXPECT_ERR(PORT0 "gateway = router\n", "[port0] gateway:", "is not an IPv4 address");
	EXPECT_ERR(PORT0 "gateway = 10.96.0.1/24\n", "[port0] gateway:",
		   "is not an IPv4 address");
}
END_TEST

START_TEST(bad_log_level)
{
	EXPECT_ERR("[general]\nlog_level = verbose\n" PORT0, "[general] log_level:",
		   "'verbose' is not one of emerg alert crit err warning notice info debug");
	EXPECT_ERR("[general]\nlog_level = 7\n" PORT0, "[general] log_level:", "is not one of");
	EXPECT_ERR("[general]\nlog_level = error\n" PORT0, "[general] log_level:",
		   "is not one of");
}
END_TEST

START_TEST(bad_lcore_list)
{
	/* rte_cfgfile refuses an empty value in a file, so the empty list comes from --set */
	const char *empty[] = { "lcores.workers=" };

	EXPECT_ERR_OV(PORT0, empty, "[lcores] workers:", "is not a list of lcore ids");
	EXPECT_ERR("[lcores]\nworkers = 1,2,1\n" PORT0, "[lcores] workers:",
		   "lcore 1 listed twice");
	EXPECT_ERR("[lcores]\nworkers = 1-3,2\n" PORT0, "[lcores] workers:",
		   "lcore 2 listed twice");
	EXPECT_ERR("[lcores]\nworkers = 3-1\n" PORT0, "[lcores] workers:", "out of range 3..");
	EXPECT_ERR("[lcores]\nworkers = 1-17\n" PORT0, "[lcores] workers:",
		   "more than 16 lcores");
	EXPECT_ERR("[lcores]\nworkers = 0-1023\n" PORT0, "[lcores] workers:",
		   "more than 16 lcores");
	EXPECT_ERR("[lcores]\nworkers = 1-\n" PORT0, "[lcores] workers:", "is not a number");
	EXPECT_ERR("[lcores]\nworkers = -1\n" PORT0, "[lcores] workers:", "is not a number");
	EXPECT_ERR("[lcores]\nworkers = 1-2-3\n" PORT0, "[lcores] workers:", "is not a number");
	EXPECT_ERR("[lcores]\nworkers = one\n" PORT0, "[lcores] workers:", "is not a number");
	EXPECT_ERR("[lcores]\nworkers = 1 2\n" PORT0, "[lcores] workers:", "is not a number");
}
END_TEST

START_TEST(port_without_dev)
{
	const char *empty_dev[] = { "port0.dev=" };

	EXPECT_ERR("[port0]\naddress = 10.96.0.254/24\n", "[port0] dev:", "missing");
	EXPECT_ERR(PORT0 "[port1]\naddress = 10.97.0.254/24\ngateway = 10.97.0.1\n",
		   "[port1] dev:", "missing");
	EXPECT_ERR_OV(PORT0, empty_dev, "[port0] dev:", "must be a PCI address or a vdev spec");
}
END_TEST

START_TEST(port_without_address)
{
	EXPECT_ERR("[port0]\ndev = net_tap0\n", "[port0] address:", "missing");
	EXPECT_ERR(PORT0 "[port1]\ndev = net_tap1\ngateway = 10.97.0.1\n",
		   "[port1] address:", "missing");
}
END_TEST

START_TEST(no_port_at_all)
{
	const char *general_ov[] = { "general.log_level=info" };

	EXPECT_ERR("[general]\nlog_level = info\n", "no [port*] section", "needs a port");
	EXPECT_ERR("", "no [port*] section", "needs a port");
	EXPECT_ERR("; only a comment\n", "no [port*] section", "needs a port");
	EXPECT_ERR_OV("[media]\nport_min = 30000\n", general_ov, "no [port*] section",
		      "needs a port");
}
END_TEST

START_TEST(control_lcore_among_workers)
{
	EXPECT_ERR("[lcores]\ncontrol = 1\nworkers = 1,2\n" PORT0, "[lcores] workers:",
		   "lcore 1 is the control lcore");
	EXPECT_ERR("[lcores]\nworkers = 0-3\n" PORT0, "[lcores] workers:",
		   "lcore 0 is the control lcore");
	EXPECT_ERR("[lcores]\ncontrol = 3\nworkers = 1-3\n" PORT0, "[lcores] workers:",
		   "only a single worker may share it");
}
END_TEST

START_TEST(media_range_too_small)
{
	EXPECT_ERR("[media]\nport_min = 30000\nport_max = 30002\n" PORT0, "[media] port_max:",
		   "range 30000..30002 too small for 1 workers");
	EXPECT_ERR("[lcores]\nworkers = 1-4\n[media]\nport_min = 30000\nport_max = 30014\n"
		   PORT0, "[media] port_max:", "too small for 4 workers");
	/* min above max */
	EXPECT_ERR("[media]\nport_min = 40000\nport_max = 30000\n" PORT0, "[media] port_max:",
		   "range 40000..30000 too small");
	/* the default max with a min moved above it */
	EXPECT_ERR("[media]\nport_min = 50000\n" PORT0, "[media] port_max:", "too small");
}
END_TEST

START_TEST(cache_over_quarter_of_mbufs)
{
	EXPECT_ERR("[mempool]\nmbufs = 1024\ncache = 257\n" PORT0, "[mempool] cache:",
		   "257 larger than mbufs/4");
	/* the default cache (256) against a smaller pool */
	EXPECT_ERR("[mempool]\nmbufs = 1020\n" PORT0, "[mempool] mbufs:", "out of range");
	EXPECT_ERR("[mempool]\nmbufs = 1023\ncache = 0\n" PORT0, "[mempool] mbufs:",
		   "out of range");
	EXPECT_ERR("[mempool]\nmbufs = 2000\ncache = 512\n" PORT0, "[mempool] cache:",
		   "larger than mbufs/4");
}
END_TEST

START_TEST(malformed_override)
{
	static const char *const bad[] = { "port0dev=x", "port0.dev", "port0.=x", ".dev=x",
					   "dev=port0.x", "=", "" };
	char quoted[64];

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *ov[] = { bad[i] };

		snprintf(quoted, sizeof(quoted), "--set '%s'", bad[i]);
		EXPECT_ERR_OV(PORT0, ov, quoted, "expected section.key=value");
	}
}
END_TEST

/* A good override before a bad one does not hide the error, and the bad key named in
 * an override is reported like one from the file. */
START_TEST(override_with_bad_value)
{
	const char *ov[] = { "general.log_level=debug", "port0.address=10.96.0.300/24" };
	const char *unknown[] = { "general.colour=blue" };

	EXPECT_ERR_OV(PORT0, ov, "config: [port0] address:",
		      "'10.96.0.300' is not an IPv4 address");
	EXPECT_ERR_OV(PORT0, unknown, "[general] colour:", "unknown key");
}
END_TEST

START_TEST(unreadable_file)
{
	ck_assert_int_eq(mc_config_load(&cfg, "/nonexistent/mc.ini", NULL, 0, err,
					sizeof(err)), -1);
	ck_assert_str_eq(err, "config: cannot read '/nonexistent/mc.ini' "
			 "(missing, unreadable or not a regular file)");
	/* not INI: a key before any section, an empty value, an unterminated section */
	EXPECT_ERR("log_level = info\n" PORT0, "config: line 1:", "inside a [section]");
	EXPECT_ERR(PORT0 "gateway =\n", "config: [port0] gateway:", "empty value");
	EXPECT_ERR("[port0\ndev = x\n", "config: line 1:", "expected [section]");
}
END_TEST

START_TEST(too_many_ports)
{
	char ini[4096];
	const char *ov[] = { "port8.dev=net_null8" };

	snprintf(ini, sizeof(ini), "%s", cfg_ports_ini(MC_MAX_PORTS + 1));
	EXPECT_ERR(ini, "[port8] dev:", "more than 8 ports");
	/* and through an override on a full file */
	snprintf(ini, sizeof(ini), "%s", cfg_ports_ini(MC_MAX_PORTS));
	EXPECT_ERR_OV(ini, ov, "[port8] dev:", "more than 8 ports");
}
END_TEST

START_TEST(port_name_too_long)
{
	EXPECT_ERR("[port_name_of_32_characters_long_]\ndev = x\naddress = 10.0.0.1/8\n",
		   "[port_name_of_32_characters_long_] dev:", "port name longer than 31");
}
END_TEST

/* walk() reads at most 64 entries per section; more must not be dropped silently. */
START_TEST(too_many_entries_in_section)
{
	char ini[4096];
	size_t len = (size_t)snprintf(ini, sizeof(ini), "%s", PORT0);

	for (unsigned i = 0; i < 64; i++)
		len += (size_t)snprintf(ini + len, sizeof(ini) - len, "key%u = %u\n", i, i);
	ck_assert_uint_lt(len, sizeof(ini));
	EXPECT_ERR(ini, "config: [port0]:", "too many entries");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config_errors");
	TCase *tc = cfg_tcase("errors");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, unknown_section);
	tcase_add_test(tc, unknown_key_each_section);
	tcase_add_test(tc, bad_number);
	tcase_add_test(tc, number_out_of_range);
	tcase_add_test(tc, bad_address);
	tcase_add_test(tc, bad_gateway);
	tcase_add_test(tc, bad_log_level);
	tcase_add_test(tc, bad_lcore_list);
	tcase_add_test(tc, port_without_dev);
	tcase_add_test(tc, port_without_address);
	tcase_add_test(tc, no_port_at_all);
	tcase_add_test(tc, control_lcore_among_workers);
	tcase_add_test(tc, media_range_too_small);
	tcase_add_test(tc, cache_over_quarter_of_mbufs);
	tcase_add_test(tc, malformed_override);
	tcase_add_test(tc, override_with_bad_value);
	tcase_add_test(tc, unreadable_file);
	tcase_add_test(tc, too_many_ports);
	tcase_add_test(tc, port_name_too_long);
	tcase_add_test(tc, too_many_entries_in_section);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
