/* SPDX-License-Identifier: BSD-3-Clause */
/* mcctl's command line: from argv to one control API request. */
#ifndef MCCTL_CMDS_H
#define MCCTL_CMDS_H

#include <stdio.h>
#include <jansson.h>

#include "mcctl_fmt.h"

struct mcctl_req {
	char cmd[64];      /* "/mc/..." */
	json_t *params;    /* owned; NULL sends no parameter */
	mcctl_fmt_fn fmt;  /* human output of the reply */
};

/*
 * Parses "<command> [args]" (argv[0] is the command). Returns 0, or -1 after
 * printing what is wrong to stderr.
 */
int mcctl_parse_cmd(int argc, char **argv, struct mcctl_req *req);
void mcctl_usage(FILE *out);

/* Argument helpers (mcctl_args.c); each prints its error and returns -1. */
int mcctl_arg_uint(const char *what, const char *s, json_int_t *v);
/* A JSON object from text, or from a file when text is @PATH (@- = stdin). */
json_t *mcctl_arg_object(const char *what, const char *text);
/*
 * If argv[*i] is "--name VALUE" or "--name=VALUE", stores VALUE, advances *i
 * past it and returns 1; returns 0 if it is not that option, -1 if the value
 * is missing.
 */
int mcctl_arg_opt(int argc, char **argv, int *i, const char *name,
		  const char **value);

#endif /* MCCTL_CMDS_H */
