/* DTMF on the worker: digits received on a leg become MC_EV_DTMF events (once per
 * digit), and /mc/dtmf/send's command queues digits towards a leg (mc_dp_dtmf.c). */
#ifndef MC_DP_DTMF_H
#define MC_DP_DTMF_H

#include <stdbool.h>
#include <stdint.h>

struct mc_leg;
struct mc_session;
struct mc_wcmd;
struct mc_worker;

/* A digit received on leg, duration in ms. */
void mc_dp_emit_dtmf(struct mc_worker *w, const struct mc_leg *leg, char digit,
		     uint32_t duration_ms);
/* An RFC 4733 payload from leg's remote (timestamp ts), fed to leg->dp.tev: reports the
 * digit when the event ends (its end packet, sent three times, counts once; a long
 * event's segments are one digit with their summed duration). Returns the
 * mc_tevent_rx_kind, or -EINVAL for a short payload. */
int mc_dp_dtmf_rx(struct mc_worker *w, struct mc_leg *leg, const uint8_t *pl, uint32_t len,
		  uint32_t ts);
/* One RFC 4733 packet built from scratch towards `to` (mc_tc_tx.c); false when it could
 * not be sent (no remote, no neighbour, no mbuf; counted). */
bool mc_dp_send_event(struct mc_worker *w, struct mc_leg *to, uint8_t pt, bool marker,
		      uint16_t seq, uint32_t ts, uint32_t ssrc, const uint8_t *payload);
/* Relayed legs (mc_dp_dtmf_relay.c): digits as RFC 4733 events in the stream media-core
 * rewrites towards `to` (rewrite_ssrc): they take sequence numbers of that stream, and
 * the relayed packets after them move on by as many. A few legs per worker at a time. */
int mc_dp_dtmf_relay_queue(struct mc_worker *w, struct mc_leg *to, const char *digits,
			   unsigned duration_ms);
/* Every media tick: the next packet of each digit being sent. */
void mc_dp_dtmf_relay_tick(struct mc_worker *w);
/* A session leaving the worker: its digits are dropped. */
void mc_dp_dtmf_relay_forget(struct mc_worker *w, const struct mc_session *s);
/* MC_WCMD_DTMF: the number of digits queued, -ENOTSUP (a relayed leg without
 * rewrite_ssrc or telephone-event), -ENOSPC (queue full: nothing queued), -EINVAL. */
int mc_dp_dtmf_send(struct mc_worker *w, struct mc_wcmd *cmd);

#endif
