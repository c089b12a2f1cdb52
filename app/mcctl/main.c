/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mcctl: operator and script CLI for media-core's control API.
 * Exit status: 0 success, 1 media-core answered with an error, 2 usage or
 * transport error (nothing reached media-core, or no usable answer).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mc_client.h"
#include "mcctl_cmds.h"

struct opts {
	const char *target; /* file prefix or socket path */
	char abs[PATH_MAX];
	int json;
	int ring; /* rte_ring transport (DPDK secondary) instead of telemetry */
	int timeout_ms;
};

/* mc_client_open takes a path only when it is absolute. */
static const char *
absolute(struct opts *o, const char *path)
{
	char cwd[PATH_MAX];
	size_t n;

	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return path;
	n = strlen(cwd);
	if (n + 1 + strlen(path) >= sizeof(o->abs))
		return path; /* too long for a socket path anyway */
	memcpy(o->abs, cwd, n);
	o->abs[n] = '/';
	strcpy(o->abs + n + 1, path);
	return o->abs;
}

static int
parse_globals(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{ "file-prefix", required_argument, NULL, 'p' },
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "ring", no_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	double s;
	int c;

	while ((c = getopt_long(argc, argv, "+p:s:jrt:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->target = optarg;
			break;
		case 's':
			o->target = absolute(o, optarg);
			break;
		case 'j':
			o->json = 1;
			break;
		case 'r':
			o->ring = 1;
			break;
		case 't':
			s = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || s < 0 || s > INT_MAX / 1000) {
				fprintf(stderr, "mcctl: --timeout: seconds expected, got '%s'\n",
					optarg);
				return -1;
			}
			o->timeout_ms = s > 0 && s < 0.001 ? 1 : (int)(s * 1000);
			break;
		case 'h':
			mcctl_usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (optind >= argc) {
		mcctl_usage(stderr);
		return -1;
	}
	return optind;
}

/* With --json the error is printed as the raw inner reply too, for scripts. */
static int
report_error(const struct opts *o, json_t *error)
{
	json_t *inner;

	mcctl_fmt_error(stderr, error);
	if (o->json) {
		inner = json_pack("{s:O}", "error", error);
		mcctl_fmt_json(stdout, inner);
		json_decref(inner);
	}
	return 1;
}

int
main(int argc, char **argv)
{
	struct opts o = { .timeout_ms = MC_CLIENT_DEFAULT_TIMEOUT_MS };
	struct mcctl_req req;
	struct mc_client *c;
	json_t *reply = NULL;
	char err[512];
	int first, rc;

	first = parse_globals(argc, argv, &o);
	if (first < 0 || mcctl_parse_cmd(argc - first, argv + first, &req) < 0)
		return 2;
	c = (o.ring ? mc_client_open_ring_timeout : mc_client_open_timeout)(
		o.target, o.timeout_ms, err, sizeof(err));
	if (c == NULL) {
		fprintf(stderr, "mcctl: %s\n", err);
		json_decref(req.params);
		return 2;
	}
	rc = mc_client_call(c, req.cmd, req.params, &reply, err, sizeof(err));
	if (rc == MC_CLIENT_OK)
		(o.json ? mcctl_fmt_json : req.fmt)(stdout, reply);
	else if (rc == MC_CLIENT_EREPLY)
		report_error(&o, reply);
	else
		fprintf(stderr, "mcctl: %s\n", err);
	json_decref(reply);
	json_decref(req.params);
	mc_client_close(c);
	return rc == MC_CLIENT_OK ? 0 : rc == MC_CLIENT_EREPLY ? 1 : 2;
}
