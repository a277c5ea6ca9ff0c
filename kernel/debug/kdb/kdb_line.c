// SPDX-License-Identifier: GPL-2.0
/*
 * kdb line editor. Portable: builds in the kernel and in userspace.
 *
 * It runs with every CPU stopped, possibly on a small NMI stack, and
 * talks to a dumb terminal over a polled serial line: the cursor moves
 * left with "\b" and right by printing the character under it, and no
 * ANSI sequence is ever sent. Escape sequences coming in are parsed only
 * to recognise the usual editing keys; unknown ones and line noise are
 * dropped, so garbage can never overflow the line or run a command.
 */

#include "kdb_line.h"

#define CTRL(c)		((c) & 0x1f)
#define ESC		0x1b
#define DEL		0x7f

#define LIST_COLUMN	20	/* Tab listing: names start at multiples */
#define LIST_WIDTH	80	/* ... and lines stay narrower than this */
#define LIST_MAX	30

/* Larger than any key's number, and small enough never to overflow. */
#define ESC_PARAM_MAX	10000

/* Where we are in an escape sequence (struct kdb_line.esc). */
enum {
	ESC_NONE,
	ESC_START,	/* ESC seen */
	ESC_CSI,	/* ESC [ and the first number */
	ESC_CSI_MORE,	/* after the first number: modifiers, ignored */
	ESC_CSI_SKIP,	/* not a key we know: skip up to the final byte */
	ESC_SS3,	/* ESC O */
};

static const char kdb_spaces[] = "                                ";
static const char kdb_backspaces[] =
	"\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b";

static bool kdb_line_printable(int c)
{
	return c >= 0x20 && c <= 0x7e;
}

/* Print @n times the character @run (a string of 32 of them) is made of. */
static void kdb_echo_run(void (*echo)(const char *s, size_t n, void *ctx),
			 void *ctx, const char *run, size_t n)
{
	size_t chunk;

	if (!echo)
		return;
	while (n) {
		chunk = n < 32 ? n : 32;
		echo(run, chunk, ctx);
		n -= chunk;
	}
}

static void kdb_line_echo(struct kdb_line *l, const char *s, size_t n)
{
	if (n && l->ops && l->ops->echo)
		l->ops->echo(s, n, l->ctx);
}

static void kdb_line_puts(struct kdb_line *l, const char *s)
{
	kdb_line_echo(l, s, strlen(s));
}

static void kdb_line_bell(struct kdb_line *l)
{
	kdb_line_echo(l, "\a", 1);
}

static void kdb_line_back(struct kdb_line *l, size_t n)
{
	if (l->ops)
		kdb_echo_run(l->ops->echo, l->ctx, kdb_backspaces, n);
}

static void kdb_line_blank(struct kdb_line *l, size_t n)
{
	if (l->ops)
		kdb_echo_run(l->ops->echo, l->ctx, kdb_spaces, n);
}

/* Copy a string, truncated to @size - 1; return its new length. */
static unsigned int kdb_line_copy(char *dst, const char *src, size_t size)
{
	unsigned int n = 0;

	while (src && src[n] && n < size - 1) {
		dst[n] = src[n];
		n++;
	}
	dst[n] = '\0';
	return n;
}

/* Move the cursor, on screen too: left by "\b", right by reprinting. */
static void kdb_line_move(struct kdb_line *l, unsigned int pos)
{
	if (pos < l->cursor)
		kdb_line_back(l, l->cursor - pos);
	else
		kdb_line_echo(l, l->buf + l->cursor, pos - l->cursor);
	l->cursor = pos;
}

