#include "dp_harness.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "mc_port.h"

const uint8_t H_MAC[H_PORTS][6] = { { 0x02, 0, 0, 0, 0xa0, 0x01 },
				    { 0x02, 0, 0, 0, 0xb0, 0x01 } };
const uint8_t H_PEER_MAC[H_PORTS][6] = { { 0x02, 0, 0, 0, 0xa0, 0x99 },
					 { 0x02, 0, 0, 0, 0xb0, 0x99 } };
struct mc_worker *h_w[H_QUEUES];
uint16_t h_port[H_PORTS];

static struct rte_ring *rxr[H_PORTS][H_QUEUES], *txr[H_PORTS][H_QUEUES];
static uint64_t now_tsc;

/* Set-up runs before Check does, so failures there end the process. */
#define need(c) do { if (!(c)) { fprintf(stderr, "dp harness: %s failed\n", #c); \
			       exit(2); } } while (0)

static void make_port(unsigned slot)
{
	char name[32];
	struct mc_dp_port *p = &mc_dp.ports[slot];
	int id;

	for (unsigned q = 0; q < H_QUEUES; q++) {
		snprintf(name, sizeof(name), "h_rx%u_%u", slot, q);
		rxr[slot][q] = rte_ring_create(name, 1024, SOCKET_ID_ANY, 0);
		snprintf(name, sizeof(name), "h_tx%u_%u", slot, q);
		txr[slot][q] = rte_ring_create(name, 1024, SOCKET_ID_ANY, 0);
		need(rxr[slot][q] && txr[slot][q]);
	}
	snprintf(name, sizeof(name), "h_port%u", slot);
	id = rte_eth_from_rings(name, rxr[slot], H_QUEUES, txr[slot], H_QUEUES, 0);
	need(id >= 0);
	h_port[slot] = (uint16_t)id;
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "port%u", slot);
	p->ifa.port = (uint16_t)id;
	memcpy(p->ifa.mac.addr_bytes, H_MAC[slot], 6);
	p->ifa.ip = slot == 0 ? ip4(10, 96, 0, 254) : ip4(10, 97, 0, 254);
	p->ifa.prefix_len = 24;
	mc_dp.port_slot[id] = (int8_t)slot;
	mc_dp.n_ports = slot + 1;
}

static char h_runtime_dir[256];
static pid_t h_runtime_pid;

/* EAL leaves its runtime directory behind; a test leaves nothing behind. Check forks a
 * child per test, so only the process that initialised EAL removes it. */
