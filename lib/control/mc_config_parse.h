/* Value parsers shared by the configuration loader; each returns 0 or -1 with a reason. */
#ifndef MC_CONFIG_PARSE_H
#define MC_CONFIG_PARSE_H

#include <stddef.h>
#include <stdint.h>

int mc_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out,
		  char *why, size_t whylen);
int mc_parse_ipv4(const char *s, uint32_t *ip_be, char *why, size_t whylen);
int mc_parse_ipv4_prefix(const char *s, uint32_t *ip_be, uint8_t *prefix,
			 char *why, size_t whylen);
int mc_parse_log_level(const char *s, int *level, char *why, size_t whylen);
/* "1,2,5" or "1-3" into lcore ids; returns the count or -1. */
int mc_parse_lcore_list(const char *s, unsigned *ids, unsigned max, char *why, size_t whylen);

/* A port's own address must be a unicast host address, not its subnet's network or
 * broadcast address. */
int mc_check_host_address(const char *text, uint32_t ip, uint8_t prefix,
			  char *why, size_t whylen);
/* Reads path line by line before rte_cfgfile does: rte_cfgfile skips a line without '=',
 * cuts long values and merges repeated sections without a word. */
int mc_config_scan(const char *path, char *err, size_t errlen);

#endif
