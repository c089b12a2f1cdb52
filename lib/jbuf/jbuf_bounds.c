/* New depth bounds on a running buffer (a mid-call change of the leg's setting): what is
 * buffered stays, and the adaptive target moves within the new bounds from the next get. */
#include <errno.h>
#include <stddef.h>

#include "jbuf_priv.h"

int mc_jbuf_set_bounds(struct mc_jbuf *jb, uint32_t min_ms, uint32_t max_ms)
{
	uint32_t rs;

	if (jb == NULL || min_ms > max_ms)
		return -EINVAL;
	jb->p.min_ms = min_ms;
	jb->p.max_ms = max_ms;
	if (jb->p.start_ms < min_ms)
		jb->p.start_ms = min_ms;
	if (jb->p.start_ms > max_ms)
		jb->p.start_ms = max_ms;
	jb->min_ts = jb_ms_to_ts(jb, min_ms);
	jb->max_ts = jb_ms_to_ts(jb, max_ms);
	jb->start_ts = jb_ms_to_ts(jb, jb->p.start_ms);
	rs = MC_JBUF_RESYNC_MS > 2 * max_ms ? MC_JBUF_RESYNC_MS : 2 * max_ms;
	jb->resync_ts = jb_ms_to_ts(jb, rs);
	return 0;
}
