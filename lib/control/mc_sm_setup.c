/* From a validated configuration to what a worker needs: relay or transcode, the
 * transcoders (allocated here, on the control lcore), payload type map, addresses, next
 * hop MAC, and worker placement. */
#include "mc_sm_priv.h"

#include <string.h>
#include <strings.h>

#include "mc_codec_registry.h"
#include "mc_ifaddr.h"
#include "mc_tc.h"

static bool same_codec(const struct mc_codec_ref *a, const struct mc_codec_ref *b)
{
	const struct mc_codec_desc *da = mc_codec_lookup(a->name, a->rate, a->channels);
	const struct mc_codec_desc *db = mc_codec_lookup(b->name, b->rate, b->channels);

	/* The registry knows that opus/48000 and opus/48000/2 are one codec. */
	if (da != NULL || db != NULL)
		return da == db;
	return strcasecmp(a->name, b->name) == 0 && a->rate == b->rate &&
	       a->channels == b->channels;
}

/* A chosen codec lib/codec can decode and encode (not telephone-event or CN). */
static const struct mc_codec_desc *media_codec(const struct mc_leg_conf *c)
{
	const struct mc_codec_ref *r = &c->codecs[c->chosen];
	const struct mc_codec_desc *d = mc_codec_lookup(r->name, r->rate, r->channels);

	return d != NULL && d->id < MC_CODEC_TEVENT ? d : NULL;
}

int mc_sm_mode(const struct mc_leg_conf *a, const struct mc_leg_conf *b,
	       struct mc_verr *err)
{
	const struct mc_codec_ref *ca = &a->codecs[a->chosen], *cb = &b->codecs[b->chosen];

	if (same_codec(ca, cb) && a->ptime == b->ptime)
		return MC_MODE_RELAY;
	if (media_codec(a) == NULL || media_codec(b) == NULL)
		return mc_verr_set(err, "ENOTSUP", "legs choose %s and %s: only audio codecs "
				   "can be transcoded", ca->name, cb->name);
	return MC_MODE_TRANSCODE;
}

/* The PT of a payload format in the leg's list at the chosen codec's clock (RFC 4733
 * events run on it; CN is 8 kHz whatever the codec), or MC_PT_NONE. */
static uint8_t format_pt(const struct mc_leg_conf *c, const char *name, uint32_t rate)
{
	for (unsigned i = 0; i < c->n_codecs; i++)
		if (strcasecmp(c->codecs[i].name, name) == 0 && c->codecs[i].rate == rate)
			return c->codecs[i].pt;
	return MC_PT_NONE;
}

static void side(const struct mc_leg_conf *c, struct mc_tc_side *s)
{
	s->codec = media_codec(c)->id;
	s->fmtp = c->codecs[c->chosen].fmtp;
	s->pt = c->codecs[c->chosen].pt;
	s->cn_pt = format_pt(c, "CN", 8000);
	s->tevent_pt = format_pt(c, "telephone-event", c->codecs[c->chosen].rate);
	s->ptime = c->ptime;
}

int mc_sm_media_make(const struct mc_leg_conf conf[MC_LEGS_PER_SESSION], uint32_t seed,
		     struct mc_tc *tc[MC_LEGS_PER_SESSION], struct mc_verr *err)
{
	char why[96];

	for (unsigned i = 0; i < MC_LEGS_PER_SESSION; i++) {
		/* The buffer of what leg i's remote sends, as that leg asked. */
		struct mc_tc_params p = { .jb_enabled = !conf[i].jb_off,
					  .jb_min_ms = conf[i].jb_min_ms ? conf[i].jb_min_ms :
						       MC_TC_JB_MIN_MS,
					  .jb_max_ms = conf[i].jb_max_ms ? conf[i].jb_max_ms :
						       MC_TC_JB_MAX_MS,
					  .seed = seed * 2654435761u + i };

		side(&conf[i], &p.in);
		side(&conf[1 - i], &p.out);
		mc_audio_params(&conf[i], &p.audio);   /* of what leg i's remote sends */
		p.ssrc = (p.seed ^ 0x5bd1e995u) * 0x9e3779b1u;   /* per direction, stable */
		tc[i] = mc_tc_create(&p, why, sizeof(why));
		if (tc[i] == NULL) {
			mc_sm_media_free(tc);
			return mc_verr_set(err, "ENOTSUP", "legs[%u]: cannot transcode %s to %s: "
					   "%s", i, conf[i].codecs[conf[i].chosen].name,
					   conf[1 - i].codecs[conf[1 - i].chosen].name, why);
		}
	}
	return 0;
}

void mc_sm_media_free(struct mc_tc *tc[MC_LEGS_PER_SESSION])
{
	for (unsigned i = 0; i < MC_LEGS_PER_SESSION; i++) {
		mc_tc_destroy(tc[i]);
		tc[i] = NULL;
	}
}

