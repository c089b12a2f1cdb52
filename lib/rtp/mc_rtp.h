/* RTP header validation (RFC 3550 §5.1, A.1) and rtcp-mux demultiplexing (RFC 5761).
 * Plain buffers only: the dataplane passes rte_pktmbuf_mtod pointers. Nothing here
 * allocates, locks or calls the system. */
#ifndef MC_RTP_H
#define MC_RTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MC_RTP_HDR_LEN 12
#define MC_RTP_VERSION 2

/* Why a datagram is not a valid RTP packet. Values are stable and the names
 * (mc_rtp_err_name) become drop reasons in /mc/stats: append only. */
enum mc_rtp_err {
	MC_RTP_OK = 0,
	MC_RTP_ERR_SHORT = -1,     /* fewer than 12 bytes */
	MC_RTP_ERR_VERSION = -2,   /* version field is not 2 */
	MC_RTP_ERR_RTCP_PT = -3,   /* PT 72..76: RTCP SR..APP seen through rtcp-mux, not RTP */
	MC_RTP_ERR_CSRC = -4,      /* CSRC list runs past the end of the datagram */
	MC_RTP_ERR_EXT = -5,       /* extension header or its data runs past the end */
	MC_RTP_ERR_PADDING = -6,   /* P bit set with padding count 0 or beyond the payload */
	MC_RTP_ERR_COUNT_ = 7
};

/* What the dataplane needs from a header, decoded once. */
struct mc_rtp_hdr_view {
	uint32_t ts;
	uint32_t ssrc;
	uint16_t seq;
	uint8_t pt;
	uint8_t marker;
	uint8_t cc;             /* number of CSRCs */
	uint8_t has_ext;
	uint16_t ext_profile;   /* 0xBEDE one-byte, 0x100x two-byte (RFC 8285), else profile */
	uint8_t pad_len;        /* padding bytes at the end, count byte included */
	uint32_t ext_len;       /* extension data in bytes, after its 4-byte header */
	uint32_t hdr_len;       /* fixed header + CSRCs + extension = payload offset */
	uint32_t payload_len;   /* may be 0: RFC 3550 allows an empty payload */
};

/* Validate and decode. Returns MC_RTP_OK or a negative enum mc_rtp_err; on error the
 * view is partially written and must not be used. */
int mc_rtp_parse(const uint8_t *p, size_t len, struct mc_rtp_hdr_view *v);

/* "rtp_short", "rtp_version", ... ; "unknown" for anything else. */
const char *mc_rtp_err_name(int err);

/* RFC 5761 §4: with rtcp-mux, a second byte of 192..223 is RTCP (its packet type);
 * anything else is RTP. This is why RTP PTs 64..95 must not be used with rtcp-mux. */
static inline bool mc_rtp_is_rtcp(const uint8_t *p, size_t len)
{
	return len >= 2 && (uint8_t)(p[1] - 192) < 32;
}

#endif
