/* Validation of session requests: JSON in, a checked request or an error naming the
 * field out. No EAL, no session state: the interfaces are passed in, and what depends
 * on live sessions (EEXIST, ENOENT, ENOSPC) is the session manager's business. */
#ifndef MC_VALIDATE_H
#define MC_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "mc_session.h"
#include "mc_sm.h"

#define MC_PTIME_MIN 10
#define MC_PTIME_MAX 120
#define MC_PTIME_DEFAULT 20
#define MC_MEDIA_TIMEOUT_MAX 86400000u

/* Which fields a request leg gave (update changes only those). */
enum {
	MC_LF_INTERFACE = 1 << 0, MC_LF_REMOTE = 1 << 1, MC_LF_CODECS = 1 << 2,
	MC_LF_PTIME = 1 << 3, MC_LF_RTCP_MUX = 1 << 4, MC_LF_LATCHING = 1 << 5,
	MC_LF_DIRECTION = 1 << 6, MC_LF_REWRITE = 1 << 7, MC_LF_JBUF = 1 << 8,
	MC_LF_AUDIO = 1 << 9,
};

/* "jitter_buffer" bounds (ms); the buffer holds 64 packets, 640 ms at 10 ms ptime. */
#define MC_JB_MIN_MS_MAX 300
#define MC_JB_MAX_MS_MIN 20
#define MC_JB_MAX_MS_MAX 600

struct mc_req_leg {
	uint32_t set;                /* MC_LF_* */
	struct mc_leg_conf conf;     /* given fields; defaults for the others on create */
};

struct mc_req {
	char id[MC_SESSION_ID_MAX + 1];
	unsigned n_legs;
	struct mc_req_leg legs[MC_LEGS_PER_SESSION];
	bool has_timeout;
	uint32_t media_timeout_ms;
};

/* /mc/dtmf/send (MC_DTMF_SEND_MAX digits at most: mc_wcmd.h). */
#define MC_DTMF_SEND_MIN_MS 40
#define MC_DTMF_SEND_MAX_MS 5000
#define MC_DTMF_SEND_DEFAULT_MS 100

struct mc_dtmf_req {
	char id[MC_SESSION_ID_MAX + 1];
	char leg[MC_LEG_NAME_MAX + 1];
	char digits[MC_DTMF_SEND_MAX + 1];
	uint16_t duration_ms;
};

struct mc_verr {
	const char *code;            /* "EINVAL", "ENOTSUP", ... */
	char msg[256];
};

int mc_verr_set(struct mc_verr *e, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
json_t *mc_verr_json(const struct mc_verr *e);
/* The error reply itself (what mc_error does, without the request machinery). */
json_t *mc_verr_reply(const char *code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* create: every leg complete (interface derived when absent); update: legs by name with
 * only the given fields. Returns 0 or -1 with err set. */
int mc_validate_request(const json_t *params, bool update, const struct mc_sm_port *ports,
			unsigned n_ports, struct mc_req *out, struct mc_verr *err);
/* {"id", "leg", "digits", "duration_ms"} of /mc/dtmf/send. */
int mc_validate_dtmf_send(const json_t *params, struct mc_dtmf_req *out,
			  struct mc_verr *err);
/* {"id": ...} of destroy and info. */
int mc_validate_id_only(const json_t *params, char *id, struct mc_verr *err);

/* Parts, for the leg and codec files. */
int mc_validate_leg(const json_t *o, unsigned i, bool update, const struct mc_sm_port *ports,
		    unsigned n_ports, struct mc_req_leg *out, struct mc_verr *err);
int mc_validate_codecs(const json_t *a, unsigned leg, struct mc_leg_conf *conf,
		       struct mc_verr *err);
/* "jitter_buffer": false, true or {"min_ms", "max_ms"} into conf's jb fields. */
int mc_validate_jbuf(const json_t *v, unsigned i, struct mc_leg_conf *c,
		     struct mc_verr *err);
/* "audio": {"agc": false|true|{"target_dbfs", "max_gain_db"},
 * "noise_suppression": false|true|{"max_db"}} into conf's agc/ns fields (a key left out
 * is off); mc_audio_defaults sets the create defaults (both off). */
int mc_validate_audio(const json_t *v, unsigned i, struct mc_leg_conf *c,
		      struct mc_verr *err);
void mc_audio_defaults(struct mc_leg_conf *c);
/* The leg's "audio" as the session reply shows it (the form a request may repeat). */
json_t *mc_audio_json(const struct mc_leg_conf *c);
/* The leg's settings for mc_tc_params.audio (the transcoder fills in the rate). */
struct mc_agc_ns_params;
void mc_audio_params(const struct mc_leg_conf *c, struct mc_agc_ns_params *p);
/* "ip:port" or null into conf's remote. */
int mc_validate_remote(const json_t *v, unsigned i, struct mc_leg_conf *c,
		       struct mc_verr *err);
/* Derives the interface when the leg names none, then checks it reaches the remote. */
int mc_validate_route(unsigned i, const struct mc_sm_port *ports, unsigned n_ports,
		      struct mc_req_leg *out, struct mc_verr *err);
/* The interface for a remote when none is named: the port whose subnet holds it, else
 * the first with a gateway, else the only port; -1 if none fits. */
int mc_validate_pick_port(const struct mc_sm_port *ports, unsigned n_ports,
			  bool has_remote, uint32_t remote_ip);
/* Whether port can reach ip (on its subnet, or through its gateway). */
bool mc_validate_reachable(const struct mc_sm_port *p, uint32_t ip);
/* Chooses the codec media-core sends the leg (conf->chosen): the first the registry
 * knows that is not telephone-event or CN. ENOTSUP naming them when none is usable. */
int mc_validate_choose(struct mc_leg_conf *conf, unsigned leg, struct mc_verr *err);
/* EINVAL "<prefix><key>: unknown field" for a key of o not in known (NULL-terminated). */
int mc_validate_keys(const json_t *o, const char *const *known, const char *prefix,
		     struct mc_verr *err);
/* Printable ASCII, 1..max characters. */
bool mc_validate_token(const char *s, size_t max);

#endif
