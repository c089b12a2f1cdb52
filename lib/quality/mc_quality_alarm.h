/* Quality alarm with hold time: raised when MOS stays under a threshold for
 * hold_ms, cleared when it stays at or above it for hold_ms. The hold on both
 * edges keeps one bad or good interval from flapping the alarm. */
#ifndef MC_QUALITY_ALARM_H
#define MC_QUALITY_ALARM_H

#include <stdbool.h>
#include <stdint.h>

enum mc_quality_alarm_event {
	MC_QALARM_NONE = 0,
	MC_QALARM_RAISED,
	MC_QALARM_CLEARED,
};

struct mc_quality_alarm {
	double threshold;
	uint64_t hold_ms;
	uint64_t since_ms; /* when the pending change was first seen */
	bool active;
	bool pending;
};

void mc_quality_alarm_init(struct mc_quality_alarm *a, double threshold_mos,
			   uint64_t hold_ms);

/* Feed a MOS measured at now_ms (monotonic). Returns the edge, if any. */
enum mc_quality_alarm_event mc_quality_alarm_update(struct mc_quality_alarm *a,
						    uint64_t now_ms, double mos);

#endif
