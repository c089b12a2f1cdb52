#include "mc_request.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

json_t *mc_error(const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", msg);
}

void mc_request_free(struct mc_request *req)
{
	json_decref(req->params);
	json_decref(req->reply);
	free(req);
}

static const struct {
	const struct mc_cmd *cmds;
	const unsigned *n;
} groups[] = {
	{ mc_cmds_info, &mc_cmds_info_n },
	{ mc_cmds_session, &mc_cmds_session_n },
};

const struct mc_cmd *mc_cmd_at(unsigned i)
{
	for (unsigned g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		if (i < *groups[g].n)
			return &groups[g].cmds[i];
		i -= *groups[g].n;
	}
	return NULL;
}

unsigned mc_cmd_count(void)
{
	unsigned n = 0;

	for (unsigned g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		n += *groups[g].n;
	return n;
}

const struct mc_cmd *mc_cmd_find(const char *name)
{
	for (unsigned i = 0; i < mc_cmd_count(); i++)
		if (strcmp(mc_cmd_at(i)->name, name) == 0)
			return mc_cmd_at(i);
	return NULL;
}

void mc_request_execute(struct mc_request *req)
{
	const struct mc_cmd *c = mc_cmd_find(req->cmd);
	int expected = MC_REQ_PENDING;

	if (c == NULL)
		req->reply = mc_error("EINVAL", "unknown command '%s'", req->cmd);
	else
		req->reply = c->fn(req->params);
	if (req->reply == NULL)
		req->reply = mc_error("ENOMEM", "%s: out of memory building the reply", req->cmd);
	if (!atomic_compare_exchange_strong(&req->state, &expected, MC_REQ_DONE))
		mc_request_free(req);   /* the waiter gave up; nobody else will */
}
