/* media-core's worker transcoding N calls in process: the dataplane test harness's
 * net_ring ports, sessions set up the way the control lcore does, a fake clock stepped
 * 1 ms at a time, packets of each call spread over the 20 ms of a frame as real traffic
 * is. Cycles are counted around the worker's iterations (and tx flushes) only: building
 * and injecting input frames and collecting output stand for the NIC and are not. */
#include "transcode_bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "dp_harness.h"
#include "mc_tc.h"

static struct mc_session *ss[TB_MAX_CALLS];
static uint64_t now, hz, in_at[TB_MAX_CALLS][2];
static double lat[TB_MAX_CALLS * TB_MAX_FRAMES * 2];
static unsigned n_lat;
static struct rte_ring *rx[2];

void tb_dp_setup(void)
{
	h_setup();
	/* The harness's rx rings of worker 0's queue, by the names it gave them. */
	rx[0] = rte_ring_lookup("h_rx0_0");
	rx[1] = rte_ring_lookup("h_rx1_0");
	if (rx[0] == NULL || rx[1] == NULL) {
		fprintf(stderr, "transcode_bench: harness rings not found\n");
		exit(1);
	}
	hz = rte_get_tsc_hz();
	now = h_now() + hz;
}

static uint16_t local_port(unsigned call, unsigned leg)
{
	return (uint16_t)(H_PORT_MIN + 4 * call + 2 * leg);
}

static struct mc_tc *make_tc(const struct tb_side *in, const struct tb_side *out,
			     const struct tb_pair *p, bool jbuf, unsigned seed)
{
	/* Neither leg lists telephone-event or CN (the control lcore's MC_PT_NONE): each
	 * direction runs the in-band DTMF detector, whose digits are reported as events,
	 * the dearer of the DTMF set-ups (with events on both legs nothing is detected). */
	struct mc_tc_params tp = {
		.in = { .codec = in->codec, .fmtp = in->fmtp, .pt = in->pt, .cn_pt = MC_PT_NONE,
			.tevent_pt = MC_TC_NO_PT, .ptime = 20 },
		.out = { .codec = out->codec, .fmtp = out->fmtp, .pt = out->pt,
			 .cn_pt = MC_PT_NONE, .tevent_pt = MC_TC_NO_PT, .ptime = 20 },
		.jb_enabled = jbuf, .opus_complexity = p->complexity,
		.ssrc = 0x7c000000u + seed, .seed = seed,
	};
	char err[128];
	struct mc_tc *t = mc_tc_create(&tp, err, sizeof(err));

	if (t == NULL)
		fprintf(stderr, "transcode_bench: mc_tc_create: %s\n", err);
	return t;
}

static int add_call(const struct tb_pair *p, unsigned i, bool jbuf)
{
	const struct tb_side *side[2] = { &p->a, &p->b };
	struct mc_session *s = rte_zmalloc("tb_sess", sizeof(*s), RTE_CACHE_LINE_SIZE);

	if (s == NULL)
		return -1;
	ss[i] = s;
	h_session_init(s, i + 1, local_port(i, 0), local_port(i, 1));
	s->mode = MC_MODE_TRANSCODE;
	for (unsigned l = 0; l < 2; l++) {
		struct mc_leg *leg = &s->legs[l];
		leg->conf.n_codecs = 1;
		leg->conf.codecs[0].pt = side[l]->pt;
		leg->dp.tc = make_tc(side[l], side[1 - l], p, jbuf, i * 2 + l + 1);
		if (leg->dp.tc == NULL)
			return -1;
		leg->dp.clock_rate = side[l]->rtp_step * 50;
	}
	return h_cmd(s, MC_WCMD_ADD);
}

