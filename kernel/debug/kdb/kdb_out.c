// SPDX-License-Identifier: GPL-2.0
/*
 * kdb output pipeline: what a command prints is cut into lines, passed
 * through its `| grep` filters, then through the pager, then to the
 * console. Portable: builds in the kernel and in userspace.
 *
 * All the state is in struct kdb_out; nothing here allocates, recurses or
 * keeps more than a few bytes on the stack, so it runs on an NMI stack.
 *
 * Lines longer than KDB_OUT_LINE - 1 bytes are cut: each piece is filtered,
 * counted and shown as a line of its own (a newline is added after it).
 *
 * While output is not paged (LINES=0), the console is polled once every
 * KDB_POLL_LINES lines for Ctrl-C. Lines removed by a filter count too, so
 * a `| grep` that matches little can be stopped. Other keys read by this
 * poll are type-ahead: kept, in order, for the pager and the next prompt
 * (kdb_out_getc()). Ctrl-C drops what was typed before it, as a
 * terminal's interrupt key flushes its input; when KDB_TYPEAHEAD_MAX keys
 * are kept the poll reads no more, and the rest waits on the line.
 */

#include "kdb_out.h"

#define KDB_CTRL_C	3
#define KDB_BS		8
#define KDB_DEL		0x7f
#define KDB_POLL_LINES	16
#define KDB_TAB_WIDTH	8

static const char kdb_more_default[] = "more> ";
static const char kdb_search_prompt[] = "search> ";
static const char kdb_more_help[] =
	"\nOnly 'q', ' ', Enter or '/' at the more prompt\n";
static const char kdb_stopped_msg[] = "\n^C (output stopped)\n";
static const char kdb_spaces[] = "                                ";

static void kdb_out_put(struct kdb_out *o, const char *s, size_t n)
{
	if (n && o->ops && o->ops->write)
		o->ops->write(s, n, o->ctx);
}

/* The pager needs a keyboard: without a getc callback it stays off. */
static bool kdb_out_paging(const struct kdb_out *o)
{
	return o->page_lines && o->ops && o->ops->getc;
}

/* Read a key from the console without waiting: 0..255, or -1 if none. */
static int kdb_out_poll_key(struct kdb_out *o)
{
	int c;

	if (!o->ops || !o->ops->getc)
		return -1;
	c = o->ops->getc(o->ctx);
	return c < 0 ? -1 : c & 0xff;
}

/**
 * kdb_out_getc - the next key, typed ahead or from the console
 * @o: the pipeline
 *
 * Return: the oldest key kept by a poll, else one read from the console
 * without waiting: 0..255, or -1 if none.
 */
int kdb_out_getc(struct kdb_out *o)
{
	int c;

	if (!o->typeahead_len)
		return kdb_out_poll_key(o);
	c = (unsigned char)o->typeahead[0];
	o->typeahead_len--;
	memmove(o->typeahead, o->typeahead + 1, o->typeahead_len);
	return c;
}

/**
 * kdb_out_check_keys - read what was typed while a command runs
 * @o: the pipeline
 * @stop_keys: keys that stop the command besides Ctrl-C ("" for none)
 *
 * Reads the keys waiting on the console: a stop key ends the reading and
 * drops the keys typed before it; the others are kept as type-ahead, up
 * to KDB_TYPEAHEAD_MAX (the rest stays on the line, unread).
 *
 * Return: the stop key read, or -1.
 */
int kdb_out_check_keys(struct kdb_out *o, const char *stop_keys)
{
	int c;

	while (o->typeahead_len < KDB_TYPEAHEAD_MAX) {
		c = kdb_out_poll_key(o);
		if (c < 0)
			break;
		if (c == KDB_CTRL_C || (c && strchr(stop_keys, c))) {
			o->typeahead_len = 0;
			return c;
		}
		o->typeahead[o->typeahead_len++] = c;
	}
	return -1;
}

/* Wait for a key; only called when kdb_out_paging() is true. */
static int kdb_out_wait_key(struct kdb_out *o)
{
	int c;

	for (;;) {
		c = kdb_out_getc(o);
		if (c >= 0)
			return c;
		if (o->ops->idle)
			o->ops->idle(o->ctx);
	}
}