/* What the peer's remote sends with PT p goes out to this leg with the PT this leg's
 * remote uses for the same codec: every codec both lists share is relayed, so a switch
 * to another common codec mid-call (or to telephone-event or CN) passes through. */
static void pt_map(const struct mc_leg_conf *c, const struct mc_leg_conf *peer,
		   uint8_t pt_out[128])
{
	memset(pt_out, MC_PT_NONE, 128);
	for (unsigned p = 0; p < peer->n_codecs; p++)
		for (unsigned k = 0; k < c->n_codecs; k++)
			if (same_codec(&peer->codecs[p], &c->codecs[k])) {
				pt_out[peer->codecs[p].pt] = c->codecs[k].pt;
				break;
			}
}

bool mc_sm_fill_dp(struct mc_sm *sm, const struct mc_leg_conf *c,
		   const struct mc_leg_conf *peer, uint16_t rtp_port, struct mc_leg_dp *dp,
		   struct rte_ether_addr *mac)
{
	const struct mc_sm_port *p = &sm->conf.ports[c->port_slot];
	struct mc_ifaddr ifa = { .ip = p->ip, .prefix_len = p->prefix_len,
				 .gateway = p->gateway };
	bool pending = false;

	memset(dp, 0, sizeof(*dp));
	dp->eth_port = p->eth_port;
	dp->local_ip = p->ip;
	dp->local_port = rtp_port;
	if (c->has_remote) {
		dp->remote_ip = c->remote_ip;
		dp->remote_port = c->remote_port;
		dp->remote_rtcp_port = c->rtcp_mux ? c->remote_port :
				       (uint16_t)(c->remote_port + 1);
		/* Resolution starts now; the tick sends the MAC when it arrives. */
		if (sm->ops->resolve(sm->ctx, p->eth_port, mc_ifaddr_next_hop(&ifa, c->remote_ip),
				     &dp->remote_mac) == 0)
			dp->mac_valid = true;
		else
			pending = true;
	}
	*mac = dp->remote_mac;
	dp->latching = c->latching;
	dp->rtcp_mux = c->rtcp_mux;
	dp->rewrite = c->rewrite_ssrc;
	mc_direction_apply(dp, c->direction);
	dp->clock_rate = c->codecs[c->chosen].rate;
	dp->tevent_pt = format_pt(c, "telephone-event", dp->clock_rate);
	dp->tevent = dp->tevent_pt != MC_PT_NONE;
	pt_map(c, peer, dp->pt_out);
	return pending;
}

int mc_sm_pick_worker(const struct mc_sm *sm, uint64_t now_ms)
{
	int best = -1;

	for (unsigned w = 0; w < sm->conf.n_workers; w++)
		if (mc_portalloc_can_alloc(&sm->pa[w], MC_LEGS_PER_SESSION, now_ms) &&
		    (best < 0 || sm->per_worker[w] < sm->per_worker[best]))
			best = (int)w;
	return best;
}

/* Builds an UPDATE from confs, recomputing every leg's dp (the worker keeps what must
 * survive: counters, statistics, latched remotes, rewriter). */
void mc_sm_build_update(struct mc_sm *sm, struct mc_session *s,
			const struct mc_leg_conf conf[MC_LEGS_PER_SESSION],
			struct mc_wcmd *cmd, uint8_t *pending, struct rte_ether_addr *macs)
{
	struct mc_sm_slot *slot = &sm->slots[s->slot];

	memset(cmd, 0, sizeof(*cmd));
	cmd->type = MC_WCMD_UPDATE;
	cmd->session = s;
	*pending = 0;
	for (unsigned i = 0; i < s->n_legs; i++) {
		cmd->legs[i] = conf[i];
		if (mc_sm_fill_dp(sm, &conf[i], &conf[1 - i], slot->rtp_port[i], &cmd->legs_dp[i],
				  &macs[i]))
			*pending |= (uint8_t)(1u << i);
		/* The transcoders stay unless the caller gives new ones (a MAC follow-up
		 * must not take them away). */
		cmd->legs_dp[i].tc = s->legs[i].dp.tc;
	}
}

void mc_sm_set_pending(struct mc_sm *sm, struct mc_session *s, uint8_t pending,
		       const struct rte_ether_addr *macs)
{
	struct mc_sm_slot *slot = &sm->slots[s->slot];

	sm->n_mac_pending -= (uint32_t)__builtin_popcount(slot->mac_pending);
	sm->n_mac_pending += (uint32_t)__builtin_popcount(pending);
	slot->mac_pending = pending;
	for (unsigned i = 0; i < s->n_legs; i++)
		slot->mac[i] = macs[i];
}
