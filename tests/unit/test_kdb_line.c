// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the kdb line editor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "kdb_line.h"

static char echoed[65536];
static size_t echoed_len;

/* What the fake completer offers, and what it was given. */
static const char *const *cands;
static size_t ncands;
static struct kdb_completion seen;
static int complete_calls;

static void echo(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	assert_true(echoed_len + n < sizeof(echoed));
	memcpy(echoed + echoed_len, s, n);
	echoed_len += n;
	echoed[echoed_len] = '\0';
}

static void complete(struct kdb_completion *c, void *ctx)
{
	size_t i;

	complete_calls++;
	seen = *c;
	for (i = 0; i < ncands; i++)
		kdb_completion_add(c, cands[i]);
}

static const struct kdb_line_ops ops = { .echo = echo, .complete = complete };
static const struct kdb_line_ops ops_echo_only = { .echo = echo };

static void reset_echo(void)
{
	echoed_len = 0;
	echoed[0] = '\0';
}

static int setup(void **state)
{
	reset_echo();
	cands = NULL;
	ncands = 0;
	complete_calls = 0;
	memset(&seen, 0, sizeof(seen));
	return 0;
}

#define SET_CANDS(a) do { cands = (a); ncands = ARRAY_SIZE(a); } while (0)

static void check_invariants(const struct kdb_line *l)
{
	unsigned int i;

	assert_true(l->len < KDB_LINE_MAX);
	assert_true(l->cursor <= l->len);
	assert_int_equal(strlen(l->buf), l->len);
	assert_true(l->hist_count <= KDB_HIST_LINES);
	assert_true(l->hist_next < KDB_HIST_LINES);
	assert_true(l->hist_pos <= l->hist_count);
	for (i = 0; i < KDB_HIST_LINES; i++)
		assert_non_null(memchr(l->hist[i], '\0', KDB_LINE_MAX));
	assert_non_null(memchr(l->prompt, '\0', KDB_PROMPT_MAX));
}

/* Feed a string; return the status of the last byte. */
static enum kdb_line_status feed(struct kdb_line *l, const char *s)
{
	enum kdb_line_status st = KDB_LINE_EDITING;

	while (*s) {
		st = kdb_line_feed(l, (unsigned char)*s++);
		check_invariants(l);
	}
	return st;
}

/* An editor with the fake ops, showing "> ", echo buffer emptied. */
static void start(struct kdb_line *l)
{
	kdb_line_init(l, &ops, NULL);
	kdb_line_start(l, "> ");
	reset_echo();
}

/* Type a line and Enter it. */
static void enter(struct kdb_line *l, const char *s)
{
	feed(l, s);
	assert_int_equal(kdb_line_feed(l, '\r'), KDB_LINE_DONE);
	kdb_line_start(l, "> ");
}

static void test_simple_line_cr(void **state)
{
	struct kdb_line l;

	start(&l);
	assert_int_equal(feed(&l, "cpus"), KDB_LINE_EDITING);
	assert_int_equal(feed(&l, "\r"), KDB_LINE_DONE);
	assert_string_equal(l.buf, "cpus");
	assert_string_equal(echoed, "cpus\n");
}

static void test_crlf_is_one_enter(void **state)
{
	struct kdb_line l;

	start(&l);
	assert_int_equal(feed(&l, "go\r"), KDB_LINE_DONE);
	kdb_line_start(&l, "> ");
	/* The LF of CR LF must not produce a second, empty line. */
	assert_int_equal(kdb_line_feed(&l, '\n'), KDB_LINE_EDITING);
	assert_int_equal(feed(&l, "help\n"), KDB_LINE_DONE);
	assert_string_equal(l.buf, "help");
	/* kdb_line_clear() keeps the CR tracking too. */
	assert_int_equal(feed(&l, "x\r"), KDB_LINE_DONE);
	kdb_line_clear(&l);
	assert_int_equal(kdb_line_feed(&l, '\n'), KDB_LINE_EDITING);
	assert_int_equal(l.len, 0);
}

