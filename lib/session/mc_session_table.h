/* The control lcore's sessions: a pool of max_sessions sessions allocated once, a free
 * list, an id -> session hash (open addressing, linear probing, backward-shift deletion,
 * so no tombstones accumulate), and a creation-order list so /mc/session/list pages in
 * a stable order. Nothing here allocates after init. Owned by one thread: no locks. */
#ifndef MC_SESSION_TABLE_H
#define MC_SESSION_TABLE_H

#include <stdint.h>

#include "mc_session.h"

#define MC_SLOT_NONE UINT32_MAX

struct mc_session_table {
	struct mc_session *pool;     /* max sessions, cache aligned */
	void *pool_mem;              /* what to free */
	uint32_t max;
	uint32_t count;              /* live (inserted) sessions */
	uint32_t *free_stack;        /* free slots; next to use on top */
	uint32_t n_free;
	uint32_t *hash;              /* slot, or MC_SLOT_NONE */
	uint32_t hash_mask;          /* hash size - 1 (a power of two, >= 2 * max) */
	uint8_t *live;               /* per slot: inserted */
	uint32_t *next, *prev;       /* creation order of live sessions */
	uint32_t oldest, newest;
	uint32_t cursor_slot;        /* last page position, to page without rewalking */
	uint32_t cursor_pos;
};

/* 0, -EINVAL (max 0 or too large) or -ENOMEM. */
int mc_session_table_init(struct mc_session_table *t, uint32_t max);
void mc_session_table_free(struct mc_session_table *t);

/* A zeroed session from the pool (slot and generation set), or NULL when none is left.
 * It is not findable until inserted. */
struct mc_session *mc_session_table_alloc(struct mc_session_table *t);
/* Gives a session (not inserted, or removed) back to the pool; its generation bumps. */
void mc_session_table_release(struct mc_session_table *t, struct mc_session *s);

/* Makes s findable by s->id. -EEXIST if another session has that id. */
int mc_session_table_insert(struct mc_session_table *t, struct mc_session *s);
/* Makes s unfindable (it stays allocated). -ENOENT if it was not inserted. */
int mc_session_table_remove(struct mc_session_table *t, struct mc_session *s);
struct mc_session *mc_session_table_find(const struct mc_session_table *t, const char *id);
/* The live session in slot with that generation, or NULL (stale event, reused slot). */
struct mc_session *mc_session_table_at(const struct mc_session_table *t, uint32_t slot,
				       uint32_t generation);

static inline uint32_t mc_session_table_count(const struct mc_session_table *t)
{
	return t->count;
}

static inline uint32_t mc_session_table_free_slots(const struct mc_session_table *t)
{
	return t->n_free;
}

/* Sessions in creation order: the first at or after position offset, then the next. */
struct mc_session *mc_session_table_nth(struct mc_session_table *t, uint32_t offset);
struct mc_session *mc_session_table_next(const struct mc_session_table *t,
					 const struct mc_session *s);

#endif
