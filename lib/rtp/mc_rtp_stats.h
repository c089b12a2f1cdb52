/* RFC 3550 receive statistics for one incoming stream (Appendix A.1, A.3, A.8):
 * sequence validation with probation and resync, loss, fraction lost, interarrival
 * jitter, plus duplicate and reorder counts from a 128-sequence window. State is
 * one fixed-size struct; updating it never allocates. */
#ifndef MC_RTP_STATS_H
#define MC_RTP_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "mc_rtcp.h"

#define MC_RTP_MIN_SEQUENTIAL 2
#define MC_RTP_MAX_DROPOUT 3000
#define MC_RTP_MAX_MISORDER 100

/* What one packet was, from the sequence number's point of view. */
enum mc_rtp_seq_class {
	MC_RTP_SEQ_OK = 0,       /* next in order, or a forward jump under MAX_DROPOUT */
	MC_RTP_SEQ_OUT_OF_ORDER, /* behind the highest seq (under MAX_MISORDER), first copy */
	MC_RTP_SEQ_DUPLICATE,    /* a sequence number already received */
	MC_RTP_SEQ_PROBATION,    /* new source, not yet MIN_SEQUENTIAL packets in a row */
	MC_RTP_SEQ_BAD,          /* a jump beyond MAX_DROPOUT (or far behind): not counted */
	MC_RTP_SEQ_RESYNC,       /* next after a BAD jump: the source restarted, stats reset */
};

struct mc_rtp_stats {
	/* What every packet (a duplicate too) reads or writes, in the first 64 bytes: a
	 * relay keeps ten thousand of these out of cache and pays a miss per line. */
	uint64_t packets;        /* every packet given to update (leg counter) */
	uint64_t duplicates;     /* leg counter, kept across resyncs and SSRC changes */
	uint64_t jitter_q4;      /* jitter * 16, RTP timestamp units (A.8) */
	uint64_t seen[2];        /* bit i: max_seq - i was received */
	uint32_t ssrc;
	/* RFC 3550 A.1 source state, restarted on resync and SSRC change */
	uint32_t cycles;         /* sequence wraps, in units of 65536 */
	uint32_t received;       /* since restart, duplicates included as in the RFC */
	uint32_t dup_source;     /* duplicates since restart */
	int32_t transit;         /* arrival - ts of the previous packet */
	uint16_t max_seq;
	uint8_t probation : 2;   /* 0 .. MC_RTP_MIN_SEQUENTIAL */
	uint8_t started : 1;
	uint8_t have_transit : 1;
	uint8_t last_fraction;   /* fraction in the last filled report block */
	/* The rest: reports, restarts and the rare packet classes. */
	uint32_t clock_rate;
	uint32_t bad_seq;        /* a BAD seq + 1: the seq that confirms a restart */
	uint32_t base_seq;
	uint32_t expected_prior; /* at the last report (A.3) */
	uint32_t received_prior;
	/* leg counters, kept across resyncs and SSRC changes */
	uint64_t out_of_order;
	uint64_t bad_seq_count;
	uint64_t resyncs;
	uint64_t ssrc_changes;
	uint64_t lost_retired;   /* loss of earlier sources or before a resync */
	/* last SR received from this source, for LSR/DLSR */
	uint32_t lsr;
	uint64_t lsr_arrival_us;
};
_Static_assert(offsetof(struct mc_rtp_stats, last_fraction) < 64,
	       "per-packet part of mc_rtp_stats exceeds a cache line");

void mc_rtp_stats_init(struct mc_rtp_stats *st, uint32_t clock_rate);

/* arrival: the packet's arrival time converted to the stream's RTP clock (the
 * caller owns the clock, so tests can give exact times). A new SSRC restarts the
 * source state and begins probation. */
enum mc_rtp_seq_class mc_rtp_stats_update(struct mc_rtp_stats *st, uint32_t ssrc,
					  uint16_t seq, uint32_t ts, uint32_t arrival);

const char *mc_rtp_seq_class_name(enum mc_rtp_seq_class c);

/* Extended highest sequence number: cycles + max_seq. */
uint32_t mc_rtp_stats_ext_max(const struct mc_rtp_stats *st);
/* Packets expected since (re)start: ext_max - base_seq + 1; 0 in probation. */
uint32_t mc_rtp_stats_expected(const struct mc_rtp_stats *st);
/* RFC 3550 cumulative lost of the current source: expected - received. Negative
 * when duplicates outnumber losses, as the RFC defines it. */
int64_t mc_rtp_stats_lost(const struct mc_rtp_stats *st);
/* For leg statistics: loss across resyncs and sources, duplicates not counted as
 * received, never negative. */
uint64_t mc_rtp_stats_lost_total(const struct mc_rtp_stats *st);
/* Q8 fraction lost since the last mc_rtp_stats_fill_rb (does not advance it). */
uint8_t mc_rtp_stats_fraction_lost(const struct mc_rtp_stats *st);
/* Interarrival jitter in RTP timestamp units, and in milliseconds. */
uint32_t mc_rtp_stats_jitter(const struct mc_rtp_stats *st);
double mc_rtp_stats_jitter_ms(const struct mc_rtp_stats *st);

/* Remember an SR from this source (its 64-bit NTP time) for LSR and DLSR. */
void mc_rtp_stats_on_sr(struct mc_rtp_stats *st, uint64_t ntp, uint64_t arrival_us);
/* Fill a report block about this source and start a new report interval. */
void mc_rtp_stats_fill_rb(struct mc_rtp_stats *st, struct mc_rtcp_rb *rb, uint64_t now_us);

#endif
