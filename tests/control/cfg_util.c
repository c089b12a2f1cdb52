#include "cfg_util.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct mc_config cfg;
char err[512];

static char tmpdir[256];

void cfg_tmpdir_setup(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/mc-cfgtest-XXXXXX", base ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		abort();
	}
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void cfg_tmpdir_teardown(void)
{
	nftw(tmpdir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

TCase *cfg_tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_unchecked_fixture(tc, cfg_tmpdir_setup, cfg_tmpdir_teardown);
	return tc;
}

const char *cfg_write(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot create %s", path);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

int cfg_load(const char *ini, const char *const *ov, unsigned n_ov)
{
	const char *path = ini ? cfg_write("test.ini", ini) : NULL;

	err[0] = '\0';
	return mc_config_load(&cfg, path, ov, n_ov, err, sizeof(err));
}

void cfg_expect_err_at(const char *file, int line, const char *ini,
		       const char *const *ov, unsigned n_ov,
		       const char *where, const char *reason)
{
	int rc = cfg_load(ini, ov, n_ov);

	ck_assert_msg(rc == -1, "%s:%d: load returned %d, expected -1 (%s %s)",
		      file, line, rc, where, reason);
	ck_assert_msg(strncmp(err, "config: ", 8) == 0 || strncmp(err, "--set '", 7) == 0,
		      "%s:%d: message lacks its prefix: '%s'", file, line, err);
	ck_assert_msg(strstr(err, where) != NULL, "%s:%d: '%s' does not name '%s'",
		      file, line, err, where);
	ck_assert_msg(strstr(err, reason) != NULL, "%s:%d: '%s' lacks the reason '%s'",
		      file, line, err, reason);
}

const char *cfg_ports_ini(unsigned n)
{
	static char buf[4096];
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < n && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"[port%u]\ndev = net_null%u\naddress = 10.%u.0.1/24\n",
					i, i, 100 + i);
	ck_assert_uint_lt(len, sizeof(buf));
	return buf;
}
