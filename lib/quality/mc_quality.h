/* Per-leg quality accumulator: fed per received or lost frame and with delay
 * figures, it rates each measurement interval with the E-model and keeps the
 * current, minimum and average R and MOS over the call.
 *
 * Loss: a frame the listener did not get is lost, whether the network lost it
 * or the jitter buffer discarded it late. The loss pattern is fitted to a
 * two-state Gilbert model per interval (p: loss after a received frame, q:
 * received after a loss), giving Ppl and BurstR = 1 / (p + q).
 * Delay: mouth-to-ear Ta = RTT / 2 + jitter-buffer delay + ptime + codec
 * lookahead; the echo path delay T = Ta and the 4-wire loop Tr = 2 Ta (the
 * G.107 assumption when nothing better is known). Without RTCP the RTT is 0
 * and only media-core's own delays count.
 * State is one fixed-size struct: feeding it never allocates. */
#ifndef MC_QUALITY_H
#define MC_QUALITY_H

#include <stdbool.h>
#include <stdint.h>

#include "mc_emodel.h"
#include "mc_quality_codec.h"

struct mc_quality_leg {
	struct mc_emodel_params base; /* G.107 defaults with the codec's Ie, Bpl, scale */
	double codec_delay_ms;        /* ptime + lookahead */
	double rtt_ms;
	double jb_ms;
	/* current interval: frames and Gilbert transitions (from -> to) */
	uint32_t received, lost;
	uint32_t rr, rl, lr, ll;
	bool have_prev, prev_lost;
	/* last interval's inputs */
	double ppl, burst_r, ta_ms;
	/* results; valid once intervals > 0 */
	double r, mos;                /* current (last interval), R on the codec's scale */
	double r_lq, mos_lq;          /* listening quality: the same without delay */
	double r_min, mos_min;
	double r_sum, mos_sum;
	uint32_t intervals;
};

/* codec: from mc_quality_codec_find, or NULL for G.711-like (NB, Ie 0). plc:
 * whether losses are concealed (selects Bpl). */
void mc_quality_init(struct mc_quality_leg *q, const struct mc_quality_codec *codec,
		     unsigned ptime_ms, bool plc);

/* One frame slot: received (and played) or lost/discarded. */
static inline void mc_quality_frame(struct mc_quality_leg *q, bool lost)
{
	uint32_t *next = q->prev_lost ? (lost ? &q->ll : &q->lr) : (lost ? &q->rl : &q->rr);
	if (q->have_prev)
		(*next)++;
	if (lost)
		q->lost++;
	else
		q->received++;
	q->have_prev = true;
	q->prev_lost = lost;
}

/* rtt_ms < 0 keeps the previous RTT (e.g. no RTCP since). */
void mc_quality_set_delay(struct mc_quality_leg *q, double rtt_ms, double jb_ms);

/* Rate the interval since the last call and start a new one. Returns 0, or -1
 * when the interval saw no frame (nothing to rate: results unchanged). */
int mc_quality_update(struct mc_quality_leg *q);

static inline double mc_quality_r_avg(const struct mc_quality_leg *q)
{
	return q->intervals ? q->r_sum / q->intervals : 0;
}

static inline double mc_quality_mos_avg(const struct mc_quality_leg *q)
{
	return q->intervals ? q->mos_sum / q->intervals : 0;
}

/* The XR VoIP Metrics encodings (RFC 3611 4.7.5) of the current interval:
 * R factor 0..100 on the narrowband scale (an extended-scale R is brought to it
 * as for MOS), MOS-LQ and MOS-CQ x 10 rounded; 127 (unavailable) before the
 * first rated interval. */
static inline void mc_quality_xr_fields(const struct mc_quality_leg *q, uint8_t *r,
					uint8_t *mos_lq, uint8_t *mos_cq)
{
	if (!q->intervals) {
		*r = *mos_lq = *mos_cq = 127;
		return;
	}
	double nb = q->r * 100 / mc_emodel_scale_max(q->base.scale);
	*r = (uint8_t)(nb + 0.5);
	*mos_lq = (uint8_t)(q->mos_lq * 10 + 0.5);
	*mos_cq = (uint8_t)(q->mos * 10 + 0.5);
}

#endif
