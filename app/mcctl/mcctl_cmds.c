/* SPDX-License-Identifier: BSD-3-Clause */
/* One parser per command; each maps to exactly one /mc/<name> endpoint. */
#include <string.h>

#include "mcctl_cmds.h"

static const struct {
	const char *name;
	const char *cmd;
	mcctl_fmt_fn fmt;
} simple_cmds[] = {
	{ "version", "/mc/version", mcctl_fmt_version },
	{ "ports", "/mc/ports", mcctl_fmt_ports },
	{ "lcores", "/mc/lcores", mcctl_fmt_lcores },
	{ "neighbors", "/mc/neighbors", mcctl_fmt_neighbors },
	{ "neighbours", "/mc/neighbors", mcctl_fmt_neighbors },
	{ "stats", "/mc/stats", mcctl_fmt_stats },
	{ "caps", "/mc/caps", mcctl_fmt_caps },
};

static int
set(struct mcctl_req *req, const char *cmd, mcctl_fmt_fn fmt)
{
	snprintf(req->cmd, sizeof(req->cmd), "%s", cmd);
	req->fmt = fmt;
	return 0;
}

static int
too_many(const char *cmd, const char *arg)
{
	fprintf(stderr, "mcctl: %s: unexpected argument '%s'\n", cmd, arg);
	return -1;
}

/* Options of the form --name N that become integer fields of params. */
static int
uint_opts(const char *what, int argc, char **argv, const char *const *opts,
	  const char *const *fields, json_t *params)
{
	const char *v;
	json_int_t n;
	int i, k, r;

	for (i = 0; i < argc; i++) {
		for (k = 0, r = 0; opts[k] != NULL && r == 0; k++)
			r = mcctl_arg_opt(argc, argv, &i, opts[k], &v);
		if (r < 0)
			return -1;
		if (r == 0)
			return too_many(what, argv[i]);
		if (mcctl_arg_uint(opts[k - 1], v, &n) < 0)
			return -1;
		json_object_set_new(params, fields[k - 1], json_integer(n));
	}
	return 0;
}

static int
parse_events(int argc, char **argv, struct mcctl_req *req)
{
	static const char *const opts[] = { "--after", NULL };
	static const char *const fields[] = { "after", NULL };

	req->params = json_object();
	set(req, "/mc/events", mcctl_fmt_events);
	return uint_opts("events", argc - 1, argv + 1, opts, fields, req->params);
}

static int
parse_session_json(int argc, char **argv, struct mcctl_req *req)
{
	const char *v = NULL;
	int i = 2;

	if (argc > 2 && mcctl_arg_opt(argc, argv, &i, "--json", &v) < 0)
		return -1;
	if (v == NULL && argc == 3 && argv[2][0] != '-')
		v = argv[2]; /* the JSON alone, without --json */
	else if (v == NULL || i + 1 != argc) {
		fprintf(stderr, "mcctl: session %s --json '{...}' (or --json @FILE)\n",
			argv[1]);
		return -1;
	}
	req->params = mcctl_arg_object("session request", v);
	return req->params ? 0 : -1;
}

static int
parse_session(int argc, char **argv, struct mcctl_req *req)
{
	static const char *const opts[] = { "--offset", "--limit", NULL };
	static const char *const fields[] = { "offset", "limit", NULL };
	const char *sub = argc > 1 ? argv[1] : "";

	if (strcmp(sub, "create") == 0 || strcmp(sub, "update") == 0) {
		set(req, sub[0] == 'c' ? "/mc/session/create" : "/mc/session/update",
		    mcctl_fmt_session);
		return parse_session_json(argc, argv, req);
	}
	if (strcmp(sub, "destroy") == 0 || strcmp(sub, "info") == 0) {
		if (argc != 3) {
			fprintf(stderr, "mcctl: session %s ID\n", sub);
			return -1;
		}
		if (sub[0] == 'd')
			set(req, "/mc/session/destroy", mcctl_fmt_destroy);
		else
			set(req, "/mc/session/info", mcctl_fmt_session);
		req->params = json_pack("{s:s}", "id", argv[2]);
		return 0;
	}
	if (strcmp(sub, "list") == 0) {
		set(req, "/mc/session/list", mcctl_fmt_list);
		req->params = json_object();
		return uint_opts("session list", argc - 2, argv + 2, opts, fields,
				 req->params);
	}
	fprintf(stderr, "mcctl: session create|update|destroy|info|list\n");
	return -1;
}

static int
parse_dtmf(int argc, char **argv, struct mcctl_req *req)
{
	const char *v;
	json_int_t ms;
	int i = 5, r;

	if (argc < 5 || strcmp(argv[1], "send") != 0) {
		fprintf(stderr, "mcctl: dtmf send ID LEG DIGITS [--duration MS]\n");
		return -1;
	}
	req->params = json_pack("{s:s, s:s, s:s}", "id", argv[2], "leg", argv[3],
				"digits", argv[4]);
	set(req, "/mc/dtmf/send", mcctl_fmt_dtmf);
	for (; i < argc; i++) {
		r = mcctl_arg_opt(argc, argv, &i, "--duration", &v);
		if (r <= 0)
			return r < 0 ? -1 : too_many("dtmf send", argv[i]);
		if (mcctl_arg_uint("--duration", v, &ms) < 0)
			return -1;
		json_object_set_new(req->params, "duration_ms", json_integer(ms));
	}
	return 0;
}

static int
parse_call(int argc, char **argv, struct mcctl_req *req)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "mcctl: call CMD [JSON]\n");
		return -1;
	}
	if (strlen(argv[1]) >= sizeof(req->cmd)) {
		fprintf(stderr, "mcctl: call: command too long\n");
		return -1;
	}
	set(req, argv[1], mcctl_fmt_pretty);
	if (argc == 3 && (req->params = mcctl_arg_object("call", argv[2])) == NULL)
		return -1;
	return 0;
}

static int
parse_cmd(int argc, char **argv, struct mcctl_req *req)
{
	size_t i;

	for (i = 0; i < sizeof(simple_cmds) / sizeof(simple_cmds[0]); i++)
		if (strcmp(argv[0], simple_cmds[i].name) == 0)
			return argc > 1 ? too_many(argv[0], argv[1]) :
			       set(req, simple_cmds[i].cmd, simple_cmds[i].fmt);
	if (strcmp(argv[0], "events") == 0)
		return parse_events(argc, argv, req);
	if (strcmp(argv[0], "session") == 0)
		return parse_session(argc, argv, req);
	if (strcmp(argv[0], "dtmf") == 0)
		return parse_dtmf(argc, argv, req);
	if (strcmp(argv[0], "call") == 0)
		return parse_call(argc, argv, req);
	fprintf(stderr, "mcctl: unknown command '%s' (mcctl --help)\n", argv[0]);
	return -1;
}

/* On failure nothing is left for the caller to free. */
int
mcctl_parse_cmd(int argc, char **argv, struct mcctl_req *req)
{
	memset(req, 0, sizeof(*req));
	if (argc < 1)
		return -1;
	if (parse_cmd(argc, argv, req) == 0)
		return 0;
	json_decref(req->params);
	req->params = NULL;
	return -1;
}
