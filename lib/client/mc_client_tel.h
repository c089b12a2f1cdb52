/* SPDX-License-Identifier: BSD-3-Clause */
/* Telemetry transport state, shared by its connection and exchange halves. */
#ifndef MC_CLIENT_TEL_H
#define MC_CLIENT_TEL_H

#include <stddef.h>
#include <sys/un.h>
#include <jansson.h>

#include "mc_client.h"

/* DPDK 22.11 MAX_OUTPUT_LEN; the greeting may announce another value. */
#define MC_TEL_DEFAULT_OUTPUT 16384
/* Bound on what a greeting may make us allocate. */
#define MC_TEL_MAX_OUTPUT (1 << 20)
#define MC_TEL_PATHS 3

struct mc_tel {
	int fd; /* -1 while disconnected */
	int timeout_ms;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	json_t *greeting;
	char *rx; /* reply buffer: the reply limit + a NUL */
	size_t rx_cap;
	char req[MC_CLIENT_MAX_REQUEST + 2]; /* + 1 to detect overflow, + NUL */
};

/* Connects to t->path and consumes the greeting; -1 + err on failure. */
int mc_tel_connect(struct mc_tel *t, char *err, size_t errlen);
void mc_tel_disconnect(struct mc_tel *t);
/*
 * Waits for one message into t->rx (NUL-terminated); returns its length or
 * -1 + err (closed, timeout, too long).
 */
long mc_tel_recv(struct mc_tel *t, const char *what, char *err, size_t errlen);

#endif /* MC_CLIENT_TEL_H */
