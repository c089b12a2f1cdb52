/* SPDX-License-Identifier: BSD-3-Clause */
/* Human output of /mc/version, /mc/lcores, /mc/stats, /mc/caps, /mc/events. */
#include "mcctl_fmt.h"
#include "mcctl_rows.h"
#include "mcctl_util.h"

static const struct mcctl_col lcore_cols[] = {
	{ ">LCORE", "lcore", MCCTL_COL_PLAIN },
	{ "ROLE", "role", MCCTL_COL_PLAIN },
	{ ">WORKER", "worker", MCCTL_COL_PLAIN },
	{ ">BUSY", "busy", MCCTL_COL_PERCENT },
	{ ">ITERATIONS", "iterations", MCCTL_COL_PLAIN },
	{ ">RX-PKTS", "rx_packets", MCCTL_COL_PLAIN },
	{ ">TX-PKTS", "tx_packets", MCCTL_COL_PLAIN },
	{ "?DROPS", "drops", MCCTL_COL_DROPS },
	{ "?EXTRA", NULL, MCCTL_COL_EXTRA },
	{ NULL, NULL, MCCTL_COL_PLAIN },
};

static const struct mcctl_col stats_lcore_cols[] = {
	{ ">LCORE", "lcore", MCCTL_COL_PLAIN },
	{ "?ROLE", "role", MCCTL_COL_PLAIN },
	{ "?>BUSY", "busy", MCCTL_COL_PERCENT },
	{ ">RX-PKTS", "rx_packets", MCCTL_COL_PLAIN },
	{ ">TX-PKTS", "tx_packets", MCCTL_COL_PLAIN },
	{ "DROPS", "drops", MCCTL_COL_DROPS },
	{ "?EXTRA", NULL, MCCTL_COL_EXTRA },
	{ NULL, NULL, MCCTL_COL_PLAIN },
};

static const struct mcctl_col codec_cols[] = {
	{ ">PT", "pt", MCCTL_COL_PLAIN },
	{ "NAME", "name", MCCTL_COL_PLAIN },
	{ ">RATE", "rate", MCCTL_COL_PLAIN },
	{ ">CH", "channels", MCCTL_COL_PLAIN },
	{ "?FMTP", "fmtp", MCCTL_COL_PLAIN },
	{ "?EXTRA", NULL, MCCTL_COL_EXTRA },
	{ NULL, NULL, MCCTL_COL_PLAIN },
};

static const struct mcctl_col event_cols[] = {
	{ ">SEQ", "seq", MCCTL_COL_PLAIN },
	{ "TYPE", "type", MCCTL_COL_PLAIN },
	{ "ID", "id", MCCTL_COL_PLAIN },
	{ "LEG", "leg", MCCTL_COL_PLAIN },
	{ "?DETAILS", NULL, MCCTL_COL_EXTRA },
	{ NULL, NULL, MCCTL_COL_PLAIN },
};

int
mcctl_fmt_version(FILE *out, const json_t *reply)
{
	static const char *const known[] = { "version", "dpdk", NULL };
	char v[MCCTL_CELL], d[MCCTL_CELL];

	if (!json_is_object(reply))
		return mcctl_fmt_generic(out, reply);
	fprintf(out, "media-core %s (%s)\n", mcctl_field(reply, "version", v, sizeof(v)),
		mcctl_field(reply, "dpdk", d, sizeof(d)));
	mcctl_print_kv(out, reply, 0, known);
	return 0;
}

/* The array under key as a table, the other fields as key: value. */
static int
array_reply(FILE *out, const json_t *reply, const char *key,
	    const struct mcctl_col *cols, const char *empty)
{
	const char *known[] = { key, NULL };
	const json_t *a = json_object_get(reply, key);

	if (!json_is_array(a))
		return mcctl_fmt_generic(out, reply);
	mcctl_print_kv(out, reply, 0, known);
	if (json_array_size(a) == 0)
		fprintf(out, "%s\n", empty);
	else
		mcctl_rows_print(out, a, cols);
	return 0;
}

int
mcctl_fmt_lcores(FILE *out, const json_t *reply)
{
	return array_reply(out, reply, "lcores", lcore_cols, "no lcores");
}

int
mcctl_fmt_events(FILE *out, const json_t *reply)
{
	return array_reply(out, reply, "events", event_cols, "no events");
}

int
mcctl_fmt_stats(FILE *out, const json_t *reply)
{
	static const char *const known[] = { "lcores", NULL };
	const json_t *lc = json_object_get(reply, "lcores");
	int table = json_is_array(lc) && json_array_size(lc) > 0;

	if (!json_is_object(reply))
		return mcctl_fmt_generic(out, reply);
	mcctl_print_kv(out, reply, 0, table ? known : NULL);
	if (table) {
		fputc('\n', out);
		mcctl_rows_print(out, lc, stats_lcore_cols);
	}
	return 0;
}

int
mcctl_fmt_caps(FILE *out, const json_t *reply)
{
	static const char *const known[] = { "codecs", "features", NULL };
	const json_t *codecs = json_object_get(reply, "codecs");
	const json_t *f = json_object_get(reply, "features");
	size_t i;

	if (!json_is_array(codecs))
		return mcctl_fmt_generic(out, reply);
	mcctl_rows_print(out, codecs, codec_cols);
	if (json_is_array(f)) {
		fprintf(out, "\nfeatures:");
		for (i = 0; i < json_array_size(f); i++) {
			char b[MCCTL_CELL];

			fprintf(out, " %s", mcctl_str(json_array_get(f, i), b, sizeof(b)));
		}
		fputc('\n', out);
	}
	mcctl_print_kv(out, reply, 0, known);
	return 0;
}
