// SPDX-License-Identifier: GPL-2.0
/*
 * kdb command-line splitting and command lookup. Portable: builds in the
 * kernel and in userspace.
 */

#include "kdb_parse.h"

static bool kdb_is_space(char c)
{
	return c == ' ' || c == '\t';
}

/**
 * kdb_tokenize - split a command line into words, in place
 * @line: NUL-terminated line; modified (words are NUL-terminated)
 * @argv: receives pointers to the words
 * @max: size of @argv
 *
 * Words are separated by spaces or tabs. Double quotes group a word that
 * contains spaces; a backslash inside quotes takes the next character
 * literally.
 *
 * Return: the number of words, or KDB_ERR_TOOMANY or KDB_ERR_QUOTE.
 */
int kdb_tokenize(char *line, char **argv, int max)
{
	char *in = line, *out;
	int argc = 0;

	for (;;) {
		while (kdb_is_space(*in))
			in++;
		if (!*in)
			return argc;
		if (argc == max)
			return KDB_ERR_TOOMANY;
		/* Words are rewritten in place: out never passes in. */
		out = in;
		argv[argc++] = out;
		while (*in && !kdb_is_space(*in)) {
			if (*in != '"') {
				*out++ = *in++;
				continue;
			}
			in++;
			while (*in && *in != '"') {
				if (*in == '\\' && in[1])
					in++;
				*out++ = *in++;
			}
			if (!*in)
				return KDB_ERR_QUOTE;
			in++;
		}
		if (*in)
			in++;
		*out = '\0';
	}
}

/**
 * kdb_lookup - find a command by its name or a unique prefix of it
 * @table: the commands
 * @n: how many
 * @name: what the user typed
 * @err: set to KDB_ERR_NOTFOUND or KDB_ERR_AMBIGUOUS when NULL is returned
 *
 * Return: the command, or NULL.
 */
const struct kdb_cmd *kdb_lookup(const struct kdb_cmd *table, size_t n,
				 const char *name, int *err)
{
	const struct kdb_cmd *found = NULL;
	size_t i, len = strlen(name);
	int matches = 0;

	*err = KDB_OK;
	if (!len) {
		*err = KDB_ERR_NOTFOUND;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (!strcmp(table[i].name, name))
			return &table[i];
		if (!strncmp(table[i].name, name, len)) {
			found = &table[i];
			matches++;
		}
	}
	if (matches == 1)
		return found;
	*err = matches ? KDB_ERR_AMBIGUOUS : KDB_ERR_NOTFOUND;
	return NULL;
}

/**
 * kdb_strerror - message for a kdb error code
 * @err: a negative enum kdb_err
 *
 * Return: a static string.
 */
const char *kdb_strerror(int err)
{
	switch (err) {
	case KDB_OK:
		return "no error";
	case KDB_ERR_NOTFOUND:
		return "unknown command";
	case KDB_ERR_AMBIGUOUS:
		return "ambiguous command";
	case KDB_ERR_TOOMANY:
		return "too many arguments";
	case KDB_ERR_QUOTE:
		return "unterminated quote";
	case KDB_ERR_USAGE:
		return "wrong arguments";
	case KDB_ERR_FAULT:
		return "faulted, abandoned";
	}
	return "unknown error";
}
