// SPDX-License-Identifier: GPL-2.0
/*
 * kdb environment variables (set, env). Portable: builds in the kernel and
 * in userspace.
 *
 * A fixed table of KDB_ENV_SLOTS slots in static storage, each holding a
 * name and a value in place: setting a variable again reuses its slot, and
 * unsetting it (an empty value) frees the slot, so no sequence of changes
 * can leak or fragment anything. Only the kdb shell uses it, on one CPU
 * while all the others are stopped, so there is no locking.
 */

#include "kdb_env.h"

struct kdb_env_slot {
	char name[KDB_ENV_NAME_MAX];	/* "" when the slot is free */
	char value[KDB_ENV_VALUE_MAX];
};

static struct kdb_env_slot kdb_env[KDB_ENV_SLOTS];

static const char *const kdb_env_defaults[][2] = {
	{ "PROMPT", "[%d]kdb> " },
	{ "MOREPROMPT", "more> " },
	{ "RADIX", "16" },
	{ "MDCOUNT", "8" },
	{ "BYTESPERWORD", "8" },
	{ "LINES", "24" },
	{ "COLUMNS", "80" },
	{ "DTABCOUNT", "30" },
	{ "NOSECT", "1" },
	{ "BTAPROMPT", "0" },
	{ "BTDEPTH", "32" },
};

/* ASCII only, so the kernel (Latin-1 ctype) and libc agree. */
static bool kdb_env_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static bool kdb_env_name_ok(const char *name)
{
	size_t i;

	if (!name || !name[0])
		return false;
	for (i = 0; name[i]; i++)
		if (i >= KDB_ENV_NAME_MAX - 1 || !kdb_env_name_char(name[i]))
			return false;
	return true;
}

/*
 * Parse a decimal number, optionally negative; false if @s is not one or
 * does not fit in a long.
 */
static bool kdb_env_parse(const char *s, long *val)
{
	unsigned long v = 0, lim = ~0UL >> 1;
	bool neg = false;

	if (*s == '-') {
		neg = true;
		s++;
		lim++;		/* -LONG_MIN */
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (lim - (*s - '0')) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*val = neg ? (long)(0UL - v) : (long)v;
	return true;
}

static bool kdb_env_in(const char *value, long lo, long hi)
{
	long v;

	return kdb_env_parse(value, &v) && v >= lo && v <= hi;
}

static bool kdb_env_one_of(const char *value, long a, long b, long c,
			   long d)
{
	long v;

	return kdb_env_parse(value, &v) && (v == a || v == b || v == c ||
					    v == d);
}

/* At most one "%d" and no other '%'. */
static bool kdb_env_prompt_ok(const char *value)
{
	bool seen = false;

	for (; *value; value++) {
		if (*value != '%')
			continue;
		if (value[1] != 'd' || seen)
			return false;
		seen = true;
		value++;
	}
	return true;
}

static struct kdb_env_slot *kdb_env_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < KDB_ENV_SLOTS; i++)
		if (kdb_env[i].name[0] && !strcmp(kdb_env[i].name, name))
			return &kdb_env[i];
	return NULL;
}

/**
 * kdb_env_check - is a value acceptable for a variable
 * @name: the variable
 * @value: the value it would get
 *
 * Known variables have a range: RADIX 8, 10 or 16; MDCOUNT 1..1024;
 * BYTESPERWORD 1, 2, 4 or 8; LINES 0 or 2..10000; COLUMNS 0 or 20..1000;
 * DTABCOUNT 1..1000; NOSECT and BTAPROMPT 0 or 1; BTDEPTH 1..64; PROMPT
 * at most one "%d" and no other '%'. Numbers are plain decimal. Any value
 * is fine for other names.
 *
 * Return: NULL if acceptable, else a message saying what is allowed.
 */
const char *kdb_env_check(const char *name, const char *value)
{
	if (!name)
		return NULL;
	if (!value)
		value = "";
	if (!strcmp(name, "RADIX"))
		return kdb_env_one_of(value, 8, 10, 16, 16) ? NULL :
		       "RADIX must be 8, 10 or 16";
	if (!strcmp(name, "MDCOUNT"))
		return kdb_env_in(value, 1, 1024) ? NULL :
		       "MDCOUNT must be 1..1024";
	if (!strcmp(name, "BYTESPERWORD"))
		return kdb_env_one_of(value, 1, 2, 4, 8) ? NULL :
		       "BYTESPERWORD must be 1, 2, 4 or 8";
	if (!strcmp(name, "LINES"))
		return kdb_env_in(value, 0, 0) ||
		       kdb_env_in(value, 2, 10000) ? NULL :
		       "LINES must be 0 (no pager) or 2..10000";
	if (!strcmp(name, "COLUMNS"))
		return kdb_env_in(value, 0, 0) ||
		       kdb_env_in(value, 20, 1000) ? NULL :
		       "COLUMNS must be 0 (no wrapping) or 20..1000";
	if (!strcmp(name, "DTABCOUNT"))
		return kdb_env_in(value, 1, 1000) ? NULL :
		       "DTABCOUNT must be 1..1000";
	if (!strcmp(name, "NOSECT"))
		return kdb_env_in(value, 0, 1) ? NULL :
		       "NOSECT must be 0 or 1";
	if (!strcmp(name, "BTAPROMPT"))
		return kdb_env_in(value, 0, 1) ? NULL :
		       "BTAPROMPT must be 0 or 1";
	if (!strcmp(name, "BTDEPTH"))
		return kdb_env_in(value, 1, 64) ? NULL :
		       "BTDEPTH must be 1..64";
	if (!strcmp(name, "PROMPT"))
		return kdb_env_prompt_ok(value) ? NULL :
		       "PROMPT may hold one %d and no other %";
	return NULL;
}

