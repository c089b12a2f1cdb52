/* Validation of the media options: a leg's "jitter_buffer" and /mc/dtmf/send. */
#include "mc_validate.h"

#include <stdio.h>
#include <string.h>

#define BAD(...) mc_verr_set(err, "EINVAL", __VA_ARGS__)

static int get_ms(const json_t *o, const char *key, unsigned i, json_int_t lo, json_int_t hi,
		  uint16_t *out, struct mc_verr *err)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return BAD("legs[%u].jitter_buffer.%s: must be an integer in %" JSON_INTEGER_FORMAT
			   "..%" JSON_INTEGER_FORMAT " (ms)", i, key, lo, hi);
	*out = (uint16_t)json_integer_value(v);
	return 0;
}

int mc_validate_jbuf(const json_t *v, unsigned i, struct mc_leg_conf *c,
		     struct mc_verr *err)
{
	static const char *const known[] = { "min_ms", "max_ms", NULL };
	char prefix[40];

	c->jb_off = false;
	c->jb_min_ms = c->jb_max_ms = 0;
	if (json_is_boolean(v)) {
		c->jb_off = !json_is_true(v);
		return 0;
	}
	if (!json_is_object(v))
		return BAD("legs[%u].jitter_buffer: must be false, true or "
			   "{\"min_ms\": N, \"max_ms\": N}", i);
	snprintf(prefix, sizeof(prefix), "legs[%u].jitter_buffer.", i);
	if (mc_validate_keys(v, known, prefix, err) < 0 ||
	    get_ms(v, "min_ms", i, 0, MC_JB_MIN_MS_MAX, &c->jb_min_ms, err) < 0 ||
	    get_ms(v, "max_ms", i, MC_JB_MAX_MS_MIN, MC_JB_MAX_MS_MAX, &c->jb_max_ms, err) < 0)
		return -1;
	if (c->jb_min_ms && c->jb_max_ms && c->jb_min_ms > c->jb_max_ms)
		return BAD("legs[%u].jitter_buffer: min_ms %u is above max_ms %u", i,
			   c->jb_min_ms, c->jb_max_ms);
	return 0;
}

static bool dtmf_digit(char d)
{
	return (d >= '0' && d <= '9') || d == '*' || d == '#' || (d >= 'A' && d <= 'D') ||
	       (d >= 'a' && d <= 'd');
}

int mc_validate_dtmf_send(const json_t *params, struct mc_dtmf_req *out, struct mc_verr *err)
{
	static const char *const known[] = { "id", "leg", "digits", "duration_ms", NULL };
	const json_t *v;
	const char *d;
	size_t n;

	memset(out, 0, sizeof(*out));
	out->duration_ms = MC_DTMF_SEND_DEFAULT_MS;
	if (!json_is_object(params))
		return BAD("parameters: must be an object {\"id\", \"leg\", \"digits\", "
			   "\"duration_ms\"}");
	if (mc_validate_keys(params, known, "", err) < 0)
		return -1;
	v = json_object_get(params, "id");
	if (!json_is_string(v) || !mc_validate_token(json_string_value(v), MC_SESSION_ID_MAX))
		return BAD("id: %s", v ? "must be a string of 1-64 printable characters" :
			   "missing");
	strcpy(out->id, json_string_value(v));
	v = json_object_get(params, "leg");
	if (!json_is_string(v) || !mc_validate_token(json_string_value(v), MC_LEG_NAME_MAX))
		return BAD("leg: %s", v ? "must be a leg name" : "missing");
	strcpy(out->leg, json_string_value(v));
	v = json_object_get(params, "digits");
	if (!json_is_string(v))
		return BAD("digits: %s", v ? "must be a string" : "missing");
	d = json_string_value(v);
	n = strlen(d);
	if (n == 0 || n > MC_DTMF_SEND_MAX)
		return BAD("digits: 1-%d digits, got %zu", MC_DTMF_SEND_MAX, n);
	for (size_t k = 0; k < n; k++)
		if (!dtmf_digit(d[k]))
			return BAD("digits[%zu]: '%c' is not a DTMF digit (0-9 * # A-D)", k,
				   d[k] >= 0x20 && d[k] < 0x7f ? d[k] : '?');
	memcpy(out->digits, d, n + 1);
	if ((v = json_object_get(params, "duration_ms")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < MC_DTMF_SEND_MIN_MS ||
		    json_integer_value(v) > MC_DTMF_SEND_MAX_MS)
			return BAD("duration_ms: must be an integer in %d..%d", MC_DTMF_SEND_MIN_MS,
				   MC_DTMF_SEND_MAX_MS);
		out->duration_ms = (uint16_t)json_integer_value(v);
	}
	return 0;
}
