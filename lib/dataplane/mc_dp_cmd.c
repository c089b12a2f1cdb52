/* Control lcore -> worker commands. The control lcore copies each command into the
 * worker's mailbox and waits for the ack, so a command that times out never leaves the
 * worker holding a pointer into a stack frame that is gone. One command is in flight per
 * worker at a time: only the control lcore sends. */
#include "mc_dp.h"
#include "mc_dp_session.h"

#include <errno.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_pause.h>

#include "mc_wcmd.h"

/* Worker: apply what the control lcore sent (at most one command is pending). */
unsigned mc_dp_worker_commands(struct mc_worker *w)
{
	struct mc_wcmd *cmd;

	if (rte_ring_sc_dequeue(w->cmd_ring, (void **)&cmd) != 0)
		return 0;
	cmd->rc = mc_dp_apply(w, cmd);
	atomic_store_explicit(&cmd->done, 1, memory_order_release);
	return 1;
}

static int wait_ack(struct mc_worker *w)
{
	uint64_t deadline = rte_get_tsc_cycles() +
			    rte_get_tsc_hz() / 1000 * MC_DP_CMD_TIMEOUT_MS;

	while (atomic_load_explicit(&w->cmd_box->done, memory_order_acquire) == 0) {
		if (rte_get_tsc_cycles() > deadline) {
			w->cmd_pending = 1;
			return -ETIMEDOUT;
		}
		rte_pause();
	}
	return w->cmd_box->rc;
}

int mc_dp_command(struct mc_worker *w, struct mc_wcmd *cmd)
{
	if (w->lcore == rte_lcore_id()) {
		cmd->rc = mc_dp_apply(w, cmd);
		atomic_store_explicit(&cmd->done, 1, memory_order_release);
		return cmd->rc;
	}
	if (w->cmd_pending) {
		if (atomic_load_explicit(&w->cmd_box->done, memory_order_acquire) == 0)
			return -EBUSY;
		w->cmd_pending = 0;
	}
	*w->cmd_box = *cmd;
	atomic_store_explicit(&w->cmd_box->done, 0, memory_order_relaxed);
	if (rte_ring_sp_enqueue(w->cmd_ring, w->cmd_box) != 0)
		return -EBUSY;
	cmd->rc = wait_ack(w);
	atomic_store_explicit(&cmd->done, cmd->rc != -ETIMEDOUT, memory_order_relaxed);
	return cmd->rc;
}

void mc_dp_set_media_range(uint16_t port_min, uint16_t port_max, unsigned n_workers)
{
	unsigned base = (port_min + 1u) & ~1u;
	unsigned total = port_max >= base ? port_max - base + 1u : 0;

	mc_dp.media_base = (uint16_t)base;
	mc_dp.media_workers = n_workers;
	mc_dp.media_share = n_workers ? (uint16_t)((total / n_workers) & ~1u) : 0;
}

void mc_dp_port_share(unsigned worker, uint16_t *first, uint16_t *last)
{
	*first = (uint16_t)(mc_dp.media_base + worker * mc_dp.media_share);
	*last = (uint16_t)(*first + mc_dp.media_share - 1u);
}

int mc_dp_port_owner(uint16_t port)
{
	unsigned w;

	if (mc_dp.media_share == 0 || port < mc_dp.media_base)
		return -1;
	w = (unsigned)(port - mc_dp.media_base) / mc_dp.media_share;
	return w < mc_dp.media_workers ? (int)w : -1;
}
