/* SPDX-License-Identifier: BSD-3-Clause
 * Negotiation rules (docs/codecs.md): validate every offer entry, then
 *  - transcoding allowed: each leg gets the first codec of its own list that media-core
 *    supports and the policy allows (the contract of /mc/session/create);
 *  - transcoding not allowed: the first codec of leg 0's list that leg 1 also offers
 *    in a relay-compatible form, on both legs;
 * then telephone-event and CN at each chosen codec's clock.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mc_negotiate.h"

__attribute__((format(printf, 4, 5)))
static int fail(int rc, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

struct leg_info {
	const struct mc_codec_desc *desc[MC_NEG_MAX_CODECS]; /* NULL: not supported */
	struct mc_fmtp fmtp[MC_NEG_MAX_CODECS];
};

static bool allowed(const struct mc_neg_policy *pol, const struct mc_codec_desc *d)
{
	return d != NULL && (pol->allowed == 0 || (pol->allowed >> d->id) & 1u);
}

static bool is_media(const struct mc_codec_desc *d)
{
	return d != NULL && d->id != MC_CODEC_TEVENT && d->id != MC_CODEC_CN;
}

static int check_leg(unsigned l, const struct mc_neg_leg *leg, struct leg_info *li, char *err, size_t errlen)
{
	uint64_t seen[2] = { 0, 0 };
	char ferr[160];

	if (leg->codecs == NULL || leg->n_codecs == 0)
		return fail(-EINVAL, err, errlen, "legs[%u].codecs: empty", l);
	if (leg->n_codecs > MC_NEG_MAX_CODECS)
		return fail(-EINVAL, err, errlen, "legs[%u].codecs: more than %d entries", l, MC_NEG_MAX_CODECS);
	if (leg->ptime > 200)
		return fail(-EINVAL, err, errlen, "legs[%u].ptime: %u out of range 0..200", l, leg->ptime);
	for (unsigned i = 0; i < leg->n_codecs; i++) {
		const struct mc_sdp_codec *c = &leg->codecs[i];

		if (c->pt < 0 || c->pt > 127)
			return fail(-EINVAL, err, errlen, "legs[%u].codecs[%u].pt: %d out of range 0..127", l, i, c->pt);
		if ((seen[c->pt >> 6] >> (c->pt & 63)) & 1u)
			return fail(-EINVAL, err, errlen, "legs[%u].codecs[%u].pt: %d listed twice", l, i, c->pt);
		seen[c->pt >> 6] |= 1ull << (c->pt & 63);
		if (c->name == NULL || c->name[0] == '\0')
			return fail(-EINVAL, err, errlen, "legs[%u].codecs[%u].name: missing", l, i);
		if (c->rate == 0)
			return fail(-EINVAL, err, errlen, "legs[%u].codecs[%u].rate: missing", l, i);
		if (c->channels > 8)
			return fail(-EINVAL, err, errlen, "legs[%u].codecs[%u].channels: %u out of range", l, i, c->channels);
		li->desc[i] = mc_codec_lookup(c->name, c->rate, c->channels);
		if (li->desc[i] != NULL && mc_fmtp_parse(li->desc[i]->id, c->fmtp, &li->fmtp[i], ferr, sizeof(ferr)) < 0)
			return fail(-EINVAL, err, errlen, "legs[%u].codecs[%u].fmtp: %s", l, i, ferr);
	}
	return 0;
}

bool mc_neg_relay_compatible(const struct mc_codec_desc *a, const struct mc_fmtp *fa,
			     const struct mc_codec_desc *b, const struct mc_fmtp *fb)
{
	if (a->id != b->id || a->rate != b->rate)
		return false;
	if (a->id == MC_CODEC_G729)
		return fa->annexb == fb->annexb; /* SID frames must not reach an annexb=no side */
	if (a->id == MC_CODEC_OPUS)
		return fa->stereo == fb->stereo; /* a stereo receiver wants a stereo encoder */
	return true;
}

