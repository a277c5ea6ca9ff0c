/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdb line editor: turns console bytes into command lines, with cursor
 * movement, history and Tab completion. Portable: kernel and userspace.
 * All state is in struct kdb_line (no allocation): the shell keeps one.
 */
#ifndef _KDB_LINE_H
#define _KDB_LINE_H

#include "../dbg_portable.h"

#define KDB_LINE_MAX	256	/* bytes of a line, with its NUL */
#define KDB_HIST_LINES	64	/* lines of history kept */
#define KDB_PROMPT_MAX	64

enum kdb_line_status {
	KDB_LINE_EDITING,	/* more input needed */
	KDB_LINE_DONE,		/* Enter: the line is in buf */
	KDB_LINE_CANCEL,	/* Ctrl-C: the line was thrown away */
};

/**
 * struct kdb_completion - candidates gathered for one Tab
 * @word: the word being completed (the text before the cursor back to
 *	the previous space), NUL-terminated
 * @word_len: its length
 * @first_word: the word is the first of the line (a command name)
 * @common: the longest common prefix of the candidates added so far
 * @common_len: its length
 * @count: candidates added so far
 * @listing: this is the second Tab in a row: list the candidates
 * @listed: candidates listed so far
 * @list_max: list at most this many (the rest is counted)
 * @column: where the next listed name goes on the current output line
 * @echo: how the listing is shown (the editor's echo)
 * @ctx: passed to @echo
 */
struct kdb_completion {
	char word[KDB_LINE_MAX];
	size_t word_len;
	bool first_word;
	char common[KDB_LINE_MAX];
	size_t common_len;
	unsigned int count;
	bool listing;
	unsigned int listed;
	unsigned int list_max;
	unsigned int column;
	void (*echo)(const char *s, size_t n, void *ctx);
	void *ctx;
};

/**
 * struct kdb_line_ops - what the editor calls
 * @echo: show text on the terminal (may be NULL)
 * @complete: find the candidates for @c->word and kdb_completion_add()
 *	each of them (may be NULL: Tab then rings the bell)
 */
struct kdb_line_ops {
	void (*echo)(const char *s, size_t n, void *ctx);
	void (*complete)(struct kdb_completion *c, void *ctx);
};

/**
 * struct kdb_line - state of the line being edited, and the history
 * @buf: the line, always NUL-terminated
 * @len: its length
 * @cursor: position of the cursor in @buf (0..@len)
 * @prompt: shown again when the line is redrawn
 * @esc: position inside an escape sequence (0: none)
 * @esc_param: numeric parameter of a CSI sequence being read
 * @after_cr: the previous byte ended a line with CR, so a LF is ignored
 * @last_was_tab: the previous key was Tab (a second one lists)
 * @hist: ring of previous lines, oldest overwritten first
 * @hist_count: lines in @hist
 * @hist_next: slot the next line goes to
 * @hist_pos: how far back the user has walked (0: editing a new line)
 * @saved: the new line being edited, kept while walking the history
 * @comp: scratch for Tab completion
 * @ops: callbacks
 * @ctx: passed to the callbacks
 */
struct kdb_line {
	char buf[KDB_LINE_MAX];
	unsigned int len;
	unsigned int cursor;
	char prompt[KDB_PROMPT_MAX];
	unsigned int esc;
	unsigned int esc_param;
	bool after_cr;
	bool last_was_tab;
	char hist[KDB_HIST_LINES][KDB_LINE_MAX];
	unsigned int hist_count;
	unsigned int hist_next;
	unsigned int hist_pos;
	char saved[KDB_LINE_MAX];
	struct kdb_completion comp;
	const struct kdb_line_ops *ops;
	void *ctx;
};

void kdb_line_init(struct kdb_line *l, const struct kdb_line_ops *ops,
		   void *ctx);
void kdb_line_start(struct kdb_line *l, const char *prompt);
void kdb_line_clear(struct kdb_line *l);
enum kdb_line_status kdb_line_feed(struct kdb_line *l, int c);
void kdb_line_history_add(struct kdb_line *l, const char *line);
const char *kdb_line_history(const struct kdb_line *l, unsigned int back);
void kdb_completion_add(struct kdb_completion *c, const char *cand);

#endif /* _KDB_LINE_H */
