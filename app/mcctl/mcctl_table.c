/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "mcctl_table.h"

void
mcctl_table_init(struct mcctl_table *t, const char *const *heads)
{
	memset(t, 0, sizeof(*t));
	while (t->ncols < MCCTL_TABLE_MAX_COLS && heads[t->ncols] != NULL) {
		t->heads[t->ncols] = heads[t->ncols];
		t->ncols++;
	}
}

int
mcctl_table_row(struct mcctl_table *t)
{
	char **cells;
	int cap;

	if (t->nrows == t->cap) {
		cap = t->cap ? t->cap * 2 : 8;
		cells = realloc(t->cells, sizeof(char *) * (size_t)cap * (size_t)t->ncols);
		if (cells == NULL)
			return -1;
		t->cells = cells;
		t->cap = cap;
	}
	memset(&t->cells[t->nrows * t->ncols], 0, sizeof(char *) * (size_t)t->ncols);
	return t->nrows++;
}

void
mcctl_table_set(struct mcctl_table *t, int row, int col, const char *s)
{
	char **cell;

	if (row < 0 || row >= t->nrows || col < 0 || col >= t->ncols)
		return;
	cell = &t->cells[row * t->ncols + col];
	free(*cell);
	*cell = strdup(s ? s : "");
}

static const char *
cell(const struct mcctl_table *t, int row, int col)
{
	const char *s = t->cells[row * t->ncols + col];

	return s ? s : "";
}

/* Head text without its alignment/optional markers. */
static const char *
head(const struct mcctl_table *t, int col)
{
	const char *h = t->heads[col];

	while (*h == '>' || *h == '?')
		h++;
	return h;
}

static int
shown(const struct mcctl_table *t, int col, size_t *width)
{
	int r, any = 0;
	size_t w = strlen(head(t, col));

	for (r = 0; r < t->nrows; r++) {
		size_t l = strlen(cell(t, r, col));

		any |= l > 0;
		if (l > w)
			w = l;
	}
	*width = w;
	return any || strchr(t->heads[col], '?') == NULL;
}

/* Padding is held back until text follows, so lines never end in blanks. */
static void
print_line(FILE *out, const struct mcctl_table *t, const size_t *w,
	   const int *show, int row)
{
	size_t pending = 0, len;
	int c, first = 1;

	for (c = 0; c < t->ncols; c++) {
		const char *s = row < 0 ? head(t, c) : cell(t, row, c);
		int right = strchr(t->heads[c], '>') != NULL;

		if (!show[c])
			continue;
		pending += first ? 0 : 2;
		first = 0;
		len = strlen(s);
		if (right)
			pending += w[c] - len;
		if (len > 0) {
			fprintf(out, "%*s%s", (int)pending, "", s);
			pending = 0;
		}
		if (!right)
			pending += w[c] - len;
	}
	fputc('\n', out);
}

void
mcctl_table_print(FILE *out, const struct mcctl_table *t)
{
	size_t w[MCCTL_TABLE_MAX_COLS];
	int show[MCCTL_TABLE_MAX_COLS], c, r;

	for (c = 0; c < t->ncols; c++)
		show[c] = shown(t, c, &w[c]);
	print_line(out, t, w, show, -1);
	for (r = 0; r < t->nrows; r++)
		print_line(out, t, w, show, r);
}

void
mcctl_table_free(struct mcctl_table *t)
{
	int i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}
