/* Helpers shared by the configuration tests: a private temp directory per test case,
 * INI files written into it, and loads whose result lands in cfg/err. */
#ifndef CFG_UTIL_H
#define CFG_UTIL_H

#include <arpa/inet.h>
#include <check.h>

#include "mc_config.h"

/* One port, enough for a file to be valid; most error tests add one mistake to it. */
#define PORT0 "[port0]\ndev = net_tap0,iface=mcA\naddress = 10.96.0.254/24\n"
#define PORT1 "[port1]\ndev = net_tap1,iface=mcB\naddress = 10.97.0.254/24\n"

extern struct mc_config cfg;
extern char err[512];

/* Unchecked fixture (runs in the parent): the directory outlives forked test cases. */
void cfg_tmpdir_setup(void);
void cfg_tmpdir_teardown(void);
TCase *cfg_tcase(const char *name);

/* Writes text to <tmpdir>/name and returns its path (a static buffer). */
const char *cfg_write(const char *name, const char *text);
/* Writes ini (unless NULL: built-in default) and loads it with overrides. */
int cfg_load(const char *ini, const char *const *ov, unsigned n_ov);

/* n ports named port0..port<n-1>, dev net_null<i>, address 10.(100+i).0.1/24. */
const char *cfg_ports_ini(unsigned n);

/* Load must fail and err must hold both fragments (e.g. "[port0] address:" and
 * "is not an IPv4 address"); the caller's line is reported on failure. */
void cfg_expect_err_at(const char *file, int line, const char *ini,
		       const char *const *ov, unsigned n_ov,
		       const char *where, const char *reason);
#define EXPECT_ERR(ini, where, reason) \
	cfg_expect_err_at(__FILE__, __LINE__, ini, NULL, 0, where, reason)
#define EXPECT_ERR_OV(ini, ov, where, reason) \
	cfg_expect_err_at(__FILE__, __LINE__, ini, ov, sizeof(ov) / sizeof(ov[0]), \
			  where, reason)

/* Load must succeed; otherwise the failure shows err. */
#define EXPECT_OK(ini, ov, n) \
	ck_assert_msg(cfg_load(ini, ov, n) == 0, "load failed: %s", err)

/* a.b.c.d in network byte order, as struct mc_config stores addresses */
static inline uint32_t ip4(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return htonl((uint32_t)(a << 24 | b << 16 | c << 8 | d));
}

#endif
