/* DTMF in the dataplane, in process on the fake clock: /mc/dtmf/send's worker command
 * (tones on a leg without telephone-event, read back by spandsp's detector through
 * lib/dsp; RFC 4733 events on a leg with it, parsed back packet by packet), and the
 * MC_EV_DTMF events a worker reports: RFC 4733 digits passing a relayed leg, events
 * and in-band tones arriving on transcoded legs; one event per digit, with its length. */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dp_harness.h"
#include "mc_codec.h"
#include "mc_dtmf.h"
#include "mc_tc.h"
#include "mc_tc_priv.h"

#define IP_A ip4(10, 96, 0, 1)
#define IP_B ip4(10, 97, 0, 2)
#define MAX_OUT 512
#define PCM_MAX (8000 * 20)
#define NO MC_TC_NO_PT

struct side {
	enum mc_codec_id id;
	uint8_t pt;
	const char *name;
	uint32_t rate;
	uint8_t tevent;
};

static const struct side PCMU = { MC_CODEC_PCMU, 0, "PCMU", 8000, NO };
static const struct side PCMU_TE = { MC_CODEC_PCMU, 0, "PCMU", 8000, 101 };
static const struct side OPUS = { MC_CODEC_OPUS, 111, "opus", 48000, NO };
static const struct side OPUS_TE = { MC_CODEC_OPUS, 111, "opus", 48000, 96 };

static uint8_t frame[1600], pkt[1500];
static struct mc_session *live;

/* A sender: 20 ms frames of one or two tones (amplitude 0: silence). */
struct src {
	struct mc_codec *enc;
	uint8_t pt;
	unsigned rate, frame, pos;
	double amp, f1, f2;
	uint16_t seq;
	uint32_t ts, step;
};

static struct mc_codec *codec(enum mc_codec_id id, unsigned rate)
{
	struct mc_codec_params p = { .id = id, .pcm_rate = rate, .channels = 1 };
	char err[128];
	struct mc_codec *c = mc_codec_create(&p, err, sizeof(err));

	ck_assert_msg(c != NULL, "codec: %s", err);
	return c;
}

static void src_init(struct src *s, const struct side *sd)
{
	memset(s, 0, sizeof(*s));
	s->rate = 8000;
	s->enc = codec(sd->id, s->rate);
	s->pt = sd->pt;
	s->frame = 160;
	s->seq = 100;
	s->ts = 5000;
	s->step = mc_codec_rtp_ticks(s->enc, s->frame);
}

static size_t src_next(struct src *s, uint8_t *b)
{
	int16_t pcm[160];
	int n;

	for (unsigned i = 0; i < s->frame; i++, s->pos++)
		pcm[i] = (int16_t)(s->amp * (sin(2 * M_PI * s->f1 * s->pos / s->rate) +
					     sin(2 * M_PI * s->f2 * s->pos / s->rate)));
	b[0] = 0x80;
	b[1] = s->pt;
	put16(b + 2, s->seq++);
	put32(b + 4, s->ts);
	put32(b + 8, 0x5eed0002);
	s->ts += s->step;
	n = mc_codec_encode(s->enc, pcm, s->frame, b + 12, 1400);
	ck_assert_int_gt(n, 0);
	return 12 + (size_t)n;
}

static void inject(const struct mc_session *s, unsigned leg, const uint8_t *p, size_t n)
{
	const struct mc_leg *l = &s->legs[leg];
	struct h_udp u = {
		.src_mac = H_PEER_MAC[leg], .dst_mac = H_MAC[leg],
		.sip = leg ? IP_B : IP_A, .dip = l->dp.local_ip,
		.sport = leg ? 5004 : 40000, .dport = l->dp.local_port,
	};

	h_inject(leg, 0, frame, h_build_udp(frame, &u, p, n));
}

