/* RTP header validation, RFC 3550 §5.1 and the checks of Appendix A.1. The order
 * of checks is fixed so that a packet always gets the same drop reason. */
#include "mc_rtp.h"
#include "mc_rtp_be.h"

int mc_rtp_parse(const uint8_t *p, size_t len, struct mc_rtp_hdr_view *v)
{
	if (len < MC_RTP_HDR_LEN)
		return MC_RTP_ERR_SHORT;
	uint8_t b0 = p[0], b1 = p[1];
	if ((b0 >> 6) != MC_RTP_VERSION)
		return MC_RTP_ERR_VERSION;
	v->pt = b1 & 0x7f;
	/* With rtcp-mux, SR..APP (200..204) with the marker bit stripped are 72..76. */
	if ((uint8_t)(v->pt - 72) <= 4)
		return MC_RTP_ERR_RTCP_PT;
	v->marker = b1 >> 7;
	v->cc = b0 & 0x0f;
	v->seq = mc_rd16(p + 2);
	v->ts = mc_rd32(p + 4);
	v->ssrc = mc_rd32(p + 8);

	size_t off = MC_RTP_HDR_LEN + 4u * v->cc;
	if (off > len)
		return MC_RTP_ERR_CSRC;
	v->has_ext = (b0 >> 4) & 1;
	v->ext_profile = 0;
	v->ext_len = 0;
	if (v->has_ext) {
		if (off + 4 > len)
			return MC_RTP_ERR_EXT;
		v->ext_profile = mc_rd16(p + off);
		v->ext_len = 4u * mc_rd16(p + off + 2);
		off += 4 + v->ext_len;
		if (off > len)
			return MC_RTP_ERR_EXT;
	}
	v->pad_len = 0;
	if (b0 & 0x20) {
		uint8_t pad = p[len - 1];
		if (pad == 0 || pad > len - off)
			return MC_RTP_ERR_PADDING;
		v->pad_len = pad;
	}
	v->hdr_len = (uint32_t)off;
	v->payload_len = (uint32_t)(len - off - v->pad_len);
	return MC_RTP_OK;
}

const char *mc_rtp_err_name(int err)
{
	static const char *const names[MC_RTP_ERR_COUNT_] = {
		"ok", "rtp_short", "rtp_version", "rtp_rtcp_pt",
		"rtp_csrc", "rtp_ext", "rtp_padding",
	};
	unsigned i = (unsigned)-err;
	return err <= 0 && i < MC_RTP_ERR_COUNT_ ? names[i] : "unknown";
}
