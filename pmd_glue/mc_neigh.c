/* Neighbour state machine, a small subset of RFC 4861 section 7.3 applied to
 * ARP (as Linux does):
 *   lookup miss -> INCOMPLETE, broadcast probe due now, then every retrans_ms;
 *   max_probes unanswered -> FAILED, kept failed_ms as a negative cache so a
 *   busy leg does not flood the wire, then removed;
 *   any ARP from the neighbour -> REACHABLE;
 *   reachable_ms later -> STALE: still used for sending, but once used it is
 *   re-confirmed by unicast probes (max_probes, then FAILED); never used for
 *   stale_ms -> removed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mc_neigh.h"

int mc_neigh_init(struct mc_neigh_table *t, unsigned capacity, const struct mc_neigh_params *p)
{
	static const struct mc_neigh_params defaults = MC_NEIGH_PARAMS_DEFAULT;

	if (t == NULL || capacity == 0)
		return -EINVAL;
	if (p == NULL)
		p = &defaults;
	/* probes is a uint8_t counter; a zero retransmit interval would probe on
	 * every tick. */
	if (p->max_probes == 0 || p->max_probes > UINT8_MAX || p->retrans_ms == 0)
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	t->entries = calloc(capacity, sizeof(*t->entries));
	if (t->entries == NULL)
		return -ENOMEM;
	t->capacity = capacity;
	t->params = *p;
	return 0;
}

void mc_neigh_free(struct mc_neigh_table *t)
{
	if (t == NULL)
		return;
	free(t->entries);
	memset(t, 0, sizeof(*t));
}

static struct mc_neigh_entry *find(struct mc_neigh_table *t, uint16_t port, uint32_t ip)
{
	for (unsigned i = 0; i < t->count; i++) {
		struct mc_neigh_entry *e = &t->entries[i];

		if (e->ip == ip && e->port == port)
			return e;
	}
	return NULL;
}

static struct mc_neigh_entry *add(struct mc_neigh_table *t, uint16_t port, uint32_t ip,
				  uint64_t now_ms)
{
	struct mc_neigh_entry *e;

	if (t->count == t->capacity)
		return NULL;
	e = &t->entries[t->count++];
	memset(e, 0, sizeof(*e));
	e->ip = ip;
	e->port = port;
	e->updated_ms = now_ms;
	e->used_ms = now_ms;
	return e;
}

/* Keeps the array dense; the caller must look at index i again. */
static void remove_at(struct mc_neigh_table *t, unsigned i)
{
	t->count--;
	if (i != t->count)
		t->entries[i] = t->entries[t->count];
	memset(&t->entries[t->count], 0, sizeof(t->entries[0]));
}

static void set_state(struct mc_neigh_entry *e, enum mc_neigh_state s, uint64_t now_ms)
{
	e->state = (uint8_t)s;
	e->updated_ms = now_ms;
	e->next_ms = now_ms;
	e->probes = 0;
}

int mc_neigh_lookup(struct mc_neigh_table *t, uint16_t port, uint32_t ip, uint64_t now_ms,
		    struct rte_ether_addr *mac)
{
	struct mc_neigh_entry *e;

	if (ip == 0)
		return -EHOSTUNREACH;
	e = find(t, port, ip);
	if (e == NULL) {
		e = add(t, port, ip, now_ms);
		if (e == NULL)
			return -ENOSPC;
		set_state(e, MC_NEIGH_INCOMPLETE, now_ms);
		return -EAGAIN;
	}
	e->used_ms = now_ms;
	switch (e->state) {
	case MC_NEIGH_REACHABLE:
	case MC_NEIGH_STALE:
		*mac = e->mac;
		return 0;
	case MC_NEIGH_FAILED:
		return -EHOSTUNREACH;
	default:
		return -EAGAIN;
	}
}

void mc_neigh_learn(struct mc_neigh_table *t, uint16_t port, uint32_t ip,
		    const struct rte_ether_addr *mac, uint64_t now_ms, bool create)
{
	struct mc_neigh_entry *e;

	if (t == NULL || ip == 0)
		return;
	e = find(t, port, ip);
	if (e == NULL) {
		if (!create)
			return;
		e = add(t, port, ip, now_ms);
		if (e == NULL)
			return;
	}
	e->mac = *mac;
	set_state(e, MC_NEIGH_REACHABLE, now_ms);
}

/* One probe step shared by INCOMPLETE (broadcast) and STALE in use (unicast):
 * probe when due, or give up after max_probes unanswered ones. */
static void probe_step(const struct mc_neigh_table *t, struct mc_neigh_entry *e,
		       uint64_t now_ms, const struct rte_ether_addr *unicast,
		       mc_neigh_probe_fn probe, void *ctx)
{
	if (now_ms < e->next_ms)
		return;
	if (e->probes >= t->params.max_probes) {
		set_state(e, MC_NEIGH_FAILED, now_ms);
		return;
	}
	e->probes++;
	e->next_ms = now_ms + t->params.retrans_ms;
	if (probe != NULL)
		probe(ctx, e->port, e->ip, unicast);
}

/* Returns true when the entry has to be removed. */
static bool tick_one(struct mc_neigh_table *t, struct mc_neigh_entry *e, uint64_t now_ms,
		     mc_neigh_probe_fn probe, void *ctx)
{
	const struct mc_neigh_params *p = &t->params;

	switch (e->state) {
	case MC_NEIGH_INCOMPLETE:
		probe_step(t, e, now_ms, NULL, probe, ctx);
		return false;
	case MC_NEIGH_REACHABLE:
		if (now_ms >= e->updated_ms + p->reachable_ms)
			set_state(e, MC_NEIGH_STALE, now_ms);
		return false;
	case MC_NEIGH_STALE:
		/* In use: looked up since it went stale; once re-probing has
		 * started it runs to an answer or to FAILED. */
		if (e->probes > 0 || e->used_ms >= e->updated_ms) {
			probe_step(t, e, now_ms, &e->mac, probe, ctx);
			return false;
		}
		return now_ms >= e->updated_ms + p->stale_ms;
	case MC_NEIGH_FAILED:
		return now_ms >= e->updated_ms + p->failed_ms;
	default:
		return true;
	}
}

void mc_neigh_tick(struct mc_neigh_table *t, uint64_t now_ms, mc_neigh_probe_fn probe, void *ctx)
{
	unsigned i = 0;

	while (i < t->count) {
		if (tick_one(t, &t->entries[i], now_ms, probe, ctx))
			remove_at(t, i);
		else
			i++;
	}
}

const char *mc_neigh_state_name(enum mc_neigh_state s)
{
	static const char *const names[] = {
		[MC_NEIGH_FREE] = "free",
		[MC_NEIGH_INCOMPLETE] = "incomplete",
		[MC_NEIGH_REACHABLE] = "reachable",
		[MC_NEIGH_STALE] = "stale",
		[MC_NEIGH_FAILED] = "failed",
	};
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

unsigned mc_neigh_count(const struct mc_neigh_table *t)
{
	return t->count;
}

const struct mc_neigh_entry *mc_neigh_at(const struct mc_neigh_table *t, unsigned i)
{
	return i < t->count ? &t->entries[i] : NULL;
}
