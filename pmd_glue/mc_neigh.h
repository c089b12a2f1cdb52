/* IPv4 neighbour table (ARP cache), owned by the control lcore. No clock is
 * read here: every call takes the time in milliseconds, so tests drive it.
 * Capacity is fixed at init; entries are kept dense (removal moves the last
 * entry into the hole), so iteration and scans only touch live entries, and a
 * pointer from mc_neigh_at() is valid only until the next call that may remove. */
#ifndef MC_NEIGH_H
#define MC_NEIGH_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_ether.h>

enum mc_neigh_state {
	MC_NEIGH_FREE,
	MC_NEIGH_INCOMPLETE, /* broadcast probes sent, no answer yet */
	MC_NEIGH_REACHABLE,  /* confirmed within reachable_ms */
	MC_NEIGH_STALE,      /* still used, re-confirmed by unicast probe when in use */
	MC_NEIGH_FAILED,     /* no answer: negative cache for failed_ms */
};

struct mc_neigh_params {
	uint32_t reachable_ms; /* 30000: REACHABLE -> STALE */
	uint32_t retrans_ms;   /* 1000: between probes */
	uint32_t max_probes;   /* 3: INCOMPLETE (or STALE in use) -> FAILED */
	uint32_t stale_ms;     /* 60000: STALE, unused, -> removed */
	uint32_t failed_ms;    /* 10000: FAILED kept (negative cache) */
};

#define MC_NEIGH_PARAMS_DEFAULT \
	{ .reachable_ms = 30000, .retrans_ms = 1000, .max_probes = 3, \
	  .stale_ms = 60000, .failed_ms = 10000 }

struct mc_neigh_entry {
	uint32_t ip;                /* network byte order */
	uint16_t port;
	uint8_t state;              /* enum mc_neigh_state */
	uint8_t probes;             /* sent in the current resolution */
	struct rte_ether_addr mac;
	uint64_t updated_ms;        /* last state change */
	uint64_t next_ms;           /* next probe (or state deadline) */
	uint64_t used_ms;           /* last successful or attempted lookup */
};

struct mc_neigh_table {
	struct mc_neigh_entry *entries;
	unsigned capacity;
	unsigned count;
	struct mc_neigh_params params;
};

/* p NULL: defaults. Returns 0, -EINVAL or -ENOMEM. */
int mc_neigh_init(struct mc_neigh_table *t, unsigned capacity, const struct mc_neigh_params *p);
void mc_neigh_free(struct mc_neigh_table *t);

/* 0 and *mac filled if REACHABLE or STALE; -EAGAIN if resolution is (now) in
 * progress (entry created INCOMPLETE with a probe due immediately);
 * -EHOSTUNREACH if FAILED (or ip is 0); -ENOSPC if full. */
int mc_neigh_lookup(struct mc_neigh_table *t, uint16_t port, uint32_t ip, uint64_t now_ms,
		    struct rte_ether_addr *mac);

/* Learn from an ARP packet (RFC 826 merge: update if present; create only if
 * `create` and there is room). The entry becomes REACHABLE. */
void mc_neigh_learn(struct mc_neigh_table *t, uint16_t port, uint32_t ip,
		    const struct rte_ether_addr *mac, uint64_t now_ms, bool create);

/* unicast: NULL for a broadcast probe, else the MAC to re-probe. */
typedef void (*mc_neigh_probe_fn)(void *ctx, uint16_t port, uint32_t ip,
				  const struct rte_ether_addr *unicast);

/* Age entries and send due probes (see mc_neigh.c for the state machine). */
void mc_neigh_tick(struct mc_neigh_table *t, uint64_t now_ms, mc_neigh_probe_fn probe, void *ctx);

const char *mc_neigh_state_name(enum mc_neigh_state s);

/* Iteration for /mc/neighbors: i in [0, count). */
unsigned mc_neigh_count(const struct mc_neigh_table *t);
const struct mc_neigh_entry *mc_neigh_at(const struct mc_neigh_table *t, unsigned i);

#endif
