/* Extract what quality monitoring reads from a compound packet. Runs only after
 * mc_rtcp_validate, so the walk below trusts every length it meets. */
#include <string.h>

#include "mc_rtcp.h"
#include "mc_rtp_be.h"

static void read_blocks(struct mc_rtcp_info *in, const uint8_t *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++, b += MC_RTCP_RB_LEN) {
		if (in->n_blocks == MC_RTCP_MAX_BLOCKS) {
			in->blocks_dropped += (uint16_t)(n - i);
			return;
		}
		struct mc_rtcp_rb *rb = &in->blocks[in->n_blocks++];
		rb->ssrc = mc_rd32(b);
		rb->fraction_lost = b[4];
		/* Sign-extend the 24-bit field through the top byte of a 32-bit word. */
		rb->cum_lost = (int32_t)(mc_rd32(b + 4) << 8) / 256;
		rb->ext_high_seq = mc_rd32(b + 8);
		rb->jitter = mc_rd32(b + 12);
		rb->lsr = mc_rd32(b + 16);
		rb->dlsr = mc_rd32(b + 20);
	}
}

/* Only the first CNAME is kept: one source per leg is the relay's case. */
static void read_sdes(struct mc_rtcp_info *in, const uint8_t *h, unsigned sc)
{
	size_t o = 4;
	for (unsigned c = 0; c < sc; c++) {
		uint32_t ssrc = mc_rd32(h + o);
		for (o += 4; h[o] != 0; o += 2u + h[o + 1]) {
			if (h[o] == MC_RTCP_SDES_CNAME && in->cname_len == 0 && h[o + 1]) {
				in->cname_ssrc = ssrc;
				in->cname_len = h[o + 1];
				memcpy(in->cname, h + o + 2, in->cname_len);
				in->cname[in->cname_len] = '\0';
			}
		}
		o = (o + 4) & ~(size_t)3;
	}
}

static void read_one(struct mc_rtcp_info *in, const uint8_t *h)
{
	unsigned count = h[0] & 0x1f;
	switch (h[1]) {
	case MC_RTCP_SR:
		if (!in->has_sr) {
			in->has_sr = 1;
			in->sr.ntp = (uint64_t)mc_rd32(h + 8) << 32 | mc_rd32(h + 12);
			in->sr.rtp_ts = mc_rd32(h + 16);
			in->sr.pkt_count = mc_rd32(h + 20);
			in->sr.octet_count = mc_rd32(h + 24);
		}
		read_blocks(in, h + MC_RTCP_SR_LEN, count);
		break;
	case MC_RTCP_RR:
		read_blocks(in, h + MC_RTCP_RR_LEN, count);
		break;
	case MC_RTCP_SDES:
		read_sdes(in, h, count);
		break;
	case MC_RTCP_BYE:
		for (unsigned i = 0; i < count && in->n_bye < MC_RTCP_MAX_BLOCKS; i++)
			in->bye_ssrc[in->n_bye++] = mc_rd32(h + 4 + 4 * i);
		break;
	default:
		break;
	}
}

int mc_rtcp_parse(const uint8_t *p, size_t len, struct mc_rtcp_info *in)
{
	int rc = mc_rtcp_validate(p, len);
	if (rc)
		return rc;
	in->has_sr = 0;
	in->n_blocks = 0;
	in->n_bye = 0;
	in->cname_len = 0;
	in->cname[0] = '\0';
	in->blocks_dropped = 0;
	in->n_packets = 0;
	in->sender_ssrc = mc_rd32(p + 4);
	for (size_t off = 0; off < len; off += 4 * ((size_t)mc_rd16(p + off + 2) + 1)) {
		read_one(in, p + off);
		in->n_packets++;
	}
	return MC_RTCP_OK;
}
