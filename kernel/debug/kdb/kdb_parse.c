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
 * kdb_tokenize_quoted - split a command line into words, in place
 * @line: NUL-terminated line; modified (words are NUL-terminated)
 * @argv: receives pointers to the words
 * @max: size of @argv
 * @quoted: if not NULL, bit i is set when word i had quotes in it
 *	(words past the 32nd are not marked)
 *
 * Words are separated by spaces or tabs. Double quotes group a word that
 * contains spaces; a backslash inside quotes takes the next character
 * literally.
 *
 * Return: the number of words, or KDB_ERR_TOOMANY or KDB_ERR_QUOTE.
 */
int kdb_tokenize_quoted(char *line, char **argv, int max,
			unsigned int *quoted)
{
	char *in = line, *out;
	int argc = 0;

	if (quoted)
		*quoted = 0;
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
			if (quoted && argc <= 32)
				*quoted |= 1U << (argc - 1);
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
 * kdb_tokenize - split a command line into words, in place
 * @line: NUL-terminated line; modified (words are NUL-terminated)
 * @argv: receives pointers to the words
 * @max: size of @argv
 *
 * As kdb_tokenize_quoted(), without telling which words were quoted.
 *
 * Return: the number of words, or KDB_ERR_TOOMANY or KDB_ERR_QUOTE.
 */
int kdb_tokenize(char *line, char **argv, int max)
{
	return kdb_tokenize_quoted(line, argv, max, NULL);
}

/**
 * kdb_split_pipe - cut a command line at its first '|' outside quotes
 * @line: NUL-terminated line; the '|' is replaced by a NUL
 *
 * Return: the text after the '|', or NULL if there is none.
 */
char *kdb_split_pipe(char *line)
{
	bool quoted = false;
	char *p;

	for (p = line; *p; p++) {
		if (*p == '\\' && quoted && p[1]) {
			p++;
			continue;
		}
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '|' && !quoted) {
			*p = '\0';
			return p + 1;
		}
	}
	return NULL;
}

/* Is @rest a suffix a KDB_CMD_PREFIX command takes: digits and 'c'? */
static bool kdb_is_suffix(const char *rest)
{
	if (!*rest)
		return false;
	for (; *rest; rest++)
		if (!isdigit((unsigned char)*rest) && *rest != 'c')
			return false;
	return true;
}

/**
 * kdb_lookup - find the command a word names
 * @table: the commands
 * @n: how many
 * @name: what the user typed
 * @err: set to KDB_ERR_NOTFOUND or KDB_ERR_AMBIGUOUS when NULL is returned
 *
 * In this order: the exact name; a command that takes a suffix followed
 * by one (md8c4, mm4); an abbreviation at least as long as the command's
 * minlen (m for md, g for go); a prefix of exactly one command.
 *
 * Return: the command, or NULL.
 */
const struct kdb_cmd *kdb_lookup(const struct kdb_cmd *table, size_t n,
				 const char *name, int *err)
{
	const struct kdb_cmd *found = NULL;
	size_t i, len = strlen(name), clen;
	int matches = 0;

	*err = KDB_OK;
	if (!len) {
		*err = KDB_ERR_NOTFOUND;
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(table[i].name, name))
			return &table[i];
	for (i = 0; i < n; i++) {
		clen = strlen(table[i].name);
		if ((table[i].flags & KDB_CMD_PREFIX) && len > clen &&
		    !strncmp(table[i].name, name, clen) &&
		    kdb_is_suffix(name + clen))
			return &table[i];
	}
	for (i = 0; i < n; i++)
		if (table[i].minlen && len >= table[i].minlen &&
		    !strncmp(table[i].name, name, len))
			return &table[i];
	for (i = 0; i < n; i++) {
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

/* A decimal number of at most 6 digits at *@s, advancing it. */
static int kdb_small_num(const char **s, unsigned int *val)
{
	unsigned int v = 0, digits = 0;

	while (isdigit((unsigned char)**s)) {
		if (++digits > 6)
			return KDB_ERR_USAGE;
		v = v * 10 + (unsigned int)(**s - '0');
		(*s)++;
	}
	if (!digits)
		return KDB_ERR_USAGE;
	*val = v;
	return 0;
}

/**
 * kdb_parse_md_name - the width and count a command word carries
 * @word: what the user typed, e.g. "md8c4", "mm2", "md"
 * @base: the command's name, e.g. "md"
 * @width: set to the unit width (1, 2, 4 or 8), 0 if not given (md0
 *	also gives 0: keep the previous width)
 * @count: set to the number of units after 'c', 0 if not given
 *
 * Return: 0, or KDB_ERR_USAGE for a malformed suffix.
 */
int kdb_parse_md_name(const char *word, const char *base,
		      unsigned int *width, unsigned int *count)
{
	size_t blen = strlen(base);
	const char *s = word + blen;

	*width = 0;
	*count = 0;
	if (strncmp(word, base, blen))
		return KDB_ERR_USAGE;
	if (isdigit((unsigned char)*s)) {
		*width = (unsigned int)(*s++ - '0');
		if (*width != 0 && *width != 1 && *width != 2 && *width != 4 &&
		    *width != 8)
			return KDB_ERR_USAGE;
	}
	if (*s == 'c') {
		s++;
		if (kdb_small_num(&s, count) || !*count)
			return KDB_ERR_USAGE;
	}
	return *s ? KDB_ERR_USAGE : 0;
}
