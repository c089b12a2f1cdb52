/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mcctl_cmds.h"

int
mcctl_arg_uint(const char *what, const char *s, json_int_t *v)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(s, &end, 10);
	if (s[0] == '\0' || *end != '\0' || errno != 0 || x < 0) {
		fprintf(stderr, "mcctl: %s: not a non-negative integer: '%s'\n", what, s);
		return -1;
	}
	*v = (json_int_t)x;
	return 0;
}

json_t *
mcctl_arg_object(const char *what, const char *text)
{
	json_error_t e;
	json_t *o;

	if (text[0] == '@' && strcmp(text, "@-") == 0)
		o = json_loadf(stdin, 0, &e);
	else if (text[0] == '@')
		o = json_load_file(text + 1, 0, &e);
	else
		o = json_loads(text, 0, &e);
	if (o == NULL) {
		fprintf(stderr, "mcctl: %s: invalid JSON (line %d, column %d): %s\n",
			what, e.line, e.column, e.text);
		return NULL;
	}
	if (!json_is_object(o)) {
		fprintf(stderr, "mcctl: %s: must be a JSON object {...}\n", what);
		json_decref(o);
		return NULL;
	}
	return o;
}

int
mcctl_arg_opt(int argc, char **argv, int *i, const char *name,
	      const char **value)
{
	size_t len = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, len) != 0)
		return 0;
	if (a[len] == '=') {
		*value = a + len + 1;
		return 1;
	}
	if (a[len] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "mcctl: %s needs a value\n", name);
		return -1;
	}
	*value = argv[++*i];
	return 1;
}
