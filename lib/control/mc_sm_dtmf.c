/* /mc/dtmf/send: digits towards one leg's remote, in that leg's DTMF mode. The worker
 * that owns the session queues them (MC_WCMD_DTMF) and plays them on its media clock. */
#include "mc_sm_priv.h"

#include <errno.h>
#include <string.h>

json_t *mc_sm_dtmf_send(struct mc_sm *sm, const json_t *params)
{
	struct mc_dtmf_req req;
	struct mc_verr err;
	struct mc_session *s;
	struct mc_wcmd cmd = { .type = MC_WCMD_DTMF };
	int rc = -1;

	if (mc_validate_dtmf_send(params, &req, &err) < 0)
		return mc_verr_json(&err);
	s = mc_session_table_find(&sm->table, req.id);
	if (s == NULL)
		return mc_verr_reply("ENOENT", "id: no session '%s'", req.id);
	for (unsigned i = 0; i < s->n_legs; i++)
		if (strcmp(s->legs[i].conf.name, req.leg) == 0)
			rc = (int)i;
	if (rc < 0)
		return mc_verr_reply("ENOENT", "leg: session '%s' has no leg '%s'", s->id,
				     req.leg);
	/* A relayed stream belongs to the far end unless media-core rewrites it: packets
	 * of ours would collide with its sequence numbers and timestamps. */
	if (s->mode == MC_MODE_RELAY && !s->legs[rc].conf.rewrite_ssrc)
		return mc_verr_reply("ENOTSUP", "leg: '%s' of session '%s' is relayed without "
				     "rewrite_ssrc: media-core does not own the sequence numbers "
				     "and timestamps of its stream", req.leg, s->id);
	if (s->mode == MC_MODE_RELAY && !s->legs[rc].dp.tevent)
		return mc_verr_reply("ENOTSUP", "leg: '%s' of session '%s' is relayed and lists "
				     "no telephone-event: in-band digits need a transcoded call",
				     req.leg, s->id);
	cmd.session = s;
	cmd.leg = (uint8_t)rc;
	cmd.duration_ms = req.duration_ms;
	strcpy(cmd.digits, req.digits);
	rc = sm->ops->command(sm->ctx, s->worker, &cmd);
	if (rc == -ENOSPC)
		return mc_verr_reply("ENOSPC", "digits: leg '%s' has no room for %zu more digits "
				     "(at most %d queued)", req.leg, strlen(req.digits),
				     MC_DTMF_SEND_MAX);
	if (rc == -ENOTSUP)
		return mc_verr_reply("ENOTSUP", "leg: '%s' has no DTMF path", req.leg);
	if (rc < 0)
		return mc_sm_worker_error(s->worker, rc);
	return json_pack("{s:i}", "queued", rc);
}