/* One RFC 4733 packet from a leg's remote. */
static void send_event(struct mc_session *s, unsigned leg, uint16_t seq, uint8_t pt,
		       uint32_t ts, uint8_t ev, bool marker, bool end, uint16_t dur)
{
	uint8_t b[16] = { 0x80, (uint8_t)(pt | (marker ? 0x80 : 0)) };

	put16(b + 2, seq);
	put32(b + 4, ts);
	put32(b + 8, 0x5eed0003);
	b[12] = ev;
	b[13] = (uint8_t)((end ? 0x80 : 0) | 10);
	put16(b + 14, dur);
	inject(s, leg, b, 16);
}

/* What media-core sent to a leg's remote: audio decoded (PCMU), events kept. */
struct sink {
	struct mc_codec *dec;
	uint8_t ev_pt;
	unsigned n, nev;
	uint16_t seq[MAX_OUT];
	uint8_t ev[MAX_OUT][4], ev_mark[MAX_OUT];
	uint32_t ev_ts[MAX_OUT];
	int16_t pcm[PCM_MAX];
	size_t n_pcm;
};

static void collect(struct sink *k, const struct mc_session *s, unsigned to)
{
	const struct mc_leg_dp *d = &s->legs[to].dp;
	struct rte_mbuf *m;
	size_t len;

	while ((m = h_take(to, s->worker)) != NULL) {
		if (get16(rte_pktmbuf_mtod(m, const uint8_t *) + 34) != d->local_port) {
			rte_pktmbuf_free(m);   /* RTCP */
			continue;
		}
		const uint8_t *r = h_check_frame(m, H_MAC[to], H_PEER_MAC[to], d->local_ip,
						 d->remote_ip, d->local_port, d->remote_port,
						 false, &len);

		ck_assert_uint_lt(k->n, MAX_OUT);
		k->seq[k->n++] = get16(r + 2);
		if ((r[1] & 0x7f) == k->ev_pt) {
			ck_assert_uint_eq(len, 16);
			memcpy(k->ev[k->nev], r + 12, 4);
			k->ev_mark[k->nev] = r[1] >> 7;
			k->ev_ts[k->nev++] = get32(r + 4);
		} else {
			int n = mc_codec_decode(k->dec, r + 12, len - 12, k->pcm + k->n_pcm,
						(unsigned)(PCM_MAX - k->n_pcm));

			ck_assert_int_gt(n, 0);
			k->n_pcm += (size_t)n;
		}
		rte_pktmbuf_free(m);
	}
}

static struct mc_tc *make_tc(const struct side *in, const struct side *out, uint32_t ssrc)
{
	struct mc_tc_params p = {
		.in = { .codec = in->id, .pt = in->pt, .cn_pt = NO, .ptime = 20,
			.tevent_pt = in->tevent },
		.out = { .codec = out->id, .pt = out->pt, .cn_pt = NO, .ptime = 20,
			 .tevent_pt = out->tevent },
		.jb_enabled = true, .ssrc = ssrc, .seed = ssrc ^ 0x4321,
	};
	char err[128];
	struct mc_tc *t = mc_tc_create(&p, err, sizeof(err));

	ck_assert_msg(t != NULL, "mc_tc_create: %s", err);
	return t;
}

static void set_leg(struct mc_leg *l, const struct side *sd)
{
	h_leg_codec(l, sd->name, sd->pt, sd->rate, 0, sd->tevent);
}

static void session(struct mc_session *s, const struct side *a, const struct side *b,
		    bool transcode)
{
	if (live != NULL)
		h_cmd(live, MC_WCMD_DEL);
	live = s;
	h_reset();
	h_session_init(s, 3, 30100, 30102);
	if (transcode) {
		s->mode = MC_MODE_TRANSCODE;
		set_leg(&s->legs[0], a);
		set_leg(&s->legs[1], b);
		s->legs[0].dp.tc = make_tc(a, b, 0xa1a1a1a1u);
		s->legs[1].dp.tc = make_tc(b, a, 0xb1b1b1b1u);
	}
	ck_assert_int_eq(h_cmd(s, MC_WCMD_ADD), 0);
}

static void end(struct mc_session *s)
{
	live = NULL;
	ck_assert_int_eq(h_cmd(s, MC_WCMD_DEL), 0);
	mc_tc_destroy(s->legs[0].dp.tc);
	mc_tc_destroy(s->legs[1].dp.tc);
}

