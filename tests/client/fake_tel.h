/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A scripted stand-in for media-core's telemetry socket: SOCK_SEQPACKET in a
 * temporary directory, greeting on connect, then one scripted action per
 * request received. Every request is recorded byte for byte.
 */
#ifndef FAKE_TEL_H
#define FAKE_TEL_H

#include <pthread.h>
#include <stddef.h>
#include <sys/un.h>

#define FAKE_MAX_STEPS 8
#define FAKE_MAX_REQ 4096

enum fake_action {
	FAKE_REPLY,  /* send .data as one message */
	FAKE_CLOSE,  /* close the connection without replying */
	FAKE_SILENT, /* say nothing until fake_tel_release(), then close */
};

struct fake_step {
	enum fake_action action;
	const char *data; /* NUL-terminated reply */
};

struct fake_tel {
	char dir[64];
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	const char *greeting;
	struct fake_step steps[FAKE_MAX_STEPS];
	int nsteps;
	/* recorded under lock */
	pthread_mutex_t lock;
	char req[FAKE_MAX_STEPS][FAKE_MAX_REQ + 1];
	size_t req_len[FAKE_MAX_STEPS];
	int nreq;
	int connections;
	/* internals */
	int lfd;
	int release[2];
	volatile int stop;
	pthread_t th;
};

/* Zeroes the record; call before scripting steps and starting. */
void fake_tel_init(struct fake_tel *f);
/*
 * Creates the socket at <tmpdir>/<subpath> (subpath may contain directories,
 * e.g. "dpdk/p/dpdk_telemetry.v2") and starts serving. Returns 0 or -1.
 */
int fake_tel_start(struct fake_tel *f, const char *subpath);
void fake_tel_add(struct fake_tel *f, enum fake_action a, const char *data);
void fake_tel_release(struct fake_tel *f);
/* Stops the thread and removes the socket and directories. */
void fake_tel_stop(struct fake_tel *f);
int fake_tel_nreq(struct fake_tel *f);
int fake_tel_connections(struct fake_tel *f);

#endif