static void choose(struct mc_neg_choice *ch, const struct mc_neg_leg *leg, const struct leg_info *li,
		   int i, unsigned ptime)
{
	ch->index = i;
	ch->pt = leg->codecs[i].pt;
	ch->desc = li->desc[i];
	ch->fmtp = li->fmtp[i];
	ch->ptime = ptime;
}

/* telephone-event and CN entries at the chosen codec's RTP clock. */
static void extras(struct mc_neg_choice *ch, const struct mc_neg_leg *leg, const struct leg_info *li,
		   const struct mc_neg_policy *pol)
{
	ch->tevent_index = ch->tevent_pt = ch->cn_index = ch->cn_pt = -1;
	for (unsigned i = 0; i < leg->n_codecs; i++) {
		const struct mc_codec_desc *d = li->desc[i];

		if (!allowed(pol, d) || d->rate != ch->desc->rate)
			continue;
		if (d->id == MC_CODEC_TEVENT && ch->tevent_index < 0) {
			ch->tevent_index = (int)i;
			ch->tevent_pt = leg->codecs[i].pt;
		} else if (d->id == MC_CODEC_CN && ch->cn_index < 0) {
			ch->cn_index = (int)i;
			ch->cn_pt = leg->codecs[i].pt;
		}
	}
}

static int first_usable(const struct mc_neg_leg *leg, const struct leg_info *li, const struct mc_neg_policy *pol)
{
	for (unsigned i = 0; i < leg->n_codecs; i++)
		if (is_media(li->desc[i]) && allowed(pol, li->desc[i]))
			return (int)i;
	return -1;
}

static int common_codec(const struct mc_neg_leg legs[2], const struct leg_info li[2],
			const struct mc_neg_policy *pol, int *j_out)
{
	for (unsigned i = 0; i < legs[0].n_codecs; i++) {
		if (!is_media(li[0].desc[i]) || !allowed(pol, li[0].desc[i]))
			continue;
		for (unsigned j = 0; j < legs[1].n_codecs; j++) {
			if (li[1].desc[j] != NULL &&
			    mc_neg_relay_compatible(li[0].desc[i], &li[0].fmtp[i], li[1].desc[j], &li[1].fmtp[j])) {
				*j_out = (int)j;
				return (int)i;
			}
		}
	}
	return -1;
}

int mc_negotiate(const struct mc_neg_leg legs[2], const struct mc_neg_policy *pol,
		 struct mc_neg_result *res, char *err, size_t errlen)
{
	static struct mc_neg_policy all = { 0, true };
	struct leg_info li[2];
	unsigned ptime[2];
	int pick[2], rc;

	if (pol == NULL)
		pol = &all;
	memset(res, 0, sizeof(*res));
	for (unsigned l = 0; l < 2; l++) {
		if ((rc = check_leg(l, &legs[l], &li[l], err, errlen)) < 0)
			return rc;
		ptime[l] = legs[l].ptime ? legs[l].ptime : 20;
		if ((pick[l] = first_usable(&legs[l], &li[l], pol)) < 0)
			return fail(-ENOTSUP, err, errlen, "legs[%u].codecs: no codec media-core supports and the policy allows", l);
	}
	if (!pol->allow_transcode) {
		if ((pick[0] = common_codec(legs, li, pol, &pick[1])) < 0)
			return fail(-ENOTSUP, err, errlen, "legs: no codec common to both legs and transcoding is not allowed");
		if (ptime[0] != ptime[1])
			return fail(-ENOTSUP, err, errlen, "legs[1].ptime: %u differs from legs[0].ptime %u and transcoding is not allowed",
				   ptime[1], ptime[0]);
	}
	for (unsigned l = 0; l < 2; l++) {
		choose(&res->leg[l], &legs[l], &li[l], pick[l], ptime[l]);
		extras(&res->leg[l], &legs[l], &li[l], pol);
	}
	res->transcode = ptime[0] != ptime[1] ||
			 !mc_neg_relay_compatible(res->leg[0].desc, &res->leg[0].fmtp, res->leg[1].desc, &res->leg[1].fmtp);
	res->renumber_pt = !res->transcode && res->leg[0].pt != res->leg[1].pt;
	return 0;
}