/* What was sent to a leg, not looked at. */
static void discard(const struct mc_session *s, unsigned to)
{
	struct rte_mbuf *m;

	while ((m = h_take(to, s->worker)) != NULL)
		rte_pktmbuf_free(m);
}

static int dtmf_send(struct mc_session *s, unsigned leg, const char *digits, unsigned ms)
{
	static struct mc_wcmd cmd;

	memset(&cmd, 0, sizeof(cmd));
	cmd.type = MC_WCMD_DTMF;
	cmd.session = s;
	cmd.leg = (uint8_t)leg;
	cmd.duration_ms = (uint16_t)ms;
	strcpy(cmd.digits, digits);
	return mc_dp_command(h_owner(s), &cmd);
}

/* The MC_EV_DTMF events reported since the last call. */
static unsigned dtmf_events(struct mc_event *out, unsigned max)
{
	struct mc_event ev[64];
	unsigned n = h_events(ev, 64), k = 0;

	for (unsigned i = 0; i < n; i++)
		if (ev[i].type == MC_EV_DTMF && k < max)
			out[k++] = ev[i];
	return k;
}

/* Silence from B's remote for n frames, what goes to A collected. */
static void run_b(struct mc_session *s, struct src *b, unsigned n, struct sink *k)
{
	for (unsigned i = 0; i < n; i++) {
		inject(s, 1, pkt, src_next(b, pkt));
		h_run(20);
		collect(k, s, 0);
	}
}

/* "12#" into a PCMU leg without telephone-event: tones in A's audio. */
START_TEST(send_inband)
{
	static struct mc_session s;
	static struct sink k;
	struct mc_dtmf_event ev[16];
	struct mc_dtmf_det *det;
	struct src b;
	char err[128], got[8] = "";
	int n;

	session(&s, &PCMU, &OPUS, true);
	src_init(&b, &OPUS);
	memset(&k, 0, sizeof(k));
	k.dec = codec(MC_CODEC_PCMU, 8000);
	k.ev_pt = NO;
	run_b(&s, &b, 10, &k);
	ck_assert_int_eq(dtmf_send(&s, 0, "12#", 100), 3);
	run_b(&s, &b, 60, &k);
	det = mc_dtmf_det_create(8000, (unsigned)k.n_pcm, err, sizeof(err));
	ck_assert_ptr_nonnull(det);
	n = mc_dtmf_det_process(det, k.pcm, (unsigned)k.n_pcm, ev, 16);
	for (int i = 0; i < n; i++)
		if (ev[i].kind == MC_DTMF_DIGIT_END) {
			size_t l = strlen(got);

			ck_assert_uint_lt(l, sizeof(got) - 1);
			got[l] = ev[i].digit;
			ck_assert_uint_ge(ev[i].duration_ms, 80);
			ck_assert_uint_le(ev[i].duration_ms, 120);
		}
	ck_assert_str_eq(got, "12#");
	/* Digits media-core plays are not digits a remote sent. */
	ck_assert_uint_eq(dtmf_events((struct mc_event[4]){ 0 }, 4), 0);
	/* The stream towards A stayed one stream: no sequence gap. */
	for (unsigned i = 1; i < k.n; i++)
		ck_assert_uint_eq((uint16_t)(k.seq[i] - k.seq[i - 1]), 1);
	mc_dtmf_det_destroy(det);
	mc_codec_destroy(k.dec);
	mc_codec_destroy(b.enc);
	end(&s);
}
END_TEST

/* "12#" into a leg with telephone-event: RFC 4733 packets in media-core's stream to A,
 * one event per digit (marker first, one timestamp, growing duration, end three times). */
