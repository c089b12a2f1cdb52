/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libmcclient: the client side of media-core's control API.
 *
 * One request/response vocabulary (see docs/control-api.md) over a pluggable
 * transport: DPDK telemetry v2 (a SOCK_SEQPACKET Unix socket, mc_client_open) or
 * named rte_rings for DPDK secondaries (mc_client_open_ring). Only the open
 * differs; calls, replies and return codes are the same.
 *
 * A client is not thread-safe: use one per thread, or serialise calls.
 */
#ifndef MC_CLIENT_H
#define MC_CLIENT_H

#include <stddef.h>
#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MC_CLIENT_DEFAULT_PREFIX "media-core"
#define MC_CLIENT_DEFAULT_TIMEOUT_MS 5000

/*
 * DPDK telemetry reads a request into a 1024-byte buffer with room for a
 * terminating NUL, so at most 1023 bytes arrive whole, and media-core refuses
 * a request of 1024 bytes or more as possibly truncated. The limit counts the
 * command, the comma and the JSON parameter.
 */
#define MC_CLIENT_MAX_REQUEST 1023

/* DPDK telemetry keeps command names below 56 bytes (MAX_CMD_LEN). */
#define MC_CLIENT_MAX_CMD 55

/* Return values of mc_client_call(). */
#define MC_CLIENT_OK 0
#define MC_CLIENT_EREPLY (-1)     /* media-core answered with an error object */
#define MC_CLIENT_ETRANSPORT (-2) /* no usable answer, or refused locally */

struct mc_client;

/*
 * Connects to a running media-core. file_prefix is the EAL --file-prefix
 * (NULL or "" means "media-core"); a value starting with '/' is taken as the
 * full path of the telemetry socket. The socket is looked for in
 * /var/run/dpdk/<prefix>/, then $XDG_RUNTIME_DIR/dpdk/<prefix>/, then
 * /tmp/dpdk/<prefix>/ (where DPDK puts it for non-root processes).
 * Returns NULL and a message in err on failure.
 */
struct mc_client *mc_client_open(const char *file_prefix, char *err,
				 size_t errlen);

/* Same, with the timeout (milliseconds) for connect, greeting and calls. */
struct mc_client *mc_client_open_timeout(const char *file_prefix,
					 int timeout_ms, char *err,
					 size_t errlen);

/*
 * The rte_ring transport, for a process that can be a DPDK secondary of media-core:
 * same commands, fields, replies and return codes as telemetry, but a request may carry
 * up to 64 KiB of JSON (no 1 KB limit). Link mc_client_ring_dep (it needs DPDK; the
 * telemetry transport does not).
 *
 * The first open initialises EAL in this process as a secondary of the media-core
 * running with EAL --file-prefix file_prefix (NULL or "": "media-core"); media-core
 * must run with hugepages (not --no-huge). DPDK initialises EAL once per process, so
 * every later open must name the same prefix, and a failed attachment cannot be retried
 * in the same process; EAL stays up until the process exits. A process that already
 * initialised EAL itself as a secondary keeps its own EAL (file_prefix is not checked).
 * If media-core exits, calls fail with MC_CLIENT_ETRANSPORT (a waiting call within
 * about 100 ms); a restarted media-core needs a new client process. Open ring clients
 * from one thread at a time (EAL start-up is process-wide).
 */
struct mc_client *mc_client_open_ring(const char *file_prefix, char *err,
				      size_t errlen);
struct mc_client *mc_client_open_ring_timeout(const char *file_prefix,
					      int timeout_ms, char *err,
					      size_t errlen);

void mc_client_close(struct mc_client *c);

/* Per-call timeout in milliseconds; <= 0 waits forever. */
void mc_client_set_timeout(struct mc_client *c, int timeout_ms);

/*
 * Sends cmd (e.g. "/mc/ports") with optional params (a JSON object, or NULL;
 * not consumed). On success returns MC_CLIENT_OK and *reply is the inner JSON
 * value (caller owns it: json_decref). If media-core answered with an error,
 * returns MC_CLIENT_EREPLY and *reply is the error object {"code","message"}.
 * A reply of null (telemetry's answer to an unknown command or a failed
 * handler) is reported the same way with code "ENOTSUP".
 * Otherwise returns MC_CLIENT_ETRANSPORT, *reply is NULL and err says why:
 * a transport failure, a timeout, a malformed reply, or a request refused
 * before sending (bad command name, or longer than the transport's limit:
 * MC_CLIENT_MAX_REQUEST for telemetry, 64 KiB of JSON for the ring).
 * After a transport failure the next call reconnects; the failed request is
 * never resent, since it may not be idempotent.
 */
int mc_client_call(struct mc_client *c, const char *cmd, json_t *params,
		   json_t **reply, char *err, size_t errlen);

/* Name of the transport in use ("telemetry" or "ring"). */
const char *mc_client_transport(const struct mc_client *c);

/*
 * The greeting of the current connection ({"version","pid","max_output_len"}
 * for telemetry), borrowed: valid until the next call or close. May be NULL.
 */
const json_t *mc_client_greeting(const struct mc_client *c);

#ifdef __cplusplus
}
#endif

#endif /* MC_CLIENT_H */
