/* SPDX-License-Identifier: BSD-3-Clause */
/* Telemetry transport: connection, greeting and receiving one message. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mc_client_priv.h"
#include "mc_client_tel.h"

void
mc_tel_disconnect(struct mc_tel *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	json_decref(t->greeting);
	t->greeting = NULL;
}

static int
wait_fd(struct mc_tel *t, short events)
{
	struct pollfd p = { .fd = t->fd, .events = events };
	int rc;

	do {
		rc = poll(&p, 1, t->timeout_ms > 0 ? t->timeout_ms : -1);
	} while (rc < 0 && errno == EINTR);
	return rc;
}

long
mc_tel_recv(struct mc_tel *t, const char *what, char *err, size_t errlen)
{
	struct iovec iov = { .iov_base = t->rx, .iov_len = t->rx_cap - 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;
	int rc = wait_fd(t, POLLIN);

	if (rc == 0)
		return mc_client_err(err, errlen, "%s: no %s within %d ms",
				     t->path, what, t->timeout_ms);
	if (rc < 0)
		return mc_client_err(err, errlen, "%s: poll: %s", t->path,
				     strerror(errno));
	do {
		n = recvmsg(t->fd, &m, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return mc_client_err(err, errlen, "%s: receiving %s: %s",
				     t->path, what, strerror(errno));
	if (n == 0)
		return mc_client_err(err, errlen,
				     "%s: media-core closed the connection before the %s",
				     t->path, what);
	if ((m.msg_flags & MSG_TRUNC) != 0)
		return mc_client_err(err, errlen, "%s: %s longer than %zu bytes",
				     t->path, what, t->rx_cap - 1);
	t->rx[n] = '\0';
	return (long)n;
}

/* The greeting announces the reply limit: size the buffer to match. */
static int
read_greeting(struct mc_tel *t, char *err, size_t errlen)
{
	json_error_t jerr;
	json_int_t max;
	long n = mc_tel_recv(t, "greeting", err, errlen);
	char *rx;

	if (n < 0)
		return -1;
	t->greeting = json_loadb(t->rx, (size_t)n, 0, &jerr);
	if (!json_is_object(t->greeting))
		return mc_client_err(err, errlen,
				     "%s: greeting is not a JSON object: %.60s",
				     t->path, t->rx);
	max = json_integer_value(json_object_get(t->greeting, "max_output_len"));
	if (max <= 0)
		max = MC_TEL_DEFAULT_OUTPUT;
	if (max > MC_TEL_MAX_OUTPUT)
		max = MC_TEL_MAX_OUTPUT;
	if ((size_t)max + 1 == t->rx_cap)
		return 0;
	rx = realloc(t->rx, (size_t)max + 1);
	if (rx == NULL)
		return mc_client_err(err, errlen, "out of memory");
	t->rx = rx;
	t->rx_cap = (size_t)max + 1;
	return 0;
}

int
mc_tel_connect(struct mc_tel *t, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	mc_tel_disconnect(t);
	memcpy(sa.sun_path, t->path, sizeof(sa.sun_path));
	t->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (t->fd < 0)
		return mc_client_err(err, errlen, "socket: %s", strerror(errno));
	if (connect(t->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		mc_client_err(err, errlen, "%s: connect: %s", t->path,
			      strerror(errno));
		mc_tel_disconnect(t);
		return -1;
	}
	if (read_greeting(t, err, errlen) < 0) {
		mc_tel_disconnect(t);
		return -1;
	}
	return 0;
}

/* Tries each candidate path; the error names the first, the usual one. */
void *
mc_tel_open(const char *file_prefix, int timeout_ms, char *err, size_t errlen)
{
	char paths[MC_TEL_PATHS][sizeof(((struct mc_tel *)0)->path)];
	struct mc_tel *t = calloc(1, sizeof(*t));
	char first_err[256] = "";
	int n, i;

	if (t == NULL) {
		mc_client_err(err, errlen, "out of memory");
		return NULL;
	}
	t->fd = -1;
	t->timeout_ms = timeout_ms;
	t->rx_cap = MC_TEL_DEFAULT_OUTPUT + 1;
	t->rx = malloc(t->rx_cap);
	if (t->rx == NULL) {
		mc_client_err(err, errlen, "out of memory");
		free(t);
		return NULL;
	}
	n = mc_tel_socket_paths(file_prefix, &paths[0][0], sizeof(paths[0]),
				MC_TEL_PATHS);
	if (n == 0)
		mc_client_err(first_err, sizeof(first_err),
			      "socket path too long");
	for (i = 0; i < n; i++) {
		memcpy(t->path, paths[i], sizeof(t->path));
		if (mc_tel_connect(t, i == 0 ? first_err : err,
				   i == 0 ? sizeof(first_err) : errlen) == 0)
			return t;
	}
	mc_client_err(err, errlen, "%s (is media-core running with this --file-prefix?)",
		      first_err);
	free(t->rx);
	free(t);
	return NULL;
}
