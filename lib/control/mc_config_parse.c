#include "mc_config_parse.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rte_log.h>

int mc_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out,
		  char *why, size_t whylen)
{
	char *end;
	unsigned long v;

	if (*s == '\0' || !isdigit((unsigned char)*s)) {
		snprintf(why, whylen, "'%s' is not a number", s);
		return -1;
	}
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0') {
		snprintf(why, whylen, "'%s' is not a number", s);
		return -1;
	}
	if (v < min || v > max) {
		snprintf(why, whylen, "%lu out of range %lu..%lu", v, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int mc_parse_ipv4(const char *s, uint32_t *ip_be, char *why, size_t whylen)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		snprintf(why, whylen, "'%s' is not an IPv4 address", s);
		return -1;
	}
	*ip_be = a.s_addr;
	return 0;
}

int mc_parse_ipv4_prefix(const char *s, uint32_t *ip_be, uint8_t *prefix,
			 char *why, size_t whylen)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	unsigned long len;
	size_t n;

	if (slash == NULL) {
		snprintf(why, whylen, "'%s' needs a prefix length (a.b.c.d/len)", s);
		return -1;
	}
	n = (size_t)(slash - s);
	if (n >= sizeof(buf)) {
		snprintf(why, whylen, "'%s' is not an IPv4 address/prefix", s);
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (mc_parse_ipv4(buf, ip_be, why, whylen) < 0)
		return -1;
	if (mc_parse_uint(slash + 1, 1, 32, &len, why, whylen) < 0) {
		snprintf(why, whylen, "'%s': prefix length must be 1..32", s);
		return -1;
	}
	*prefix = (uint8_t)len;
	return 0;
}

int mc_parse_log_level(const char *s, int *level, char *why, size_t whylen)
{
	static const char *const names[] = { "emerg", "alert", "crit", "err",
					     "warning", "notice", "info", "debug" };

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(s, names[i]) == 0) {
			*level = (int)(RTE_LOG_EMERG + i);
			return 0;
		}
	}
	snprintf(why, whylen, "'%s' is not one of emerg alert crit err warning notice info debug", s);
	return -1;
}

int mc_parse_lcore_list(const char *s, unsigned *ids, unsigned max, char *why, size_t whylen)
{
	char buf[256], *tok, *next;
	unsigned n = 0;

	if (strlen(s) >= sizeof(buf) || *s == '\0') {
		snprintf(why, whylen, "'%s' is not a list of lcore ids", s);
		return -1;
	}
	strcpy(buf, s);
	/* Split by hand: strtok would merge empty fields and accept "1,,2". */
	for (tok = buf; tok != NULL; tok = next) {
		unsigned long lo, hi;
		char *dash;

		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		while (isspace((unsigned char)*tok))
			tok++;
		if (*tok == '\0') {
			snprintf(why, whylen, "'%s' is not a list of lcore ids (empty entry)", s);
			return -1;
		}
		dash = strchr(tok, '-');
		if (dash)
			*dash = '\0';
		if (mc_parse_uint(tok, 0, 1023, &lo, why, whylen) < 0)
			return -1;
		hi = lo;
		if (dash && mc_parse_uint(dash + 1, lo, 1023, &hi, why, whylen) < 0)
			return -1;
		for (unsigned long v = lo; v <= hi; v++) {
			for (unsigned i = 0; i < n; i++)
				if (ids[i] == v) {
					snprintf(why, whylen, "lcore %lu listed twice", v);
					return -1;
				}
			if (n == max) {
				snprintf(why, whylen, "more than %u lcores", max);
				return -1;
			}
			ids[n++] = (unsigned)v;
		}
	}
	return (int)n;
}
