#include "mc_quality_alarm.h"

void mc_quality_alarm_init(struct mc_quality_alarm *a, double threshold_mos,
			   uint64_t hold_ms)
{
	*a = (struct mc_quality_alarm){.threshold = threshold_mos, .hold_ms = hold_ms};
}

enum mc_quality_alarm_event mc_quality_alarm_update(struct mc_quality_alarm *a,
						    uint64_t now_ms, double mos)
{
	bool toward_change = a->active ? mos >= a->threshold : mos < a->threshold;
	if (!toward_change) {
		a->pending = false;
		return MC_QALARM_NONE;
	}
	if (!a->pending) {
		a->pending = true;
		a->since_ms = now_ms;
	}
	if (now_ms - a->since_ms < a->hold_ms)
		return MC_QALARM_NONE;
	a->pending = false;
	a->active = !a->active;
	return a->active ? MC_QALARM_RAISED : MC_QALARM_CLEARED;
}
