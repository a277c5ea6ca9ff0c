/* SPDX-License-Identifier: GPL-2.0 */
/* kdb command-line splitting and command lookup. Portable. */
#ifndef _KDB_PARSE_H
#define _KDB_PARSE_H

#include "../dbg_portable.h"

#define KDB_MAXARGS 16

/* Errors of parsing and dispatch, negative like kernel errnos. */
enum kdb_err {
	KDB_OK = 0,
	KDB_ERR_NOTFOUND = -1,		/* no such command */
	KDB_ERR_AMBIGUOUS = -2,		/* prefix of several commands */
	KDB_ERR_TOOMANY = -3,		/* more than KDB_MAXARGS words */
	KDB_ERR_QUOTE = -4,		/* unterminated quote */
	KDB_ERR_USAGE = -5,		/* wrong arguments */
	KDB_ERR_FAULT = -6,		/* the command faulted, abandoned */
};

/* What a command handler returns, besides a negative enum kdb_err. */
#define KDB_CMD_CONTINUE	0	/* back to the prompt */
#define KDB_CMD_RESUME		1	/* leave the shell, resume the machine */
#define KDB_CMD_REBOOT		2	/* leave the shell, reboot the machine */

/**
 * struct kdb_cmd - one shell command
 * @name: what the user types
 * @usage: arguments, for help
 * @help: one-line description
 * @fn: handler; argv[0] is the command name
 */
struct kdb_cmd {
	const char *name;
	const char *usage;
	const char *help;
	int (*fn)(int argc, char **argv);
};

int kdb_tokenize(char *line, char **argv, int max);
const struct kdb_cmd *kdb_lookup(const struct kdb_cmd *table, size_t n,
				 const char *name, int *err);
const char *kdb_strerror(int err);

#endif /* _KDB_PARSE_H */
