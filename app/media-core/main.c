/* media-core: EAL arguments, then "--" and media-core's own:
 *   --config FILE         INI configuration (default: built-in two-tap lab)
 *   --set section.key=v   override one key (repeatable)
 * The main lcore is the control lcore; workers run on the other configured lcores. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include "mc_app.h"
#include "mc_config.h"
#include "mc_ctl.h"
#include "mc_dp.h"

#define MC_MAX_SETS 64

static void on_signal(int sig)
{
	(void)sig;
	mc_dp.quit = true;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: media-core [EAL options] -- [--config FILE] "
		"[--set section.key=value]...\n");
}

/* Our control socket takes DPDK telemetry's path, so DPDK's own must stay off. */
static char **eal_argv(int argc, char **argv, int *eal_argc)
{
	char **v = calloc((size_t)argc + 2, sizeof(*v));
	int n = 0;

	if (v == NULL)
		return NULL;
	for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--telemetry") != 0)
			v[n++] = argv[i];
	v[n++] = (char *)"--no-telemetry";
	*eal_argc = n;
	return v;
}

static int parse_app_args(int argc, char **argv, const char **config,
			  const char **sets, unsigned *n_sets)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "set", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'c') {
			*config = optarg;
		} else if (c == 's' && *n_sets < MC_MAX_SETS) {
			sets[(*n_sets)++] = optarg;
		} else {
			usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 1 : -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "media-core: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

static int run(const struct mc_config *cfg)
{
	char err[512];
	struct mc_worker *shared;

	if (mc_app_check_lcores(cfg, err, sizeof(err)) < 0 ||
	    mc_app_setup_dataplane(cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "media-core: %s\n", err);
		return 1;
	}
	if (mc_ctl_init(cfg) < 0) {
		fprintf(stderr, "media-core: control lcore initialisation failed\n");
		return 1;
	}
	shared = mc_app_launch_workers();
	if (mc_tel_server_start(err, sizeof(err)) < 0) {
		fprintf(stderr, "media-core: %s\n", err);
		mc_dp.quit = true;
		return 1;
	}
	RTE_LOG(NOTICE, USER1, "media-core %s running: %u ports, %u workers\n",
		MC_VERSION_STRING, mc_dp.n_ports, mc_dp.n_workers);
	mc_ctl_main(shared);
	mc_tel_server_stop();
	return 0;
}

int main(int argc, char **argv)
{
	static struct mc_config cfg;
	const char *config = NULL, *sets[MC_MAX_SETS];
	unsigned n_sets = 0;
	char err[512];
	int eal_argc, n, rc;
	char **eargv = eal_argv(argc, argv, &eal_argc);

	if (eargv == NULL || (n = rte_eal_init(eal_argc, eargv)) < 0) {
		fprintf(stderr, "media-core: EAL initialisation failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	/* rte_eal_init consumed n arguments; what follows "--" is ours. */
	rc = parse_app_args(argc - n, argv + n, &config, sets, &n_sets);
	if (rc == 0 && mc_config_load(&cfg, config, sets, n_sets, err, sizeof(err)) < 0) {
		fprintf(stderr, "media-core: %s\n", err);
		rc = -1;
	}
	if (rc == 0) {
		rte_log_set_global_level((uint32_t)cfg.log_level);
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		rc = run(&cfg) == 0 ? 0 : -1;
		mc_app_teardown(&cfg);
		mc_ctl_fini();
		RTE_LOG(NOTICE, USER1, "media-core stopped\n");
	}
	rte_eal_cleanup();
	free(eargv);
	return rc < 0 ? 1 : 0;   /* rc 1: --help */
}
