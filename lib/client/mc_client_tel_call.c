/* SPDX-License-Identifier: BSD-3-Clause */
/* Telemetry transport: one request line out, one {"<cmd>": value} back. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mc_client_priv.h"
#include "mc_client_tel.h"

/*
 * "<cmd>" or "<cmd>,<compact JSON>", built in the fixed buffer so an oversize
 * request is caught before anything is sent (telemetry would cut it silently).
 */
static long
build_request(struct mc_tel *t, const char *cmd, const json_t *params,
	      char *err, size_t errlen)
{
	size_t cap = sizeof(t->req) - 1, len = strlen(cmd), pl;

	memcpy(t->req, cmd, len);
	if (params != NULL) {
		t->req[len++] = ',';
		pl = json_dumpb(params, t->req + len, cap - len, JSON_COMPACT);
		if (pl == 0)
			return mc_client_err(err, errlen,
					     "%s: parameter cannot be encoded", cmd);
		len += pl;
	}
	if (len > MC_CLIENT_MAX_REQUEST)
		return mc_client_err(err, errlen,
				     "%s: request is %zu bytes, the telemetry limit is %d "
				     "(not sent; split it, e.g. create with fewer legs or "
				     "codecs and add the rest with update)",
				     cmd, len, MC_CLIENT_MAX_REQUEST);
	t->req[len] = '\0';
	return (long)len;
}

static int
send_request(struct mc_tel *t, size_t len, char *err, size_t errlen)
{
	struct pollfd p = { .fd = t->fd, .events = POLLOUT };
	ssize_t n;

	if (poll(&p, 1, t->timeout_ms > 0 ? t->timeout_ms : -1) == 0)
		return mc_client_err(err, errlen, "%s: send timed out", t->path);
	do {
		n = send(t->fd, t->req, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return mc_client_err(err, errlen, "%s: send: %s", t->path,
				     strerror(errno));
	return 0;
}

/* The reply must be exactly {"<cmd>": value}; anything else is not ours. */
static int
parse_reply(struct mc_tel *t, const char *cmd, size_t n, json_t **result,
	    char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_loadb(t->rx, n, 0, &jerr), *v;

	if (root == NULL)
		return mc_client_err(err, errlen,
				     "%s: reply is not JSON (%s at byte %d): %.60s",
				     cmd, jerr.text, jerr.position, t->rx);
	v = json_is_object(root) && json_object_size(root) == 1 ?
		json_object_get(root, cmd) : NULL;
	if (v == NULL) {
		json_decref(root);
		return mc_client_err(err, errlen,
				     "%s: reply is not {\"%s\": ...}: %.60s",
				     cmd, cmd, t->rx);
	}
	*result = json_incref(v);
	json_decref(root);
	return 0;
}

static int
tel_exchange(void *tp, const char *cmd, const json_t *params, json_t **result,
	     char *err, size_t errlen)
{
	struct mc_tel *t = tp;
	long len, n;

	*result = NULL;
	if (strlen(cmd) + 1 >= sizeof(t->req))
		return mc_client_err(err, errlen, "%s: command too long", cmd);
	len = build_request(t, cmd, params, err, errlen);
	if (len < 0)
		return -1;
	if (t->fd < 0 && mc_tel_connect(t, err, errlen) < 0)
		return -1;
	/*
	 * After any failure the connection is dropped: a late reply must never
	 * be read as the answer to the next request.
	 */
	if (send_request(t, (size_t)len, err, errlen) < 0 ||
	    (n = mc_tel_recv(t, "reply", err, errlen)) < 0 ||
	    parse_reply(t, cmd, (size_t)n, result, err, errlen) < 0) {
		mc_tel_disconnect(t);
		return -1;
	}
	return 0;
}

static void
tel_set_timeout(void *tp, int timeout_ms)
{
	((struct mc_tel *)tp)->timeout_ms = timeout_ms;
}

static const json_t *
tel_greeting(const void *tp)
{
	return ((const struct mc_tel *)tp)->greeting;
}

static void
tel_destroy(void *tp)
{
	struct mc_tel *t = tp;

	mc_tel_disconnect(t);
	free(t->rx);
	free(t);
}

const struct mc_client_ops mc_tel_ops = {
	.name = "telemetry",
	.exchange = tel_exchange,
	.set_timeout = tel_set_timeout,
	.greeting = tel_greeting,
	.destroy = tel_destroy,
};
