/* SPDX-License-Identifier: BSD-3-Clause
 * DTMF interworking. Tone in -> RFC 4733 packets out, parsed back with mc_tevent_parse:
 * right digit, one marker, one timestamp at the onset (within 20 ms), durations that
 * never shrink, and the final duration (within 20 ms of the tone) with the end bit
 * exactly three times. Events in -> tone out, read by spandsp's detector (raw
 * dtmf_rx, not this library's wrapper) as the same digits, the tone replacing the
 * audio for exactly the event's duration; duplicates, lost starts, lost ends, a new
 * event over an open one, and the round trip tone -> events -> tone.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <spandsp.h>

#include "dsig.h"
#include "mc_dtmf_iw.h"

#define MAX_PKTS 512

struct capture {
	unsigned n;
	struct mc_dtmf_pkt pkt[MAX_PKTS];
	struct mc_tevent ev[MAX_PKTS];
	unsigned frame[MAX_PKTS];
	unsigned ndigits;
	char digits[32];
	unsigned digit_ms[32];
};

/* Runs a buffer through tone->events in frames; collects every packet, parsed. */
static void t2e_run(const struct mc_dtmf_t2e_params *p, int16_t *x, unsigned len, uint32_t ts0,
		    struct capture *c)
{
	struct mc_dtmf_t2e *t = mc_dtmf_t2e_create(p, NULL, 0);
	unsigned frame = p->max_frame;
	struct mc_dtmf_t2e_out out;

	ck_assert_ptr_nonnull(t);
	memset(c, 0, sizeof(*c));
	for (unsigned f = 0; (f + 1) * frame <= len; f++) {
		uint32_t ts = ts0 + (uint32_t)((uint64_t)f * frame * (p->event_rate ? p->event_rate : 8000) / p->pcm_rate);

		ck_assert_int_eq(mc_dtmf_t2e_process(t, x + f * frame, frame, ts, &out), 0);
		for (unsigned i = 0; i < out.npkts && c->n < MAX_PKTS; i++, c->n++) {
			c->pkt[c->n] = out.pkt[i];
			c->frame[c->n] = f;
			ck_assert_int_eq(mc_tevent_parse(out.pkt[i].payload, MC_TEVENT_LEN, &c->ev[c->n]), 0);
			ck_assert(c->ev[c->n].end == out.pkt[i].end);
		}
		for (unsigned i = 0; i < out.ndigits; i++) {
			c->digit_ms[c->ndigits] = out.digit[i].duration_ms;
			c->digits[c->ndigits++] = out.digit[i].digit;
		}
	}
	mc_dtmf_t2e_destroy(t);
}

/* Checks the packets of one event starting at index *i; returns its timestamp. */
static uint32_t check_event(const struct capture *c, unsigned *i, char digit, double dur_ms,
			    unsigned event_rate)
{
	unsigned first = *i, ends = 0;
	uint32_t ts = c->pkt[first].ts;
	uint16_t last = 0;

	ck_assert_msg(c->pkt[first].marker, "event %c: no marker on its first packet", digit);
	for (; *i < c->n && c->pkt[*i].ts == ts; (*i)++) {
		const struct mc_tevent *e = &c->ev[*i];

		ck_assert_int_eq(mc_tevent_to_char(e->event), digit);
		ck_assert_uint_eq(e->volume, MC_DTMF_VOLUME_DEFAULT);
		ck_assert_msg(*i == first || !c->pkt[*i].marker, "marker on packet %u", *i - first);
		ck_assert_msg(e->duration >= last, "duration shrank %u -> %u", last, e->duration);
		ck_assert_msg(ends == 0 || e->end, "update after an end packet");
		if (e->end) {
			ck_assert(ends == 0 || e->duration == last);
			ends++;
		}
		last = e->duration;
	}
	ck_assert_msg(ends == 3, "event %c: %u end packets", digit, ends);
	ck_assert_msg(fabs(last * 1000.0 / event_rate - dur_ms) <= 20, "event %c: %.1f ms for %.0f",
		      digit, last * 1000.0 / event_rate, dur_ms);
	return ts;
}

