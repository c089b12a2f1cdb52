/* mc_config_load on valid input: the built-in default, the example files in config/,
 * a file with every key, defaults for absent keys, boundary values and overrides. */
#include <rte_log.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_util.h"

#ifndef MC_CONFIG_DIR
#error "MC_CONFIG_DIR must name the source tree's config/ folder"
#endif

static void assert_port(unsigned i, const char *name, const char *dev, uint32_t ip,
			unsigned prefix, uint32_t gw)
{
	const struct mc_port_conf *p = &cfg.ports[i];

	ck_assert_uint_lt(i, cfg.n_ports);
	ck_assert_str_eq(p->name, name);
	ck_assert_str_eq(p->dev, dev);
	ck_assert_uint_eq(p->ip, ip);
	ck_assert_uint_eq(p->prefix_len, prefix);
	ck_assert_uint_eq(p->gateway, gw);
}

/* Everything but ports, against the values set_defaults documents. */
static void assert_defaults_except_ports(uint32_t idle_sleep_us)
{
	ck_assert_int_eq(cfg.log_level, RTE_LOG_INFO);
	ck_assert_uint_eq(cfg.idle_sleep_us, idle_sleep_us);
	ck_assert_uint_eq(cfg.control_lcore, 0);
	ck_assert_uint_eq(cfg.n_workers, 1);
	ck_assert_uint_eq(cfg.worker_lcores[0], 1);
	ck_assert_uint_eq(cfg.mbufs, 8192);
	ck_assert_uint_eq(cfg.mbuf_cache, 256);
	ck_assert_uint_eq(cfg.rx_desc, 1024);
	ck_assert_uint_eq(cfg.tx_desc, 1024);
	ck_assert_uint_eq(cfg.media_port_min, 30000);
	ck_assert_uint_eq(cfg.media_port_max, 39999);
}

static void assert_lab_default(void)
{
	assert_defaults_except_ports(100);
	ck_assert_uint_eq(cfg.n_ports, 2);
	assert_port(0, "port0", "net_tap0,iface=mcA", ip4(10, 96, 0, 254), 24, 0);
	assert_port(1, "port1", "net_tap1,iface=mcB", ip4(10, 97, 0, 254), 24, 0);
}

START_TEST(builtin_default)
{
	EXPECT_OK(NULL, NULL, 0);
	assert_lab_default();
	ck_assert_str_eq(err, "");
}
END_TEST

/* config/lab-tap.ini is documented as the built-in default; both must stay equal. */
START_TEST(example_lab_tap_is_the_default)
{
	ck_assert_msg(mc_config_load(&cfg, MC_CONFIG_DIR "/lab-tap.ini", NULL, 0, err,
				     sizeof(err)) == 0, "%s", err);
	assert_lab_default();
}
END_TEST

