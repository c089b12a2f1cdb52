#include "mc_app.h"

#include <stdio.h>
#include <string.h>

#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "mc_dp.h"
#include "mc_dp_session.h"
#include "mc_port.h"

int mc_app_check_lcores(const struct mc_config *cfg, char *err, size_t errlen)
{
	if (cfg->control_lcore != rte_get_main_lcore()) {
		snprintf(err, errlen, "config: [lcores] control: lcore %u is not the EAL main "
			 "lcore %u (first of -l, or --main-lcore)", cfg->control_lcore,
			 rte_get_main_lcore());
		return -1;
	}
	for (unsigned i = 0; i < cfg->n_workers; i++) {
		unsigned l = cfg->worker_lcores[i];

		if (l >= RTE_MAX_LCORE || !rte_lcore_is_enabled(l)) {
			snprintf(err, errlen, "config: [lcores] workers: lcore %u is not enabled "
				 "in EAL (-l/--lcores)", l);
			return -1;
		}
	}
	return 0;
}

static int add_port(const struct mc_port_conf *pc, char *err, size_t errlen)
{
	struct mc_dp_port *p = &mc_dp.ports[mc_dp.n_ports];
	struct rte_eth_dev_info info;
	char why[200];
	uint16_t id;

	if (mc_port_probe(pc->dev, &id, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "config: [%s] dev: %s", pc->name, why);
		return -1;
	}
	if (mc_dp.port_slot[id] >= 0) {
		snprintf(err, errlen, "config: [%s] dev: same device as [%s]", pc->name,
			 mc_dp.ports[mc_dp.port_slot[id]].name);
		return -1;
	}
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", pc->name);
	if (rte_eth_dev_info_get(id, &info) == 0)
		snprintf(p->driver, sizeof(p->driver), "%s", info.driver_name);
	p->ifa.port = id;
	rte_eth_macaddr_get(id, &p->ifa.mac);
	p->ifa.ip = pc->ip;
	p->ifa.prefix_len = pc->prefix_len;
	p->ifa.gateway = pc->gateway;
	mc_dp.port_slot[id] = (int8_t)mc_dp.n_ports++;
	return 0;
}

int mc_app_setup_dataplane(const struct mc_config *cfg, char *err, size_t errlen)
{
	char why[200];

	memset(mc_dp.port_slot, -1, sizeof(mc_dp.port_slot));
	mc_dp.pool = rte_pktmbuf_pool_create("mc_mbuf", cfg->mbufs, cfg->mbuf_cache, 0,
					     RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (mc_dp.pool == NULL) {
		snprintf(err, errlen, "config: [mempool] mbufs: cannot create a pool of %u mbufs "
			 "(%s); lower it or give EAL more memory (-m)", cfg->mbufs,
			 rte_strerror(rte_errno));
		return -1;
	}
	/* Before any worker: each queued mbuf carries its leg for the drops.tx count. */
	if (mc_tx_leg_register() < 0) {
		snprintf(err, errlen, "mbuf: cannot register the dynamic field %s (%s)",
			 MC_TX_LEG_FIELD, rte_strerror(rte_errno));
		return -1;
	}
	for (unsigned i = 0; i < cfg->n_ports; i++)
		if (add_port(&cfg->ports[i], err, errlen) < 0)
			return -1;
	mc_dp_set_media_range(cfg->media_port_min, cfg->media_port_max, cfg->n_workers);
	for (unsigned i = 0; i < cfg->n_workers; i++) {
		struct mc_worker *w = rte_zmalloc("mc_worker", sizeof(*w), RTE_CACHE_LINE_SIZE);
		uint16_t first, last;

		/* A session takes two RTP/RTCP port pairs of its worker's share. */
		mc_dp_port_share(i, &first, &last);
		if (w == NULL || (mc_dp.workers[i] = w,
				  mc_worker_init(w, i, cfg->worker_lcores[i], cfg->idle_sleep_us,
						 first, last, (last + 1u - first) / 4u)) < 0) {
			snprintf(err, errlen, "worker %u: cannot allocate rings/buffers", i);
			return -1;
		}
		mc_dp.n_workers = i + 1;
	}
	for (unsigned i = 0; i < mc_dp.n_ports; i++)
		if (mc_port_start(mc_dp.ports[i].ifa.port, (uint16_t)cfg->n_workers, mc_dp.pool,
				  cfg->rx_desc, cfg->tx_desc, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "config: [%s] dev: %s", mc_dp.ports[i].name, why);
			return -1;
		}
	return 0;
}

struct mc_worker *mc_app_launch_workers(void)
{
	struct mc_worker *shared = NULL;

	for (unsigned i = 0; i < mc_dp.n_workers; i++) {
		struct mc_worker *w = mc_dp.workers[i];

		if (w->lcore == rte_get_main_lcore())
			shared = w;
		else
			rte_eal_remote_launch(mc_worker_main, w, w->lcore);
	}
	return shared;
}

void mc_app_teardown(const struct mc_config *cfg)
{
	mc_dp.quit = true;
	rte_eal_mp_wait_lcore();
	for (unsigned i = 0; i < mc_dp.n_ports; i++)
		mc_port_stop(mc_dp.ports[i].ifa.port, cfg->ports[i].dev);
	for (unsigned i = 0; i < mc_dp.n_workers; i++) {
		mc_worker_free(mc_dp.workers[i]);
		rte_free(mc_dp.workers[i]);
	}
	rte_mempool_free(mc_dp.pool);
}
