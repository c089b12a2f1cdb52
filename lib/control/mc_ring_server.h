/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ring transport's server side, on the control lcore: a pool of request messages and
 * a request ring that DPDK secondaries (libmcclient's ring transport) fill; each request
 * runs through the same command table as telemetry and its reply goes back, in the same
 * message, on the ring the client named.
 */
#ifndef MC_RING_SERVER_H
#define MC_RING_SERVER_H

struct mc_ring_msg;

/*
 * Creates the pool and the request ring. Returns 0, or -1 (logged) when they cannot be
 * made (e.g. out of memory): media-core then runs with telemetry only.
 */
int mc_ring_server_init(void);
/* Answers the requests still queued (EBUSY: media-core is stopping), then frees the
 * ring and the pool. */
void mc_ring_server_fini(void);
/* Serves a bounded burst of requests; returns how many. Control lcore only. */
unsigned mc_ring_server_poll(void);

/*
 * Runs one request message and turns it into its reply, in place: a malformed header or
 * body gets an error reply (status MC_RING_ST_BADMSG). Needs no EAL (tests call it).
 */
void mc_ring_server_handle(struct mc_ring_msg *m);

#endif /* MC_RING_SERVER_H */
