/* SPDX-License-Identifier: BSD-3-Clause
 * SDP fmtp parser: tokenises "key=value" pairs separated by ';' and checks each known
 * key's value against the range its RFC allows.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mc_fmtp.h"

#define KEY_MAX 32
#define VAL_MAX 128

static int bad(const char *key, const char *val, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "bad value '%s' for %s", val, key);
	return -EINVAL;
}

/* Strict decimal: digits only, no sign, no overflow past 10 digits. */
static bool parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	unsigned long v = 0;

	if (*s == '\0' || strlen(s) > 10)
		return false;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (v < lo || v > hi)
		return false;
	*out = (unsigned)v;
	return true;
}

static bool parse_bool01(const char *s, bool *out)
{
	unsigned v;

	if (!parse_uint(s, 0, 1, &v))
		return false;
	*out = v == 1;
	return true;
}

/* "0-15,66,70" into a bitmask. */
static bool parse_events(const char *s, uint64_t ev[4])
{
	memset(ev, 0, 4 * sizeof(ev[0]));
	while (*s) {
		char item[16];
		size_t n = strcspn(s, ",");
		unsigned a, b;
		char *dash;

		if (n == 0 || n >= sizeof(item))
			return false;
		memcpy(item, s, n);
		item[n] = '\0';
		dash = strchr(item, '-');
		if (dash != NULL)
			*dash = '\0';
		if (!parse_uint(item, 0, 255, &a))
			return false;
		b = a;
		if (dash != NULL && (!parse_uint(dash + 1, 0, 255, &b) || b < a))
			return false;
		for (unsigned e = a; e <= b; e++)
			ev[e >> 6] |= 1ull << (e & 63);
		s += n;
		if (*s == ',' && *++s == '\0')
			return false;
	}
	return true;
}

static int apply(enum mc_codec_id id, const char *k, const char *v, struct mc_fmtp *f, char *err, size_t errlen)
{
	bool ok = true;

	if (strcasecmp(k, "ptime") == 0)
		ok = parse_uint(v, 1, 1000, &f->ptime);
	else if (strcasecmp(k, "maxptime") == 0)
		ok = parse_uint(v, 1, 1000, &f->maxptime);
	else if (strcasecmp(k, "minptime") == 0)
		ok = parse_uint(v, 1, 1000, &f->minptime);
	else if (id == MC_CODEC_G729 && strcasecmp(k, "annexb") == 0) {
		if (strcasecmp(v, "yes") == 0)
			f->annexb = true;
		else if (strcasecmp(v, "no") == 0)
			f->annexb = false;
		else
			ok = false;
	} else if (id == MC_CODEC_OPUS) {
		if (strcasecmp(k, "maxplaybackrate") == 0)
			ok = parse_uint(v, 8000, 48000, &f->maxplaybackrate);
		else if (strcasecmp(k, "sprop-maxcapturerate") == 0)
			ok = parse_uint(v, 8000, 48000, &f->sprop_maxcapturerate);
		else if (strcasecmp(k, "maxaveragebitrate") == 0)
			ok = parse_uint(v, 6000, 510000, &f->maxaveragebitrate);
		else if (strcasecmp(k, "stereo") == 0)
			ok = parse_bool01(v, &f->stereo);
		else if (strcasecmp(k, "sprop-stereo") == 0)
			ok = parse_bool01(v, &f->sprop_stereo);
		else if (strcasecmp(k, "useinbandfec") == 0)
			ok = parse_bool01(v, &f->useinbandfec);
		else if (strcasecmp(k, "usedtx") == 0)
			ok = parse_bool01(v, &f->usedtx);
		else if (strcasecmp(k, "cbr") == 0)
			ok = parse_bool01(v, &f->cbr);
	}
	return ok ? 0 : bad(k, v, err, errlen);
}

/* Copies s[0..n) without surrounding blanks; false if it does not fit. */
static bool trim_copy(const char *s, size_t n, char *dst, size_t cap)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= cap)
		return false;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

int mc_fmtp_parse(enum mc_codec_id id, const char *fmtp, struct mc_fmtp *f, char *err, size_t errlen)
{
	memset(f, 0, sizeof(*f));
	f->annexb = true;
	f->maxplaybackrate = 48000;
	f->sprop_maxcapturerate = 48000;
	if (id == MC_CODEC_TEVENT)
		f->events[0] = 0xffff; /* RFC 4733: 0-15 when fmtp is absent */
	if (fmtp == NULL)
		return 0;
	while (*fmtp) {
		size_t n = strcspn(fmtp, ";");
		char k[KEY_MAX], v[VAL_MAX], pair[KEY_MAX + VAL_MAX + 2];
		const char *eq;

		if (!trim_copy(fmtp, n, pair, sizeof(pair)))
			return bad("fmtp", "(parameter too long)", err, errlen);
		fmtp += n + (fmtp[n] == ';');
		if (pair[0] == '\0')
			continue;
		eq = strchr(pair, '=');
		if (id == MC_CODEC_TEVENT && eq == NULL) {
			/* RFC 4733 fmtp is a bare event list: "0-15" */
			if (!parse_events(pair, f->events))
				return bad("events", pair, err, errlen);
			continue;
		}
		if (eq == NULL || !trim_copy(pair, (size_t)(eq - pair), k, sizeof(k)) ||
		    !trim_copy(eq + 1, strlen(eq + 1), v, sizeof(v)) || k[0] == '\0')
			return bad("fmtp", pair, err, errlen);
		if (apply(id, k, v, f, err, errlen) < 0)
			return -EINVAL;
	}
	return 0;
}
