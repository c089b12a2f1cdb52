/* SPDX-License-Identifier: BSD-3-Clause
 * Registry lookups, fmtp parsing and negotiation, as tables of inputs and expected
 * outcomes, bad input included.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mc_codec_registry.h"
#include "mc_fmtp.h"
#include "mc_negotiate.h"

/* ---- registry ---- */

START_TEST(registry_lookup)
{
	const struct mc_codec_desc *d;
	static const char *const names[] = { "PCMU", "PCMA", "G722", "G729", "opus", "L16", "telephone-event", "CN" };
	bool seen[MC_CODEC_COUNT] = { false };

	ck_assert_ptr_eq(mc_codec_lookup("pcmu", 8000, 1), mc_codec_lookup("PCMU", 8000, 0));
	d = mc_codec_lookup("OPUS", 48000, 2);
	ck_assert(d != NULL && d->id == MC_CODEC_OPUS && d->channels == 2 && !d->static_pt);
	ck_assert_ptr_nonnull(mc_codec_lookup("opus", 48000, 1)); /* channels omitted */
	ck_assert_ptr_null(mc_codec_lookup("opus", 16000, 2));
	d = mc_codec_lookup("g722", 8000, 1);
	ck_assert(d != NULL && d->pt == 9 && d->static_pt && d->pcm_rate == 16000);
	ck_assert_uint_eq(mc_codec_lookup("L16", 16000, 1)->pcm_rate, 16000);
	ck_assert_ptr_null(mc_codec_lookup("L16", 44100, 1));
	ck_assert_ptr_null(mc_codec_lookup("PCMU", 16000, 1));
	ck_assert_ptr_null(mc_codec_lookup("PCMU", 8000, 2));
	ck_assert_ptr_null(mc_codec_lookup("iLBC", 8000, 1));
	ck_assert_ptr_null(mc_codec_lookup(NULL, 8000, 1));
	ck_assert_int_eq(mc_codec_lookup("telephone-event", 48000, 1)->id, MC_CODEC_TEVENT);
	ck_assert_int_eq(mc_codec_lookup("cn", 8000, 1)->pt, 13);
	/* every entry is found by its own name, rate and channels; PTs unique; all ids present */
	for (unsigned i = 0; i < mc_codec_registry_count(); i++) {
		const struct mc_codec_desc *e = mc_codec_registry_at(i);

		ck_assert_ptr_eq(mc_codec_lookup(e->name, e->rate, e->channels), e);
		ck_assert_str_eq(e->name, names[e->id]);
		seen[e->id] = true;
		for (unsigned j = 0; j < i; j++)
			ck_assert_int_ne(mc_codec_registry_at(j)->pt, e->pt);
	}
	for (unsigned id = 0; id < MC_CODEC_COUNT; id++)
		ck_assert(seen[id]);
	ck_assert_ptr_null(mc_codec_registry_at(mc_codec_registry_count()));
}
END_TEST

/* ---- fmtp ---- */

struct fmtp_case {
	enum mc_codec_id id;
	const char *fmtp;
	const char *err; /* NULL: must parse */
};

static const struct fmtp_case fmtp_cases[] = {
	{ MC_CODEC_OPUS, NULL, NULL },
	{ MC_CODEC_OPUS, "", NULL },
	{ MC_CODEC_OPUS, "maxplaybackrate=16000; stereo=1;useinbandfec=1 ;usedtx=1;cbr=1;maxaveragebitrate=20000", NULL },
	{ MC_CODEC_OPUS, "MaxPlaybackRate=8000;sprop-stereo=0;sprop-maxcapturerate=24000;ptime=40;minptime=10;maxptime=60", NULL },
	{ MC_CODEC_OPUS, "unknown-key=whatever;stereo=0", NULL },
	{ MC_CODEC_OPUS, "maxplaybackrate=x", "bad value 'x' for maxplaybackrate" },
	{ MC_CODEC_OPUS, "maxplaybackrate=96000", "bad value '96000' for maxplaybackrate" },
	{ MC_CODEC_OPUS, "stereo=2", "bad value '2' for stereo" },
	{ MC_CODEC_OPUS, "useinbandfec=yes", "bad value 'yes' for useinbandfec" },
	{ MC_CODEC_OPUS, "maxaveragebitrate=-1", "bad value '-1' for maxaveragebitrate" },
	{ MC_CODEC_OPUS, "maxaveragebitrate=99999999999999", "bad value '99999999999999' for maxaveragebitrate" },
	{ MC_CODEC_OPUS, "stereo", "bad value 'stereo' for fmtp" },
	{ MC_CODEC_OPUS, "=1", "bad value '=1' for fmtp" },
	{ MC_CODEC_OPUS, "ptime=0", "bad value '0' for ptime" },
	{ MC_CODEC_G729, "annexb=no", NULL },
	{ MC_CODEC_G729, "annexb=YES", NULL },
	{ MC_CODEC_G729, "annexb=maybe", "bad value 'maybe' for annexb" },
	{ MC_CODEC_TEVENT, "0-15", NULL },
	{ MC_CODEC_TEVENT, "0-11,16", NULL },
	{ MC_CODEC_TEVENT, "15-0", "bad value '15-0' for events" },
	{ MC_CODEC_TEVENT, "0-300", "bad value '0-300' for events" },
	{ MC_CODEC_TEVENT, "0-15,", "bad value '0-15,' for events" },
	{ MC_CODEC_PCMU, "whatever=1", NULL },
};

