/* RTCP from a leg's remote: validate, check or latch its source port, read it for
 * quality monitoring (mc_q_rtcp_read: the remote's view, RTT), then relay it unchanged
 * (bar SSRC rewriting) to the other leg's RTCP destination (port + 1, or the RTP port
 * with rtcp-mux); on a terminated (transcoded) leg it ends here. RTCP flows whatever
 * the media direction: a sendonly or recvonly endpoint still reports. Malformed RTCP is
 * counted per reason on the leg (leg->q.rtcp_bad) and dropped, never answered. */
#include "mc_dp_pkt.h"

#include "mc_q.h"
#include "mc_rtcp.h"
#include "mc_rtcp_tx.h"
#include "mc_rtp_rewrite.h"

static bool source_ok(struct mc_worker *w, struct mc_leg *leg, const struct mc_pkt *pk)
{
	struct mc_leg_dp *dp = &leg->dp;
	uint32_t sip = pk->ip->src_addr;
	uint16_t sport = rte_be_to_cpu_16(pk->udp->src_port);

	if (dp->rtcp_latched || !dp->latching)
		return sip == dp->remote_ip && sport == dp->remote_rtcp_port;
	/* Latches its port only: the remote address is RTP's to fix. Before RTP has
	 * latched, any address is taken once. */
	if (dp->latched && sip != dp->remote_ip)
		return false;
	dp->remote_rtcp_port = sport;
	dp->rtcp_latched = true;
	mc_dp_emit(w, leg, MC_EV_REMOTE_LATCHED, 1);
	return true;
}

#define DROP(ld, why) do { mc_leg_drop(w, leg, pk->m, ld, why); return; } while (0)

void mc_rtcp_input(struct mc_worker *w, struct mc_leg *leg, struct mc_pkt *pk)
{
	struct mc_leg_dp *dp = &leg->dp, *to;
	bool rewrite;
	int rc = mc_rtcp_validate(pk->pl, pk->pl_len);

	if (unlikely(rc != MC_RTCP_OK)) {
		leg->q.rtcp_bad[(unsigned)-rc < MC_RTCP_ERR_COUNT_ ? -rc : 0]++;
		DROP(MC_LEG_DROP_MALFORMED, MC_DROP_RTCP_MALFORMED);
	}
	if (unlikely(!source_ok(w, leg, pk)))
		DROP(MC_LEG_DROP_WRONG_SOURCE, MC_DROP_WRONG_SOURCE);
	dp->st.rtcp_rx++;
	mc_q_rtcp_read(leg, pk->pl, pk->pl_len, w->now_us);
	if (leg->session->mode == MC_MODE_TRANSCODE) {
		mc_rtcp_tx_on_rtcp(leg, pk->pl_len);
		rte_pktmbuf_free(pk->m);
		return;
	}
	if (unlikely(leg->peer == NULL))
		DROP(MC_LEG_DROP_NO_REMOTE, MC_DROP_NO_REMOTE);
	to = &leg->peer->dp;
	if (unlikely(to->remote_ip == 0 || to->remote_rtcp_port == 0))
		DROP(MC_LEG_DROP_NO_REMOTE, MC_DROP_NO_REMOTE);
	if (unlikely(!to->mac_valid))
		DROP(MC_LEG_DROP_NO_NEIGHBOR, MC_DROP_NO_NEIGHBOR);
	rewrite = to->rewrite || dp->rewrite;
	if (rewrite) {
		/* The sender's SSRC is rewritten as its RTP is (to's rewriter); its reports
		 * about what it receives are mapped back through dp's. */
		struct mc_rtp_rewriter same;

		mc_rtp_rewriter_init(&same, mc_rd32(pk->pl + 4), 0);
		mc_rtcp_rewrite(to->rewrite ? &to->rw : &same, dp->rewrite ? &dp->rw : NULL,
				pk->pl, pk->pl_len);
	}
	to->st.rtcp_tx++;
	mc_relay_out(w, to, pk, (uint16_t)(to->local_port + (to->rtcp_mux ? 0 : 1)),
		     to->remote_rtcp_port, 0, rewrite);
}