static void test_lf_alone_and_empty_lines(void **state)
{
	struct kdb_line l;

	start(&l);
	assert_int_equal(kdb_line_feed(&l, '\n'), KDB_LINE_DONE);
	assert_string_equal(l.buf, "");
	kdb_line_start(&l, "> ");
	assert_int_equal(kdb_line_feed(&l, '\n'), KDB_LINE_DONE);
	kdb_line_start(&l, "> ");
	assert_int_equal(kdb_line_feed(&l, '\r'), KDB_LINE_DONE);
	kdb_line_start(&l, "> ");
	assert_int_equal(kdb_line_feed(&l, '\r'), KDB_LINE_DONE);
	/* A LF that does not follow a CR directly is an Enter. */
	kdb_line_start(&l, "> ");
	assert_int_equal(feed(&l, "\ra"), KDB_LINE_EDITING);
	assert_int_equal(kdb_line_feed(&l, '\n'), KDB_LINE_DONE);
	assert_string_equal(l.buf, "a");
	assert_int_equal(l.hist_count, 1);	/* empty lines not kept */
}

static void test_start_and_clear(void **state)
{
	struct kdb_line l;
	char long_prompt[200];

	kdb_line_init(&l, &ops, NULL);
	kdb_line_start(&l, "[0]kdb> ");
	assert_string_equal(echoed, "[0]kdb> ");
	feed(&l, "abc\x02");
	reset_echo();
	kdb_line_clear(&l);
	assert_string_equal(echoed, "");
	assert_int_equal(l.len, 0);
	assert_int_equal(l.cursor, 0);
	assert_string_equal(l.buf, "");

	memset(long_prompt, 'p', sizeof(long_prompt) - 1);
	long_prompt[sizeof(long_prompt) - 1] = '\0';
	kdb_line_start(&l, long_prompt);
	assert_int_equal(strlen(l.prompt), KDB_PROMPT_MAX - 1);
	kdb_line_start(&l, NULL);
	assert_string_equal(l.prompt, "");
	check_invariants(&l);
}

static void test_no_ops(void **state)
{
	struct kdb_line l;
	static const struct kdb_line_ops none = { 0 };

	kdb_line_init(&l, NULL, NULL);
	kdb_line_start(&l, "> ");
	feed(&l, "ab\x02X\t\t\x10\x0e\x0c\x01\x1b[C");
	assert_string_equal(l.buf, "aXb");
	assert_int_equal(feed(&l, "\r"), KDB_LINE_DONE);
	kdb_line_init(&l, &none, NULL);
	feed(&l, "ab\t\x03");
	assert_string_equal(echoed, "");
}

static void test_backspace_and_del(void **state)
{
	struct kdb_line l;

	start(&l);
	feed(&l, "gox\b");
	assert_string_equal(l.buf, "go");
	feed(&l, "\x7f\x7f\x7f\x7f");	/* more erases than characters */
	assert_string_equal(l.buf, "");
	assert_int_equal(l.len, 0);
	assert_string_equal(echoed, "gox\b \b\b \b\b \b");
}

static void test_insert_in_middle(void **state)
{
	struct kdb_line l;

	start(&l);
	feed(&l, "ab\x02");		/* Ctrl-B: cursor between a and b */
	assert_int_equal(l.cursor, 1);
	reset_echo();
	feed(&l, "X");
	assert_string_equal(l.buf, "aXb");
	assert_int_equal(l.cursor, 2);
	/* The tail is redrawn and the cursor walks back over it. */
	assert_string_equal(echoed, "Xb\b");
}

static void test_backspace_in_middle(void **state)
{
	struct kdb_line l;

	start(&l);
	feed(&l, "abc\x02\x02");
	reset_echo();
	feed(&l, "\b");
	assert_string_equal(l.buf, "bc");
	assert_int_equal(l.cursor, 0);
	assert_string_equal(echoed, "\bbc \b\b\b");
	feed(&l, "\b");		/* at the start: nothing */
	assert_string_equal(l.buf, "bc");
}

static void test_delete_under_cursor(void **state)
{
	struct kdb_line l;

	start(&l);
	assert_int_equal(feed(&l, "\x04"), KDB_LINE_EDITING);	/* empty */
	assert_string_equal(echoed, "");
	feed(&l, "abc\x04");		/* at the end: nothing */
	assert_string_equal(l.buf, "abc");
	feed(&l, "\x01");
	reset_echo();
	feed(&l, "\x04");
	assert_string_equal(l.buf, "bc");
	assert_int_equal(l.cursor, 0);
	assert_string_equal(echoed, "bc \b\b\b");
	feed(&l, "\x1b[3~");
	assert_string_equal(l.buf, "c");
	kdb_line_clear(&l);
	feed(&l, "\x1b[3~");
	assert_string_equal(l.buf, "");
}

