/* Burst/gap classification for the XR VoIP Metrics block (RFC 3611 4.7.2,
 * Appendix A). A loss cannot be classified when it happens: it opens or
 * extends a candidate burst, and only Gmin received packets later is it known
 * whether that candidate was a burst (two or more losses) or an isolated gap
 * loss. Counters only: the per-packet cost is a few adds. */
#include "mc_rtcp_xr.h"

void mc_xr_burst_init(struct mc_xr_burst *t, unsigned gmin, unsigned pkt_ms)
{
	*t = (struct mc_xr_burst){
		/* the wire field is 8 bits, and 0 would make every loss a burst */
		.gmin = (uint16_t)(gmin == 0 ? MC_XR_GMIN : gmin > 255 ? 255 : gmin),
		.pkt_ms = (uint16_t)pkt_ms,
	};
}

static void add_gap(struct mc_xr_burst *t, uint32_t pkts, uint32_t lost)
{
	if (!pkts)
		return;
	if (!t->last_in_gap)
		t->gap_count++;
	t->last_in_gap = true;
	t->gap_pkts += pkts;
	t->gap_lost += lost;
}

/* Gmin received packets have followed the candidate's last loss. */
static void close_candidate(struct mc_xr_burst *t)
{
	if (t->cand_lost == 1) {
		add_gap(t, 1, 1);
	} else {
		t->burst_count++;
		t->burst_pkts += t->cand_len;
		t->burst_lost += t->cand_lost;
		t->last_in_gap = false;
	}
	add_gap(t, t->pkt, 0);
	t->cand_lost = t->cand_len = t->pkt = 0;
}

void mc_xr_burst_packet(struct mc_xr_burst *t, enum mc_xr_pkt what)
{
	t->expected++;
	if (what == MC_XR_PKT_RECEIVED) {
		if (!t->cand_lost) {
			add_gap(t, 1, 0);
		} else if (++t->pkt >= t->gmin) {
			close_candidate(t);
		}
		return;
	}
	if (what == MC_XR_PKT_LOST)
		t->lost++;
	else
		t->discarded++;
	if (t->cand_lost) {
		t->cand_len += t->pkt + 1; /* the received ones in between belong to it */
		t->cand_lost++;
	} else {
		t->cand_len = 1;
		t->cand_lost = 1;
	}
	t->pkt = 0;
}

static uint8_t frac256(uint32_t num, uint32_t den)
{
	if (!den)
		return 0;
	uint64_t v = (uint64_t)num * 256 / den;
	return (uint8_t)(v > 255 ? 255 : v);
}

static uint16_t mean_ms(uint32_t pkts, uint32_t count, unsigned pkt_ms)
{
	if (!count)
		return 0;
	uint64_t v = (uint64_t)pkts * pkt_ms / count;
	return (uint16_t)(v > 0xffff ? 0xffff : v);
}

void mc_xr_burst_fill(const struct mc_xr_burst *t, struct mc_xr_voip *v)
{
	struct mc_xr_burst s = *t; /* settle the open candidate on a copy */
	if (s.cand_lost)
		close_candidate(&s);
	v->loss_rate = frac256(s.lost, s.expected);
	v->discard_rate = frac256(s.discarded, s.expected);
	v->burst_density = frac256(s.burst_lost, s.burst_pkts);
	v->gap_density = frac256(s.gap_lost, s.gap_pkts);
	v->burst_duration = mean_ms(s.burst_pkts, s.burst_count, s.pkt_ms);
	v->gap_duration = mean_ms(s.gap_pkts, s.gap_count, s.pkt_ms);
	v->gmin = (uint8_t)s.gmin;
}
