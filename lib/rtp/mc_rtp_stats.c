/* Per-packet receive statistics: RFC 3550 A.1 (sequence validity), A.8 (jitter)
 * and a 128-bit window that tells duplicates from reordered packets. */
#include <string.h>

#include "mc_rtp_stats.h"

#define SEQ_MOD (1u << 16)

void mc_rtp_stats_init(struct mc_rtp_stats *st, uint32_t clock_rate)
{
	memset(st, 0, sizeof(*st));
	st->clock_rate = clock_rate;
}

/* A.1 init_seq: the source is (re)anchored at seq, which counts as received. */
static void init_seq(struct mc_rtp_stats *st, uint16_t seq)
{
	st->base_seq = seq;
	st->max_seq = seq;
	st->bad_seq = SEQ_MOD + 1; /* matches no 16-bit seq */
	st->cycles = 0;
	st->received = 0;
	st->dup_source = 0;
	st->received_prior = 0;
	st->expected_prior = 0;
	st->seen[0] = 1;
	st->seen[1] = 0;
}

/* Keep what the old source lost before its state is forgotten. */
static void retire(struct mc_rtp_stats *st)
{
	if (st->started && st->probation == 0)
		st->lost_retired = mc_rtp_stats_lost_total(st);
}

static void start_source(struct mc_rtp_stats *st, uint32_t ssrc, uint16_t seq)
{
	init_seq(st, seq);
	st->ssrc = ssrc;
	st->max_seq = (uint16_t)(seq - 1);
	st->probation = MC_RTP_MIN_SEQUENTIAL;
	st->have_transit = 0;
	st->started = 1;
}

static void window_advance(struct mc_rtp_stats *st, unsigned d)
{
	if (d >= 128) {
		st->seen[1] = 0;
		st->seen[0] = 1;
		return;
	}
	if (d >= 64) {
		st->seen[1] = st->seen[0] << (d - 64);
		st->seen[0] = 0;
	} else {
		st->seen[1] = st->seen[1] << d | st->seen[0] >> (64 - d);
		st->seen[0] <<= d;
	}
	st->seen[0] |= 1;
}

/* Marks max_seq - k as seen; returns whether it already was. k < 128. */
static int window_test_set(struct mc_rtp_stats *st, unsigned k)
{
	uint64_t bit = 1ull << (k & 63);
	uint64_t *w = &st->seen[k >> 6];
	int was = (*w & bit) != 0;
	*w |= bit;
	return was;
}

static enum mc_rtp_seq_class update_seq(struct mc_rtp_stats *st, uint16_t seq)
{
	uint16_t udelta = (uint16_t)(seq - st->max_seq);

	if (st->probation) {
		/* The RFC compares with max_seq + 1 in int; wrap it so 65535 -> 0 counts. */
		if (seq == (uint16_t)(st->max_seq + 1)) {
			st->max_seq = seq;
			if (--st->probation == 0) {
				init_seq(st, seq);
				st->received++;
				return MC_RTP_SEQ_OK;
			}
		} else {
			st->probation = MC_RTP_MIN_SEQUENTIAL - 1;
			st->max_seq = seq;
		}
		return MC_RTP_SEQ_PROBATION;
	}
	if (udelta < MC_RTP_MAX_DROPOUT) {
		st->received++;
		if (udelta == 0) {
			st->dup_source++;
			return MC_RTP_SEQ_DUPLICATE;
		}
		if (seq < st->max_seq)
			st->cycles += SEQ_MOD;
		st->max_seq = seq;
		window_advance(st, udelta);
		return MC_RTP_SEQ_OK;
	}
	if (udelta <= SEQ_MOD - MC_RTP_MAX_MISORDER) {
		if (seq != st->bad_seq) {
			st->bad_seq = (seq + 1u) & (SEQ_MOD - 1);
			return MC_RTP_SEQ_BAD;
		}
		/* Two sequential packets after a jump: the sender restarted. */
		retire(st);
		init_seq(st, seq);
		st->received++;
		return MC_RTP_SEQ_RESYNC;
	}
	st->received++;
	if (window_test_set(st, (uint16_t)(st->max_seq - seq))) {
		st->dup_source++;
		return MC_RTP_SEQ_DUPLICATE;
	}
	return MC_RTP_SEQ_OUT_OF_ORDER;
}

/* A.8: J += (|D| - J) / 16, kept scaled by 16 to stay in integers. */
static void update_jitter(struct mc_rtp_stats *st, uint32_t ts, uint32_t arrival)
{
	int32_t transit = (int32_t)(arrival - ts);
	if (st->have_transit) {
		int64_t d = (int64_t)transit - st->transit;
		/* transit differences wrap like the clocks they come from */
		d = (int32_t)(uint32_t)d;
		if (d < 0)
			d = -d;
		uint64_t j = st->jitter_q4;
		st->jitter_q4 = j - ((j + 8) >> 4) + (uint64_t)d;
	}
	st->transit = transit;
	st->have_transit = 1;
}

enum mc_rtp_seq_class mc_rtp_stats_update(struct mc_rtp_stats *st, uint32_t ssrc,
					  uint16_t seq, uint32_t ts, uint32_t arrival)
{
	st->packets++;
	if (__builtin_expect(!st->started || ssrc != st->ssrc, 0)) {
		if (st->started) {
			retire(st);
			st->ssrc_changes++;
		}
		start_source(st, ssrc, seq);
	}
	enum mc_rtp_seq_class c = update_seq(st, seq);
	switch (c) {
	case MC_RTP_SEQ_DUPLICATE:
		st->duplicates++;
		return c;
	case MC_RTP_SEQ_BAD:
		st->bad_seq_count++;
		return c;
	case MC_RTP_SEQ_OUT_OF_ORDER:
		st->out_of_order++;
		break;
	case MC_RTP_SEQ_RESYNC:
		st->resyncs++;
		st->have_transit = 0; /* a restarted sender's timestamps jump too */
		break;
	default:
		break;
	}
	update_jitter(st, ts, arrival);
	return c;
}

const char *mc_rtp_seq_class_name(enum mc_rtp_seq_class c)
{
	static const char *const names[] = {
		"ok", "out_of_order", "duplicate", "probation", "bad_seq", "resync",
	};
	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "unknown";
}