START_TEST(send_rfc4733)
{
	static const uint8_t codes[] = { 1, 2, 11 };
	static struct mc_session s;
	static struct sink k;
	struct src b;
	unsigned d = 0, ends = 0;
	uint16_t last_dur = 0;

	session(&s, &PCMU_TE, &OPUS, true);
	src_init(&b, &OPUS);
	memset(&k, 0, sizeof(k));
	k.dec = codec(MC_CODEC_PCMU, 8000);
	k.ev_pt = 101;
	run_b(&s, &b, 10, &k);
	ck_assert_int_eq(dtmf_send(&s, 0, "12#", 100), 3);
	run_b(&s, &b, 60, &k);
	ck_assert_uint_gt(k.nev, 0);
	for (unsigned i = 0; i < k.nev; i++) {
		uint16_t dur = get16(k.ev[i] + 2);
		bool e = k.ev[i][1] >> 7;

		ck_assert_uint_lt(d, 3);
		ck_assert_uint_eq(k.ev[i][0], codes[d]);
		ck_assert_uint_eq(k.ev_mark[i], ends == 0 && (i == 0 || k.ev_ts[i] != k.ev_ts[i - 1]));
		if (i > 0 && ends == 0 && k.ev_ts[i] == k.ev_ts[i - 1])
			ck_assert_uint_gt(dur, last_dur);
		if (e) {
			ck_assert_uint_eq(dur, 800);   /* 100 ms at 8 kHz */
			if (++ends == 3) {
				ends = 0;
				d++;
				if (i + 1 < k.nev)   /* the next digit starts later in the stream */
					ck_assert_uint_ge(k.ev_ts[i + 1] - k.ev_ts[i], 800);
			}
		}
		last_dur = dur;
	}
	ck_assert_uint_eq(d, 3);
	for (unsigned i = 1; i < k.n; i++)
		ck_assert_uint_eq((uint16_t)(k.seq[i] - k.seq[i - 1]), 1);
	mc_codec_destroy(k.dec);
	mc_codec_destroy(b.enc);
	end(&s);
}
END_TEST

/* More than 32 digits waiting is refused whole; a relayed leg has no DTMF path. */
START_TEST(send_refused)
{
	static struct mc_session s, r;

	session(&s, &PCMU_TE, &OPUS, true);
	ck_assert_int_eq(dtmf_send(&s, 0, "0123456789*#ABCD0123456789*#ABCD", 100), 32);
	ck_assert_int_eq(dtmf_send(&s, 0, "1", 100), -ENOSPC);
	ck_assert_int_eq(dtmf_send(&s, 1, "0123456789*#ABCD0123456789*#ABCD", 100), 32);
	ck_assert_int_eq(dtmf_send(&s, 1, "1", 100), -ENOSPC);
	end(&s);
	session(&r, NULL, NULL, false);
	ck_assert_int_eq(dtmf_send(&r, 0, "1", 100), -ENOTSUP);
	live = NULL;
	ck_assert_int_eq(h_cmd(&r, MC_WCMD_DEL), 0);
}
END_TEST

/* RFC 4733 digits through a relayed leg: relayed as they are, reported once each. */
START_TEST(relayed_events_reported)
{
	static struct mc_session s;
	struct mc_event ev[8];
	unsigned n;
	uint16_t seq = 10;

	session(&s, NULL, NULL, false);
	s.legs[0].dp.tevent = true;    /* as mc_sm_fill_dp sets it: PT 101 at 48 kHz */
	s.legs[0].dp.tevent_pt = 101;
	/* '1' for 120 ms: start, updates, the end three times. */
	for (unsigned i = 0; i < 9; i++) {
		bool e = i >= 6;

		send_event(&s, 0, seq++, 101, 48000, 1, i == 0, e,
			   (uint16_t)(e ? 5760 : 960 * (i + 1)));
		h_run(20);
	}
	/* '#' whose first packet is already the end (a short digit), 200 ms. */
	for (unsigned i = 0; i < 3; i++) {
		send_event(&s, 0, seq++, 101, 96000, 11, i == 0, true, 9600);
		h_run(20);
	}
	ck_assert_uint_eq(h_tx_count(1, s.worker), 12);   /* every packet relayed */
	n = dtmf_events(ev, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ev[0].digit, '1');
	ck_assert_uint_eq(ev[0].duration_ms, 120);
	ck_assert_int_eq(ev[1].digit, '#');
	ck_assert_uint_eq(ev[1].duration_ms, 200);
	for (unsigned i = 0; i < n; i++) {
		ck_assert_uint_eq(ev[i].leg, 0);
		ck_assert_uint_eq(ev[i].session_slot, s.slot);
	}
	live = NULL;
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), 0);
}
END_TEST

