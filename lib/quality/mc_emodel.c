/* R and MOS: G.107 clauses 7.1, 7.5 and Annex B; the extended scales of
 * G.107.1 and G.107.2 as described in mc_emodel.h. */
#include <math.h>

#include "mc_emodel.h"

void mc_emodel_defaults(struct mc_emodel_params *p)
{
	/* G.107 clause 7.7, Table 3 */
	*p = (struct mc_emodel_params){
		.scale = MC_EMODEL_NB,
		.slr = 8, .rlr = 2, .stmr = 15, .lstr = 18, .ds = 3, .dr = 3,
		.telr = 65, .wepl = 110, .t = 0, .tr = 0, .ta = 0, .qdu = 1,
		.ie = 0, .bpl = 4.3, .ppl = 0, .burst_r = 1,
		.nc = -70, .nfor = -64, .ps = 35, .pr = 35, .a = 0,
		.mt = 100, .st = 1,
	};
}

double mc_emodel_scale_max(enum mc_emodel_scale s)
{
	switch (s) {
	case MC_EMODEL_WB:
		return 129;
	case MC_EMODEL_FB:
		return 148;
	default:
		return 100;
	}
}

/* G.107 uses 95 (not Ro = 94.77) as the impairment of total loss; G.107.1 and
 * G.107.2 use the top of their scale. */
static double loss_ceiling(enum mc_emodel_scale s)
{
	return s == MC_EMODEL_NB ? 95 : mc_emodel_scale_max(s);
}

double mc_emodel_ie_eff(const struct mc_emodel_params *p)
{
	double br = p->burst_r > 0 ? p->burst_r : 1;
	if (p->ppl <= 0)
		return p->ie;
	return p->ie + (loss_ceiling(p->scale) - p->ie) * p->ppl / (p->ppl / br + p->bpl);
}

double mc_emodel_r(const struct mc_emodel_params *p)
{
	if (p->scale == MC_EMODEL_NB)
		return mc_emodel_ro(p) - mc_emodel_is(p) - mc_emodel_id(p) -
		       mc_emodel_ie_eff(p) + p->a;
	double top = mc_emodel_scale_max(p->scale);
	return top - mc_emodel_id(p) * top / 100 - mc_emodel_ie_eff(p) + p->a;
}

double mc_emodel_mos(double r)
{
	if (r <= 0)
		return 1;
	if (r >= 100)
		return 4.5;
	/* the cubic dips just under 1 for R below about 6.5 */
	double m = 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
	return m < 1 ? 1 : m;
}

double mc_emodel_mos_scaled(double r, enum mc_emodel_scale s)
{
	return mc_emodel_mos(r * 100 / mc_emodel_scale_max(s));
}

double mc_emodel_burst_r(double p, double q)
{
	/* p + q = 1 is memoryless loss; p + q -> 0 is loss in ever longer runs */
	if (!(p + q > 0))
		return 1;
	return 1 / (p + q);
}
