/* SPDX-License-Identifier: BSD-3-Clause
 * The hot path never allocates: this executable interposes malloc and friends (the
 * libraries' calls resolve to them too, which the test checks first), then runs encode,
 * decode, conceal and FEC decode of every codec, the telephone-event sender/receiver
 * and the comfort noise generator with counting on, and expects zero allocations.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <opus/opus.h>

#include "mc_cn.h"
#include "mc_codec.h"
#include "mc_tevent.h"
#include "sig.h"

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static volatile int counting;
static volatile unsigned allocs;

void *malloc(size_t n)
{
	if (counting)
		allocs++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	if (counting)
		allocs++;
	return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	if (counting)
		allocs++;
	return __libc_realloc(p, n);
}

void free(void *p)
{
	__libc_free(p);
}

/* The counter sees allocations made inside the codec libraries. */
START_TEST(interposition_works)
{
	int e;
	OpusDecoder *d;

	allocs = 0;
	counting = 1;
	d = opus_decoder_create(16000, 1, &e);
	counting = 0;
	ck_assert_uint_gt(allocs, 0);
	opus_decoder_destroy(d);
}
END_TEST

static const struct mc_codec_params cases[] = {
	{ .id = MC_CODEC_PCMU },
	{ .id = MC_CODEC_PCMA },
	{ .id = MC_CODEC_G722 },
	{ .id = MC_CODEC_G729, .fmtp = "annexb=no" },
	{ .id = MC_CODEC_G729, .fmtp = "annexb=yes" },
	{ .id = MC_CODEC_OPUS, .pcm_rate = 16000, .fmtp = "useinbandfec=1;usedtx=1" },
	{ .id = MC_CODEC_OPUS, .pcm_rate = 48000, .channels = 2, .fmtp = "stereo=1" },
	{ .id = MC_CODEC_L16, .pcm_rate = 48000, .channels = 2 },
};

START_TEST(codec_hot_path)
{
	struct mc_codec *c = mc_codec_create(&cases[_i], NULL, 0);
	const struct mc_codec_info *inf = mc_codec_info(c);
	unsigned f = inf->pcm_rate / 50, ch = inf->channels;
	int16_t *in = __libc_calloc((size_t)f * ch * 20, 2), *out = __libc_calloc((size_t)f * ch, 2);
	uint8_t pay[2][4000];
	int len[2] = { 0, 0 };

	sig_speech(in, f * ch * 20, inf->pcm_rate, 1);
	allocs = 0;
	counting = 1;
	for (unsigned i = 0; i < 20; i++) {
		int *l = &len[i & 1];

		*l = mc_codec_encode(c, in + (size_t)i * f * ch, f, pay[i & 1], sizeof(pay[0]));
		if (i % 5 == 4)
			mc_codec_conceal(c, out, f);
		else if (i % 5 == 3 && len[i & 1] > 0)
			mc_codec_decode_fec(c, pay[i & 1], (size_t)*l, out, f);
		else if (*l > 0)
			mc_codec_decode(c, pay[i & 1], (size_t)*l, out, f);
	}
	counting = 0;
	ck_assert_msg(allocs == 0, "%s: %u allocations on the hot path", inf->name, allocs);
	mc_codec_destroy(c);
	__libc_free(in);
	__libc_free(out);
}
END_TEST

START_TEST(payload_hot_path)
{
	struct mc_tevent_tx tx;
	struct mc_tevent_rx rx;
	struct mc_tevent ev;
	struct mc_cn_sid sid = { .level = 50, .order = 4, .k = { -0.8, 0.3, -0.1, 0.05 } };
	struct mc_cn_gen g;
	int16_t pcm[160];
	uint8_t p[4];
	bool m;
	uint32_t off;

	mc_tevent_tx_start(&tx, 1, 10, 800, 160);
	mc_tevent_rx_init(&rx);
	mc_cn_gen_init(&g, 1);
	allocs = 0;
	counting = 1;
	while (mc_tevent_tx_next(&tx, p, &m, &off) == 4)
		mc_tevent_rx_feed(&rx, 1000, p, 4, &ev);
	/* a long event, in segments */
	mc_tevent_tx_start(&tx, 2, 10, 200000, 960);
	while (mc_tevent_tx_next(&tx, p, &m, &off) == 4)
		mc_tevent_rx_feed(&rx, 5000 + off, p, 4, &ev);
	mc_cn_gen_update(&g, &sid);
	mc_cn_gen_run(&g, pcm, 160);
	mc_cn_analyse(pcm, 160, 10, &sid);
	counting = 0;
	ck_assert_uint_eq(allocs, 0);
	ck_assert_uint_eq(mc_tevent_rx_total(&rx), 200000);   /* it did run in segments */
	ck_assert_uint_eq(rx.nseg, 3);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("codec_noalloc");
	TCase *tc = tcase_create("noalloc");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, interposition_works);
	tcase_add_loop_test(tc, codec_hot_path, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, payload_hot_path);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
