/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdb output: what a command prints goes through `| grep` filters and the
 * pager before it reaches the console. Portable: kernel and userspace.
 */
#ifndef _KDB_OUT_H
#define _KDB_OUT_H

#include "../dbg_portable.h"

#define KDB_OUT_LINE		512	/* longer lines are cut and flushed */
#define KDB_GREP_PAT		128
#define KDB_GREP_MAX		4	/* filters in one command line */
#define KDB_SEARCH_MAX		64
#define KDB_TYPEAHEAD_MAX	128	/* keys kept while a command prints */

/**
 * struct kdb_grep - one `| grep [-v] [-i] PATTERN` filter
 * @pat: the substring to look for (anchors removed)
 * @len: its length
 * @invert: -v: keep the lines that do not match
 * @icase: -i: ignore ASCII case
 * @at_start: PATTERN began with '^': match at the start of the line only
 * @at_end: PATTERN ended with '$': match at the end of the line only
 */
struct kdb_grep {
	char pat[KDB_GREP_PAT];
	size_t len;
	bool invert;
	bool icase;
	bool at_start;
	bool at_end;
};

/**
 * struct kdb_out_ops - the console, for the pager
 * @write: show text (a whole line, or the more prompt)
 * @getc: read a key without waiting: 0..255, or -1 if none
 * @idle: called while waiting for a key (touch watchdogs, relax)
 */
struct kdb_out_ops {
	void (*write)(const char *s, size_t n, void *ctx);
	int (*getc)(void *ctx);
	void (*idle)(void *ctx);
};

/**
 * struct kdb_out - state of the output of one command
 * @line: the line being assembled
 * @len: its length
 * @grep: the filters, all of which a line must pass
 * @ngrep: how many
 * @page_lines: lines per page (LINES); 0: no paging
 * @columns: terminal width (COLUMNS), for counting wrapped lines
 * @shown: lines shown since the last page break
 * @more_prompt: the pager's prompt
 * @quit: the user asked to stop this command ('q' at the pager, or
 *	Ctrl-C): what it prints from now on is dropped
 * @search: with @searching, skip lines until one contains this
 * @searching: a '/' search is in progress
 * @lines_since_poll: lines written since the console was last polled
 *	for Ctrl-C
 * @typeahead: keys read by those polls that were not Ctrl-C, oldest
 *	first, for the pager and the next prompt (kdb_out_getc())
 * @typeahead_len: how many
 * @ops: callbacks
 * @ctx: passed to the callbacks
 */
struct kdb_out {
	char line[KDB_OUT_LINE];
	size_t len;
	struct kdb_grep grep[KDB_GREP_MAX];
	unsigned int ngrep;
	unsigned int page_lines;
	unsigned int columns;
	unsigned int shown;
	const char *more_prompt;
	bool quit;
	char search[KDB_SEARCH_MAX];
	bool searching;
	unsigned int lines_since_poll;
	char typeahead[KDB_TYPEAHEAD_MAX];
	size_t typeahead_len;
	const struct kdb_out_ops *ops;
	void *ctx;
};

void kdb_out_init(struct kdb_out *o, const struct kdb_out_ops *ops,
		  void *ctx);
void kdb_out_begin(struct kdb_out *o, unsigned int page_lines,
		   unsigned int columns, const char *more_prompt);
int kdb_grep_parse(struct kdb_grep *g, int argc, char **argv);
int kdb_out_add_grep(struct kdb_out *o, const struct kdb_grep *g);
bool kdb_grep_match(const struct kdb_grep *g, const char *line, size_t len);
void kdb_out_write(struct kdb_out *o, const char *s, size_t n);
void kdb_out_end(struct kdb_out *o);
bool kdb_out_stopped(struct kdb_out *o);
int kdb_out_check_keys(struct kdb_out *o, const char *stop_keys);
int kdb_out_getc(struct kdb_out *o);

#endif /* _KDB_OUT_H */
