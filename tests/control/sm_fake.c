#include "sm_fake.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

struct fake fk;

static int f_command(void *ctx, unsigned worker, struct mc_wcmd *cmd)
{
	(void)ctx;
	ck_assert_uint_eq(worker, 0);
	fk.n_cmds++;
	fk.last = *cmd;
	if (fk.rc == 0 && cmd->type == MC_WCMD_DTMF)   /* all queued */
		return (int)strlen(cmd->digits);
	if (fk.rc == 0 && cmd->type == MC_WCMD_UPDATE)
		for (unsigned i = 0; i < cmd->session->n_legs; i++)
		{
			cmd->session->legs[i].conf = cmd->legs[i];
			cmd->session->legs[i].dp.tc = cmd->legs_dp[i].tc;
		}
	return fk.rc;
}

static int f_resolve(void *ctx, uint16_t port, uint32_t ip, struct rte_ether_addr *mac)
{
	(void)ctx;
	fk.resolves++;
	if (ip == fk.unresolved_ip)
		return -EAGAIN;
	/* 02:00:00:<port>:<ip low 16 bits>: tests can tell which next hop was used. */
	memset(mac, 0, sizeof(*mac));
	mac->addr_bytes[0] = 2;
	mac->addr_bytes[3] = (uint8_t)port;
	mac->addr_bytes[4] = (uint8_t)(ntohl(ip) >> 8);
	mac->addr_bytes[5] = (uint8_t)ntohl(ip);
	return 0;
}

static uint64_t f_now(void *ctx)
{
	(void)ctx;
	return fk.now;
}

static const struct mc_sm_ops ops = {
	.command = f_command, .resolve = f_resolve, .now_ms = f_now,
};

void fake_setup(void)
{
	struct mc_sm_conf c = {
		.n_ports = 2, .n_workers = 1, .max_sessions = FAKE_MAX_SESSIONS,
		.quarantine_ms = 2000, .media_timeout_ms = 30000,
		.share_first = { FAKE_PORT_FIRST }, .share_last = { FAKE_PORT_LAST },
	};

	memset(&fk, 0, sizeof(fk));
	fk.now = 1000000;
	strcpy(c.ports[0].name, "port0");
	inet_pton(AF_INET, "10.96.0.254", &c.ports[0].ip);
	c.ports[0].prefix_len = 24;
	c.ports[0].eth_port = 0;
	strcpy(c.ports[1].name, "port1");
	inet_pton(AF_INET, "10.97.0.254", &c.ports[1].ip);
	c.ports[1].prefix_len = 24;
	c.ports[1].eth_port = 1;
	ck_assert_int_eq(mc_sm_init(&fk.sm, &c, &ops, NULL), 0);
}

void fake_teardown(void)
{
	mc_sm_free(&fk.sm);
}

json_t *fake_call(json_t *(*fn)(struct mc_sm *, const json_t *), const char *text)
{
	json_error_t e;
	json_t *p = text ? json_loads(text, JSON_REJECT_DUPLICATES, &e) : NULL;
	json_t *r;

	if (text && p == NULL)
		ck_abort_msg("test JSON does not parse: %s: %s", e.text, text);
	r = fn(&fk.sm, p);
	json_decref(p);
	ck_assert_ptr_nonnull(r);
	return r;
}

const char *fake_code(const json_t *reply)
{
	return json_string_value(json_object_get(json_object_get(reply, "error"), "code"));
}

const char *fake_msg(const json_t *reply)
{
	return json_string_value(json_object_get(json_object_get(reply, "error"), "message"));
}

json_t *fake_create(const char *id)
{
	char buf[512];

	snprintf(buf, sizeof(buf),
		 "{\"id\":\"%s\",\"legs\":["
		 "{\"name\":\"a\",\"remote\":\"10.96.0.1:40000\",\"codecs\":["
		 "{\"pt\":0,\"name\":\"PCMU\",\"rate\":8000},"
		 "{\"pt\":101,\"name\":\"telephone-event\",\"rate\":8000}]},"
		 "{\"name\":\"b\",\"remote\":\"10.97.0.2:5004\",\"codecs\":["
		 "{\"pt\":0,\"name\":\"pcmu\",\"rate\":8000},"
		 "{\"pt\":96,\"name\":\"telephone-event\",\"rate\":8000}]}]}", id);
	return fake_call(mc_sm_create, buf);
}
