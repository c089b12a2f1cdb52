/* G.107 clause 7.4: the delay impairment Id = Idte + Idle + Idd. Clause
 * numbers are those of G.107 (06/2015). */
#include <math.h>

#include "mc_emodel.h"

/* Talker echo: echo loudness TERV falls with the echo path
 * delay T; Roe and Re are the ratings without and with that echo. */
double mc_emodel_idte(const struct mc_emodel_params *p)
{
	double t = p->t;
	double terv = p->telr - 40 * log10((1 + t / 10) / (1 + t / 150)) +
		      6 * exp(-0.3 * t * t);
	/* a low sidetone masks less echo (G.107: TERVs replaces TERV for STMR < 9) */
	if (p->stmr < 9)
		terv += mc_emodel_ist(p) / 2;
	double roe = -1.5 * (mc_emodel_no(p) - p->rlr);
	double re = 80 + 2.5 * (terv - 14);
	double d = roe - re;
	return (d / 2 + sqrt(d * d / 4 + 100) - 1) * (1 - exp(-t));
}

/* Listener echo, from the weighted echo path loss and the
 * round-trip delay of the 4-wire loop. */
double mc_emodel_idle(const struct mc_emodel_params *p)
{
	double ro = mc_emodel_ro(p);
	double rle = 10.5 * (p->wepl + 7) * pow(p->tr + 1, -0.25);
	double d = ro - rle;
	return d / 2 + sqrt(d * d / 4 + 169);
}

/* Absolute delay with the delay sensitivity parameters mT
 * and sT; the defaults (100 ms, 1) give the classic curve: 0 up to 100 ms,
 * about 0.16 at 150 ms, 8.9 at 250 ms and 24 at 400 ms. */
double mc_emodel_idd(const struct mc_emodel_params *p)
{
	if (p->ta <= p->mt)
		return 0;
	double x = log10(p->ta / p->mt) / log10(2);
	double e = 6 * p->st;
	return 25 * (pow(1 + pow(x, e), 1 / e) - 3 * pow(1 + pow(x / 3, e), 1 / e) + 2);
}

double mc_emodel_id(const struct mc_emodel_params *p)
{
	return mc_emodel_idte(p) + mc_emodel_idle(p) + mc_emodel_idd(p);
}
