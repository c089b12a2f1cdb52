/* A leg's "audio": AGC and noise suppression of what its remote sends (transcode mode).
 * Each is false, true (the defaults) or an object of its settings; a key left out of
 * "audio" is off, so an update replaces the leg's whole setting, as "jitter_buffer". */
#include "mc_validate.h"

#include <stdio.h>

#include "mc_agc_ns.h"

#define BAD(...) mc_verr_set(err, "EINVAL", __VA_ARGS__)

void mc_audio_defaults(struct mc_leg_conf *c)
{
	c->agc = c->ns = false;
	c->agc_target_dbfs = MC_AGC_TARGET_DEFAULT;
	c->agc_max_gain_db = MC_AGC_MAX_GAIN_DEFAULT;
	c->ns_max_db = MC_NS_MAX_DB_DEFAULT;
}

static int get_int(const json_t *o, const char *path, const char *key, int lo, int hi,
		   int *out, struct mc_verr *err)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return BAD("%s.%s: must be an integer in %d..%d (dB)", path, key, lo, hi);
	*out = (int)json_integer_value(v);
	return 0;
}

/* false, true or an object with the keys of `known`: -1 bad, else whether it is on
 * (*obj: the object to read the settings from, NULL for true/false). */
static int on_off(const json_t *v, const char *path, const char *const *known,
		  const char *form, const json_t **obj, struct mc_verr *err)
{
	char prefix[64];

	*obj = NULL;
	if (v == NULL)
		return 0;
	if (json_is_boolean(v))
		return json_is_true(v);
	if (!json_is_object(v))
		return BAD("%s: must be false, true or %s", path, form);
	snprintf(prefix, sizeof(prefix), "%s.", path);
	if (mc_validate_keys(v, known, prefix, err) < 0)
		return -1;
	*obj = v;
	return 1;
}

int mc_validate_audio(const json_t *v, unsigned i, struct mc_leg_conf *c,
		      struct mc_verr *err)
{
	static const char *const known[] = { "agc", "noise_suppression", NULL };
	static const char *const agc_keys[] = { "target_dbfs", "max_gain_db", NULL };
	static const char *const ns_keys[] = { "max_db", NULL };
	char path[24], sub[48];
	const json_t *o;
	int on, agc, target = MC_AGC_TARGET_DEFAULT, gain = MC_AGC_MAX_GAIN_DEFAULT;
	int depth = MC_NS_MAX_DB_DEFAULT;

	snprintf(path, sizeof(path), "legs[%u].audio", i);
	if (!json_is_object(v))
		return BAD("%s: must be an object {\"agc\": ..., \"noise_suppression\": ...}",
			   path);
	snprintf(sub, sizeof(sub), "%s.", path);
	if (mc_validate_keys(v, known, sub, err) < 0)
		return -1;
	snprintf(sub, sizeof(sub), "%s.agc", path);
	on = on_off(json_object_get(v, "agc"), sub, agc_keys,
		    "{\"target_dbfs\": N, \"max_gain_db\": N}", &o, err);
	if (on < 0 || (o && (get_int(o, sub, "target_dbfs", MC_AGC_TARGET_MIN,
				     MC_AGC_TARGET_MAX, &target, err) < 0 ||
			     get_int(o, sub, "max_gain_db", 0, MC_AGC_MAX_GAIN_MAX, &gain,
				     err) < 0)))
		return -1;
	agc = on;
	snprintf(sub, sizeof(sub), "%s.noise_suppression", path);
	on = on_off(json_object_get(v, "noise_suppression"), sub, ns_keys,
		    "{\"max_db\": N}", &o, err);
	if (on < 0 || (o && get_int(o, sub, "max_db", MC_NS_MAX_DB_MIN, MC_NS_MAX_DB_MAX,
				    &depth, err) < 0))
		return -1;
	/* Nothing is written before everything passed. */
	c->agc = agc;
	c->ns = on;
	c->agc_target_dbfs = (int8_t)target;
	c->agc_max_gain_db = (uint8_t)gain;
	c->ns_max_db = (uint8_t)depth;
	return 0;
}

json_t *mc_audio_json(const struct mc_leg_conf *c)
{
	json_t *agc = c->agc ? json_pack("{s:i,s:i}", "target_dbfs", c->agc_target_dbfs,
					 "max_gain_db", c->agc_max_gain_db) : json_false();
	json_t *ns = c->ns ? json_pack("{s:i}", "max_db", c->ns_max_db) : json_false();

	return json_pack("{s:o,s:o}", "agc", agc, "noise_suppression", ns);
}

void mc_audio_params(const struct mc_leg_conf *c, struct mc_agc_ns_params *p)
{
	*p = (struct mc_agc_ns_params){ .agc = c->agc, .target_dbfs = c->agc_target_dbfs,
					.max_gain_db = c->agc_max_gain_db, .ns = c->ns,
					.ns_max_db = c->ns_max_db };
}
