/* mc_jbuf_peek: finds a buffered packet by timestamp without taking it; the packet is
 * still delivered by get in its turn, exactly once; played, lost or released packets
 * are not found. 8 kHz, 20 ms frames. */
#include <check.h>
#include <stdint.h>

#include "mc_jbuf.h"

#define F 160u

static int handles[16];
static unsigned released;

static void rel(void *ctx, void *h)
{
	(void)ctx;
	(void)h;
	released++;
}

static void init(struct mc_jbuf *jb)
{
	struct mc_jbuf_params p = { .clock_rate = 8000, .frame_ts = F, .min_ms = 40,
				    .max_ms = 200, .start_ms = 40, .enabled = true,
				    .capacity = 16, .release = rel };

	released = 0;
	ck_assert_int_eq(mc_jbuf_init(jb, &p), 0);
}

static void put(struct mc_jbuf *jb, unsigned i, uint32_t now)
{
	struct mc_jbuf_pkt k = { .handle = &handles[i], .ssrc = 7, .ts = 1000 + i * F,
				 .seq = (uint16_t)(65530 + i) };

	mc_jbuf_put(jb, &k, now);
}

START_TEST(peek_finds_without_taking)
{
	struct mc_jbuf jb;
	struct mc_jbuf_out o;
	uint32_t now = 50000;
	unsigned lost = 0, frames = 0;

	init(&jb);
	ck_assert_ptr_null(mc_jbuf_peek(&jb, 1000));   /* empty */
	/* 0, 1, 3, 4, 5 arrive (2 is lost), across the sequence number wrap. */
	for (unsigned i = 0; i < 6; i++)
		if (i != 2)
			put(&jb, i, now);
	ck_assert_ptr_eq(mc_jbuf_peek(&jb, 1000 + 3 * F), &handles[3]);
	ck_assert_ptr_eq(mc_jbuf_peek(&jb, 1000), &handles[0]);
	ck_assert_ptr_null(mc_jbuf_peek(&jb, 1000 + 2 * F));     /* lost */
	ck_assert_ptr_null(mc_jbuf_peek(&jb, 1000 + 3 * F + 1)); /* no such timestamp */
	ck_assert_ptr_null(mc_jbuf_peek(&jb, 1000 + 9 * F));
	for (unsigned t = 0; t < 30; t++, now += F) {
		void *h = mc_jbuf_get(&jb, now, &o);

		if (o.why == MC_JBUF_LOST) {
			lost++;
			ck_assert_uint_eq(o.ts, 1000 + 2 * F);
			/* what a decoder with FEC looks for: the packet after the loss */
			ck_assert_ptr_eq(mc_jbuf_peek(&jb, o.ts + o.dur), &handles[3]);
		}
		if (h != NULL) {
			unsigned i = (unsigned)((int *)h - handles);

			ck_assert_ptr_eq(h, &handles[frames < 2 ? frames : frames + 1]);
			frames++;
			/* played: no longer found */
			ck_assert_ptr_null(mc_jbuf_peek(&jb, 1000 + i * F));
		}
	}
	ck_assert_uint_eq(lost, 1);
	ck_assert_uint_eq(frames, 5);   /* the peeked packet too, once */
	ck_assert_uint_eq(released, 0);
	ck_assert_ptr_null(mc_jbuf_peek(&jb, 1000 + 5 * F));
	mc_jbuf_free(&jb);
}
END_TEST

START_TEST(peek_after_flush)
{
	struct mc_jbuf jb;

	init(&jb);
	put(&jb, 0, 50000);
	put(&jb, 1, 50000);
	ck_assert_ptr_eq(mc_jbuf_peek(&jb, 1000 + F), &handles[1]);
	mc_jbuf_flush(&jb);
	ck_assert_uint_eq(released, 2);
	ck_assert_ptr_null(mc_jbuf_peek(&jb, 1000 + F));
	mc_jbuf_free(&jb);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("jbuf_peek");
	TCase *tc = tcase_create("peek");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, peek_finds_without_taking);
	tcase_add_test(tc, peek_after_flush);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
