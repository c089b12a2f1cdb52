/* RTCP XR (RFC 3611) packets: parse the RRT, DLRR and VoIP Metrics blocks, and
 * build them. Every block length is checked against what its type requires. */
#include <string.h>

#include "mc_rtcp.h"
#include "mc_rtcp_xr.h"
#include "mc_rtp_be.h"

static void get_voip(const uint8_t *b, struct mc_xr_voip *v)
{
	v->ssrc = mc_rd32(b + 4);
	v->loss_rate = b[8];
	v->discard_rate = b[9];
	v->burst_density = b[10];
	v->gap_density = b[11];
	v->burst_duration = mc_rd16(b + 12);
	v->gap_duration = mc_rd16(b + 14);
	v->round_trip_delay = mc_rd16(b + 16);
	v->end_system_delay = mc_rd16(b + 18);
	v->signal_level = (int8_t)b[20];
	v->noise_level = (int8_t)b[21];
	v->rerl = b[22];
	v->gmin = b[23];
	v->r_factor = b[24];
	v->ext_r_factor = b[25];
	v->mos_lq = b[26];
	v->mos_cq = b[27];
	v->rx_config = b[28];
	v->jb_nominal = mc_rd16(b + 30);
	v->jb_max = mc_rd16(b + 32);
	v->jb_abs_max = mc_rd16(b + 34);
}

static void get_dlrr(const uint8_t *b, unsigned words, struct mc_rtcp_xr_info *xr)
{
	for (unsigned i = 0; i < words / 3; i++, b += MC_XR_DLRR_ITEM) {
		if (xr->n_dlrr == MC_XR_MAX_DLRR) {
			xr->n_dropped++;
			continue;
		}
		struct mc_xr_dlrr *d = &xr->dlrr[xr->n_dlrr++];
		d->ssrc = mc_rd32(b);
		d->lrr = mc_rd32(b + 4);
		d->dlrr = mc_rd32(b + 8);
	}
}

/* One block at b with its length (words after the header) already within the
 * packet. */
static int one_block(const uint8_t *b, unsigned words, struct mc_rtcp_xr_info *xr)
{
	switch (b[0]) {
	case MC_XR_BT_RRT:
		if (words != 2)
			return MC_XR_ERR_RRT_LEN;
		xr->has_rrt = 1;
		xr->rrt_ntp = (uint64_t)mc_rd32(b + 4) << 32 | mc_rd32(b + 8);
		return MC_XR_OK;
	case MC_XR_BT_DLRR:
		if (words % 3)
			return MC_XR_ERR_DLRR_LEN;
		get_dlrr(b + 4, words, xr);
		return MC_XR_OK;
	case MC_XR_BT_VOIP:
		if (words != 8)
			return MC_XR_ERR_VOIP_LEN;
		if (xr->n_voip == MC_XR_MAX_VOIP)
			xr->n_dropped++;
		else
			get_voip(b, &xr->voip[xr->n_voip++]);
		return MC_XR_OK;
	default:
		xr->n_unknown++; /* RFC 3611: skip block types we do not know */
		return MC_XR_OK;
	}
}

static int parse_into(const uint8_t *p, size_t len, struct mc_rtcp_xr_info *xr)
{
	if (len < 8 || 4 * ((size_t)mc_rd16(p + 2) + 1) != len)
		return MC_XR_ERR_SHORT;
	if ((p[0] >> 6) != 2)
		return MC_XR_ERR_VERSION;
	if (p[1] != MC_RTCP_XR)
		return MC_XR_ERR_PT;
	size_t body = len;
	if (p[0] & 0x20) {
		if (p[len - 1] == 0 || p[len - 1] > len - 8)
			return MC_XR_ERR_PADDING;
		body -= p[len - 1];
	}
	xr->sender_ssrc = mc_rd32(p + 4);
	xr->n_packets++;
	for (size_t o = 8; o < body;) {
		if (body - o < 4)
			return MC_XR_ERR_BLOCK;
		unsigned words = mc_rd16(p + o + 2);
		size_t blen = 4 * ((size_t)words + 1);
		if (blen > body - o)
			return MC_XR_ERR_BLOCK;
		int rc = one_block(p + o, words, xr);
		if (rc)
			return rc;
		o += blen;
	}
	return MC_XR_OK;
}

int mc_rtcp_xr_parse(const uint8_t *p, size_t len, struct mc_rtcp_xr_info *xr)
{
	memset(xr, 0, sizeof *xr);
	return parse_into(p, len, xr);
}

int mc_rtcp_xr_parse_compound(const uint8_t *p, size_t len, struct mc_rtcp_xr_info *xr)
{
	memset(xr, 0, sizeof *xr);
	int rc = mc_rtcp_validate(p, len);
	/* validation bounds every packet, so the walk below stays inside */
	for (size_t off = 0; rc == 0 && off < len;) {
		size_t plen = 4 * ((size_t)mc_rd16(p + off + 2) + 1);
		if (p[off + 1] == MC_RTCP_XR)
			rc = parse_into(p + off, plen, xr);
		off += plen;
	}
	return rc;
}

const char *mc_rtcp_xr_err_name(int err)
{
	static const char *const names[] = {
		"xr_short", "xr_version", "xr_pt", "xr_padding", "xr_block",
		"xr_rrt_len", "xr_dlrr_len", "xr_voip_len",
	};
	if (err <= MC_XR_ERR_SHORT && err >= MC_XR_ERR_VOIP_LEN)
		return names[MC_XR_ERR_SHORT - err];
	return mc_rtcp_err_name(err);
}

int64_t mc_rtcp_xr_rtt(uint32_t arrival_mid32, uint32_t lrr, uint32_t dlrr)
{
	if (lrr == 0)
		return -1;
	uint32_t since = arrival_mid32 - lrr; /* modulo 2^32: NTP wraps */
	return since < dlrr ? -1 : (int64_t)(since - dlrr);
}
