/* Why a packet was dropped. One counter per reason per lcore; the names are what
 * /mc/stats and mcctl show, so they are part of the control API. Append only. */
#ifndef MC_DROP_H
#define MC_DROP_H

enum mc_drop_reason {
	MC_DROP_RUNT,          /* shorter than an Ethernet header */
	MC_DROP_ETHERTYPE,     /* neither IPv4 nor ARP (IPv6 not yet served) */
	MC_DROP_NOT_FOR_US,    /* destination MAC or IP not one of ours */
	MC_DROP_IP_HEADER,     /* bad version, IHL, total length or checksum */
	MC_DROP_IP_FRAGMENT,   /* media-core does not reassemble */
	MC_DROP_IP_PROTO,      /* neither UDP nor ICMP */
	MC_DROP_UDP_HEADER,    /* UDP length disagrees with the IP packet */
	MC_DROP_NO_SESSION,    /* UDP to a port no leg owns */
	MC_DROP_ARP_INVALID,   /* malformed or not Ethernet/IPv4 ARP */
	MC_DROP_ARP_NOT_OURS,  /* ARP about an address we do not own (after learning) */
	MC_DROP_ICMP_INVALID,  /* truncated or bad checksum */
	MC_DROP_ICMP_TYPE,     /* anything but echo request */
	MC_DROP_EXCEPTION_FULL,/* exception ring to the control lcore full */
	MC_DROP_TX_FULL,       /* NIC did not take the packet */
	MC_DROP_NO_NEIGHBOR,   /* next hop not resolved */
	MC_DROP_NO_MBUF,       /* mempool empty when a packet had to be built */
	MC_DROP_WRONG_SOURCE,  /* media not from the leg's (latched) remote */
	MC_DROP_RTP_MALFORMED, /* RTP that fails validation (lib/rtp mc_rtp_parse) */
	MC_DROP_RTCP_MALFORMED,/* RTCP that fails validation (mc_rtcp_validate) */
	MC_DROP_DIRECTION,     /* the legs' directions forbid this flow */
	MC_DROP_NO_REMOTE,     /* the other leg has no remote address yet */
	MC_DROP_PAYLOAD_TYPE,  /* payload type not negotiated on the other leg */
	MC_DROP_HANDOFF_FULL,  /* ring to the worker that owns the port full */
	MC_DROP_REASON_MAX
};

static inline const char *mc_drop_reason_name(enum mc_drop_reason r)
{
	static const char *const names[MC_DROP_REASON_MAX] = {
		[MC_DROP_RUNT] = "runt",
		[MC_DROP_ETHERTYPE] = "ethertype",
		[MC_DROP_NOT_FOR_US] = "not_for_us",
		[MC_DROP_IP_HEADER] = "ip_header",
		[MC_DROP_IP_FRAGMENT] = "ip_fragment",
		[MC_DROP_IP_PROTO] = "ip_proto",
		[MC_DROP_UDP_HEADER] = "udp_header",
		[MC_DROP_NO_SESSION] = "no_session",
		[MC_DROP_ARP_INVALID] = "arp_invalid",
		[MC_DROP_ARP_NOT_OURS] = "arp_not_ours",
		[MC_DROP_ICMP_INVALID] = "icmp_invalid",
		[MC_DROP_ICMP_TYPE] = "icmp_type",
		[MC_DROP_EXCEPTION_FULL] = "exception_full",
		[MC_DROP_TX_FULL] = "tx_full",
		[MC_DROP_NO_NEIGHBOR] = "no_neighbor",
		[MC_DROP_NO_MBUF] = "no_mbuf",
		[MC_DROP_WRONG_SOURCE] = "wrong_source",
		[MC_DROP_RTP_MALFORMED] = "rtp_malformed",
		[MC_DROP_RTCP_MALFORMED] = "rtcp_malformed",
		[MC_DROP_DIRECTION] = "direction",
		[MC_DROP_NO_REMOTE] = "no_remote",
		[MC_DROP_PAYLOAD_TYPE] = "payload_type",
		[MC_DROP_HANDOFF_FULL] = "handoff_full",
	};
	return (unsigned)r < MC_DROP_REASON_MAX ? names[r] : "unknown";
}

#endif