START_TEST(fmtp_table)
{
	const struct fmtp_case *k = &fmtp_cases[_i];
	struct mc_fmtp f;
	char err[160] = "";
	int rc = mc_fmtp_parse(k->id, k->fmtp, &f, err, sizeof(err));

	if (k->err == NULL)
		ck_assert_msg(rc == 0, "'%s': %s", k->fmtp, err);
	else {
		ck_assert_int_eq(rc, -EINVAL);
		ck_assert_str_eq(err, k->err);
	}
}
END_TEST

START_TEST(fmtp_values)
{
	struct mc_fmtp f;

	ck_assert_int_eq(mc_fmtp_parse(MC_CODEC_OPUS, NULL, &f, NULL, 0), 0);
	ck_assert(f.maxplaybackrate == 48000 && !f.stereo && !f.useinbandfec && !f.usedtx && !f.cbr);
	mc_fmtp_parse(MC_CODEC_OPUS, " maxplaybackrate = 16000 ;stereo=1; useinbandfec=1;usedtx=1;cbr=1;maxaveragebitrate=20000;ptime=40", &f, NULL, 0);
	ck_assert(f.maxplaybackrate == 16000 && f.stereo && f.useinbandfec && f.usedtx && f.cbr);
	ck_assert(f.maxaveragebitrate == 20000 && f.ptime == 40);
	mc_fmtp_parse(MC_CODEC_G729, NULL, &f, NULL, 0);
	ck_assert(f.annexb); /* RFC 4856: absent means yes */
	mc_fmtp_parse(MC_CODEC_G729, "annexb=no", &f, NULL, 0);
	ck_assert(!f.annexb);
	mc_fmtp_parse(MC_CODEC_TEVENT, NULL, &f, NULL, 0);
	ck_assert(mc_fmtp_has_event(&f, 15) && !mc_fmtp_has_event(&f, 16));
	mc_fmtp_parse(MC_CODEC_TEVENT, "0-11,16", &f, NULL, 0);
	ck_assert(mc_fmtp_has_event(&f, 11) && !mc_fmtp_has_event(&f, 12) && mc_fmtp_has_event(&f, 16));
}
END_TEST

/* ---- negotiation ---- */

#define MAXC 12

/* "pt name/rate[/ch][ fmtp]|..." into codecs; strings live in the buffer. */
static unsigned parse_list(const char *spec, struct mc_sdp_codec *c, char buf[MAXC][128])
{
	unsigned n = 0;

	while (spec && *spec && n < MAXC) {
		size_t len = strcspn(spec, "|");
		char *s = buf[n], *sp, *slash;

		memcpy(s, spec, len);
		s[len] = '\0';
		spec += len + (spec[len] == '|');
		c[n] = (struct mc_sdp_codec){ .pt = atoi(s) };
		s = strchr(s, ' ') + 1;
		sp = strchr(s, ' ');
		if (sp) {
			*sp = '\0';
			c[n].fmtp = sp + 1;
		}
		slash = strchr(s, '/');
		*slash = '\0';
		c[n].name = s;
		c[n].rate = (unsigned)atoi(slash + 1);
		if ((slash = strchr(slash + 1, '/')) != NULL)
			c[n].channels = (unsigned)atoi(slash + 1);
		n++;
	}
	return n;
}

struct neg_case {
	const char *label;
	const char *a, *b;
	unsigned ptime_a, ptime_b;
	uint32_t allowed;
	bool transcode_ok;
	int rc;
	int pt_a, pt_b;
	bool transcode, renumber;
	int te_a, te_b, cn_a, cn_b;
	const char *err; /* substring expected in the message */
};

#define BIT(x) (1u << MC_CODEC_##x)

