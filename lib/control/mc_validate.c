/* Session request validation: the request object, its id and its legs array. */
#include "mc_validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int mc_verr_set(struct mc_verr *e, const char *code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

json_t *mc_verr_json(const struct mc_verr *e)
{
	return json_pack("{s:{s:s,s:s}}", "error", "code", e->code, "message", e->msg);
}

json_t *mc_verr_reply(const char *code, const char *fmt, ...)
{
	struct mc_verr e = { .code = code };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	return mc_verr_json(&e);
}

bool mc_validate_token(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

int mc_validate_keys(const json_t *o, const char *const *known, const char *prefix,
		     struct mc_verr *err)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)o, key, v) {
		unsigned i;

		for (i = 0; known[i] && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] == NULL)
			return mc_verr_set(err, "EINVAL", "%s%.64s: unknown field", prefix, key);
	}
	return 0;
}

static int check_object(const json_t *params, struct mc_verr *err)
{
	if (params == NULL || !json_is_object(params))
		return mc_verr_set(err, "EINVAL", "parameter required: a JSON object with \"id\"");
	return 0;
}

static int validate_id(const json_t *v, char *id, struct mc_verr *err)
{
	if (v == NULL)
		return mc_verr_set(err, "EINVAL", "id: missing");
	if (!json_is_string(v))
		return mc_verr_set(err, "EINVAL", "id: must be a string");
	if (!mc_validate_token(json_string_value(v), MC_SESSION_ID_MAX))
		return mc_verr_set(err, "EINVAL", "id: must be 1-%d printable ASCII characters",
				   MC_SESSION_ID_MAX);
	strcpy(id, json_string_value(v));
	return 0;
}

int mc_validate_id_only(const json_t *params, char *id, struct mc_verr *err)
{
	static const char *const known[] = { "id", NULL };

	if (check_object(params, err) < 0 || mc_validate_keys(params, known, "", err) < 0)
		return -1;
	return validate_id(json_object_get(params, "id"), id, err);
}

static int validate_timeout(const json_t *v, struct mc_req *out, struct mc_verr *err)
{
	if (v == NULL)
		return 0;
	if (!json_is_integer(v))
		return mc_verr_set(err, "EINVAL", "media_timeout_ms: must be an integer");
	if (json_integer_value(v) < 0 || json_integer_value(v) > MC_MEDIA_TIMEOUT_MAX)
		return mc_verr_set(err, "EINVAL", "media_timeout_ms: %" JSON_INTEGER_FORMAT
				   " out of range 0..%u", json_integer_value(v),
				   MC_MEDIA_TIMEOUT_MAX);
	out->has_timeout = true;
	out->media_timeout_ms = (uint32_t)json_integer_value(v);
	return 0;
}

static int validate_legs(const json_t *legs, bool update, const struct mc_sm_port *ports,
			 unsigned n_ports, struct mc_req *out, struct mc_verr *err)
{
	size_t n;

	if (legs == NULL)
		return update ? 0 : mc_verr_set(err, "EINVAL", "legs: missing");
	if (!json_is_array(legs))
		return mc_verr_set(err, "EINVAL", "legs: must be an array");
	n = json_array_size(legs);
	if (!update && n != MC_LEGS_PER_SESSION)
		return mc_verr_set(err, "EINVAL", "legs: a call has exactly %d legs, got %zu",
				   MC_LEGS_PER_SESSION, n);
	if (update && (n == 0 || n > MC_LEGS_PER_SESSION))
		return mc_verr_set(err, "EINVAL", "legs: an update names 1-%d legs, got %zu",
				   MC_LEGS_PER_SESSION, n);
	for (unsigned i = 0; i < n; i++) {
		if (mc_validate_leg(json_array_get(legs, i), i, update, ports, n_ports,
				    &out->legs[i], err) < 0)
			return -1;
		for (unsigned j = 0; j < i; j++)
			if (strcmp(out->legs[j].conf.name, out->legs[i].conf.name) == 0)
				return mc_verr_set(err, "EINVAL", "legs[%u].name: '%s' is "
						   "already legs[%u]'s", i,
						   out->legs[i].conf.name, j);
	}
	out->n_legs = (unsigned)n;
	return 0;
}

int mc_validate_request(const json_t *params, bool update, const struct mc_sm_port *ports,
			unsigned n_ports, struct mc_req *out, struct mc_verr *err)
{
	static const char *const known[] = { "id", "legs", "media_timeout_ms", NULL };

	memset(out, 0, sizeof(*out));
	if (check_object(params, err) < 0 || mc_validate_keys(params, known, "", err) < 0 ||
	    validate_id(json_object_get(params, "id"), out->id, err) < 0 ||
	    validate_timeout(json_object_get(params, "media_timeout_ms"), out, err) < 0)
		return -1;
	return validate_legs(json_object_get(params, "legs"), update, ports, n_ports, out, err);
}
