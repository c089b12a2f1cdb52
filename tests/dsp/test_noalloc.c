/* SPDX-License-Identifier: BSD-3-Clause
 * The per-frame calls never allocate: malloc and friends are interposed (calls made
 * inside speexdsp and spandsp resolve to them too, which the first test checks), then
 * every per-frame function of lib/dsp runs over signals that exercise all its paths
 * (digits starting and ending, events arriving, a gap long enough for comfort noise)
 * with counting on, and the count must stay zero.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <spandsp.h>
#include <speex/speex_resampler.h>

#include "dsig.h"
#include "mc_agc_ns.h"
#include "mc_dtmf_iw.h"
#include "mc_plc.h"
#include "mc_resample.h"

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static volatile int counting;
static volatile unsigned allocs;

void *malloc(size_t n)
{
	allocs += counting != 0;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	allocs += counting != 0;
	return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	allocs += counting != 0;
	return __libc_realloc(p, n);
}

void free(void *p)
{
	__libc_free(p);
}

START_TEST(interposition_works)
{
	int e;
	SpeexResamplerState *s;
	dtmf_rx_state_t *rx;

	allocs = 0;
	counting = 1;
	s = speex_resampler_init(1, 8000, 16000, 3, &e);
	rx = dtmf_rx_init(NULL, NULL, NULL);
	counting = 0;
	ck_assert_uint_ge(allocs, 2);
	speex_resampler_destroy(s);
	dtmf_rx_free(rx);
}
END_TEST

START_TEST(frame_calls_do_not_allocate)
{
	enum { N8 = 160, N16 = 320, FRAMES = 150 };
	int16_t *in = malloc(sizeof(int16_t) * N16 * FRAMES), out[960];
	struct mc_resampler *rs = mc_resampler_create(16000, 48000, -1, N16, NULL, 0);
	struct mc_dtmf_t2e_params tp = { .pcm_rate = 16000, .max_frame = N16, .mute = true };
	struct mc_dtmf_t2e *t2e = mc_dtmf_t2e_create(&tp, NULL, 0);
	struct mc_dtmf_e2t e2t;
	struct mc_dtmf_e2t_params ep = { .pcm_rate = 8000 };
	struct mc_dtmf_gen gen;
	struct mc_dtmf_gen_params gp = { .rate = 16000 };
	struct mc_plc_params pp = { .rate = 8000, .max_frame = N8 };
	struct mc_plc *plc = mc_plc_create(&pp, NULL, 0);
	struct mc_codec_params cp = { .id = MC_CODEC_PCMU };
	struct mc_codec *pcmu = mc_codec_create(&cp, NULL, 0);
	struct mc_agc_ns_params ap = { .rate = 16000, .agc = true, .target_dbfs = -18,
				       .max_gain_db = 30, .ns = true, .ns_max_db = 15 };
	struct mc_agc_ns *agc = mc_agc_ns_create(&ap, NULL, 0);
	int16_t y[N16];
	struct mc_dtmf_t2e_out o;
	struct mc_tevent_tx tx;
	struct mc_tevent ev;
	uint8_t pl[MC_TEVENT_LEN];
	bool marker;
	uint32_t off;

	ck_assert(rs && t2e && plc && pcmu && agc);
	mc_dtmf_e2t_init(&e2t, &ep);
	mc_dtmf_gen_init(&gen, &gp);
	dsig_voiced(in, N16 * FRAMES, 16000, 8000, 1);
	mc_dtmf_gen_queue_str(&gen, "12", 100);
	mc_dtmf_gen_run(&gen, in + N16 * 20, N16 * 40);
	mc_tevent_tx_start(&tx, 5, 10, 800, 160);
	allocs = 0;
	counting = 1;
	for (unsigned f = 0; f < FRAMES; f++) {
		int16_t *x = in + f * N16;

		mc_resampler_process(rs, x, N16, out, 960);
		mc_dtmf_t2e_process(t2e, x, N16, f * 160, &o);
		if (f >= 10 && mc_tevent_tx_next(&tx, pl, &marker, &off) == MC_TEVENT_LEN)
			mc_dtmf_e2t_packet(&e2t, 1000, pl, sizeof(pl), &ev);
		if (f == 40)
			mc_dtmf_e2t_send(&e2t, "#", 60);
		mc_dtmf_e2t_render(&e2t, out, N8);
		memcpy(y, x, sizeof(y));
		if (f == 75) {   /* a mid-call change runs on the worker too */
			ap.target_dbfs = -24;
			mc_agc_ns_configure(agc, &ap);
		}
		mc_agc_ns_process(agc, y, N16);
		mc_agc_ns_gain_db(agc);
		if (f < 50 || f > 120)
			mc_plc_good(plc, x, N8);
		else
			mc_plc_conceal(plc, f < 100 ? pcmu : NULL, out, N8);
	}
	counting = 0;
	ck_assert_uint_eq(allocs, 0);
	mc_resampler_destroy(rs);
	mc_dtmf_t2e_destroy(t2e);
	mc_plc_destroy(plc);
	mc_agc_ns_destroy(agc);
	mc_codec_destroy(pcmu);
	free(in);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dsp_noalloc");
	TCase *tc = tcase_create("noalloc");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, interposition_works);
	tcase_add_test(tc, frame_calls_do_not_allocate);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
