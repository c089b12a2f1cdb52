/* Read-only commands: version, ports, lcores, neighbors, stats. */
#include "mc_ctl.h"
#include "mc_request.h"
#include "mc_sm.h"

#include <arpa/inet.h>
#include <stdio.h>

#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_version.h>

#ifndef MC_VERSION
#define MC_VERSION "unknown"
#endif

static json_t *ip_json(uint32_t ip_be)
{
	char s[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &ip_be, s, sizeof(s));
	return json_string(s);
}

static json_t *mac_json(const struct rte_ether_addr *mac)
{
	char s[RTE_ETHER_ADDR_FMT_SIZE];

	rte_ether_format_addr(s, sizeof(s), mac);
	return json_string(s);
}

static json_t *cmd_version(json_t *params)
{
	(void)params;
	return json_pack("{s:s,s:s}", "version", MC_VERSION, "dpdk", rte_version());
}

static json_t *port_json(const struct mc_dp_port *p)
{
	struct rte_eth_stats st = { 0 };
	struct rte_eth_link link = { 0 };
	char addr[INET_ADDRSTRLEN + 4], ip[INET_ADDRSTRLEN];
	json_t *o;

	rte_eth_stats_get(p->ifa.port, &st);
	rte_eth_link_get_nowait(p->ifa.port, &link);
	inet_ntop(AF_INET, &p->ifa.ip, ip, sizeof(ip));
	snprintf(addr, sizeof(addr), "%s/%u", ip, p->ifa.prefix_len);
	o = json_pack("{s:s,s:i,s:s,s:o,s:[s],s:{s:b,s:I,s:s},s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
		      "name", p->name, "id", p->ifa.port, "driver", p->driver,
		      "mac", mac_json(&p->ifa.mac), "addresses", addr,
		      "link", "up", link.link_status, "speed_mbps", (json_int_t)link.link_speed,
		      "duplex", link.link_duplex ? "full" : "half",
		      "rx_packets", (json_int_t)st.ipackets, "rx_bytes", (json_int_t)st.ibytes,
		      "tx_packets", (json_int_t)st.opackets, "tx_bytes", (json_int_t)st.obytes,
		      "rx_missed", (json_int_t)st.imissed, "rx_errors", (json_int_t)st.ierrors,
		      "tx_errors", (json_int_t)st.oerrors, "rx_nombuf", (json_int_t)st.rx_nombuf);
	if (o && p->ifa.gateway)
		json_object_set_new(o, "gateway", ip_json(p->ifa.gateway));
	return o;
}

static json_t *cmd_ports(json_t *params)
{
	json_t *a = json_array();

	(void)params;
	for (unsigned i = 0; i < mc_dp.n_ports; i++)
		json_array_append_new(a, port_json(&mc_dp.ports[i]));
	return json_pack("{s:o}", "ports", a);
}

static json_t *drops_json(const uint64_t *drops)
{
	json_t *o = json_object();

	for (unsigned r = 0; r < MC_DROP_REASON_MAX; r++)
		json_object_set_new(o, mc_drop_reason_name(r), json_integer((json_int_t)drops[r]));
	return o;
}

static json_t *lcore_json(const char *role, unsigned lcore, int worker,
			  const struct mc_lcore_stats *s)
{
	json_t *o = json_pack("{s:i,s:s,s:f,s:I,s:I,s:I,s:I,s:o}", "lcore", lcore, "role", role,
			      "busy", mc_ctl.busy[lcore], "iterations", (json_int_t)s->iterations,
			      "rx_packets", (json_int_t)s->rx_packets,
			      "tx_packets", (json_int_t)s->tx_packets,
			      "exceptions", (json_int_t)s->exceptions, "drops", drops_json(s->drops));

	if (o && worker >= 0)
		json_object_set_new(o, "worker", json_integer(worker));
	return o;
}

static json_t *lcores_array(void)
{
	json_t *a = json_array();

	json_array_append_new(a, lcore_json("control", mc_ctl.lcore, -1, &mc_ctl.st));
	for (unsigned i = 0; i < mc_dp.n_workers; i++)
		json_array_append_new(a, lcore_json("worker", mc_dp.workers[i]->lcore, (int)i,
						    &mc_dp.workers[i]->st));
	return a;
}

static json_t *cmd_lcores(json_t *params)
{
	(void)params;
	return json_pack("{s:o}", "lcores", lcores_array());
}

static json_t *cmd_neighbors(json_t *params)
{
	json_t *a = json_array();
	uint64_t now = mc_ctl_now_ms();

	(void)params;
	for (unsigned i = 0; i < mc_neigh_count(&mc_ctl.neigh); i++) {
		const struct mc_neigh_entry *e = mc_neigh_at(&mc_ctl.neigh, i);
		int slot = mc_dp.port_slot[e->port];

		json_array_append_new(a, json_pack("{s:s,s:o,s:o,s:s,s:I,s:i}",
			"port", slot >= 0 ? mc_dp.ports[slot].name : "?", "ip", ip_json(e->ip),
			"mac", mac_json(&e->mac), "state", mc_neigh_state_name(e->state),
			"age_ms", (json_int_t)(now - e->updated_ms), "probes", e->probes));
	}
	return json_pack("{s:o}", "neighbors", a);
}

/* Per-leg drops (wrong source, payload type...), of live and ended sessions. */
static json_t *leg_drops_json(void)
{
	uint64_t drops[MC_LEG_DROP_MAX];
	json_t *o = json_object();

	mc_sm_leg_drops(mc_ctl.sm, drops);
	for (unsigned r = 0; r < MC_LEG_DROP_MAX; r++)
		json_object_set_new(o, mc_leg_drop_name(r), json_integer((json_int_t)drops[r]));
	return o;
}

static json_t *cmd_stats(json_t *params)
{
	uint64_t drops[MC_DROP_REASON_MAX] = { 0 }, rx = 0, tx = 0;

	(void)params;
	for (unsigned r = 0; r < MC_DROP_REASON_MAX; r++)
		drops[r] = mc_ctl.st.drops[r];
	tx = mc_ctl.st.tx_packets;
	for (unsigned i = 0; i < mc_dp.n_workers; i++) {
		const struct mc_lcore_stats *s = &mc_dp.workers[i]->st;

		rx += s->rx_packets;
		tx += s->tx_packets;
		for (unsigned r = 0; r < MC_DROP_REASON_MAX; r++)
			drops[r] += s->drops[r];
	}
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:o}",
			 "sessions", (json_int_t)mc_sm_count(mc_ctl.sm),
			 "sessions_created", (json_int_t)mc_ctl.sm->created,
			 "sessions_destroyed", (json_int_t)mc_ctl.sm->destroyed,
			 "rx_packets", (json_int_t)rx, "tx_packets", (json_int_t)tx,
			 "drops", drops_json(drops), "leg_drops", leg_drops_json(),
			 "lcores", lcores_array());
}

const struct mc_cmd mc_cmds_info[] = {
	{ "/mc/version", cmd_version, "media-core and DPDK versions" },
	{ "/mc/ports", cmd_ports, "ports: driver, MAC, addresses, link, counters" },
	{ "/mc/lcores", cmd_lcores, "lcores: role, busy share, counters" },
	{ "/mc/neighbors", cmd_neighbors, "IPv4 neighbour table" },
	{ "/mc/stats", cmd_stats, "engine counters, drops by reason, per lcore" },
};
const unsigned mc_cmds_info_n = sizeof(mc_cmds_info) / sizeof(mc_cmds_info[0]);
