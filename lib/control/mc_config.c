#include "mc_config.h"
#include "mc_config_parse.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_cfgfile.h>
#include <rte_log.h>

#define MC_CFG_MAX_ENTRIES 64

const char mc_config_default_ini[] =
	"[general]\nlog_level = info\nidle_sleep_us = 100\n"
	"[lcores]\ncontrol = 0\nworkers = 1\n"
	"[mempool]\nmbufs = 8192\ncache = 256\n"
	"[media]\nport_min = 30000\nport_max = 39999\n"
	"[port0]\ndev = net_tap0,iface=mcA\naddress = 10.96.0.254/24\n"
	"[port1]\ndev = net_tap1,iface=mcB\naddress = 10.97.0.254/24\n";

static void set_defaults(struct mc_config *c)
{
	memset(c, 0, sizeof(*c));
	c->log_level = RTE_LOG_INFO;
	c->control_lcore = 0;
	c->n_workers = 1;
	c->worker_lcores[0] = 1;
	c->mbufs = 8192;
	c->mbuf_cache = 256;
	c->rx_desc = 1024;
	c->tx_desc = 1024;
	c->media_port_min = 30000;
	c->media_port_max = 39999;
	c->max_sessions = 16384;
	c->quarantine_ms = 2000;
	c->media_timeout_ms = 30000;
	c->mos_alarm_hold_ms = 10000;
}

int mc_config_apply_entry(struct mc_config *c, const char *sec, const char *key,
			  const char *val, char *why, size_t whylen);
int mc_config_check(struct mc_config *c, char *err, size_t errlen);
bool mc_config_section_known(const char *sec);

/* rte_cfgfile reads only files: the built-in default goes through an anonymous memory
 * file, so nothing is left on disk. */
static struct rte_cfgfile *load_default(void)
{
	struct rte_cfgfile *f = NULL;
	size_t len = strlen(mc_config_default_ini);
	int fd = memfd_create("mc-default-config", 0);
	char path[64];

	if (fd < 0)
		return NULL;
	if (write(fd, mc_config_default_ini, len) == (ssize_t)len) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		f = rte_cfgfile_load(path, 0);
	}
	close(fd);
	return f;
}

static int apply_override(struct rte_cfgfile *f, const char *ov, char *err, size_t errlen)
{
	char sec[64], key[64];
	const char *dot = strchr(ov, '.'), *eq = strchr(ov, '=');

	if (dot == NULL || eq == NULL || dot > eq || dot == ov || eq == dot + 1 ||
	    (size_t)(dot - ov) >= sizeof(sec) || (size_t)(eq - dot - 1) >= sizeof(key)) {
		snprintf(err, errlen, "--set '%s': expected section.key=value", ov);
		return -1;
	}
	if (strlen(eq + 1) >= CFG_VALUE_LEN) {
		snprintf(err, errlen, "--set '%.40s...': value too long (at most %d characters)",
			 ov, CFG_VALUE_LEN - 1);
		return -1;
	}
	snprintf(sec, sizeof(sec), "%.*s", (int)(dot - ov), ov);
	snprintf(key, sizeof(key), "%.*s", (int)(eq - dot - 1), dot + 1);
	if (!rte_cfgfile_has_section(f, sec) && rte_cfgfile_add_section(f, sec) < 0)
		goto fail;
	if (rte_cfgfile_has_entry(f, sec, key)) {
		if (rte_cfgfile_set_entry(f, sec, key, eq + 1) < 0)
			goto fail;
	} else if (rte_cfgfile_add_entry(f, sec, key, eq + 1) < 0) {
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "--set '%s': value too long or too many entries", ov);
	return -1;
}

static int walk(struct mc_config *c, struct rte_cfgfile *f, char *err, size_t errlen)
{
	int ns = rte_cfgfile_num_sections(f, "", 0);
	char names[ns > 0 ? ns : 1][CFG_NAME_LEN];
	char *secs[ns > 0 ? ns : 1];
	struct rte_cfgfile_entry ents[MC_CFG_MAX_ENTRIES];
	char why[200];

	for (int i = 0; i < ns; i++)
		secs[i] = names[i];
	rte_cfgfile_sections(f, secs, ns);
	for (int i = 0; i < ns; i++) {
		int ne = rte_cfgfile_section_entries(f, secs[i], ents, MC_CFG_MAX_ENTRIES);

		if (!mc_config_section_known(secs[i])) {
			snprintf(err, errlen, "config: [%s]: unknown section (general, lcores, "
				 "mempool, media, port*)", secs[i]);
			return -1;
		}
		if (ne < 0 || rte_cfgfile_section_num_entries(f, secs[i]) > MC_CFG_MAX_ENTRIES) {
			snprintf(err, errlen, "config: [%s]: too many entries", secs[i]);
			return -1;
		}
		for (int j = 0; j < ne; j++) {
			if (mc_config_apply_entry(c, secs[i], ents[j].name, ents[j].value,
						  why, sizeof(why)) < 0) {
				snprintf(err, errlen, "config: [%s] %s: %s", secs[i],
					 ents[j].name, why);
				return -1;
			}
		}
	}
	return 0;
}

int mc_config_load(struct mc_config *c, const char *path,
		   const char *const *overrides, unsigned n_overrides,
		   char *err, size_t errlen)
{
	struct rte_cfgfile *f;
	int rc = -1;

	set_defaults(c);
	if (path != NULL && mc_config_scan(path, err, errlen) < 0)
		return -1;
	f = path ? rte_cfgfile_load(path, 0) : load_default();
	if (f == NULL) {
		snprintf(err, errlen, "config: cannot read '%s' (missing, unreadable or not INI)",
			 path ? path : "built-in default");
		return -1;
	}
	for (unsigned i = 0; i < n_overrides; i++)
		if (apply_override(f, overrides[i], err, errlen) < 0)
			goto out;
	if (walk(c, f, err, errlen) < 0)
		goto out;
	rc = mc_config_check(c, err, errlen);
out:
	rte_cfgfile_close(f);
	return rc;
}
