/* Port bring-up: probe a PCI NIC or a vdev from its spec, configure one RX and one TX
 * queue per worker, start it, and log its link. */
#ifndef MC_PORT_H
#define MC_PORT_H

#include <stddef.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mempool.h>

/* Probes dev ("0000:01:00.0" or "net_tap0,iface=mcA") unless EAL already did, and
 * returns its port id in *port. */
int mc_port_probe(const char *dev, uint16_t *port, char *err, size_t errlen);
/* Configures nb_queues RX/TX queue pairs and starts the port. */
int mc_port_start(uint16_t port, uint16_t nb_queues, struct rte_mempool *pool,
		  uint16_t rx_desc, uint16_t tx_desc, char *err, size_t errlen);
void mc_port_stop(uint16_t port, const char *dev);
/* Logs the link and returns 1 if it is up. */
int mc_port_log_link(uint16_t port, const char *name);

#endif