static int16_t *digits_signal(const char *s, unsigned ms, unsigned rate, unsigned lead, unsigned len)
{
	struct mc_dtmf_gen g;
	struct mc_dtmf_gen_params p = { .rate = rate };
	int16_t *x = calloc(len, sizeof(int16_t));

	mc_dtmf_gen_init(&g, &p);
	mc_dtmf_gen_queue_str(&g, s, ms);
	mc_dtmf_gen_run(&g, x + lead, len - lead);
	return x;
}

START_TEST(tone_to_events)
{
	/* PCM rate, event clock: narrowband, G.722 (events at 8 kHz), Opus (48 kHz clock) */
	static const unsigned rates[][2] = { { 8000, 8000 }, { 16000, 8000 }, { 48000, 48000 } };
	unsigned pr = rates[_i][0], er = rates[_i][1], len = pr, lead = 3 * pr / 10;
	struct mc_dtmf_t2e_params p = { .pcm_rate = pr, .max_frame = pr / 50, .event_rate = er };
	int16_t *x = digits_signal("5", 120, pr, lead, len);
	uint32_t ts0 = 0xffffff00u, ts; /* wraps during the call */
	struct capture c;
	unsigned i = 0;
	double onset_ms;

	t2e_run(&p, x, len, ts0, &c);
	ck_assert_uint_gt(c.n, 0);
	ts = check_event(&c, &i, '5', 120, er);
	ck_assert_uint_eq(i, c.n); /* nothing else */
	onset_ms = (double)(int32_t)(ts - (ts0 + lead * er / pr)) * 1000.0 / er;
	ck_assert_msg(fabs(onset_ms) <= 20, "timestamp %.1f ms from the onset", onset_ms);
	ck_assert_msg(c.ndigits == 1 && c.digits[0] == '5', "digits reported: \"%s\"", c.digits);
	/* the end copies go out one per frame */
	ck_assert_uint_eq(c.frame[c.n - 1], c.frame[c.n - 3] + 2);
	free(x);
}
END_TEST

START_TEST(tone_sequence_to_events)
{
	struct mc_dtmf_t2e_params p = { .pcm_rate = 8000, .max_frame = 160 };
	unsigned len = 16000;
	struct mc_dtmf_gen g;
	struct mc_dtmf_gen_params gp = { .rate = 8000, .gap_ms = 50 };
	int16_t *x = calloc(len, sizeof(int16_t));
	struct capture c;
	uint32_t ts[4];
	unsigned i = 0;

	mc_dtmf_gen_init(&g, &gp);
	mc_dtmf_gen_queue_str(&g, "123#", 80);
	mc_dtmf_gen_run(&g, x + 800, len - 800);
	t2e_run(&p, x, len, 5000, &c);
	for (unsigned k = 0; k < 4; k++)
		ts[k] = check_event(&c, &i, "123#"[k], 80, 8000);
	ck_assert_uint_eq(i, c.n);
	for (unsigned k = 1; k < 4; k++)
		ck_assert_msg(fabs((ts[k] - ts[k - 1]) / 8.0 - 130) <= 20, "events %.1f ms apart",
			      (ts[k] - ts[k - 1]) / 8.0);
	ck_assert_str_eq(c.digits, "123#");
	free(x);
}
END_TEST