/* Go back to the start of the line and blank @n columns. */
static void kdb_out_erase(struct kdb_out *o, size_t n)
{
	size_t k;

	kdb_out_put(o, "\r", 1);
	while (n) {
		k = n < sizeof(kdb_spaces) - 1 ? n : sizeof(kdb_spaces) - 1;
		kdb_out_put(o, kdb_spaces, k);
		n -= k;
	}
	kdb_out_put(o, "\r", 1);
}

/* ASCII only, so the kernel (Latin-1 ctype) and libc agree. */
static int kdb_out_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Does @s (at least g->len bytes) start with the filter's pattern? */
static bool kdb_grep_at(const struct kdb_grep *g, const char *s)
{
	size_t i;

	for (i = 0; i < g->len; i++) {
		if (g->icase) {
			if (kdb_out_lower((unsigned char)s[i]) !=
			    kdb_out_lower((unsigned char)g->pat[i]))
				return false;
		} else if (s[i] != g->pat[i]) {
			return false;
		}
	}
	return true;
}

/**
 * kdb_grep_parse - parse the words of `grep [-v] [-i] PATTERN`
 * @g: the filter to fill in
 * @argc: number of words
 * @argv: the words; argv[0] must be "grep"
 *
 * Options are -v (invert), -i (ignore ASCII case), or both in one word
 * ("-vi", "-iv"); "--" ends the options. Exactly one PATTERN must follow.
 * A leading '^' anchors it at the start of the line, a trailing '$' at the
 * end; "\^" at the start and "\$" at the end stand for a literal '^' or
 * '$'. A pattern that is empty once the anchors are removed matches every
 * line.
 *
 * Return: 0, -EINVAL for a bad word (unknown option, no pattern, extra
 * words, argv[0] not "grep"), or -E2BIG if the pattern does not fit in
 * KDB_GREP_PAT - 1 bytes.
 */
int kdb_grep_parse(struct kdb_grep *g, int argc, char **argv)
{
	const char *p = NULL, *a;
	size_t start, end, len;
	bool opts = true, lit_dollar = false;
	int i;

	memset(g, 0, sizeof(*g));
	if (argc < 1 || !argv || !argv[0] || strcmp(argv[0], "grep"))
		return -EINVAL;
	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (!a)
			return -EINVAL;
		if (opts && a[0] == '-' && a[1]) {
			if (!strcmp(a, "--")) {
				opts = false;
				continue;
			}
			while (*++a) {
				if (*a == 'v')
					g->invert = true;
				else if (*a == 'i')
					g->icase = true;
				else
					return -EINVAL;
			}
			continue;
		}
		if (p)
			return -EINVAL;
		p = a;
		opts = false;
	}
	if (!p)
		return -EINVAL;

	start = 0;
	end = strlen(p);
	if (p[0] == '^') {
		g->at_start = true;
		start = 1;
	} else if (p[0] == '\\' && p[1] == '^') {
		start = 1;
	}
	if (end > start && p[end - 1] == '$') {
		if (end - start >= 2 && p[end - 2] == '\\') {
			lit_dollar = true;
		} else {
			g->at_end = true;
			end--;
		}
	}
	len = end - start - (lit_dollar ? 1 : 0);
	if (len >= KDB_GREP_PAT) {
		memset(g, 0, sizeof(*g));
		return -E2BIG;
	}
	if (lit_dollar) {
		memcpy(g->pat, p + start, len - 1);
		g->pat[len - 1] = '$';
	} else {
		memcpy(g->pat, p + start, len);
	}
	g->pat[len] = '\0';
	g->len = len;
	return 0;
}

/**
 * kdb_grep_match - does a line pass a filter
 * @g: the filter
 * @line: the line, without its newline (need not be NUL-terminated)
 * @len: its length
 *
 * Return: true if the line is kept: it contains the pattern (at the
 * anchored place), or with -v, it does not.
 */