static void remove_runtime_dir(void)
{
	char path[sizeof(h_runtime_dir) + 260];
	struct dirent *e;
	DIR *d;

	if (getpid() != h_runtime_pid || h_runtime_dir[0] == '\0' ||
	    (d = opendir(h_runtime_dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", h_runtime_dir, e->d_name);
			unlink(path);
		}
	closedir(d);
	rmdir(h_runtime_dir);
}

/* A harness killed before its atexit ran (a crash, a timeout, a sanitizer abort) leaves
 * /var/run/dpdk/mc_dptest_<pid>; the next run removes those whose process is gone. */
static void sweep_stale_runtime_dirs(void)
{
	const char *base = "/var/run/dpdk";
	struct dirent *e;
	DIR *d = opendir(base);
	int pid;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (sscanf(e->d_name, "mc_dptest_%d", &pid) != 1 || pid <= 0 ||
		    strlen(e->d_name) > 64 || kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(h_runtime_dir, sizeof(h_runtime_dir), "%s/%.64s", base, e->d_name);
		h_runtime_pid = getpid();
		remove_runtime_dir();
	}
	closedir(d);
	h_runtime_dir[0] = '\0';
}

void h_setup(void)
{
	char prefix[64];
	char *argv[] = { "dp_test", "--no-huge", "-m", "256", "--no-pci", "--no-telemetry",
			 "--file-prefix", prefix, "-l", "0", "--log-level", "3", NULL };
	char err[200];

	snprintf(prefix, sizeof(prefix), "mc_dptest_%d", (int)getpid());
	sweep_stale_runtime_dirs();
	need(rte_eal_init(12, argv) >= 0);
	snprintf(h_runtime_dir, sizeof(h_runtime_dir), "%s", rte_eal_get_runtime_dir());
	h_runtime_pid = getpid();
	atexit(remove_runtime_dir);
	memset(mc_dp.port_slot, -1, sizeof(mc_dp.port_slot));
	mc_dp.pool = rte_pktmbuf_pool_create("h_pool", 8191, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
					     (int)rte_socket_id());
	need(mc_dp.pool != NULL);
	for (unsigned i = 0; i < H_PORTS; i++)
		make_port(i);
	mc_dp_set_media_range(H_PORT_MIN, H_PORT_MAX, H_QUEUES);
	for (unsigned i = 0; i < H_QUEUES; i++) {
		uint16_t first, last;

		h_w[i] = rte_zmalloc("h_worker", sizeof(*h_w[i]), RTE_CACHE_LINE_SIZE);
		need(h_w[i] != NULL);
		mc_dp_port_share(i, &first, &last);
		/* Both workers run on this thread, so commands are applied directly. */
		need(mc_worker_init(h_w[i], i, rte_lcore_id(), 0, first, last, 64) == 0);
		mc_dp.workers[i] = h_w[i];
		mc_dp.n_workers = i + 1;
	}
	for (unsigned i = 0; i < H_PORTS; i++)
		need(mc_port_start(h_port[i], H_QUEUES, mc_dp.pool, 256, 256, err,
				   sizeof(err)) == 0);
	now_tsc = rte_get_tsc_hz() * 100;
}

void h_reset(void)
{
	struct rte_mbuf *m;

	h_run(1);
	for (unsigned s = 0; s < H_PORTS; s++)
		for (unsigned q = 0; q < H_QUEUES; q++)
			while ((m = h_take(s, q)) != NULL)
				rte_pktmbuf_free(m);
	h_events(NULL, 0);
	for (unsigned i = 0; i < H_QUEUES; i++) {
		/* Nobody plays the control lcore here: ARP/ICMP handed over are discarded. */
		while (rte_ring_dequeue(h_w[i]->exc_ring, (void **)&m) == 0)
			rte_pktmbuf_free(m);
		memset(&h_w[i]->st, 0, sizeof(h_w[i]->st));
	}
}

void h_leg_codec(struct mc_leg *l, const char *name, uint8_t pt, uint32_t rate,
		 uint16_t ptime, uint8_t tevent_pt)
{
	l->conf.n_codecs = 1;
	l->conf.chosen = 0;
	if (ptime)
		l->conf.ptime = ptime;
	l->conf.codecs[0] = (struct mc_codec_ref){ .pt = pt, .channels = 1, .rate = rate };
	snprintf(l->conf.codecs[0].name, sizeof(l->conf.codecs[0].name), "%s", name);
	l->dp.clock_rate = rate;
	l->dp.tevent = tevent_pt != MC_PT_NONE;
	l->dp.tevent_pt = tevent_pt;
}

void h_session_init(struct mc_session *s, uint32_t slot, uint16_t port_a, uint16_t port_b)
{
	static const uint8_t pts[2][2] = { { 111, 101 }, { 107, 96 } };

	memset(s, 0, sizeof(*s));
	snprintf(s->id, sizeof(s->id), "call-%u", slot);
	s->slot = slot;
	s->generation = 7;
	s->n_legs = 2;
	s->worker = (uint8_t)mc_dp_port_owner(port_a);
	for (unsigned i = 0; i < 2; i++) {
		struct mc_leg *l = &s->legs[i];

		snprintf(l->conf.name, sizeof(l->conf.name), "%c", 'a' + i);
		l->conf.port_slot = (uint8_t)i;
		l->conf.has_remote = true;
		l->conf.remote_ip = i == 0 ? ip4(10, 96, 0, 1) : ip4(10, 97, 0, 2);
		l->conf.remote_port = i == 0 ? 40000 : 5004;
		l->conf.ptime = 20;
		l->conf.n_codecs = 2;
		l->conf.codecs[0] = (struct mc_codec_ref){ .pt = pts[i][0], .channels = 2,
							   .rate = 48000, .name = "opus" };
		l->conf.codecs[1] = (struct mc_codec_ref){ .pt = pts[i][1], .channels = 1,
							   .rate = 48000, .name = "telephone-event" };
		l->dp.eth_port = h_port[i];
		l->dp.local_ip = mc_dp.ports[i].ifa.ip;
		l->dp.local_port = i == 0 ? port_a : port_b;
		l->dp.remote_ip = l->conf.remote_ip;
		l->dp.remote_port = l->conf.remote_port;
		l->dp.remote_rtcp_port = (uint16_t)(l->conf.remote_port + 1);
		memcpy(l->dp.remote_mac.addr_bytes, H_PEER_MAC[i], 6);
		l->dp.mac_valid = true;
		mc_direction_apply(&l->dp, MC_DIR_SENDRECV);
		l->dp.clock_rate = 48000;
		memset(l->dp.pt_out, MC_PT_NONE, sizeof(l->dp.pt_out));
		/* What the other leg sends -> what this leg expects, codec by codec. */
		l->dp.pt_out[pts[1 - i][0]] = pts[i][0];
		l->dp.pt_out[pts[1 - i][1]] = pts[i][1];
	}
}

struct mc_worker *h_owner(const struct mc_session *s)
{
	return h_w[s->worker];
}

int h_cmd(struct mc_session *s, enum mc_wcmd_type type)
{
	struct mc_wcmd cmd = { .type = type, .session = s };

	return mc_dp_command(h_owner(s), &cmd);
}

int h_update(struct mc_session *s, const struct mc_leg_conf conf[2],
	     const struct mc_leg_dp dp[2])
{
	static struct mc_wcmd cmd;   /* large: keep it off the stack */

	memset(&cmd, 0, sizeof(cmd));
	cmd.type = MC_WCMD_UPDATE;
	cmd.session = s;
	for (unsigned i = 0; i < 2; i++) {
		cmd.legs[i] = conf[i];
		cmd.legs_dp[i] = dp[i];
	}
	return mc_dp_command(h_owner(s), &cmd);
}

uint16_t h_cksum(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t pseudo_sum(const uint8_t *ip, uint16_t udp_len)
{
	uint32_t sum = 0;

	for (unsigned i = 12; i < 20; i += 2)
		sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
	return sum + 17 + udp_len;
}

size_t h_build_udp(uint8_t *f, const struct h_udp *u, const uint8_t *pl, size_t pl_len)
{
	size_t ihl = 20 + u->ip_opt_len, udp_len = 8 + pl_len, len;
	uint8_t *ip = f + 14, *udp = ip + ihl;

	memcpy(f, u->dst_mac, 6);
	memcpy(f + 6, u->src_mac, 6);
	put16(f + 12, 0x0800);
	ip[0] = (uint8_t)(0x40 | ihl / 4);
	ip[1] = u->ip_tos;
	put16(ip + 2, (uint16_t)(ihl + udp_len));
	put16(ip + 4, u->ip_id);
	put16(ip + 6, 0x4000);          /* DF */
	ip[8] = 17;                     /* TTL: the relay must set 64 */
	ip[9] = 17;
	put16(ip + 10, 0);
	memcpy(ip + 12, &u->sip, 4);
	memcpy(ip + 16, &u->dip, 4);
	for (unsigned i = 0; i < u->ip_opt_len; i++)
		ip[20 + i] = i == 0 ? 0x94 : (i == 1 ? 4 : 0);   /* router alert, then zeros */
	put16(ip + 10, h_cksum(ip, ihl, 0));
	put16(udp, u->sport);
	put16(udp + 2, u->dport);
	put16(udp + 4, (uint16_t)udp_len);
	put16(udp + 6, 0);
	memcpy(udp + 8, pl, pl_len);
	if (!u->no_udp_csum) {
		uint16_t c = h_cksum(udp, udp_len, pseudo_sum(ip, (uint16_t)udp_len));

		put16(udp + 6, c ? c : 0xffff);
	}
	len = 14 + ihl + udp_len;
	while (len < u->pad_to)
		f[len++] = 0xa5;
	return len;
}

size_t h_build_rtp(uint8_t *b, uint8_t pt, bool marker, uint16_t seq, uint32_t ts,
		   uint32_t ssrc, size_t payload_len, uint8_t seed)
{
	b[0] = 0x80;
	b[1] = (uint8_t)(pt | (marker ? 0x80 : 0));
	put16(b + 2, seq);
	put32(b + 4, ts);
	put32(b + 8, ssrc);
	for (size_t i = 0; i < payload_len; i++)
		b[12 + i] = (uint8_t)(seed * 31 + i * 7);
	return 12 + payload_len;
}

struct rte_mbuf *h_inject(unsigned slot, unsigned queue, const uint8_t *f, size_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mc_dp.pool);
	char *d;

	ck_assert_ptr_nonnull(m);
	d = rte_pktmbuf_append(m, (uint16_t)len);
	ck_assert_ptr_nonnull(d);
	memcpy(d, f, len);
	m->port = h_port[slot];
	ck_assert_int_eq(rte_ring_enqueue(rxr[slot][queue], m), 0);
	return m;
}

void h_run(unsigned ms)
{
	uint64_t step = rte_get_tsc_hz() / 1000;

	/* Enough passes to drain a full rx ring, hand-offs and the tx buffers. */
	for (unsigned pass = 0; pass < 8 || ms > 0; pass++) {
		now_tsc += step;
		for (unsigned i = 0; i < H_QUEUES; i++)
			mc_worker_iterate_at(h_w[i], now_tsc);
		if (ms > 0)
			ms--;
	}
	for (unsigned i = 0; i < H_QUEUES; i++)
		mc_worker_flush(h_w[i]);
}

uint64_t h_now(void)
{
	return now_tsc;
}

struct rte_mbuf *h_take(unsigned slot, unsigned queue)
{
	struct rte_mbuf *m;

	return rte_ring_dequeue(txr[slot][queue], (void **)&m) == 0 ? m : NULL;
}

unsigned h_tx_count(unsigned slot, unsigned queue)
{
	return rte_ring_count(txr[slot][queue]);
}

uint64_t h_drops(enum mc_drop_reason r)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < H_QUEUES; i++)
		n += h_w[i]->st.drops[r];
	return n;
}

