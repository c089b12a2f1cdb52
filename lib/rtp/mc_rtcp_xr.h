/* RTCP Extended Reports (RFC 3611): the VoIP Metrics block (BT=7), Receiver
 * Reference Time (BT=4) and DLRR (BT=5) for round-trip time on XR, and the
 * burst/gap tracker of RFC 3611 Appendix A that fills the VoIP loss figures.
 * Plain buffers, no allocation. */
#ifndef MC_RTCP_XR_H
#define MC_RTCP_XR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MC_XR_BT_RRT 4
#define MC_XR_BT_DLRR 5
#define MC_XR_BT_VOIP 7
#define MC_XR_RRT_LEN 12   /* block header + NTP timestamp */
#define MC_XR_DLRR_ITEM 12 /* SSRC, LRR, DLRR */
#define MC_XR_VOIP_LEN 36  /* block header + 32 bytes */
#define MC_XR_UNAVAILABLE 127 /* signal/noise/RERL, R factors, MOS: not measured */
#define MC_XR_GMIN 16         /* RFC 3611 recommended Gmin */
#define MC_XR_MAX_VOIP 4
#define MC_XR_MAX_DLRR 8

/* Why an XR packet was refused. Distinct from enum mc_rtcp_err (which the
 * compound parser may also return), so one int carries either. */
enum mc_xr_err {
	MC_XR_OK = 0,
	MC_XR_ERR_SHORT = -32,   /* under 8 bytes, or its length field is not len */
	MC_XR_ERR_VERSION = -33, /* version is not 2 */
	MC_XR_ERR_PT = -34,      /* packet type is not 207 */
	MC_XR_ERR_PADDING = -35, /* padding count 0 or beyond the packet */
	MC_XR_ERR_BLOCK = -36,   /* a block header or its length runs past the packet */
	MC_XR_ERR_RRT_LEN = -37, /* RRT block length is not 2 words */
	MC_XR_ERR_DLRR_LEN = -38,/* DLRR block length not a multiple of 3 words */
	MC_XR_ERR_VOIP_LEN = -39,/* VoIP Metrics block length is not 8 words */
};

/* RX config (RFC 3611 4.7.7): PLC in bits 7-6, jitter buffer adaptive in 5-4,
 * jitter buffer rate in 3-0. */
#define MC_XR_PLC_UNSPEC 0
#define MC_XR_PLC_DISABLED 1
#define MC_XR_PLC_ENHANCED 2
#define MC_XR_PLC_STANDARD 3
#define MC_XR_JBA_UNKNOWN 0
#define MC_XR_JBA_FIXED 2
#define MC_XR_JBA_ADAPTIVE 3

static inline uint8_t mc_xr_rx_config(unsigned plc, unsigned jba, unsigned jb_rate)
{
	return (uint8_t)((plc & 3) << 6 | (jba & 3) << 4 | (jb_rate & 15));
}

/* VoIP Metrics report block, fields as on the wire (RFC 3611 4.7). Rates and
 * densities are fractions x 256; durations and delays in ms; levels in dB
 * (signed), 127 = unavailable; MOS x 10 (10..50), 127 = unavailable. */
struct mc_xr_voip {
	uint32_t ssrc;              /* the source reported on */
	uint8_t loss_rate, discard_rate, burst_density, gap_density;
	uint16_t burst_duration, gap_duration;
	uint16_t round_trip_delay, end_system_delay;
	int8_t signal_level, noise_level;
	uint8_t rerl, gmin;
	uint8_t r_factor, ext_r_factor, mos_lq, mos_cq;
	uint8_t rx_config;
	uint16_t jb_nominal, jb_max, jb_abs_max;
};

struct mc_xr_dlrr {
	uint32_t ssrc; /* the receiver whose RRT block this answers */
	uint32_t lrr;  /* middle 32 bits of that RRT's NTP time */
	uint32_t dlrr; /* delay since, 1/65536 s */
};

struct mc_rtcp_xr_info {
	uint32_t sender_ssrc;   /* of the (last) XR packet */
	uint8_t n_packets;      /* XR packets seen */
	uint8_t has_rrt;
	uint8_t n_voip, n_dlrr;
	uint16_t n_unknown;     /* blocks of other types, skipped */
	uint16_t n_dropped;     /* VoIP or DLRR entries beyond the arrays */
	uint64_t rrt_ntp;
	struct mc_xr_voip voip[MC_XR_MAX_VOIP];
	struct mc_xr_dlrr dlrr[MC_XR_MAX_DLRR];
};

