/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of libmcclient shared by the dispatcher and the transports.
 * A transport only moves one request and one reply; validation of the command
 * name and the mapping of error replies are common and live in mc_client.c,
 * so every transport behaves the same to callers.
 */
#ifndef MC_CLIENT_PRIV_H
#define MC_CLIENT_PRIV_H

#include <stddef.h>
#include <jansson.h>

struct mc_client_ops {
	const char *name;
	/*
	 * One request/reply. Returns 0 with *result = the reply's inner value
	 * (whatever media-core sent, error objects and null included), or -1
	 * with a message in err and *result = NULL.
	 */
	int (*exchange)(void *tp, const char *cmd, const json_t *params,
			json_t **result, char *err, size_t errlen);
	void (*set_timeout)(void *tp, int timeout_ms);
	const json_t *(*greeting)(const void *tp);
	void (*destroy)(void *tp);
};

struct mc_client {
	const struct mc_client_ops *ops;
	void *tp; /* transport state, owned */
};

/* snprintf into err when err is usable; always returns -1 for tail calls. */
int mc_client_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Telemetry transport: connects and reads the greeting, or NULL + err. */
void *mc_tel_open(const char *file_prefix, int timeout_ms, char *err,
		  size_t errlen);
extern const struct mc_client_ops mc_tel_ops;

/*
 * Candidate socket paths for a file prefix, in the order DPDK may have used
 * them. Returns how many were written (at most max), each of size pathlen.
 */
int mc_tel_socket_paths(const char *file_prefix, char *paths, size_t pathlen,
			int max);

#endif /* MC_CLIENT_PRIV_H */
