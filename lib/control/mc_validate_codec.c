/* Validation of a leg's codec list, and the choice of the codec media-core sends. */
#include "mc_validate.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mc_codec_registry.h"

#define MC_CODEC_RATE_MAX 1000000

#define BAD(...) mc_verr_set(err, "EINVAL", __VA_ARGS__)

static int get_uint(const json_t *o, const char *key, unsigned leg, unsigned k,
		    json_int_t lo, json_int_t hi, json_int_t *out, struct mc_verr *err)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL)
		return 0;
	if (!json_is_integer(v))
		return BAD("legs[%u].codecs[%u].%s: must be an integer", leg, k, key);
	if (json_integer_value(v) < lo || json_integer_value(v) > hi)
		return BAD("legs[%u].codecs[%u].%s: %" JSON_INTEGER_FORMAT " out of range "
			   "%" JSON_INTEGER_FORMAT "..%" JSON_INTEGER_FORMAT, leg, k, key,
			   json_integer_value(v), lo, hi);
	*out = json_integer_value(v);
	return 1;
}

static bool name_ok(const char *s)
{
	/* An SDP encoding name: a token, so no '/', spaces or quotes. */
	if (!mc_validate_token(s, MC_CODEC_NAME_MAX))
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ' ' || *s == '"' || *s == '\\')
			return false;
	return true;
}

static int one_codec(const json_t *o, unsigned leg, unsigned k, struct mc_codec_ref *c,
		     struct mc_verr *err)
{
	static const char *const known[] = { "pt", "name", "rate", "channels", "fmtp", NULL };
	char prefix[32];
	json_int_t v;
	const json_t *s;
	int r;

	if (!json_is_object(o))
		return BAD("legs[%u].codecs[%u]: must be an object", leg, k);
	snprintf(prefix, sizeof(prefix), "legs[%u].codecs[%u].", leg, k);
	if (mc_validate_keys(o, known, prefix, err) < 0)
		return -1;
	if ((r = get_uint(o, "pt", leg, k, 0, 127, &v, err)) <= 0)
		return r < 0 ? -1 : BAD("legs[%u].codecs[%u].pt: missing", leg, k);
	/* With rtcp-mux these would read as RTCP SR..APP (RFC 5761 section 4). */
	if (v >= 72 && v <= 76)
		return BAD("legs[%u].codecs[%u].pt: %d is reserved (72-76 collide with RTCP)",
			   leg, k, (int)v);
	c->pt = (uint8_t)v;
	s = json_object_get(o, "name");
	if (s == NULL)
		return BAD("legs[%u].codecs[%u].name: missing", leg, k);
	if (!json_is_string(s) || !name_ok(json_string_value(s)))
		return BAD("legs[%u].codecs[%u].name: must be an SDP encoding name of 1-%d "
			   "characters", leg, k, MC_CODEC_NAME_MAX);
	strcpy(c->name, json_string_value(s));
	if ((r = get_uint(o, "rate", leg, k, 1, MC_CODEC_RATE_MAX, &v, err)) <= 0)
		return r < 0 ? -1 : BAD("legs[%u].codecs[%u].rate: missing", leg, k);
	c->rate = (uint32_t)v;
	c->channels = 1;
	if ((r = get_uint(o, "channels", leg, k, 1, 8, &v, err)) < 0)
		return -1;
	if (r > 0)
		c->channels = (uint8_t)v;
	if ((s = json_object_get(o, "fmtp")) != NULL) {
		if (!json_is_string(s) || strlen(json_string_value(s)) > MC_FMTP_MAX)
			return BAD("legs[%u].codecs[%u].fmtp: must be a string of at most %d "
				   "characters", leg, k, MC_FMTP_MAX);
		strcpy(c->fmtp, json_string_value(s));
	}
	return 0;
}

int mc_validate_codecs(const json_t *a, unsigned leg, struct mc_leg_conf *conf,
		       struct mc_verr *err)
{
	size_t n;

	if (!json_is_array(a))
		return BAD("legs[%u].codecs: must be an array of codec objects", leg);
	n = json_array_size(a);
	if (n == 0)
		return BAD("legs[%u].codecs: must not be empty", leg);
	if (n > MC_CODECS_PER_LEG)
		return BAD("legs[%u].codecs: %zu codecs, at most %d", leg, n, MC_CODECS_PER_LEG);
	memset(conf->codecs, 0, sizeof(conf->codecs));
	for (unsigned k = 0; k < n; k++) {
		if (one_codec(json_array_get(a, k), leg, k, &conf->codecs[k], err) < 0)
			return -1;
		for (unsigned j = 0; j < k; j++)
			if (conf->codecs[j].pt == conf->codecs[k].pt)
				return BAD("legs[%u].codecs[%u].pt: %u is already codecs[%u]'s",
					   leg, k, conf->codecs[k].pt, j);
	}
	conf->n_codecs = (uint8_t)n;
	return mc_validate_choose(conf, leg, err);
}

int mc_validate_choose(struct mc_leg_conf *conf, unsigned leg, struct mc_verr *err)
{
	char why[200] = "";
	size_t len = 0;

	for (unsigned k = 0; k < conf->n_codecs; k++) {
		const struct mc_codec_ref *c = &conf->codecs[k];
		const struct mc_codec_desc *d = mc_codec_lookup(c->name, c->rate, c->channels);

		if (d != NULL && d->id != MC_CODEC_TEVENT && d->id != MC_CODEC_CN) {
			conf->chosen = (int8_t)k;
			return 0;
		}
		if (len < sizeof(why))
			len += (size_t)snprintf(why + len, sizeof(why) - len, "%s%s/%u",
						k ? ", " : "", c->name, (unsigned)c->rate);
		if (len < sizeof(why) && c->channels > 1)
			len += (size_t)snprintf(why + len, sizeof(why) - len, "/%u", c->channels);
		if (len < sizeof(why) && d != NULL)
			len += (size_t)snprintf(why + len, sizeof(why) - len, " (not audio)");
	}
	conf->chosen = -1;
	return mc_verr_set(err, "ENOTSUP", "legs[%u].codecs: no supported audio codec among %s",
			   leg, why);
}
