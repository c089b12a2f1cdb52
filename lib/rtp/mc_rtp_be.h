/* Big-endian field access on unaligned packet bytes. lib/rtp may not use DPDK's
 * rte_byteorder, and RTP fields after CSRCs/extensions are not aligned; the compiler
 * turns these shifts into single loads plus bswap. */
#ifndef MC_RTP_BE_H
#define MC_RTP_BE_H

#include <stdint.h>

static inline uint16_t mc_rd16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t mc_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void mc_wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void mc_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
