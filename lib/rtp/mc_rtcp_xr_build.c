/* Building RTCP XR packets block by block into caller memory. */
#include "mc_rtcp.h"
#include "mc_rtcp_xr.h"
#include "mc_rtp_be.h"

/* Reserve a block of len bytes with its header, or fail the packet. */
static uint8_t *block(struct mc_rtcp_xr_writer *w, uint8_t bt, size_t len)
{
	if (w->failed || len > w->cap - w->len || len / 4 - 1 > 0xffff) {
		w->failed = true;
		return NULL;
	}
	uint8_t *b = w->buf + w->len;
	b[0] = bt;
	b[1] = 0;
	mc_wr16(b + 2, (uint16_t)(len / 4 - 1));
	w->len += len;
	return b;
}

void mc_rtcp_xr_begin(struct mc_rtcp_xr_writer *w, uint8_t *buf, size_t cap, uint32_t ssrc)
{
	*w = (struct mc_rtcp_xr_writer){.buf = buf, .cap = cap, .len = 8};
	if (cap < 8) {
		w->failed = true;
		return;
	}
	buf[0] = 0x80;
	buf[1] = MC_RTCP_XR;
	mc_wr32(buf + 4, ssrc);
}

void mc_rtcp_xr_add_rrt(struct mc_rtcp_xr_writer *w, uint64_t ntp)
{
	uint8_t *b = block(w, MC_XR_BT_RRT, MC_XR_RRT_LEN);
	if (!b)
		return;
	mc_wr32(b + 4, (uint32_t)(ntp >> 32));
	mc_wr32(b + 8, (uint32_t)ntp);
}

void mc_rtcp_xr_add_dlrr(struct mc_rtcp_xr_writer *w, const struct mc_xr_dlrr *d, unsigned n)
{
	uint8_t *b = block(w, MC_XR_BT_DLRR, 4 + (size_t)MC_XR_DLRR_ITEM * n);
	for (unsigned i = 0; b && i < n; i++) {
		uint8_t *e = b + 4 + MC_XR_DLRR_ITEM * i;
		mc_wr32(e, d[i].ssrc);
		mc_wr32(e + 4, d[i].lrr);
		mc_wr32(e + 8, d[i].dlrr);
	}
}

void mc_rtcp_xr_add_voip(struct mc_rtcp_xr_writer *w, const struct mc_xr_voip *v)
{
	uint8_t *b = block(w, MC_XR_BT_VOIP, MC_XR_VOIP_LEN);
	if (!b)
		return;
	mc_wr32(b + 4, v->ssrc);
	b[8] = v->loss_rate;
	b[9] = v->discard_rate;
	b[10] = v->burst_density;
	b[11] = v->gap_density;
	mc_wr16(b + 12, v->burst_duration);
	mc_wr16(b + 14, v->gap_duration);
	mc_wr16(b + 16, v->round_trip_delay);
	mc_wr16(b + 18, v->end_system_delay);
	b[20] = (uint8_t)v->signal_level;
	b[21] = (uint8_t)v->noise_level;
	b[22] = v->rerl;
	b[23] = v->gmin;
	b[24] = v->r_factor;
	b[25] = v->ext_r_factor;
	b[26] = v->mos_lq;
	b[27] = v->mos_cq;
	b[28] = v->rx_config;
	b[29] = 0;
	mc_wr16(b + 30, v->jb_nominal);
	mc_wr16(b + 32, v->jb_max);
	mc_wr16(b + 34, v->jb_abs_max);
}

int mc_rtcp_xr_end(struct mc_rtcp_xr_writer *w)
{
	if (w->failed || w->len / 4 - 1 > 0xffff)
		return -1;
	mc_wr16(w->buf + 2, (uint16_t)(w->len / 4 - 1));
	return (int)w->len;
}
