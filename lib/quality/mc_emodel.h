/* The E-model (ITU-T G.107, 06/2015 edition) and its wideband and fullband
 * variants (G.107.1, G.107.2): transmission rating R from the path parameters,
 * and MOS-CQE from R (G.107 Annex B). Pure functions, no state.
 *
 *   R = Ro - Is - Id - Ie,eff + A                                  (G.107 clause 7.1)
 *
 * Narrowband: Ro, Is, Id and Ie,eff are the G.107 formulas with the parameters
 * below; the G.107 default parameters give R = 93.2.
 *
 * Wideband (G.107.1) and fullband (G.107.2) use an extended rating scale whose
 * top is Ro,WB = 129 and Ro,FB = 148. Those Recommendations do not (yet) model
 * loudness, noise or sidetone, so Is,X = 0. Delay is modelled there by the same
 * curves stretched to the larger scale; media-core takes Id,X = Id * Ro,X / 100
 * with Id from the G.107 formulas (an approximation: it keeps a delay's share
 * of the scale the same on every scale). The effective equipment impairment
 * replaces the 95 of G.107 by the scale's top:
 *   Ie,eff,X = Ie,X + (Ro,X - Ie,X) * Ppl / (Ppl / BurstR + Bpl)
 * MOS for an extended scale: R is first brought to the narrowband scale,
 * R_NB = R_X * 100 / Ro,X (G.107.1 / G.107.2 Annex A), then G.107 Annex B.
 * So MOS is relative to its own bandwidth context: a WB and an NB MOS are not
 * comparable; compare R on the same scale instead. See docs/quality.md. */
#ifndef MC_EMODEL_H
#define MC_EMODEL_H

enum mc_emodel_scale {
	MC_EMODEL_NB = 0, /* G.107, 300-3400 Hz, R up to ~93.2 (100 in theory) */
	MC_EMODEL_WB,     /* G.107.1, 50-7000 Hz, R up to 129 */
	MC_EMODEL_FB,     /* G.107.2, 20-20000 Hz, R up to 148 */
};

/* G.107 Table 3 names; units in the comments. mc_emodel_defaults fills the
 * default column. */
struct mc_emodel_params {
	enum mc_emodel_scale scale;
	double slr;     /* send loudness rating, dB (8) */
	double rlr;     /* receive loudness rating, dB (2) */
	double stmr;    /* sidetone masking rating, dB (15) */
	double lstr;    /* listener sidetone rating, dB (18) */
	double ds;      /* D-value of telephone, send side (3) */
	double dr;      /* D-value of telephone, receive side (3) */
	double telr;    /* talker echo loudness rating, dB (65) */
	double wepl;    /* weighted echo path loss, dB (110) */
	double t;       /* mean one-way delay of the echo path, ms (0) */
	double tr;      /* round-trip delay in a 4-wire loop, ms (0) */
	double ta;      /* absolute (mouth-to-ear) delay, ms (0) */
	double qdu;     /* number of quantizing distortion units (1) */
	double ie;      /* equipment impairment factor (0), on the chosen scale */
	double bpl;     /* packet-loss robustness factor (4.3: G.711 without PLC) */
	double ppl;     /* random packet-loss probability, percent (0) */
	double burst_r; /* burst ratio (1: random loss) */
	double nc;      /* circuit noise referred to the 0 dBr point, dBm0p (-70) */
	double nfor;    /* noise floor at the receive side, dBmp (-64) */
	double ps;      /* room noise at the send side, dB(A) (35) */
	double pr;      /* room noise at the receive side, dB(A) (35) */
	double a;       /* advantage factor (0) */
	double mt;      /* delay sensitivity: minimum perceivable delay, ms (100) */
	double st;      /* delay sensitivity: sharpness (1) */
};

/* The G.107 default column (narrowband scale). */
void mc_emodel_defaults(struct mc_emodel_params *p);

/* Top of the scale: 100, 129 or 148. */
double mc_emodel_scale_max(enum mc_emodel_scale s);

/* The terms of R, exposed so tests can check each against worked values.
 * They are always the G.107 narrowband terms; mc_emodel_r scales Id. */
double mc_emodel_no(const struct mc_emodel_params *p);   /* total noise power No, dBm0p */
double mc_emodel_ro(const struct mc_emodel_params *p);   /* basic signal-to-noise ratio */
double mc_emodel_is(const struct mc_emodel_params *p);   /* simultaneous impairment */
double mc_emodel_ist(const struct mc_emodel_params *p);  /* its sidetone part */
double mc_emodel_idte(const struct mc_emodel_params *p); /* talker echo */
double mc_emodel_idle(const struct mc_emodel_params *p); /* listener echo */
double mc_emodel_idd(const struct mc_emodel_params *p);  /* absolute delay */
double mc_emodel_id(const struct mc_emodel_params *p);   /* Idte + Idle + Idd */
/* Ie,eff on p->scale (95 in the formula for NB, the scale's top otherwise). */
double mc_emodel_ie_eff(const struct mc_emodel_params *p);

/* R on p->scale. Not clamped: callers that report it clamp to [0, max]. */
double mc_emodel_r(const struct mc_emodel_params *p);

/* MOS-CQE from a narrowband R (G.107 Annex B): 1 below 0, 4.5 above
 * 100, 1 + 0.035 R + R (R - 60)(100 - R) 7e-6 between. */
double mc_emodel_mos(double r);

/* MOS from an R on scale s: R * 100 / max, then mc_emodel_mos. */
double mc_emodel_mos_scaled(double r, enum mc_emodel_scale s);

/* Burst ratio of a two-state (Gilbert) loss model, G.107 7.5: with p the
 * probability of a loss after a received packet and q of a received packet
 * after a loss, BurstR = 1 / (p + q); 1 for random loss. */
double mc_emodel_burst_r(double p, double q);

#endif
