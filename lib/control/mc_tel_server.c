/* The control-API socket. DPDK 22.11's telemetry library cannot put an object inside an
 * array (rte_tel_data_add_array_container refuses dict containers), which the contract's
 * replies need ("legs": [{...}]). So media-core runs EAL with --no-telemetry and serves
 * the same socket path with the same v2 protocol itself: greeting on connect, one request
 * per SEQPACKET message, one JSON reply. dpdk-telemetry.py works against it unchanged. */
#include "mc_ctl.h"
#include "mc_request.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_version.h>

#define MC_TEL_MAX_CLIENTS 16
#define MC_TEL_MAX_REQUEST 1024   /* what DPDK's telemetry reads; longer ones are refused */
#define MC_TEL_MAX_REPLY 16384
#define MC_TEL_WAIT_MS 5000

json_t *mc_tel_builtin(const char *cmd, const char *param);

static struct {
	int listen_fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	pthread_t thread;
	volatile bool stop;
	int clients[MC_TEL_MAX_CLIENTS];
} srv = { .listen_fd = -1 };

static json_t *run_on_control(const char *cmd, const char *param)
{
	struct mc_request *req = calloc(1, sizeof(*req));
	json_error_t jerr;
	json_t *reply;
	int expected = MC_REQ_PENDING;

	if (req == NULL)
		return mc_error("ENOMEM", "out of memory");
	if (strlen(cmd) >= sizeof(req->cmd)) {
		free(req);
		return mc_error("EINVAL", "unknown command (name too long)");
	}
	memcpy(req->cmd, cmd, strlen(cmd) + 1);
	if (param != NULL && *param != '\0') {
		req->params = json_loads(param, JSON_REJECT_DUPLICATES, &jerr);
		if (req->params == NULL || !json_is_object(req->params)) {
			json_t *e = req->params ?
				mc_error("EINVAL", "parameter must be a JSON object") :
				mc_error("EINVAL", "parameter is not valid JSON: %s (column %d)",
					 jerr.text, jerr.column);

			mc_request_free(req);
			return e;
		}
	}
	atomic_init(&req->state, MC_REQ_PENDING);
	if (rte_ring_mp_enqueue(mc_ctl.req_ring, req) != 0) {
		mc_request_free(req);
		return mc_error("EBUSY", "control queue full; retry");
	}
	for (int waited = 0; atomic_load(&req->state) == MC_REQ_PENDING; waited++) {
		struct timespec ts = { 0, 50 * 1000 };

		if (waited * 50 / 1000 >= MC_TEL_WAIT_MS &&
		    atomic_compare_exchange_strong(&req->state, &expected, MC_REQ_ABANDONED))
			return mc_error("EBUSY", "control lcore did not answer within %d ms",
					MC_TEL_WAIT_MS);
		nanosleep(&ts, NULL);
	}
	reply = req->reply;
	req->reply = NULL;
	mc_request_free(req);
	return reply;
}

static void answer(int fd, const char *cmd, json_t *value)
{
	json_t *top = json_object();
	char *text;

	json_object_set_new(top, cmd, value ? value : json_null());
	text = json_dumps(top, JSON_COMPACT);
	if (text != NULL && strlen(text) > MC_TEL_MAX_REPLY) {
		size_t n = strlen(text);

		free(text);
		json_object_set_new(top, cmd, mc_error("ENOSPC", "reply of %zu bytes exceeds %d; "
					"ask for less (offset/limit)", n, MC_TEL_MAX_REPLY));
		text = json_dumps(top, JSON_COMPACT);
	}
	if (text != NULL && send(fd, text, strlen(text), MSG_NOSIGNAL) < 0)
		RTE_LOG(DEBUG, USER1, "control socket: send: %s\n", strerror(errno));
	free(text);
	json_decref(top);
}

