/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The rte_ring transport of the control API: one fixed-size message per request, shared
 * by media-core (the primary) and libmcclient (a secondary). The body carries the same
 * JSON as the telemetry transport (the parameter object out, the reply value back), so
 * both transports run the same commands with the same fields and replies; only the size
 * limit differs (MC_RING_BODY_SIZE - 1 bytes instead of telemetry's 1 KB request).
 *
 * Plain C + jansson (no EAL), so the packing rules are unit-tested without DPDK.
 */
#ifndef MC_RING_MSG_H
#define MC_RING_MSG_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* Object names in the primary's shared memory (per --file-prefix). mc_ctl already names
 * its internal socket-thread ring "mc_ctl_req", hence the "mc_ipc_" names. */
#define MC_RING_POOL_NAME "mc_ipc_msg"
#define MC_RING_REQ_NAME "mc_ipc_req"
#define MC_RING_RSP_PREFIX "mc_rsp_"       /* the only rings media-core replies on */
#define MC_RING_RSP_FMT "mc_rsp_%ld_%u"   /* client pid, client number in that process */
#define MC_RING_POOL_SIZE 64
#define MC_RING_REQ_SIZE 128              /* > pool size: an enqueue never finds it full */

#define MC_RING_MAGIC 0x4d43524dU         /* "MCRM" */
#define MC_RING_VERSION 1
#define MC_RING_NAME_SIZE 32              /* >= RTE_RING_NAMESIZE */
#define MC_RING_CMD_SIZE 64
#define MC_RING_BODY_SIZE 65536           /* body text + its NUL */

enum mc_ring_dir { MC_RING_REQUEST = 1, MC_RING_REPLY = 2 };

/* Reply status: whether the command ran, or the message itself was refused (the body
 * is an error object either way, so callers need not look at it). */
enum mc_ring_status {
	MC_RING_ST_OK = 0,        /* the command ran; body = its reply (maybe an error) */
	MC_RING_ST_BADMSG = 1,    /* header or body malformed; body = error object */
	MC_RING_ST_TOOBIG = 2,    /* the reply did not fit; body = error object */
};

struct mc_ring_msg {
	uint32_t magic;
	uint16_t version;
	uint16_t dir;                     /* enum mc_ring_dir */
	uint64_t id;                      /* chosen by the client, echoed in the reply */
	char reply_ring[MC_RING_NAME_SIZE];
	char cmd[MC_RING_CMD_SIZE];
	int32_t status;                   /* enum mc_ring_status, in replies */
	uint32_t body_len;                /* bytes of body before its NUL */
	char body[MC_RING_BODY_SIZE];
};

/*
 * Fills a request: header, command, reply ring and params as compact JSON (params NULL:
 * empty body). Returns 0, or -1 with a message in err (a name or the body too long).
 */
int mc_ring_msg_request(struct mc_ring_msg *m, uint64_t id, const char *reply_ring,
			const char *cmd, const json_t *params, char *err, size_t errlen);

/*
 * Checks what a receiver relies on: magic, version, direction, NUL-terminated names,
 * body_len in bounds and body NUL-terminated there. Returns 0 or -1 + err.
 */
int mc_ring_msg_check(const struct mc_ring_msg *m, enum mc_ring_dir dir,
		      char *err, size_t errlen);

/* Whether the reply ring name is usable on its own (for answering a bad message): NUL-
 * terminated and a client's (MC_RING_RSP_PREFIX), never one of media-core's own rings. */
int mc_ring_msg_has_reply_ring(const struct mc_ring_msg *m);

/*
 * Turns m into the reply: dir, status, and value as compact JSON in the body (value is
 * not consumed). A value that does not fit becomes an ENOSPC error, status TOOBIG.
 */
void mc_ring_msg_reply(struct mc_ring_msg *m, enum mc_ring_status status,
		       const json_t *value);

/*
 * The body's JSON (of a checked message): 0 with *value = NULL for an empty body or the
 * parsed value (caller owns it), or -1 with err saying what and where (column).
 */
int mc_ring_msg_body(const struct mc_ring_msg *m, json_t **value, char *err,
		     size_t errlen);

#endif /* MC_RING_MSG_H */
