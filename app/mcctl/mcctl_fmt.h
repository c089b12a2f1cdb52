/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mcctl's human output: one formatter per reply shape, each printing the
 * fields it knows in tables or lines and every field it does not know as
 * key: value, so a newer media-core never breaks an older mcctl.
 * Formatters return 0; a reply of an unexpected shape is printed generically.
 */
#ifndef MCCTL_FMT_H
#define MCCTL_FMT_H

#include <stdio.h>
#include <jansson.h>

typedef int (*mcctl_fmt_fn)(FILE *out, const json_t *reply);

int mcctl_fmt_generic(FILE *out, const json_t *reply);
int mcctl_fmt_json(FILE *out, const json_t *reply);   /* one line */
int mcctl_fmt_pretty(FILE *out, const json_t *reply); /* indented */
int mcctl_fmt_version(FILE *out, const json_t *reply);
int mcctl_fmt_ports(FILE *out, const json_t *reply);
int mcctl_fmt_neighbors(FILE *out, const json_t *reply);
int mcctl_fmt_lcores(FILE *out, const json_t *reply);
int mcctl_fmt_stats(FILE *out, const json_t *reply);
int mcctl_fmt_caps(FILE *out, const json_t *reply);
int mcctl_fmt_events(FILE *out, const json_t *reply);
int mcctl_fmt_session(FILE *out, const json_t *reply);
int mcctl_fmt_destroy(FILE *out, const json_t *reply);
int mcctl_fmt_list(FILE *out, const json_t *reply);
int mcctl_fmt_dtmf(FILE *out, const json_t *reply);

/* "CODE: message" for an error object of any shape. */
void mcctl_fmt_error(FILE *out, const json_t *error);

#endif /* MCCTL_FMT_H */
