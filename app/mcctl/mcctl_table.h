/* SPDX-License-Identifier: BSD-3-Clause */
/* Aligned text tables for mcctl: one row per port, lcore, neighbour... */
#ifndef MCCTL_TABLE_H
#define MCCTL_TABLE_H

#include <stdio.h>

#define MCCTL_TABLE_MAX_COLS 16

/*
 * Column heads: a leading '>' right-aligns the column (numbers); a leading
 * '?' marks it optional: left out when empty in every row (e.g. EXTRA).
 */
struct mcctl_table {
	int ncols;
	const char *heads[MCCTL_TABLE_MAX_COLS];
	int nrows;
	int cap;
	char **cells; /* nrows * ncols strings, owned */
};

void mcctl_table_init(struct mcctl_table *t, const char *const *heads);
/* Adds a row of empty cells; returns its index or -1 (out of memory). */
int mcctl_table_row(struct mcctl_table *t);
void mcctl_table_set(struct mcctl_table *t, int row, int col, const char *s);
void mcctl_table_print(FILE *out, const struct mcctl_table *t);
void mcctl_table_free(struct mcctl_table *t);

#endif /* MCCTL_TABLE_H */
