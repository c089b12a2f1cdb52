/* Checks across keys and ports, once everything is read: what no single key can tell. */
#include "mc_config.h"
#include "mc_config_parse.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

int mc_config_check(struct mc_config *c, char *err, size_t errlen);

static uint32_t mask_of(uint8_t prefix)
{
	return prefix == 0 ? 0 : htonl(UINT32_MAX << (32 - prefix));
}

static void net_text(uint32_t ip, uint8_t prefix, char *buf, size_t len)
{
	char a[INET_ADDRSTRLEN];
	uint32_t net = ip & mask_of(prefix);

	inet_ntop(AF_INET, &net, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, prefix);
}

int mc_check_host_address(const char *text, uint32_t ip, uint8_t prefix,
			  char *why, size_t whylen)
{
	uint32_t h = ntohl(ip), host_mask = ~ntohl(mask_of(prefix));

	if ((h >> 24) == 0 || (h >> 28) >= 14) {
		snprintf(why, whylen, "'%s' is not a unicast host address", text);
		return -1;
	}
	if (prefix <= 30 && ((h & host_mask) == 0 || (h & host_mask) == host_mask)) {
		snprintf(why, whylen, "'%s' is the %s address of its subnet", text,
			 (h & host_mask) == 0 ? "network" : "broadcast");
		return -1;
	}
	return 0;
}

static int check_port(const struct mc_config *c, unsigned i, char *err, size_t errlen)
{
	const struct mc_port_conf *p = &c->ports[i];
	char net[40];

	if (p->dev[0] == '\0') {
		snprintf(err, errlen, "config: [%s] dev: missing", p->name);
		return -1;
	}
	if (p->ip == 0) {
		snprintf(err, errlen, "config: [%s] address: missing", p->name);
		return -1;
	}
	net_text(p->ip, p->prefix_len, net, sizeof(net));
	if (p->gateway == p->ip) {
		snprintf(err, errlen, "config: [%s] gateway: is the port's own address", p->name);
		return -1;
	}
	/* A /32 address reaches its gateway on-link by definition (cloud style). */
	if (p->gateway && p->prefix_len < 32 &&
	    ((p->gateway ^ p->ip) & mask_of(p->prefix_len)) != 0) {
		snprintf(err, errlen, "config: [%s] gateway: outside the port's subnet %s",
			 p->name, net);
		return -1;
	}
	for (unsigned j = 0; j < i; j++) {
		const struct mc_port_conf *q = &c->ports[j];
		uint32_t m = mask_of(p->prefix_len < q->prefix_len ? p->prefix_len : q->prefix_len);

		if (strcmp(p->dev, q->dev) == 0) {
			snprintf(err, errlen, "config: [%s] dev: same device as [%s]", p->name,
				 q->name);
			return -1;
		}
		if (((p->ip ^ q->ip) & m) == 0) {
			snprintf(err, errlen, "config: [%s] address: subnet %s overlaps [%s]; the "
				 "port for a remote would be ambiguous", p->name, net, q->name);
			return -1;
		}
	}
	return 0;
}

int mc_config_check(struct mc_config *c, char *err, size_t errlen)
{
	if (c->n_ports == 0) {
		snprintf(err, errlen, "config: no [port*] section: media-core needs a port");
		return -1;
	}
	for (unsigned i = 0; i < c->n_ports; i++)
		if (check_port(c, i, err, errlen) < 0)
			return -1;
	for (unsigned i = 0; i < c->n_workers; i++)
		if (c->worker_lcores[i] == c->control_lcore && c->n_workers > 1) {
			snprintf(err, errlen, "config: [lcores] workers: lcore %u is the control "
				 "lcore; only a single worker may share it", c->control_lcore);
			return -1;
		}
	if (c->media_port_min > c->media_port_max ||
	    (unsigned)(c->media_port_max - c->media_port_min + 1) < 4 * c->n_workers) {
		snprintf(err, errlen, "config: [media] port_max: range %u..%u too small for %u "
			 "workers", c->media_port_min, c->media_port_max, c->n_workers);
		return -1;
	}
	if (c->mbuf_cache > c->mbufs / 4) {
		snprintf(err, errlen, "config: [mempool] cache: %u larger than mbufs/4",
			 c->mbuf_cache);
		return -1;
	}
	return 0;
}