bool kdb_grep_match(const struct kdb_grep *g, const char *line, size_t len)
{
	bool hit = false;
	size_t i;

	if (!g->len || g->len >= KDB_GREP_PAT)
		hit = true;
	else if (g->len > len)
		hit = false;
	else if (g->at_start && g->at_end)
		hit = len == g->len && kdb_grep_at(g, line);
	else if (g->at_start)
		hit = kdb_grep_at(g, line);
	else if (g->at_end)
		hit = kdb_grep_at(g, line + len - g->len);
	else
		for (i = 0; !hit && i + g->len <= len; i++)
			hit = kdb_grep_at(g, line + i);
	return hit != g->invert;
}

/**
 * kdb_out_init - set up an output pipeline
 * @o: the pipeline
 * @ops: the console
 * @ctx: passed to the callbacks of @ops
 *
 * No filters and no paging until kdb_out_begin() says otherwise.
 */
void kdb_out_init(struct kdb_out *o, const struct kdb_out_ops *ops,
		  void *ctx)
{
	memset(o, 0, sizeof(*o));
	o->ops = ops;
	o->ctx = ctx;
}

/**
 * kdb_out_begin - start the output of a command
 * @o: the pipeline
 * @page_lines: lines per page (LINES); 0 turns the pager off
 * @columns: terminal width (COLUMNS), to count wrapped lines; 0: do not
 * @more_prompt: the pager's prompt; NULL for "more> "
 *
 * Forgets the line being assembled, the filters, the page position, a quit
 * and a search of the previous command; keeps the type-ahead.
 */
void kdb_out_begin(struct kdb_out *o, unsigned int page_lines,
		   unsigned int columns, const char *more_prompt)
{
	o->len = 0;
	o->ngrep = 0;
	o->page_lines = page_lines;
	o->columns = columns;
	o->shown = 0;
	o->more_prompt = more_prompt ? more_prompt : kdb_more_default;
	o->quit = false;
	o->search[0] = '\0';
	o->searching = false;
	o->lines_since_poll = 0;
}

/**
 * kdb_out_add_grep - add a filter to the output of the command
 * @o: the pipeline
 * @g: a filter from kdb_grep_parse(), copied
 *
 * Return: 0, -ENOSPC if there are KDB_GREP_MAX filters already, or -EINVAL
 * if @g is not a valid filter.
 */
int kdb_out_add_grep(struct kdb_out *o, const struct kdb_grep *g)
{
	if (!g || g->len >= KDB_GREP_PAT)
		return -EINVAL;
	if (o->ngrep >= KDB_GREP_MAX)
		return -ENOSPC;
	o->grep[o->ngrep++] = *g;
	return 0;
}

/* Screen rows a line of @len bytes takes: tabs expand, controls don't. */
static unsigned int kdb_out_rows(const struct kdb_out *o, size_t len)
{
	unsigned char c;
	size_t i, w = 0;

	if (!o->columns)
		return 1;
	for (i = 0; i < len; i++) {
		c = o->line[i];
		if (c == '\t')
			w = (w / KDB_TAB_WIDTH + 1) * KDB_TAB_WIDTH;
		else if (c >= 0x20 && c != KDB_DEL && (c & 0xc0) != 0x80)
			w++;	/* not a control, not a UTF-8 continuation */
	}
	return w ? 1 + (w - 1) / o->columns : 1;
}

/* Read the string of a '/' search; false if Ctrl-C cancelled it. */
static bool kdb_out_read_search(struct kdb_out *o)
{
	size_t n = 0;
	int c;

	kdb_out_put(o, kdb_search_prompt, sizeof(kdb_search_prompt) - 1);
	for (;;) {
		c = kdb_out_wait_key(o);
		if (c == '\r' || c == '\n')
			break;
		if (c == KDB_CTRL_C) {
			kdb_out_erase(o, sizeof(kdb_search_prompt) - 1 + n);
			o->search[0] = '\0';
			return false;
		}
		if (c == KDB_BS || c == KDB_DEL) {
			if (n) {
				n--;
				kdb_out_put(o, "\b \b", 3);
			}
		} else if (c >= 0x20 && c < KDB_DEL &&
			   n < KDB_SEARCH_MAX - 1) {
			o->search[n++] = c;
			kdb_out_put(o, &o->search[n - 1], 1);
		}
	}
	o->search[n] = '\0';
	kdb_out_erase(o, sizeof(kdb_search_prompt) - 1 + n);
	return true;
}

