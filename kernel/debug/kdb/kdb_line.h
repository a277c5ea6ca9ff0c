/* SPDX-License-Identifier: GPL-2.0 */
/* kdb line editor: turns console bytes into command lines. Portable. */
#ifndef _KDB_LINE_H
#define _KDB_LINE_H

#include "../dbg_portable.h"

#define KDB_LINE_MAX 256

enum kdb_line_status {
	KDB_LINE_EDITING,	/* more input needed */
	KDB_LINE_DONE,		/* Enter: the line is in buf */
	KDB_LINE_CANCEL,	/* Ctrl-C: the line was thrown away */
};

/**
 * struct kdb_line - state of the line being edited
 * @buf: the line, always NUL-terminated
 * @len: its length
 * @esc: position inside an escape sequence being skipped (0: none)
 * @after_cr: the previous byte ended a line with CR, so a LF is ignored
 * @echo: called with what to show on the terminal
 * @ctx: passed to @echo
 */
struct kdb_line {
	char buf[KDB_LINE_MAX];
	unsigned int len;
	unsigned int esc;
	bool after_cr;
	void (*echo)(const char *s, size_t n, void *ctx);
	void *ctx;
};

void kdb_line_init(struct kdb_line *l,
		   void (*echo)(const char *s, size_t n, void *ctx),
		   void *ctx);
void kdb_line_clear(struct kdb_line *l);
enum kdb_line_status kdb_line_feed(struct kdb_line *l, int c);

#endif /* _KDB_LINE_H */