static void inject(const struct tb_pair *p, unsigned i, unsigned l, unsigned f)
{
	const struct tb_side *sd = l ? &p->b : &p->a;
	const struct mc_leg *leg = &ss[i]->legs[l];
	uint8_t rtp[12 + TB_MAX_PL], fr[64 + TB_MAX_PL];
	struct h_udp u = {
		.src_mac = H_PEER_MAC[l], .dst_mac = H_MAC[l],
		.sip = leg->dp.remote_ip, .dip = leg->dp.local_ip,
		.sport = leg->dp.remote_port, .dport = leg->dp.local_port,
	};
	size_t n = h_build_rtp(rtp, sd->pt, f == 0, (uint16_t)(1000 + f),
			       5000u + f * sd->rtp_step, 0x5e000000u + i * 2 + l, 0, 0);

	memcpy(rtp + n, sd->pl[f], sd->len[f]);
	n = h_build_udp(fr, &u, rtp, n + sd->len[f]);
	/* Not h_inject: it asserts with Check, which only works inside a Check test. */
	struct rte_mbuf *m = rte_pktmbuf_alloc(mc_dp.pool);
	char *d = m ? rte_pktmbuf_append(m, (uint16_t)n) : NULL;

	if (d == NULL || rte_ring_enqueue(rx[l], m) != 0) {
		fprintf(stderr, "transcode_bench: cannot inject (pool or ring full)\n");
		exit(1);
	}
	memcpy(d, fr, n);
	m->port = h_port[l];
	in_at[i][l] = now;
}

/* Output of the last iteration: counted, and with the jitter buffer off each packet's
 * latency is the fake time since its input plus the worker's CPU time in this step. */
static uint64_t collect(uint64_t step_start, bool timed)
{
	uint64_t n = 0, cpu = tb_cpu_ns() - step_start;
	struct rte_mbuf *m;

	for (unsigned l = 0; l < 2; l++)
		while ((m = h_take(l, 0)) != NULL) {
			const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);
			unsigned port = (unsigned)(f[34] << 8 | f[35]) - H_PORT_MIN;
			unsigned call = port / 4, from = 1 - (port % 4) / 2;

			rte_pktmbuf_free(m);
			if (port & 1)   /* media-core's own RTCP reports: not media */
				continue;
			if (timed && call < TB_MAX_CALLS && n_lat < RTE_DIM(lat))
				lat[n_lat++] = (double)(now - in_at[call][from]) * 1e6 / hz + cpu / 1e3;
			n++;
		}
	return n;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void teardown(unsigned calls, struct tb_dp_result *r)
{
	double codec = 0;

	for (unsigned i = 0; i < calls; i++) {
		struct mc_session *s = ss[i];

		for (unsigned l = 0; l < 2; l++) {
			const struct mc_leg_stats *st = &s->legs[l].dp.st;

			if (st->decoded)
				codec += (double)st->decode_cycles / st->decoded;
			if (st->encoded)
				codec += (double)st->encode_cycles / st->encoded;
			r->concealed += st->concealed;
		}
		h_cmd(s, MC_WCMD_DEL);
		for (unsigned l = 0; l < 2; l++)
			mc_tc_destroy(s->legs[l].dp.tc);
		rte_free(s);
	}
	r->codec_ns_per_call_frame = codec / calls * 1e9 / hz;
	h_reset();
}

int tb_dp_run(const struct tb_pair *p, unsigned calls, unsigned frames, bool jbuf,
	      struct tb_dp_result *r)
{
	struct mc_worker *w = h_w[0];
	uint64_t cpu = 0, out = 0;
	unsigned tail = 3;

	memset(r, 0, sizeof(*r));
	n_lat = 0;
	if (calls > TB_MAX_CALLS || frames > p->a.n || frames > p->b.n)
		return -1;
	for (unsigned i = 0; i < calls; i++)
		if (add_call(p, i, jbuf) != 0)
			return -1;
	for (unsigned f = 0; f < frames + tail; f++)
		for (unsigned ms = 0; ms < 20; ms++, now += hz / 1000) {
			bool timed = f >= TB_WARM;

			for (unsigned i = ms; f < frames && i < calls; i += 20) {
				inject(p, i, 0, f);
				inject(p, i, 1, f);
			}
			uint64_t s0 = tb_cpu_ns(), t0 = s0;
			unsigned work;

			do {
				work = mc_worker_iterate_at(w, now);
				mc_worker_flush(w);
				if (timed)
					cpu += tb_cpu_ns() - t0;
				out += collect(s0, timed && !jbuf && f < frames) * timed;
				t0 = tb_cpu_ns();
			} while (work);
		}
	r->frames_out = out;
	r->ns_per_call_frame = out ? (double)cpu / ((double)out / 2) : 0;
	if (n_lat) {
		qsort(lat, n_lat, sizeof(lat[0]), cmp);
		r->lat_p50_us = lat[n_lat / 2];
		r->lat_p99_us = lat[n_lat * 99 / 100];
		r->lat_max_us = lat[n_lat - 1];
	}
	teardown(calls, r);
	return 0;
}
