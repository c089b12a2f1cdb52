/* Simulated clocks for the jitter buffer tests: packets with exact arrival times
 * (receiver RTP units), media ticks every frame, and a ledger of every handle so
 * each test can check that each one left the buffer exactly once. */
#ifndef JB_SIM_H
#define JB_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "mc_jbuf.h"

#define SIM_RATE 8000u
#define SIM_FRAME 160u /* 20 ms */
#define SIM_MAX_PKTS 40000u

enum { H_NONE = 0, H_HELD, H_DELIVERED, H_RELEASED };

struct sim_pkt {
	uint32_t arrive;
	uint32_t ts;
	uint32_t ssrc;
	uint32_t dur;
	uint16_t seq;
	bool marker;
	unsigned idx; /* handle number, set by sim_add */
};

struct sim_out {
	uint32_t now;
	struct mc_jbuf_out out;
	int idx; /* handle number of a FRAME, else -1 */
	struct mc_jbuf_stats st;
};

struct sim {
	struct mc_jbuf jb;
	struct mc_jbuf_params p;
	struct sim_pkt *pkts;
	unsigned npkts;
	int *put_res;
	unsigned char *state;
	unsigned errors;   /* handle released or delivered twice, or unknown */
	unsigned released;
	struct sim_out *log;
	unsigned nlog, cap_log;
	unsigned why[6];
	bool paced; /* sim_run: after a FRAME, the next get comes out.dur later */
};

/* Defaults: 8 kHz, 20 ms frames, min 20, start 40, max 200 ms, 64 slots. */
void sim_params(struct mc_jbuf_params *p);
void sim_init(struct sim *s, const struct mc_jbuf_params *p);
/* Adds a packet to the schedule; returns its handle number. */
unsigned sim_add(struct sim *s, uint32_t arrive, uint16_t seq, uint32_t ts, uint32_t ssrc);
/* Puts every scheduled packet in arrival order and gets once per tick at
 * t0, t0 + frame, ... < t_end (packets arriving at a tick go first). Packets
 * already put by an earlier run are skipped. */
void sim_run(struct sim *s, uint32_t t0, uint32_t t_end);
int sim_put(struct sim *s, unsigned idx, uint32_t now);
int sim_get(struct sim *s, uint32_t now, struct mc_jbuf_out *out);
/* Frees the buffer and checks the ledger: returns the number of handles put but
 * not released or delivered exactly once (0 expected). */
unsigned sim_finish(struct sim *s);
void sim_destroy(struct sim *s);
/* Deterministic pseudo-random numbers in [0, n). */
uint32_t sim_rand(uint32_t *state, uint32_t n);

#endif