/* Insert at the cursor what fits of @s; bell if not all of it did. */
static unsigned int kdb_line_insert(struct kdb_line *l, const char *s,
				    unsigned int n)
{
	unsigned int room = KDB_LINE_MAX - 1 - l->len;
	unsigned int tail = l->len - l->cursor;
	bool full = n > room;

	if (full)
		n = room;
	if (n) {
		memmove(l->buf + l->cursor + n, l->buf + l->cursor, tail + 1);
		memcpy(l->buf + l->cursor, s, n);
		l->len += n;
		kdb_line_echo(l, l->buf + l->cursor, n + tail);
		kdb_line_back(l, tail);
		l->cursor += n;
	}
	if (full)
		kdb_line_bell(l);
	return n;
}

/* Delete @n characters at the cursor; the tail is redrawn over them. */
static void kdb_line_delete(struct kdb_line *l, unsigned int n)
{
	unsigned int tail;

	if (n > l->len - l->cursor)
		n = l->len - l->cursor;
	if (!n)
		return;
	memmove(l->buf + l->cursor, l->buf + l->cursor + n,
		l->len - l->cursor - n + 1);
	l->len -= n;
	tail = l->len - l->cursor;
	kdb_line_echo(l, l->buf + l->cursor, tail);
	kdb_line_blank(l, n);
	kdb_line_back(l, tail + n);
}

/* Show the prompt and the line again, the cursor where it was. */
static void kdb_line_redraw(struct kdb_line *l)
{
	kdb_line_puts(l, l->prompt);
	kdb_line_echo(l, l->buf, l->len);
	kdb_line_back(l, l->len - l->cursor);
}

/* Replace the whole line (history recall); the cursor goes to its end. */
static void kdb_line_replace(struct kdb_line *l, const char *s)
{
	unsigned int old = l->len;

	kdb_line_back(l, l->cursor);
	l->len = kdb_line_copy(l->buf, s, KDB_LINE_MAX);
	l->cursor = l->len;
	kdb_line_echo(l, l->buf, l->len);
	if (old > l->len) {
		kdb_line_blank(l, old - l->len);
		kdb_line_back(l, old - l->len);
	}
}

static void kdb_line_history_prev(struct kdb_line *l)
{
	if (l->hist_pos >= l->hist_count) {
		kdb_line_bell(l);
		return;
	}
	/* Keep the new line being typed, for Ctrl-N to come back to. */
	if (!l->hist_pos)
		memcpy(l->saved, l->buf, l->len + 1);
	l->hist_pos++;
	kdb_line_replace(l, kdb_line_history(l, l->hist_pos - 1));
}

static void kdb_line_history_next(struct kdb_line *l)
{
	if (!l->hist_pos) {
		kdb_line_bell(l);
		return;
	}
	l->hist_pos--;
	if (l->hist_pos)
		kdb_line_replace(l, kdb_line_history(l, l->hist_pos - 1));
	else
		kdb_line_replace(l, l->saved);
}

/* Ctrl-W: delete the spaces, then the word, before the cursor. */
static void kdb_line_delete_word(struct kdb_line *l)
{
	unsigned int pos = l->cursor, n;

	while (pos && l->buf[pos - 1] == ' ')
		pos--;
	while (pos && l->buf[pos - 1] != ' ')
		pos--;
	n = l->cursor - pos;
	kdb_line_move(l, pos);
	kdb_line_delete(l, n);
}

/* Insert what the completer found, after the list if it printed one. */
static void kdb_line_complete_done(struct kdb_line *l)
{
	struct kdb_completion *c = &l->comp;
	unsigned int n = 0, extra = 0;
	char more[32];
	int len;

	if (c->listing && c->count) {
		if (c->count > c->listed) {
			len = scnprintf(more, sizeof(more), "\n... and %u more",
					c->count - c->listed);
			kdb_line_echo(l, more, len);
		}
		kdb_line_echo(l, "\n", 1);
		kdb_line_redraw(l);
	}
	if (!c->count) {
		kdb_line_bell(l);
		return;
	}
	/* A completer could leave these odd: stay inside the arrays. */
	if (c->common_len > KDB_LINE_MAX - 1)
		c->common_len = KDB_LINE_MAX - 1;
	if (c->common_len > c->word_len) {
		extra = c->common_len - c->word_len;
		/* Only printable text goes on the line and the terminal. */
		while (n < extra &&
		       kdb_line_printable((u8)c->common[c->word_len + n]))
			n++;
		n = kdb_line_insert(l, c->common + c->word_len, n);
	}
	if (c->count == 1) {
		if (n == extra && l->cursor == l->len)
			kdb_line_insert(l, " ", 1);
	} else if (!extra && !c->listing) {
		/* Ambiguous and nothing to add: a second Tab lists. */
		kdb_line_bell(l);
	}
}

