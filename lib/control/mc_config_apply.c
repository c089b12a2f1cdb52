/* One key of one section into struct mc_config. Unknown sections and keys are errors:
 * a typo in an operator's file must not silently fall back to a default. */
#include "mc_config.h"
#include "mc_config_parse.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mc_config_apply_entry(struct mc_config *c, const char *sec, const char *key,
			  const char *val, char *why, size_t whylen);
bool mc_config_section_known(const char *sec);

#define KEY(k) (strcmp(key, (k)) == 0)

static int uint_key(const char *val, unsigned long min, unsigned long max,
		    unsigned long *v, char *why, size_t whylen)
{
	return mc_parse_uint(val, min, max, v, why, whylen);
}

static struct mc_port_conf *port_for(struct mc_config *c, const char *sec,
				     char *why, size_t whylen)
{
	for (unsigned i = 0; i < c->n_ports; i++)
		if (strcmp(c->ports[i].name, sec) == 0)
			return &c->ports[i];
	if (c->n_ports == MC_MAX_PORTS) {
		snprintf(why, whylen, "more than %d ports", MC_MAX_PORTS);
		return NULL;
	}
	if (strlen(sec) >= MC_PORT_NAME_LEN) {
		snprintf(why, whylen, "port name longer than %d", MC_PORT_NAME_LEN - 1);
		return NULL;
	}
	strcpy(c->ports[c->n_ports].name, sec);
	return &c->ports[c->n_ports++];
}

static int port_entry(struct mc_config *c, const char *sec, const char *key,
		      const char *val, char *why, size_t whylen)
{
	struct mc_port_conf *p = port_for(c, sec, why, whylen);

	if (p == NULL)
		return -1;
	if (KEY("dev")) {
		if (*val == '\0' || strlen(val) >= MC_DEV_LEN) {
			snprintf(why, whylen, "must be a PCI address or a vdev spec");
			return -1;
		}
		strcpy(p->dev, val);
		return 0;
	}
	if (KEY("address"))
		return mc_parse_ipv4_prefix(val, &p->ip, &p->prefix_len, why, whylen) < 0 ? -1 :
		       mc_check_host_address(val, p->ip, p->prefix_len, why, whylen);
	if (KEY("gateway"))
		return mc_parse_ipv4(val, &p->gateway, why, whylen);
	snprintf(why, whylen, "unknown key (dev, address, gateway)");
	return -1;
}

/* Sizes of the session state: the pool costs about 6.5 KB per session (untouched pages
 * are free), and a timeout or quarantine beyond a day is surely a typo. */
static int media_u32(struct mc_config *c, const char *key, const char *val,
		     char *why, size_t whylen)
{
	unsigned long v;

	if (KEY("max_sessions")) {
		if (uint_key(val, 1, 262144, &v, why, whylen) < 0)
			return -1;
		c->max_sessions = (uint32_t)v;
		return 0;
	}
	if (uint_key(val, 0, 86400000, &v, why, whylen) < 0)
		return -1;
	*(KEY("quarantine_ms") ? &c->quarantine_ms : &c->media_timeout_ms) = (uint32_t)v;
	return 0;
}

/* Quality monitoring: the alarm's MOS threshold (a decimal, 0 disables it), its hold
 * time, and XR in the RTCP media-core sends itself. */
static int media_quality(struct mc_config *c, const char *key, const char *val,
			 char *why, size_t whylen)
{
	unsigned long v;
	char *end;

	if (KEY("mos_alarm_threshold")) {
		double d = strtod(val, &end);

		if (end == val || *end != '\0' || !(d == 0 || (d >= 1 && d <= 4.5))) {
			snprintf(why, whylen, "must be a MOS in 1..4.5, or 0 (no alarm)");
			return -1;
		}
		c->mos_alarm_threshold = d;
		return 0;
	}
	if (KEY("rtcp_xr")) {
		if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0) {
			snprintf(why, whylen, "must be yes or no");
			return -1;
		}
		c->rtcp_xr = strcmp(val, "yes") == 0;
		return 0;
	}
	if (uint_key(val, 0, 86400000, &v, why, whylen) < 0)
		return -1;
	c->mos_alarm_hold_ms = (uint32_t)v;
	return 0;
}

bool mc_config_section_known(const char *sec)
{
	return strncmp(sec, "port", 4) == 0 || strcmp(sec, "general") == 0 ||
	       strcmp(sec, "lcores") == 0 || strcmp(sec, "mempool") == 0 ||
	       strcmp(sec, "media") == 0;
}

int mc_config_apply_entry(struct mc_config *c, const char *sec, const char *key,
			  const char *val, char *why, size_t whylen)
{
	unsigned long v;
	int n;

	if (strncmp(sec, "port", 4) == 0)
		return port_entry(c, sec, key, val, why, whylen);
	if (strcmp(sec, "general") == 0) {
		if (KEY("log_level"))
			return mc_parse_log_level(val, &c->log_level, why, whylen);
		if (KEY("idle_sleep_us")) {
			if (uint_key(val, 0, 100000, &v, why, whylen) < 0)
				return -1;
			c->idle_sleep_us = (uint32_t)v;
			return 0;
		}
	} else if (strcmp(sec, "lcores") == 0) {
		if (KEY("control")) {
			if (uint_key(val, 0, 1023, &v, why, whylen) < 0)
				return -1;
			c->control_lcore = (unsigned)v;
			return 0;
		}
		if (KEY("workers")) {
			n = mc_parse_lcore_list(val, c->worker_lcores, MC_MAX_WORKERS, why, whylen);
			if (n < 0)
				return -1;
			c->n_workers = (unsigned)n;
			return 0;
		}
	} else if (strcmp(sec, "mempool") == 0) {
		if (KEY("mbufs")) {
			if (uint_key(val, 1024, 16u << 20, &v, why, whylen) < 0)
				return -1;
			c->mbufs = (unsigned)v;
			return 0;
		}
		if (KEY("cache")) {
			if (uint_key(val, 0, 512, &v, why, whylen) < 0)
				return -1;
			c->mbuf_cache = (unsigned)v;
			return 0;
		}
		if (KEY("rx_desc") || KEY("tx_desc")) {
			if (uint_key(val, 64, 4096, &v, why, whylen) < 0)
				return -1;
			*(KEY("rx_desc") ? &c->rx_desc : &c->tx_desc) = (uint16_t)v;
			return 0;
		}
	} else if (strcmp(sec, "media") == 0) {
		if (KEY("port_min") || KEY("port_max")) {
			if (uint_key(val, 1024, 65535, &v, why, whylen) < 0)
				return -1;
			*(KEY("port_min") ? &c->media_port_min : &c->media_port_max) = (uint16_t)v;
			return 0;
		}
		if (KEY("max_sessions") || KEY("quarantine_ms") || KEY("media_timeout_ms"))
			return media_u32(c, key, val, why, whylen);
		if (KEY("mos_alarm_threshold") || KEY("mos_alarm_hold_ms") || KEY("rtcp_xr"))
			return media_quality(c, key, val, why, whylen);
	} else {
		snprintf(why, whylen, "unknown section (general, lcores, mempool, media, port*)");
		return -1;
	}
	snprintf(why, whylen, "unknown key");
	return -1;
}
