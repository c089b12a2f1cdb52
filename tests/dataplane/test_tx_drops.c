/* Packets the NIC refuses, counted on the leg they were for (drops.tx) as well as in the
 * engine's tx_full. The harness's net_ring ports only drain when the test dequeues, so a
 * port's tx ring that is never emptied refuses everything past its capacity: an exact,
 * deterministic number of refusals. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dp_harness.h"
#include "mc_tc.h"

#define IP_A ip4(10, 96, 0, 1)
#define IP_B ip4(10, 97, 0, 2)
#define CHUNK 100           /* frames per h_run: well under what one run drains */

static uint8_t frame[1600], pl[1400];

/* RTP from the leg's remote: pt, seq, ts = seq * step, 160 bytes of payload. */
static void send_rtp_pt(const struct mc_session *s, unsigned leg, uint8_t pt, uint16_t seq,
			uint32_t step)
{
	const struct mc_leg *l = &s->legs[leg];
	struct h_udp u = {
		.src_mac = H_PEER_MAC[leg], .dst_mac = H_MAC[leg],
		.sip = leg ? IP_B : IP_A, .dip = l->dp.local_ip,
		.sport = leg ? 5004 : 40000, .dport = l->dp.local_port,
	};
	size_t n = h_build_rtp(pl, pt, false, seq, seq * step, 0x1000u + s->slot * 2u + leg,
			       160, (uint8_t)seq);

	h_inject(leg, 0, frame, h_build_udp(frame, &u, pl, n));
}

/* Opus as h_session_init negotiates it (A pt 111, B pt 107), relayed. */
static void send_rtp(const struct mc_session *s, unsigned leg, uint16_t seq)
{
	send_rtp_pt(s, leg, leg ? 107 : 111, seq, 960);
}

static uint64_t leg_drops(const struct mc_session *s, unsigned leg)
{
	uint64_t n = 0;

	for (unsigned r = 0; r < MC_LEG_DROP_MAX; r++)
		n += s->legs[leg].dp.st.drops[r];
	return n;
}

/* Leg B's tx ring filled and left full: every packet past its capacity is refused. */
START_TEST(refused_counted_on_leg)
{
	static struct mc_session s, s2;
	const unsigned to_b = 1100;
	unsigned sent = 0, back = 0, other = 0, refused;
	struct rte_mbuf *m;

	h_reset();
	h_session_init(&s, 1, 30000, 30002);
	h_session_init(&s2, 2, 30004, 30006);
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_ADD), 0);
	ck_assert_int_eq(h_cmd(&s2, MC_WCMD_ADD), 0);
	ck_assert_uint_eq(s.worker, 0);
	ck_assert_uint_eq(s2.worker, 0);
	while (sent < to_b) {
		for (unsigned i = 0; i < CHUNK && sent < to_b; i++)
			send_rtp(&s, 0, (uint16_t)++sent);
		/* Traffic towards port 0, whose ring is drained: nothing of it is refused,
		 * although it shares the worker and its tx buffers with the refused flow. */
		send_rtp(&s, 1, (uint16_t)++back);
		for (unsigned i = 0; i < 5; i++)
			send_rtp(&s2, 1, (uint16_t)++other);
		h_run(0);
		while ((m = h_take(0, 0)) != NULL)
			rte_pktmbuf_free(m);
	}
	ck_assert_uint_eq(s.legs[0].dp.st.rx_packets, to_b);
	ck_assert_uint_eq(h_w[0]->st.relayed, to_b + back + other);
	refused = to_b - h_tx_count(1, 0);
	ck_assert_uint_eq(h_tx_count(1, 0), 1023);   /* rte_ring of 1024: 1023 usable */
	ck_assert_uint_eq(refused, 77);
	ck_assert_uint_eq(s.legs[1].dp.st.drops[MC_LEG_DROP_TX], refused);
	ck_assert_uint_eq(h_drops(MC_DROP_TX_FULL), refused);
	ck_assert_uint_eq(leg_drops(&s, 1), refused);   /* and under no other reason */
	ck_assert_uint_eq(leg_drops(&s, 0), 0);
	ck_assert_uint_eq(mc_leg_tx_packets(&s.legs[0]), back);
	ck_assert_uint_eq(leg_drops(&s2, 0) + leg_drops(&s2, 1), 0);
	ck_assert_uint_eq(mc_leg_tx_packets(&s2.legs[0]), other);

	/* A control-lcore frame (ARP, ping reply) belongs to no leg, whatever its mbuf
	 * carried from an earlier life: refused, it counts in tx_full only. */
	m = rte_pktmbuf_alloc(mc_dp.pool);
	ck_assert_ptr_nonnull(m);
	memset(rte_pktmbuf_append(m, 60), 0, 60);
	m->port = h_port[1];
	mc_tx_leg_set(m, &s2.legs[0]);
	ck_assert_int_eq(rte_ring_enqueue(h_w[0]->tx_ring, m), 0);
	h_run(0);
	ck_assert_uint_eq(h_drops(MC_DROP_TX_FULL), refused + 1);
	ck_assert_uint_eq(leg_drops(&s2, 0) + leg_drops(&s2, 1), 0);
	ck_assert_uint_eq(s.legs[1].dp.st.drops[MC_LEG_DROP_TX], refused);

	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), 0);
	ck_assert_int_eq(h_cmd(&s2, MC_WCMD_DEL), 0);
}
END_TEST

