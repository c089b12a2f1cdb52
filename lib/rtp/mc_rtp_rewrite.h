/* In-place RTP/RTCP header rewrite for the relay: PT, SSRC, sequence and timestamp
 * offsets, and a rewriter that keeps the outgoing stream continuous when the
 * incoming SSRC changes. All helpers take a header already accepted by
 * mc_rtp_parse (or a compound accepted by mc_rtcp_validate). */
#ifndef MC_RTP_REWRITE_H
#define MC_RTP_REWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mc_rtp_be.h"

static inline void mc_rtp_set_pt(uint8_t *p, uint8_t pt)
{
	p[1] = (uint8_t)((p[1] & 0x80) | (pt & 0x7f));
}

static inline void mc_rtp_set_marker(uint8_t *p, bool m)
{
	p[1] = (uint8_t)((p[1] & 0x7f) | (m ? 0x80 : 0));
}

static inline void mc_rtp_set_ssrc(uint8_t *p, uint32_t ssrc)
{
	mc_wr32(p + 8, ssrc);
}

/* Adds modulo 2^16 and returns the new sequence number. */
static inline uint16_t mc_rtp_add_seq(uint8_t *p, uint16_t off)
{
	uint16_t s = (uint16_t)(mc_rd16(p + 2) + off);
	mc_wr16(p + 2, s);
	return s;
}

/* Adds modulo 2^32 and returns the new timestamp. */
static inline uint32_t mc_rtp_add_ts(uint8_t *p, uint32_t off)
{
	uint32_t t = mc_rd32(p + 4) + off;
	mc_wr32(p + 4, t);
	return t;
}

/* Output = input + offset for the current source. On a new incoming SSRC the
 * offsets are recomputed so that the output continues at last seq + 1 and last
 * ts + ts_step. Fields are public so a caller may pick random initial offsets
 * (RFC 3550 §5.1) between init and the first packet. */
struct mc_rtp_rewriter {
	uint32_t out_ssrc;
	uint32_t in_ssrc;       /* current incoming source */
	uint32_t ts_off;
	uint32_t ts_step;       /* assumed gap at a switch, e.g. 160 for 20 ms at 8 kHz */
	uint32_t last_ts;       /* output ts of the highest output seq */
	uint32_t switches;      /* incoming SSRC changes after the first packet */
	uint16_t seq_off;
	uint16_t last_seq;      /* highest output seq so far (serial number order) */
	uint8_t started;
	uint8_t mark_on_switch; /* set M on the first packet of a new source (default 1) */
	int16_t out_pt;         /* -1: keep the PT */
};

void mc_rtp_rewriter_init(struct mc_rtp_rewriter *rw, uint32_t out_ssrc, uint32_t ts_step);

/* Slow path of mc_rtp_rewrite: first packet or a new incoming SSRC. */
void mc_rtp_rewriter_switch(struct mc_rtp_rewriter *rw, uint32_t in_ssrc,
			    uint16_t in_seq, uint32_t in_ts);

/* Rewrite one RTP header in place. Returns true when this packet began a new
 * incoming source (not for the very first packet). */
static inline bool mc_rtp_rewrite(struct mc_rtp_rewriter *rw, uint8_t *p)
{
	uint32_t ssrc = mc_rd32(p + 8);
	bool sw = false;
	if (__builtin_expect(!rw->started || ssrc != rw->in_ssrc, 0)) {
		sw = rw->started;
		mc_rtp_rewriter_switch(rw, ssrc, mc_rd16(p + 2), mc_rd32(p + 4));
		if (sw && rw->mark_on_switch)
			p[1] |= 0x80;
	}
	uint16_t seq = mc_rtp_add_seq(p, rw->seq_off);
	uint32_t ts = mc_rtp_add_ts(p, rw->ts_off);
	mc_rtp_set_ssrc(p, rw->out_ssrc);
	if (rw->out_pt >= 0)
		mc_rtp_set_pt(p, (uint8_t)rw->out_pt);
	if ((int16_t)(seq - rw->last_seq) > 0) {
		rw->last_seq = seq;
		rw->last_ts = ts;
	}
	return sw;
}

/* Rewrite a validated compound RTCP packet in place, as sent by the source that
 * fwd rewrites: the sender SSRC of SR/RR, SDES chunks and BYE entries carrying the
 * sender SSRC become fwd->out_ssrc, and the SR RTP timestamp moves by fwd->ts_off.
 * With rev (the rewriter of the opposite direction, may be NULL), report blocks
 * about rev->out_ssrc are mapped back to rev->in_ssrc and their highest sequence
 * number by -rev->seq_off, so the far sender recognises its own stream. */
void mc_rtcp_rewrite(const struct mc_rtp_rewriter *fwd, const struct mc_rtp_rewriter *rev,
		     uint8_t *p, size_t len);

#endif
