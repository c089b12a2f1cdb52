/* RTP from a leg's remote: validate, check or latch the source, account, renumber the
 * payload type (and SSRC/seq/ts when the other leg asks for it), relay. */
#include "mc_dp_dtmf.h"
#include "mc_dp_pkt.h"

#include <string.h>

#include "mc_rtp.h"
#include "mc_tc.h"

/* Latching (symmetric RTP): the first valid packet fixes the remote; the frame came from
 * the next hop, so its source MAC is where the answer goes. */
static bool source_ok(struct mc_worker *w, struct mc_leg *leg, const struct mc_pkt *pk)
{
	struct mc_leg_dp *dp = &leg->dp;
	uint32_t sip = pk->ip->src_addr;
	uint16_t sport = rte_be_to_cpu_16(pk->udp->src_port);

	if (likely(dp->latched || !dp->latching))
		return sip == dp->remote_ip && sport == dp->remote_port;
	dp->remote_ip = sip;
	dp->remote_port = sport;
	dp->remote_mac = pk->eh->src_addr;
	dp->mac_valid = true;
	dp->latched = true;
	if (!dp->rtcp_latched)
		dp->remote_rtcp_port = dp->rtcp_mux ? sport : (uint16_t)(sport + 1);
	mc_dp_emit(w, leg, MC_EV_REMOTE_LATCHED, 0);
	return true;
}

/* Duplicates and reordering are counted by the RFC 3550 statistics themselves. */
static void account(struct mc_worker *w, struct mc_leg_dp *dp,
		    const struct mc_rtp_hdr_view *v, uint16_t len)
{
	uint32_t arrival = (uint32_t)(w->now_us * dp->clock_rate / 1000000u);

	mc_rtp_stats_update(&dp->rtp, v->ssrc, v->seq, v->ts, arrival);
	dp->st.rx_packets++;
	dp->st.rx_bytes += len;
}

/* Renumbers the payload type (one 16-bit store) and, when the leg asks for it, rewrites
 * SSRC/seq/ts; returns the RFC 1624 terms of what changed, for the UDP checksum. */
static uint32_t set_pt(uint8_t *pl, uint8_t pt, struct mc_leg_dp *to)
{
	uint16_t old, new;
	uint32_t delta;

	memcpy(&old, pl, 2);
	new = rte_cpu_to_be_16((uint16_t)((rte_be_to_cpu_16(old) & 0xff80) | pt));
	if (likely(!to->rewrite)) {
		memcpy(pl, &new, 2);
		return mc_csum_replace16(old, new);
	}
	delta = (uint16_t)~mc_csum_part(pl, MC_RTP_HDR_LEN);
	memcpy(pl, &new, 2);
	mc_rtp_rewrite(&to->rw, pl);
	return delta + mc_csum_part(pl, MC_RTP_HDR_LEN);
}

#define DROP(ld, why) do { mc_leg_drop(w, leg, pk->m, ld, why); return; } while (0)

void mc_rtp_input(struct mc_worker *w, struct mc_leg *leg, struct mc_pkt *pk)
{
	struct mc_leg_dp *dp = &leg->dp, *to;
	struct mc_rtp_hdr_view v;
	uint32_t delta;
	uint8_t pt;

	if (unlikely(mc_rtp_parse(pk->pl, pk->pl_len, &v) != MC_RTP_OK))
		DROP(MC_LEG_DROP_MALFORMED, MC_DROP_RTP_MALFORMED);
	if (unlikely(!source_ok(w, leg, pk)))
		DROP(MC_LEG_DROP_WRONG_SOURCE, MC_DROP_WRONG_SOURCE);
	dp->last_rx_tsc = w->now;
	if (unlikely(dp->timed_out)) {
		dp->timed_out = false;
		mc_dp_emit(w, leg, MC_EV_MEDIA_RESUMED, 0);
	}
	if (unlikely(!dp->recv_ok))
		DROP(MC_LEG_DROP_DIRECTION, MC_DROP_DIRECTION);
	account(w, dp, &v, pk->pl_len);
	if (dp->tc != NULL) {   /* transcoded: into the jitter buffer, not relayed */
		mc_tc_input(w, leg, pk, &v);
		return;
	}
	if (unlikely(dp->tevent && v.pt == dp->tevent_pt))   /* reported, and relayed */
		mc_dp_dtmf_rx(w, leg, pk->pl + v.hdr_len, v.payload_len, v.ts);
	if (unlikely(leg->peer == NULL))
		DROP(MC_LEG_DROP_NO_REMOTE, MC_DROP_NO_REMOTE);
	to = &leg->peer->dp;
	if (unlikely(!to->send_ok))
		DROP(MC_LEG_DROP_DIRECTION, MC_DROP_DIRECTION);
	if (unlikely(to->remote_ip == 0 || to->remote_port == 0))
		DROP(MC_LEG_DROP_NO_REMOTE, MC_DROP_NO_REMOTE);
	if (likely(v.pt == to->pt_last_in)) {
		pt = to->pt_last_out;
	} else {
		pt = to->pt_out[v.pt];
		to->pt_last_in = v.pt;
		to->pt_last_out = pt;
	}
	if (unlikely(pt == MC_PT_NONE))
		DROP(MC_LEG_DROP_PAYLOAD_TYPE, MC_DROP_PAYLOAD_TYPE);
	if (unlikely(!to->mac_valid))
		DROP(MC_LEG_DROP_NO_NEIGHBOR, MC_DROP_NO_NEIGHBOR);
	delta = set_pt(pk->pl, pt, to);
	dp->st.relayed_packets++;
	dp->st.relayed_bytes += pk->pl_len;
	mc_relay_out(w, to, pk, to->local_port, to->remote_port, delta, false);
}
