/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "mcctl_util.h"

const char *
mcctl_str(const json_t *v, char *buf, size_t n)
{
	size_t len;

	if (v == NULL || json_is_null(v))
		snprintf(buf, n, "-");
	else if (json_is_string(v))
		snprintf(buf, n, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, n, "%g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, n, "%s", json_is_true(v) ? "true" : "false");
	else {
		len = json_dumpb(v, buf, n - 1, JSON_COMPACT);
		if (len == 0 || len >= n - 1)
			snprintf(buf, n, "%s", json_is_array(v) ? "[...]" : "{...}");
		else
			buf[len] = '\0';
	}
	return buf;
}

const char *
mcctl_field(const json_t *obj, const char *key, char *buf, size_t n)
{
	return mcctl_str(json_object_get(obj, key), buf, n);
}

int
mcctl_known(const char *key, const char *const *known)
{
	for (; known != NULL && *known != NULL; known++)
		if (strcmp(key, *known) == 0)
			return 1;
	return 0;
}

/* Appends to buf without overflowing; the result is cut, never unterminated. */
static void
append(char *buf, size_t n, const char *sep, const char *a, const char *b,
       const char *c)
{
	size_t len = strlen(buf);

	if (len + 1 < n)
		snprintf(buf + len, n - len, "%s%s%s%s", len > 0 ? sep : "", a, b, c);
}

const char *
mcctl_extras(const json_t *obj, const char *const *known, char *buf, size_t n)
{
	const char *key;
	json_t *v;
	char val[MCCTL_CELL];

	buf[0] = '\0';
	if (!json_is_object(obj))
		return buf;
	json_object_foreach((json_t *)obj, key, v)
		if (!mcctl_known(key, known))
			append(buf, n, " ", key, "=", mcctl_str(v, val, sizeof(val)));
	return buf;
}

const char *
mcctl_drops(const json_t *drops, char *buf, size_t n)
{
	const char *key;
	json_t *v;
	char val[MCCTL_CELL];

	buf[0] = '\0';
	if (!json_is_object(drops))
		return mcctl_str(drops, buf, n);
	json_object_foreach((json_t *)drops, key, v)
		if (!json_is_integer(v) || json_integer_value(v) != 0)
			append(buf, n, " ", key, "=", mcctl_str(v, val, sizeof(val)));
	if (buf[0] == '\0')
		snprintf(buf, n, "none");
	return buf;
}

const char *
mcctl_codec(const json_t *codec, char *buf, size_t n)
{
	static const char *const known[] = { "pt", "name", "rate", "channels", NULL };
	char name[64], rate[32], pt[32], extra[MCCTL_CELL];
	json_int_t ch = json_integer_value(json_object_get(codec, "channels"));

	if (!json_is_object(codec))
		return mcctl_str(codec, buf, n);
	mcctl_field(codec, "name", name, sizeof(name));
	mcctl_field(codec, "rate", rate, sizeof(rate));
	mcctl_field(codec, "pt", pt, sizeof(pt));
	mcctl_extras(codec, known, extra, sizeof(extra));
	if (ch > 1)
		snprintf(buf, n, "%s/%s/%" JSON_INTEGER_FORMAT " pt %s%s%s", name,
			 rate, ch, pt, extra[0] ? " " : "", extra);
	else
		snprintf(buf, n, "%s/%s pt %s%s%s", name, rate, pt,
			 extra[0] ? " " : "", extra);
	return buf;
}

static void
print_value(FILE *out, const char *key, const json_t *v, int indent)
{
	char val[1024];

	if (strcmp(key, "drops") == 0 && json_is_object(v))
		fprintf(out, "%*s%s: %s\n", indent, "", key,
			mcctl_drops(v, val, sizeof(val)));
	else if (strcmp(key, "codec") == 0 && json_is_object(v))
		fprintf(out, "%*s%s: %s\n", indent, "", key,
			mcctl_codec(v, val, sizeof(val)));
	else if (json_is_object(v) && json_object_size(v) > 0) {
		fprintf(out, "%*s%s:\n", indent, "", key);
		mcctl_print_kv(out, v, indent + 2, NULL);
	} else
		fprintf(out, "%*s%s: %s\n", indent, "", key,
			mcctl_str(v, val, sizeof(val)));
}

void
mcctl_print_kv(FILE *out, const json_t *obj, int indent,
	       const char *const *skip)
{
	const char *key;
	json_t *v;

	if (!json_is_object(obj)) {
		print_value(out, "value", obj, indent);
		return;
	}
	json_object_foreach((json_t *)obj, key, v)
		if (!mcctl_known(key, skip))
			print_value(out, key, v, indent);
}
