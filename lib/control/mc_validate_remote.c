/* Validation of a leg's remote address and of the interface that reaches it. */
#include "mc_validate.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc_ifaddr.h"

#define BAD(...) mc_verr_set(err, "EINVAL", __VA_ARGS__)

bool mc_validate_reachable(const struct mc_sm_port *p, uint32_t ip)
{
	struct mc_ifaddr ifa = { .ip = p->ip, .prefix_len = p->prefix_len,
				 .gateway = p->gateway };

	return mc_ifaddr_next_hop(&ifa, ip) != 0;
}

int mc_validate_pick_port(const struct mc_sm_port *ports, unsigned n_ports,
			  bool has_remote, uint32_t remote_ip)
{
	for (unsigned i = 0; has_remote && i < n_ports; i++) {
		struct mc_ifaddr ifa = { .ip = ports[i].ip, .prefix_len = ports[i].prefix_len };

		if (mc_ifaddr_on_link(&ifa, remote_ip))
			return (int)i;
	}
	for (unsigned i = 0; i < n_ports; i++)
		if (ports[i].gateway)
			return (int)i;
	return n_ports == 1 ? 0 : -1;
}

int mc_validate_remote(const json_t *v, unsigned i, struct mc_leg_conf *c,
			struct mc_verr *err)
{
	char buf[64];
	const char *s, *colon;
	struct in_addr a;
	uint32_t h;
	char *end;
	long port;

	if (json_is_null(v)) {          /* not known (yet): latching may find it */
		c->has_remote = false;
		c->remote_ip = 0;
		c->remote_port = 0;
		return 0;
	}
	if (!json_is_string(v))
		return BAD("legs[%u].remote: must be a string \"ip:port\" or null", i);
	s = json_string_value(v);
	colon = strrchr(s, ':');
	if (s[0] == '[' || (colon && memchr(s, ':', (size_t)(colon - s))))
		return mc_verr_set(err, "ENOTSUP", "legs[%u].remote: IPv6 is not supported yet", i);
	if (colon == NULL || colon == s || (size_t)(colon - s) >= sizeof(buf))
		return BAD("legs[%u].remote: '%.64s' is not ip:port", i, s);
	memcpy(buf, s, (size_t)(colon - s));
	buf[colon - s] = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1)
		return BAD("legs[%u].remote: '%s' is not an IPv4 address", i, buf);
	if (!isdigit((unsigned char)colon[1]) || strlen(colon + 1) > 6)
		return BAD("legs[%u].remote: port '%.16s' is not a number", i, colon + 1);
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0')
		return BAD("legs[%u].remote: port '%.16s' is not a number", i, colon + 1);
	if (port < 1 || port > 65535)
		return BAD("legs[%u].remote: port %ld out of range 1..65535", i, port);
	h = ntohl(a.s_addr);
	if (h == 0 || h == UINT32_MAX || (h >> 24) == 127 || (h >> 28) == 14 || (h >> 28) == 15)
		return BAD("legs[%u].remote: %s is not a unicast address", i, buf);
	c->has_remote = true;
	c->remote_ip = a.s_addr;
	c->remote_port = (uint16_t)port;
	return 0;
}

int mc_validate_route(unsigned i, const struct mc_sm_port *ports, unsigned n_ports,
		       struct mc_req_leg *out, struct mc_verr *err)
{
	struct mc_leg_conf *c = &out->conf;
	char ip[INET_ADDRSTRLEN];
	int slot;

	if (!(out->set & MC_LF_INTERFACE)) {
		slot = mc_validate_pick_port(ports, n_ports, c->has_remote, c->remote_ip);
		if (slot < 0)
			return BAD("legs[%u].interface: missing, and no port's subnet holds the "
				   "remote and no port has a gateway", i);
		c->port_slot = (uint8_t)slot;
	}
	if (c->has_remote && !mc_validate_reachable(&ports[c->port_slot], c->remote_ip)) {
		inet_ntop(AF_INET, &c->remote_ip, ip, sizeof(ip));
		return BAD("legs[%u].remote: %s is not on %s's subnet and %s has no gateway", i,
			   ip, ports[c->port_slot].name, ports[c->port_slot].name);
	}
	return 0;
}