static const struct neg_case neg_cases[] = {
	{ "same codec relays", "0 PCMU/8000|101 telephone-event/8000 0-16", "0 PCMU/8000|101 telephone-event/8000",
	  20, 20, 0, true, 0, 0, 0, false, false, 101, 101, -1, -1, NULL },
	{ "first supported per leg, transcode", "0 PCMU/8000|8 PCMA/8000", "111 opus/48000/2|0 PCMU/8000",
	  20, 20, 0, true, 0, 0, 111, true, false, -1, -1, -1, -1, NULL },
	{ "no transcode: common codec in leg 0 order", "0 PCMU/8000|8 PCMA/8000", "111 opus/48000/2|8 PCMA/8000|0 PCMU/8000",
	  20, 20, 0, false, 0, 0, 0, false, false, -1, -1, -1, -1, NULL },
	{ "dynamic PT renumbered", "96 opus/48000/2|100 telephone-event/48000", "111 opus/48000/2|101 telephone-event/48000",
	  20, 20, 0, true, 0, 96, 111, false, true, 100, 101, -1, -1, NULL },
	{ "unknown codecs skipped, case-insensitive", "97 iLBC/8000|3 GSM/8000|18 g729/8000 annexb=no", "18 G729/8000 annexb=no",
	  20, 20, 0, true, 0, 18, 18, false, false, -1, -1, -1, -1, NULL },
	{ "telephone-event at the codec's clock", "111 opus/48000/2|101 telephone-event/8000|102 telephone-event/48000",
	  "9 G722/8000|13 CN/8000|101 telephone-event/8000", 20, 20, 0, true, 0, 111, 9, true, false, 102, 101, -1, 13, NULL },
	{ "ptime differs: transcode", "0 PCMU/8000", "0 PCMU/8000", 20, 30, 0, true, 0, 0, 0, true, false, -1, -1, -1, -1, NULL },
	{ "ptime 0 means 20", "0 PCMU/8000", "0 PCMU/8000", 0, 20, 0, true, 0, 0, 0, false, false, -1, -1, -1, -1, NULL },
	{ "ptime differs, no transcode", "0 PCMU/8000", "0 PCMU/8000", 20, 30, 0, false, -ENOTSUP, 0, 0, false, false, 0, 0, 0, 0,
	  "legs[1].ptime: 30 differs" },
	{ "G.729 annexb mismatch transcodes", "18 G729/8000", "18 G729/8000 annexb=no",
	  20, 20, 0, true, 0, 18, 18, true, false, -1, -1, -1, -1, NULL },
	{ "G.729 annexb mismatch, no transcode: next common", "18 G729/8000|0 PCMU/8000", "18 G729/8000 annexb=no|0 PCMU/8000",
	  20, 20, 0, false, 0, 0, 0, false, false, -1, -1, -1, -1, NULL },
	{ "opus stereo mismatch transcodes", "111 opus/48000/2 stereo=1", "111 opus/48000/2 stereo=0",
	  20, 20, 0, true, 0, 111, 111, true, false, -1, -1, -1, -1, NULL },
	{ "opus maxplaybackrate differs: still relay", "111 opus/48000/2 maxplaybackrate=16000", "111 opus/48000/2",
	  20, 20, 0, true, 0, 111, 111, false, false, -1, -1, -1, -1, NULL },
	{ "policy skips a disallowed codec", "111 opus/48000/2|8 PCMA/8000", "8 PCMA/8000",
	  20, 20, BIT(PCMA) | BIT(PCMU), true, 0, 8, 8, false, false, -1, -1, -1, -1, NULL },
	{ "policy drops telephone-event", "0 PCMU/8000|101 telephone-event/8000", "0 PCMU/8000|101 telephone-event/8000",
	  20, 20, BIT(PCMU), true, 0, 0, 0, false, false, -1, -1, -1, -1, NULL },
	{ "nothing common, no transcode", "0 PCMU/8000", "8 PCMA/8000", 20, 20, 0, false, -ENOTSUP, 0, 0, false, false, 0, 0, 0, 0,
	  "no codec common" },
	{ "only unknown codecs", "0 PCMU/8000", "97 iLBC/8000|98 speex/16000", 20, 20, 0, true, -ENOTSUP, 0, 0, false, false, 0, 0, 0, 0,
	  "legs[1].codecs: no codec" },
	{ "only telephone-event", "101 telephone-event/8000", "0 PCMU/8000", 20, 20, 0, true, -ENOTSUP, 0, 0, false, false, 0, 0, 0, 0,
	  "legs[0].codecs: no codec" },
	{ "bad opus fmtp", "0 PCMU/8000", "0 PCMU/8000|111 opus/48000/2|112 opus/48000/2 maxplaybackrate=x", 20, 20, 0, true,
	  -EINVAL, 0, 0, false, false, 0, 0, 0, 0, "legs[1].codecs[2].fmtp: bad value 'x' for maxplaybackrate" },
	{ "bad fmtp on an unknown codec is not ours to judge", "0 PCMU/8000", "0 PCMU/8000|97 iLBC/8000 mode=x",
	  20, 20, 0, true, 0, 0, 0, false, false, -1, -1, -1, -1, NULL },
	{ "pt out of range", "0 PCMU/8000", "128 PCMU/8000", 20, 20, 0, true, -EINVAL, 0, 0, false, false, 0, 0, 0, 0,
	  "legs[1].codecs[0].pt: 128 out of range" },
	{ "pt twice", "0 PCMU/8000|0 PCMA/8000", "0 PCMU/8000", 20, 20, 0, true, -EINVAL, 0, 0, false, false, 0, 0, 0, 0,
	  "legs[0].codecs[1].pt: 0 listed twice" },
	{ "rate missing", "0 PCMU/0", "0 PCMU/8000", 20, 20, 0, true, -EINVAL, 0, 0, false, false, 0, 0, 0, 0,
	  "legs[0].codecs[0].rate: missing" },
	{ "ptime out of range", "0 PCMU/8000", "0 PCMU/8000", 20, 500, 0, true, -EINVAL, 0, 0, false, false, 0, 0, 0, 0,
	  "legs[1].ptime: 500 out of range" },
	{ "empty leg", "0 PCMU/8000", "", 20, 20, 0, true, -EINVAL, 0, 0, false, false, 0, 0, 0, 0, "legs[1].codecs: empty" },
};