START_TEST(tone_muted_when_asked)
{
	struct mc_dtmf_t2e_params p = { .pcm_rate = 8000, .max_frame = 160, .mute = true };
	unsigned len = 8000;
	int16_t *x = digits_signal("0", 200, 8000, 1600, len), *orig = malloc(len * sizeof(int16_t));
	struct capture c;
	unsigned muted = 0;

	memcpy(orig, x, len * sizeof(int16_t));
	t2e_run(&p, x, len, 0, &c);
	ck_assert_str_eq(c.digits, "0");
	/* frames before the tone untouched; from detection to the end of the tone silent */
	ck_assert_int_eq(memcmp(x, orig, 1600 * sizeof(int16_t)), 0);
	for (unsigned f = 10; f < 50; f++)
		muted += dsig_power(x + f * 160, 160) == 0 && dsig_power(orig + f * 160, 160) > 0;
	/* 200 ms of tone = 10 frames, detection takes at most 3 of them */
	ck_assert_msg(muted >= 7, "%u of the tone's frames muted", muted);
	ck_assert_double_eq(dsig_power(x + 1600 + 1700, 160), 0); /* the tail too */
	free(x);
	free(orig);
}
END_TEST

/* Raw spandsp detector: digits heard in a buffer at 8 kHz. */
static void spandsp_digits(const int16_t *x, unsigned len, char *out, size_t cap)
{
	dtmf_rx_state_t *rx = dtmf_rx_init(NULL, NULL, NULL);
	size_t n;

	dtmf_rx(rx, x, (int)len);
	n = dtmf_rx_get(rx, out, (int)cap - 1);
	out[n] = '\0';
	dtmf_rx_free(rx);
}

struct feed { unsigned frame; uint32_t ts; uint8_t pl[MC_TEVENT_LEN]; };

/* Renders `frames` frames over background audio, feeding packet k before frame f[k]. */
static bool render(struct mc_dtmf_e2t *e, const struct feed *fd, unsigned nf, int16_t *x,
		   unsigned frame, unsigned frames)
{
	struct mc_tevent ev;
	bool any = false;

	for (unsigned f = 0, k = 0; f < frames; f++) {
		for (; k < nf && fd[k].frame == f; k++)
			ck_assert_int_ge(mc_dtmf_e2t_packet(e, fd[k].ts, fd[k].pl, MC_TEVENT_LEN, &ev), 0);
		any |= mc_dtmf_e2t_render(e, x + f * frame, frame);
	}
	return any;
}

/* Packets of one event from mc_tevent's sender, one per frame from frame `at`, the
 * duration growing by `step` ticks per packet. */
static unsigned sender_step(struct feed *fd, char digit, uint32_t ts, unsigned ticks,
			    unsigned step, unsigned at)
{
	struct mc_tevent_tx tx;
	bool marker;
	uint32_t off;
	unsigned n = 0;

	mc_tevent_tx_start(&tx, (uint8_t)mc_tevent_from_char(digit), 10, ticks, step);
	while (mc_tevent_tx_next(&tx, fd[n].pl, &marker, &off) == MC_TEVENT_LEN) {
		fd[n].frame = at + n;
		fd[n].ts = ts + off;   /* a long event's later segments */
		n++;
	}
	return n;
}

static unsigned sender(struct feed *fd, char digit, uint32_t ts, unsigned ticks, unsigned at)
{
	return sender_step(fd, digit, ts, ticks, 160, at);
}

START_TEST(events_to_tone)
{
	struct mc_dtmf_e2t e;
	struct mc_dtmf_e2t_params p = { .pcm_rate = 8000 };
	struct feed fd[32];
	unsigned len = 16000, n = sender(fd, '9', 777, 800, 20), s = 20 * 160;
	int16_t *bg = malloc(len * sizeof(int16_t)), *x = malloc(len * sizeof(int16_t));
	char heard[16];
	double lo, hi;

	dsig_voiced(bg, len, 8000, 6000, 2);
	memcpy(x, bg, len * sizeof(int16_t));
	ck_assert_int_eq(mc_dtmf_e2t_init(&e, &p), 0);
	ck_assert(render(&e, fd, n, x, 160, len / 160));
	/* the audio is untouched before the event and after the tone and its gap */
	ck_assert_int_eq(memcmp(x, bg, s * sizeof(int16_t)), 0);
	ck_assert_int_eq(memcmp(x + s + 800 + 400, bg + s + 800 + 400, (len - s - 1200) * sizeof(int16_t)), 0);
	/* the 800 samples of the event are the tone alone, then the gap is silent */
	mc_dtmf_freqs('9', &lo, &hi);
	ck_assert_double_eq_tol(dsig_goertzel(x + s, 800, 8000, lo) + dsig_goertzel(x + s, 800, 8000, hi),
				dsig_power(x + s, 800), dsig_power(x + s, 800) * 0.01);
	ck_assert_double_eq(dsig_power(x + s + 800, 400), 0);
	spandsp_digits(x, len, heard, sizeof(heard));
	ck_assert_str_eq(heard, "9");
	free(bg);
	free(x);
}
END_TEST