/* Transcoded legs: RFC 4733 events in (rendered as tones for B) and a tone in
 * (detected, sent to B as events) are each reported once, on the leg they came in. */
START_TEST(transcoded_digits_reported)
{
	static struct mc_session s;
	static struct sink k;
	struct mc_event ev[8];
	struct src a;
	uint16_t seq = 1000;

	session(&s, &PCMU_TE, &OPUS, true);
	src_init(&a, &PCMU);
	a.amp = 0;
	for (unsigned i = 0; i < 30; i++) {
		inject(&s, 0, pkt, src_next(&a, pkt));
		if (i >= 5 && i < 13)   /* '8' for 160 ms, end three times */
			send_event(&s, 0, seq++, 101, 5000 + 5 * 160, 8, i == 5, i >= 10,
				   (uint16_t)(i >= 10 ? 1280 : 160 * (i - 4)));
		h_run(20);
		discard(&s, 1);
	}
	ck_assert_uint_eq(dtmf_events(ev, 8), 1);
	ck_assert_int_eq(ev[0].digit, '8');
	ck_assert_uint_eq(ev[0].duration_ms, 160);
	ck_assert_uint_eq(ev[0].leg, 0);
	mc_codec_destroy(a.enc);
	end(&s);

	session(&s, &PCMU, &OPUS_TE, true);
	src_init(&a, &PCMU);
	memset(&k, 0, sizeof(k));
	k.dec = codec(MC_CODEC_OPUS, 8000);
	k.ev_pt = 96;
	a.f1 = 852;
	a.f2 = 1336;   /* '8' */
	for (unsigned i = 0; i < 40; i++) {
		a.amp = i >= 10 && i < 20 ? 6000 : 0;   /* 200 ms */
		inject(&s, 0, pkt, src_next(&a, pkt));
		h_run(20);
		collect(&k, &s, 1);
	}
	ck_assert_uint_eq(dtmf_events(ev, 8), 1);
	ck_assert_int_eq(ev[0].digit, '8');
	ck_assert_uint_ge(ev[0].duration_ms, 160);
	ck_assert_uint_le(ev[0].duration_ms, 240);
	ck_assert_uint_eq(ev[0].leg, 0);
	ck_assert_uint_gt(k.nev, 0);   /* and B got it as events */
	mc_codec_destroy(k.dec);
	mc_codec_destroy(a.enc);
	end(&s);

	/* Neither leg takes events: the tone stays in B's audio, and is reported. */
	session(&s, &PCMU, &OPUS, true);
	src_init(&a, &PCMU);
	a.f1 = 770;
	a.f2 = 1336;   /* '5' */
	for (unsigned i = 0; i < 40; i++) {
		a.amp = i >= 10 && i < 20 ? 6000 : 0;
		inject(&s, 0, pkt, src_next(&a, pkt));
		h_run(20);
		discard(&s, 1);
	}
	ck_assert_uint_eq(dtmf_events(ev, 8), 1);
	ck_assert_int_eq(ev[0].digit, '5');
	ck_assert_uint_ge(ev[0].duration_ms, 160);
	ck_assert_uint_le(ev[0].duration_ms, 240);
	ck_assert_uint_eq(ev[0].leg, 0);
	mc_codec_destroy(a.enc);
	end(&s);
}
END_TEST

/* "4" into a relayed leg that media-core rewrites (rewrite_ssrc, telephone-event PT 101
 * at 48 kHz): RFC 4733 packets join the relayed stream with its SSRC and the next
 * sequence numbers, and the relayed packets after them carry on without a collision. */
