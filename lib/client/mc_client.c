/* SPDX-License-Identifier: BSD-3-Clause */
/* Transport-independent part of libmcclient: validation and reply mapping. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc_client.h"
#include "mc_client_priv.h"

int
mc_client_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

struct mc_client *
mc_client_open_timeout(const char *file_prefix, int timeout_ms, char *err,
		       size_t errlen)
{
	struct mc_client *c = calloc(1, sizeof(*c));

	if (c == NULL) {
		mc_client_err(err, errlen, "out of memory");
		return NULL;
	}
	c->ops = &mc_tel_ops;
	c->tp = mc_tel_open(file_prefix, timeout_ms, err, errlen);
	if (c->tp == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

struct mc_client *
mc_client_open(const char *file_prefix, char *err, size_t errlen)
{
	return mc_client_open_timeout(file_prefix, MC_CLIENT_DEFAULT_TIMEOUT_MS,
				      err, errlen);
}

void
mc_client_close(struct mc_client *c)
{
	if (c == NULL)
		return;
	c->ops->destroy(c->tp);
	free(c);
}

void
mc_client_set_timeout(struct mc_client *c, int timeout_ms)
{
	c->ops->set_timeout(c->tp, timeout_ms);
}

const char *
mc_client_transport(const struct mc_client *c)
{
	return c->ops->name;
}

const json_t *
mc_client_greeting(const struct mc_client *c)
{
	return c->ops->greeting(c->tp);
}

/* Commands are path-like names; a comma would split the request early. */
static int
check_cmd(const char *cmd, char *err, size_t errlen)
{
	size_t i;

	if (cmd == NULL || cmd[0] != '/')
		return mc_client_err(err, errlen,
				     "command must start with '/' (e.g. /mc/version)");
	if (strlen(cmd) > MC_CLIENT_MAX_CMD)
		return mc_client_err(err, errlen,
				     "command longer than %d bytes", MC_CLIENT_MAX_CMD);
	for (i = 0; cmd[i] != '\0'; i++)
		if (cmd[i] == ',' || cmd[i] <= ' ' || cmd[i] == 0x7f)
			return mc_client_err(err, errlen,
					     "command contains a comma, space or control character");
	return 0;
}

/* Telemetry answers null for unknown commands and failed handlers. */
static json_t *
null_reply_error(const char *cmd)
{
	return json_pack("{s:s, s:s++}", "code", "ENOTSUP", "message",
			 "no reply data for ", cmd,
			 " (unknown command or handler failure)");
}

int
mc_client_call(struct mc_client *c, const char *cmd, json_t *params,
	       json_t **reply, char *err, size_t errlen)
{
	json_t *res = NULL, *e;

	*reply = NULL;
	if (check_cmd(cmd, err, errlen) < 0)
		return MC_CLIENT_ETRANSPORT;
	if (params != NULL && !json_is_object(params)) {
		mc_client_err(err, errlen, "parameter must be a JSON object");
		return MC_CLIENT_ETRANSPORT;
	}
	if (c->ops->exchange(c->tp, cmd, params, &res, err, errlen) < 0)
		return MC_CLIENT_ETRANSPORT;
	if (json_is_null(res)) {
		json_decref(res);
		*reply = null_reply_error(cmd);
		return MC_CLIENT_EREPLY;
	}
	e = json_is_object(res) ? json_object_get(res, "error") : NULL;
	if (e != NULL) {
		*reply = json_incref(e);
		json_decref(res);
		return MC_CLIENT_EREPLY;
	}
	*reply = res;
	return MC_CLIENT_OK;
}
