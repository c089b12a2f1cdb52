#include "mc_portalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int mc_portalloc_init(struct mc_portalloc *pa, uint16_t first, uint16_t last,
		      uint32_t quarantine_ms)
{
	uint32_t lo = (first + 1u) & ~1u;   /* RTP ports are even */

	memset(pa, 0, sizeof(*pa));
	if (last < first || lo + 1u > last)
		return -EINVAL;
	pa->first = (uint16_t)lo;
	pa->n_pairs = (last - lo + 1u) / 2;
	pa->quarantine_ms = quarantine_ms;
	pa->fifo = calloc(pa->n_pairs, sizeof(*pa->fifo));
	pa->ready_ms = calloc(pa->n_pairs, sizeof(*pa->ready_ms));
	pa->in_use = calloc(pa->n_pairs, sizeof(*pa->in_use));
	if (pa->fifo == NULL || pa->ready_ms == NULL || pa->in_use == NULL) {
		mc_portalloc_free_all(pa);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < pa->n_pairs; i++)
		pa->fifo[i] = i;
	pa->count = pa->n_pairs;
	return 0;
}

void mc_portalloc_free_all(struct mc_portalloc *pa)
{
	free(pa->fifo);
	free(pa->ready_ms);
	free(pa->in_use);
	memset(pa, 0, sizeof(*pa));
}

static uint32_t slot(const struct mc_portalloc *pa, uint32_t i)
{
	return (pa->head + i) % pa->n_pairs;
}

bool mc_portalloc_can_alloc(const struct mc_portalloc *pa, uint32_t n, uint64_t now_ms)
{
	/* FIFO order is quarantine order: the n-th oldest decides for all before it. */
	if (n == 0)
		return true;
	return n <= pa->count && pa->ready_ms[slot(pa, n - 1)] <= now_ms;
}

int mc_portalloc_get(struct mc_portalloc *pa, uint64_t now_ms)
{
	uint32_t pair;

	if (!mc_portalloc_can_alloc(pa, 1, now_ms))
		return -ENOSPC;
	pair = pa->fifo[pa->head];
	pa->head = slot(pa, 1);
	pa->count--;
	pa->in_use[pair] = 1;
	return pa->first + 2 * (int)pair;
}

static int pair_of(const struct mc_portalloc *pa, uint16_t rtp_port, uint32_t *pair)
{
	if (!mc_portalloc_owns(pa, rtp_port) || (rtp_port - pa->first) % 2 != 0)
		return -EINVAL;
	*pair = (uint32_t)(rtp_port - pa->first) / 2;
	return pa->in_use[*pair] ? 0 : -EINVAL;
}

int mc_portalloc_put(struct mc_portalloc *pa, uint16_t rtp_port, uint64_t now_ms)
{
	uint32_t pair, tail;

	if (pair_of(pa, rtp_port, &pair) < 0)
		return -EINVAL;
	tail = slot(pa, pa->count);
	pa->fifo[tail] = pair;
	/* Keep the FIFO sorted by readiness even if a caller's clock steps back. */
	pa->ready_ms[tail] = now_ms + pa->quarantine_ms;
	if (pa->count > 0 && pa->ready_ms[tail] < pa->ready_ms[slot(pa, pa->count - 1)])
		pa->ready_ms[tail] = pa->ready_ms[slot(pa, pa->count - 1)];
	pa->count++;
	pa->in_use[pair] = 0;
	return 0;
}

int mc_portalloc_unget(struct mc_portalloc *pa, uint16_t rtp_port)
{
	uint32_t pair;

	if (pair_of(pa, rtp_port, &pair) < 0)
		return -EINVAL;
	pa->head = (pa->head + pa->n_pairs - 1) % pa->n_pairs;
	pa->fifo[pa->head] = pair;
	pa->ready_ms[pa->head] = 0;
	pa->count++;
	pa->in_use[pair] = 0;
	return 0;
}

uint32_t mc_portalloc_free_count(const struct mc_portalloc *pa)
{
	return pa->count;
}

uint32_t mc_portalloc_ready_count(const struct mc_portalloc *pa, uint64_t now_ms)
{
	uint32_t lo = 0, hi = pa->count;

	/* Readiness is sorted along the FIFO: binary search for the first not ready. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (pa->ready_ms[slot(pa, mid)] <= now_ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool mc_portalloc_owns(const struct mc_portalloc *pa, uint16_t port)
{
	return pa->n_pairs > 0 && port >= pa->first &&
	       (uint32_t)(port - pa->first) < 2 * pa->n_pairs;
}