START_TEST(send_relayed_rewritten)
{
	static struct mc_session s;
	static uint8_t b[64];
	struct rte_mbuf *m;
	unsigned nev = 0, ends = 0, audio = 0, n = 0;
	uint32_t ev_ts = 0, ssrc = 0, last_audio_ts = 0;
	uint16_t seq = 0;
	size_t len;

	if (live != NULL)
		h_cmd(live, MC_WCMD_DEL);
	live = NULL;
	h_reset();
	h_session_init(&s, 4, 30104, 30106);
	s.legs[0].dp.rewrite = true;
	s.legs[0].dp.tevent = true;
	s.legs[0].dp.tevent_pt = 101;
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_ADD), 0);
	ck_assert_int_eq(dtmf_send(&s, 1, "4", 100), -ENOTSUP);   /* not rewritten */
	for (unsigned i = 0; i < 30; i++) {
		if (i == 5)
			ck_assert_int_eq(dtmf_send(&s, 0, "4", 100), 1);
		inject(&s, 1, b, h_build_rtp(b, 107, false, (uint16_t)(900 + i), 3000 + 960 * i,
					     0xbbbb, 20, (uint8_t)i));
		h_run(20);
		while ((m = h_take(0, s.worker)) != NULL) {
			const struct mc_leg_dp *d = &s.legs[0].dp;

			if (get16(rte_pktmbuf_mtod(m, const uint8_t *) + 34) != d->local_port) {
				rte_pktmbuf_free(m);   /* RTCP */
				continue;
			}
			const uint8_t *r = h_check_frame(m, H_MAC[0], H_PEER_MAC[0], d->local_ip,
							 d->remote_ip, d->local_port,
							 d->remote_port, false, &len);
			if (n++ == 0)
				ssrc = get32(r + 8);
			else
				ck_assert_uint_eq((uint16_t)(get16(r + 2) - seq), 1);
			seq = get16(r + 2);
			ck_assert_uint_eq(get32(r + 8), ssrc);
			if ((r[1] & 0x7f) == 101) {
				ck_assert_uint_eq(len, 16);
				ck_assert_uint_eq(r[12], 4);
				if (nev++ == 0) {
					ev_ts = get32(r + 4);
					ck_assert_uint_eq(ev_ts, last_audio_ts + 960);
				}
				ck_assert_uint_eq(r[1] >> 7, nev == 1);
				ck_assert_uint_eq(get32(r + 4), ev_ts);
				if (r[13] >> 7) {
					ends++;
					ck_assert_uint_eq(get16(r + 14), 4800);   /* 100 ms */
				}
			} else {
				ck_assert_uint_eq(r[1] & 0x7f, 111);
				last_audio_ts = get32(r + 4);
				audio++;
			}
			rte_pktmbuf_free(m);
		}
	}
	ck_assert_uint_eq(audio, 30);
	ck_assert_uint_eq(ends, 3);
	ck_assert_uint_eq(nev, 7);   /* 20, 40, 60, 80 ms, then 100 ms three times */
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), 0);
}
END_TEST

/* RFC 4733 2.5.1.3 on what went to a leg: one event `code` of `total` ticks, sent in
 * segments of at most 0xffff ticks. The first packet alone has the marker; within a
 * segment durations grow; a segment that is not the last ends with exactly 0xffff
 * and never has the end bit, and the next starts at its timestamp + 0xffff; the end
 * bit is on the last segment's final duration, three times; the segments add up to
 * total. Returns the number of segments. */
static unsigned check_segments(const struct sink *k, uint8_t code, uint32_t total)
{
	uint32_t seg_ts = 0, last = 0;
	unsigned nseg = 0, ends = 0;

	ck_assert_uint_gt(k->nev, 0);
	for (unsigned i = 0; i < k->nev; i++) {
		uint16_t dur = get16(k->ev[i] + 2);
		bool e = k->ev[i][1] >> 7;

		ck_assert_uint_eq(k->ev[i][0], code);
		ck_assert_msg(k->ev_mark[i] == (i == 0), "marker on event packet %u", i);
		if (i == 0 || k->ev_ts[i] != seg_ts) {
			if (i > 0) {
				ck_assert_msg(last == 0xffff, "segment %u ends at %u", nseg - 1, last);
				ck_assert_uint_eq(k->ev_ts[i], seg_ts + 0xffff);
				ck_assert_uint_eq(ends, 0);
			}
			seg_ts = k->ev_ts[i];
			last = 0;
			nseg++;
		}
		ck_assert_msg(dur >= last, "duration shrank %u -> %u", last, dur);
		ck_assert_msg(ends == 0 || e, "update after the end");
		ck_assert_msg(!e || nseg == (total + 0xfffe) / 0xffff, "end bit in segment %u", nseg);
		ends += e;
		last = dur;
	}
	ck_assert_uint_eq(ends, 3);
	ck_assert_uint_eq(seg_ts - k->ev_ts[0] + last, total);
	return nseg;
}