static void kdb_line_complete(struct kdb_line *l)
{
	struct kdb_completion *c = &l->comp;
	unsigned int start = l->cursor, i;
	bool listing = l->last_was_tab;

	l->last_was_tab = true;
	if (!l->ops || !l->ops->complete) {
		kdb_line_bell(l);
		return;
	}
	while (start && l->buf[start - 1] != ' ')
		start--;
	memset(c, 0, sizeof(*c));
	c->word_len = l->cursor - start;
	memcpy(c->word, l->buf + start, c->word_len);
	c->word[c->word_len] = '\0';
	c->first_word = true;
	for (i = 0; i < start; i++) {
		if (l->buf[i] != ' ') {
			c->first_word = false;
			break;
		}
	}
	c->listing = listing;
	c->list_max = LIST_MAX;
	c->echo = l->ops->echo;
	c->ctx = l->ctx;
	l->ops->complete(c, l->ctx);
	kdb_line_complete_done(l);
}

/* The key an escape sequence stands for, as its control character. */
static int kdb_line_esc_key(int final, unsigned int param)
{
	if (final == '~') {
		switch (param) {
		case 1:
		case 7:
			return CTRL('a');
		case 4:
		case 8:
			return CTRL('e');
		case 3:
			return CTRL('d');
		}
		return -1;
	}
	/* A number here is 1 with modifiers (ESC [ 1 ; 5 D): same key. */
	if (param > 1)
		return -1;
	switch (final) {
	case 'A':
		return CTRL('p');
	case 'B':
		return CTRL('n');
	case 'C':
		return CTRL('f');
	case 'D':
		return CTRL('b');
	case 'H':
		return CTRL('a');
	case 'F':
		return CTRL('e');
	}
	return -1;
}

/*
 * One byte inside an escape sequence. Returns -1 when it was consumed,
 * else the key to process: the one a complete sequence stands for, or
 * @c itself when it cannot be part of the sequence (which is dropped).
 */
static int kdb_line_escape(struct kdb_line *l, int c)
{
	unsigned int state = l->esc;

	l->esc = ESC_NONE;
	if (state == ESC_START) {
		l->esc_param = 0;
		if (c == '[')
			l->esc = ESC_CSI;
		else if (c == 'O')
			l->esc = ESC_SS3;
		else
			return c;
		return -1;
	}
	/* Control bytes and non-ASCII end the sequence, and act alone. */
	if (!kdb_line_printable(c))
		return c;
	if (c >= 0x40) {
		if (state == ESC_CSI_SKIP)
			return -1;
		return kdb_line_esc_key(c, state == ESC_SS3 ? 0 : l->esc_param);
	}
	l->esc = state;
	if (state == ESC_SS3)
		return -1;
	if (state == ESC_CSI && c >= '0' && c <= '9') {
		if (l->esc_param < ESC_PARAM_MAX)
			l->esc_param = l->esc_param * 10 + c - '0';
	} else if ((c == ';' || c == ':') && state != ESC_CSI_SKIP) {
		l->esc = ESC_CSI_MORE;
	} else if (!(state == ESC_CSI_MORE && c >= 0x30)) {
		/* Private markers and intermediate bytes: no key of ours. */
		l->esc = ESC_CSI_SKIP;
	}
	return -1;
}

