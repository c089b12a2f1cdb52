/* SPDX-License-Identifier: BSD-3-Clause */
/* Ring transport state, shared by its attach/open and exchange halves. */
#ifndef MC_CLIENT_RING_H
#define MC_CLIENT_RING_H

#include <stdint.h>
#include <jansson.h>

#include "mc_ring_msg.h"

struct mc_client_ops;
struct rte_mempool;
struct rte_ring;

struct mc_ring_tp {
	struct rte_mempool *pool;     /* media-core's messages */
	struct rte_ring *req;         /* media-core's request ring */
	struct rte_ring *rsp;         /* ours: replies come back here */
	char rsp_name[MC_RING_NAME_SIZE];
	uint64_t next_id;
	/*
	 * Requests sent whose reply has not come back (timed out): their messages are
	 * media-core's until then, and our ring must outlive them.
	 */
	unsigned outstanding;
	int timeout_ms;
	json_t *greeting;
};

extern const struct mc_client_ops mc_ring_ops;
void mc_ring_destroy(void *tp);

#endif /* MC_CLIENT_RING_H */