START_TEST(events_lost_start_and_duplicates)
{
	struct mc_dtmf_e2t e;
	struct mc_dtmf_e2t_params p = { .pcm_rate = 8000 };
	struct feed fd[32], only_end[3];
	unsigned n = sender(fd, '4', 100, 640, 10), len = 8000, tone = 0;
	int16_t *x = calloc(len, sizeof(int16_t));
	char heard[16];

	/* only the three end packets arrive, all in the same frame */
	for (unsigned k = 0; k < 3; k++) {
		only_end[k] = fd[n - 3 + k];
		only_end[k].frame = 10;
	}
	mc_dtmf_e2t_init(&e, &p);
	render(&e, only_end, 3, x, 160, len / 160);
	for (unsigned i = 0; i < len; i++)
		tone += x[i] != 0;
	ck_assert_msg(tone >= 620 && tone <= 640, "%u tone samples for 640", tone); /* a few zero crossings land on 0 */
	spandsp_digits(x, len, heard, sizeof(heard));
	ck_assert_str_eq(heard, "4");
	free(x);
}
END_TEST

START_TEST(events_lost_end_times_out)
{
	struct mc_dtmf_e2t e;
	struct mc_dtmf_e2t_params p = { .pcm_rate = 8000, .timeout_ms = 200 };
	struct feed fd[64];
	unsigned n = sender(fd, '#', 9, 8000, 5), len = 16000, last = 0;
	int16_t *x = calloc(len, sizeof(int16_t));
	char heard[16];

	(void)n;
	mc_dtmf_e2t_init(&e, &p);
	render(&e, fd, 3, x, 160, len / 160); /* start and two updates, then silence */
	for (unsigned i = 0; i < len; i++)
		if (x[i] != 0)
			last = i;
	/* packets in frames 5..7; the tone stops 200 ms (10 frames) after the last one */
	ck_assert_msg(last >= 7 * 160 + 1600 - 160 && last < 8 * 160 + 1600 + 160, "tone ends at %u", last);
	spandsp_digits(x, len, heard, sizeof(heard));
	ck_assert_str_eq(heard, "#");
	free(x);
}
END_TEST

START_TEST(events_new_over_open)
{
	struct mc_dtmf_e2t e;
	struct mc_dtmf_e2t_params p = { .pcm_rate = 8000 };
	struct feed fd[64];
	unsigned n, len = 16000;
	int16_t *x = calloc(len, sizeof(int16_t));
	char heard[16];

	n = sender(fd, '1', 100, 1600, 5);
	n = 5; /* '1' loses its end: its packets stop after 100 ms */
	n += sender(fd + n, '2', 2000, 800, 15);
	mc_dtmf_e2t_init(&e, &p);
	render(&e, fd, n, x, 160, len / 160);
	spandsp_digits(x, len, heard, sizeof(heard));
	ck_assert_str_eq(heard, "12");
	free(x);
}
END_TEST

