// SPDX-License-Identifier: GPL-2.0
/*
 * kdb line editor. Portable: builds in the kernel and in userspace.
 *
 * Accepts printable ASCII, Backspace/DEL, Ctrl-U (erase line), Ctrl-C
 * (cancel line) and CR, LF or CR LF as Enter. Escape sequences (arrow
 * keys) and other control bytes are skipped, so line noise on the serial
 * port can never overflow the buffer or produce a command by accident.
 */

#include "kdb_line.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 0x1b
#define DEL 0x7f

enum { ESC_NONE, ESC_START, ESC_CSI };

static void kdb_line_echo(struct kdb_line *l, const char *s, size_t n)
{
	if (l->echo)
		l->echo(s, n, l->ctx);
}

/**
 * kdb_line_init - start editing with an empty line
 * @l: editor state
 * @echo: called with text to show, may be NULL
 * @ctx: passed to @echo
 */
void kdb_line_init(struct kdb_line *l,
		   void (*echo)(const char *s, size_t n, void *ctx),
		   void *ctx)
{
	memset(l, 0, sizeof(*l));
	l->echo = echo;
	l->ctx = ctx;
}

/**
 * kdb_line_clear - empty the line, keeping CR LF tracking
 * @l: editor state
 */
void kdb_line_clear(struct kdb_line *l)
{
	l->len = 0;
	l->buf[0] = '\0';
	l->esc = ESC_NONE;
}

static void kdb_line_erase(struct kdb_line *l, unsigned int n)
{
	while (n-- && l->len) {
		l->buf[--l->len] = '\0';
		kdb_line_echo(l, "\b \b", 3);
	}
}

/* Skip the bytes of an escape sequence; true while inside one. */
static bool kdb_line_skip_escape(struct kdb_line *l, int c)
{
	switch (l->esc) {
	case ESC_START:
		l->esc = (c == '[' || c == 'O') ? ESC_CSI : ESC_NONE;
		return true;
	case ESC_CSI:
		/* Parameter and intermediate bytes continue, a final byte ends. */
		if (c < 0x20 || c > 0x3f)
			l->esc = ESC_NONE;
		return true;
	}
	return false;
}

/**
 * kdb_line_feed - feed one input byte to the editor
 * @l: editor state
 * @c: the byte (0..255)
 *
 * Return: KDB_LINE_DONE when Enter completes a line (in @l->buf, the
 * caller calls kdb_line_clear() after using it), KDB_LINE_CANCEL on
 * Ctrl-C, KDB_LINE_EDITING otherwise.
 */
enum kdb_line_status kdb_line_feed(struct kdb_line *l, int c)
{
	bool after_cr = l->after_cr;

	c &= 0xff;
	l->after_cr = false;
	if (kdb_line_skip_escape(l, c))
		return KDB_LINE_EDITING;

	switch (c) {
	case '\n':
		if (after_cr)
			return KDB_LINE_EDITING;
		fallthrough;
	case '\r':
		l->after_cr = (c == '\r');
		kdb_line_echo(l, "\n", 1);
		return KDB_LINE_DONE;
	case '\b':
	case DEL:
		kdb_line_erase(l, 1);
		return KDB_LINE_EDITING;
	case CTRL('u'):
		kdb_line_erase(l, l->len);
		return KDB_LINE_EDITING;
	case CTRL('c'):
		kdb_line_clear(l);
		kdb_line_echo(l, "^C\n", 3);
		return KDB_LINE_CANCEL;
	case ESC:
		l->esc = ESC_START;
		return KDB_LINE_EDITING;
	}
	if (c < 0x20 || c > 0x7e)
		return KDB_LINE_EDITING;
	if (l->len >= KDB_LINE_MAX - 1) {
		kdb_line_echo(l, "\a", 1);
		return KDB_LINE_EDITING;
	}
	l->buf[l->len++] = (char)c;
	l->buf[l->len] = '\0';
	kdb_line_echo(l, l->buf + l->len - 1, 1);
	return KDB_LINE_EDITING;
}
