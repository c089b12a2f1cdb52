/* Who a refused packet was for. The worker's tx buffers send in bursts, so by the time
 * the NIC refuses a packet the code that queued it is long gone; the destination leg
 * rides in the mbuf instead (one store while the packet is queued) and the buffer's
 * error callback counts the drop on it. A leg named there stays valid: the worker
 * flushes its buffers before it lets go of a session (mc_dp_apply.c, del). */
#include "mc_dp.h"
#include "mc_dp_session.h"

#include <rte_errno.h>
#include <rte_mbuf_dyn.h>

static const struct rte_mbuf_dynfield tx_leg_field = {
	.name = MC_TX_LEG_FIELD,
	.size = sizeof(struct mc_leg *),
	.align = __alignof__(struct mc_leg *),
};

int mc_tx_leg_register(void)
{
	/* Idempotent: the same name and parameters give the same offset again. */
	int off = rte_mbuf_dynfield_register(&tx_leg_field);

	if (off < 0)
		return -1;
	mc_dp.tx_leg_off = off;
	return 0;
}

void mc_tx_refused(struct rte_mbuf **pkts, uint16_t unsent, void *arg)
{
	struct mc_worker *w = arg;

	w->st.drops[MC_DROP_TX_FULL] += unsent;
	for (uint16_t i = 0; i < unsent; i++) {
		struct mc_leg *leg = mc_tx_leg(pkts[i]);

		if (leg != NULL)
			leg->dp.st.drops[MC_LEG_DROP_TX]++;
		rte_pktmbuf_free(pkts[i]);
	}
}
