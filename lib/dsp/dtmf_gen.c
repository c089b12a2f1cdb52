/* SPDX-License-Identifier: BSD-3-Clause
 * DTMF generator: a ring of queued digits played one after another through mc_tone.
 */
#include <errno.h>
#include <string.h>

#include "mc_dtmf.h"

static const char keypad[4][4] = {
	{ '1', '2', '3', 'A' },
	{ '4', '5', '6', 'B' },
	{ '7', '8', '9', 'C' },
	{ '*', '0', '#', 'D' },
};
static const double row_hz[4] = { 697, 770, 852, 941 };
static const double col_hz[4] = { 1209, 1336, 1477, 1633 };

int mc_dtmf_freqs(char digit, double *low, double *high)
{
	if (digit >= 'a' && digit <= 'd')
		digit = (char)(digit - 'a' + 'A');
	for (unsigned r = 0; r < 4; r++)
		for (unsigned c = 0; c < 4; c++)
			if (digit != '\0' && keypad[r][c] == digit) {
				*low = row_hz[r];
				*high = col_hz[c];
				return 0;
			}
	return -EINVAL;
}

int mc_dtmf_gen_init(struct mc_dtmf_gen *g, const struct mc_dtmf_gen_params *p)
{
	if (p == NULL || p->rate < 4000 || p->volume > 63)
		return -EINVAL;
	memset(g, 0, sizeof(*g));
	g->rate = p->rate;
	g->volume = p->volume ? p->volume : MC_DTMF_VOLUME_DEFAULT;
	g->gap = (p->gap_ms ? p->gap_ms : MC_DTMF_GAP_MS_DEFAULT) * p->rate / 1000;
	g->twist_db = p->twist_db;
	g->state = MC_DTMF_GEN_IDLE;
	return 0;
}

int mc_dtmf_gen_queue(struct mc_dtmf_gen *g, char digit, unsigned duration_ms, unsigned volume)
{
	double lo, hi;
	struct mc_dtmf_gen_item *it;

	if (mc_dtmf_freqs(digit, &lo, &hi) < 0 || volume > 63)
		return -EINVAL;
	if (g->count == MC_DTMF_GEN_QUEUE)
		return -ENOSPC;
	it = &g->q[(g->head + g->count) % MC_DTMF_GEN_QUEUE];
	it->digit = digit;
	it->volume = (uint8_t)(volume ? volume : g->volume);
	it->open = duration_ms == 0;
	it->samples = (uint64_t)duration_ms * g->rate / 1000;
	g->count++;
	return 0;
}

int mc_dtmf_gen_queue_str(struct mc_dtmf_gen *g, const char *digits, unsigned duration_ms)
{
	int n = 0;

	while (digits[n] != '\0' && mc_dtmf_gen_queue(g, digits[n], duration_ms, 0) == 0)
		n++;
	return n;
}

int mc_dtmf_gen_finish(struct mc_dtmf_gen *g, uint64_t samples)
{
	for (unsigned i = g->count; i-- > 0;) {
		struct mc_dtmf_gen_item *it = &g->q[(g->head + i) % MC_DTMF_GEN_QUEUE];

		if (it->open) {
			it->open = false;
			it->samples = samples;
			return 0;
		}
	}
	if (g->state == MC_DTMF_GEN_TONE && g->cur.open) {
		g->cur.open = false;
		g->cur.samples = samples;
		return 0;
	}
	return -ENOENT;
}

void mc_dtmf_gen_cut(struct mc_dtmf_gen *g)
{
	if (g->state != MC_DTMF_GEN_TONE)
		return;
	g->state = MC_DTMF_GEN_GAP;
	g->gap_left = g->gap;
}

/* Starts the next queued digit; false if the queue is empty. */
static bool next_digit(struct mc_dtmf_gen *g)
{
	double lo, hi, v;

	if (g->count == 0)
		return false;
	g->cur = g->q[g->head];
	g->head = (g->head + 1) % MC_DTMF_GEN_QUEUE;
	g->count--;
	g->played = 0;
	g->state = MC_DTMF_GEN_TONE;
	mc_dtmf_freqs(g->cur.digit, &lo, &hi);
	v = -(double)g->cur.volume;
	mc_tone_init(&g->tone, g->rate, lo, v, hi, v + g->twist_db);
	return true;
}

bool mc_dtmf_gen_run(struct mc_dtmf_gen *g, int16_t *pcm, unsigned n)
{
	bool wrote = false;
	unsigned i = 0;

	while (i < n) {
		uint64_t left;
		unsigned k;

		if (g->state == MC_DTMF_GEN_IDLE && !next_digit(g))
			break;
		if (g->state == MC_DTMF_GEN_GAP) {
			k = n - i < g->gap_left ? n - i : g->gap_left;
			memset(pcm + i, 0, k * sizeof(*pcm));
			g->gap_left -= k;
			if (g->gap_left == 0)
				g->state = MC_DTMF_GEN_IDLE;
		} else {
			left = g->cur.open ? UINT64_MAX : g->cur.samples > g->played ?
				g->cur.samples - g->played : 0;
			k = n - i < left ? n - i : (unsigned)left;
			mc_tone_run(&g->tone, pcm + i, k);
			g->played += k;
			if (k == left)
				mc_dtmf_gen_cut(g);
		}
		wrote = wrote || k > 0;
		i += k;
	}
	return wrote;
}

bool mc_dtmf_gen_busy(const struct mc_dtmf_gen *g)
{
	return g->state != MC_DTMF_GEN_IDLE || g->count > 0;
}

void mc_dtmf_gen_clear(struct mc_dtmf_gen *g)
{
	g->count = 0;
	g->state = MC_DTMF_GEN_IDLE;
}
