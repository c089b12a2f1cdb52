/* SPDX-License-Identifier: BSD-3-Clause */
#include "mcctl_cmds.h"

void
mcctl_usage(FILE *out)
{
	fputs("usage: mcctl [--file-prefix P | --socket PATH] [--ring] [--json] [--timeout S]\n"
	      "             <command> [args]\n"
	      "\n"
	      "  -p, --file-prefix P  EAL --file-prefix of media-core (default media-core)\n"
	      "  -s, --socket PATH    telemetry socket path (instead of the prefix)\n"
	      "  -r, --ring           use the rte_ring transport (a DPDK secondary of\n"
	      "                       media-core, which must run with hugepages): no 1 KB\n"
	      "                       request limit\n"
	      "  -j, --json           print the raw reply as one JSON document\n"
	      "  -t, --timeout S      seconds to wait for a reply (default 5, 0 = forever)\n"
	      "\n"
	      "commands:\n"
	      "  version | ports | lcores | neighbors | stats | caps\n"
	      "  events [--after SEQ]\n"
	      "  session create --json '{...}'|@FILE\n"
	      "  session update --json '{...}'|@FILE\n"
	      "  session destroy ID\n"
	      "  session info ID\n"
	      "  session list [--offset N] [--limit N]\n"
	      "  dtmf send ID LEG DIGITS [--duration MS]\n"
	      "  call CMD [JSON]      any command, e.g. call /mc/version\n"
	      "\n"
	      "exit status: 0 ok, 1 media-core error, 2 usage or transport error\n",
	      out);
}