/**
 * kdb_env_set - set, replace or unset a variable
 * @name: 1..KDB_ENV_NAME_MAX - 1 characters of [A-Za-z0-9_]
 * @value: up to KDB_ENV_VALUE_MAX - 1 characters; empty (or NULL) unsets
 *
 * A value replaces the old one in the same slot. Known variables are
 * checked by kdb_env_check() first.
 *
 * Return: KDB_ENV_OK or a negative enum kdb_env_err; on error nothing
 * changes.
 */
int kdb_env_set(const char *name, const char *value)
{
	struct kdb_env_slot *e;
	size_t len;
	unsigned int i;

	if (!kdb_env_name_ok(name))
		return KDB_ENV_BADNAME;
	if (!value)
		value = "";
	len = strlen(value);
	if (len >= KDB_ENV_VALUE_MAX)
		return KDB_ENV_TOOLONG;
	e = kdb_env_find(name);
	if (!len) {
		if (e)
			memset(e, 0, sizeof(*e));
		return KDB_ENV_OK;
	}
	if (kdb_env_check(name, value))
		return KDB_ENV_BADVALUE;
	for (i = 0; !e && i < KDB_ENV_SLOTS; i++)
		if (!kdb_env[i].name[0])
			e = &kdb_env[i];
	if (!e)
		return KDB_ENV_FULL;
	memcpy(e->name, name, strlen(name) + 1);
	memcpy(e->value, value, len + 1);
	return KDB_ENV_OK;
}

/**
 * kdb_env_reset - forget every variable, then set the defaults
 *
 * The defaults: PROMPT="[%d]kdb> ", MOREPROMPT="more> ", RADIX=16,
 * MDCOUNT=8, BYTESPERWORD=8, LINES=24, COLUMNS=80, DTABCOUNT=30, NOSECT=1,
 * BTAPROMPT=0, BTDEPTH=32.
 */
void kdb_env_reset(void)
{
	unsigned int i;

	memset(kdb_env, 0, sizeof(kdb_env));
	for (i = 0; i < ARRAY_SIZE(kdb_env_defaults); i++)
		kdb_env_set(kdb_env_defaults[i][0], kdb_env_defaults[i][1]);
}

/**
 * kdb_env_get - the value of a variable
 * @name: the variable
 *
 * Return: its value, valid until it is changed, or NULL if it is not set.
 */
const char *kdb_env_get(const char *name)
{
	struct kdb_env_slot *e;

	if (!name)
		return NULL;
	e = kdb_env_find(name);
	return e ? e->value : NULL;
}

/**
 * kdb_env_get_num - the value of a variable, as a number
 * @name: the variable
 * @dflt: returned if it is unset or not a decimal number
 *
 * Return: the value (decimal, optionally negative) or @dflt.
 */
long kdb_env_get_num(const char *name, long dflt)
{
	const char *s = kdb_env_get(name);
	long v;

	return s && kdb_env_parse(s, &v) ? v : dflt;
}

/**
 * kdb_env_foreach - visit every variable that is set
 * @fn: called with @ctx, the name and the value, in slot order
 * @ctx: passed to @fn
 */
void kdb_env_foreach(void (*fn)(void *ctx, const char *name,
				const char *value), void *ctx)
{
	unsigned int i;

	for (i = 0; i < KDB_ENV_SLOTS; i++)
		if (kdb_env[i].name[0])
			fn(ctx, kdb_env[i].name, kdb_env[i].value);
}

/**
 * kdb_env_strerror - text for an error of kdb_env_set()
 * @err: an enum kdb_env_err value
 *
 * Return: a short static message.
 */
const char *kdb_env_strerror(int err)
{
	switch (err) {
	case KDB_ENV_OK:
		return "ok";
	case KDB_ENV_BADNAME:
		return "bad variable name (1-15 of A-Z a-z 0-9 _)";
	case KDB_ENV_TOOLONG:
		return "value too long (79 characters at most)";
	case KDB_ENV_FULL:
		return "environment full";
	case KDB_ENV_BADVALUE:
		return "bad value";
	default:
		return "unknown error";
	}
}
