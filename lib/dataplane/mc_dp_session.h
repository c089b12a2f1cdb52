/* The dataplane's session interface, as the control lcore sees it: the media port range
 * split between workers, commands that hand a session's legs to a worker (and take them
 * back), and the events workers report.
 *
 * Contract with the control side:
 * - ADD: the control lcore fills every leg's conf and dp (local/remote addresses,
 *   remote_rtcp_port, MAC + mac_valid, direction via mc_direction_apply, pt_out,
 *   clock_rate, rewrite and rw) and the session's worker/slot/generation/media_timeout_ms.
 *   The worker resets counters, receive statistics, latching and timeout state, maps both
 *   ports of each leg (local_port and local_port + 1) and owns leg->dp from then on.
 * - UPDATE: cmd->legs[i] / cmd->legs_dp[i] hold the new state of EVERY leg of the
 *   session (copy unchanged legs as they are). The worker compares cmd->legs[i] with the
 *   leg's current conf, so the control lcore must not write leg->conf of a live session
 *   itself: the worker copies it while applying the command (the control lcore is
 *   waiting for the ack, so nobody reads it meanwhile). A changed configured remote
 *   (has_remote, remote_ip or remote_port) resets the latch and takes the new remote and
 *   MAC; otherwise the remote and MAC are taken only while the leg is not latched (a
 *   neighbour resolved late). Direction, pt_out, rewrite, latching, rtcp_mux and
 *   clock_rate are always taken; counters, statistics and rewriter state are kept (rw is
 *   taken only when rewrite turns on for a rewriter that has not started).
 * - DEL: the worker unmaps the ports and forgets the session; after the ack the control
 *   lcore may read the final counters and free it.
 * - A local port must lie in the owning worker's share (mc_dp_port_share) and be even.
 */
#ifndef MC_DP_SESSION_H
#define MC_DP_SESSION_H

#include <stdint.h>

#include "mc_event.h"
#include "mc_wcmd.h"

struct mc_worker;

/* How long mc_dp_command waits for a worker's acknowledgement. */
#define MC_DP_CMD_TIMEOUT_MS 1000

/* Start-up, before any mc_worker_init: the configured media range ([media] port_min..
 * port_max) split evenly between n_workers, each share an even number of ports starting
 * at an even port (a session takes RTP/RTCP pairs). */
void mc_dp_set_media_range(uint16_t port_min, uint16_t port_max, unsigned n_workers);
/* The worker's share of the media port range, inclusive. */
void mc_dp_port_share(unsigned worker, uint16_t *first, uint16_t *last);
/* The worker that owns a UDP port, or -1 when the port is outside the range. */
int mc_dp_port_owner(uint16_t port);

/* Control lcore: hand cmd to worker w and wait for its ack (at most MC_DP_CMD_TIMEOUT_MS).
 * The command is copied into the worker's own mailbox, so cmd may live on the caller's
 * stack. When w runs on the calling lcore (single-core mode, tests) the command is applied
 * directly. Returns cmd->rc (0, or -EINVAL for a port outside the worker's share or
 * already mapped, -ENOENT for an unknown session, -ENOSPC when the worker's session list is
 * full), or -ETIMEDOUT: then the worker may still apply the command later, so the caller
 * must not free or reuse the session; the worker refuses further commands with -EBUSY
 * until it has caught up. */
int mc_dp_command(struct mc_worker *w, struct mc_wcmd *cmd);

/* Control lcore: drain the event rings of every worker, calling fn for each event.
 * Returns the number of events. */
unsigned mc_dp_poll_events(void (*fn)(const struct mc_event *ev, void *ctx), void *ctx);

#endif
