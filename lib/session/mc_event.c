#include "mc_event.h"

const char *mc_event_type_name(enum mc_event_type t)
{
	static const char *const names[] = {
		[MC_EV_MEDIA_TIMEOUT] = "media_timeout",
		[MC_EV_MEDIA_RESUMED] = "media_resumed",
		[MC_EV_REMOTE_LATCHED] = "remote_latched",
		[MC_EV_SESSION_ENDED] = "session_ended",
		[MC_EV_QUALITY_ALARM] = "quality_alarm",
		[MC_EV_QUALITY_RECOVERED] = "quality_recovered",
		[MC_EV_DTMF] = "dtmf",
	};

	return (unsigned)t <= MC_EV_DTMF ? names[t] : "unknown";
}