static void test_home_end_keys(void **state)
{
	static const char *const home[] = {
		"\x01", "\x1b[H", "\x1b[1~", "\x1b[7~", "\x1bOH", "\x1b[1;5H",
	};
	static const char *const end[] = {
		"\x05", "\x1b[F", "\x1b[4~", "\x1b[8~", "\x1bOF",
	};
	struct kdb_line l;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(home); i++) {
		start(&l);
		feed(&l, "abc");
		feed(&l, home[i]);
		assert_int_equal(l.cursor, 0);
		assert_string_equal(echoed, "abc\b\b\b");
		feed(&l, "X");
		assert_string_equal(l.buf, "Xabc");
	}
	for (i = 0; i < ARRAY_SIZE(end); i++) {
		start(&l);
		feed(&l, "abc\x01");
		reset_echo();
		feed(&l, end[i]);
		assert_int_equal(l.cursor, 3);
		/* Moving right reprints what the cursor passes over. */
		assert_string_equal(echoed, "abc");
		feed(&l, "Y");
		assert_string_equal(l.buf, "abcY");
	}
}

static void test_left_right_keys(void **state)
{
	static const char *const left[] = {
		"\x02", "\x1b[D", "\x1bOD", "\x1b[1;5D",
	};
	static const char *const right[] = {
		"\x06", "\x1b[C", "\x1bOC",
	};
	struct kdb_line l;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(left); i++) {
		start(&l);
		feed(&l, "ab");
		feed(&l, left[i]);
		feed(&l, left[i]);
		feed(&l, left[i]);	/* at the start: stays */
		assert_int_equal(l.cursor, 0);
		assert_string_equal(echoed, "ab\b\b");
	}
	for (i = 0; i < ARRAY_SIZE(right); i++) {
		start(&l);
		feed(&l, "ab\x01");
		reset_echo();
		feed(&l, right[i]);
		assert_int_equal(l.cursor, 1);
		assert_string_equal(echoed, "a");
		feed(&l, right[i]);
		feed(&l, right[i]);	/* at the end: stays */
		assert_int_equal(l.cursor, 2);
		assert_string_equal(echoed, "ab");
	}
}

static void test_kill_keys(void **state)
{
	struct kdb_line l;

	/* Ctrl-K: from the cursor to the end. */
	start(&l);
	feed(&l, "abcd\x02\x02");
	reset_echo();
	feed(&l, "\x0b");
	assert_string_equal(l.buf, "ab");
	assert_int_equal(l.cursor, 2);
	assert_string_equal(echoed, "  \b\b");

	/* Ctrl-U: from the start to the cursor, the tail stays. */
	start(&l);
	feed(&l, "garbage\x15go");
	assert_string_equal(l.buf, "go");
	feed(&l, "\x02\x15");
	assert_string_equal(l.buf, "o");
	assert_int_equal(l.cursor, 0);
	reset_echo();
	feed(&l, "\x05\x15");
	assert_string_equal(l.buf, "");
	assert_string_equal(echoed, "o\b \b");

	/* Ctrl-W: the spaces, then the word before the cursor. */
	start(&l);
	feed(&l, "md 0x10  \x17");
	assert_string_equal(l.buf, "md ");
	feed(&l, "\x17");
	assert_string_equal(l.buf, "");
	feed(&l, "\x17");
	assert_string_equal(l.buf, "");
	feed(&l, "one two three\x02\x02\x02\x17");
	assert_string_equal(l.buf, "one two ree");
	assert_int_equal(l.cursor, 8);
}

static void test_ctrl_l_redraws(void **state)
{
	struct kdb_line l;

	start(&l);
	feed(&l, "abc\x02");
	reset_echo();
	feed(&l, "\x0c");
	assert_string_equal(echoed, "\n> abc\b");
	assert_string_equal(l.buf, "abc");
	assert_int_equal(l.cursor, 2);
}

static void test_ctrl_c(void **state)
{
	struct kdb_line l;

	start(&l);
	enter(&l, "kept");
	reset_echo();
	assert_int_equal(feed(&l, "xx\x03"), KDB_LINE_CANCEL);
	assert_string_equal(l.buf, "");
	assert_int_equal(l.len, 0);
	assert_int_equal(l.cursor, 0);
	assert_string_equal(echoed, "xx^C\n");
	assert_int_equal(l.hist_count, 1);
	assert_string_equal(kdb_line_history(&l, 0), "kept");
}

