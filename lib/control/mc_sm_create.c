/* /mc/session/create: everything is checked before anything is taken; a worker that
 * refuses the session gets everything given back as it was. */
#include "mc_sm_priv.h"

#include <errno.h>
#include <string.h>

json_t *mc_sm_worker_error(unsigned worker, int rc)
{
	if (rc == -ETIMEDOUT || rc == -EBUSY)
		return mc_verr_reply("EBUSY", "worker %u did not acknowledge in time; retry",
				     worker);
	if (rc == -ENOSPC)
		return mc_verr_reply("ENOSPC", "worker %u has no room for another session",
				     worker);
	return mc_verr_reply("EINVAL", "worker %u refused the session (error %d)", worker, -rc);
}

static void setup_legs(struct mc_sm *sm, struct mc_session *s, const struct mc_req *req,
		       const uint16_t ports[MC_LEGS_PER_SESSION], uint8_t *pending,
		       struct rte_ether_addr *macs)
{
	*pending = 0;
	s->n_legs = MC_LEGS_PER_SESSION;
	for (unsigned i = 0; i < MC_LEGS_PER_SESSION; i++) {
		struct mc_leg *leg = &s->legs[i];

		leg->conf = req->legs[i].conf;
		leg->session = s;
		leg->peer = &s->legs[1 - i];
		leg->index = (uint8_t)i;
	}
	for (unsigned i = 0; i < MC_LEGS_PER_SESSION; i++)
		if (mc_sm_fill_dp(sm, &s->legs[i].conf, &s->legs[1 - i].conf, ports[i],
				  &s->legs[i].dp, &macs[i]))
			*pending |= (uint8_t)(1u << i);
}

static json_t *hand_to_worker(struct mc_sm *sm, struct mc_session *s, const uint16_t *ports,
			      uint8_t pending, const struct rte_ether_addr *macs,
			      uint8_t iface_given, struct mc_tc *tc[MC_LEGS_PER_SESSION])
{
	struct mc_sm_slot *slot = &sm->slots[s->slot];
	struct mc_wcmd cmd = { .type = MC_WCMD_ADD, .session = s };
	int rc;

	for (unsigned i = 0; i < MC_LEGS_PER_SESSION; i++)
		s->legs[i].dp.tc = tc[i];
	rc = sm->ops->command(sm->ctx, s->worker, &cmd);

	memcpy(slot->rtp_port, ports, sizeof(slot->rtp_port));
	sm->per_worker[s->worker]++;
	if (rc == -ETIMEDOUT) {
		/* The worker may still take it: keep the ports until a DEL is acked. */
		slot->zombie = 1;
		sm->n_zombies++;
		return mc_sm_worker_error(s->worker, rc);
	}
	if (rc != 0) {
		mc_sm_media_free(tc);
		sm->per_worker[s->worker]--;
		for (int i = MC_LEGS_PER_SESSION - 1; i >= 0; i--)
			mc_portalloc_unget(&sm->pa[s->worker], ports[i]);
		memset(slot, 0, sizeof(*slot));
		mc_session_table_release(&sm->table, s);
		return mc_sm_worker_error(s->worker, rc);
	}
	mc_session_table_insert(&sm->table, s);
	slot->iface_given = iface_given;
	mc_sm_set_pending(sm, s, pending, macs);
	sm->created++;
	return mc_sm_session_json(sm, s, false);
}

json_t *mc_sm_create(struct mc_sm *sm, const json_t *params)
{
	struct rte_ether_addr macs[MC_LEGS_PER_SESSION];
	uint16_t ports[MC_LEGS_PER_SESSION];
	uint64_t now = sm->ops->now_ms(sm->ctx);
	struct mc_session *s;
	struct mc_verr err;
	struct mc_req req;
	struct mc_tc *tc[MC_LEGS_PER_SESSION] = { NULL, NULL };
	uint8_t pending, iface_given = 0;
	int w, mode;

	if (mc_validate_request(params, false, sm->conf.ports, sm->conf.n_ports, &req,
				&err) < 0)
		return mc_verr_json(&err);
	if (mc_session_table_find(&sm->table, req.id) != NULL)
		return mc_verr_reply("EEXIST", "id: session '%s' already exists", req.id);
	mode = mc_sm_mode(&req.legs[0].conf, &req.legs[1].conf, &err);
	if (mode < 0)
		return mc_verr_json(&err);
	if (mc_session_table_free_slots(&sm->table) == 0)
		return mc_verr_reply("ENOSPC", "no session slot left (max_sessions %u)",
				     sm->conf.max_sessions);
	w = mc_sm_pick_worker(sm, now);
	if (w < 0)
		return mc_verr_reply("ENOSPC", "no media ports left (all in use or in "
				     "quarantine)");
	if (mode == MC_MODE_TRANSCODE) {
		struct mc_leg_conf confs[MC_LEGS_PER_SESSION] = { req.legs[0].conf,
								  req.legs[1].conf };

		if (mc_sm_media_make(confs, (uint32_t)(sm->created + now), tc, &err) < 0)
			return mc_verr_json(&err);
	}
	s = mc_session_table_alloc(&sm->table);
	for (unsigned i = 0; i < MC_LEGS_PER_SESSION; i++) {
		ports[i] = (uint16_t)mc_portalloc_get(&sm->pa[w], now);
		if (req.legs[i].set & MC_LF_INTERFACE)
			iface_given |= (uint8_t)(1u << i);
	}
	strcpy(s->id, req.id);
	s->mode = (enum mc_session_mode)mode;
	s->worker = (uint8_t)w;
	s->media_timeout_ms = req.has_timeout ? req.media_timeout_ms : sm->conf.media_timeout_ms;
	s->created_ms = now;
	setup_legs(sm, s, &req, ports, &pending, macs);
	return hand_to_worker(sm, s, ports, pending, macs, iface_given, tc);
}
