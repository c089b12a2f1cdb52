/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ring transport, server side. Requests arrive as pointers to pool messages on an MP/SC
 * ring; the control lcore runs them where it runs telemetry's (mc_request_execute), so
 * both transports answer alike, and puts each reply back on the client's own ring. A
 * client may be gone by then (timed out, exited): its message goes back to the pool.
 */
#include "mc_ring_server.h"
#include "mc_request.h"
#include "mc_ring_msg.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mempool.h>
#include <rte_ring.h>

/* Each message may run a command: keep one control pass short. */
#define MC_RING_BURST 4

json_t *mc_tel_builtin(const char *cmd, const char *param);

static struct {
	struct rte_mempool *pool;
	struct rte_ring *req;
	/* Sorted addresses of the pool's messages: anything else on the ring (a client's
	 * bug) is dropped, never dereferenced. */
	void *objs[MC_RING_POOL_SIZE];
	unsigned n_objs;
	bool stopping;   /* the dataplane is gone: answer, but run nothing */
} rs;

static void refuse(struct mc_ring_msg *m, const char *what, const char *detail)
{
	json_t *e = mc_error("EINVAL", "%s%s", what, detail);

	mc_ring_msg_reply(m, MC_RING_ST_BADMSG, e);
	json_decref(e);
}

void mc_ring_server_handle(struct mc_ring_msg *m)
{
	struct mc_request req = { .params = NULL };
	char err[192];
	json_t *params;

	if (mc_ring_msg_check(m, MC_RING_REQUEST, err, sizeof(err)) < 0) {
		refuse(m, "ring message refused: ", err);
		return;
	}
	if (strncmp(m->cmd, "/mc/", 4) != 0) {
		/* "/", "/info", "/help": what the telemetry socket answers too. */
		json_t *v = mc_tel_builtin(m->cmd, m->body_len ? m->body : NULL);

		mc_ring_msg_reply(m, MC_RING_ST_OK, v);
		json_decref(v);
		return;
	}
	if (mc_ring_msg_body(m, &params, err, sizeof(err)) < 0) {
		refuse(m, "parameter is ", err);
		return;
	}
	if (params != NULL && !json_is_object(params)) {
		json_decref(params);
		refuse(m, "parameter must be a JSON object", "");
		return;
	}
	memcpy(req.cmd, m->cmd, sizeof(req.cmd));
	req.params = params;
	atomic_init(&req.state, MC_REQ_PENDING);
	mc_request_execute(&req);   /* nobody abandons it: it stays ours */
	mc_ring_msg_reply(m, MC_RING_ST_OK, req.reply);
	json_decref(req.reply);
	json_decref(params);
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;

	return x < y ? -1 : x > y;
}

static void collect(struct rte_mempool *mp, void *arg, void *obj, unsigned idx)
{
	(void)mp;
	(void)arg;
	if (idx < MC_RING_POOL_SIZE)
		rs.objs[rs.n_objs++] = obj;
}

int mc_ring_server_init(void)
{
	/* No per-lcore cache: a secondary may run on an lcore id we use too. Never DMA'd,
	 * so a message need not be IOVA-contiguous. */
	rs.pool = rte_mempool_create(MC_RING_POOL_NAME, MC_RING_POOL_SIZE,
				     sizeof(struct mc_ring_msg), 0, 0, NULL, NULL, NULL, NULL,
				     SOCKET_ID_ANY, RTE_MEMPOOL_F_NO_IOVA_CONTIG);
	if (rs.pool != NULL)
		rs.req = rte_ring_create(MC_RING_REQ_NAME, MC_RING_REQ_SIZE, SOCKET_ID_ANY,
					 RING_F_SC_DEQ);
	if (rs.req == NULL) {
		RTE_LOG(WARNING, USER1, "ring transport disabled: %s: %s\n",
			rs.pool ? MC_RING_REQ_NAME : MC_RING_POOL_NAME, rte_strerror(rte_errno));
		rte_mempool_free(rs.pool);
		rs.pool = NULL;
		return -1;
	}
	rs.n_objs = 0;
	rte_mempool_obj_iter(rs.pool, collect, NULL);
	qsort(rs.objs, rs.n_objs, sizeof(rs.objs[0]), cmp_ptr);
	return 0;
}

static bool ours(void *obj)
{
	return bsearch(&obj, rs.objs, rs.n_objs, sizeof(rs.objs[0]), cmp_ptr) != NULL;
}

/*
 * A client that timed out keeps its reply ring (our reply may still come), and one that
 * then exited never frees it: its replies would hold pool messages forever. The ring
 * name carries the client's pid; a dead one's ring goes back, contents included. (So
 * clients must share media-core's PID namespace, as DPDK secondaries usually do.)
 */
static struct rte_ring *live_reply_ring(const char *name)
{
	struct rte_ring *r = rte_ring_lookup(name);
	unsigned n;
	long pid;
	void *obj;

	if (r == NULL || sscanf(name, MC_RING_RSP_FMT, &pid, &n) != 2 || pid <= 0 ||
	    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return r;
	while (rte_ring_dequeue(r, &obj) == 0)
		if (ours(obj))
			rte_mempool_put(rs.pool, obj);
	rte_ring_free(r);
	return NULL;
}

static void serve(void *obj)
{
	struct mc_ring_msg *m = obj;
	struct rte_ring *r;

	if (!ours(obj)) {
		RTE_LOG(ERR, USER1, "ring transport: dropped %p, not a message of %s\n",
			obj, MC_RING_POOL_NAME);
		return;
	}
	if (rs.stopping && mc_ring_msg_check(m, MC_RING_REQUEST, NULL, 0) == 0) {
		json_t *e = mc_error("EBUSY", "media-core is stopping");

		mc_ring_msg_reply(m, MC_RING_ST_OK, e);
		json_decref(e);
	} else {
		mc_ring_server_handle(m);
	}
	r = mc_ring_msg_has_reply_ring(m) ? live_reply_ring(m->reply_ring) : NULL;
	if (r == NULL || rte_ring_enqueue(r, m) != 0)
		rte_mempool_put(rs.pool, m);   /* the client is gone or cannot take it */
}

unsigned mc_ring_server_poll(void)
{
	void *msgs[MC_RING_BURST];
	unsigned n;

	if (rs.req == NULL)
		return 0;
	n = rte_ring_sc_dequeue_burst(rs.req, msgs, MC_RING_BURST, NULL);
	for (unsigned i = 0; i < n; i++)
		serve(msgs[i]);
	return n;
}

void mc_ring_server_fini(void)
{
	rs.stopping = true;
	while (mc_ring_server_poll() > 0)
		;
	rte_ring_free(rs.req);
	rte_mempool_free(rs.pool);
	rs.req = NULL;
	rs.pool = NULL;
	rs.n_objs = 0;
	rs.stopping = false;
}
