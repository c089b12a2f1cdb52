/* Session manager life cycle and housekeeping: MACs resolved late or changed, workers
 * that acknowledge a DEL late. */
#include "mc_sm_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MC_SM_SWEEP 256          /* sessions checked for a changed MAC per tick */

int mc_sm_init(struct mc_sm *sm, const struct mc_sm_conf *conf,
	       const struct mc_sm_ops *ops, void *ctx)
{
	memset(sm, 0, sizeof(*sm));
	sm->conf = *conf;
	sm->ops = ops;
	sm->ctx = ctx;
	if (conf->n_workers == 0 || conf->n_workers > MC_MAX_WORKERS)
		return -EINVAL;
	if (mc_session_table_init(&sm->table, conf->max_sessions) < 0)
		goto fail;
	for (unsigned w = 0; w < conf->n_workers; w++)
		if (mc_portalloc_init(&sm->pa[w], conf->share_first[w], conf->share_last[w],
				      conf->quarantine_ms) < 0)
			goto fail;
	sm->slots = calloc(conf->max_sessions, sizeof(*sm->slots));
	sm->log = calloc(1, sizeof(*sm->log));
	if (sm->slots == NULL || sm->log == NULL || mc_evlog_init(sm->log, MC_EVLOG_SIZE) < 0)
		goto fail;
	return 0;
fail:
	mc_sm_free(sm);
	return -ENOMEM;
}

void mc_sm_free(struct mc_sm *sm)
{
	for (unsigned w = 0; w < MC_MAX_WORKERS; w++)
		mc_portalloc_free_all(&sm->pa[w]);
	mc_session_table_free(&sm->table);
	if (sm->log)
		mc_evlog_free(sm->log);
	free(sm->log);
	free(sm->slots);
	sm->log = NULL;
	sm->slots = NULL;
}

uint32_t mc_sm_count(const struct mc_sm *sm)
{
	return mc_session_table_count(&sm->table);
}

void mc_sm_release(struct mc_sm *sm, struct mc_session *s)
{
	struct mc_sm_slot *slot = &sm->slots[s->slot];
	uint64_t now = sm->ops->now_ms(sm->ctx);
	struct mc_tc *tc[MC_LEGS_PER_SESSION] = { NULL, NULL };

	/* The worker let go of the session, transcoders included (also a zombie's). */
	for (unsigned i = 0; i < s->n_legs; i++) {
		tc[i] = s->legs[i].dp.tc;
		s->legs[i].dp.tc = NULL;
	}
	mc_sm_media_free(tc);
	mc_sm_media_free(slot->stale_tc);
	for (unsigned i = 0; i < s->n_legs; i++) {
		for (unsigned r = 0; r < MC_LEG_DROP_MAX; r++)
			sm->leg_drops_ended[r] += s->legs[i].dp.st.drops[r];
		mc_portalloc_put(&sm->pa[s->worker], slot->rtp_port[i], now);
	}
	sm->n_mac_pending -= (uint32_t)__builtin_popcount(slot->mac_pending);
	if (slot->zombie)
		sm->n_zombies--;
	memset(slot, 0, sizeof(*slot));
	sm->per_worker[s->worker]--;
	mc_session_table_release(&sm->table, s);
}

void mc_sm_leg_drops(const struct mc_sm *sm, uint64_t drops[MC_LEG_DROP_MAX])
{
	const struct mc_session_table *t = &sm->table;

	memcpy(drops, sm->leg_drops_ended, sizeof(sm->leg_drops_ended));
	for (uint32_t slot = t->oldest; slot != MC_SLOT_NONE; slot = t->next[slot])
		for (unsigned i = 0; i < t->pool[slot].n_legs; i++)
			for (unsigned r = 0; r < MC_LEG_DROP_MAX; r++)
				drops[r] += t->pool[slot].legs[i].dp.st.drops[r];
}

/* Sends an UPDATE when a leg's next hop MAC is known now, or differs from what the
 * worker has (a neighbour that changed its MAC). */
static void refresh_mac(struct mc_sm *sm, struct mc_session *s)
{
	struct mc_sm_slot *slot = &sm->slots[s->slot];
	struct rte_ether_addr macs[MC_LEGS_PER_SESSION];
	struct mc_leg_conf conf[MC_LEGS_PER_SESSION];
	struct mc_wcmd cmd;
	uint8_t pending;
	bool changed;

	for (unsigned i = 0; i < s->n_legs; i++)
		conf[i] = s->legs[i].conf;
	mc_sm_build_update(sm, s, conf, &cmd, &pending, macs);
	changed = pending != slot->mac_pending;
	for (unsigned i = 0; i < s->n_legs; i++)
		changed |= !(pending & (1u << i)) && conf[i].has_remote &&
			   !rte_is_same_ether_addr(&macs[i], &slot->mac[i]);
	if (changed && sm->ops->command(sm->ctx, s->worker, &cmd) == 0)
		mc_sm_set_pending(sm, s, pending, macs);
}

static void retry_zombies(struct mc_sm *sm)
{
	for (uint32_t i = 0; i < sm->table.max && sm->n_zombies; i++) {
		struct mc_session *s = &sm->table.pool[i];
		struct mc_wcmd cmd = { .type = MC_WCMD_DEL, .session = s };
		int rc;

		if (!sm->slots[i].zombie)
			continue;
		rc = sm->ops->command(sm->ctx, s->worker, &cmd);
		if (rc == 0 || rc == -ENOENT)    /* -ENOENT: the timed-out ADD never landed */
			mc_sm_release(sm, s);
	}
}

void mc_sm_tick(struct mc_sm *sm)
{
	struct mc_session_table *t = &sm->table;

	if (sm->n_zombies)
		retry_zombies(sm);
	for (uint32_t i = 0; i < t->max && sm->n_mac_pending; i++)
		if (sm->slots[i].mac_pending && mc_session_table_at(t, i, t->pool[i].generation))
			refresh_mac(sm, &t->pool[i]);
	for (unsigned n = 0; n < MC_SM_SWEEP && n < t->max; n++) {
		uint32_t i = sm->scan_pos++ % t->max;

		if (!sm->slots[i].mac_pending && mc_session_table_at(t, i, t->pool[i].generation))
			refresh_mac(sm, &t->pool[i]);
	}
}
