#include "mc_session_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MC_SESSION_TABLE_LIMIT (1u << 24)

int mc_session_table_init(struct mc_session_table *t, uint32_t max)
{
	size_t align = _Alignof(struct mc_session), hsize = 2;

	memset(t, 0, sizeof(*t));
	if (max == 0 || max > MC_SESSION_TABLE_LIMIT)
		return -EINVAL;
	while (hsize < 2 * (size_t)max)
		hsize <<= 1;
	/* calloc leaves untouched pages unmapped: a large pool costs memory only as
	 * sessions are used. Over-allocate to align the legs' cache lines. */
	t->pool_mem = calloc(1, (size_t)max * sizeof(struct mc_session) + align);
	t->free_stack = calloc(max, sizeof(uint32_t));
	t->hash = malloc(hsize * sizeof(uint32_t));
	t->live = calloc(max, 1);
	t->next = calloc(max, sizeof(uint32_t));
	t->prev = calloc(max, sizeof(uint32_t));
	if (!t->pool_mem || !t->free_stack || !t->hash || !t->live || !t->next || !t->prev) {
		mc_session_table_free(t);
		return -ENOMEM;
	}
	t->pool = (struct mc_session *)(((uintptr_t)t->pool_mem + align - 1) &
					~(uintptr_t)(align - 1));
	t->max = max;
	t->hash_mask = (uint32_t)hsize - 1;
	memset(t->hash, 0xff, hsize * sizeof(uint32_t));
	/* Lowest slots on top, so a fresh table fills the pool from the start. */
	for (uint32_t i = 0; i < max; i++)
		t->free_stack[i] = max - 1 - i;
	t->n_free = max;
	t->oldest = t->newest = t->cursor_slot = MC_SLOT_NONE;
	return 0;
}

void mc_session_table_free(struct mc_session_table *t)
{
	free(t->pool_mem);
	free(t->free_stack);
	free(t->hash);
	free(t->live);
	free(t->next);
	free(t->prev);
	memset(t, 0, sizeof(*t));
}

struct mc_session *mc_session_table_alloc(struct mc_session_table *t)
{
	struct mc_session *s;
	uint32_t slot, gen;

	if (t->n_free == 0)
		return NULL;
	slot = t->free_stack[--t->n_free];
	s = &t->pool[slot];
	gen = s->generation;
	memset(s, 0, sizeof(*s));
	s->slot = slot;
	s->generation = gen;
	return s;
}

void mc_session_table_release(struct mc_session_table *t, struct mc_session *s)
{
	if (t->live[s->slot])
		mc_session_table_remove(t, s);
	s->generation++;
	t->free_stack[t->n_free++] = s->slot;
}

/* FNV-1a: ids are short strings chosen by the client, not by an attacker of the
 * hash (the control socket is local and trusted). */
static uint32_t hash_id(const char *id)
{
	uint32_t h = 2166136261u;

	for (; *id; id++)
		h = (h ^ (uint8_t)*id) * 16777619u;
	return h;
}

static uint32_t find_pos(const struct mc_session_table *t, const char *id)
{
	for (uint32_t i = hash_id(id) & t->hash_mask;; i = (i + 1) & t->hash_mask) {
		uint32_t slot = t->hash[i];

		if (slot == MC_SLOT_NONE || strcmp(t->pool[slot].id, id) == 0)
			return i;
	}
}

struct mc_session *mc_session_table_find(const struct mc_session_table *t, const char *id)
{
	uint32_t slot = t->max ? t->hash[find_pos(t, id)] : MC_SLOT_NONE;

	return slot == MC_SLOT_NONE ? NULL : &t->pool[slot];
}

int mc_session_table_insert(struct mc_session_table *t, struct mc_session *s)
{
	uint32_t pos = find_pos(t, s->id);

	if (t->hash[pos] != MC_SLOT_NONE)
		return -EEXIST;
	t->hash[pos] = s->slot;
	t->live[s->slot] = 1;
	t->next[s->slot] = MC_SLOT_NONE;
	t->prev[s->slot] = t->newest;
	if (t->newest != MC_SLOT_NONE)
		t->next[t->newest] = s->slot;
	else
		t->oldest = s->slot;
	t->newest = s->slot;
	t->count++;
	return 0;
}

/* Backward-shift deletion: pull later members of the probe run into the hole, so
 * lookups never need tombstones. */
static void hash_delete(struct mc_session_table *t, uint32_t hole)
{
	for (uint32_t i = (hole + 1) & t->hash_mask;; i = (i + 1) & t->hash_mask) {
		uint32_t slot = t->hash[i], home;

		if (slot == MC_SLOT_NONE)
			break;
		home = hash_id(t->pool[slot].id) & t->hash_mask;
		/* Move it unless its home lies cyclically in (hole, i]. */
		if (((i - home) & t->hash_mask) >= ((i - hole) & t->hash_mask)) {
			t->hash[hole] = slot;
			hole = i;
		}
	}
	t->hash[hole] = MC_SLOT_NONE;
}

int mc_session_table_remove(struct mc_session_table *t, struct mc_session *s)
{
	uint32_t pos, slot = s->slot;

	if (!t->live[slot])
		return -ENOENT;
	pos = find_pos(t, s->id);
	hash_delete(t, pos);
	t->live[slot] = 0;
	if (t->prev[slot] != MC_SLOT_NONE)
		t->next[t->prev[slot]] = t->next[slot];
	else
		t->oldest = t->next[slot];
	if (t->next[slot] != MC_SLOT_NONE)
		t->prev[t->next[slot]] = t->prev[slot];
	else
		t->newest = t->prev[slot];
	t->cursor_slot = MC_SLOT_NONE;   /* positions after it shifted */
	t->count--;
	return 0;
}

struct mc_session *mc_session_table_at(const struct mc_session_table *t, uint32_t slot,
				       uint32_t generation)
{
	if (slot >= t->max || !t->live[slot] || t->pool[slot].generation != generation)
		return NULL;
	return &t->pool[slot];
}

struct mc_session *mc_session_table_nth(struct mc_session_table *t, uint32_t offset)
{
	uint32_t slot = t->oldest, pos = 0;

	if (offset >= t->count)
		return NULL;
	/* Paging asks for offsets in increasing order: continue from the last page. */
	if (t->cursor_slot != MC_SLOT_NONE && t->cursor_pos <= offset) {
		slot = t->cursor_slot;
		pos = t->cursor_pos;
	}
	for (; pos < offset; pos++)
		slot = t->next[slot];
	t->cursor_slot = slot;
	t->cursor_pos = pos;
	return &t->pool[slot];
}

struct mc_session *mc_session_table_next(const struct mc_session_table *t,
					 const struct mc_session *s)
{
	uint32_t n = t->next[s->slot];

	return n == MC_SLOT_NONE ? NULL : &t->pool[n];
}
