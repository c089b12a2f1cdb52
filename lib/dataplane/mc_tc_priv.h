/* Internal to the transcoder (mc_tc*.c): the state of one direction. */
#ifndef MC_TC_PRIV_H
#define MC_TC_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "mc_cn.h"
#include "mc_codec.h"
#include "mc_dtmf_iw.h"
#include "mc_jbuf.h"
#include "mc_resample.h"
#include "mc_tc.h"

/* Longest audio one packet may carry (Opus: 120 ms), at the highest PCM rate. */
#define MC_TC_MAX_PKT_MS 120
#define MC_TC_MAX_RATE 48000
#define MC_TC_BUF_SAMPLES (MC_TC_MAX_PKT_MS * MC_TC_MAX_RATE / 1000)
#define MC_TC_DTMF_QUEUE 32          /* digits of /mc/dtmf/send waiting (MC_DTMF_SEND_MAX) */

struct mc_tc {
	struct mc_tc_params p;
	struct mc_codec *dec, *enc;
	struct mc_resampler *rs;     /* NULL when both PCM rates agree */
	struct mc_jbuf jb;
	struct mc_cn_gen cn;         /* comfort noise while the sender is silent */
	uint32_t in_rtp_rate, in_pcm_rate, out_pcm_rate;
	uint32_t wait_ms;            /* until the next jitter buffer get */
	unsigned out_frame;          /* PCM samples per output packet */
	unsigned acc_n;              /* samples gathered towards the next packet */
	/* Output RTP stream. */
	uint32_t ssrc, ts;
	uint16_t seq;
	bool mark;                   /* next packet sent starts a talkspurt */
	bool in_dtx;                 /* the sender is silent (DTX, SID, CN): comfort noise */
	uint8_t empty_run;           /* EMPTY slots in a row */
	bool quiet;                  /* B gets no packets until the sender resumes */
	bool sender_ended;           /* its BYE arrived and is not passed on yet */
	uint32_t next_in_ts;         /* decode on arrival: where the last packet ended */
	bool seq_started;
	uint64_t bye_seen;           /* the remote's BYEs already forwarded */
	/* DTMF (mc_tc_dtmf.c). */
	enum { MC_TC_DTMF_NONE, MC_TC_DTMF_RELAY, MC_TC_DTMF_E2T, MC_TC_DTMF_T2E } dtmf;
	uint32_t out_rtp_rate;
	struct mc_dtmf_e2t e2t;
	struct mc_dtmf_t2e *t2e;
	unsigned det_rate;           /* t2e's PCM rate */
	bool det_early;              /* mc_tc_audio_run feeds t2e (before AGC/NS, and before
				      * the resampler when det_rate is the decoded PCM's),
				      * not mc_tc_dtmf_audio */
	bool ev_have;                /* relay: the current event's timestamps */
	uint32_t ev_out_ts;
	/* /mc/dtmf/send as RFC 4733 events: a queue played one digit at a time. */
	struct mc_tevent_tx inj;
	bool inj_on;                 /* inj is sending a digit that started at inj_ts */
	uint32_t inj_ts;
	uint8_t inj_head, inj_n, inj_wait;   /* ticks until the next packet or digit */
	char inj_q[MC_TC_DTMF_QUEUE];
	uint16_t inj_ms[MC_TC_DTMF_QUEUE];
	/* AGC and noise suppression (mc_tc_audio.c): at the lower of the two PCM rates,
	 * before the resampler or (ap_late) after it; NULL when both are off. */
	struct mc_agc_ns *ap;
	bool ap_late;
	int32_t agc_gain_db;         /* last gain AGC applied, for leg stats */
	/* Leg counters are base + the jitter buffer's own (it restarts with a new one). */
	uint64_t base_late, base_discarded;
	int16_t acc[2 * MC_TC_BUF_SAMPLES];
	int16_t pcm[MC_TC_BUF_SAMPLES], rsb[MC_TC_BUF_SAMPLES];
};

/* mc_tc_tx.c: encodes one packet of t->out_frame samples from pcm for leg `to`
 * (the peer of the leg owning t) and sends it, or only advances the timestamp when
 * the encoder has nothing to send or the leg cannot be sent to. */
void mc_tc_send(struct mc_worker *w, struct mc_leg *to, struct mc_tc *t,
		const int16_t *pcm);
/* mc_tc_run.c: the audio of one jitter buffer slot, through to the peer. */
void mc_tc_slot(struct mc_worker *w, struct mc_leg *leg, void *handle,
		const struct mc_jbuf_out *o);
/* mc_tc_run.c: in_units (receive RTP clock) of the sender's silence that B does not
 * hear as packets: the output timestamp moves on, the next packet gets a marker. */
void mc_tc_quiet(struct mc_tc *t, uint32_t in_units);
/* mc_tc_in.c: the jitter buffer's drop callback (ctx is the mc_tc): a packet skipped to
 * shrink the buffer is decoded all the same, its audio discarded, so that a stateful
 * decoder (G.722, G.729, Opus) stays in step with the stream; then freed. */
void mc_tc_drop_decode(void *ctx, void *handle);
/* mc_tc_tx.c: one telephone-event packet to `to` in t's output stream. */
void mc_tc_send_event(struct mc_worker *w, struct mc_leg *to, struct mc_tc *t,
		      const uint8_t *payload, bool marker, uint32_t ts);
/* mc_tc_dtmf.c: set-up (control lcore) and teardown; an event packet from the sender
 * (worker); the audio of one slot at the output rate, on its way to be encoded. */
int mc_tc_dtmf_init(struct mc_tc *t, char *err, size_t errlen);
void mc_tc_dtmf_free(struct mc_tc *t);
void mc_tc_dtmf_event(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
		      const uint8_t *pl, uint32_t len, const struct mc_rtp_hdr_view *v);
void mc_tc_dtmf_audio(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
		      int16_t *pcm, unsigned n);
/* mc_tc_dtmf.c: the remote's in-band digits (t->t2e): reported, and with T2E sent to the
 * peer as events and muted in pcm. Called by mc_tc_dtmf_audio, or with the slot's decoded
 * PCM before it is resampled when that has the lower rate (t->det_early). */
void mc_tc_dtmf_detect(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
		       int16_t *pcm, unsigned n);
/* mc_tc_dtmf_send.c: every media tick, the next packet of a digit sent as events. */
void mc_tc_dtmf_tick(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t);
/* mc_tc_dtmf_send.c, on an UPDATE: digits waiting or playing as events carry over. */
void mc_tc_dtmf_take(struct mc_tc *nw, const struct mc_tc *old);
/* mc_tc_audio.c: AGC/NS set-up (control lcore, after mc_tc_dtmf_init) and teardown;
 * on an UPDATE the state carries over at the same rate with the new settings; per slot
 * (worker): DTMF detection ahead of AGC/NS, AGC/NS and the resampler on the n samples
 * of t->pcm; returns the audio at the output rate (n updated), NULL for none. */
int mc_tc_audio_init(struct mc_tc *t, char *err, size_t errlen);
void mc_tc_audio_free(struct mc_tc *t);
void mc_tc_audio_take(struct mc_tc *nw, struct mc_tc *old);
int16_t *mc_tc_audio_run(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
			 unsigned *n);
/* The output timestamp of the next sample gathered for the peer. */
uint32_t mc_tc_out_now(const struct mc_tc *t);
/* Arrival time in the receive RTP clock, as the jitter buffer wants it. */
uint32_t mc_tc_now_ts(const struct mc_worker *w, const struct mc_tc *t);

#endif
