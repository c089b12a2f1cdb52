/* SPDX-License-Identifier: BSD-3-Clause
 * RFC 4733 telephone-event and RFC 3389 comfort noise.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mc_cn.h"
#include "mc_tevent.h"
#include "sig.h"

/* Wire layout of RFC 4733 figure 1: event, E|R|volume, 16-bit duration. */
START_TEST(tevent_wire)
{
	struct mc_tevent ev = { .event = 11, .end = true, .volume = 10, .duration = 1280 }, back;
	uint8_t out[8];
	static const uint8_t want[4] = { 11, 0x8a, 0x05, 0x00 };
	static const uint8_t reserved_set[4] = { 5, 0x4a, 0x00, 0xa0 };

	ck_assert_int_eq(mc_tevent_build(&ev, out, sizeof(out)), 4);
	ck_assert_mem_eq(out, want, 4);
	ck_assert_int_eq(mc_tevent_parse(out, 4, &back), 0);
	ck_assert(back.event == 11 && back.end && back.volume == 10 && back.duration == 1280);
	ck_assert_int_eq(mc_tevent_parse(reserved_set, 4, &back), 0);
	ck_assert(back.event == 5 && !back.end && back.volume == 10 && back.duration == 160);
	ck_assert_int_eq(mc_tevent_parse(out, 3, &back), -EINVAL);
	ck_assert_int_eq(mc_tevent_build(&ev, out, 3), -ENOSPC);
	ev.volume = 64;
	ck_assert_int_eq(mc_tevent_build(&ev, out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(mc_tevent_from_char('#'), 11);
	ck_assert_int_eq(mc_tevent_from_char('d'), 15);
	ck_assert_int_eq(mc_tevent_from_char('x'), -1);
	ck_assert_int_eq(mc_tevent_to_char(10), '*');
}
END_TEST

/* A 100 ms digit at 8000 Hz in 20 ms packets: durations 160..800, marker only on the
 * first, the end bit on the last three (identical) packets, then nothing. */
START_TEST(tevent_sender)
{
	struct mc_tevent_tx tx;
	struct mc_tevent ev;
	uint8_t p[4];
	bool marker;
	uint32_t off;
	unsigned n = 0;
	static const uint16_t dur[] = { 160, 320, 480, 640, 800, 800, 800 };

	ck_assert_int_eq(mc_tevent_tx_start(&tx, 5, 10, 800, 160), 0);
	while (mc_tevent_tx_next(&tx, p, &marker, &off) == 4) {
		ck_assert_uint_lt(n, 7);
		ck_assert_int_eq(mc_tevent_parse(p, 4, &ev), 0);
		ck_assert_uint_eq(ev.event, 5);
		ck_assert_uint_eq(ev.volume, 10);
		ck_assert_uint_eq(ev.duration, dur[n]);
		ck_assert(marker == (n == 0));
		ck_assert(ev.end == (n >= 4));
		n++;
	}
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(mc_tevent_tx_next(&tx, p, &marker, &off), 0);
	/* a duration that is not a multiple of the step ends exactly on it */
	mc_tevent_tx_start(&tx, 1, 0, 500, 160);
	for (n = 0; mc_tevent_tx_next(&tx, p, &marker, &off) == 4; n++)
		mc_tevent_parse(p, 4, &ev);
	ck_assert_uint_eq(n, 4 + 2);
	ck_assert_uint_eq(ev.duration, 500);
	ck_assert_int_eq(mc_tevent_tx_start(&tx, 1, 64, 800, 160), -EINVAL);
	ck_assert_int_eq(mc_tevent_tx_start(&tx, 1, 0, 800, 0), -EINVAL);
}
END_TEST

/* The receiver reports start, updates and exactly one end per event, whatever the
 * retransmissions, and tells a new digit by its timestamp. */
START_TEST(tevent_receiver)
{
	struct mc_tevent_tx tx;
	struct mc_tevent_rx rx;
	struct mc_tevent ev;
	uint8_t p[4];
	bool marker;
	uint32_t off;
	unsigned counts[4] = { 0 };
	uint32_t ts = 1000;

	mc_tevent_rx_init(&rx);
	for (int digit = 0; digit < 3; digit++, ts += 2000) {
		mc_tevent_tx_start(&tx, (uint8_t)(digit == 2 ? 1 : 7), 10, 800, 160);
		while (mc_tevent_tx_next(&tx, p, &marker, &off) == 4) {
			int k = mc_tevent_rx_feed(&rx, ts, p, 4, &ev);

			ck_assert_int_ge(k, 0);
			counts[k]++;
		}
	}
	ck_assert_uint_eq(counts[MC_TEVENT_RX_START], 3);
	ck_assert_uint_eq(counts[MC_TEVENT_RX_UPDATE], 3 * 3);
	ck_assert_uint_eq(counts[MC_TEVENT_RX_END], 3);
	ck_assert_uint_eq(counts[MC_TEVENT_RX_DUP], 3 * 2);
	/* start packets lost: the first packet seen is an end, reported as the end */
	mc_tevent_build(&(struct mc_tevent){ .event = 3, .end = true, .duration = 800 }, p, 4);
	ck_assert_int_eq(mc_tevent_rx_feed(&rx, 90000, p, 4, &ev), MC_TEVENT_RX_END);
	ck_assert_int_eq(mc_tevent_rx_feed(&rx, 90000, p, 4, &ev), MC_TEVENT_RX_DUP);
	ck_assert_int_eq(mc_tevent_rx_feed(&rx, 90000, p, 2, &ev), -EINVAL);
}
END_TEST

/* RFC 4733 2.5.1.3: a 5 s digit at 48 kHz (240000 ticks, 20 ms = 960-tick steps) goes
 * out in 4 segments: each of the first three ends with exactly 0xffff without the end
 * bit, the next one starts at +0xffff without a marker, every packet says (segment
 * offset + duration) = the time elapsed, no drift; the last segment ends with the end
 * bit three times. */
START_TEST(tevent_sender_segments)
{
	struct mc_tevent_tx tx;
	struct mc_tevent ev;
	uint8_t p[4];
	bool marker;
	uint32_t off, prev_off = 0, at;
	unsigned n = 0, ends = 0, full = 0;

	ck_assert_int_eq(mc_tevent_tx_start(&tx, 9, 10, 240000, 960), 0);
	while (mc_tevent_tx_next(&tx, p, &marker, &off) == 4) {
		ck_assert_int_eq(mc_tevent_parse(p, 4, &ev), 0);
		ck_assert(marker == (n == 0));
		ck_assert_uint_gt(ev.duration, 0);
		if (off != prev_off) {   /* a new segment follows a full one exactly */
			ck_assert_uint_eq(off, prev_off + 0xffff);
			ck_assert_uint_eq(ends, 0);
		}
		if (ev.duration == 0xffff && !ev.end)
			full++;
		at = (n + 1) * 960 < 240000 ? (n + 1) * 960 : 240000;
		/* a full segment's packet says 0xffff; the rest of that step is in the next */
		if (!(ev.duration == 0xffff && !ev.end))
			ck_assert_uint_eq(off + ev.duration, at);
		ck_assert_uint_le(off + ev.duration, at);
		ends += ev.end;
		prev_off = off;
		n++;
	}
	ck_assert_uint_eq(full, 3);
	ck_assert_uint_eq(off, 3 * 0xffff);
	ck_assert_uint_eq(ev.duration, 240000 - 3 * 0xffff);
	ck_assert(ev.end);
	ck_assert_uint_eq(ends, 3);
	ck_assert_uint_eq(n, 250 + 2);
	/* exactly one full segment: ends in it with the end bit, no second segment */
	mc_tevent_tx_start(&tx, 9, 10, 0xffff, 0xffff);
	for (n = 0; mc_tevent_tx_next(&tx, p, &marker, &off) == 4; n++) {
		mc_tevent_parse(p, 4, &ev);
		ck_assert(ev.end && ev.duration == 0xffff && off == 0);
	}
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(mc_tevent_seg_off(0), 0);
	ck_assert_uint_eq(mc_tevent_seg_off(0xffff), 0);
	ck_assert_uint_eq(mc_tevent_seg_off(0x10000), 0xffff);
}
END_TEST

/* RFC 4733 2.5.2.3: the receiver takes the next segment (same event, timestamp + 0xffff)
 * as the same event: one START, one END, the whole duration; also when the full
 * segment's packet was lost; a late packet of the earlier segment is a duplicate; the
 * same digit at + 0xffff after an end, or another digit there, is a new event. */
START_TEST(tevent_receiver_segments)
{
	struct mc_tevent_tx tx;
	struct mc_tevent_rx rx;
	struct mc_tevent ev;
	uint8_t p[4], first_seg[4];
	bool marker;
	uint32_t off, ts = 0xfffff000u;   /* wraps in the second segment */
	unsigned counts[4] = { 0 };

	for (int lose = 0; lose < 2; lose++) {
		memset(counts, 0, sizeof(counts));
		mc_tevent_rx_init(&rx);
		mc_tevent_tx_start(&tx, 4, 10, 150000, 960);
		while (mc_tevent_tx_next(&tx, p, &marker, &off) == 4) {
			int k;

			mc_tevent_parse(p, 4, &ev);
			if (lose && ev.duration == 0xffff && !ev.end)
				continue;   /* every full segment's packet lost */
			if (off == 0)
				memcpy(first_seg, p, 4);
			k = mc_tevent_rx_feed(&rx, ts + off, p, 4, &ev);
			ck_assert_int_ge(k, 0);
			counts[k]++;
			if (k == MC_TEVENT_RX_START || k == MC_TEVENT_RX_END)
				ck_assert(rx.fresh == (k == MC_TEVENT_RX_START));
			else
				ck_assert(!rx.fresh);
		}
		ck_assert_uint_eq(counts[MC_TEVENT_RX_START], 1);
		ck_assert_uint_eq(counts[MC_TEVENT_RX_END], 1);
		ck_assert_uint_eq(counts[MC_TEVENT_RX_DUP], 2);
		ck_assert_uint_eq(rx.nseg, 2);
		ck_assert_uint_eq(mc_tevent_rx_total(&rx), 150000);
	}
	/* a late packet of segment 0 while segment 1 runs */
	mc_tevent_rx_init(&rx);
	mc_tevent_build(&(struct mc_tevent){ .event = 4, .duration = 0xff00 }, p, 4);
	ck_assert_int_eq(mc_tevent_rx_feed(&rx, 100, p, 4, &ev), MC_TEVENT_RX_START);
	mc_tevent_build(&(struct mc_tevent){ .event = 4, .duration = 500 }, p, 4);
	ck_assert_int_eq(mc_tevent_rx_feed(&rx, 100 + 0xffff, p, 4, &ev), MC_TEVENT_RX_UPDATE);
	ck_assert_int_eq(mc_tevent_rx_feed(&rx, 100, first_seg, 4, &ev), MC_TEVENT_RX_DUP);
	ck_assert_uint_eq(mc_tevent_rx_total(&rx), 0xffff + 500);
	/* another digit at the next segment's timestamp: a new event */
	mc_tevent_build(&(struct mc_tevent){ .event = 5, .duration = 500 }, p, 4);
	ck_assert_int_eq(mc_tevent_rx_feed(&rx, 100 + 2 * 0xffff, p, 4, &ev), MC_TEVENT_RX_START);
	/* after its end, the same digit 0xffff later is a new event too */
	mc_tevent_build(&(struct mc_tevent){ .event = 5, .end = true, .duration = 800 }, p, 4);
	ck_assert_int_eq(mc_tevent_rx_feed(&rx, 100 + 2 * 0xffff, p, 4, &ev), MC_TEVENT_RX_END);
	mc_tevent_build(&(struct mc_tevent){ .event = 5, .duration = 160 }, p, 4);
	ck_assert_int_eq(mc_tevent_rx_feed(&rx, 100 + 3 * 0xffff, p, 4, &ev), MC_TEVENT_RX_START);
	ck_assert_uint_eq(mc_tevent_rx_total(&rx), 160);
}
END_TEST

static void noise(int16_t *x, unsigned n, double rms, double pole, unsigned seed)
{
	double y = 0;

	srand(seed);
	for (unsigned i = 0; i < n; i++) {
		double u = (double)rand() / RAND_MAX * 2 - 1;

		y = u + pole * y;
		x[i] = (int16_t)(y * 1000);
	}
	/* scale to the wanted RMS */
	double e = sqrt(sig_energy(x, n));
	for (unsigned i = 0; i < n; i++)
		x[i] = (int16_t)lrint(x[i] * rms / e);
}

START_TEST(cn_wire)
{
	struct mc_cn_sid sid = { .level = 40, .order = 2, .k = { -0.5, 0.25 } }, back;
	uint8_t out[16];
	static const uint8_t want[3] = { 40, 63, 159 };
	static const uint8_t bad_level[1] = { 0x80 };

	ck_assert_int_eq(mc_cn_build(&sid, out, sizeof(out)), 3);
	ck_assert_mem_eq(out, want, 3);
	ck_assert_int_eq(mc_cn_parse(out, 3, &back), 0);
	ck_assert_uint_eq(back.level, 40);
	ck_assert_uint_eq(back.order, 2);
	ck_assert(fabs(back.k[0] + 0.5) < 0.01 && fabs(back.k[1] - 0.25) < 0.01);
	ck_assert_int_eq(mc_cn_parse(out, 1, &back), 0);
	ck_assert_uint_eq(back.order, 0);
	ck_assert_int_eq(mc_cn_parse(out, 0, &back), -EINVAL);
	ck_assert_int_eq(mc_cn_parse(bad_level, 1, &back), -EINVAL);
	ck_assert_int_eq(mc_cn_build(&sid, out, 2), -ENOSPC);
}
END_TEST

/* Level: noise at RMS 1000 (30.3 dB below 32768) gives level 30, and the generator
 * driven by that SID produces noise within 1 dB of RMS 1000. */
START_TEST(cn_level)
{
	unsigned n = 16000;
	int16_t *x = malloc(n * 2), *y = malloc(n * 2);
	struct mc_cn_sid sid;
	struct mc_cn_gen g;
	uint8_t pay[16];
	int len;
	double db;

	noise(x, n, 1000, 0, 1);
	ck_assert_int_eq(mc_cn_analyse(x, n, 0, &sid), 0);
	ck_assert_uint_eq(sid.level, 30);
	len = mc_cn_build(&sid, pay, sizeof(pay));
	ck_assert_int_eq(len, 1);
	ck_assert_int_eq(mc_cn_parse(pay, (size_t)len, &sid), 0);
	mc_cn_gen_init(&g, 7);
	mc_cn_gen_update(&g, &sid);
	mc_cn_gen_run(&g, y, n);
	db = 10 * log10(sig_energy(y, n) / 1e6);
	ck_assert_msg(fabs(db) < 1.0, "generated level off by %.2f dB", db);
	free(x);
	free(y);
}
END_TEST

/* Spectrum: low-pass noise analysed, sent as a SID (quantised), regenerated: the
 * regenerated noise has the level and the low-pass character (zero-crossing rate) of
 * the original, far from white noise's. */
START_TEST(cn_spectrum)
{
	unsigned n = 16000;
	int16_t *x = malloc(n * 2), *y = malloc(n * 2), *w = malloc(n * 2);
	struct mc_cn_sid sid;
	struct mc_cn_gen g;
	uint8_t pay[16];
	double fx, fy, fw, db;

	noise(x, n, 2000, 0.9, 2);
	ck_assert_int_eq(mc_cn_analyse(x, n, 10, &sid), 0);
	ck_assert(sid.k[0] < -0.8); /* strong first-order low-pass */
	ck_assert_int_eq(mc_cn_build(&sid, pay, sizeof(pay)), 11);
	ck_assert_int_eq(mc_cn_parse(pay, 11, &sid), 0);
	mc_cn_gen_init(&g, 3);
	mc_cn_gen_update(&g, &sid);
	mc_cn_gen_run(&g, y, n / 2);
	mc_cn_gen_run(&g, y + n / 2, n / 2); /* state carries across calls */
	noise(w, n, 2000, 0, 3);
	fx = sig_zc_freq(x, n, 8000);
	fy = sig_zc_freq(y, n, 8000);
	fw = sig_zc_freq(w, n, 8000);
	db = 10 * log10(sig_energy(y, n) / sig_energy(x, n));
	ck_assert_msg(fabs(db) < 1.5, "level off by %.2f dB", db);
	ck_assert_msg(fabs(fy - fx) < 0.25 * fx, "zero-crossing rate %.0f vs original %.0f", fy, fx);
	ck_assert_msg(fy < 0.5 * fw, "zero-crossing rate %.0f vs white %.0f", fy, fw);
	free(x);
	free(y);
	free(w);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("codec_payloads");
	TCase *tc = tcase_create("payloads");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, tevent_wire);
	tcase_add_test(tc, tevent_sender);
	tcase_add_test(tc, tevent_receiver);
	tcase_add_test(tc, tevent_sender_segments);
	tcase_add_test(tc, tevent_receiver_segments);
	tcase_add_test(tc, cn_wire);
	tcase_add_test(tc, cn_level);
	tcase_add_test(tc, cn_spectrum);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
