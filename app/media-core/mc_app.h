/* Start-up and shut-down steps of the media-core executable. */
#ifndef MC_APP_H
#define MC_APP_H

#include <stddef.h>

#include "mc_config.h"

/* Checks the configured lcores against what EAL enabled. */
int mc_app_check_lcores(const struct mc_config *cfg, char *err, size_t errlen);
/* Mempool, ports (probed and started), workers and their rings. */
int mc_app_setup_dataplane(const struct mc_config *cfg, char *err, size_t errlen);
/* Launches the workers that have an lcore of their own; returns the worker that shares
 * the control lcore, or NULL. */
struct mc_worker *mc_app_launch_workers(void);
void mc_app_teardown(const struct mc_config *cfg);

#endif
