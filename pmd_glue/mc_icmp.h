/* ICMP echo (ping) for the IPv4 addresses media-core owns, so operators and
 * monitoring can check the media plane is alive. Everything else ICMP is
 * counted and dropped. */
#ifndef MC_ICMP_H
#define MC_ICMP_H

#include <stdint.h>

#include "mc_arp.h"
#include "mc_drop.h"

/* frame: whole Ethernet frame whose IPv4 header the caller has already
 * validated (mc_ipv4_check) and whose destination is one of ours. An echo
 * request is rewritten in place into the echo reply (MACs and IPs swapped,
 * type 0, ICMP checksum updated incrementally, TTL 64, IP checksum
 * recomputed): REPLY, same length, out of the same port. Truncated or bad
 * checksum: DROP ICMP_INVALID; other types: DROP ICMP_TYPE; broadcast or
 * multicast destination MAC or IP: DROP NOT_FOR_US (no smurf amplification). */
enum mc_glue_verdict mc_icmp_input(uint8_t *frame, uint16_t len, enum mc_drop_reason *why);

#endif
