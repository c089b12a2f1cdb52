/* SPDX-License-Identifier: BSD-3-Clause */
/* Output for replies of any shape: key: value, raw JSON, and errors. */
#include "mcctl_fmt.h"
#include "mcctl_util.h"

int
mcctl_fmt_generic(FILE *out, const json_t *reply)
{
	char b[1024];

	if (json_is_object(reply))
		mcctl_print_kv(out, reply, 0, NULL);
	else
		fprintf(out, "%s\n", mcctl_str(reply, b, sizeof(b)));
	return 0;
}

/* One document on one line, for scripts (jq, json.loads per line). */
int
mcctl_fmt_json(FILE *out, const json_t *reply)
{
	json_dumpf(reply, out, JSON_COMPACT | JSON_ENCODE_ANY);
	fputc('\n', out);
	return 0;
}

int
mcctl_fmt_pretty(FILE *out, const json_t *reply)
{
	json_dumpf(reply, out, JSON_INDENT(2) | JSON_ENCODE_ANY);
	fputc('\n', out);
	return 0;
}

void
mcctl_fmt_error(FILE *out, const json_t *error)
{
	char code[MCCTL_CELL], msg[1024];

	if (json_is_object(error) && json_object_get(error, "code") != NULL)
		fprintf(out, "error: %s: %s\n",
			mcctl_field(error, "code", code, sizeof(code)),
			mcctl_field(error, "message", msg, sizeof(msg)));
	else
		fprintf(out, "error: %s\n", mcctl_str(error, msg, sizeof(msg)));
}
