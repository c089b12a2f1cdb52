/* The IPv4 header validation the worker applies to every packet before
 * looking any further (RFC 1122 3.2.1 minus options processing). */
#ifndef MC_IPV4_CHECK_H
#define MC_IPV4_CHECK_H

#include <stdint.h>

#include "mc_drop.h"

/* Validates the IPv4 header at l3 (len bytes available after the Ethernet
 * header): version 4, IHL >= 5 and within len, total length >= IHL*4 and <= len,
 * header checksum correct -> MC_DROP_IP_HEADER; a fragment (MF set or offset
 * != 0) -> MC_DROP_IP_FRAGMENT. Returns 0 when valid, else the (nonzero) drop
 * reason, also stored in *why. Bytes past the total length (Ethernet padding)
 * are allowed. */
int mc_ipv4_check(const uint8_t *l3, uint16_t len, enum mc_drop_reason *why);

#endif