START_TEST(events_at_16k_and_send)
{
	struct mc_dtmf_e2t e;
	struct mc_dtmf_e2t_params p = { .pcm_rate = 16000, .event_rate = 8000 };
	struct feed fd[32];
	unsigned n = sender(fd, 'D', 50, 800, 10), len = 32000;
	int16_t *x = calloc(len, sizeof(int16_t));
	struct mc_dtmf_det *det = mc_dtmf_det_create(16000, 320, NULL, 0);
	struct mc_dtmf_event ev[4];
	char heard[16] = "";
	unsigned nh = 0;

	mc_dtmf_e2t_init(&e, &p);
	render(&e, fd, n, x, 320, 40);
	ck_assert_int_eq(mc_dtmf_e2t_send(&e, "*0", 100), 2); /* /mc/dtmf/send in-band */
	render(&e, NULL, 0, x + 40 * 320, 320, len / 320 - 40);
	for (unsigned f = 0; f < len / 320; f++) {
		int k = mc_dtmf_det_process(det, x + f * 320, 320, ev, 4);

		for (int i = 0; i < k; i++)
			if (ev[i].kind == MC_DTMF_DIGIT_END) {
				ck_assert_msg(abs((int)ev[i].duration_ms - 100) <= 20, "%c: %u ms",
					      ev[i].digit, ev[i].duration_ms);
				heard[nh++] = ev[i].digit;
			}
	}
	ck_assert_str_eq(heard, "D*0");
	mc_dtmf_det_destroy(det);
	free(x);
}
END_TEST

START_TEST(round_trip_tone_events_tone)
{
	struct mc_dtmf_t2e_params tp = { .pcm_rate = 8000, .max_frame = 160 };
	struct mc_dtmf_e2t_params ep = { .pcm_rate = 8000 };
	struct mc_dtmf_gen g;
	struct mc_dtmf_gen_params gp = { .rate = 8000 };
	unsigned len = 24000;
	int16_t *x = calloc(len, sizeof(int16_t)), *y = calloc(len, sizeof(int16_t));
	struct mc_dtmf_e2t e;
	struct capture c;
	char heard[16];

	mc_dtmf_gen_init(&g, &gp);
	mc_dtmf_gen_queue_str(&g, "159D", 90);
	mc_dtmf_gen_run(&g, x + 400, len - 400);
	t2e_run(&tp, x, len, 1234, &c);
	mc_dtmf_e2t_init(&e, &ep);
	for (unsigned f = 0, k = 0; f < len / 160; f++) {
		struct mc_tevent ev;

		for (; k < c.n && c.frame[k] == f; k++)
			mc_dtmf_e2t_packet(&e, c.pkt[k].ts, c.pkt[k].payload, MC_TEVENT_LEN, &ev);
		mc_dtmf_e2t_render(&e, y + f * 160, 160);
	}
	spandsp_digits(y, len, heard, sizeof(heard));
	ck_assert_str_eq(heard, "159D");
	free(x);
	free(y);
}
END_TEST

/* RFC 4733 2.5.1.3: a 3 s tone, 8 kHz PCM, events at 48 kHz (Opus' clock), where the
 * 16-bit duration holds 1.37 s. The packets come in segments: within one, durations
 * never shrink; every segment but the last ends with 0xffff and never has the end
 * bit; each next one starts exactly where the last ended (ts + 0xffff), without a
 * marker; the last ends with the end bit three times; all segments add up to the tone
 * within one frame, and the digit is reported once with its whole length. */
