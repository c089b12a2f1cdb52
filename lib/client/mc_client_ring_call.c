/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ring transport: one message out on media-core's request ring, the same message back
 * on ours. A reply that comes too late (after a timeout) is recognised by its id when it
 * turns up and returned to the pool, never taken for the answer to a later request.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_eal.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "mc_client.h"
#include "mc_client_priv.h"
#include "mc_client_ring.h"

#define LIVENESS_MS 100     /* how often a waiter checks that media-core still runs */
#define MAX_NAP_NS 1000000  /* waits start with short naps for fast replies, up to 1 ms */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Our reply: its body is the command's reply value, exactly as telemetry would carry. */
static int take_reply(struct mc_ring_tp *t, struct mc_ring_msg *m, const char *cmd,
		      json_t **result, char *err, size_t errlen)
{
	char why[160];
	int rc = mc_ring_msg_check(m, MC_RING_REPLY, why, sizeof(why));

	if (rc == 0 && m->body_len == 0)
		rc = mc_client_err(why, sizeof(why), "empty body");
	if (rc == 0)
		rc = mc_ring_msg_body(m, result, why, sizeof(why));
	rte_mempool_put(t->pool, m);
	if (rc < 0)
		return mc_client_err(err, errlen, "%s: malformed reply: %s", cmd, why);
	return 0;
}

static int wait_reply(struct mc_ring_tp *t, uint64_t id, const char *cmd,
		      json_t **result, char *err, size_t errlen)
{
	int64_t start = now_ms(), next_check = start + LIVENESS_MS;
	struct timespec nap = { 0, 10000 };
	void *obj;

	for (;;) {
		while (rte_ring_sc_dequeue(t->rsp, &obj) == 0) {
			struct mc_ring_msg *m = obj;

			t->outstanding--;
			if (m->id == id)
				return take_reply(t, m, cmd, result, err, errlen);
			rte_mempool_put(t->pool, m);   /* a late reply to an earlier request */
		}
		int64_t now = now_ms();

		if (t->timeout_ms > 0 && now - start >= t->timeout_ms)
			return mc_client_err(err, errlen, "%s: no reply from media-core within "
					     "%d ms", cmd, t->timeout_ms);
		if (now >= next_check) {
			if (!rte_eal_primary_proc_alive(NULL))
				return mc_client_err(err, errlen, "%s: media-core exited before "
						     "replying", cmd);
			next_check = now + LIVENESS_MS;
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < MAX_NAP_NS)
			nap.tv_nsec *= 2;
	}
}

static int ring_exchange(void *tp, const char *cmd, const json_t *params,
			 json_t **result, char *err, size_t errlen)
{
	struct mc_ring_tp *t = tp;
	void *obj;
	uint64_t id = ++t->next_id;

	*result = NULL;
	if (!rte_eal_primary_proc_alive(NULL))
		return mc_client_err(err, errlen, "%s: media-core is not running (its DPDK "
				     "primary process has exited)", cmd);
	if (rte_mempool_get(t->pool, &obj) < 0)
		return mc_client_err(err, errlen, "%s: all %d messages of %s are in use; retry",
				     cmd, MC_RING_POOL_SIZE, MC_RING_POOL_NAME);
	if (mc_ring_msg_request(obj, id, t->rsp_name, cmd, params, err, errlen) < 0) {
		rte_mempool_put(t->pool, obj);
		return -1;
	}
	if (rte_ring_mp_enqueue(t->req, obj) != 0) {
		/* As the telemetry server answers when its queue to the control lcore is full. */
		rte_mempool_put(t->pool, obj);
		*result = json_pack("{s:{s:s,s:s}}", "error", "code", "EBUSY", "message",
				    "control ring full; retry");
		return *result ? 0 : mc_client_err(err, errlen, "out of memory");
	}
	t->outstanding++;
	return wait_reply(t, id, cmd, result, err, errlen);
}

static void ring_set_timeout(void *tp, int timeout_ms)
{
	((struct mc_ring_tp *)tp)->timeout_ms = timeout_ms;
}

static const json_t *ring_greeting(const void *tp)
{
	return ((const struct mc_ring_tp *)tp)->greeting;
}

const struct mc_client_ops mc_ring_ops = {
	.name = "ring",
	.exchange = ring_exchange,
	.set_timeout = ring_set_timeout,
	.greeting = ring_greeting,
	.destroy = mc_ring_destroy,
};
