#include "mc_port.h"

#include <stdio.h>
#include <string.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_log.h>

static void dev_name(const char *dev, char *name, size_t len)
{
	size_t n = strcspn(dev, ",");

	snprintf(name, len, "%.*s", (int)n, dev);
}

int mc_port_probe(const char *dev, uint16_t *port, char *err, size_t errlen)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	int rc;

	dev_name(dev, name, sizeof(name));
	if (rte_eth_dev_get_port_by_name(name, port) == 0)
		return 0;     /* probed by EAL (-a / --vdev) */
	rc = rte_dev_probe(dev);
	if (rc < 0) {
		snprintf(err, errlen, "cannot probe '%s': %s", dev, strerror(-rc));
		return -1;
	}
	if (rte_eth_dev_get_port_by_name(name, port) != 0) {
		snprintf(err, errlen, "'%s' probed but is not an ethernet port", dev);
		return -1;
	}
	return 0;
}

int mc_port_start(uint16_t port, uint16_t nb_queues, struct rte_mempool *pool,
		  uint16_t rx_desc, uint16_t tx_desc, char *err, size_t errlen)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	int socket = rte_eth_dev_socket_id(port);
	int rc;

	memset(&conf, 0, sizeof(conf));
	rc = rte_eth_dev_info_get(port, &info);
	if (rc == 0 && (info.max_rx_queues < nb_queues || info.max_tx_queues < nb_queues)) {
		snprintf(err, errlen, "port %u (%s) has %u/%u queues, %u workers need one each",
			 port, info.driver_name, info.max_rx_queues, info.max_tx_queues, nb_queues);
		return -1;
	}
	if (rc == 0)
		rte_eth_dev_adjust_nb_rx_tx_desc(port, &rx_desc, &tx_desc);
	rc = rte_eth_dev_configure(port, nb_queues, nb_queues, &conf);
	for (uint16_t q = 0; rc == 0 && q < nb_queues; q++) {
		rc = rte_eth_rx_queue_setup(port, q, rx_desc, socket < 0 ? 0 : socket, NULL, pool);
		if (rc == 0)
			rc = rte_eth_tx_queue_setup(port, q, tx_desc, socket < 0 ? 0 : socket, NULL);
	}
	if (rc == 0)
		rc = rte_eth_dev_start(port);
	if (rc < 0) {
		snprintf(err, errlen, "port %u: configure/start failed: %s", port, strerror(-rc));
		return -1;
	}
	/* Only frames for our MAC or broadcast matter; the classifier checks anyway. */
	rte_eth_promiscuous_disable(port);
	return 0;
}

void mc_port_stop(uint16_t port, const char *dev)
{
	(void)dev;
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
}

int mc_port_log_link(uint16_t port, const char *name)
{
	struct rte_eth_link link;
	char text[RTE_ETH_LINK_MAX_STR_LEN];

	memset(&link, 0, sizeof(link));
	if (rte_eth_link_get_nowait(port, &link) < 0)
		return 0;
	rte_eth_link_to_str(text, sizeof(text), &link);
	RTE_LOG(INFO, USER1, "%s (port %u): %s\n", name, port, text);
	return link.link_status == RTE_ETH_LINK_UP;
}
