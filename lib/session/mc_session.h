/* Sessions and legs. A session is created and destroyed by the control lcore, and lives
 * on exactly one worker, which owns its hot state (struct mc_leg_dp) from the moment it
 * receives MC_WCMD_ADD until it acknowledges MC_WCMD_DEL. The control lcore only reads
 * the worker-written counters (single writer, aligned 64-bit words) and changes a live
 * session by message (struct mc_wcmd), never by writing it. */
#ifndef MC_SESSION_H
#define MC_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ether.h>

#include "mc_quality.h"
#include "mc_quality_alarm.h"
#include "mc_rtcp_interval.h"
#include "mc_rtcp_xr.h"
#include "mc_rtp_rewrite.h"
#include "mc_rtp_stats.h"
#include "mc_tevent.h"

#define MC_SESSION_ID_MAX 64     /* printable characters */
#define MC_LEG_NAME_MAX 31
#define MC_LEGS_PER_SESSION 2
#define MC_CODECS_PER_LEG 12
#define MC_FMTP_MAX 95
#define MC_CODEC_NAME_MAX 23
#define MC_PT_NONE 0xff

struct mc_tc;

enum mc_direction { MC_DIR_SENDRECV, MC_DIR_SENDONLY, MC_DIR_RECVONLY, MC_DIR_INACTIVE };

/* Per-leg drop reasons (also summed into the engine's counters). Append only. */
enum mc_leg_drop {
	MC_LEG_DROP_WRONG_SOURCE,   /* not from the (latched) remote */
	MC_LEG_DROP_MALFORMED,      /* RTP or RTCP that fails validation */
	MC_LEG_DROP_DIRECTION,      /* direction forbids receiving from or sending to it */
	MC_LEG_DROP_NO_REMOTE,      /* the other leg has no remote (yet) */
	MC_LEG_DROP_NO_NEIGHBOR,    /* the other leg's next hop MAC is not resolved */
	MC_LEG_DROP_PAYLOAD_TYPE,   /* payload type not negotiated on this leg */
	MC_LEG_DROP_TX,             /* NIC refused it */
	MC_LEG_DROP_MAX
};
const char *mc_leg_drop_name(enum mc_leg_drop d);

struct mc_codec_ref {
	uint8_t pt;
	uint8_t channels;
	uint32_t rate;
	char name[MC_CODEC_NAME_MAX + 1];
	char fmtp[MC_FMTP_MAX + 1];
};

/* What the control API said about a leg (validated). */
struct mc_leg_conf {
	char name[MC_LEG_NAME_MAX + 1];
	uint8_t port_slot;          /* index in mc_dp.ports: the interface */
	bool has_remote;
	uint32_t remote_ip;         /* network byte order */
	uint16_t remote_port;       /* host order; RTCP at +1 unless rtcp_mux */
	bool latching;
	bool rtcp_mux;
	bool rewrite_ssrc;          /* packets sent to this leg get our SSRC, seq and ts */
	enum mc_direction direction;
	uint16_t ptime;             /* ms */
	uint8_t n_codecs;
	struct mc_codec_ref codecs[MC_CODECS_PER_LEG];
	int8_t chosen;              /* index into codecs: what media-core sends this leg */
	/* Transcoded legs: jitter buffer of what this leg's remote sends; off decodes on
	 * arrival, 0 bounds are the defaults. */
	bool jb_off;
	uint16_t jb_min_ms, jb_max_ms;
	/* Transcoded legs: AGC and noise suppression of what this leg's remote sends
	 * (lib/dsp mc_agc_ns.h; "audio" in the control API). */
	bool agc, ns;
	int8_t agc_target_dbfs;
	uint8_t agc_max_gain_db, ns_max_db;
};

/* Leg counters: written by the owning worker only. */
struct mc_leg_stats {
	uint64_t rx_packets, rx_bytes;
	/* Of what this leg received, what the relay sent to its peer: counted here, on the
	 * line the packet already brought into cache, and reported as the peer's tx
	 * (mc_leg_tx_packets). */
	uint64_t relayed_packets, relayed_bytes;
	uint64_t tx_packets, tx_bytes;  /* media-core's own sends: transcoded media, DTMF */
	uint64_t rtcp_rx, rtcp_tx;      /* duplicates, out of order: dp.rtp */
	uint64_t drops[MC_LEG_DROP_MAX];
	/* Transcoded legs only. Receive side (what this leg's remote sends us): jitter
	 * buffer depth (current/peak, ms), packets it released late or discarded for any
	 * reason, frames concealed, frames decoded and their cycles. Send side: frames
	 * encoded for this leg and their cycles. */
	uint64_t jb_depth_ms, jb_peak_ms, jb_late, jb_discarded, concealed;
	uint64_t decoded, decode_cycles, encoded, encode_cycles;
	uint64_t fec_recovered;     /* of the concealed: Opus frames decoded from the next
				     * packet (its in-band FEC when the sender put one in) */
};