static enum kdb_line_status kdb_line_key(struct kdb_line *l, int c,
					 bool after_cr)
{
	unsigned int n;
	char ch;

	switch (c) {
	case '\n':
		if (after_cr)
			break;
		fallthrough;
	case '\r':
		l->after_cr = c == '\r';
		kdb_line_echo(l, "\n", 1);
		kdb_line_history_add(l, l->buf);
		l->hist_pos = 0;
		return KDB_LINE_DONE;
	case CTRL('c'):
		kdb_line_clear(l);
		kdb_line_echo(l, "^C\n", 3);
		return KDB_LINE_CANCEL;
	case ESC:
		l->esc = ESC_START;
		break;
	case '\t':
		kdb_line_complete(l);
		break;
	case '\b':
	case DEL:
		if (l->cursor) {
			kdb_line_move(l, l->cursor - 1);
			kdb_line_delete(l, 1);
		}
		break;
	case CTRL('d'):
		kdb_line_delete(l, 1);
		break;
	case CTRL('a'):
		kdb_line_move(l, 0);
		break;
	case CTRL('e'):
		kdb_line_move(l, l->len);
		break;
	case CTRL('b'):
		if (l->cursor)
			kdb_line_move(l, l->cursor - 1);
		break;
	case CTRL('f'):
		if (l->cursor < l->len)
			kdb_line_move(l, l->cursor + 1);
		break;
	case CTRL('p'):
		kdb_line_history_prev(l);
		break;
	case CTRL('n'):
		kdb_line_history_next(l);
		break;
	case CTRL('k'):
		kdb_line_delete(l, l->len - l->cursor);
		break;
	case CTRL('u'):
		n = l->cursor;
		kdb_line_move(l, 0);
		kdb_line_delete(l, n);
		break;
	case CTRL('w'):
		kdb_line_delete_word(l);
		break;
	case CTRL('l'):
		kdb_line_echo(l, "\n", 1);
		kdb_line_redraw(l);
		break;
	default:
		/* Other control bytes and non-ASCII are noise. */
		if (kdb_line_printable(c)) {
			ch = (char)c;
			kdb_line_insert(l, &ch, 1);
		}
		break;
	}
	return KDB_LINE_EDITING;
}

/**
 * kdb_line_init - set up an editor with an empty line and no history
 * @l: editor state
 * @ops: callbacks, may be NULL (nothing is echoed, Tab rings no bell)
 * @ctx: passed to the callbacks
 */
void kdb_line_init(struct kdb_line *l, const struct kdb_line_ops *ops,
		   void *ctx)
{
	memset(l, 0, sizeof(*l));
	l->ops = ops;
	l->ctx = ctx;
}

/**
 * kdb_line_clear - empty the line without echoing anything
 * @l: editor state
 *
 * The history and the CR LF tracking are kept.
 */
void kdb_line_clear(struct kdb_line *l)
{
	l->buf[0] = '\0';
	l->len = 0;
	l->cursor = 0;
	l->esc = ESC_NONE;
	l->esc_param = 0;
	l->hist_pos = 0;
	l->last_was_tab = false;
}

/**
 * kdb_line_start - begin a new line: empty it and show the prompt
 * @l: editor state
 * @prompt: shown now and on every redraw, truncated to KDB_PROMPT_MAX - 1
 *	bytes; may be NULL for none
 */
void kdb_line_start(struct kdb_line *l, const char *prompt)
{
	kdb_line_clear(l);
	kdb_line_copy(l->prompt, prompt, sizeof(l->prompt));
	kdb_line_puts(l, l->prompt);
}

/**
 * kdb_line_feed - feed one input byte to the editor
 * @l: editor state
 * @c: the byte (only its low 8 bits are used)
 *
 * CR, LF and CR LF each count as one Enter. Printable ASCII is inserted
 * at the cursor, the editing keys and escape sequences act, and every
 * other byte is ignored.
 *
 * Return: KDB_LINE_DONE when Enter completes a line (it is in @l->buf and
 * was added to the history), KDB_LINE_CANCEL on Ctrl-C (the line was
 * emptied), KDB_LINE_EDITING otherwise.
 */
