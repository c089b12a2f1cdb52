/* A session manager over a fake dataplane: two ports, one worker with a small port
 * share, a clock and a neighbour table the tests set, and a worker that records the
 * commands it gets and applies UPDATE as the real one does (it owns leg->conf). */
#ifndef SM_FAKE_H
#define SM_FAKE_H

#include <jansson.h>

#include "mc_sm.h"

#define FAKE_PORT_FIRST 30000
#define FAKE_PORT_LAST 30019     /* 10 pairs: 5 sessions */
#define FAKE_MAX_SESSIONS 4

struct fake {
	struct mc_sm sm;
	uint64_t now;
	int rc;                      /* what the worker answers */
	unsigned n_cmds;
	struct mc_wcmd last;         /* copy of the last command */
	uint32_t unresolved_ip;      /* network order: resolve answers -EAGAIN for it */
	unsigned resolves;
};

extern struct fake fk;

void fake_setup(void);
void fake_teardown(void);
/* Runs fn on the parsed JSON text (NULL text: no parameter). The reply is owned by the
 * caller. */
json_t *fake_call(json_t *(*fn)(struct mc_sm *, const json_t *), const char *text);
/* The error code of a reply, or NULL when it is not an error. */
const char *fake_code(const json_t *reply);
const char *fake_msg(const json_t *reply);
/* A valid create request for id with legs on port0 and port1 (PCMU + telephone-event). */
json_t *fake_create(const char *id);

#endif
