/* DTMF across a transcoded direction (lib/dsp mc_dtmf_iw.h does the signal work):
 * RFC 4733 -> RFC 4733 with the other leg's payload type, timestamp and clock;
 * RFC 4733 -> tones rendered into the audio before it is encoded; tones -> RFC 4733
 * from the decoded audio, the tone muted so the far end does not get it twice. */
#include "mc_tc_priv.h"

#include <string.h>

#include "mc_dp_dtmf.h"
#include "mc_dp_pkt.h"
#include "mc_rtp.h"
#include "mc_tevent.h"

static bool has_events(const struct mc_tc_side *s)
{
	return s->tevent_pt != MC_TC_NO_PT && s->tevent_pt != s->pt;
}

int mc_tc_dtmf_init(struct mc_tc *t, char *err, size_t errlen)
{
	bool in = has_events(&t->p.in), out = has_events(&t->p.out);
	struct mc_dtmf_e2t_params ep = { .pcm_rate = t->out_pcm_rate,
					 .event_rate = t->in_rtp_rate };

	t->out_rtp_rate = mc_codec_info(t->enc)->rtp_rate;
	/* Without events towards the peer, /mc/dtmf/send plays tones there. */
	if (!out && mc_dtmf_e2t_init(&t->e2t, &ep) != 0) {
		snprintf(err, errlen, "DTMF tone generator refused");
		return -1;
	}
	if (in && out) {
		t->dtmf = MC_TC_DTMF_RELAY;
	} else if (in) {
		t->dtmf = MC_TC_DTMF_E2T;
	} else {
		/* Tones stay audio and the detector only reports them (MC_EV_DTMF), or it
		 * turns them into events and mutes them (T2E). Either way it looks at whichever
		 * of the decoded and the resampled PCM has the lower rate (mc_tc_dtmf_detect):
		 * spandsp detects at 8 kHz, and a detector fed 16 kHz resamples every frame
		 * down again, as dear as the transcoder's own resampler (PCMU -> G.722). A
		 * frame muted before the resampler is silence after it but for the filter's
		 * few ms of tail, and the tone is detected tens of ms after its onset anyway. */
		t->det_early = t->in_pcm_rate < t->out_pcm_rate;
		t->det_rate = t->det_early ? t->in_pcm_rate : t->out_pcm_rate;
		struct mc_dtmf_t2e_params tp = { .pcm_rate = t->det_rate,
						 .max_frame = MC_TC_BUF_SAMPLES,
						 .event_rate = t->out_rtp_rate, .mute = out };

		t->dtmf = out ? MC_TC_DTMF_T2E : MC_TC_DTMF_NONE;
		t->t2e = mc_dtmf_t2e_create(&tp, err, errlen);
		if (t->t2e == NULL)
			return -1;
	}
	return 0;
}

void mc_tc_dtmf_free(struct mc_tc *t)
{
	mc_dtmf_t2e_destroy(t->t2e);
	t->t2e = NULL;
}

uint32_t mc_tc_out_now(const struct mc_tc *t)
{
	return t->ts + mc_codec_rtp_ticks(t->enc, t->acc_n);
}

static uint32_t rescale(const struct mc_tc *t, uint32_t in_ticks)
{
	return (uint32_t)((uint64_t)in_ticks * t->out_rtp_rate / t->in_rtp_rate);
}

static void send_one(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
		     const uint8_t *pl, uint32_t dur, bool marker, uint32_t seg)
{
	uint8_t ev[MC_TEVENT_LEN];

	memcpy(ev, pl, 2);
	ev[2] = (uint8_t)(dur >> 8);
	ev[3] = (uint8_t)dur;
	mc_tc_send_event(w, leg->peer, t, ev, marker, t->ev_out_ts + seg);
}

/* The packet (of the receiver's current segment) in the peer's clock. Durations are
 * rescaled over the whole event, as its segments add up (leg->dp.tev), and cut into
 * the peer's own segments: 8 kHz events x6 fill a 48 kHz segment after 1.37 s. `prev`
 * is the event's duration before this packet (input ticks). */
static void relay(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
		  const uint8_t *pl, const struct mc_rtp_hdr_view *v, uint32_t prev)
{
	const struct mc_tevent_rx *rx = &leg->dp.tev;
	uint8_t stop[2] = { pl[0], (uint8_t)(pl[1] & 0x7f) };
	uint32_t d, d_prev, off;

	if (v->ts != rx->ts)
		return;   /* late packet of an earlier segment: that one is closed */
	/* A new event starts where B's stream is now; its packets keep that timestamp
	 * (plus their segment's offset). */
	if (!t->ev_have || rx->fresh) {
		t->ev_have = true;
		t->ev_out_ts = mc_tc_out_now(t);
		prev = 0;
	}
	d = rescale(t, (uint32_t)rx->nseg * MC_TEVENT_SEG_MAX + (uint32_t)(pl[2] << 8 | pl[3]));
	d_prev = rescale(t, prev);
	off = mc_tevent_seg_off(d);
	/* every segment this packet goes past ends with 0xffff and no end bit */
	for (uint32_t s = mc_tevent_seg_off(d_prev); s < off; s += MC_TEVENT_SEG_MAX)
		if (d_prev < s + MC_TEVENT_SEG_MAX)
			send_one(w, leg, t, stop, MC_TEVENT_SEG_MAX, false, s);
	send_one(w, leg, t, pl, d - off, v->marker && off == 0, off);
}

void mc_tc_dtmf_event(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
		      const uint8_t *pl, uint32_t len, const struct mc_rtp_hdr_view *v)
{
	const struct mc_tevent_rx *rx = &leg->dp.tev;
	uint32_t prev = rx->active ? mc_tevent_rx_total(rx) : 0;
	struct mc_tevent ev;

	if (len < MC_TEVENT_LEN)
		return;
	mc_dp_dtmf_rx(w, leg, pl, len, v->ts);
	if (t->dtmf == MC_TC_DTMF_RELAY && leg->peer != NULL)
		relay(w, leg, t, pl, v, prev);
	else if (t->dtmf == MC_TC_DTMF_E2T)
		mc_dtmf_e2t_packet(&t->e2t, v->ts, pl, len, &ev);
}

void mc_tc_dtmf_detect(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
		       int16_t *pcm, unsigned n)
{
	struct mc_dtmf_t2e_out out;

	/* Before /mc/dtmf/send's tones go in: only the remote's digits count. */
	out.npkts = out.ndigits = 0;
	if (mc_dtmf_t2e_process(t->t2e, pcm, n, mc_tc_out_now(t), &out) != 0)
		return;
	for (unsigned i = 0; t->dtmf == MC_TC_DTMF_T2E && i < out.npkts; i++)
		mc_tc_send_event(w, leg->peer, t, out.pkt[i].payload, out.pkt[i].marker,
				 out.pkt[i].ts);
	for (unsigned i = 0; i < out.ndigits; i++)   /* a tone from leg's remote, once */
		mc_dp_emit_dtmf(w, leg, out.digit[i].digit, out.digit[i].duration_ms);
}

void mc_tc_dtmf_audio(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
		      int16_t *pcm, unsigned n)
{
	if (t->t2e != NULL && !t->det_early)
		mc_tc_dtmf_detect(w, leg, t, pcm, n);
	if (t->dtmf == MC_TC_DTMF_E2T || t->dtmf == MC_TC_DTMF_NONE)
		mc_dtmf_e2t_render(&t->e2t, pcm, n);
}
