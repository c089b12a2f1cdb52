/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Where DPDK puts the telemetry socket of a process with a given --file-prefix.
 * EAL uses /var/run/dpdk for root and $XDG_RUNTIME_DIR/dpdk (else /tmp/dpdk)
 * for other users; the client may run as a different user than media-core,
 * so every location is a candidate, root's first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc_client.h"
#include "mc_client_priv.h"

#define TEL_SOCKET "dpdk_telemetry.v2"

static int
add_path(char *paths, size_t pathlen, int n, int max, const char *dir,
	 const char *prefix)
{
	int len;

	if (n >= max || dir == NULL || dir[0] == '\0')
		return n;
	len = snprintf(paths + (size_t)n * pathlen, pathlen, "%s/dpdk/%s/%s",
		       dir, prefix, TEL_SOCKET);
	if (len < 0 || (size_t)len >= pathlen)
		return n; /* would not fit a sockaddr_un: not a candidate */
	return n + 1;
}

int
mc_tel_socket_paths(const char *file_prefix, char *paths, size_t pathlen,
		    int max)
{
	int n = 0;

	if (file_prefix == NULL || file_prefix[0] == '\0')
		file_prefix = MC_CLIENT_DEFAULT_PREFIX;
	if (file_prefix[0] == '/') {
		if (max < 1 || strlen(file_prefix) >= pathlen)
			return 0;
		snprintf(paths, pathlen, "%s", file_prefix);
		return 1;
	}
	n = add_path(paths, pathlen, n, max, "/var/run", file_prefix);
	n = add_path(paths, pathlen, n, max, getenv("XDG_RUNTIME_DIR"),
		     file_prefix);
	n = add_path(paths, pathlen, n, max, "/tmp", file_prefix);
	return n;
}
