/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "mcctl_rows.h"
#include "mcctl_table.h"
#include "mcctl_util.h"

void
mcctl_rows_keys(const struct mcctl_col *cols, const char **keys, int max)
{
	int i, n = 0;

	for (i = 0; cols[i].head != NULL && n < max - 1; i++)
		if (cols[i].key != NULL)
			keys[n++] = cols[i].key;
	keys[n] = NULL;
}

static const char *
link_str(const json_t *l, char *buf, size_t n)
{
	char speed[32], duplex[32];

	if (!json_is_object(l))
		return mcctl_str(l, buf, n);
	if (!json_is_true(json_object_get(l, "up"))) {
		snprintf(buf, n, "down");
		return buf;
	}
	mcctl_field(l, "speed_mbps", speed, sizeof(speed));
	mcctl_field(l, "duplex", duplex, sizeof(duplex));
	snprintf(buf, n, "up %sMb/s %s", speed, duplex);
	return buf;
}

static const char *
list_str(const json_t *a, char *buf, size_t n)
{
	size_t i, len = 0;
	char item[MCCTL_CELL];

	if (!json_is_array(a))
		return mcctl_str(a, buf, n);
	buf[0] = '\0';
	for (i = 0; i < json_array_size(a) && len + 1 < n; i++) {
		snprintf(buf + len, n - len, "%s%s", i ? "," : "",
			 mcctl_str(json_array_get(a, i), item, sizeof(item)));
		len = strlen(buf);
	}
	return json_array_size(a) ? buf : "-";
}

static const char *
render(const json_t *obj, const struct mcctl_col *col, const char **keys,
       char *buf, size_t n)
{
	const json_t *v = col->key ? json_object_get(obj, col->key) : NULL;

	/* an optional column stays empty, so it can vanish when nobody has it */
	if (v == NULL && col->key != NULL && strchr(col->head, '?') != NULL)
		return "";
	switch (col->kind) {
	case MCCTL_COL_PERCENT:
		if (json_is_number(v)) {
			snprintf(buf, n, "%.1f%%", json_number_value(v) * 100.0);
			return buf;
		}
		return mcctl_str(v, buf, n);
	case MCCTL_COL_LINK:
		return link_str(v, buf, n);
	case MCCTL_COL_LIST:
		return list_str(v, buf, n);
	case MCCTL_COL_DROPS:
		return v ? mcctl_drops(v, buf, n) : "-";
	case MCCTL_COL_EXTRA:
		return mcctl_extras(obj, keys, buf, n);
	case MCCTL_COL_HIDDEN:
		return "";
	case MCCTL_COL_PLAIN:
		break;
	}
	return mcctl_str(v, buf, n);
}

void
mcctl_rows_print(FILE *out, const json_t *array, const struct mcctl_col *cols)
{
	const char *heads[MCCTL_TABLE_MAX_COLS + 1];
	const char *keys[MCCTL_TABLE_MAX_COLS + 1];
	struct mcctl_table t;
	char buf[1024];
	size_t i;
	int c, r;

	for (c = 0; c < MCCTL_TABLE_MAX_COLS && cols[c].head != NULL; c++)
		heads[c] = cols[c].head;
	heads[c] = NULL;
	mcctl_rows_keys(cols, keys, MCCTL_TABLE_MAX_COLS + 1);
	mcctl_table_init(&t, heads);
	for (i = 0; i < json_array_size(array); i++) {
		const json_t *obj = json_array_get(array, i);

		r = mcctl_table_row(&t);
		for (c = 0; c < t.ncols && r >= 0; c++)
			mcctl_table_set(&t, r, c, json_is_object(obj) ?
					render(obj, &cols[c], keys, buf, sizeof(buf)) :
					(c == 0 ? mcctl_str(obj, buf, sizeof(buf)) : ""));
	}
	mcctl_table_print(out, &t);
	mcctl_table_free(&t);
}