/* The worker's hot state of a leg. Ordered by use, because with ten thousand sessions
 * the legs are not in cache and every line a packet touches is a miss: a relayed packet
 * reads and writes its leg's first two lines and the first line of its RFC 3550
 * statistics, and only reads its peer's first line (struct mc_leg puts `peer` in front
 * of line 0; the assertions after struct mc_leg hold the layout). */
struct mc_leg_dp {
	/* line 0 (after struct mc_leg's peer): addresses, flags, what classify and relay read */
	struct rte_ether_addr remote_mac;
	uint16_t eth_port;          /* DPDK port id of the interface */
	uint32_t local_ip;          /* network byte order */
	uint32_t remote_ip;         /* network byte order; 0 = unknown */
	uint16_t local_port;        /* host order, even; RTCP at +1 */
	uint16_t remote_port;       /* host order */
	uint16_t remote_rtcp_port;  /* host order */
	bool mac_valid;
	bool latching;
	bool latched;               /* RTP source fixed by the first valid packet */
	bool rtcp_latched;
	bool rtcp_mux;
	bool recv_ok;               /* direction lets the remote send to us */
	bool send_ok;               /* direction lets us send to the remote */
	bool rewrite;               /* rewrite SSRC/seq/ts of what we send to this leg */
	bool timed_out;             /* media timeout reported, until RTP resumes */
	/* RFC 4733 events the remote sends (telephone-event negotiated on this leg): each
	 * digit is reported once (MC_EV_DTMF) when its end arrives. */
	bool tevent;
	uint8_t tevent_pt;
	/* The last pt_out lookup, so that a stream of one payload type does not touch the
	 * 128-byte table; MC_PT_NONE in pt_last_in is empty (set by the worker on every
	 * ADD and UPDATE, which is where pt_out changes). */
	uint8_t pt_last_in, pt_last_out;
	uint32_t clock_rate;        /* of the chosen codec: RTP clock for jitter */
	/* Transcoded sessions: this leg's media towards its peer (lib/dataplane mc_tc.h),
	 * made and freed by the control lcore; NULL on relayed legs. */
	struct mc_tc *tc;
	uint64_t last_rx_tsc;
	/* line 1: the rewriter of what is sent to this leg, and the per-packet counters */
	struct mc_rtp_rewriter rw;  /* used when rewrite */
	struct mc_leg_stats st;     /* its first four counters are per packet */
	struct mc_tevent_rx tev;
	uint8_t rtp_align_[12];     /* puts rtp on a line of its own: resize when a field
				     * above changes (asserted after struct mc_leg) */
	struct mc_rtp_stats rtp;    /* RFC 3550 receive statistics of what this leg sends us;
				     * its first line is the per-packet part */
	uint8_t pt_out[128];        /* PT received on the peer -> PT sent here; MC_PT_NONE drops */
};

/* Quality monitoring and RTCP of a leg (lib/dataplane mc_q.h, mc_rtcp_tx.h): written by
 * the owning worker only, read by the control lcore like the counters. It starts zeroed
 * (the session pool hands out zeroed sessions) and the worker sets it up on first use. */
struct mc_leg_remote_view {     /* what the remote's RTCP says about the stream we send it */
	uint64_t reports;           /* report blocks about our stream */
	uint64_t sr_rx, bye_rx, xr_rx;
	uint8_t fraction_lost;      /* Q8, of the last report */
	int32_t cum_lost;
	uint32_t ext_high_seq;
	uint32_t jitter;            /* RTP timestamp units */
	double jitter_ms;
	double rtt_ms, rtt_min_ms, rtt_max_ms;  /* from LSR/DLSR; valid when rtt_samples */
	uint64_t rtt_samples;
	struct mc_xr_voip xr;       /* last VoIP Metrics block; valid when xr_rx */
};