static void test_history_walk(void **state)
{
	struct kdb_line l;

	start(&l);
	enter(&l, "one");
	enter(&l, "two");
	enter(&l, "three");
	assert_int_equal(l.hist_count, 3);
	feed(&l, "par");
	feed(&l, "\x10");
	assert_string_equal(l.buf, "three");
	assert_int_equal(l.cursor, 5);
	feed(&l, "\x1b[A");
	assert_string_equal(l.buf, "two");
	feed(&l, "\x1bOA");
	assert_string_equal(l.buf, "one");
	reset_echo();
	feed(&l, "\x10");		/* oldest: bell, stays */
	assert_string_equal(l.buf, "one");
	assert_string_equal(echoed, "\a");
	feed(&l, "\x0e");
	assert_string_equal(l.buf, "two");
	feed(&l, "\x1b[B");
	assert_string_equal(l.buf, "three");
	feed(&l, "\x1bOB");		/* back to the line being typed */
	assert_string_equal(l.buf, "par");
	assert_int_equal(l.hist_pos, 0);
	reset_echo();
	feed(&l, "\x0e");
	assert_string_equal(l.buf, "par");
	assert_string_equal(echoed, "\a");

	/* An edited recalled line is entered and becomes the newest. */
	feed(&l, "\x10\x10!");
	assert_int_equal(feed(&l, "\r"), KDB_LINE_DONE);
	assert_string_equal(l.buf, "two!");
	assert_string_equal(kdb_line_history(&l, 0), "two!");
	assert_int_equal(l.hist_pos, 0);
}

static void test_history_redraw(void **state)
{
	struct kdb_line l;

	start(&l);
	enter(&l, "xy");
	feed(&l, "abcdef\x02\x02");
	reset_echo();
	feed(&l, "\x10");
	/* Back to the start, the new line, blanks over the rest. */
	assert_string_equal(echoed, "\b\b\b\bxy    \b\b\b\b");
	assert_string_equal(l.saved, "abcdef");
	reset_echo();
	feed(&l, "\x0e");
	assert_string_equal(echoed, "\b\babcdef");
	assert_string_equal(l.buf, "abcdef");
	assert_int_equal(l.cursor, 6);
}

static void test_history_no_duplicates(void **state)
{
	struct kdb_line l;

	start(&l);
	enter(&l, "go");
	enter(&l, "go");
	enter(&l, "");
	assert_int_equal(l.hist_count, 1);
	enter(&l, "bt");
	enter(&l, "go");		/* only the newest is compared */
	assert_int_equal(l.hist_count, 3);
	kdb_line_history_add(&l, "go");
	kdb_line_history_add(&l, "");
	kdb_line_history_add(&l, NULL);
	assert_int_equal(l.hist_count, 3);
	assert_string_equal(kdb_line_history(&l, 0), "go");
	assert_string_equal(kdb_line_history(&l, 1), "bt");
	assert_string_equal(kdb_line_history(&l, 2), "go");
	assert_null(kdb_line_history(&l, 3));
	assert_null(kdb_line_history(&l, 1000000));
}

static void test_history_ring(void **state)
{
	struct kdb_line l;
	char line[32];
	int i;

	start(&l);
	assert_null(kdb_line_history(&l, 0));
	for (i = 0; i < KDB_HIST_LINES + 10; i++) {
		snprintf(line, sizeof(line), "line%d", i);
		enter(&l, line);
	}
	assert_int_equal(l.hist_count, KDB_HIST_LINES);
	snprintf(line, sizeof(line), "line%d", KDB_HIST_LINES + 9);
	assert_string_equal(kdb_line_history(&l, 0), line);
	snprintf(line, sizeof(line), "line%d", 10);
	assert_string_equal(kdb_line_history(&l, KDB_HIST_LINES - 1), line);
	assert_null(kdb_line_history(&l, KDB_HIST_LINES));

	/* Walk all the way back: the oldest is the last one reachable. */
	for (i = 0; i < KDB_HIST_LINES + 5; i++)
		feed(&l, "\x10");
	assert_string_equal(l.buf, "line10");
	for (i = 0; i < KDB_HIST_LINES; i++)
		feed(&l, "\x0e");
	assert_string_equal(l.buf, "");
}

