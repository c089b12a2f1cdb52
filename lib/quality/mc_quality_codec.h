/* Per-codec E-model inputs: equipment impairment Ie and packet-loss robustness
 * Bpl on the codec's bandwidth scale, and the algorithmic delay the codec adds
 * to the mouth-to-ear delay. Values and sources in mc_quality_codec.c and
 * docs/quality.md; a leg may override them. */
#ifndef MC_QUALITY_CODEC_H
#define MC_QUALITY_CODEC_H

#include <stdbool.h>

#include "mc_emodel.h"

struct mc_quality_codec {
	const char *name;          /* SDP rtpmap name, as in the control API */
	unsigned rate;             /* SDP clock rate */
	enum mc_emodel_scale scale;
	double ie;
	double bpl;                /* with the concealment media-core runs */
	double bpl_no_plc;         /* when losses are not concealed */
	double lookahead_ms;       /* algorithmic delay beyond the frame itself */
	bool provisional;          /* not an ITU-T planning value: see the sources */
};

/* The profile for an SDP name (case-insensitive) and clock rate, or NULL.
 * PCMU/PCMA 8000, G729 8000, G722 8000 (its RTP clock; audio is 16 kHz),
 * opus 48000. */
const struct mc_quality_codec *mc_quality_codec_find(const char *name, unsigned rate);

#endif
