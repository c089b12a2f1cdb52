/* Loss, fraction lost and report blocks from the receive state (RFC 3550 A.3, §6.4.1). */
#include "mc_rtp_stats.h"

uint32_t mc_rtp_stats_ext_max(const struct mc_rtp_stats *st)
{
	return st->cycles + st->max_seq;
}

uint32_t mc_rtp_stats_expected(const struct mc_rtp_stats *st)
{
	if (!st->started || st->probation)
		return 0;
	return mc_rtp_stats_ext_max(st) - st->base_seq + 1;
}

int64_t mc_rtp_stats_lost(const struct mc_rtp_stats *st)
{
	return (int64_t)mc_rtp_stats_expected(st) - st->received;
}

uint64_t mc_rtp_stats_lost_total(const struct mc_rtp_stats *st)
{
	/* A packet reordered to before base_seq can still make this source negative. */
	int64_t cur = mc_rtp_stats_lost(st) + st->dup_source;
	return st->lost_retired + (uint64_t)(cur > 0 ? cur : 0);
}

static uint8_t fraction(uint32_t expected_iv, uint32_t received_iv)
{
	int64_t lost_iv = (int64_t)expected_iv - received_iv;
	if (expected_iv == 0 || lost_iv <= 0)
		return 0;
	return (uint8_t)((lost_iv << 8) / expected_iv);
}

uint8_t mc_rtp_stats_fraction_lost(const struct mc_rtp_stats *st)
{
	return fraction(mc_rtp_stats_expected(st) - st->expected_prior,
			st->received - st->received_prior);
}

uint32_t mc_rtp_stats_jitter(const struct mc_rtp_stats *st)
{
	uint64_t j = st->jitter_q4 >> 4;
	return j > UINT32_MAX ? UINT32_MAX : (uint32_t)j;
}

double mc_rtp_stats_jitter_ms(const struct mc_rtp_stats *st)
{
	if (st->clock_rate == 0)
		return 0.0;
	return (double)st->jitter_q4 / 16.0 * 1000.0 / st->clock_rate;
}

void mc_rtp_stats_on_sr(struct mc_rtp_stats *st, uint64_t ntp, uint64_t arrival_us)
{
	st->lsr = (uint32_t)(ntp >> 16);
	st->lsr_arrival_us = arrival_us;
}

void mc_rtp_stats_fill_rb(struct mc_rtp_stats *st, struct mc_rtcp_rb *rb, uint64_t now_us)
{
	uint32_t expected = mc_rtp_stats_expected(st);
	int64_t lost = mc_rtp_stats_lost(st);

	rb->ssrc = st->ssrc;
	rb->fraction_lost = mc_rtp_stats_fraction_lost(st);
	/* the builder clamps to 24 bits; keep the sign here */
	rb->cum_lost = lost > INT32_MAX ? INT32_MAX : lost < INT32_MIN ? INT32_MIN : (int32_t)lost;
	rb->ext_high_seq = mc_rtp_stats_ext_max(st);
	rb->jitter = mc_rtp_stats_jitter(st);
	rb->lsr = st->lsr;
	rb->dlsr = 0;
	if (st->lsr && now_us > st->lsr_arrival_us)
		rb->dlsr = (uint32_t)((now_us - st->lsr_arrival_us) * 65536 / 1000000);
	st->expected_prior = expected;
	st->received_prior = st->received;
	st->last_fraction = rb->fraction_lost;
}