/* A 2.5 s digit as RFC 4733 at 8 kHz from a PCMU leg to an Opus leg with
 * telephone-event/48000: 20000 ticks become 120000, two segments on B (65535 +
 * 54465), and the digit is reported once, with its 2500 ms. */
START_TEST(long_event_rescaled_segmented)
{
	static struct mc_session s;
	static struct sink k;
	struct mc_event ev[8];
	struct src a;
	uint16_t seq = 2000;
	uint32_t ts = 0;

	session(&s, &PCMU_TE, &OPUS_TE, true);
	src_init(&a, &PCMU);
	memset(&k, 0, sizeof(k));
	k.dec = codec(MC_CODEC_OPUS, 8000);
	k.ev_pt = 96;
	for (unsigned i = 0; i < 150; i++) {
		if (i == 10)
			ts = a.ts;
		inject(&s, 0, pkt, src_next(&a, pkt));
		/* '7': frames 10..134 grow it by 160 ticks each (to 20000), the end x3 */
		if (i >= 10 && i < 138) {
			bool e = i >= 135;

			send_event(&s, 0, seq++, 101, ts, 7, i == 10, e,
				   (uint16_t)(e ? 20000 : 160 * (i - 9)));
		}
		h_run(20);
		collect(&k, &s, 1);
	}
	ck_assert_uint_eq(check_segments(&k, 7, 120000), 2);
	ck_assert_uint_eq(dtmf_events(ev, 8), 1);
	ck_assert_int_eq(ev[0].digit, '7');
	ck_assert_uint_eq(ev[0].duration_ms, 2500);
	ck_assert_uint_eq(ev[0].leg, 0);
	for (unsigned i = 1; i < k.n; i++)   /* one stream to B: events among the audio */
		ck_assert_uint_eq((uint16_t)(k.seq[i] - k.seq[i - 1]), 1);
	mc_codec_destroy(k.dec);
	mc_codec_destroy(a.enc);
	end(&s);
}
END_TEST

/* /mc/dtmf/send of a 2 s digit into an Opus leg with telephone-event/48000: 96000
 * ticks in two segments, in media-core's stream to that leg. */
START_TEST(send_long_digit_segmented)
{
	static struct mc_session s;
	static struct sink k;
	struct src a;

	session(&s, &PCMU, &OPUS_TE, true);
	src_init(&a, &PCMU);
	memset(&k, 0, sizeof(k));
	k.dec = codec(MC_CODEC_OPUS, 8000);
	k.ev_pt = 96;
	for (unsigned i = 0; i < 140; i++) {
		if (i == 5)
			ck_assert_int_eq(dtmf_send(&s, 1, "3", 2000), 1);
		inject(&s, 0, pkt, src_next(&a, pkt));
		h_run(20);
		collect(&k, &s, 1);
	}
	ck_assert_uint_eq(check_segments(&k, 3, 96000), 2);
	ck_assert_uint_eq(dtmf_events((struct mc_event[4]){ 0 }, 4), 0);   /* ours, not the remote's */
	mc_codec_destroy(k.dec);
	mc_codec_destroy(a.enc);
	end(&s);
}
END_TEST

/* A relayed leg (telephone-event at 48 kHz) sends a 2 s digit in two segments (the
 * second at ts + 0xffff, no marker; its first packet lost on the way): every packet is
 * relayed, the digit is reported once with 2000 ms. */
