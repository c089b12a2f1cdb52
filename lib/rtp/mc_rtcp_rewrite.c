/* RTCP side of the relay rewrite: keep RTCP consistent with the rewritten RTP so
 * both ends can match reports to streams. Trusts mc_rtcp_validate's bounds. */
#include "mc_rtcp.h"
#include "mc_rtp_rewrite.h"

static void map_blocks(const struct mc_rtp_rewriter *rev, uint8_t *b, unsigned n)
{
	if (!rev || !rev->started)
		return;
	for (unsigned i = 0; i < n; i++, b += MC_RTCP_RB_LEN) {
		if (mc_rd32(b) != rev->out_ssrc)
			continue;
		mc_wr32(b, rev->in_ssrc);
		/* Only the low 16 bits map exactly; the cycle count is kept as reported. */
		uint32_t ext = mc_rd32(b + 8);
		uint16_t seq = (uint16_t)(ext - rev->seq_off);
		mc_wr32(b + 8, (ext & 0xffff0000u) | seq);
	}
}

static void map_sdes(uint8_t *h, unsigned sc, uint32_t from, uint32_t to)
{
	size_t o = 4;
	for (unsigned c = 0; c < sc; c++) {
		if (mc_rd32(h + o) == from)
			mc_wr32(h + o, to);
		for (o += 4; h[o] != 0; o += 2u + h[o + 1])
			;
		o = (o + 4) & ~(size_t)3;
	}
}

void mc_rtcp_rewrite(const struct mc_rtp_rewriter *fwd, const struct mc_rtp_rewriter *rev,
		     uint8_t *p, size_t len)
{
	uint32_t sender = mc_rd32(p + 4);
	for (size_t off = 0; off < len; off += 4 * ((size_t)mc_rd16(p + off + 2) + 1)) {
		uint8_t *h = p + off;
		unsigned count = h[0] & 0x1f;
		switch (h[1]) {
		case MC_RTCP_SR:
			mc_wr32(h + 4, fwd->out_ssrc);
			mc_wr32(h + 16, mc_rd32(h + 16) + fwd->ts_off);
			map_blocks(rev, h + MC_RTCP_SR_LEN, count);
			break;
		case MC_RTCP_RR:
			mc_wr32(h + 4, fwd->out_ssrc);
			map_blocks(rev, h + MC_RTCP_RR_LEN, count);
			break;
		case MC_RTCP_SDES:
			map_sdes(h, count, sender, fwd->out_ssrc);
			break;
		case MC_RTCP_BYE:
			for (unsigned i = 0; i < count; i++)
				if (mc_rd32(h + 4 + 4 * i) == sender)
					mc_wr32(h + 4 + 4 * i, fwd->out_ssrc);
			break;
		default:
			break;
		}
	}
}
