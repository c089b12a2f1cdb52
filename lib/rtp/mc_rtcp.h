/* RTCP compound packets (RFC 3550 §6, A.2): validation, a parse into what quality
 * monitoring reads, and building reports. Plain buffers, no allocation. */
#ifndef MC_RTCP_H
#define MC_RTCP_H

#include <stddef.h>
#include <stdint.h>

enum mc_rtcp_type {
	MC_RTCP_SR = 200,
	MC_RTCP_RR = 201,
	MC_RTCP_SDES = 202,
	MC_RTCP_BYE = 203,
	MC_RTCP_APP = 204,
	MC_RTCP_RTPFB = 205,
	MC_RTCP_PSFB = 206,
	MC_RTCP_XR = 207,
};

#define MC_RTCP_SDES_CNAME 1
#define MC_RTCP_MAX_BLOCKS 31 /* a 5-bit count */
#define MC_RTCP_RB_LEN 24
#define MC_RTCP_SR_LEN 28     /* header, SSRC, sender info */
#define MC_RTCP_RR_LEN 8      /* header, SSRC */

/* Why a datagram is not a valid RTCP compound packet. The names (mc_rtcp_err_name)
 * become drop reasons in /mc/stats: append only. */
enum mc_rtcp_err {
	MC_RTCP_OK = 0,
	MC_RTCP_ERR_SHORT = -1,    /* under 8 bytes, or 1..3 stray bytes after a packet */
	MC_RTCP_ERR_VERSION = -2,  /* a packet's version is not 2 */
	MC_RTCP_ERR_LENGTH = -3,   /* a length field runs past the datagram */
	MC_RTCP_ERR_FIRST = -4,    /* first packet is neither SR nor RR */
	MC_RTCP_ERR_PADDING = -5,  /* P bit on a packet that is not last, or bad count */
	MC_RTCP_ERR_RC = -6,       /* SR/RR fixed part or RC report blocks beyond its length */
	MC_RTCP_ERR_SDES = -7,     /* SDES chunk or item beyond its length */
	MC_RTCP_ERR_BYE = -8,      /* BYE SSRC list or reason beyond its length */
	MC_RTCP_ERR_APP = -9,      /* APP shorter than header, SSRC and name */
	MC_RTCP_ERR_XR = -10,      /* XR report block beyond its length */
	MC_RTCP_ERR_COUNT_ = 11
};

/* One reception report block (RFC 3550 §6.4.1). */
struct mc_rtcp_rb {
	uint32_t ssrc;          /* the source this block is about */
	uint8_t fraction_lost;  /* Q8: lost / expected since the previous report */
	int32_t cum_lost;       /* 24-bit signed on the wire, negative with duplicates */
	uint32_t ext_high_seq;  /* cycles << 16 | highest sequence number */
	uint32_t jitter;        /* RTP timestamp units */
	uint32_t lsr;           /* middle 32 bits of the last SR's NTP time, 0 if none */
	uint32_t dlsr;          /* delay since that SR, 1/65536 s */
};

struct mc_rtcp_sender_info {
	uint64_t ntp;           /* 32.32 fixed point seconds since 1900 */
	uint32_t rtp_ts;
	uint32_t pkt_count;
	uint32_t octet_count;
};

/* Compound packet contents. Report blocks of every SR/RR are gathered in order up
 * to MC_RTCP_MAX_BLOCKS; more are counted in blocks_dropped. */
struct mc_rtcp_info {
	uint32_t sender_ssrc;   /* of the first (SR or RR) packet */
	uint8_t has_sr;
	uint8_t n_blocks;
	uint8_t n_bye;
	uint8_t cname_len;      /* 0: no CNAME */
	uint16_t blocks_dropped;
	uint16_t n_packets;     /* RTCP packets in the compound */
	struct mc_rtcp_sender_info sr;
	struct mc_rtcp_rb blocks[MC_RTCP_MAX_BLOCKS];
	uint32_t bye_ssrc[MC_RTCP_MAX_BLOCKS];
	uint32_t cname_ssrc;
	char cname[256];        /* NUL-terminated copy of the first CNAME */
};

/* Walk a compound packet with every bound checked. 0 or a negative mc_rtcp_err. */
int mc_rtcp_validate(const uint8_t *p, size_t len);

/* Validate, then fill *info. 0 or a negative mc_rtcp_err (info unusable then). */
int mc_rtcp_parse(const uint8_t *p, size_t len, struct mc_rtcp_info *info);

const char *mc_rtcp_err_name(int err);

/* Builders write one RTCP packet at buf and return its length in bytes, or -1 when
 * cap is too small or a count is out of range. Concatenate them for a compound. */
int mc_rtcp_build_rr(uint8_t *buf, size_t cap, uint32_t ssrc,
		     const struct mc_rtcp_rb *rb, unsigned n);
int mc_rtcp_build_sr(uint8_t *buf, size_t cap, uint32_t ssrc,
		     const struct mc_rtcp_sender_info *si,
		     const struct mc_rtcp_rb *rb, unsigned n);
int mc_rtcp_build_sdes_cname(uint8_t *buf, size_t cap, uint32_t ssrc,
			     const char *cname, size_t cname_len);
int mc_rtcp_build_bye(uint8_t *buf, size_t cap, const uint32_t *ssrc, unsigned n,
		      const char *reason, size_t reason_len);

#endif