const uint8_t *h_check_frame(struct rte_mbuf *m, const uint8_t *src_mac,
			     const uint8_t *dst_mac, uint32_t sip, uint32_t dip,
			     uint16_t sport, uint16_t dport, bool want_zero_csum,
			     size_t *pl_len)
{
	const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *), *ip = f + 14, *udp = f + 34;
	uint16_t tot, ulen;

	ck_assert_uint_eq(m->nb_segs, 1);
	ck_assert_uint_ge(rte_pktmbuf_data_len(m), 42);
	ck_assert_mem_eq(f, dst_mac, 6);
	ck_assert_mem_eq(f + 6, src_mac, 6);
	ck_assert_uint_eq(get16(f + 12), 0x0800);
	ck_assert_uint_eq(ip[0], 0x45);
	tot = get16(ip + 2);
	ck_assert_uint_eq(rte_pktmbuf_data_len(m), 14u + tot);
	ck_assert_uint_eq(ip[8], 64);
	ck_assert_uint_eq(ip[9], 17);
	ck_assert_uint_eq(h_cksum(ip, 20, 0), 0);
	ck_assert_mem_eq(ip + 12, &sip, 4);
	ck_assert_mem_eq(ip + 16, &dip, 4);
	ck_assert_uint_eq(get16(udp), sport);
	ck_assert_uint_eq(get16(udp + 2), dport);
	ulen = get16(udp + 4);
	ck_assert_uint_eq(ulen, tot - 20u);
	if (want_zero_csum)
		ck_assert_uint_eq(get16(udp + 6), 0);
	else {
		ck_assert_uint_ne(get16(udp + 6), 0);
		ck_assert_uint_eq(h_cksum(udp, ulen, pseudo_sum(ip, ulen)), 0);
	}
	*pl_len = ulen - 8u;
	return udp + 8;
}

static struct mc_event *ev_out;
static unsigned ev_max, ev_n;

static void collect(const struct mc_event *ev, void *ctx)
{
	(void)ctx;
	if (ev_n < ev_max)
		ev_out[ev_n] = *ev;
	ev_n++;
}

unsigned h_events(struct mc_event *out, unsigned max)
{
	ev_out = out;
	ev_max = max;
	ev_n = 0;
	mc_dp_poll_events(collect, NULL);
	return ev_n;
}