enum kdb_line_status kdb_line_feed(struct kdb_line *l, int c)
{
	bool after_cr = l->after_cr;

	c &= 0xff;
	l->after_cr = false;
	if (c != '\t')
		l->last_was_tab = false;
	if (l->esc != ESC_NONE) {
		c = kdb_line_escape(l, c);
		if (c < 0)
			return KDB_LINE_EDITING;
	}
	return kdb_line_key(l, c, after_cr);
}

/**
 * kdb_line_history_add - remember a line in the history
 * @l: editor state
 * @line: the line; truncated to KDB_LINE_MAX - 1 bytes
 *
 * Empty lines, and a line equal to the newest entry, are not added. When
 * the history is full the oldest entry is overwritten.
 */
void kdb_line_history_add(struct kdb_line *l, const char *line)
{
	const char *newest = kdb_line_history(l, 0);

	if (!line || !*line)
		return;
	if (newest && !strncmp(newest, line, KDB_LINE_MAX - 1))
		return;
	kdb_line_copy(l->hist[l->hist_next], line, KDB_LINE_MAX);
	l->hist_next = (l->hist_next + 1) % KDB_HIST_LINES;
	if (l->hist_count < KDB_HIST_LINES)
		l->hist_count++;
}

/**
 * kdb_line_history - an entry of the history
 * @l: editor state
 * @back: how many entries back: 0 is the newest
 *
 * Return: the entry, or NULL if the history is not that long.
 */
const char *kdb_line_history(const struct kdb_line *l, unsigned int back)
{
	if (back >= l->hist_count || back >= KDB_HIST_LINES)
		return NULL;
	return l->hist[(l->hist_next % KDB_HIST_LINES + KDB_HIST_LINES - 1 -
			back) % KDB_HIST_LINES];
}

/**
 * kdb_completion_add - offer a candidate for Tab completion
 * @c: the completion, as given to the completer
 * @cand: the candidate; ignored unless it starts with @c->word
 *
 * Counts it and narrows @c->common to the prefix all candidates share.
 * On a listing Tab it is also printed, in columns, up to @c->list_max
 * of them; the ones past that are only counted.
 */
void kdb_completion_add(struct kdb_completion *c, const char *cand)
{
	size_t n, i = 0, col;

	if (!cand || c->word_len >= KDB_LINE_MAX ||
	    strncmp(cand, c->word, c->word_len))
		return;
	n = strlen(cand);
	if (!c->count) {
		i = n < KDB_LINE_MAX - 1 ? n : KDB_LINE_MAX - 1;
		memcpy(c->common, cand, i);
	} else {
		/* common has no NUL before common_len: stops at cand's end. */
		while (i < c->common_len && i < KDB_LINE_MAX - 1 &&
		       cand[i] == c->common[i])
			i++;
	}
	c->common_len = i;
	c->common[i] = '\0';
	if (c->count + 1)	/* saturate */
		c->count++;

	if (!c->listing || c->listed >= c->list_max)
		return;
	c->listed++;
	if (!c->echo)
		return;
	if (c->listed == 1) {
		c->echo("\n", 1, c->ctx);
		c->column = 0;
	} else {
		/* The next column, at least one space away; else wrap. */
		col = (c->column / LIST_COLUMN + 1) * LIST_COLUMN;
		if (c->column >= LIST_WIDTH || col + n >= LIST_WIDTH) {
			c->echo("\n", 1, c->ctx);
			c->column = 0;
		} else {
			kdb_echo_run(c->echo, c->ctx, kdb_spaces,
				     col - c->column);
			c->column = col;
		}
	}
	c->echo(cand, n, c->ctx);
	c->column = c->column + n < LIST_WIDTH ? c->column + n : LIST_WIDTH;
}