static void test_history_truncates(void **state)
{
	struct kdb_line l;
	char big[KDB_LINE_MAX + 50];

	start(&l);
	memset(big, 'h', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	kdb_line_history_add(&l, big);
	assert_int_equal(strlen(kdb_line_history(&l, 0)), KDB_LINE_MAX - 1);
	/* The same line again, truncated the same: a duplicate. */
	kdb_line_history_add(&l, big);
	assert_int_equal(l.hist_count, 1);
	feed(&l, "\x10");
	assert_int_equal(l.len, KDB_LINE_MAX - 1);
	check_invariants(&l);
}

static void test_escape_sequences_skipped(void **state)
{
	struct kdb_line l;

	start(&l);
	/* Up (no history), Right (at the end), F5, Insert, F1, Alt-x. */
	feed(&l, "c\x1b[Ap\x1bOCu\x1b[15~s\x1b[2~\x1bOP\x1bx");
	assert_string_equal(l.buf, "cpusx");
	kdb_line_clear(&l);
	/* Private modes, mouse reports, intermediates, cursor reports. */
	feed(&l, "a\x1b[?25hb\x1b[<0;12;5Mc\x1b[1 qd\x1b[12;40Re");
	assert_string_equal(l.buf, "abcde");
	kdb_line_clear(&l);
	/* An endless number neither overflows nor becomes a key. */
	feed(&l, "a\x1b[");
	for (int i = 0; i < 1000; i++)
		kdb_line_feed(&l, '9');
	assert_true(l.esc_param <= 100000);
	feed(&l, "Db");
	assert_string_equal(l.buf, "ab");
	assert_int_equal(l.cursor, 2);
	kdb_line_clear(&l);
	/* ESC [ 2 A is not a key: skipped, the cursor stays. */
	feed(&l, "ab\x1b[2D\x1b[0D");
	assert_int_equal(l.cursor, 1);
}

static void test_escape_then_other_byte(void **state)
{
	struct kdb_line l;

	start(&l);
	/* A byte that cannot follow ESC acts as itself. */
	feed(&l, "ab\x1b\x02");
	assert_int_equal(l.cursor, 1);
	feed(&l, "\x1b\x1b[D");		/* ESC ESC [ D: the second one counts */
	assert_int_equal(l.cursor, 0);
	/* Enter in the middle of a sequence still ends the line. */
	assert_int_equal(feed(&l, "\x1b[1\r"), KDB_LINE_DONE);
	assert_string_equal(l.buf, "ab");
	kdb_line_start(&l, "> ");
	assert_int_equal(feed(&l, "\n"), KDB_LINE_EDITING);	/* after CR */
	assert_int_equal(feed(&l, "\x1b\n"), KDB_LINE_DONE);
	kdb_line_start(&l, "> ");
	assert_int_equal(feed(&l, "x\x1bO\x03"), KDB_LINE_CANCEL);
	/* Non-ASCII inside a sequence ends it and is dropped. */
	feed(&l, "a\x1b[\xc3" "b");
	assert_string_equal(l.buf, "ab");
}

static void test_overflow_rings_bell(void **state)
{
	struct kdb_line l;
	int i;

	kdb_line_init(&l, NULL, NULL);
	for (i = 0; i < 3 * KDB_LINE_MAX; i++)
		assert_int_equal(kdb_line_feed(&l, 'a'), KDB_LINE_EDITING);
	assert_int_equal(l.len, KDB_LINE_MAX - 1);
	assert_int_equal(strlen(l.buf), KDB_LINE_MAX - 1);
	kdb_line_init(&l, &ops, NULL);
	for (i = 0; i < KDB_LINE_MAX; i++)
		kdb_line_feed(&l, 'b');
	assert_int_equal(echoed[echoed_len - 1], '\a');
	/* Inserting in the middle of a full line: bell, nothing moves. */
	feed(&l, "\x01");
	reset_echo();
	feed(&l, "c");
	assert_string_equal(echoed, "\a");
	assert_int_equal(l.buf[0], 'b');
	assert_int_equal(l.cursor, 0);
	check_invariants(&l);
}

static void test_noise_bytes_ignored(void **state)
{
	struct kdb_line l;
	int c;

	kdb_line_init(&l, NULL, NULL);
	for (c = 0; c < 256; c++) {
		if (c == '\r' || c == '\n' || c == 3 || c == 0x1b)
			continue;
		assert_int_equal(kdb_line_feed(&l, c), KDB_LINE_EDITING);
		check_invariants(&l);
	}
	/* Only printable ASCII (minus the erased ones) may be kept. */
	for (c = 0; c < (int)l.len; c++)
		assert_true(l.buf[c] >= 0x20 && l.buf[c] <= 0x7e);
	kdb_line_clear(&l);
	/* Values beyond a byte are masked: 0x141 is 'A'. */
	kdb_line_feed(&l, 0x141);
	assert_string_equal(l.buf, "A");
	assert_int_equal(kdb_line_feed(&l, 0x10d), KDB_LINE_DONE);
	/* High bytes alone never insert anything. */
	kdb_line_clear(&l);
	for (c = 0x80; c < 0x100; c++)
		kdb_line_feed(&l, c);
	assert_int_equal(l.len, 0);
}

static void test_complete_unique(void **state)
{
	static const char *const c[] = { "help", "go", "bt" };
	struct kdb_line l;

	SET_CANDS(c);
	start(&l);
	feed(&l, "he\t");
	assert_int_equal(complete_calls, 1);
	assert_string_equal(seen.word, "he");
	assert_int_equal(seen.word_len, 2);
	assert_true(seen.first_word);
	assert_false(seen.listing);
	assert_int_equal(seen.list_max, 30);
	assert_int_equal(seen.count, 0);
	assert_int_equal(seen.common_len, 0);
	assert_ptr_equal(seen.echo, echo);
	assert_string_equal(l.buf, "help ");
	assert_string_equal(echoed, "help ");
	assert_int_equal(l.comp.count, 1);

	/* The word already complete: only the space. */
	start(&l);
	feed(&l, "go\t");
	assert_string_equal(l.buf, "go ");

	/* Not at the end of the line: no space, the tail is redrawn. */
	start(&l);
	feed(&l, "he x\x02\x02");
	reset_echo();
	feed(&l, "\t");
	assert_string_equal(l.buf, "help x");
	assert_int_equal(l.cursor, 4);
	assert_string_equal(echoed, "lp x\b\b");
}

static void test_complete_word_boundaries(void **state)
{
	static const char *const c[] = { "cpus", "comm" };
	struct kdb_line l;

	SET_CANDS(c);
	start(&l);
	feed(&l, "  co\t");
	assert_true(seen.first_word);
	assert_string_equal(l.buf, "  comm ");
	start(&l);
	feed(&l, "md cp\t");
	assert_false(seen.first_word);
	assert_string_equal(seen.word, "cp");
	assert_string_equal(l.buf, "md cpus ");
	/* After a space: the word is empty, every candidate matches. */
	start(&l);
	feed(&l, "md \t");
	assert_string_equal(seen.word, "");
	assert_int_equal(seen.word_len, 0);
	assert_int_equal(l.comp.count, 2);
	assert_string_equal(l.buf, "md c");
}

static void test_complete_common_prefix(void **state)
{
	static const char *const c[] = { "cpus", "cpuinfo", "go", "cpu_x" };
	struct kdb_line l;

	SET_CANDS(c);
	start(&l);
	feed(&l, "c\t");
	assert_string_equal(l.buf, "cpu");
	assert_string_equal(echoed, "cpu");	/* no bell, no space */
	assert_int_equal(l.comp.count, 3);
	assert_string_equal(l.comp.common, "cpu");
	assert_int_equal(l.comp.common_len, 3);
}

static void test_complete_none(void **state)
{
	static const char *const c[] = { "help" };
	struct kdb_line l;

	SET_CANDS(c);
	start(&l);
	feed(&l, "zz\t");
	assert_string_equal(l.buf, "zz");
	assert_string_equal(echoed, "zz\a");
	reset_echo();
	feed(&l, "\t");			/* listing Tab, still nothing */
	assert_string_equal(echoed, "\a");

	/* No completer at all: bell. */
	kdb_line_init(&l, &ops_echo_only, NULL);
	reset_echo();
	feed(&l, "x\t");
	assert_string_equal(echoed, "x\a");
	assert_string_equal(l.buf, "x");
}

static void test_complete_list_on_second_tab(void **state)
{
	static const char *const c[] = { "cpus", "cpuinfo" };
	struct kdb_line l;

	SET_CANDS(c);
	start(&l);
	feed(&l, "cpu\t");
	assert_string_equal(echoed, "cpu\a");
	assert_true(l.last_was_tab);
	reset_echo();
	feed(&l, "\t");
	assert_true(seen.listing);
	assert_string_equal(echoed,
			    "\ncpus                cpuinfo\n> cpu");
	assert_string_equal(l.buf, "cpu");
	assert_int_equal(l.cursor, 3);
	assert_int_equal(l.comp.listed, 2);

	/* Any other key in between: the second Tab only rings again. */
	start(&l);
	feed(&l, "cpu\t\x02\x06");
	assert_false(l.last_was_tab);
	reset_echo();
	feed(&l, "\t");
	assert_false(seen.listing);
	assert_string_equal(echoed, "\a");
}

static void test_complete_list_cursor_inside(void **state)
{
	static const char *const c[] = { "cpus", "cpuinfo" };
	struct kdb_line l;

	SET_CANDS(c);
	start(&l);
	feed(&l, "cpu 0x10\x01\x06\x06\x06");
	assert_int_equal(l.cursor, 3);
	feed(&l, "\t");
	reset_echo();
	feed(&l, "\t");
	assert_string_equal(echoed,
			    "\ncpus                cpuinfo\n> cpu 0x10"
			    "\b\b\b\b\b");
	assert_int_equal(l.cursor, 3);
	/* Typing goes on where the cursor is. */
	feed(&l, "s");
	assert_string_equal(l.buf, "cpus 0x10");
}

static void test_complete_list_more_than_max(void **state)
{
	static char names[40][8];
	static const char *c[40];
	struct kdb_line l;
	const char *p, *nl;
	int i, lines = 0;

	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "n%02d", i);
		c[i] = names[i];
	}
	SET_CANDS(c);
	start(&l);
	feed(&l, "n\t");
	assert_string_equal(l.buf, "n");
	reset_echo();
	feed(&l, "\t");
	assert_int_equal(l.comp.count, 40);
	assert_int_equal(l.comp.listed, 30);
	assert_non_null(strstr(echoed, "n29"));
	assert_null(strstr(echoed, "n30"));
	p = strstr(echoed, "\n... and 10 more\n> n");
	assert_non_null(p);
	assert_string_equal(p, "\n... and 10 more\n> n");
	/* 30 names of 3 characters: 4 a line, 20 apart, under 80. */
	assert_memory_equal(echoed, "\nn00                 n01", 24);
	for (p = echoed + 1; p < strstr(echoed, "\n..."); p = nl + 1) {
		nl = strchr(p, '\n');
		assert_true(nl - p < 80);
		lines++;
	}
	assert_int_equal(lines, 8);
}

