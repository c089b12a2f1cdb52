/* The generic commands every DPDK telemetry socket answers, so dpdk-telemetry.py and
 * other telemetry clients find their way around media-core's socket. */
#include "mc_request.h"

#include <string.h>
#include <unistd.h>

#include <rte_version.h>

json_t *mc_tel_builtin(const char *cmd, const char *param);

json_t *mc_tel_builtin(const char *cmd, const char *param)
{
	if (strcmp(cmd, "/") == 0) {
		json_t *a = json_pack("[s,s,s]", "/", "/help", "/info");

		for (unsigned i = 0; i < mc_cmd_count(); i++)
			json_array_append_new(a, json_string(mc_cmd_at(i)->name));
		return a;
	}
	if (strcmp(cmd, "/info") == 0)
		return json_pack("{s:s,s:i,s:i}", "version", rte_version(), "pid", (int)getpid(),
				 "max_output_len", 16384);
	if (strcmp(cmd, "/help") == 0) {
		const struct mc_cmd *c = param ? mc_cmd_find(param) : NULL;

		if (c == NULL)
			return json_null();
		return json_pack("{s:s}", c->name, c->help);
	}
	return json_null();   /* what DPDK answers for an unknown command */
}
