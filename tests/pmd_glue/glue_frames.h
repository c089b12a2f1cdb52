/* Frame builders and a reference Internet checksum for the pmd_glue tests.
 * Everything is written byte by byte, independently of the DPDK structs the
 * code under test uses, so a layout mistake there cannot hide here. */
#ifndef GLUE_FRAMES_H
#define GLUE_FRAMES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* a.b.c.d as it sits in memory (network byte order) */
static inline uint32_t ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	uint8_t bytes[4] = { a, b, c, d };
	uint32_t v;

	memcpy(&v, bytes, 4);
	return v;
}

/* RFC 1071 over big-endian words, odd byte padded with zero. Returns the
 * checksum to store; over a region that includes a correct checksum it is 0. */
static inline uint16_t ref_cksum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline void put_eth(uint8_t *f, const uint8_t dst[6], const uint8_t src[6], uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	put16(f + 12, type);
}

/* Ethernet/IPv4 ARP frame padded to 60 bytes with 0xa5 so padding that the
 * code must leave alone is recognisable. */
static inline uint16_t build_arp(uint8_t *f, uint16_t op, const uint8_t eth_dst[6],
				 const uint8_t sha[6], uint32_t sip, const uint8_t tha[6],
				 uint32_t tip)
{
	memset(f, 0xa5, 60);
	put_eth(f, eth_dst, sha, 0x0806);
	put16(f + 14, 1);
	put16(f + 16, 0x0800);
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, op);
	memcpy(f + 22, sha, 6);
	memcpy(f + 28, &sip, 4);
	memcpy(f + 32, tha, 6);
	memcpy(f + 38, &tip, 4);
	return 60;
}

/* IPv4 header at p: ihl_words 5.., total length tot, checksum filled in. */
static inline void build_ipv4(uint8_t *p, uint8_t ihl_words, uint16_t tot, uint16_t frag,
			      uint8_t proto, uint32_t src, uint32_t dst)
{
	memset(p, 0, (size_t)ihl_words * 4);
	p[0] = (uint8_t)(0x40 | ihl_words);
	p[1] = 0x10; /* TOS, to see that it survives */
	put16(p + 2, tot);
	put16(p + 4, 0x1234);
	put16(p + 6, frag);
	p[8] = 17; /* TTL, so a reset to 64 shows */
	p[9] = proto;
	memcpy(p + 12, &src, 4);
	memcpy(p + 16, &dst, 4);
	for (unsigned i = 20; i < (unsigned)ihl_words * 4; i++)
		p[i] = 1; /* NOP options */
	put16(p + 10, ref_cksum(p, (size_t)ihl_words * 4));
}

/* Ethernet + IPv4 (ihl_words) + ICMP type/code/id/seq + payload of plen bytes
 * (a pattern), padded to 60. Returns the frame length. */
static inline uint16_t build_icmp(uint8_t *f, const uint8_t eth_dst[6], const uint8_t eth_src[6],
				  uint32_t src, uint32_t dst, uint8_t ihl_words, uint8_t type,
				  uint16_t id, uint16_t seq, uint16_t plen)
{
	uint16_t ihl = (uint16_t)(ihl_words * 4);
	uint16_t tot = (uint16_t)(ihl + 8 + plen);
	uint8_t *icmp = f + 14 + ihl;
	uint16_t len = (uint16_t)(14 + tot);

	memset(f, 0xa5, len < 60 ? 60 : len);
	put_eth(f, eth_dst, eth_src, 0x0800);
	build_ipv4(f + 14, ihl_words, tot, 0x4000, 1, src, dst);
	icmp[0] = type;
	icmp[1] = 0;
	put16(icmp + 2, 0);
	put16(icmp + 4, id);
	put16(icmp + 6, seq);
	for (uint16_t i = 0; i < plen; i++)
		icmp[8 + i] = (uint8_t)(i * 7 + 3);
	put16(icmp + 2, ref_cksum(icmp, (size_t)8 + plen));
	return len < 60 ? 60 : len;
}

#endif