/* A session destroyed while packets for it are still in the tx buffer: the DEL sends
 * them (counting what is refused while the legs exist); afterwards nothing touches the
 * session, which the control lcore may already have freed or reused. */
START_TEST(del_with_packets_buffered)
{
	static struct mc_session s, snap;
	const unsigned fill = 1023, late = 5;
	struct rte_mbuf *m;
	unsigned sent = 0;

	h_reset();
	h_session_init(&s, 3, 30008, 30010);
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_ADD), 0);
	while (sent < fill) {
		for (unsigned i = 0; i < CHUNK && sent < fill; i++)
			send_rtp(&s, 0, (uint16_t)++sent);
		h_run(0);
	}
	ck_assert_uint_eq(h_tx_count(1, 0), fill);   /* full, nothing refused yet */
	ck_assert_uint_eq(h_drops(MC_DROP_TX_FULL), 0);

	/* Fewer than a burst: they wait in the tx buffer. Same clock, so no drain. */
	for (unsigned i = 0; i < late; i++)
		send_rtp(&s, 0, (uint16_t)++sent);
	mc_worker_iterate_at(h_w[0], h_now());
	mc_worker_iterate_at(h_w[0], h_now());
	ck_assert_uint_eq(s.legs[0].dp.st.rx_packets, fill + late);
	ck_assert_uint_eq(h_drops(MC_DROP_TX_FULL), 0);
	ck_assert_uint_eq(s.legs[1].dp.st.drops[MC_LEG_DROP_TX], 0);

	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), 0);
	ck_assert_uint_eq(s.legs[1].dp.st.drops[MC_LEG_DROP_TX], late);
	ck_assert_uint_eq(h_drops(MC_DROP_TX_FULL), late);
	ck_assert_uint_eq(leg_drops(&s, 0), 0);

	/* The control lcore frees the session after the ack: stand-in, poison it. */
	memset(&s, 0xa5, sizeof(s));
	snap = s;
	h_run(5);
	ck_assert_mem_eq(&s, &snap, sizeof(s));
	ck_assert_uint_eq(h_drops(MC_DROP_TX_FULL), late);
	while ((m = h_take(1, 0)) != NULL)
		rte_pktmbuf_free(m);
}
END_TEST

static struct mc_tc *make_tc(uint8_t in_pt, enum mc_codec_id in, uint8_t out_pt,
			     enum mc_codec_id out, uint32_t ssrc)
{
	struct mc_tc_params p = {
		.in = { .codec = in, .pt = in_pt, .cn_pt = 13, .ptime = 20,
			.tevent_pt = MC_TC_NO_PT },
		.out = { .codec = out, .pt = out_pt, .cn_pt = 13, .ptime = 20,
			 .tevent_pt = MC_TC_NO_PT },
		.jb_enabled = false, .ssrc = ssrc, .seed = ssrc ^ 0x1234,
	};
	char err[128];
	struct mc_tc *t = mc_tc_create(&p, err, sizeof(err));