START_TEST(relayed_segmented_event_reported)
{
	static struct mc_session s;
	struct mc_event ev[8];
	uint16_t seq = 10;
	unsigned sent = 0;

	session(&s, NULL, NULL, false);
	s.legs[0].dp.tevent = true;
	s.legs[0].dp.tevent_pt = 101;
	/* 960 ticks per packet, as a 48 kHz sender's 20 ms steps: segment 0 grows to
	 * 65280, then its full packet 0xffff; segment 1 from 65280 + 960 - 0xffff = 705
	 * (lost) by 960 to 96000 - 0xffff = 30465, its end three times */
	for (uint32_t d = 960; d < 0xffff; d += 960, sent++) {
		send_event(&s, 0, seq++, 101, 48000, 2, d == 960, false, (uint16_t)d);
		h_run(20);
	}
	send_event(&s, 0, seq++, 101, 48000, 2, false, false, 0xffff);
	sent++;
	h_run(20);
	for (uint32_t d = 65280 + 960; ; d += 960) {
		bool e = d >= 96000;

		if (d == 65280 + 960) {
			seq++;   /* lost */
			continue;
		}
		for (unsigned c = 0; c < (e ? 3u : 1u); c++, sent++)
			send_event(&s, 0, seq++, 101, 48000 + 0xffff, 2, false, e,
				   (uint16_t)((e ? 96000 : d) - 0xffff));
		h_run(20);
		if (e)
			break;
	}
	ck_assert_uint_eq(h_tx_count(1, s.worker), sent);
	ck_assert_uint_eq(dtmf_events(ev, 8), 1);
	ck_assert_int_eq(ev[0].digit, '2');
	ck_assert_uint_eq(ev[0].duration_ms, 2000);
	live = NULL;
	ck_assert_int_eq(h_cmd(&s, MC_WCMD_DEL), 0);
}
END_TEST

/* A mid-call UPDATE (mc_tc_takeover): digits waiting to be sent as events carry over,
 * and a carried jitter buffer takes the new state's bounds. */
START_TEST(update_carries_queue_and_bounds)
{
	struct mc_tc_params p = {
		.in = { .codec = MC_CODEC_OPUS, .pt = 111, .cn_pt = NO, .ptime = 20,
			.tevent_pt = NO },
		.out = { .codec = MC_CODEC_PCMU, .pt = 0, .cn_pt = NO, .ptime = 20,
			 .tevent_pt = 101 },
		.jb_enabled = true, .ssrc = 1, .seed = 2,
	};
	struct mc_leg_stats st = { 0 };
	struct mc_tc *old, *nw;
	char err[128];

	old = mc_tc_create(&p, err, sizeof(err));
	ck_assert_ptr_nonnull(old);
	p.jb_min_ms = 40;
	p.jb_max_ms = 80;
	nw = mc_tc_create(&p, err, sizeof(err));
	ck_assert_ptr_nonnull(nw);
	ck_assert_int_eq(mc_tc_dtmf_send(old, "123", 100), 3);
	mc_tc_takeover(nw, old, &st);
	ck_assert_int_eq(mc_tc_dtmf_send(nw, "0123456789*#ABCD0123456789*#AB", 100), -ENOSPC);
	ck_assert_int_eq(mc_tc_dtmf_send(nw, "0123456789*#ABCD0123456789*#A", 100), 29);
	ck_assert_uint_eq(nw->jb.p.min_ms, 40);
	ck_assert_uint_eq(nw->jb.p.max_ms, 80);
	mc_tc_destroy(old);
	mc_tc_destroy(nw);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("dataplane");
	TCase *tc = tcase_create("dtmf");
	SRunner *sr;
	int failed;

	h_setup();
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, send_inband);
	tcase_add_test(tc, send_rfc4733);
	tcase_add_test(tc, send_refused);
	tcase_add_test(tc, send_relayed_rewritten);
	tcase_add_test(tc, relayed_events_reported);
	tcase_add_test(tc, transcoded_digits_reported);
	tcase_add_test(tc, update_carries_queue_and_bounds);
	tcase_add_test(tc, long_event_rescaled_segmented);
	tcase_add_test(tc, send_long_digit_segmented);
	tcase_add_test(tc, relayed_segmented_event_reported);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
