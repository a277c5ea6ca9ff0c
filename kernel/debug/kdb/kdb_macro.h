/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdb macros (defcmd): named lists of commands, defined at the prompt or
 * built in. A fixed table, no heap. Portable.
 */
#ifndef _KDB_MACRO_H
#define _KDB_MACRO_H

#include "../dbg_portable.h"

#define KDB_MACROS		24
#define KDB_MACRO_LINES		16
#define KDB_MACRO_LINE_MAX	128	/* with the NUL */
#define KDB_MACRO_NAME_MAX	16
#define KDB_MACRO_USAGE_MAX	32
#define KDB_MACRO_HELP_MAX	64

/**
 * struct kdb_macro - one macro
 * @name: what the user types to run it
 * @usage: shown by help
 * @help: shown by help
 * @nlines: commands in it
 * @lines: the commands
 * @builtin: defined at boot
 */
struct kdb_macro {
	char name[KDB_MACRO_NAME_MAX];
	char usage[KDB_MACRO_USAGE_MAX];
	char help[KDB_MACRO_HELP_MAX];
	unsigned int nlines;
	char lines[KDB_MACRO_LINES][KDB_MACRO_LINE_MAX];
	bool builtin;
};

/* Errors, negative. */
enum kdb_macro_err {
	KDB_MACRO_OK = 0,
	KDB_MACRO_BADNAME = -1,	/* empty, too long, or not [A-Za-z0-9_-] */
	KDB_MACRO_TOOLONG = -2,	/* usage, help or a line too long */
	KDB_MACRO_FULL = -3,	/* no free macro slot */
	KDB_MACRO_TOOMANY = -4,	/* more than KDB_MACRO_LINES lines */
	KDB_MACRO_NOTDEFINING = -5,	/* a line or end with no defcmd open */
	KDB_MACRO_NESTED = -6,	/* defcmd while defining another */
	KDB_MACRO_NOTFOUND = -7,
};

void kdb_macro_reset(void);
int kdb_macro_begin(const char *name, const char *usage, const char *help,
		    bool builtin);
int kdb_macro_add_line(const char *line);
int kdb_macro_end(void);
void kdb_macro_abort(void);
bool kdb_macro_defining(void);
const struct kdb_macro *kdb_macro_find(const char *name);
const struct kdb_macro *kdb_macro_at(unsigned int i);
int kdb_macro_delete(const char *name);
const char *kdb_macro_strerror(int err);

#endif /* _KDB_MACRO_H */
