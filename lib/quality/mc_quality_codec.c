/* Codec impairment table. Sources:
 * - G.711: Ie 0 (G.113 Appendix I); Bpl 4.3 without PLC and 25.1 with the
 *   G.711 Appendix I concealment (G.113 Appendix I, random loss).
 * - G.729: Ie 11, Bpl 19.0, the G.729A (+VAD) entries of G.113 Appendix I. Its
 *   decoder always conceals, so both Bpl are the same. Lookahead 5 ms.
 * - G.722 64 kbit/s: Ie,WB 13 (G.113 Appendix IV, wideband scale). G.113 gives
 *   no Bpl that matches media-core's setup (lib/dsp conceals G.722's output
 *   with a waveform-substitution PLC, not G.722 Appendix III/IV), so Bpl is
 *   assumed equal to G.711's: provisional.
 * - Opus (media-core encodes 16 kHz wideband, ~24 kbit/s): G.113 has no Opus
 *   value. Ie,WB 11 and Bpl 20 are provisional: Opus at that rate is placed
 *   with the better wideband codecs of G.113 Appendix IV, and its built-in PLC
 *   is given a robustness near G.729's. Lookahead 6.5 ms (RFC 6716 default).
 * - L16: no coding impairment; loss robustness as G.711. Provisional.
 * Recheck these against the current G.113 before relying on absolute MOS. */
#include <stddef.h>
#include <strings.h>

#include "mc_quality_codec.h"

static const struct mc_quality_codec codecs[] = {
	{"PCMU", 8000, MC_EMODEL_NB, 0, 25.1, 4.3, 0, false},
	{"PCMA", 8000, MC_EMODEL_NB, 0, 25.1, 4.3, 0, false},
	{"G729", 8000, MC_EMODEL_NB, 11, 19.0, 19.0, 5, false},
	{"G722", 8000, MC_EMODEL_WB, 13, 25.1, 4.3, 1.5, true},
	{"opus", 48000, MC_EMODEL_WB, 11, 20, 20, 6.5, true},
	{"L16", 8000, MC_EMODEL_NB, 0, 25.1, 4.3, 0, true},
	{"L16", 16000, MC_EMODEL_WB, 0, 25.1, 4.3, 0, true},
};

const struct mc_quality_codec *mc_quality_codec_find(const char *name, unsigned rate)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
		if (codecs[i].rate == rate && strcasecmp(codecs[i].name, name) == 0)
			return &codecs[i];
	return NULL;
}
