/* SPDX-License-Identifier: BSD-3-Clause
 * G.711 bit-exactness: every 16-bit input and every code against spandsp's reference
 * inline functions, both through the tables and through the codec interface.
 */
#include <check.h>
#include <stdlib.h>

#include <spandsp.h>

#include "mc_codec.h"
#include "mc_g711.h"

START_TEST(ulaw_all_linear)
{
	for (int x = -32768; x < 32768; x++)
		ck_assert_msg(mc_g711_ulaw_enc1((int16_t)x) == linear_to_ulaw(x), "x=%d", x);
}
END_TEST

START_TEST(alaw_all_linear)
{
	for (int x = -32768; x < 32768; x++)
		ck_assert_msg(mc_g711_alaw_enc1((int16_t)x) == linear_to_alaw(x), "x=%d", x);
}
END_TEST

START_TEST(all_codes)
{
	for (int c = 0; c < 256; c++) {
		ck_assert_int_eq(mc_g711_ulaw_dec1((uint8_t)c), ulaw_to_linear((uint8_t)c));
		ck_assert_int_eq(mc_g711_alaw_dec1((uint8_t)c), alaw_to_linear((uint8_t)c));
	}
}
END_TEST

/* Every input through mc_codec_encode/decode in 160-sample frames. */
static void interface_exact(enum mc_codec_id id, uint8_t (*ref_enc)(int), int16_t (*ref_dec)(uint8_t))
{
	struct mc_codec_params p = { .id = id };
	struct mc_codec *c = mc_codec_create(&p, NULL, 0);
	int16_t pcm[160], back[160];
	uint8_t pay[160];

	ck_assert_ptr_nonnull(c);
	for (int base = -32768; base < 32768; base += 160) {
		for (int i = 0; i < 160; i++)
			pcm[i] = (int16_t)(base + i > 32767 ? 32767 : base + i);
		ck_assert_int_eq(mc_codec_encode(c, pcm, 160, pay, sizeof(pay)), 160);
		ck_assert_int_eq(mc_codec_decode(c, pay, 160, back, 160), 160);
		for (int i = 0; i < 160; i++) {
			ck_assert_int_eq(pay[i], ref_enc(pcm[i]));
			ck_assert_int_eq(back[i], ref_dec(pay[i]));
		}
	}
	mc_codec_destroy(c);
}

static uint8_t ref_ulaw(int x) { return linear_to_ulaw(x); }
static uint8_t ref_alaw(int x) { return linear_to_alaw(x); }
static int16_t ref_ulaw_d(uint8_t c) { return ulaw_to_linear(c); }
static int16_t ref_alaw_d(uint8_t c) { return alaw_to_linear(c); }

START_TEST(interface_pcmu)
{
	interface_exact(MC_CODEC_PCMU, ref_ulaw, ref_ulaw_d);
}
END_TEST

START_TEST(interface_pcma)
{
	interface_exact(MC_CODEC_PCMA, ref_alaw, ref_alaw_d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("g711");
	TCase *tc = tcase_create("exact");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, ulaw_all_linear);
	tcase_add_test(tc, alaw_all_linear);
	tcase_add_test(tc, all_codes);
	tcase_add_test(tc, interface_pcmu);
	tcase_add_test(tc, interface_pcma);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
