/* Messages between the control lcore and a worker (control by message rings, as in
 * ip_pipeline). The control lcore waits for the acknowledgement of each command, so a
 * command's payload may live on the control lcore's stack. */
#ifndef MC_WCMD_H
#define MC_WCMD_H

#include <stdatomic.h>
#include <stdint.h>

#include "mc_session.h"

enum mc_wcmd_type {
	MC_WCMD_ADD,        /* session: start serving its legs' ports */
	MC_WCMD_UPDATE,     /* session + new leg configurations in `legs` */
	MC_WCMD_DEL,        /* session: stop serving; the control lcore frees it after the ack */
	MC_WCMD_DTMF,       /* session: queue `digits` towards leg `leg`'s remote; rc is the
			     * number queued or a negative errno */
};

#define MC_DTMF_SEND_MAX 32  /* digits per request, and queued per leg */

struct mc_wcmd {
	enum mc_wcmd_type type;
	struct mc_session *session;
	/* UPDATE: the new conf and the dp fields the control lcore recomputed (remote,
	 * MAC, direction, PT map); the worker copies what changed, keeping counters,
	 * statistics and rewrite state, so the stream stays continuous. */
	struct mc_leg_conf legs[MC_LEGS_PER_SESSION];
	struct mc_leg_dp legs_dp[MC_LEGS_PER_SESSION];
	/* DTMF */
	uint8_t leg;
	uint16_t duration_ms;
	char digits[MC_DTMF_SEND_MAX + 1];
	atomic_int done;    /* 0 pending, 1 done (worker writes), result in rc */
	int rc;
};

#endif
