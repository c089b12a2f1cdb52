/* In-process dataplane harness: EAL without hugepages, two ethdevs made from rte_rings
 * (what the test enqueues on a port's rx ring, the worker receives; what the worker sends
 * lands on its tx ring), mc_dp set up as media-core does, and frame builders / checkers
 * written byte by byte, independently of the DPDK structs the code under test uses. */
#ifndef DP_HARNESS_H
#define DP_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "mc_dp.h"
#include "mc_dp_session.h"
#include "mc_event.h"
#include "mc_session.h"
#include "mc_wcmd.h"

#define H_PORTS 2
#define H_QUEUES 2          /* one per worker */
#define H_PORT_MIN 30000
#define H_PORT_MAX 30999    /* worker 0: 30000..30499, worker 1: 30500..30999 */

extern const uint8_t H_MAC[H_PORTS][6];       /* our ports */
extern const uint8_t H_PEER_MAC[H_PORTS][6];  /* the remotes' next hops */
extern struct mc_worker *h_w[H_QUEUES];
extern uint16_t h_port[H_PORTS];              /* DPDK port ids */

static inline uint32_t ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return (uint32_t)a | (uint32_t)b << 8 | (uint32_t)c << 16 | (uint32_t)d << 24;
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* Once per process: EAL, pool, ports, two workers (both run by the test thread). */
void h_setup(void);
/* Discards everything queued and zeroes all counters, so a test starts clean. */
void h_reset(void);

/* A two-leg relay session the way the control lcore fills it: leg 0 on port 0
 * (10.96.0.254:port_a, remote 10.96.0.1:40000), leg 1 on port 1 (10.97.0.254:port_b,
 * remote 10.97.0.2:5004); both sendrecv, opus (A pt 111, B pt 107) and
 * telephone-event (A 101, B 96), MACs resolved, no latching, no rewrite. */
void h_session_init(struct mc_session *s, uint32_t slot, uint16_t port_a, uint16_t port_b);
/* Gives leg l one codec, the one media-core sends it (ptime 0 keeps the leg's), and
 * telephone-event at tevent_pt (MC_PT_NONE: none), as the control lcore would. */
void h_leg_codec(struct mc_leg *l, const char *name, uint8_t pt, uint32_t rate,
		 uint16_t ptime, uint8_t tevent_pt);
int h_cmd(struct mc_session *s, enum mc_wcmd_type type);
/* UPDATE with the session's current conf/dp, after the test has changed *conf / *dp
 * (copies of the legs, as the control lcore prepares them). */
int h_update(struct mc_session *s, const struct mc_leg_conf conf[2],
	     const struct mc_leg_dp dp[2]);
struct mc_worker *h_owner(const struct mc_session *s);

struct h_udp {
	const uint8_t *src_mac, *dst_mac;
	uint32_t sip, dip;
	uint16_t sport, dport;
	bool no_udp_csum;
	uint8_t ip_opt_len;     /* bytes of IP options (multiple of 4) */
	uint8_t ip_tos;
	uint16_t ip_id;
	uint16_t pad_to;        /* Ethernet padding up to this frame length */
};

/* Frame with pl as UDP payload; returns its length. */
size_t h_build_udp(uint8_t *f, const struct h_udp *u, const uint8_t *pl, size_t pl_len);
/* RTP header + payload bytes derived from seed; returns length. */
size_t h_build_rtp(uint8_t *b, uint8_t pt, bool marker, uint16_t seq, uint32_t ts,
		   uint32_t ssrc, size_t payload_len, uint8_t seed);
/* RFC 1071 reference checksum (returns the value to store). */
uint16_t h_cksum(const uint8_t *p, size_t n, uint32_t init);

/* Puts a frame on the rx ring of port slot/queue; returns the mbuf (for zero-copy checks). */
struct rte_mbuf *h_inject(unsigned slot, unsigned queue, const uint8_t *f, size_t len);
/* Runs the workers (fake clock advances ms each pass) until nothing is left to do. */
void h_run(unsigned ms);
/* Next frame sent on port slot/queue, or NULL. */
struct rte_mbuf *h_take(unsigned slot, unsigned queue);
unsigned h_tx_count(unsigned slot, unsigned queue);
uint64_t h_now(void);
uint64_t h_drops(enum mc_drop_reason r);

/* Checks a frame the relay sent: Ethernet, IPv4 (20-byte header, TTL 64, valid
 * checksum, total length), UDP (ports, length, checksum valid or 0 when want_zero_csum).
 * Returns a pointer to the UDP payload and its length in *pl_len. */
const uint8_t *h_check_frame(struct rte_mbuf *m, const uint8_t *src_mac,
			     const uint8_t *dst_mac, uint32_t sip, uint32_t dip,
			     uint16_t sport, uint16_t dport, bool want_zero_csum,
			     size_t *pl_len);

/* Events collected by mc_dp_poll_events. */
unsigned h_events(struct mc_event *out, unsigned max);

#endif
