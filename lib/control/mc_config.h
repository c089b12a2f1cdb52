/* media-core configuration: an INI file (rte_cfgfile) plus "section.key=value" overrides
 * from the command line. Validated completely before anything is started, so a mistake
 * stops start-up with a message naming the section, key and reason. */
#ifndef MC_CONFIG_H
#define MC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mc_limits.h"

#define MC_DEV_LEN 256

struct mc_port_conf {
	char name[MC_PORT_NAME_LEN];  /* section name, e.g. "port0"; what the API calls it */
	char dev[MC_DEV_LEN];         /* vdev spec "net_tap0,iface=mcA" or PCI address */
	uint32_t ip;                  /* network byte order */
	uint8_t prefix_len;
	uint32_t gateway;             /* network byte order, 0 when none */
};

struct mc_config {
	int log_level;                /* RTE_LOG_* */
	uint32_t idle_sleep_us;       /* 0: busy poll (production) */
	unsigned control_lcore;
	unsigned n_workers;
	unsigned worker_lcores[MC_MAX_WORKERS];
	unsigned mbufs;
	unsigned mbuf_cache;
	uint16_t rx_desc;
	uint16_t tx_desc;
	uint16_t media_port_min;
	uint16_t media_port_max;
	uint32_t max_sessions;        /* [media] session pool size */
	uint32_t quarantine_ms;       /* [media] a freed port pair is not reused before this */
	uint32_t media_timeout_ms;    /* [media] default of sessions; 0: no timeout events */
	double mos_alarm_threshold;   /* [media] quality alarm under this MOS; 0: no alarm */
	uint32_t mos_alarm_hold_ms;   /* [media] ... for this long (and as long to clear) */
	bool rtcp_xr;                 /* [media] XR VoIP Metrics in media-core's own RTCP */
	unsigned n_ports;
	struct mc_port_conf ports[MC_MAX_PORTS];
};

/* Loads path (or the built-in lab default when path is NULL), applies overrides, validates.
 * Returns 0, or -1 with a message in err. */
int mc_config_load(struct mc_config *cfg, const char *path,
		   const char *const *overrides, unsigned n_overrides,
		   char *err, size_t errlen);

/* The configuration used when no --config is given: two tap ports (no NIC needed). */
extern const char mc_config_default_ini[];

#endif