START_TEST(negotiate_table)
{
	const struct neg_case *k = &neg_cases[_i];
	struct mc_sdp_codec ca[MAXC], cb[MAXC];
	char ba[MAXC][128], bb[MAXC][128], err[200] = "";
	struct mc_neg_leg legs[2] = {
		{ ca, parse_list(k->a, ca, ba), k->ptime_a },
		{ cb, parse_list(k->b, cb, bb), k->ptime_b },
	};
	struct mc_neg_policy pol = { k->allowed, k->transcode_ok };
	struct mc_neg_result r;
	int rc = mc_negotiate(legs, &pol, &r, err, sizeof(err));

	ck_assert_msg(rc == k->rc, "%s: rc %d (%s)", k->label, rc, err);
	if (rc != 0) {
		ck_assert_msg(strstr(err, k->err) != NULL, "%s: message '%s' lacks '%s'", k->label, err, k->err);
		return;
	}
	ck_assert_msg(r.leg[0].pt == k->pt_a && r.leg[1].pt == k->pt_b, "%s: pt %d/%d", k->label, r.leg[0].pt, r.leg[1].pt);
	ck_assert_msg(r.transcode == k->transcode, "%s: transcode %d", k->label, r.transcode);
	ck_assert_msg(r.renumber_pt == k->renumber, "%s: renumber %d", k->label, r.renumber_pt);
	ck_assert_msg(r.leg[0].tevent_pt == k->te_a && r.leg[1].tevent_pt == k->te_b, "%s: te %d/%d", k->label,
		      r.leg[0].tevent_pt, r.leg[1].tevent_pt);
	ck_assert_msg(r.leg[0].cn_pt == k->cn_a && r.leg[1].cn_pt == k->cn_b, "%s: cn %d/%d", k->label,
		      r.leg[0].cn_pt, r.leg[1].cn_pt);
	for (unsigned l = 0; l < 2; l++) {
		ck_assert_int_eq(legs[l].codecs[r.leg[l].index].pt, r.leg[l].pt);
		ck_assert(strcasecmp(legs[l].codecs[r.leg[l].index].name, r.leg[l].desc->name) == 0);
	}
	ck_assert_uint_eq(r.leg[0].ptime, k->ptime_a ? k->ptime_a : 20);
}
END_TEST

/* The parsed fmtp of the chosen codec reaches the result (the codec is created from it). */
START_TEST(negotiate_fmtp_carried)
{
	struct mc_sdp_codec a[] = { { 111, "opus", 48000, 2, "useinbandfec=1;maxplaybackrate=16000" } };
	struct mc_sdp_codec b[] = { { 0, "PCMU", 8000, 1, NULL } };
	struct mc_neg_leg legs[2] = { { a, 1, 20 }, { b, 1, 20 } };
	struct mc_neg_result r;

	ck_assert_int_eq(mc_negotiate(legs, NULL, &r, NULL, 0), 0);
	ck_assert(r.transcode && r.leg[0].fmtp.useinbandfec && r.leg[0].fmtp.maxplaybackrate == 16000);
	ck_assert_int_eq(r.leg[0].desc->id, MC_CODEC_OPUS);
	ck_assert_int_eq(r.leg[1].desc->id, MC_CODEC_PCMU);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("codec_negotiate");
	TCase *tc = tcase_create("negotiate");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, registry_lookup);
	tcase_add_loop_test(tc, fmtp_table, 0, sizeof(fmtp_cases) / sizeof(fmtp_cases[0]));
	tcase_add_test(tc, fmtp_values);
	tcase_add_loop_test(tc, negotiate_table, 0, sizeof(neg_cases) / sizeof(neg_cases[0]));
	tcase_add_test(tc, negotiate_fmtp_carried);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
