/* SPDX-License-Identifier: BSD-3-Clause */
/* Human output of /mc/ports and /mc/neighbors. */
#include "mcctl_fmt.h"
#include "mcctl_rows.h"
#include "mcctl_util.h"

/* Identity and link first; the counters get their own table to stay narrow. */
static const struct mcctl_col port_cols[] = {
	{ "NAME", "name", MCCTL_COL_PLAIN },
	{ ">ID", "id", MCCTL_COL_PLAIN },
	{ "DRIVER", "driver", MCCTL_COL_PLAIN },
	{ "MAC", "mac", MCCTL_COL_PLAIN },
	{ "ADDRESSES", "addresses", MCCTL_COL_LIST },
	{ "GATEWAY", "gateway", MCCTL_COL_PLAIN },
	{ "LINK", "link", MCCTL_COL_LINK },
	{ "?", "rx_packets", MCCTL_COL_HIDDEN },
	{ "?", "rx_bytes", MCCTL_COL_HIDDEN },
	{ "?", "tx_packets", MCCTL_COL_HIDDEN },
	{ "?", "tx_bytes", MCCTL_COL_HIDDEN },
	{ "?", "rx_missed", MCCTL_COL_HIDDEN },
	{ "?", "rx_errors", MCCTL_COL_HIDDEN },
	{ "?", "tx_errors", MCCTL_COL_HIDDEN },
	{ "?", "rx_nombuf", MCCTL_COL_HIDDEN },
	{ "?EXTRA", NULL, MCCTL_COL_EXTRA },
	{ NULL, NULL, MCCTL_COL_PLAIN },
};

static const struct mcctl_col port_counter_cols[] = {
	{ "NAME", "name", MCCTL_COL_PLAIN },
	{ ">RX-PKTS", "rx_packets", MCCTL_COL_PLAIN },
	{ ">RX-BYTES", "rx_bytes", MCCTL_COL_PLAIN },
	{ ">TX-PKTS", "tx_packets", MCCTL_COL_PLAIN },
	{ ">TX-BYTES", "tx_bytes", MCCTL_COL_PLAIN },
	{ ">RX-MISSED", "rx_missed", MCCTL_COL_PLAIN },
	{ ">RX-ERR", "rx_errors", MCCTL_COL_PLAIN },
	{ ">TX-ERR", "tx_errors", MCCTL_COL_PLAIN },
	{ ">RX-NOMBUF", "rx_nombuf", MCCTL_COL_PLAIN },
	{ NULL, NULL, MCCTL_COL_PLAIN },
};

static const struct mcctl_col neigh_cols[] = {
	{ "PORT", "port", MCCTL_COL_PLAIN },
	{ "IP", "ip", MCCTL_COL_PLAIN },
	{ "MAC", "mac", MCCTL_COL_PLAIN },
	{ "STATE", "state", MCCTL_COL_PLAIN },
	{ ">AGE-MS", "age_ms", MCCTL_COL_PLAIN },
	{ ">PROBES", "probes", MCCTL_COL_PLAIN },
	{ "?EXTRA", NULL, MCCTL_COL_EXTRA },
	{ NULL, NULL, MCCTL_COL_PLAIN },
};

int
mcctl_fmt_ports(FILE *out, const json_t *reply)
{
	static const char *const known[] = { "ports", NULL };
	const json_t *ports = json_object_get(reply, "ports");

	if (!json_is_array(ports))
		return mcctl_fmt_generic(out, reply);
	if (json_array_size(ports) == 0)
		fprintf(out, "no ports\n");
	else {
		mcctl_rows_print(out, ports, port_cols);
		fputc('\n', out);
		mcctl_rows_print(out, ports, port_counter_cols);
	}
	mcctl_print_kv(out, reply, 0, known);
	return 0;
}

int
mcctl_fmt_neighbors(FILE *out, const json_t *reply)
{
	static const char *const known[] = { "neighbors", NULL };
	const json_t *n = json_object_get(reply, "neighbors");

	if (!json_is_array(n))
		return mcctl_fmt_generic(out, reply);
	if (json_array_size(n) == 0)
		fprintf(out, "no neighbours\n");
	else
		mcctl_rows_print(out, n, neigh_cols);
	mcctl_print_kv(out, reply, 0, known);
	return 0;
}
