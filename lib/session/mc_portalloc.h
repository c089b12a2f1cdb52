/* Media port allocator of one worker: even RTP ports from the worker's share of the
 * configured range, each with RTP+1 for RTCP (reserved even with rtcp-mux, so a peer
 * that ignores mux still reaches us). Freed pairs wait in quarantine before reuse, so
 * late packets of an ended call never reach a new one; a FIFO keeps them in the order
 * they were freed, which is also the order their quarantine ends. No clock is read
 * here: callers pass the time in milliseconds, so tests drive it. */
#ifndef MC_PORTALLOC_H
#define MC_PORTALLOC_H

#include <stdbool.h>
#include <stdint.h>

struct mc_portalloc {
	uint16_t first;          /* first RTP port (even) */
	uint32_t n_pairs;
	uint32_t head, count;    /* FIFO of free pairs, oldest first */
	uint32_t *fifo;          /* pair index */
	uint64_t *ready_ms;      /* per FIFO slot: when its quarantine ends */
	uint8_t *in_use;         /* per pair: allocated (catches double frees) */
	uint32_t quarantine_ms;
};

/* Pairs (p, p+1) with p even and first <= p, p+1 <= last. -EINVAL if there is none,
 * -ENOMEM. Every pair starts free and out of quarantine. */
int mc_portalloc_init(struct mc_portalloc *pa, uint16_t first, uint16_t last,
		      uint32_t quarantine_ms);
void mc_portalloc_free_all(struct mc_portalloc *pa);

/* True when n pairs could be allocated at now_ms (nothing changes). */
bool mc_portalloc_can_alloc(const struct mc_portalloc *pa, uint32_t n, uint64_t now_ms);
/* The RTP port of the oldest free pair out of quarantine, or -ENOSPC. */
int mc_portalloc_get(struct mc_portalloc *pa, uint64_t now_ms);
/* Returns rtp_port's pair at now_ms: reusable from now_ms + quarantine_ms.
 * -EINVAL if it is not an allocated pair of this allocator. */
int mc_portalloc_put(struct mc_portalloc *pa, uint16_t rtp_port, uint64_t now_ms);
/* Returns a pair as if it had never been allocated: usable at once (rolling back a
 * request that failed before any packet could reach the port). */
int mc_portalloc_unget(struct mc_portalloc *pa, uint16_t rtp_port);

/* Free pairs, in quarantine or not. */
uint32_t mc_portalloc_free_count(const struct mc_portalloc *pa);
/* Free pairs out of quarantine at now_ms. */
uint32_t mc_portalloc_ready_count(const struct mc_portalloc *pa, uint64_t now_ms);
bool mc_portalloc_owns(const struct mc_portalloc *pa, uint16_t port);

#endif