START_TEST(long_tone_to_segments)
{
	/* PCM rate, event clock */
	static const unsigned rates[][2] = { { 8000, 48000 }, { 48000, 48000 }, { 8000, 8000 } };
	unsigned pr = rates[_i][0], er = rates[_i][1], tone_ms = _i == 2 ? 9000 : 3000;
	unsigned lead = pr / 5, len = (unsigned)((uint64_t)pr * (tone_ms + 600) / 1000);
	struct mc_dtmf_t2e_params p = { .pcm_rate = pr, .max_frame = pr / 50, .event_rate = er };
	int16_t *x = digits_signal("8", tone_ms, pr, lead, len);
	static struct capture c;
	uint32_t seg_ts[16], seg_last[16], total, want = (uint32_t)((uint64_t)tone_ms * er / 1000);
	unsigned nseg = 0, ends = 0;

	t2e_run(&p, x, len, 0xfffe0000u, &c);   /* the timestamps wrap on the way */
	ck_assert_uint_gt(c.n, 0);
	ck_assert(c.pkt[0].marker);
	for (unsigned i = 0; i < c.n; i++) {
		const struct mc_tevent *e = &c.ev[i];

		ck_assert_int_eq(mc_tevent_to_char(e->event), '8');
		ck_assert_msg(i == 0 || !c.pkt[i].marker, "marker on packet %u", i);
		if (nseg == 0 || c.pkt[i].ts != seg_ts[nseg - 1]) {
			ck_assert_uint_lt(nseg, 16);
			if (nseg > 0) {   /* the previous segment was full, and this one follows it */
				ck_assert_uint_eq(seg_last[nseg - 1], 0xffff);
				ck_assert_uint_eq(c.pkt[i].ts, seg_ts[nseg - 1] + seg_last[nseg - 1]);
				ck_assert_msg(ends == 0, "a segment after the end");
			}
			seg_ts[nseg] = c.pkt[i].ts;
			seg_last[nseg++] = 0;
		}
		ck_assert_msg(e->duration >= seg_last[nseg - 1], "segment %u: duration shrank %u -> %u",
			      nseg - 1, seg_last[nseg - 1], e->duration);
		ck_assert_msg(e->duration > 0, "empty segment");
		ck_assert_msg(ends == 0 || e->end, "update after an end packet");
		ends += e->end;
		seg_last[nseg - 1] = e->duration;
	}
	ck_assert_uint_eq(ends, 3);
	total = seg_ts[nseg - 1] - seg_ts[0] + seg_last[nseg - 1];
	ck_assert_uint_eq(nseg, (want + 0xfffe) / 0xffff);
	ck_assert_msg(abs((int)total - (int)want) <= (int)(er / 50), "%u ticks for %u", total, want);
	ck_assert_msg(c.ndigits == 1 && c.digits[0] == '8', "digits: \"%s\"", c.digits);
	ck_assert_msg(abs((int)c.digit_ms[0] - (int)tone_ms) <= 20, "%u ms", c.digit_ms[0]);
	free(x);
}
END_TEST

/* The receive side of the same: a 2 s event at 48 kHz comes in two segments (the
 * second at ts + 0xffff); it is one event (one START, one END, with the whole
 * duration) and one continuous tone: every 10 ms from its first packet to its end
 * carries the tone at full level, spandsp hears one digit, and the tone lasts the
 * event's total duration. */
