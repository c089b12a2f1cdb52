/* SPDX-License-Identifier: BSD-3-Clause */
/* Declarative tables: an array of JSON objects printed as one row each. */
#ifndef MCCTL_ROWS_H
#define MCCTL_ROWS_H

#include <stdio.h>
#include <jansson.h>

enum mcctl_col_kind {
	MCCTL_COL_PLAIN,
	MCCTL_COL_PERCENT, /* 0.013 -> 1.3% */
	MCCTL_COL_LINK,    /* {"up","speed_mbps","duplex"} -> up 10000Mb/s full */
	MCCTL_COL_LIST,    /* ["a","b"] -> a,b */
	MCCTL_COL_DROPS,   /* non-zero reasons only */
	MCCTL_COL_EXTRA,   /* every field no column of the table names */
	MCCTL_COL_HIDDEN,  /* never shown (head "?"): keeps key out of EXTRA */
};

struct mcctl_col {
	const char *head; /* with mcctl_table markers ('>' right, '?' optional) */
	const char *key;
	enum mcctl_col_kind kind;
};

/* cols ends with a { NULL } entry; at most MCCTL_TABLE_MAX_COLS columns. */
void mcctl_rows_print(FILE *out, const json_t *array,
		      const struct mcctl_col *cols);

/* Keys of the columns, for mcctl_extras (buf holds at least ncols + 1). */
void mcctl_rows_keys(const struct mcctl_col *cols, const char **keys, int max);

#endif /* MCCTL_ROWS_H */
