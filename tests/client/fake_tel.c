/* SPDX-License-Identifier: BSD-3-Clause */
#include "fake_tel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_GREETING \
	"{\"version\":\"DPDK 22.11.11\",\"pid\":4242,\"max_output_len\":16384}"

static void
serve_conn(struct fake_tel *f, int s)
{
	char buf[FAKE_MAX_REQ + 1];
	ssize_t n;
	const char *g = f->greeting ? f->greeting : DEFAULT_GREETING;

	if (write(s, g, strlen(g)) < 0)
		return;
	while ((n = read(s, buf, FAKE_MAX_REQ)) > 0) {
		struct fake_step st = { FAKE_CLOSE, NULL };
		char c;

		pthread_mutex_lock(&f->lock);
		if (f->nreq < FAKE_MAX_STEPS) {
			memcpy(f->req[f->nreq], buf, (size_t)n);
			f->req[f->nreq][n] = '\0';
			f->req_len[f->nreq] = (size_t)n;
		}
		if (f->nreq < f->nsteps)
			st = f->steps[f->nreq];
		f->nreq++;
		pthread_mutex_unlock(&f->lock);
		switch (st.action) {
		case FAKE_REPLY:
			if (write(s, st.data, strlen(st.data)) < 0)
				return;
			break;
		case FAKE_CLOSE:
			return;
		case FAKE_SILENT:
			if (read(f->release[0], &c, 1) < 0)
				return;
			return;
		}
	}
}

static void *
server_main(void *arg)
{
	struct fake_tel *f = arg;

	for (;;) {
		int s = accept(f->lfd, NULL, NULL);

		if (s < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (f->stop) {
			close(s);
			break;
		}
		pthread_mutex_lock(&f->lock);
		f->connections++;
		pthread_mutex_unlock(&f->lock);
		serve_conn(f, s);
		close(s);
	}
	return NULL;
}

static int
mkdirs_for(const char *path)
{
	char tmp[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = strchr(tmp + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

int
fake_tel_start(struct fake_tel *f, const char *subpath)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	snprintf(f->dir, sizeof(f->dir), "/tmp/mc-client-test-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	if ((size_t)snprintf(f->path, sizeof(f->path), "%s/%s", f->dir,
			     subpath) >= sizeof(f->path))
		return -1;
	if (mkdirs_for(f->path) < 0 || pipe(f->release) < 0)
		return -1;
	memcpy(sa.sun_path, f->path, sizeof(sa.sun_path));
	f->lfd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (f->lfd < 0 || bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(f->lfd, 4) < 0)
		return -1;
	return pthread_create(&f->th, NULL, server_main, f) == 0 ? 0 : -1;
}

void
fake_tel_init(struct fake_tel *f)
{
	memset(f, 0, sizeof(*f));
	f->lfd = -1;
	pthread_mutex_init(&f->lock, NULL);
}

void
fake_tel_add(struct fake_tel *f, enum fake_action a, const char *data)
{
	pthread_mutex_lock(&f->lock);
	f->steps[f->nsteps].action = a;
	f->steps[f->nsteps].data = data;
	f->nsteps++;
	pthread_mutex_unlock(&f->lock);
}

void
fake_tel_release(struct fake_tel *f)
{
	if (write(f->release[1], "x", 1) < 0)
		perror("fake_tel_release");
}

int
fake_tel_nreq(struct fake_tel *f)
{
	int n;

	pthread_mutex_lock(&f->lock);
	n = f->nreq;
	pthread_mutex_unlock(&f->lock);
	return n;
}

int
fake_tel_connections(struct fake_tel *f)
{
	int n;

	pthread_mutex_lock(&f->lock);
	n = f->connections;
	pthread_mutex_unlock(&f->lock);
	return n;
}

/* A last connection wakes the accept() so the thread can see stop. */
void
fake_tel_stop(struct fake_tel *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	char p[sizeof(f->path)], *slash;

	f->stop = 1;
	memcpy(sa.sun_path, f->path, sizeof(sa.sun_path));
	if (s >= 0 && connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		perror("fake_tel_stop");
	pthread_join(f->th, NULL);
	if (s >= 0)
		close(s);
	close(f->lfd);
	close(f->release[0]);
	close(f->release[1]);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s", f->path);
	while ((slash = strrchr(p, '/')) != NULL && strlen(p) > strlen(f->dir)) {
		*slash = '\0';
		rmdir(p);
	}
	pthread_mutex_destroy(&f->lock);
}
