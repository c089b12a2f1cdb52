/* Validation of one leg of a session request: every field, its type and its range. */
#include "mc_validate.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define BAD(...) mc_verr_set(err, "EINVAL", __VA_ARGS__)

static int get_bool(const json_t *o, const char *key, unsigned i, bool *out,
		    struct mc_verr *err)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return BAD("legs[%u].%s: must be true or false", i, key);
	*out = json_is_true(v);
	return 1;
}

static int get_direction(const json_t *v, unsigned i, enum mc_direction *d,
			 struct mc_verr *err)
{
	for (unsigned k = 0; json_is_string(v) && k <= MC_DIR_INACTIVE; k++)
		if (strcmp(json_string_value(v), mc_direction_name(k)) == 0) {
			*d = (enum mc_direction)k;
			return 0;
		}
	return BAD("legs[%u].direction: must be one of sendrecv, sendonly, recvonly, inactive", i);
}

static int get_ptime(const json_t *v, unsigned i, uint16_t *ptime, struct mc_verr *err)
{
	json_int_t p;

	if (!json_is_integer(v))
		return BAD("legs[%u].ptime: must be an integer (ms)", i);
	p = json_integer_value(v);
	if (p < MC_PTIME_MIN || p > MC_PTIME_MAX || p % 10 != 0)
		return BAD("legs[%u].ptime: %" JSON_INTEGER_FORMAT " is not a multiple of 10 "
			   "in %d..%d", i, p, MC_PTIME_MIN, MC_PTIME_MAX);
	*ptime = (uint16_t)p;
	return 0;
}

static int get_interface(const json_t *v, unsigned i, const struct mc_sm_port *ports,
			 unsigned n_ports, struct mc_leg_conf *c, struct mc_verr *err)
{
	if (!json_is_string(v))
		return BAD("legs[%u].interface: must be a string (a port name)", i);
	for (unsigned k = 0; k < n_ports; k++)
		if (strcmp(ports[k].name, json_string_value(v)) == 0) {
			c->port_slot = (uint8_t)k;
			return 0;
		}
	return BAD("legs[%u].interface: no port named '%.32s'", i, json_string_value(v));
}

static const struct {
	const char *key;
	size_t off;
	uint32_t flag;
} bools[] = {
	{ "rtcp_mux", offsetof(struct mc_leg_conf, rtcp_mux), MC_LF_RTCP_MUX },
	{ "latching", offsetof(struct mc_leg_conf, latching), MC_LF_LATCHING },
	{ "rewrite_ssrc", offsetof(struct mc_leg_conf, rewrite_ssrc), MC_LF_REWRITE },
};

int mc_validate_leg(const json_t *o, unsigned i, bool update, const struct mc_sm_port *ports,
		    unsigned n_ports, struct mc_req_leg *out, struct mc_verr *err)
{
	static const char *const known[] = { "name", "interface", "remote", "codecs", "ptime",
		"rtcp_mux", "latching", "direction", "rewrite_ssrc", "jitter_buffer", "audio", NULL };
	struct mc_leg_conf *c = &out->conf;
	const json_t *v;
	char prefix[16];

	memset(out, 0, sizeof(*out));
	c->ptime = MC_PTIME_DEFAULT;
	c->latching = true;
	c->direction = MC_DIR_SENDRECV;
	c->chosen = -1;
	mc_audio_defaults(c);
	if (!json_is_object(o))
		return BAD("legs[%u]: must be an object", i);
	snprintf(prefix, sizeof(prefix), "legs[%u].", i);
	if (mc_validate_keys(o, known, prefix, err) < 0)
		return -1;
	v = json_object_get(o, "name");
	if (v == NULL)
		return BAD("legs[%u].name: missing", i);
	if (!json_is_string(v) || !mc_validate_token(json_string_value(v), MC_LEG_NAME_MAX))
		return BAD("legs[%u].name: must be a string of 1-%d printable ASCII characters",
			   i, MC_LEG_NAME_MAX);
	strcpy(c->name, json_string_value(v));
	if ((v = json_object_get(o, "interface")) != NULL) {
		if (get_interface(v, i, ports, n_ports, c, err) < 0)
			return -1;
		out->set |= MC_LF_INTERFACE;
	}
	if ((v = json_object_get(o, "remote")) != NULL) {
		if (mc_validate_remote(v, i, c, err) < 0)
			return -1;
		out->set |= MC_LF_REMOTE;
	}
	if ((v = json_object_get(o, "codecs")) != NULL) {
		if (mc_validate_codecs(v, i, c, err) < 0)
			return -1;
		out->set |= MC_LF_CODECS;
	} else if (!update) {
		return BAD("legs[%u].codecs: missing", i);
	}
	if ((v = json_object_get(o, "ptime")) != NULL) {
		if (get_ptime(v, i, &c->ptime, err) < 0)
			return -1;
		out->set |= MC_LF_PTIME;
	}
	if ((v = json_object_get(o, "direction")) != NULL) {
		if (get_direction(v, i, &c->direction, err) < 0)
			return -1;
		out->set |= MC_LF_DIRECTION;
	}
	if ((v = json_object_get(o, "jitter_buffer")) != NULL) {
		if (mc_validate_jbuf(v, i, c, err) < 0)
			return -1;
		out->set |= MC_LF_JBUF;
	}
	if ((v = json_object_get(o, "audio")) != NULL) {
		if (mc_validate_audio(v, i, c, err) < 0)
			return -1;
		out->set |= MC_LF_AUDIO;
	}
	for (unsigned k = 0; k < sizeof(bools) / sizeof(bools[0]); k++) {
		int r = get_bool(o, bools[k].key, i, (bool *)((char *)c + bools[k].off), err);

		if (r < 0)
			return -1;
		if (r > 0)
			out->set |= bools[k].flag;
	}
	/* An update checks the route against the leg's current interface (manager). */
	if (update && !((out->set & MC_LF_INTERFACE) && (out->set & MC_LF_REMOTE)))
		return 0;
	return mc_validate_route(i, ports, n_ports, out, err);
}
