/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers shared by mcctl's formatters: values as text, and leftover fields. */
#ifndef MCCTL_UTIL_H
#define MCCTL_UTIL_H

#include <stdio.h>
#include <jansson.h>

#define MCCTL_CELL 256

/* A JSON value as one line of text; absent (NULL) or null is "-". */
const char *mcctl_str(const json_t *v, char *buf, size_t n);
/* Field key of obj as text. */
const char *mcctl_field(const json_t *obj, const char *key, char *buf, size_t n);
/* 1 if key is in the NULL-terminated list. */
int mcctl_known(const char *key, const char *const *known);
/* "k=v k2=v2" for the fields of obj not in known; "" if none. */
const char *mcctl_extras(const json_t *obj, const char *const *known,
			 char *buf, size_t n);
/* "runt=3 ethertype=1": only non-zero reasons; "none" if all are zero. */
const char *mcctl_drops(const json_t *drops, char *buf, size_t n);
/* "PCMU/8000 pt 0" (with /channels when > 1, and fmtp). */
const char *mcctl_codec(const json_t *codec, char *buf, size_t n);
/*
 * One "key: value" line per field not in skip, at indent; nested objects
 * become indented blocks, "drops" objects show non-zero reasons only.
 */
void mcctl_print_kv(FILE *out, const json_t *obj, int indent,
		    const char *const *skip);

#endif /* MCCTL_UTIL_H */
