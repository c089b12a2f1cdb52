/* A control-API request crossing from the socket thread to the control lcore. The state
 * word decides who frees it when the waiter gives up (see mc_request_finish). */
#ifndef MC_REQUEST_H
#define MC_REQUEST_H

#include <stdatomic.h>

#include <jansson.h>

enum { MC_REQ_PENDING, MC_REQ_DONE, MC_REQ_ABANDONED };

struct mc_request {
	char cmd[64];
	json_t *params;        /* object or NULL */
	json_t *reply;         /* set by the control lcore */
	atomic_int state;
};

typedef json_t *(*mc_cmd_fn)(json_t *params);

struct mc_cmd {
	const char *name;      /* "/mc/ports" */
	mc_cmd_fn fn;
	const char *help;
};

/* {"error": {"code": code, "message": ...}} */
json_t *mc_error(const char *code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Runs req on the control lcore and hands the reply back (or frees an abandoned one). */
void mc_request_execute(struct mc_request *req);
void mc_request_free(struct mc_request *req);
/* The command table (sorted by nothing; looked up by name). */
const struct mc_cmd *mc_cmd_find(const char *name);
unsigned mc_cmd_count(void);
const struct mc_cmd *mc_cmd_at(unsigned i);

/* Command groups, each in its own file. */
extern const struct mc_cmd mc_cmds_info[];
extern const unsigned mc_cmds_info_n;
extern const struct mc_cmd mc_cmds_session[];
extern const unsigned mc_cmds_session_n;

#endif
