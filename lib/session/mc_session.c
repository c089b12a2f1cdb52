#include "mc_session.h"

const char *mc_leg_drop_name(enum mc_leg_drop d)
{
	static const char *const names[MC_LEG_DROP_MAX] = {
		[MC_LEG_DROP_WRONG_SOURCE] = "wrong_source",
		[MC_LEG_DROP_MALFORMED] = "malformed",
		[MC_LEG_DROP_DIRECTION] = "direction",
		[MC_LEG_DROP_NO_REMOTE] = "no_remote",
		[MC_LEG_DROP_NO_NEIGHBOR] = "no_neighbor",
		[MC_LEG_DROP_PAYLOAD_TYPE] = "payload_type",
		[MC_LEG_DROP_TX] = "tx",
	};
	return (unsigned)d < MC_LEG_DROP_MAX ? names[d] : "unknown";
}

const char *mc_direction_name(enum mc_direction d)
{
	static const char *const names[] = { "sendrecv", "sendonly", "recvonly", "inactive" };

	return (unsigned)d <= MC_DIR_INACTIVE ? names[d] : "unknown";
}

void mc_direction_apply(struct mc_leg_dp *dp, enum mc_direction d)
{
	/* The direction says what the remote does: a sendonly remote only sends to us. */
	dp->recv_ok = d == MC_DIR_SENDRECV || d == MC_DIR_SENDONLY;
	dp->send_ok = d == MC_DIR_SENDRECV || d == MC_DIR_RECVONLY;
}
