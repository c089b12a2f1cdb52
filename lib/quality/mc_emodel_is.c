/* G.107 clauses 7.2 and 7.3: the basic signal-to-noise ratio Ro and the
 * simultaneous impairment Is. Clause numbers are those of G.107 (06/2015). */
#include <math.h>

#include "mc_emodel.h"

static double db_sum4(double a, double b, double c, double d)
{
	return 10 * log10(pow(10, a / 10) + pow(10, b / 10) + pow(10, c / 10) +
			  pow(10, d / 10));
}

/* Sum of circuit noise, send and receive room noise and the receive noise
 * floor, all referred to the 0 dBr point. */
double mc_emodel_no(const struct mc_emodel_params *p)
{
	double olr = p->slr + p->rlr;
	double nos = p->ps - p->slr - p->ds - 100 +
		     0.004 * pow(p->ps - olr - p->ds - 14, 2);
	/* room noise at the receive side is raised by the listener sidetone path */
	double pre = p->pr + 10 * log10(1 + pow(10, (10 - p->lstr) / 10));
	double nor = p->rlr - 121 + pre + 0.008 * pow(pre - 35, 2);
	double nfo = p->nfor + p->rlr;
	return db_sum4(p->nc, nos, nor, nfo);
}

double mc_emodel_ro(const struct mc_emodel_params *p)
{
	return 15 - 1.5 * (p->slr + mc_emodel_no(p));
}

/* Iolr: too-quiet connections. */
static double i_olr(const struct mc_emodel_params *p, double no)
{
	double x = (p->slr + p->rlr + 0.2 * (64 + no - p->rlr)) / 8;
	return 20 * (pow(1 + pow(x, 8), 1.0 / 8) - x);
}

/* STMRo: sidetone plus talker echo heard as sidetone at short delays. */
static double stmr_o(const struct mc_emodel_params *p)
{
	return -10 * log10(pow(10, -p->stmr / 10) + exp(-p->t / 4) * pow(10, -p->telr / 10));
}

/* Ist: non-optimum sidetone. */
double mc_emodel_ist(const struct mc_emodel_params *p)
{
	double s = stmr_o(p);
	return 12 * pow(1 + pow((s - 13) / 6, 8), 1.0 / 8) -
	       28 * pow(1 + pow((s + 1) / 19.4, 35), 1.0 / 35) -
	       13 * pow(1 + pow((s - 3) / 33, 13), 1.0 / 13) + 29;
}

/* Iq: quantizing distortion, from qdu. */
static double i_q(const struct mc_emodel_params *p, double ro)
{
	double q = 37 - 15 * log10(p->qdu);
	double g = 1.07 + 0.258 * q + 0.0602 * q * q;
	double y = (ro - 100) / 15 + 46 / 8.4 - g / 9;
	double z = 46.0 / 30 - g / 40;
	return 15 * log10(1 + pow(10, y) + pow(10, z));
}

double mc_emodel_is(const struct mc_emodel_params *p)
{
	double no = mc_emodel_no(p);
	double ro = 15 - 1.5 * (p->slr + no);
	return i_olr(p, no) + mc_emodel_ist(p) + i_q(p, ro);
}
