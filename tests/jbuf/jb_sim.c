#include "jb_sim.h"

#include <stdlib.h>
#include <string.h>

static void on_release(void *ctx, void *handle)
{
	struct sim *s = ctx;
	unsigned char *h = handle;
	size_t idx = (size_t)(h - s->state);
	if (idx >= SIM_MAX_PKTS || s->state[idx] != H_HELD) {
		s->errors++;
		return;
	}
	s->state[idx] = H_RELEASED;
	s->released++;
}

void sim_params(struct mc_jbuf_params *p)
{
	memset(p, 0, sizeof(*p));
	p->clock_rate = SIM_RATE;
	p->frame_ts = SIM_FRAME;
	p->min_ms = 20;
	p->start_ms = 40;
	p->max_ms = 200;
	p->enabled = true;
	p->capacity = 64;
}

void sim_init(struct sim *s, const struct mc_jbuf_params *p)
{
	memset(s, 0, sizeof(*s));
	s->p = *p;
	s->p.release = on_release;
	s->p.release_ctx = s;
	s->pkts = calloc(SIM_MAX_PKTS, sizeof(*s->pkts));
	s->put_res = calloc(SIM_MAX_PKTS, sizeof(*s->put_res));
	s->state = calloc(SIM_MAX_PKTS, 1);
	s->cap_log = 40000;
	s->log = calloc(s->cap_log, sizeof(*s->log));
	if (!s->pkts || !s->put_res || !s->state || !s->log ||
	    mc_jbuf_init(&s->jb, &s->p) != 0)
		abort();
}

unsigned sim_add(struct sim *s, uint32_t arrive, uint16_t seq, uint32_t ts, uint32_t ssrc)
{
	if (s->npkts >= SIM_MAX_PKTS)
		abort();
	struct sim_pkt *k = &s->pkts[s->npkts];
	*k = (struct sim_pkt){.arrive = arrive, .ts = ts, .ssrc = ssrc, .seq = seq,
			      .idx = s->npkts};
	return s->npkts++;
}

int sim_put(struct sim *s, unsigned idx, uint32_t now)
{
	const struct sim_pkt *k = &s->pkts[idx];
	if (s->state[idx] != H_NONE)
		s->errors++;
	s->state[idx] = H_HELD;
	struct mc_jbuf_pkt pkt = {.handle = &s->state[idx], .ssrc = k->ssrc, .ts = k->ts,
				  .dur = k->dur, .seq = k->seq, .marker = k->marker};
	s->put_res[idx] = mc_jbuf_put(&s->jb, &pkt, now);
	return s->put_res[idx];
}

int sim_get(struct sim *s, uint32_t now, struct mc_jbuf_out *out)
{
	struct mc_jbuf_out o;
	unsigned char *h = mc_jbuf_get(&s->jb, now, &o);
	int idx = -1;
	if (h) {
		idx = (int)(h - s->state);
		if (idx < 0 || idx >= (int)SIM_MAX_PKTS || s->state[idx] != H_HELD)
			s->errors++;
		else
			s->state[idx] = H_DELIVERED;
	}
	if ((h != NULL) != (o.why == MC_JBUF_FRAME))
		s->errors++;
	if ((unsigned)o.why < 6)
		s->why[o.why]++;
	if (s->nlog < s->cap_log)
		s->log[s->nlog++] = (struct sim_out){.now = now, .out = o, .idx = idx,
						     .st = *mc_jbuf_stats(&s->jb)};
	if (out)
		*out = o;
	return idx;
}

static int by_arrival(const void *a, const void *b)
{
	const struct sim_pkt *x = a, *y = b;
	int32_t d = (int32_t)(x->arrive - y->arrive);
	if (d)
		return d < 0 ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

void sim_run(struct sim *s, uint32_t t0, uint32_t t_end)
{
	/* Sort a copy of the order only, so handle numbers stay the schedule's. */
	struct sim_pkt *order = malloc(sizeof(*order) * (s->npkts + 1));
	if (!order)
		abort();
	memcpy(order, s->pkts, sizeof(*order) * s->npkts);
	qsort(order, s->npkts, sizeof(*order), by_arrival);
	unsigned i = 0;
	uint32_t step;
	for (uint32_t t = t0; (int32_t)(t - t_end) < 0; t += step) {
		while (i < s->npkts && (int32_t)(order[i].arrive - t) <= 0) {
			if (s->state[order[i].idx] == H_NONE) /* not put by an earlier run */
				sim_put(s, order[i].idx, order[i].arrive);
			i++;
		}
		struct mc_jbuf_out o;
		sim_get(s, t, &o);
		/* A decoder holding a multi-frame packet asks again when it is used up. */
		step = s->paced && o.why == MC_JBUF_FRAME ? o.dur : SIM_FRAME;
	}
	free(order);
}

unsigned sim_finish(struct sim *s)
{
	mc_jbuf_free(&s->jb);
	unsigned bad = s->errors;
	for (unsigned i = 0; i < s->npkts; i++)
		if (s->state[i] == H_HELD)
			bad++;
	return bad;
}

void sim_destroy(struct sim *s)
{
	free(s->pkts);
	free(s->put_res);
	free(s->state);
	free(s->log);
	memset(s, 0, sizeof(*s));
}

uint32_t sim_rand(uint32_t *state, uint32_t n)
{
	*state = *state * 1664525u + 1013904223u;
	return (uint32_t)(((uint64_t)(*state >> 8) * n) >> 24);
}
