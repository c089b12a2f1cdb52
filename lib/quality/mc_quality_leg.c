/* The per-leg accumulator: one E-model evaluation per measurement interval
 * (a few seconds), never per frame. */
#include "mc_quality.h"

void mc_quality_init(struct mc_quality_leg *q, const struct mc_quality_codec *codec,
		     unsigned ptime_ms, bool plc)
{
	*q = (struct mc_quality_leg){0};
	mc_emodel_defaults(&q->base);
	q->codec_delay_ms = ptime_ms;
	if (codec) {
		q->base.scale = codec->scale;
		q->base.ie = codec->ie;
		q->base.bpl = plc ? codec->bpl : codec->bpl_no_plc;
		q->codec_delay_ms += codec->lookahead_ms;
	} else if (plc) {
		q->base.bpl = 25.1; /* G.711 with PLC */
	}
}

void mc_quality_set_delay(struct mc_quality_leg *q, double rtt_ms, double jb_ms)
{
	if (rtt_ms >= 0)
		q->rtt_ms = rtt_ms;
	q->jb_ms = jb_ms > 0 ? jb_ms : 0;
}

/* BurstR of the interval. Without a transition out of the loss state q is
 * unknown; the stationary two-state chain has Ppl = p / (p + q), so
 * BurstR = Ppl / p still follows from the transitions out of the received state. */
static double interval_burst_r(const struct mc_quality_leg *q, double ppl)
{
	uint32_t from_r = q->rr + q->rl, from_l = q->lr + q->ll;
	double p = from_r ? (double)q->rl / from_r : 0;
	if (q->lost == 0 || p <= 0)
		return 1;
	if (from_l)
		return mc_emodel_burst_r(p, (double)q->lr / from_l);
	return ppl / 100 / p;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

int mc_quality_update(struct mc_quality_leg *q)
{
	uint32_t n = q->received + q->lost;
	if (n == 0)
		return -1;
	struct mc_emodel_params p = q->base;
	p.ppl = 100.0 * q->lost / n;
	p.burst_r = interval_burst_r(q, p.ppl);
	p.ta = q->rtt_ms / 2 + q->jb_ms + q->codec_delay_ms;
	p.t = p.ta;
	p.tr = 2 * p.ta;
	double top = mc_emodel_scale_max(p.scale);
	double r = mc_emodel_r(&p);
	double id = mc_emodel_id(&p) * (p.scale == MC_EMODEL_NB ? 1 : top / 100);
	q->ppl = p.ppl;
	q->burst_r = p.burst_r;
	q->ta_ms = p.ta;
	q->r = clamp(r, 0, top);
	q->mos = mc_emodel_mos_scaled(q->r, p.scale);
	q->r_lq = clamp(r + id, 0, top);
	q->mos_lq = mc_emodel_mos_scaled(q->r_lq, p.scale);
	if (q->intervals == 0 || q->r < q->r_min)
		q->r_min = q->r;
	if (q->intervals == 0 || q->mos < q->mos_min)
		q->mos_min = q->mos;
	q->r_sum += q->r;
	q->mos_sum += q->mos;
	q->intervals++;
	q->received = q->lost = 0;
	q->rr = q->rl = q->lr = q->ll = 0;
	return 0;
}
