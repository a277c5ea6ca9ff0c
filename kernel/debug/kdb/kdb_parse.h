/* SPDX-License-Identifier: GPL-2.0 */
/* kdb command-line splitting and command lookup. Portable. */
#ifndef _KDB_PARSE_H
#define _KDB_PARSE_H

#include "../dbg_portable.h"

#define KDB_MAXARGS 16

/*
 * Errors of parsing and dispatch. Negative like kernel errnos, and far
 * below them, so a command may return either.
 */
enum kdb_err {
	KDB_OK = 0,
	KDB_ERR_NOTFOUND = -1001,	/* no such command */
	KDB_ERR_AMBIGUOUS = -1002,	/* prefix of several commands */
	KDB_ERR_TOOMANY = -1003,	/* more than KDB_MAXARGS words */
	KDB_ERR_QUOTE = -1004,		/* unterminated quote */
	KDB_ERR_USAGE = -1005,		/* wrong arguments */
	KDB_ERR_FAULT = -1006,		/* the command faulted, abandoned */
	KDB_ERR_REPORTED = -1007,	/* failed, and said why already */
	KDB_ERR_PERM = -1008,		/* not allowed (cmd_enable, lockdown) */
	KDB_ERR_PIPE = -1009,		/* bad '|' clause */
};

/* What a command handler returns, besides a negative error. */
#define KDB_CMD_CONTINUE	0	/* back to the prompt */
#define KDB_CMD_RESUME		1	/* leave the shell, resume the machine */
#define KDB_CMD_REBOOT		2	/* leave the shell, reboot the machine */

/* struct kdb_cmd.flags */
#define KDB_CMD_REPEAT		0x1	/* an empty line runs it again */
#define KDB_CMD_PREFIX		0x2	/* the name may carry a suffix (md8c4) */

/**
 * struct kdb_cmd - one shell command
 * @name: what the user types
 * @usage: arguments, for help
 * @help: one-line description
 * @fn: handler; argv[0] is the word the user typed
 * @minlen: shortest abbreviation accepted even if not unique (0: none)
 * @flags: KDB_CMD_*
 * @perm: the kdb.cmd_enable categories that allow it
 * @perm_no_args: the categories that allow it without arguments
 */
struct kdb_cmd {
	const char *name;
	const char *usage;
	const char *help;
	int (*fn)(int argc, char **argv);
	unsigned char minlen;
	unsigned char flags;
	unsigned short perm;
	unsigned short perm_no_args;
};

int kdb_tokenize(char *line, char **argv, int max);
int kdb_tokenize_quoted(char *line, char **argv, int max,
			unsigned int *quoted);
char *kdb_split_pipe(char *line);
const struct kdb_cmd *kdb_lookup(const struct kdb_cmd *table, size_t n,
				 const char *name, int *err);
int kdb_parse_md_name(const char *word, const char *base,
		      unsigned int *width, unsigned int *count);

#endif /* _KDB_PARSE_H */
