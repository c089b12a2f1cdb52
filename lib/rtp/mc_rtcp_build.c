/* Build single RTCP packets (RFC 3550 §6.4-6.6) into caller memory; a compound is
 * the concatenation, SR or RR first. */
#include <string.h>

#include "mc_rtcp.h"
#include "mc_rtp_be.h"

static void put_header(uint8_t *b, unsigned count, uint8_t pt, size_t bytes)
{
	b[0] = (uint8_t)(0x80 | count);
	b[1] = pt;
	mc_wr16(b + 2, (uint16_t)(bytes / 4 - 1));
}

/* The 24-bit field cannot hold more: RFC 3550 A.3 clamps rather than wraps. */
static uint32_t clamp24(int32_t v)
{
	if (v > 0x7fffff)
		v = 0x7fffff;
	else if (v < -0x800000)
		v = -0x800000;
	return (uint32_t)v & 0xffffff;
}

static void put_blocks(uint8_t *b, const struct mc_rtcp_rb *rb, unsigned n)
{
	for (unsigned i = 0; i < n; i++, b += MC_RTCP_RB_LEN) {
		mc_wr32(b, rb[i].ssrc);
		mc_wr32(b + 4, (uint32_t)rb[i].fraction_lost << 24 | clamp24(rb[i].cum_lost));
		mc_wr32(b + 8, rb[i].ext_high_seq);
		mc_wr32(b + 12, rb[i].jitter);
		mc_wr32(b + 16, rb[i].lsr);
		mc_wr32(b + 20, rb[i].dlsr);
	}
}

int mc_rtcp_build_rr(uint8_t *buf, size_t cap, uint32_t ssrc,
		     const struct mc_rtcp_rb *rb, unsigned n)
{
	size_t len = MC_RTCP_RR_LEN + (size_t)MC_RTCP_RB_LEN * n;
	if (n > MC_RTCP_MAX_BLOCKS || len > cap)
		return -1;
	put_header(buf, n, MC_RTCP_RR, len);
	mc_wr32(buf + 4, ssrc);
	put_blocks(buf + MC_RTCP_RR_LEN, rb, n);
	return (int)len;
}

int mc_rtcp_build_sr(uint8_t *buf, size_t cap, uint32_t ssrc,
		     const struct mc_rtcp_sender_info *si,
		     const struct mc_rtcp_rb *rb, unsigned n)
{
	size_t len = MC_RTCP_SR_LEN + (size_t)MC_RTCP_RB_LEN * n;
	if (n > MC_RTCP_MAX_BLOCKS || len > cap)
		return -1;
	put_header(buf, n, MC_RTCP_SR, len);
	mc_wr32(buf + 4, ssrc);
	mc_wr32(buf + 8, (uint32_t)(si->ntp >> 32));
	mc_wr32(buf + 12, (uint32_t)si->ntp);
	mc_wr32(buf + 16, si->rtp_ts);
	mc_wr32(buf + 20, si->pkt_count);
	mc_wr32(buf + 24, si->octet_count);
	put_blocks(buf + MC_RTCP_SR_LEN, rb, n);
	return (int)len;
}

int mc_rtcp_build_sdes_cname(uint8_t *buf, size_t cap, uint32_t ssrc,
			     const char *cname, size_t cname_len)
{
	/* header, SSRC, type, length, text, then 1..4 nulls to the boundary */
	size_t len = (8 + 2 + cname_len + 4) & ~(size_t)3;
	if (cname_len == 0 || cname_len > 255 || len > cap)
		return -1;
	put_header(buf, 1, MC_RTCP_SDES, len);
	mc_wr32(buf + 4, ssrc);
	buf[8] = MC_RTCP_SDES_CNAME;
	buf[9] = (uint8_t)cname_len;
	memcpy(buf + 10, cname, cname_len);
	memset(buf + 10 + cname_len, 0, len - 10 - cname_len);
	return (int)len;
}

int mc_rtcp_build_bye(uint8_t *buf, size_t cap, const uint32_t *ssrc, unsigned n,
		      const char *reason, size_t reason_len)
{
	size_t o = 4 + 4u * n;
	size_t len = reason_len ? (o + 1 + reason_len + 3) & ~(size_t)3 : o;
	if (n > MC_RTCP_MAX_BLOCKS || reason_len > 255 || len > cap)
		return -1;
	put_header(buf, n, MC_RTCP_BYE, len);
	for (unsigned i = 0; i < n; i++)
		mc_wr32(buf + 4 + 4 * i, ssrc[i]);
	if (reason_len) {
		buf[o] = (uint8_t)reason_len;
		memcpy(buf + o + 1, reason, reason_len);
		memset(buf + o + 1 + reason_len, 0, len - o - 1 - reason_len);
	}
	return (int)len;
}
