/* Events a worker reports to the control lcore (media timeout, remote latched), and the
 * control lcore's own (session ended). The control lcore numbers them and keeps the most
 * recent ones for /mc/events. */
#ifndef MC_EVENT_H
#define MC_EVENT_H

#include <stdint.h>

enum mc_event_type {
	MC_EV_MEDIA_TIMEOUT,    /* no RTP from a leg's remote for media_timeout_ms */
	MC_EV_MEDIA_RESUMED,    /* RTP again after a timeout */
	MC_EV_REMOTE_LATCHED,   /* a leg's remote fixed by its first packet */
	MC_EV_SESSION_ENDED,    /* destroyed (by request) */
	MC_EV_QUALITY_ALARM,    /* MOS under the alarm threshold for the hold time */
	MC_EV_QUALITY_RECOVERED,/* MOS back at or above it for the hold time */
	MC_EV_DTMF,             /* a digit received on a leg (tone or RFC 4733), once */
};

struct mc_event {
	enum mc_event_type type;
	uint32_t session_slot;
	uint32_t generation;    /* of the session when the event happened */
	uint8_t leg;
	uint32_t ip;            /* latched remote, network byte order */
	uint16_t port;          /* latched remote port, host order */
	uint8_t is_rtcp;
	uint64_t tsc;
	uint16_t mos_x100;      /* quality events: the MOS that crossed the threshold */
	char digit;             /* dtmf: '0'-'9', '*', '#', 'A'-'D' */
	uint16_t duration_ms;   /* dtmf */
};

const char *mc_event_type_name(enum mc_event_type t);

#endif
