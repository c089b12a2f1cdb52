/* AGC and noise suppression of what the sender says (lib/dsp mc_agc_ns.h), between
 * decode/concealment and the encoder, with the DTMF detector ahead of them: a noise
 * suppressor learns a held tone as noise and an AGC moves its level, so the detector
 * hears the decoded audio as it came. The state is made here on the control lcore;
 * the worker only runs it. */
#include "mc_tc_priv.h"

#include <rte_common.h>

bool mc_tc_agc_gain_db(const struct mc_tc *t, int *db)
{
	if (t == NULL || t->ap == NULL || !t->p.audio.agc)
		return false;
	*db = (int)*(const volatile int32_t *)&t->agc_gain_db;
	return true;
}

int mc_tc_audio_init(struct mc_tc *t, char *err, size_t errlen)
{
	if (!t->p.audio.agc && !t->p.audio.ns)
		return 0;
	/* At the lower rate: cheaper, and the level is the same. */
	t->ap_late = t->in_pcm_rate > t->out_pcm_rate;
	t->p.audio.rate = t->ap_late ? t->out_pcm_rate : t->in_pcm_rate;
	t->ap = mc_agc_ns_create(&t->p.audio, err, errlen);
	if (t->ap == NULL)
		return -1;
	/* The detector (at det_rate: the lower rate too) moves in front of AGC/NS. */
	if (t->t2e != NULL)
		t->det_early = true;
	return 0;
}

void mc_tc_audio_free(struct mc_tc *t)
{
	mc_agc_ns_destroy(t->ap);
	t->ap = NULL;
}

void mc_tc_audio_take(struct mc_tc *nw, struct mc_tc *old)
{
	/* What AGC learnt (its gain) and NS its noise carry on under the new settings:
	 * a change, even AGC turned on beside NS, lands without a jump in level. */
	if (nw->ap == NULL || old->ap == NULL ||
	    mc_agc_ns_rate(nw->ap) != mc_agc_ns_rate(old->ap) || nw->ap_late != old->ap_late)
		return;
	RTE_SWAP(nw->ap, old->ap);
	if (mc_agc_ns_configure(nw->ap, &nw->p.audio) != 0) {
		RTE_SWAP(nw->ap, old->ap);   /* cannot happen: same rate, checked settings */
		return;
	}
	nw->agc_gain_db = old->agc_gain_db;
}

static void process(struct mc_tc *t, int16_t *pcm, unsigned n)
{
	/* A frame that is not whole 10 ms (a sender off its ptime) passes untouched. */
	if (mc_agc_ns_process(t->ap, pcm, n) == 0)
		t->agc_gain_db = mc_agc_ns_gain_db(t->ap);
}

int16_t *mc_tc_audio_run(struct mc_worker *w, struct mc_leg *leg, struct mc_tc *t,
			 unsigned *n)
{
	int16_t *pcm = t->pcm;
	int r;

	if (t->det_early && t->det_rate == t->in_pcm_rate)
		mc_tc_dtmf_detect(w, leg, t, pcm, *n);
	if (t->ap != NULL && !t->ap_late)
		process(t, pcm, *n);
	if (t->rs != NULL) {
		r = mc_resampler_process(t->rs, pcm, *n, t->rsb, MC_TC_BUF_SAMPLES);
		if (r <= 0)
			return NULL;
		*n = (unsigned)r;
		pcm = t->rsb;
	}
	if (t->det_early && t->det_rate != t->in_pcm_rate)
		mc_tc_dtmf_detect(w, leg, t, pcm, *n);
	if (t->ap != NULL && t->ap_late)
		process(t, pcm, *n);
	return pcm;
}
