/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdb environment variables (set, env): a fixed table, no heap, so
 * changing a variable never leaks or runs out. Portable.
 */
#ifndef _KDB_ENV_H
#define _KDB_ENV_H

#include "../dbg_portable.h"

#define KDB_ENV_SLOTS		32
#define KDB_ENV_NAME_MAX	16	/* with the NUL */
#define KDB_ENV_VALUE_MAX	80	/* with the NUL */

/* Errors of kdb_env_set(), negative. */
enum kdb_env_err {
	KDB_ENV_OK = 0,
	KDB_ENV_BADNAME = -1,	/* empty, too long, or not [A-Za-z0-9_] */
	KDB_ENV_TOOLONG = -2,	/* value too long */
	KDB_ENV_FULL = -3,	/* every slot in use */
	KDB_ENV_BADVALUE = -4,	/* out of range for a known variable */
};

void kdb_env_reset(void);
int kdb_env_set(const char *name, const char *value);
const char *kdb_env_get(const char *name);
long kdb_env_get_num(const char *name, long dflt);
const char *kdb_env_check(const char *name, const char *value);
void kdb_env_foreach(void (*fn)(void *ctx, const char *name,
				const char *value), void *ctx);
const char *kdb_env_strerror(int err);

#endif /* _KDB_ENV_H */
