/* The control lcore's loop: requests from the control socket, ARP and ping handed over by
 * the workers, neighbour resolution and ageing, link watching, busy-share sampling. */
#include "mc_ctl.h"
#include "mc_request.h"
#include "mc_ring_server.h"

#include <stdio.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include "mc_port.h"
#include "mc_sm.h"

#define MC_CTL_IDLE_ITERS 32
#define MC_CTL_IDLE_SLEEP_US 200

struct mc_ctl mc_ctl;

unsigned mc_ctl_exceptions(void);
void mc_ctl_send_arp(uint16_t port, uint32_t target_ip, const struct rte_ether_addr *dst);

uint64_t mc_ctl_now_ms(void)
{
	return rte_get_tsc_cycles() / (mc_ctl.tsc_hz / 1000);
}

static void probe(void *ctx, uint16_t port, uint32_t ip, const struct rte_ether_addr *unicast)
{
	(void)ctx;
	mc_ctl_send_arp(port, ip, unicast);
}

static void announce(unsigned slot)
{
	const struct mc_ifaddr *ifa = &mc_dp.ports[slot].ifa;
	struct rte_ether_addr mac;

	mc_ctl_send_arp(ifa->port, ifa->ip, NULL);   /* gratuitous */
	if (ifa->gateway)
		mc_neigh_lookup(&mc_ctl.neigh, ifa->port, ifa->gateway, mc_ctl_now_ms(), &mac);
}

int mc_ctl_init(const struct mc_config *cfg)
{
	static const struct mc_neigh_params np = {
		.reachable_ms = 30000, .retrans_ms = 1000, .max_probes = 3,
		.stale_ms = 60000, .failed_ms = 10000,
	};

	mc_ctl.cfg = cfg;
	mc_ctl.lcore = rte_lcore_id();
	mc_ctl.tsc_hz = rte_get_tsc_hz();
	if (mc_neigh_init(&mc_ctl.neigh, 1024, &np) < 0)
		return -1;
	mc_ctl.req_ring = rte_ring_create("mc_ctl_req", 64, (int)rte_socket_id(),
					  RING_F_SC_DEQ);
	if (mc_ctl.req_ring == NULL || mc_ctl_sessions_init(cfg) < 0)
		return -1;
	mc_ring_server_init();   /* optional: without it, telemetry only (logged) */
	for (unsigned i = 0; i < mc_dp.n_ports; i++) {
		mc_ctl.link_up[i] = (uint8_t)mc_port_log_link(mc_dp.ports[i].ifa.port,
							      mc_dp.ports[i].name);
		announce(i);
	}
	return 0;
}

void mc_ctl_fini(void)
{
	struct mc_request *req;

	while (mc_ctl.req_ring && rte_ring_dequeue(mc_ctl.req_ring, (void **)&req) == 0)
		mc_request_execute(req);
	rte_ring_free(mc_ctl.req_ring);
	mc_ring_server_fini();
	mc_neigh_free(&mc_ctl.neigh);
}

static void sample_busy(void)
{
	for (unsigned i = 0; i < mc_dp.n_workers; i++) {
		const struct mc_lcore_stats *s = &mc_dp.workers[i]->st;
		unsigned l = mc_dp.workers[i]->lcore;
		uint64_t db = s->busy_cycles - mc_ctl.prev_busy[l];
		uint64_t dt = s->total_cycles - mc_ctl.prev_total[l];

		mc_ctl.busy[l] = dt ? (double)db / (double)dt : 0.0;
		mc_ctl.prev_busy[l] = s->busy_cycles;
		mc_ctl.prev_total[l] = s->total_cycles;
	}
	uint64_t db = mc_ctl.st.busy_cycles - mc_ctl.prev_busy[mc_ctl.lcore];
	uint64_t dt = mc_ctl.st.total_cycles - mc_ctl.prev_total[mc_ctl.lcore];

	if (mc_dp.n_workers == 0 || mc_dp.workers[0]->lcore != mc_ctl.lcore)
		mc_ctl.busy[mc_ctl.lcore] = dt ? (double)db / (double)dt : 0.0;
	mc_ctl.prev_busy[mc_ctl.lcore] = mc_ctl.st.busy_cycles;
	mc_ctl.prev_total[mc_ctl.lcore] = mc_ctl.st.total_cycles;
}

static void each_second(void)
{
	for (unsigned i = 0; i < mc_dp.n_ports; i++) {
		struct rte_eth_link link = { 0 };

		if (rte_eth_link_get_nowait(mc_dp.ports[i].ifa.port, &link) < 0 ||
		    link.link_status == mc_ctl.link_up[i])
			continue;
		mc_ctl.link_up[i] = (uint8_t)link.link_status;
		mc_port_log_link(mc_dp.ports[i].ifa.port, mc_dp.ports[i].name);
		if (link.link_status)
			announce(i);
	}
	sample_busy();
}

unsigned mc_ctl_iterate(void)
{
	struct mc_request *reqs[8];
	uint64_t start = rte_rdtsc();
	unsigned n = rte_ring_sc_dequeue_burst(mc_ctl.req_ring, (void **)reqs, 8, NULL);
	unsigned work = n;

	for (unsigned i = 0; i < n; i++)
		mc_request_execute(reqs[i]);
	work += mc_ctl_exceptions();
	work += mc_ring_server_poll();
	work += mc_ctl.sm->ops->poll_events(mc_ctl.sm->ctx);
	if (start >= mc_ctl.next_sm_tick) {
		mc_sm_tick(mc_ctl.sm);
		mc_ctl.next_sm_tick = start + mc_ctl.tsc_hz / 10;
	}
	if (start >= mc_ctl.next_tick) {
		mc_neigh_tick(&mc_ctl.neigh, mc_ctl_now_ms(), probe, NULL);
		mc_ctl.next_tick = start + mc_ctl.tsc_hz / 100;
		work++;
	}
	if (start >= mc_ctl.next_second) {
		each_second();
		mc_ctl.next_second = start + mc_ctl.tsc_hz;
	}
	mc_ctl.st.iterations++;
	if (work)
		mc_ctl.st.busy_cycles += rte_rdtsc() - start;
	return work;
}

void mc_ctl_main(struct mc_worker *shared)
{
	uint64_t prev = rte_rdtsc();

	while (!mc_dp.quit) {
		unsigned work = mc_ctl_iterate();

		if (shared)
			work += mc_worker_iterate(shared);
		if (work) {
			mc_ctl.idle_iters = 0;
		} else if (++mc_ctl.idle_iters >= MC_CTL_IDLE_ITERS) {
			uint32_t us = shared ? shared->idle_sleep_us : MC_CTL_IDLE_SLEEP_US;

			if (us)
				rte_delay_us_sleep(us);
		}
		uint64_t now = rte_rdtsc();

		mc_ctl.st.total_cycles += now - prev;
		if (shared)
			shared->st.total_cycles += now - prev;
		prev = now;
	}
}