START_TEST(segmented_events_to_one_tone)
{
	struct mc_dtmf_e2t e;
	struct mc_dtmf_e2t_params p = { .pcm_rate = 8000, .event_rate = 48000 };
	static struct feed fd[256];
	unsigned n = sender_step(fd, '6', 123456, 96000, 960, 10), len = 8000 * 3, k = 0;
	unsigned kinds[4] = { 0 }, nsegs = 1, tone = 0;
	int16_t *x = calloc(len, sizeof(int16_t));
	double lvl = 0;
	char heard[16];

	for (unsigned i = 1; i < n; i++)
		nsegs += fd[i].ts != fd[i - 1].ts;
	ck_assert_uint_eq(nsegs, 2);
	ck_assert_int_eq(mc_dtmf_e2t_init(&e, &p), 0);
	for (unsigned f = 0; f < len / 160; f++) {
		struct mc_tevent ev;

		for (; k < n && fd[k].frame == f; k++) {
			int kind = mc_dtmf_e2t_packet(&e, fd[k].ts, fd[k].pl, MC_TEVENT_LEN, &ev);

			ck_assert_int_ge(kind, 0);
			kinds[kind]++;
		}
		mc_dtmf_e2t_render(&e, x + f * 160, 160);
	}
	ck_assert_uint_eq(kinds[MC_TEVENT_RX_START], 1);
	ck_assert_uint_eq(kinds[MC_TEVENT_RX_END], 1);
	ck_assert_uint_eq(mc_tevent_rx_total(&e.rx), 96000);
	/* -10 dBm0 per tone: each 10 ms block of the tone within 1 dB of the first one */
	for (unsigned b = 10 * 2; b < 10 * 2 + 200; b++) {
		double pw = dsig_power(x + b * 80, 80);

		if (lvl == 0)
			lvl = pw;
		ck_assert_msg(pw > lvl * 0.79 && pw < lvl * 1.26, "10 ms block %u: power %.0f vs %.0f",
			      b - 20, pw, lvl);
	}
	for (unsigned i = 0; i < len; i++)
		tone = x[i] != 0 ? i + 1 : tone;
	ck_assert_msg(abs((int)tone - (int)(10 * 160 + 16000)) <= 2, "tone ends at %u", tone);
	spandsp_digits(x, len, heard, sizeof(heard));
	ck_assert_str_eq(heard, "6");
	free(x);
}
END_TEST

/* Round trip of a long digit: 2.5 s tone -> 48 kHz segmented events -> tone at 8 kHz:
 * one digit, one continuous tone of the same length (within 40 ms). */
START_TEST(long_round_trip)
{
	struct mc_dtmf_t2e_params tp = { .pcm_rate = 8000, .max_frame = 160, .event_rate = 48000 };
	struct mc_dtmf_e2t_params ep = { .pcm_rate = 8000, .event_rate = 48000 };
	unsigned len = 8000 * 4, first = 0, last = 0;
	int16_t *x = digits_signal("#", 2500, 8000, 800, len), *y = calloc(len, sizeof(int16_t));
	struct mc_dtmf_e2t e;
	static struct capture c;
	char heard[16];

	t2e_run(&tp, x, len, 77, &c);
	mc_dtmf_e2t_init(&e, &ep);
	for (unsigned f = 0, k = 0; f < len / 160; f++) {
		struct mc_tevent ev;

		for (; k < c.n && c.frame[k] == f; k++)
			mc_dtmf_e2t_packet(&e, c.pkt[k].ts, c.pkt[k].payload, MC_TEVENT_LEN, &ev);
		mc_dtmf_e2t_render(&e, y + f * 160, 160);
	}
	for (unsigned i = 0; i < len; i++)
		if (y[i] != 0) {
			first = first ? first : i + 1;
			last = i + 1;
		}
	/* no gap: no run of 10 ms without a sample of tone in between */
	for (unsigned i = first, run = 0; i < last; i++) {
		run = y[i] == 0 ? run + 1 : 0;
		ck_assert_msg(run < 80, "gap at %u", i);
	}
	ck_assert_msg(abs((int)(last - first) - 20000) <= 320, "tone of %u samples", last - first);
	spandsp_digits(y, len, heard, sizeof(heard));
	ck_assert_str_eq(heard, "#");
	free(x);
	free(y);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dsp_dtmf_iw");
	TCase *tc = tcase_create("dtmf_iw");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, tone_to_events, 0, 3);
	tcase_add_test(tc, tone_sequence_to_events);
	tcase_add_test(tc, tone_muted_when_asked);
	tcase_add_test(tc, events_to_tone);
	tcase_add_test(tc, events_lost_start_and_duplicates);
	tcase_add_test(tc, events_lost_end_times_out);
	tcase_add_test(tc, events_new_over_open);
	tcase_add_test(tc, events_at_16k_and_send);
	tcase_add_test(tc, round_trip_tone_events_tone);
	tcase_add_loop_test(tc, long_tone_to_segments, 0, 3);
	tcase_add_test(tc, segmented_events_to_one_tone);
	tcase_add_test(tc, long_round_trip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