/* The more prompt, before the next line; false if the user quit. */
static bool kdb_out_more(struct kdb_out *o)
{
	const char *p = o->more_prompt ? o->more_prompt : kdb_more_default;
	size_t plen = strlen(p);
	int c;

	for (;;) {
		kdb_out_put(o, p, plen);
		c = kdb_out_wait_key(o);
		kdb_out_erase(o, plen);
		switch (c) {
		case ' ':
			o->shown = 0;
			return true;
		case '\r':
		case '\n':
			o->shown = o->page_lines >= 2 ? o->page_lines - 2 : 0;
			return true;
		case 'q':
		case 'Q':
		case KDB_CTRL_C:
			o->quit = true;
			return false;
		case '/':
			if (!kdb_out_read_search(o)) {
				o->quit = true;
				return false;
			}
			o->searching = true;
			o->shown = 0;
			return true;
		default:
			kdb_out_put(o, kdb_more_help, sizeof(kdb_more_help) - 1);
			break;
		}
	}
}

/* Every KDB_POLL_LINES lines, a non-blocking look for Ctrl-C. */
static void kdb_out_poll(struct kdb_out *o)
{
	if (++o->lines_since_poll < KDB_POLL_LINES)
		return;
	o->lines_since_poll = 0;
	if (kdb_out_check_keys(o, "") == KDB_CTRL_C) {
		o->quit = true;
		kdb_out_put(o, kdb_stopped_msg, sizeof(kdb_stopped_msg) - 1);
	}
}

/* Does the line contain the search string? */
static bool kdb_out_found(const struct kdb_out *o, size_t len)
{
	size_t i, n = strlen(o->search);

	for (i = 0; i + n <= len; i++)
		if (!strncmp(o->line + i, o->search, n))
			return true;
	return false;
}

/* o->line[0..o->len) is complete: filter, page and show it. */
static void kdb_out_line(struct kdb_out *o)
{
	size_t len = o->len;
	bool paging = kdb_out_paging(o);
	unsigned int i;

	o->len = 0;
	if (o->quit)
		return;
	for (i = 0; i < o->ngrep; i++)
		if (!kdb_grep_match(&o->grep[i], o->line, len))
			goto out;
	if (paging && !o->searching && o->shown >= o->page_lines - 1 &&
	    !kdb_out_more(o))
		return;
	if (o->searching) {
		if (!kdb_out_found(o, len))
			goto out;
		o->searching = false;
	}
	o->line[len] = '\n';
	kdb_out_put(o, o->line, len + 1);
	if (paging)
		o->shown += kdb_out_rows(o, len);
out:
	if (!paging || o->searching)
		kdb_out_poll(o);
}

/**
 * kdb_out_write - output text of a command
 * @o: the pipeline
 * @s: the text
 * @n: its length
 *
 * Each line is shown, when complete, if every filter keeps it, after the
 * more prompt when a page is full. Nothing is shown once the user quit.
 */
void kdb_out_write(struct kdb_out *o, const char *s, size_t n)
{
	size_t i, room;

	if (!s)
		return;
	while (n && !o->quit) {
		if (*s == '\n') {
			kdb_out_line(o);
			s++;
			n--;
			continue;
		}
		if (o->len >= KDB_OUT_LINE - 1) {
			kdb_out_line(o);	/* too long: a piece at a time */
			continue;
		}
		room = KDB_OUT_LINE - 1 - o->len;
		for (i = 0; i < n && i < room && s[i] != '\n'; i++)
			;
		memcpy(o->line + o->len, s, i);
		o->len += i;
		s += i;
		n -= i;
	}
}

/**
 * kdb_out_end - the command is done
 * @o: the pipeline
 *
 * An unfinished last line is handled as if it ended with a newline.
 */
void kdb_out_end(struct kdb_out *o)
{
	if (o->len)
		kdb_out_line(o);
	o->len = 0;
}

/**
 * kdb_out_stopped - should the command stop printing
 * @o: the pipeline
 *
 * Return: true once the user quit the output ('q' at the more prompt, or
 * Ctrl-C); commands check it in their loops to stop early.
 */
bool kdb_out_stopped(struct kdb_out *o)
{
	return o->quit;
}
