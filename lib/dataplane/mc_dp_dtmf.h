/* DTMF on the worker: digits received on a leg become MC_EV_DTMF events (once per
 * digit), and /mc/dtmf/send's command queues digits towards a leg (mc_dp_dtmf.c). */
#ifndef MC_DP_DTMF_H
#define MC_DP_DTMF_H

#include <stdint.h>

struct mc_leg;
struct mc_wcmd;
struct mc_worker;

/* A digit received on leg, duration in ms. */
void mc_dp_emit_dtmf(struct mc_worker *w, const struct mc_leg *leg, char digit,
		     uint32_t duration_ms);
/* An RFC 4733 payload from leg's remote (timestamp ts): reports the digit when the
 * event ends (its end packet, sent three times, counts once). */
void mc_dp_dtmf_rx(struct mc_worker *w, struct mc_leg *leg, const uint8_t *pl, uint32_t len,
		   uint32_t ts);
/* MC_WCMD_DTMF: the number of digits queued, -ENOTSUP (the leg is relayed: nothing of
 * ours goes to it), -ENOSPC (queue full: nothing queued), -EINVAL. */
int mc_dp_dtmf_send(struct mc_worker *w, struct mc_wcmd *cmd);

#endif
