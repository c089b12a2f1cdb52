/* SPDX-License-Identifier: BSD-3-Clause */
/* Packing and checking ring-transport messages; both ends use these, so both agree. */
#include "mc_ring_msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int terminated(const char *field, size_t size)
{
	return memchr(field, '\0', size) != NULL;
}

int mc_ring_msg_request(struct mc_ring_msg *m, uint64_t id, const char *reply_ring,
			const char *cmd, const json_t *params, char *err, size_t errlen)
{
	size_t n = 0;

	if (strlen(cmd) >= sizeof(m->cmd))
		return fail(err, errlen, "command longer than %zu bytes", sizeof(m->cmd) - 1);
	if (strlen(reply_ring) >= sizeof(m->reply_ring))
		return fail(err, errlen, "reply ring name longer than %zu bytes",
			    sizeof(m->reply_ring) - 1);
	if (params != NULL) {
		n = json_dumpb(params, m->body, sizeof(m->body) - 1, JSON_COMPACT);
		if (n == 0)
			return fail(err, errlen, "%s: parameter cannot be encoded", cmd);
		if (n > sizeof(m->body) - 1)
			return fail(err, errlen, "%s: parameter is %zu bytes, the ring transport "
				    "limit is %zu (not sent)", cmd, n, sizeof(m->body) - 1);
	}
	m->magic = MC_RING_MAGIC;
	m->version = MC_RING_VERSION;
	m->dir = MC_RING_REQUEST;
	m->id = id;
	m->status = MC_RING_ST_OK;
	m->body_len = (uint32_t)n;
	m->body[n] = '\0';
	memcpy(m->cmd, cmd, strlen(cmd) + 1);
	memcpy(m->reply_ring, reply_ring, strlen(reply_ring) + 1);
	return 0;
}

int mc_ring_msg_has_reply_ring(const struct mc_ring_msg *m)
{
	return terminated(m->reply_ring, sizeof(m->reply_ring)) &&
	       strncmp(m->reply_ring, MC_RING_RSP_PREFIX, strlen(MC_RING_RSP_PREFIX)) == 0;
}

int mc_ring_msg_check(const struct mc_ring_msg *m, enum mc_ring_dir dir,
		      char *err, size_t errlen)
{
	if (m->magic != MC_RING_MAGIC)
		return fail(err, errlen, "bad magic 0x%08x (expected 0x%08x)",
			    (unsigned)m->magic, MC_RING_MAGIC);
	if (m->version != MC_RING_VERSION)
		return fail(err, errlen, "message version %u, this side speaks %u",
			    (unsigned)m->version, MC_RING_VERSION);
	if (m->dir != dir)
		return fail(err, errlen, "message is a %s, expected a %s",
			    m->dir == MC_RING_REPLY ? "reply" : "request",
			    dir == MC_RING_REPLY ? "reply" : "request");
	if (!mc_ring_msg_has_reply_ring(m))
		return fail(err, errlen, "reply ring name not terminated or not "
			    MC_RING_RSP_PREFIX "...");
	if (!terminated(m->cmd, sizeof(m->cmd)))
		return fail(err, errlen, "command not terminated within %zu bytes",
			    sizeof(m->cmd));
	if (m->body_len >= sizeof(m->body))
		return fail(err, errlen, "body_len %u out of range (max %zu)",
			    (unsigned)m->body_len, sizeof(m->body) - 1);
	if (m->body[m->body_len] != '\0' || memchr(m->body, '\0', m->body_len) != NULL)
		return fail(err, errlen, "body is not %u bytes of text and a NUL",
			    (unsigned)m->body_len);
	return 0;
}

void mc_ring_msg_reply(struct mc_ring_msg *m, enum mc_ring_status status,
		       const json_t *value)
{
	const size_t cap = sizeof(m->body) - 1;
	size_t n = value ? json_dumpb(value, m->body, cap, JSON_COMPACT | JSON_ENCODE_ANY) : 0;
	char msg[160];
	json_t *e;

	/* A reply is well-formed even when its request was not. */
	m->cmd[sizeof(m->cmd) - 1] = '\0';
	if (value == NULL || n == 0 || n > cap) {
		snprintf(msg, sizeof(msg), "%s: reply of %zu bytes exceeds the ring transport's "
			 "%zu; ask for less (offset/limit)", m->cmd, n, cap);
		e = json_pack("{s:{s:s,s:s}}", "error", "code", "ENOSPC", "message", msg);
		n = e ? json_dumpb(e, m->body, cap, JSON_COMPACT) : 0;
		json_decref(e);
		status = MC_RING_ST_TOOBIG;
	}
	m->magic = MC_RING_MAGIC;
	m->version = MC_RING_VERSION;
	m->dir = MC_RING_REPLY;
	m->status = status;
	m->body_len = (uint32_t)n;
	m->body[n] = '\0';
}

int mc_ring_msg_body(const struct mc_ring_msg *m, json_t **value, char *err,
		     size_t errlen)
{
	json_error_t jerr;

	*value = NULL;
	if (m->body_len == 0)
		return 0;
	*value = json_loadb(m->body, m->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
			    &jerr);
	if (*value == NULL)
		return fail(err, errlen, "not valid JSON: %s (column %d)", jerr.text,
			    jerr.column);
	return 0;
}