	ck_assert_msg(t != NULL, "mc_tc_create: %s", err);
	return t;
}

static void set_leg(struct mc_leg *l, uint8_t pt, const char *name)
{
	h_leg_codec(l, name, pt, 8000, 0, MC_PT_NONE);
}

/* The transcoder's own sends (fresh mbufs, mc_tc_tx.c) and its RTCP (mc_rtcp_tx_send.c)
 * count on the leg they were for too. PCMU on A, PCMA on B, jitter buffer off: one
 * packet to B per packet from A, sent on arrival. */
START_TEST(transcoded_refused_counted_on_leg)
{
	static struct mc_session s;
	const unsigned to_b = 1100;
	unsigned sent = 0, back = 0;
	uint64_t to_b_total, refused;
	struct rte_mbuf *m;

	h_reset();
	h_session_init(&s, 4, 30012, 30014);
	s.mode = MC_MODE_TRANSCODE;
	set_leg(&s.legs[0], 0, "PCMU");
	set_leg(&s.legs[1], 8, "PCMA");
	s.legs[0].dp.tc = make_tc(0, MC_CODEC_PCMU, 8, MC_CODEC_PCMA, 0xa0a0a0a0u);
	s.legs[1].dp.tc = make_tc(8, MC_CODEC_PCMA, 0, MC_CODEC_PCMU, 0xb0b0b0b0u);
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_ADD), 0);
	while (sent < to_b) {
		for (unsigned i = 0; i < CHUNK && sent < to_b; i++)
			send_rtp_pt(&s, 0, 0, (uint16_t)++sent, 160);
		send_rtp_pt(&s, 1, 8, (uint16_t)++back, 160);
		h_run(0);
		while ((m = h_take(0, 0)) != NULL)
			rte_pktmbuf_free(m);
	}
	ck_assert_uint_eq(s.legs[1].dp.st.tx_packets, to_b);
	ck_assert_uint_eq(s.legs[0].dp.st.tx_packets, back);
	to_b_total = s.legs[1].dp.st.tx_packets + s.legs[1].dp.st.rtcp_tx;
	refused = to_b_total - h_tx_count(1, 0);
	ck_assert_uint_eq(h_tx_count(1, 0), 1023);
	ck_assert_uint_ge(refused, to_b - 1023);
	ck_assert_uint_eq(s.legs[1].dp.st.drops[MC_LEG_DROP_TX], refused);
	ck_assert_uint_eq(h_drops(MC_DROP_TX_FULL), refused);
	ck_assert_uint_eq(leg_drops(&s, 0), 0);

	/* DEL sends each leg's RTCP BYE: B's is refused (its ring is still full), A's not. */
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), 0);
	ck_assert_uint_eq(s.legs[1].dp.st.rtcp_tx + s.legs[1].dp.st.tx_packets,
			  to_b_total + 1);
	ck_assert_uint_eq(s.legs[1].dp.st.drops[MC_LEG_DROP_TX], refused + 1);
	ck_assert_uint_eq(h_drops(MC_DROP_TX_FULL), refused + 1);
	ck_assert_uint_eq(leg_drops(&s, 0), 0);
	mc_tc_destroy(s.legs[0].dp.tc);
	mc_tc_destroy(s.legs[1].dp.tc);
	while ((m = h_take(1, 0)) != NULL)
		rte_pktmbuf_free(m);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("dataplane");
	TCase *tc = tcase_create("tx_drops");
	SRunner *sr;
	int failed;

	h_setup();
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, refused_counted_on_leg);
	tcase_add_test(tc, del_with_packets_buffered);
	tcase_add_test(tc, transcoded_refused_counted_on_leg);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	/* One EAL per process: the tests share it, so no fork. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
