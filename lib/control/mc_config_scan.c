/* A strict first pass over the INI text. rte_cfgfile is lenient where an operator's typo
 * must be an error: a line without '=' is skipped, a value over 255 characters is cut,
 * a repeated section or key silently loses entries. */
#include "mc_config_parse.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <rte_cfgfile.h>

#define MC_SCAN_MAX_NAMES 64

struct scan {
	char sections[MC_SCAN_MAX_NAMES][CFG_NAME_LEN];
	unsigned n_sections;
	char keys[MC_SCAN_MAX_NAMES][CFG_NAME_LEN];
	unsigned n_keys;
};

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static bool seen(char names[][CFG_NAME_LEN], unsigned n, const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

static int section_line(struct scan *sc, char *line, unsigned no, char *err, size_t errlen)
{
	char *end = strchr(line, ']');
	char *name;

	if (end == NULL || *trim(end + 1) != '\0') {
		snprintf(err, errlen, "config: line %u: expected [section]", no);
		return -1;
	}
	*end = '\0';
	name = trim(line + 1);
	if (*name == '\0' || strlen(name) >= CFG_NAME_LEN || sc->n_sections == MC_SCAN_MAX_NAMES) {
		snprintf(err, errlen, "config: line %u: bad or too many section names", no);
		return -1;
	}
	if (seen(sc->sections, sc->n_sections, name)) {
		snprintf(err, errlen, "config: [%s]: section given twice (line %u)", name, no);
		return -1;
	}
	strcpy(sc->sections[sc->n_sections++], name);
	sc->n_keys = 0;
	return 0;
}

static int entry_line(struct scan *sc, char *line, unsigned no, char *err, size_t errlen)
{
	char *eq = strchr(line, '=');
	const char *sec = sc->n_sections ? sc->sections[sc->n_sections - 1] : NULL;
	char *key, *val;

	if (eq == NULL || sec == NULL) {
		snprintf(err, errlen, "config: line %u: expected key = value%s", no,
			 sec ? "" : " inside a [section]");
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	if (*key == '\0' || strlen(key) >= CFG_NAME_LEN) {
		snprintf(err, errlen, "config: line %u: bad key name", no);
		return -1;
	}
	if (*val == '\0') {
		snprintf(err, errlen, "config: [%s] %s: empty value", sec, key);
		return -1;
	}
	if (strlen(val) >= CFG_VALUE_LEN) {
		snprintf(err, errlen, "config: [%s] %s: value longer than %d characters", sec, key,
			 CFG_VALUE_LEN - 1);
		return -1;
	}
	if (seen(sc->keys, sc->n_keys, key)) {
		snprintf(err, errlen, "config: [%s] %s: given twice (line %u)", sec, key, no);
		return -1;
	}
	if (sc->n_keys < MC_SCAN_MAX_NAMES)
		strcpy(sc->keys[sc->n_keys++], key);
	return 0;
}

int mc_config_scan(const char *path, char *err, size_t errlen)
{
	static struct scan sc;
	char buf[1024];
	struct stat st;
	unsigned no = 0;
	int rc = 0;
	FILE *f;

	memset(&sc, 0, sizeof(sc));
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || (f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "config: cannot read '%s' (missing, unreadable or not a "
			 "regular file)", path);
		return -1;
	}
	while (rc == 0 && fgets(buf, sizeof(buf), f) != NULL) {
		char *line, *semi;

		no++;
		if (strchr(buf, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "config: line %u: longer than %zu characters", no,
				 sizeof(buf) - 2);
			rc = -1;
			break;
		}
		semi = strchr(buf, ';');      /* rte_cfgfile's comment character */
		if (semi)
			*semi = '\0';
		line = trim(buf);
		if (*line == '\0')
			continue;
		rc = *line == '[' ? section_line(&sc, line, no, err, errlen)
				  : entry_line(&sc, line, no, err, errlen);
	}
	fclose(f);
	return rc;
}
