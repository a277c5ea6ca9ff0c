// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the kdb line editor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "kdb_line.h"

static char echoed[4096];
static size_t echoed_len;

static void echo(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	assert_true(echoed_len + n < sizeof(echoed));
	memcpy(echoed + echoed_len, s, n);
	echoed_len += n;
	echoed[echoed_len] = '\0';
}

static int setup(void **state)
{
	echoed_len = 0;
	echoed[0] = '\0';
	return 0;
}

/* Feed a string; return the status of the last byte. */
static enum kdb_line_status feed(struct kdb_line *l, const char *s)
{
	enum kdb_line_status st = KDB_LINE_EDITING;

	while (*s)
		st = kdb_line_feed(l, (unsigned char)*s++);
	return st;
}

static void test_simple_line_cr(void **state)
{
	struct kdb_line l;

	kdb_line_init(&l, echo, NULL);
	assert_int_equal(feed(&l, "cpus"), KDB_LINE_EDITING);
	assert_int_equal(feed(&l, "\r"), KDB_LINE_DONE);
	assert_string_equal(l.buf, "cpus");
	assert_string_equal(echoed, "cpus\n");
}

static void test_crlf_is_one_enter(void **state)
{
	struct kdb_line l;

	kdb_line_init(&l, echo, NULL);
	assert_int_equal(feed(&l, "go\r"), KDB_LINE_DONE);
	kdb_line_clear(&l);
	/* The LF of CR LF must not produce a second, empty line. */
	assert_int_equal(kdb_line_feed(&l, '\n'), KDB_LINE_EDITING);
	assert_int_equal(feed(&l, "help\n"), KDB_LINE_DONE);
	assert_string_equal(l.buf, "help");
}

static void test_lf_alone_and_empty_lines(void **state)
{
	struct kdb_line l;

	kdb_line_init(&l, echo, NULL);
	assert_int_equal(kdb_line_feed(&l, '\n'), KDB_LINE_DONE);
	assert_string_equal(l.buf, "");
	kdb_line_clear(&l);
	assert_int_equal(kdb_line_feed(&l, '\n'), KDB_LINE_DONE);
	kdb_line_clear(&l);
	assert_int_equal(kdb_line_feed(&l, '\r'), KDB_LINE_DONE);
	kdb_line_clear(&l);
	assert_int_equal(kdb_line_feed(&l, '\r'), KDB_LINE_DONE);
}

static void test_backspace_and_del(void **state)
{
	struct kdb_line l;

	kdb_line_init(&l, echo, NULL);
	feed(&l, "gox\b");
	assert_string_equal(l.buf, "go");
	feed(&l, "\x7f\x7f\x7f\x7f");	/* more erases than characters */
	assert_string_equal(l.buf, "");
	assert_int_equal(l.len, 0);
	assert_string_equal(echoed, "gox\b \b\b \b\b \b");
}

static void test_ctrl_u_and_ctrl_c(void **state)
{
	struct kdb_line l;

	kdb_line_init(&l, echo, NULL);
	feed(&l, "garbage\x15go");
	assert_string_equal(l.buf, "go");
	assert_int_equal(feed(&l, "xx\x03"), KDB_LINE_CANCEL);
	assert_string_equal(l.buf, "");
}

static void test_escape_sequences_skipped(void **state)
{
	struct kdb_line l;

	kdb_line_init(&l, echo, NULL);
	/* Up arrow, Right arrow (SS3 form), F5 (CSI 15~), Alt-x. */
	feed(&l, "c\x1b[Ap\x1bOCu\x1b[15~s\x1bx");
	assert_string_equal(l.buf, "cpus");
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
	kdb_line_init(&l, echo, NULL);
	for (i = 0; i < KDB_LINE_MAX; i++)
		kdb_line_feed(&l, 'b');
	assert_int_equal(echoed[echoed_len - 1], '\a');
}

static void test_noise_bytes_ignored(void **state)
{
	struct kdb_line l;
	int c;

	kdb_line_init(&l, NULL, NULL);
	for (c = 0; c < 256; c++) {
		if (c == '\r' || c == '\n' || c == 3 || c == 0x1b)
			continue;
		kdb_line_feed(&l, c);
	}
	/* Only printable ASCII (minus the erased ones) may be kept. */
	for (c = 0; c < (int)l.len; c++)
		assert_true(l.buf[c] >= 0x20 && l.buf[c] <= 0x7e);
	kdb_line_feed(&l, 0x1234);	/* values beyond a byte are masked */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_simple_line_cr, setup),
		cmocka_unit_test_setup(test_crlf_is_one_enter, setup),
		cmocka_unit_test_setup(test_lf_alone_and_empty_lines, setup),
		cmocka_unit_test_setup(test_backspace_and_del, setup),
		cmocka_unit_test_setup(test_ctrl_u_and_ctrl_c, setup),
		cmocka_unit_test_setup(test_escape_sequences_skipped, setup),
		cmocka_unit_test_setup(test_overflow_rings_bell, setup),
		cmocka_unit_test_setup(test_noise_bytes_ignored, setup),
	};

	return cmocka_run_group_tests_name("kdb_line", tests, NULL, NULL);
}
