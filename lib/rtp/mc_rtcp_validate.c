/* RTCP compound validation: the header checks of RFC 3550 A.2 plus per-type bounds,
 * so that a parser walking a validated packet can never read past it. */
#include <stdbool.h>

#include "mc_rtcp.h"
#include "mc_rtp_be.h"

/* SDES: SC chunks, each an SSRC then items, ended by a null octet and padded with
 * nulls to the next 32-bit boundary (RFC 3550 §6.5). */
static int check_sdes(const uint8_t *h, size_t body, unsigned sc)
{
	size_t o = 4;
	for (unsigned c = 0; c < sc; c++) {
		if (o + 4 > body)
			return MC_RTCP_ERR_SDES;
		o += 4;
		for (;;) {
			if (o >= body)
				return MC_RTCP_ERR_SDES;
			if (h[o] == 0)
				break;
			if (o + 2 > body)
				return MC_RTCP_ERR_SDES;
			o += 2u + h[o + 1];
		}
		o = (o + 4) & ~(size_t)3; /* past the null, up to the boundary */
		if (o > body)
			return MC_RTCP_ERR_SDES;
	}
	return MC_RTCP_OK;
}

static int check_bye(const uint8_t *h, size_t body, unsigned sc)
{
	size_t o = 4 + 4u * sc;
	if (o > body)
		return MC_RTCP_ERR_BYE;
	if (o < body && o + 1u + h[o] > body)
		return MC_RTCP_ERR_BYE;
	return MC_RTCP_OK;
}

/* XR (RFC 3611): SSRC, then blocks each with its own length in words minus one. */
static int check_xr(const uint8_t *h, size_t body)
{
	size_t o = 8;
	if (o > body)
		return MC_RTCP_ERR_XR;
	while (o < body) {
		if (o + 4 > body)
			return MC_RTCP_ERR_XR;
		o += 4u * ((size_t)mc_rd16(h + o + 2) + 1);
		if (o > body)
			return MC_RTCP_ERR_XR;
	}
	return MC_RTCP_OK;
}

/* body: bytes of this packet before any padding. Unknown types only need their
 * length to be right, which the caller checked: RFC 3550 says ignore them. */
static int check_one(const uint8_t *h, size_t body)
{
	unsigned count = h[0] & 0x1f;
	switch (h[1]) {
	case MC_RTCP_SR:
		return MC_RTCP_SR_LEN + (size_t)MC_RTCP_RB_LEN * count > body ? MC_RTCP_ERR_RC : 0;
	case MC_RTCP_RR:
		return MC_RTCP_RR_LEN + (size_t)MC_RTCP_RB_LEN * count > body ? MC_RTCP_ERR_RC : 0;
	case MC_RTCP_SDES:
		return check_sdes(h, body, count);
	case MC_RTCP_BYE:
		return check_bye(h, body, count);
	case MC_RTCP_APP:
		return body < 12 ? MC_RTCP_ERR_APP : 0;
	case MC_RTCP_XR:
		return check_xr(h, body);
	default:
		return MC_RTCP_OK;
	}
}

int mc_rtcp_validate(const uint8_t *p, size_t len)
{
	if (len < MC_RTCP_RR_LEN)
		return MC_RTCP_ERR_SHORT;
	/* Every packet is at least 4 bytes, so the walk always advances. */
	for (size_t off = 0; off < len;) {
		const uint8_t *h = p + off;
		if (len - off < 4)
			return MC_RTCP_ERR_SHORT;
		if ((h[0] >> 6) != 2)
			return MC_RTCP_ERR_VERSION;
		size_t plen = 4 * ((size_t)mc_rd16(h + 2) + 1);
		if (plen > len - off)
			return MC_RTCP_ERR_LENGTH;
		if (off == 0 && h[1] != MC_RTCP_SR && h[1] != MC_RTCP_RR)
			return MC_RTCP_ERR_FIRST;
		size_t body = plen;
		if (h[0] & 0x20) {
			uint8_t pad = h[plen - 1];
			if (off + plen != len || pad == 0 || pad > plen - 4)
				return MC_RTCP_ERR_PADDING;
			body -= pad;
		}
		int rc = check_one(h, body);
		if (rc)
			return rc;
		off += plen;
	}
	return MC_RTCP_OK;
}

const char *mc_rtcp_err_name(int err)
{
	static const char *const names[MC_RTCP_ERR_COUNT_] = {
		"ok", "rtcp_short", "rtcp_version", "rtcp_length", "rtcp_first",
		"rtcp_padding", "rtcp_rc", "rtcp_sdes", "rtcp_bye", "rtcp_app", "rtcp_xr",
	};
	unsigned i = (unsigned)-err;
	return err <= 0 && i < MC_RTCP_ERR_COUNT_ ? names[i] : "unknown";
}
