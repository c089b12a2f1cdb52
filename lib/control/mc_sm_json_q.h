/* Quality figures of a leg's stats (/mc/session/info, destroy): loss percentage, RTT,
 * the E-model's R and MOS, the remote's view from its RTCP, malformed RTCP by reason. */
#ifndef MC_SM_JSON_Q_H
#define MC_SM_JSON_Q_H

#include <jansson.h>

#include "mc_session.h"

/* Adds "loss_percent", "rtt_ms", "jitter_mean_ms", "quality", "remote_view" and
 * "rtcp_malformed" to the stats object o. */
void mc_sm_leg_quality_json(json_t *o, const struct mc_leg *leg);

#endif