static int serve_one(int fd)
{
	char buf[MC_TEL_MAX_REQUEST + 1];
	ssize_t n = recv(fd, buf, MC_TEL_MAX_REQUEST, MSG_TRUNC);
	char *comma;

	if (n <= 0)
		return -1;
	buf[n < MC_TEL_MAX_REQUEST ? n : MC_TEL_MAX_REQUEST] = '\0';
	comma = strchr(buf, ',');
	if (comma)
		*comma++ = '\0';
	if (n >= MC_TEL_MAX_REQUEST) {
		/* Keyed by the command, as clients match replies to requests by it. */
		answer(fd, buf, mc_error("EINVAL", "request of %zd bytes reaches the %d-byte "
			"limit and may be truncated; split it (session update) or use the ring "
			"transport", n, MC_TEL_MAX_REQUEST));
		return 0;
	}
	if (strncmp(buf, "/mc/", 4) == 0)
		answer(fd, buf, run_on_control(buf, comma));
	else
		answer(fd, buf, mc_tel_builtin(buf, comma));
	return 0;
}

static void greet(int fd)
{
	char msg[160];
	int n = snprintf(msg, sizeof(msg), "{\"version\":\"%s\",\"pid\":%d,\"max_output_len\":%d}",
			 rte_version(), getpid(), MC_TEL_MAX_REPLY);

	if (send(fd, msg, (size_t)n, MSG_NOSIGNAL) < 0)
		RTE_LOG(DEBUG, USER1, "control socket: greeting: %s\n", strerror(errno));
}

static void accept_client(void)
{
	int fd = accept(srv.listen_fd, NULL, NULL);

	if (fd < 0)
		return;
	for (int i = 0; i < MC_TEL_MAX_CLIENTS; i++)
		if (srv.clients[i] < 0) {
			srv.clients[i] = fd;
			greet(fd);
			return;
		}
	close(fd);   /* as DPDK does when all client slots are taken */
}

static void *serve(void *arg)
{
	(void)arg;
	while (!srv.stop) {
		struct pollfd pfd[MC_TEL_MAX_CLIENTS + 1];
		int n = 0, map[MC_TEL_MAX_CLIENTS + 1];

		pfd[n].fd = srv.listen_fd;
		pfd[n++].events = POLLIN;
		for (int i = 0; i < MC_TEL_MAX_CLIENTS; i++)
			if (srv.clients[i] >= 0) {
				map[n] = i;
				pfd[n].fd = srv.clients[i];
				pfd[n++].events = POLLIN;
			}
		if (poll(pfd, (nfds_t)n, 200) <= 0)
			continue;
		if (pfd[0].revents & POLLIN)
			accept_client();
		for (int k = 1; k < n; k++)
			if (pfd[k].revents && serve_one(pfd[k].fd) < 0) {
				close(pfd[k].fd);
				srv.clients[map[k]] = -1;
			}
	}
	return NULL;
}

int mc_tel_server_start(char *err, size_t errlen)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	for (int i = 0; i < MC_TEL_MAX_CLIENTS; i++)
		srv.clients[i] = -1;
	snprintf(srv.path, sizeof(srv.path), "%s/dpdk_telemetry.v2", rte_eal_get_runtime_dir());
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", srv.path);
	srv.listen_fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	unlink(srv.path);
	if (srv.listen_fd < 0 || bind(srv.listen_fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    listen(srv.listen_fd, 8) < 0 || pthread_create(&srv.thread, NULL, serve, NULL) != 0) {
		snprintf(err, errlen, "control socket %s: %s", srv.path, strerror(errno));
		return -1;
	}
	return 0;
}

void mc_tel_server_stop(void)
{
	if (srv.listen_fd < 0)
		return;
	srv.stop = true;
	pthread_join(srv.thread, NULL);
	for (int i = 0; i < MC_TEL_MAX_CLIENTS; i++)
		if (srv.clients[i] >= 0)
			close(srv.clients[i]);
	close(srv.listen_fd);
	unlink(srv.path);
	srv.listen_fd = -1;
}
