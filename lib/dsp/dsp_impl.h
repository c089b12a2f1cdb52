/* SPDX-License-Identifier: BSD-3-Clause
 * Private helpers shared by the lib/dsp sources.
 */
#ifndef MC_DSP_IMPL_H
#define MC_DSP_IMPL_H

#include <stddef.h>
#include <stdint.h>

/* Writes a reason into err (if given), as the create functions promise. */
void mc_dsp_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline int16_t mc_dsp_sat16(double v)
{
	return (int16_t)(v > 32767.0 ? 32767 : v < -32768.0 ? -32768 : (v >= 0 ? v + 0.5 : v - 0.5));
}

#endif