static void test_complete_listing_layout(void **state)
{
	struct kdb_completion c;
	char twenty[21], long_name[120];

	memset(&c, 0, sizeof(c));
	c.listing = true;
	c.list_max = 30;
	c.echo = echo;
	memset(twenty, 'b', 20);
	twenty[20] = '\0';
	memset(long_name, 'L', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	kdb_completion_add(&c, "a");
	kdb_completion_add(&c, twenty);	/* ends at 40: next goes at 60 */
	kdb_completion_add(&c, "c");
	kdb_completion_add(&c, "d");	/* would reach 80: wraps */
	kdb_completion_add(&c, long_name);	/* too long: own line */
	kdb_completion_add(&c, "e");
	assert_string_equal(echoed,
			    "\na                   bbbbbbbbbbbbbbbbbbbb"
			    "                    c\nd\n"
			    "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"
			    "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"
			    "LLLLLLLLLLLLLLLLLLLLLLL\ne");
	assert_int_equal(c.count, 6);
	assert_int_equal(c.listed, 6);
	assert_int_equal(c.common_len, 0);
}

static void test_completion_add(void **state)
{
	struct kdb_completion c;
	char big[KDB_LINE_MAX + 100];

	memset(&c, 0, sizeof(c));
	strcpy(c.word, "ab");
	c.word_len = 2;
	kdb_completion_add(&c, "xyz");		/* does not match: ignored */
	kdb_completion_add(&c, "a");
	kdb_completion_add(&c, NULL);
	assert_int_equal(c.count, 0);
	kdb_completion_add(&c, "abcdef");
	assert_string_equal(c.common, "abcdef");
	kdb_completion_add(&c, "abcdef");	/* duplicates count */
	assert_int_equal(c.count, 2);
	assert_string_equal(c.common, "abcdef");
	kdb_completion_add(&c, "abcx");
	assert_string_equal(c.common, "abc");
	kdb_completion_add(&c, "ab");
	assert_string_equal(c.common, "ab");
	assert_int_equal(c.common_len, 2);
	assert_int_equal(c.count, 4);
	assert_string_equal(echoed, "");	/* not listing, no echo */

	/* A candidate longer than a line: common is truncated. */
	memset(&c, 0, sizeof(c));
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	kdb_completion_add(&c, big);
	assert_int_equal(c.common_len, KDB_LINE_MAX - 1);
	kdb_completion_add(&c, big);
	assert_int_equal(c.common_len, KDB_LINE_MAX - 1);
	assert_int_equal(strlen(c.common), KDB_LINE_MAX - 1);
}

static void test_complete_does_not_fit(void **state)
{
	static const char *c[1];
	static char cand[KDB_LINE_MAX + 40];
	struct kdb_line l;
	int i;

	memset(cand, 'q', sizeof(cand) - 1);
	cand[sizeof(cand) - 1] = '\0';
	c[0] = cand;
	SET_CANDS(c);
	start(&l);
	for (i = 0; i < 200; i++)
		kdb_line_feed(&l, 'x');
	feed(&l, " q\t");
	assert_int_equal(l.len, KDB_LINE_MAX - 1);
	assert_int_equal(l.buf[l.len - 1], 'q');	/* what fits, no space */
	assert_int_equal(echoed[echoed_len - 1], '\a');
	check_invariants(&l);
	/* A full line: nothing at all, one bell. */
	start(&l);
	while (l.len < KDB_LINE_MAX - 3)
		kdb_line_feed(&l, 'x');
	feed(&l, " q");
	reset_echo();
	feed(&l, "\t");
	assert_string_equal(echoed, "\a");
	assert_int_equal(l.len, KDB_LINE_MAX - 1);
	check_invariants(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_simple_line_cr, setup),
		cmocka_unit_test_setup(test_crlf_is_one_enter, setup),
		cmocka_unit_test_setup(test_lf_alone_and_empty_lines, setup),
		cmocka_unit_test_setup(test_start_and_clear, setup),
		cmocka_unit_test_setup(test_no_ops, setup),
		cmocka_unit_test_setup(test_backspace_and_del, setup),
		cmocka_unit_test_setup(test_insert_in_middle, setup),
		cmocka_unit_test_setup(test_backspace_in_middle, setup),
		cmocka_unit_test_setup(test_delete_under_cursor, setup),
		cmocka_unit_test_setup(test_home_end_keys, setup),
		cmocka_unit_test_setup(test_left_right_keys, setup),
		cmocka_unit_test_setup(test_kill_keys, setup),
		cmocka_unit_test_setup(test_ctrl_l_redraws, setup),
		cmocka_unit_test_setup(test_ctrl_c, setup),
		cmocka_unit_test_setup(test_history_walk, setup),
		cmocka_unit_test_setup(test_history_redraw, setup),
		cmocka_unit_test_setup(test_history_no_duplicates, setup),
		cmocka_unit_test_setup(test_history_ring, setup),
		cmocka_unit_test_setup(test_history_truncates, setup),
		cmocka_unit_test_setup(test_escape_sequences_skipped, setup),
		cmocka_unit_test_setup(test_escape_then_other_byte, setup),
		cmocka_unit_test_setup(test_overflow_rings_bell, setup),
		cmocka_unit_test_setup(test_noise_bytes_ignored, setup),
		cmocka_unit_test_setup(test_complete_unique, setup),
		cmocka_unit_test_setup(test_complete_word_boundaries, setup),
		cmocka_unit_test_setup(test_complete_common_prefix, setup),
		cmocka_unit_test_setup(test_complete_none, setup),
		cmocka_unit_test_setup(test_complete_list_on_second_tab,
				       setup),
		cmocka_unit_test_setup(test_complete_list_cursor_inside,
				       setup),
		cmocka_unit_test_setup(test_complete_list_more_than_max,
				       setup),
		cmocka_unit_test_setup(test_complete_listing_layout, setup),
		cmocka_unit_test_setup(test_completion_add, setup),
		cmocka_unit_test_setup(test_complete_does_not_fit, setup),
	};

	return cmocka_run_group_tests_name("kdb_line", tests, NULL, NULL);
}
