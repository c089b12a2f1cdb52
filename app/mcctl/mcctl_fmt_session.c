/* SPDX-License-Identifier: BSD-3-Clause */
/* Human output of the session commands and dtmf send. */
#include "mcctl_fmt.h"
#include "mcctl_util.h"

/* Leg: a head line with where to send and what codec, then everything else. */
static void
print_leg(FILE *out, const json_t *leg)
{
	static const char *const known[] = { "name", "local", "rtcp", "codec",
					     "ptime", NULL };
	char name[MCCTL_CELL], local[MCCTL_CELL], rtcp[MCCTL_CELL];
	char codec[MCCTL_CELL], ptime[32];

	if (!json_is_object(leg)) {
		fprintf(out, "  leg %s\n", mcctl_str(leg, name, sizeof(name)));
		return;
	}
	fprintf(out, "  leg %s", mcctl_field(leg, "name", name, sizeof(name)));
	if (json_object_get(leg, "local"))
		fprintf(out, "  local %s", mcctl_field(leg, "local", local, sizeof(local)));
	if (json_object_get(leg, "rtcp"))
		fprintf(out, "  rtcp %s", mcctl_field(leg, "rtcp", rtcp, sizeof(rtcp)));
	if (json_object_get(leg, "codec"))
		fprintf(out, "  codec %s",
			mcctl_codec(json_object_get(leg, "codec"), codec, sizeof(codec)));
	if (json_object_get(leg, "ptime"))
		fprintf(out, "  ptime %s", mcctl_field(leg, "ptime", ptime, sizeof(ptime)));
	fputc('\n', out);
	mcctl_print_kv(out, leg, 4, known);
}

static void
print_legs(FILE *out, const json_t *legs)
{
	size_t i;

	for (i = 0; i < json_array_size(legs); i++)
		print_leg(out, json_array_get(legs, i));
}

int
mcctl_fmt_session(FILE *out, const json_t *reply)
{
	static const char *const known[] = { "id", "mode", "legs", NULL };
	char id[MCCTL_CELL], mode[MCCTL_CELL];

	if (!json_is_object(reply) || !json_is_array(json_object_get(reply, "legs")))
		return mcctl_fmt_generic(out, reply);
	fprintf(out, "session %s  mode %s\n", mcctl_field(reply, "id", id, sizeof(id)),
		mcctl_field(reply, "mode", mode, sizeof(mode)));
	mcctl_print_kv(out, reply, 2, known);
	print_legs(out, json_object_get(reply, "legs"));
	return 0;
}

int
mcctl_fmt_destroy(FILE *out, const json_t *reply)
{
	static const char *const known[] = { "id", "legs", NULL };
	char id[MCCTL_CELL];

	if (!json_is_object(reply))
		return mcctl_fmt_generic(out, reply);
	fprintf(out, "session %s destroyed\n", mcctl_field(reply, "id", id, sizeof(id)));
	mcctl_print_kv(out, reply, 2, known);
	print_legs(out, json_object_get(reply, "legs"));
	return 0;
}

int
mcctl_fmt_list(FILE *out, const json_t *reply)
{
	static const char *const known[] = { "ids", NULL };
	const json_t *ids = json_object_get(reply, "ids");
	char b[MCCTL_CELL];
	size_t i;

	if (!json_is_array(ids))
		return mcctl_fmt_generic(out, reply);
	mcctl_print_kv(out, reply, 0, known);
	for (i = 0; i < json_array_size(ids); i++)
		fprintf(out, "%s\n", mcctl_str(json_array_get(ids, i), b, sizeof(b)));
	return 0;
}

int
mcctl_fmt_dtmf(FILE *out, const json_t *reply)
{
	return mcctl_fmt_generic(out, reply);
}