/* Parse one XR packet of exactly len bytes (header included). Clears *xr
 * first. 0 or a negative enum mc_xr_err. */
int mc_rtcp_xr_parse(const uint8_t *p, size_t len, struct mc_rtcp_xr_info *xr);

/* Validate a compound (mc_rtcp_validate) and parse every XR packet in it into
 * *xr (n_packets 0 when there is none). 0, a negative enum mc_rtcp_err, or a
 * negative enum mc_xr_err; on an error *xr is unusable. */
int mc_rtcp_xr_parse_compound(const uint8_t *p, size_t len, struct mc_rtcp_xr_info *xr);

/* Name for either error enum ("xr_voip_len", or mc_rtcp_err_name's). */
const char *mc_rtcp_xr_err_name(int err);

/* Building: begin, add blocks, end. Any add that does not fit sets failed and
 * the packet is abandoned; end then returns -1. */
struct mc_rtcp_xr_writer {
	uint8_t *buf;
	size_t cap;
	size_t len;
	bool failed;
};

void mc_rtcp_xr_begin(struct mc_rtcp_xr_writer *w, uint8_t *buf, size_t cap, uint32_t ssrc);
void mc_rtcp_xr_add_rrt(struct mc_rtcp_xr_writer *w, uint64_t ntp);
void mc_rtcp_xr_add_dlrr(struct mc_rtcp_xr_writer *w, const struct mc_xr_dlrr *d, unsigned n);
void mc_rtcp_xr_add_voip(struct mc_rtcp_xr_writer *w, const struct mc_xr_voip *v);
/* Writes the length field; returns the packet length in bytes, or -1. */
int mc_rtcp_xr_end(struct mc_rtcp_xr_writer *w);

/* Round trip from a DLRR entry (RFC 3611 4.5, as RFC 3550 6.4.1): the middle
 * 32 bits of the arrival NTP time minus LRR minus DLRR, in 1/65536 s; -1 when
 * LRR is 0 (no RRT seen) or the result would be negative (clock trouble). */
int64_t mc_rtcp_xr_rtt(uint32_t arrival_mid32, uint32_t lrr, uint32_t dlrr);

/* Burst/gap tracker (RFC 3611 4.7.2 and Appendix A): a burst is the longest run
 * that starts and ends with a lost or discarded packet and holds no Gmin or
 * more consecutive received packets; everything else is gap. A lone loss with
 * Gmin or more received packets on both sides is a gap loss (Appendix A's
 * isolated-loss state). Fed per packet in sequence order. */
enum mc_xr_pkt {
	MC_XR_PKT_RECEIVED = 0,
	MC_XR_PKT_LOST,
	MC_XR_PKT_DISCARDED,   /* arrived, but too late or early for the jitter buffer */
};

struct mc_xr_burst {
	uint16_t gmin;
	uint16_t pkt_ms;         /* packet interval, for durations */
	uint32_t expected, lost, discarded;
	uint32_t pkt;            /* received since the last loss of an open candidate */
	uint32_t cand_lost;      /* losses in the open candidate burst (0: none) */
	uint32_t cand_len;       /* its packets, first loss to last loss */
	uint32_t burst_count, burst_pkts, burst_lost;
	uint32_t gap_count, gap_pkts, gap_lost;
	bool last_in_gap;        /* the latest classified packet was in a gap */
};

void mc_xr_burst_init(struct mc_xr_burst *t, unsigned gmin, unsigned pkt_ms);
void mc_xr_burst_packet(struct mc_xr_burst *t, enum mc_xr_pkt what);

/* Fill loss/discard rates, burst/gap density and duration and Gmin of *v as of
 * now. A candidate still open counts as a burst if it already holds two or
 * more losses, else as a gap loss; received packets after it as gap. The
 * tracker is not changed. Other fields of *v are left alone. */
void mc_xr_burst_fill(const struct mc_xr_burst *t, struct mc_xr_voip *v);

#endif
