/* ARP (RFC 826) for the IPv4 addresses media-core owns: answer requests for
 * them, learn senders into the neighbour table, build the requests the table
 * asks for. Works on plain frame buffers so it runs without EAL. */
#ifndef MC_ARP_H
#define MC_ARP_H

#include <stdint.h>

#include <rte_ether.h>

#include "mc_drop.h"
#include "mc_ifaddr.h"
#include "mc_neigh.h"

enum mc_glue_verdict { MC_GLUE_DROP = 0, MC_GLUE_REPLY = 1, MC_GLUE_CONSUMED = 2 };

/* Ethernet header + Ethernet/IPv4 ARP body, and the minimum frame (no FCS). */
#define MC_ARP_FRAME_LEN (RTE_ETHER_HDR_LEN + 28)
#define MC_ETHER_MIN_FRAME 60

/* frame: whole Ethernet frame (no VLAN tag). ifa[]: the addresses of the port
 * the frame came in on. REPLY: the frame has been rewritten in place into the
 * ARP reply (same length), to be sent back out of the same port. The sender is
 * learnt into nt (created when the ARP targets one of our addresses and the
 * sender is on that address's subnet). Gratuitous ARPs from others update
 * existing entries and are CONSUMED; ARP probes (sender IP 0) for our address
 * are answered but not learnt; an ARP claiming one of our addresses from
 * another MAC is an address conflict: DROP ARP_INVALID, nothing learnt. On
 * DROP *why says why. */
enum mc_glue_verdict mc_arp_input(uint8_t *frame, uint16_t len, const struct mc_ifaddr *ifa,
				  unsigned n_ifa, struct mc_neigh_table *nt, uint64_t now_ms,
				  enum mc_drop_reason *why);

/* Build a request (broadcast, or unicast to `dst` when non-NULL) into buf;
 * returns the frame length (60: padded to the Ethernet minimum) or 0 if cap is
 * too small. */
uint16_t mc_arp_build_request(uint8_t *buf, uint16_t cap, const struct mc_ifaddr *ifa,
			      uint32_t target_ip, const struct rte_ether_addr *dst);

/* Gratuitous ARP: a broadcast request for our own address, sent at start so
 * neighbours and switches learn where the address lives. */
static inline uint16_t mc_arp_build_gratuitous(uint8_t *buf, uint16_t cap,
					       const struct mc_ifaddr *ifa)
{
	return mc_arp_build_request(buf, cap, ifa, ifa->ip, NULL);
}

#endif
