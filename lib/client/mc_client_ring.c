/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ring transport: this process attaches to media-core's shared memory as a DPDK
 * secondary, finds media-core's message pool and request ring by name, and makes a
 * reply ring of its own. DPDK initialises EAL once per process, so the first open
 * decides the file prefix for the life of the process (see mc_client.h).
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "mc_client.h"
#include "mc_client_priv.h"
#include "mc_client_ring.h"

enum { EAL_NONE, EAL_OURS, EAL_CALLERS, EAL_FAILED };

static struct {
	int state;
	char prefix[64];
	char failure[200];
	unsigned n_clients;   /* names the reply rings of this process */
} eal;

/* EAL wants an lcore this process may run on: the first CPU of our affinity. */
static int first_cpu(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		for (int i = 0; i < CPU_SETSIZE; i++)
			if (CPU_ISSET(i, &set))
				return i;
	return 0;
}

/* A secondary leaves its socket and memory-map files in media-core's runtime directory
 * unless it cleans up; EAL cannot start again afterwards, hence only at exit. */
static void eal_cleanup(void)
{
	rte_eal_cleanup();
}

static int eal_attach(const char *prefix, char *err, size_t errlen)
{
	static char a_prefix[64], a_lcore[16];
	static char *argv[] = {
		"mcclient", "--proc-type=secondary", "--file-prefix", a_prefix, "--no-pci",
		"--no-telemetry", "-l", a_lcore, "--log-level=lib.eal:error", NULL,
	};

	if (eal.state == EAL_OURS && strcmp(eal.prefix, prefix) != 0)
		return mc_client_err(err, errlen, "EAL already attached to media-core '%s' in "
				     "this process; DPDK allows one file prefix per process",
				     eal.prefix);
	if (eal.state == EAL_OURS || eal.state == EAL_CALLERS)
		return 0;
	if (eal.state == EAL_FAILED)
		return mc_client_err(err, errlen, "%s (DPDK initialises EAL once per "
				     "process: start a new one)", eal.failure);
	if (strlen(prefix) >= sizeof(a_prefix))
		return mc_client_err(err, errlen, "file prefix longer than %zu bytes",
				     sizeof(a_prefix) - 1);
	snprintf(a_prefix, sizeof(a_prefix), "%s", prefix);
	snprintf(a_lcore, sizeof(a_lcore), "%d", first_cpu());
	if (rte_eal_init((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv) >= 0) {
		eal.state = EAL_OURS;
		snprintf(eal.prefix, sizeof(eal.prefix), "%s", prefix);
		atexit(eal_cleanup);
		return 0;
	}
	if (rte_errno == EALREADY && rte_eal_process_type() == RTE_PROC_SECONDARY) {
		eal.state = EAL_CALLERS;   /* the caller is a secondary already: use it */
		return 0;
	}
	eal.state = EAL_FAILED;
	snprintf(eal.failure, sizeof(eal.failure), "attaching to media-core '%s' as a DPDK "
		 "secondary failed: %s (is it running with this --file-prefix, with "
		 "hugepages rather than --no-huge?)", prefix, rte_strerror(rte_errno));
	return mc_client_err(err, errlen, "%s", eal.failure);
}

/* A reply ring left by a dead process that had our pid: take it over, emptied. */
static struct rte_ring *reply_ring(struct mc_ring_tp *t)
{
	struct rte_ring *r = rte_ring_create(t->rsp_name, MC_RING_POOL_SIZE * 2, SOCKET_ID_ANY,
					     RING_F_SP_ENQ | RING_F_SC_DEQ);
	void *obj;

	if (r == NULL && rte_errno == EEXIST) {
		r = rte_ring_lookup(t->rsp_name);
		while (r != NULL && rte_ring_dequeue(r, &obj) == 0)
			rte_mempool_put(t->pool, obj);
	}
	return r;
}

static struct mc_ring_tp *ring_open(const char *prefix, int timeout_ms, char *err,
				    size_t errlen)
{
	struct mc_ring_tp *t = calloc(1, sizeof(*t));

	if (t == NULL) {
		mc_client_err(err, errlen, "out of memory");
		return NULL;
	}
	t->timeout_ms = timeout_ms;
	t->pool = rte_mempool_lookup(MC_RING_POOL_NAME);
	t->req = rte_ring_lookup(MC_RING_REQ_NAME);
	if (t->pool == NULL || t->req == NULL) {
		mc_client_err(err, errlen, "media-core '%s' offers no ring transport (%s not "
			      "found)", prefix, t->pool ? MC_RING_REQ_NAME : MC_RING_POOL_NAME);
		free(t);
		return NULL;
	}
	snprintf(t->rsp_name, sizeof(t->rsp_name), MC_RING_RSP_FMT, (long)getpid(),
		 eal.n_clients++);
	t->rsp = reply_ring(t);
	if (t->rsp == NULL) {
		mc_client_err(err, errlen, "creating reply ring %s: %s", t->rsp_name,
			      rte_strerror(rte_errno));
		free(t);
		return NULL;
	}
	t->greeting = json_pack("{s:s,s:s,s:s,s:i}", "transport", "ring", "file_prefix",
				prefix, "reply_ring", t->rsp_name, "max_request_len",
				MC_RING_BODY_SIZE - 1);
	return t;
}

struct mc_client *mc_client_open_ring_timeout(const char *file_prefix, int timeout_ms,
					      char *err, size_t errlen)
{
	struct mc_client *c;

	if (file_prefix == NULL || file_prefix[0] == '\0')
		file_prefix = MC_CLIENT_DEFAULT_PREFIX;
	if (file_prefix[0] == '/') {
		mc_client_err(err, errlen, "the ring transport takes a file prefix, not a path");
		return NULL;
	}
	if (eal_attach(file_prefix, err, errlen) < 0)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		mc_client_err(err, errlen, "out of memory");
		return NULL;
	}
	c->ops = &mc_ring_ops;
	c->tp = ring_open(file_prefix, timeout_ms, err, errlen);
	if (c->tp == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

struct mc_client *mc_client_open_ring(const char *file_prefix, char *err, size_t errlen)
{
	return mc_client_open_ring_timeout(file_prefix, MC_CLIENT_DEFAULT_TIMEOUT_MS, err,
					   errlen);
}

/*
 * Replies still owed to us would be enqueued on a freed ring: then the ring stays
 * (named after our pid; a later process with that pid takes it over).
 */
void mc_ring_destroy(void *tp)
{
	struct mc_ring_tp *t = tp;
	void *obj;

	while (rte_ring_dequeue(t->rsp, &obj) == 0) {
		rte_mempool_put(t->pool, obj);
		if (t->outstanding > 0)
			t->outstanding--;
	}
	if (t->outstanding == 0)
		rte_ring_free(t->rsp);
	json_decref(t->greeting);
	free(t);
}