#define MC_Q_SR_HIST 4
struct mc_q_sr {                /* an SR that went to the remote: its LSR key and when */
	uint32_t mid32;
	uint64_t us;
};

struct mc_rtcp_tx_state {       /* terminated legs: media-core is the RTP endpoint */
	bool on, bye_sent, sent_rtp, have_ts;
	uint32_t ssrc;              /* of the RTP media-core sends this leg */
	uint32_t last_ts;           /* RTP timestamp of the last packet sent, and when */
	uint64_t last_ts_us;
	uint64_t packets, octets;   /* RTP sent: the SR's counts */
	uint64_t reports, byes;     /* compounds sent */
	struct mc_rtcp_timer timer;
};

struct mc_leg_quality {
	bool inited;
	bool settling;              /* loss settling anchored on the current source */
	struct mc_quality_leg acc;  /* E-model of what the remote sends us */
	struct mc_quality_alarm alarm;
	uint64_t next_rate_tsc;
	uint32_t settle_next;       /* next extended sequence number to settle */
	uint32_t settle_ssrc;
	uint64_t settle_resyncs;
	uint64_t settled, settled_lost, unsettled;
	struct mc_leg_remote_view remote;
	struct mc_q_sr sr[MC_Q_SR_HIST];
	uint8_t sr_pos;
	uint64_t rtcp_bad[MC_RTCP_ERR_COUNT_];  /* malformed RTCP by mc_rtcp_err reason */
	struct mc_rtcp_tx_state tx;
	/* The RFC 3550 jitter estimate sampled by the sweep while media flows: its mean
	 * over the call, as RTP analysers report it. */
	double jitter_sum_ms;
	uint64_t jitter_samples, jitter_pkts;
	int16_t codec_pt;           /* chosen codec's PT when the E-model profile was set */
	uint16_t codec_ptime;
	struct mc_xr_burst xr_burst;/* RFC 3611 burst/gap figures of the settled frames */
};

struct mc_session;

struct mc_leg {
	/* Per packet first (see struct mc_leg_dp); the API's view of the leg last. */
	struct mc_leg *peer;
	struct mc_leg_dp dp;
	struct mc_session *session;
	uint8_t index;              /* within the session */
	struct mc_leg_quality q;    /* quality monitoring and RTCP (lib/dataplane mc_q.h) */
	struct mc_leg_conf conf;
} __rte_cache_aligned;

/* The lines a relayed packet touches (see struct mc_leg_dp). */
_Static_assert(offsetof(struct mc_leg, dp.last_rx_tsc) + 8 <= 64, "leg line 0 overflows");
_Static_assert(offsetof(struct mc_leg, dp.rw) == 64 &&
	       offsetof(struct mc_leg, dp.st.relayed_bytes) + 8 <= 128, "leg line 1 overflows");
_Static_assert(offsetof(struct mc_leg, dp.rtp) % 64 == 0, "rtp stats not line aligned");

enum mc_session_mode { MC_MODE_RELAY, MC_MODE_TRANSCODE };

struct mc_session {
	char id[MC_SESSION_ID_MAX + 1];
	enum mc_session_mode mode;
	uint8_t worker;             /* index of the owning worker */
	uint8_t n_legs;
	uint32_t media_timeout_ms;  /* 0: no timeout events */
	uint64_t created_ms;
	uint32_t slot;              /* index in the session pool */
	uint32_t generation;        /* bumps on reuse, so stale references are detectable */
	struct mc_leg legs[MC_LEGS_PER_SESSION];
};

/* What was sent to a leg: media-core's own sends and what the relay forwarded from the
 * peer (counted on the peer, struct mc_leg_stats). */
static inline uint64_t mc_leg_tx_packets(const struct mc_leg *leg)
{
	return leg->dp.st.tx_packets + (leg->peer ? leg->peer->dp.st.relayed_packets : 0);
}

static inline uint64_t mc_leg_tx_bytes(const struct mc_leg *leg)
{
	return leg->dp.st.tx_bytes + (leg->peer ? leg->peer->dp.st.relayed_bytes : 0);
}

const char *mc_direction_name(enum mc_direction d);
/* Sets recv_ok/send_ok from a direction (what the remote sends and receives). */
void mc_direction_apply(struct mc_leg_dp *dp, enum mc_direction d);

#endif