START_TEST(example_lab_afpacket)
{
	ck_assert_msg(mc_config_load(&cfg, MC_CONFIG_DIR "/lab-afpacket.ini", NULL, 0, err,
				     sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(cfg.log_level, RTE_LOG_NOTICE);
	ck_assert_uint_eq(cfg.idle_sleep_us, 200);
	ck_assert_uint_eq(cfg.rx_desc, 512);
	ck_assert_uint_eq(cfg.tx_desc, 512);
	ck_assert_uint_eq(cfg.media_port_min, 40000);
	ck_assert_uint_eq(cfg.media_port_max, 40999);
	ck_assert_uint_eq(cfg.n_ports, 2);
	assert_port(0, "port0", "net_af_packet0,iface=mcA", ip4(10, 96, 0, 254), 24, 0);
	assert_port(1, "port1", "net_af_packet1,iface=mcB", ip4(10, 97, 0, 254), 24, 0);
}
END_TEST

START_TEST(example_pcap_offline)
{
	ck_assert_msg(mc_config_load(&cfg, MC_CONFIG_DIR "/pcap-offline.ini", NULL, 0, err,
				     sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(cfg.idle_sleep_us, 0);
	ck_assert_uint_eq(cfg.mbufs, 4096);
	ck_assert_uint_eq(cfg.mbuf_cache, 128);
	ck_assert_uint_eq(cfg.n_ports, 2);
	assert_port(0, "port0", "net_pcap0,rx_pcap=in0.pcap,tx_pcap=out0.pcap",
		    ip4(10, 96, 0, 254), 24, 0);
	assert_port(1, "port1", "net_pcap1,rx_pcap=in1.pcap,tx_pcap=out1.pcap",
		    ip4(10, 97, 0, 254), 24, 0);
}
END_TEST

START_TEST(example_nic)
{
	ck_assert_msg(mc_config_load(&cfg, MC_CONFIG_DIR "/nic.ini", NULL, 0, err,
				     sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(cfg.log_level, RTE_LOG_NOTICE);
	ck_assert_uint_eq(cfg.idle_sleep_us, 0);
	ck_assert_uint_eq(cfg.control_lcore, 0);
	ck_assert_uint_eq(cfg.n_workers, 2);
	ck_assert_uint_eq(cfg.worker_lcores[0], 2);
	ck_assert_uint_eq(cfg.worker_lcores[1], 3);
	ck_assert_uint_eq(cfg.mbufs, 65536);
	ck_assert_uint_eq(cfg.mbuf_cache, 512);
	ck_assert_uint_eq(cfg.rx_desc, 2048);
	ck_assert_uint_eq(cfg.tx_desc, 2048);
	ck_assert_uint_eq(cfg.media_port_min, 20000);
	ck_assert_uint_eq(cfg.media_port_max, 39999);
	ck_assert_uint_eq(cfg.n_ports, 1);
	assert_port(0, "port0", "0000:03:00.0", ip4(192, 0, 2, 10), 24, ip4(192, 0, 2, 1));
}
END_TEST

/* Every key with a value other than its default, so a key that is parsed but not
 * stored (or stored in the wrong field) shows. */
START_TEST(full_file_every_key)
{
	EXPECT_OK("; a comment line\n"
		  "[general]\nlog_level = debug ; trailing comment\nidle_sleep_us = 250\n"
		  "[lcores]\ncontrol = 2\nworkers = 3-5,7\n"
		  "[mempool]\nmbufs = 65536\ncache = 512\nrx_desc = 2048\ntx_desc = 512\n"
		  "[media]\nport_min = 20000\nport_max = 20999\n"
		  "[port0]\ndev = 0000:03:00.0\naddress = 192.0.2.10/28\ngateway = 192.0.2.1\n"
		  "[port1]\ndev = net_af_packet0,iface=veth1\naddress = 198.51.100.7/31\n"
		  "[port2]\ndev = net_ring0\naddress = 203.0.113.9/32\n"
		  "gateway = 203.0.113.1\n", NULL, 0);
	ck_assert_int_eq(cfg.log_level, RTE_LOG_DEBUG);
	ck_assert_uint_eq(cfg.idle_sleep_us, 250);
	ck_assert_uint_eq(cfg.control_lcore, 2);
	ck_assert_uint_eq(cfg.n_workers, 4);
	ck_assert_uint_eq(cfg.worker_lcores[0], 3);
	ck_assert_uint_eq(cfg.worker_lcores[1], 4);
	ck_assert_uint_eq(cfg.worker_lcores[2], 5);
	ck_assert_uint_eq(cfg.worker_lcores[3], 7);
	ck_assert_uint_eq(cfg.mbufs, 65536);
	ck_assert_uint_eq(cfg.mbuf_cache, 512);
	ck_assert_uint_eq(cfg.rx_desc, 2048);
	ck_assert_uint_eq(cfg.tx_desc, 512);
	ck_assert_uint_eq(cfg.media_port_min, 20000);
	ck_assert_uint_eq(cfg.media_port_max, 20999);
	ck_assert_uint_eq(cfg.n_ports, 3);
	assert_port(0, "port0", "0000:03:00.0", ip4(192, 0, 2, 10), 28, ip4(192, 0, 2, 1));
	assert_port(1, "port1", "net_af_packet0,iface=veth1", ip4(198, 51, 100, 7), 31, 0);
	assert_port(2, "port2", "net_ring0", ip4(203, 0, 113, 9), 32, ip4(203, 0, 113, 1));
}
END_TEST

/* Only ports: every other field takes its default. idle_sleep_us defaults to 0 (busy
 * poll) here, unlike the built-in lab file, which asks for 100. */
START_TEST(only_ports_gives_defaults)
{
	EXPECT_OK(PORT0, NULL, 0);
	assert_defaults_except_ports(0);
	ck_assert_uint_eq(cfg.n_ports, 1);
	assert_port(0, "port0", "net_tap0,iface=mcA", ip4(10, 96, 0, 254), 24, 0);
}
END_TEST

/* Ports keep the order of their sections, whatever their names. */
START_TEST(port_order_and_names)
{
	EXPECT_OK("[port_b]\ndev = net_null1\naddress = 10.1.0.1/16\n"
		  "[port_a]\ndev = net_null0\naddress = 10.2.0.1/16\n"
		  "[port_name_of_31_characters_long]\ndev = net_null2\naddress = 11.3.0.1/8\n",
		  NULL, 0);
	ck_assert_uint_eq(cfg.n_ports, 3);
	assert_port(0, "port_b", "net_null1", ip4(10, 1, 0, 1), 16, 0);
	assert_port(1, "port_a", "net_null0", ip4(10, 2, 0, 1), 16, 0);
	assert_port(2, "port_name_of_31_characters_long", "net_null2", ip4(11, 3, 0, 1), 8, 0);
}
END_TEST

START_TEST(log_level_names)
{
	static const char *const names[] = { "emerg", "alert", "crit", "err",
					     "warning", "notice", "info", "debug" };
	static const int levels[] = { RTE_LOG_EMERG, RTE_LOG_ALERT, RTE_LOG_CRIT,
				      RTE_LOG_ERR, RTE_LOG_WARNING, RTE_LOG_NOTICE,
				      RTE_LOG_INFO, RTE_LOG_DEBUG };
	char ini[256];

	for (unsigned i = 0; i < 8; i++) {
		snprintf(ini, sizeof(ini), "[general]\nlog_level = %s\n" PORT0, names[i]);
		EXPECT_OK(ini, NULL, 0);
		ck_assert_int_eq(cfg.log_level, levels[i]);
	}
	EXPECT_OK("[general]\nlog_level = WARNING\n" PORT0, NULL, 0);
	ck_assert_int_eq(cfg.log_level, RTE_LOG_WARNING);
	EXPECT_OK("[general]\nlog_level = Debug\n" PORT0, NULL, 0);
	ck_assert_int_eq(cfg.log_level, RTE_LOG_DEBUG);
}
END_TEST

/* The min and max of every ranged key are accepted (the errors test min-1, max+1). */
START_TEST(range_limits_accepted)
{
	EXPECT_OK("[general]\nidle_sleep_us = 0\n[lcores]\ncontrol = 0\n"
		  "[mempool]\nmbufs = 1024\ncache = 0\nrx_desc = 64\ntx_desc = 64\n"
		  "[media]\nport_min = 1024\nport_max = 1027\n"
		  "[port0]\ndev = x\naddress = 10.0.0.1/1\n", NULL, 0);
	ck_assert_uint_eq(cfg.idle_sleep_us, 0);
	ck_assert_uint_eq(cfg.mbufs, 1024);
	ck_assert_uint_eq(cfg.mbuf_cache, 0);
	ck_assert_uint_eq(cfg.rx_desc, 64);
	ck_assert_uint_eq(cfg.tx_desc, 64);
	ck_assert_uint_eq(cfg.media_port_min, 1024);
	ck_assert_uint_eq(cfg.ports[0].prefix_len, 1);
	EXPECT_OK("[general]\nidle_sleep_us = 100000\n[lcores]\ncontrol = 1023\n"
		  "[mempool]\nmbufs = 16777216\ncache = 512\nrx_desc = 4096\ntx_desc = 4096\n"
		  "[media]\nport_min = 65532\nport_max = 65535\n"
		  "[port0]\ndev = x\naddress = 10.0.0.1/32\n", NULL, 0);
	ck_assert_uint_eq(cfg.idle_sleep_us, 100000);
	ck_assert_uint_eq(cfg.control_lcore, 1023);
	ck_assert_uint_eq(cfg.mbufs, 16777216);
	ck_assert_uint_eq(cfg.mbuf_cache, 512);
	ck_assert_uint_eq(cfg.rx_desc, 4096);
	ck_assert_uint_eq(cfg.tx_desc, 4096);
	ck_assert_uint_eq(cfg.media_port_max, 65535);
	ck_assert_uint_eq(cfg.ports[0].prefix_len, 32);
}
END_TEST

/* The cross-key checks accept their exact limits. */
START_TEST(cross_checks_at_limit)
{
	/* one worker may share the control lcore */
	EXPECT_OK("[lcores]\ncontrol = 1\nworkers = 1\n" PORT0, NULL, 0);
	ck_assert_uint_eq(cfg.worker_lcores[0], 1);
	ck_assert_uint_eq(cfg.control_lcore, 1);
	/* four ports per worker, exactly */
	EXPECT_OK("[lcores]\nworkers = 1-2\n[media]\nport_min = 30000\nport_max = 30007\n"
		  PORT0, NULL, 0);
	ck_assert_uint_eq(cfg.n_workers, 2);
	/* cache = mbufs / 4 */
	EXPECT_OK("[mempool]\nmbufs = 1024\ncache = 256\n" PORT0, NULL, 0);
	ck_assert_uint_eq(cfg.mbuf_cache, 256);
	/* MC_MAX_PORTS ports */
	EXPECT_OK(cfg_ports_ini(MC_MAX_PORTS), NULL, 0);
	ck_assert_uint_eq(cfg.n_ports, MC_MAX_PORTS);
	assert_port(MC_MAX_PORTS - 1, "port7", "net_null7", ip4(10, 107, 0, 1), 24, 0);
}
END_TEST

START_TEST(lcore_list_forms)
{
	static const struct {
		const char *text;
		unsigned n, ids[MC_MAX_WORKERS];
	} cases[] = {
		{ "1", 1, { 1 } },
		{ "1,2,5", 3, { 1, 2, 5 } },
		{ "1-3", 3, { 1, 2, 3 } },
		{ "2-2", 1, { 2 } },
		{ "5,1", 2, { 5, 1 } },
		{ "1, 2, 3", 3, { 1, 2, 3 } },
		{ "1-2,7-8,4", 5, { 1, 2, 7, 8, 4 } },
		{ "1-16", 16, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } },
		{ "1023", 1, { 1023 } },
	};
	char ini[256];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(ini, sizeof(ini), "[lcores]\nworkers = %s\n[media]\n"
			 "port_min = 10000\nport_max = 20000\n" PORT0, cases[i].text);
		EXPECT_OK(ini, NULL, 0);
		ck_assert_msg(cfg.n_workers == cases[i].n, "'%s': %u workers", cases[i].text,
			      cfg.n_workers);
		for (unsigned j = 0; j < cases[i].n; j++)
			ck_assert_uint_eq(cfg.worker_lcores[j], cases[i].ids[j]);
	}
}
END_TEST

/* An override replaces a key the file has. */
START_TEST(override_replaces_key)
{
	const char *ov[] = { "port0.address=10.96.1.1/16", "general.log_level=err" };

	EXPECT_OK("[general]\nlog_level = debug\n" PORT0, ov, 2);
	assert_port(0, "port0", "net_tap0,iface=mcA", ip4(10, 96, 1, 1), 16, 0);
	ck_assert_int_eq(cfg.log_level, RTE_LOG_ERR);
}
END_TEST

/* An override adds a key to a section the file has, and a section it lacks. */
START_TEST(override_adds_key_and_section)
{
	const char *ov[] = { "port0.gateway=10.96.0.1", "mempool.rx_desc=256",
			     "lcores.workers=2,3" };

	EXPECT_OK(PORT0, ov, 3);
	assert_port(0, "port0", "net_tap0,iface=mcA", ip4(10, 96, 0, 254), 24,
		    ip4(10, 96, 0, 1));
	ck_assert_uint_eq(cfg.rx_desc, 256);
	ck_assert_uint_eq(cfg.tx_desc, 1024);
	ck_assert_uint_eq(cfg.n_workers, 2);
	ck_assert_uint_eq(cfg.worker_lcores[0], 2);
	ck_assert_uint_eq(cfg.worker_lcores[1], 3);
}
END_TEST

/* --set port2.dev=... --set port2.address=... adds a third port to the default. */
START_TEST(override_adds_port)
{
	const char *ov[] = { "port2.dev=net_tap2,iface=mcC", "port2.address=10.98.0.254/24" };

	EXPECT_OK(NULL, ov, 2);
	ck_assert_uint_eq(cfg.n_ports, 3);
	assert_port(0, "port0", "net_tap0,iface=mcA", ip4(10, 96, 0, 254), 24, 0);
	assert_port(1, "port1", "net_tap1,iface=mcB", ip4(10, 97, 0, 254), 24, 0);
	assert_port(2, "port2", "net_tap2,iface=mcC", ip4(10, 98, 0, 254), 24, 0);
	ck_assert_uint_eq(cfg.idle_sleep_us, 100);
}
END_TEST

/* Overrides apply in order; a value keeps everything after the first '='. */
START_TEST(override_order_and_value_text)
{
	const char *ov[] = { "general.idle_sleep_us=7", "general.idle_sleep_us=9",
			     "port0.dev=net_pcap0,rx_pcap=a.pcap,tx_pcap=b.pcap" };

	EXPECT_OK(PORT0, ov, 3);
	ck_assert_uint_eq(cfg.idle_sleep_us, 9);
	ck_assert_str_eq(cfg.ports[0].dev, "net_pcap0,rx_pcap=a.pcap,tx_pcap=b.pcap");
}
END_TEST

/* A failed load followed by a good one: nothing of the first leaks into the second. */
START_TEST(reload_starts_from_defaults)
{
	EXPECT_ERR("[general]\nidle_sleep_us = 5\n[lcores]\nworkers = 2-4\n" PORT0 PORT1
		   "[media]\nport_min = 2000\nport_max = 2001\n",
		   "[media] port_max:", "too small");
	EXPECT_OK(PORT1, NULL, 0);
	assert_defaults_except_ports(0);
	ck_assert_uint_eq(cfg.n_ports, 1);
	assert_port(0, "port1", "net_tap1,iface=mcB", ip4(10, 97, 0, 254), 24, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config_valid");
	TCase *tc = cfg_tcase("valid");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, builtin_default);
	tcase_add_test(tc, example_lab_tap_is_the_default);
	tcase_add_test(tc, example_lab_afpacket);
	tcase_add_test(tc, example_pcap_offline);
	tcase_add_test(tc, example_nic);
	tcase_add_test(tc, full_file_every_key);
	tcase_add_test(tc, only_ports_gives_defaults);
	tcase_add_test(tc, port_order_and_names);
	tcase_add_test(tc, log_level_names);
	tcase_add_test(tc, range_limits_accepted);
	tcase_add_test(tc, cross_checks_at_limit);
	tcase_add_test(tc, lcore_list_forms);
	tcase_add_test(tc, override_replaces_key);
	tcase_add_test(tc, override_adds_key_and_section);
	tcase_add_test(tc, override_adds_port);
	tcase_add_test(tc, override_order_and_value_text);
	tcase_add_test(tc, reload_starts_from_defaults);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
