// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the kdb output pipeline: grep filters and the pager. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kdb_out.h"

#define NOKEY	0x100	/* in a key script: getc() returns -1 once */

static char out[1 << 16];
static size_t out_len;
static unsigned int writes, getcs, idles;
static int keys[256];
static size_t nkeys, key_pos;

static void fake_write(const char *s, size_t n, void *ctx)
{
	assert_ptr_equal(ctx, &out);
	assert_true(out_len + n < sizeof(out));
	memcpy(out + out_len, s, n);
	out_len += n;
	out[out_len] = '\0';
	writes++;
}

static int fake_getc(void *ctx)
{
	int c;

	getcs++;
	if (key_pos >= nkeys)
		return -1;
	c = keys[key_pos++];
	return c == NOKEY ? -1 : c;
}

static void fake_idle(void *ctx)
{
	assert_ptr_equal(ctx, &out);
	/* The pager waits for a key the script does not have. */
	if (++idles > 1000)
		fail_msg("pager waits forever");
}

static const struct kdb_out_ops ops = {
	.write = fake_write,
	.getc = fake_getc,
	.idle = fake_idle,
};

static struct kdb_out o;

static int setup(void **state)
{
	out_len = 0;
	out[0] = '\0';
	writes = getcs = idles = 0;
	nkeys = key_pos = 0;
	kdb_out_init(&o, &ops, &out);
	return 0;
}

/* Queue keys; '\xff' in @s stands for "no key yet" (getc() says -1). */
static void set_keys(const char *s, size_t n)
{
	size_t i;

	assert_true(n <= ARRAY_SIZE(keys));
	for (i = 0; i < n; i++)
		keys[i] = (unsigned char)s[i] == 0xff ? NOKEY :
			  (unsigned char)s[i];
	nkeys = n;
	key_pos = 0;
}

#define KEYS(s) set_keys(s, sizeof(s) - 1)

static void put(const char *s)
{
	kdb_out_write(&o, s, strlen(s));
}

/* Lines "<prefix><i>\n" for i in [from, to). */
static void put_lines(const char *prefix, int from, int to)
{
	char buf[64];
	int i, n;

	for (i = from; i < to; i++) {
		n = snprintf(buf, sizeof(buf), "%s%d\n", prefix, i);
		kdb_out_write(&o, buf, n);
	}
}

static void add_grep(const char *w1, const char *w2, const char *w3)
{
	char *argv[4] = { "grep", (char *)w1, (char *)w2, (char *)w3 };
	struct kdb_grep g;
	int argc = w3 ? 4 : w2 ? 3 : 2;

	assert_int_equal(kdb_grep_parse(&g, argc, argv), 0);
	assert_int_equal(kdb_out_add_grep(&o, &g), 0);
}

static int parse(struct kdb_grep *g, int argc, const char *w1,
		 const char *w2, const char *w3)
{
	char *argv[4] = { "grep", (char *)w1, (char *)w2, (char *)w3 };

	return kdb_grep_parse(g, argc, argv);
}

static bool match1(const char *pat, const char *line)
{
	struct kdb_grep g;

	assert_int_equal(parse(&g, 2, pat, NULL, NULL), 0);
	return kdb_grep_match(&g, line, strlen(line));
}

/* ---- pass-through ---- */

static void test_passthrough(void **state)
{
	kdb_out_begin(&o, 0, 80, NULL);
	put("a");
	put("\nb");
	put("b\n\n");
	assert_int_equal(writes, 3);
	assert_string_equal(out, "a\nbb\n\n");
	kdb_out_write(&o, "c\nd", 3);
	assert_int_equal(writes, 4);
	kdb_out_end(&o);
	assert_string_equal(out, "a\nbb\n\nc\nd\n");
	assert_int_equal(writes, 5);
	kdb_out_end(&o);	/* nothing pending: nothing */
	assert_int_equal(writes, 5);
	assert_false(kdb_out_stopped(&o));
	assert_int_equal(getcs, 0);
}

static void test_init_without_begin(void **state)
{
	put("x\ny");
	kdb_out_end(&o);
	assert_string_equal(out, "x\ny\n");
	assert_int_equal(getcs, 0);
}

static void test_zero_length_and_null(void **state)
{
	kdb_out_begin(&o, 0, 0, NULL);
	kdb_out_write(&o, "abc", 0);
	kdb_out_write(&o, NULL, 5);
	kdb_out_end(&o);
	assert_int_equal(out_len, 0);
}

static void test_nul_bytes_pass(void **state)
{
	kdb_out_begin(&o, 0, 0, NULL);
	kdb_out_write(&o, "a\0b\n", 4);
	assert_int_equal(out_len, 4);
	assert_memory_equal(out, "a\0b\n", 4);
}

/* ---- overlong lines ---- */

static void test_overlong_line_pieces(void **state)
{
	char buf[1200];

	memset(buf, 'a', sizeof(buf));
	kdb_out_begin(&o, 0, 0, NULL);
	kdb_out_write(&o, buf, sizeof(buf));
	assert_int_equal(writes, 2);	/* two full pieces, 178 pending */
	assert_int_equal(o.len, 1200 - 2 * (KDB_OUT_LINE - 1));
	put("\n");
	assert_int_equal(writes, 3);
	assert_int_equal(out_len, 1200 + 3);
	assert_int_equal(out[KDB_OUT_LINE - 1], '\n');
	assert_int_equal(out[2 * KDB_OUT_LINE - 1], '\n');
	assert_int_equal(out[out_len - 1], '\n');
}

static void test_line_exactly_max(void **state)
{
	char buf[KDB_OUT_LINE];

	memset(buf, 'x', KDB_OUT_LINE - 1);
	buf[KDB_OUT_LINE - 1] = '\n';
	kdb_out_begin(&o, 0, 0, NULL);
	kdb_out_write(&o, buf, sizeof(buf));
	assert_int_equal(writes, 1);
	assert_int_equal(out_len, KDB_OUT_LINE);
	kdb_out_end(&o);
	assert_int_equal(writes, 1);
}

static void test_overlong_pieces_filtered(void **state)
{
	char buf[1100];

	memset(buf, 'a', sizeof(buf));
	buf[600] = 'b';			/* in the second piece only */
	kdb_out_begin(&o, 0, 0, NULL);
	add_grep("b", NULL, NULL);
	kdb_out_write(&o, buf, sizeof(buf));
	kdb_out_end(&o);
	assert_int_equal(writes, 1);
	assert_int_equal(out_len, KDB_OUT_LINE);
	assert_int_equal(out[600 - (KDB_OUT_LINE - 1)], 'b');
}

/* ---- grep parsing ---- */

static void test_grep_parse_options(void **state)
{
	struct kdb_grep g;

	assert_int_equal(parse(&g, 2, "foo", NULL, NULL), 0);
	assert_string_equal(g.pat, "foo");
	assert_int_equal(g.len, 3);
	assert_false(g.invert || g.icase || g.at_start || g.at_end);

	assert_int_equal(parse(&g, 3, "-v", "foo", NULL), 0);
	assert_true(g.invert);
	assert_false(g.icase);

	assert_int_equal(parse(&g, 3, "-i", "foo", NULL), 0);
	assert_true(g.icase);
	assert_false(g.invert);

	assert_int_equal(parse(&g, 4, "-i", "-v", "foo"), 0);
	assert_true(g.icase && g.invert);
	assert_int_equal(parse(&g, 3, "-vi", "foo", NULL), 0);
	assert_true(g.icase && g.invert);
	assert_int_equal(parse(&g, 3, "-iv", "foo", NULL), 0);
	assert_true(g.icase && g.invert);

	/* "--" ends the options; a lone "-" is a pattern. */
	assert_int_equal(parse(&g, 3, "--", "-v", NULL), 0);
	assert_string_equal(g.pat, "-v");
	assert_false(g.invert);
	assert_int_equal(parse(&g, 2, "-", NULL, NULL), 0);
	assert_string_equal(g.pat, "-");
}

static void test_grep_parse_errors(void **state)
{
	char *bad0[] = { "grip", "x" };
	char *one[] = { "grep" };
	struct kdb_grep g;

	assert_int_equal(kdb_grep_parse(&g, 2, bad0), -EINVAL);
	assert_int_equal(kdb_grep_parse(&g, 0, bad0), -EINVAL);
	assert_int_equal(kdb_grep_parse(&g, 1, one), -EINVAL);
	assert_int_equal(kdb_grep_parse(&g, 2, NULL), -EINVAL);
	assert_int_equal(parse(&g, 2, "-x", NULL, NULL), -EINVAL);
	assert_int_equal(parse(&g, 3, "-vx", "foo", NULL), -EINVAL);
	assert_int_equal(parse(&g, 2, "-v", NULL, NULL), -EINVAL);
	assert_int_equal(parse(&g, 3, "foo", "bar", NULL), -EINVAL);
	assert_int_equal(parse(&g, 3, "foo", "-v", NULL), -EINVAL);
	assert_int_equal(parse(&g, 4, "-v", "foo", "bar"), -EINVAL);
	assert_int_equal(parse(&g, 2, "--", NULL, NULL), -EINVAL);
	assert_int_equal(parse(&g, 3, NULL, "x", NULL), -EINVAL);
}

static void test_grep_parse_too_long(void **state)
{
	char pat[KDB_GREP_PAT + 8];
	struct kdb_grep g;

	memset(pat, 'p', sizeof(pat));
	pat[KDB_GREP_PAT - 1] = '\0';
	assert_int_equal(parse(&g, 2, pat, NULL, NULL), 0);
	assert_int_equal(g.len, KDB_GREP_PAT - 1);
	pat[KDB_GREP_PAT - 1] = 'p';
	pat[KDB_GREP_PAT] = '\0';
	assert_int_equal(parse(&g, 2, pat, NULL, NULL), -E2BIG);
	/* Anchors do not count. */
	pat[0] = '^';
	pat[KDB_GREP_PAT] = '$';
	pat[KDB_GREP_PAT + 1] = '\0';
	assert_int_equal(parse(&g, 2, pat, NULL, NULL), 0);
	assert_int_equal(g.len, KDB_GREP_PAT - 1);
	assert_true(g.at_start && g.at_end);
}

static void test_grep_parse_anchors(void **state)
{
	struct kdb_grep g;

	assert_int_equal(parse(&g, 2, "^foo$", NULL, NULL), 0);
	assert_string_equal(g.pat, "foo");
	assert_true(g.at_start && g.at_end);

	assert_int_equal(parse(&g, 2, "\\^foo\\$", NULL, NULL), 0);
	assert_string_equal(g.pat, "^foo$");
	assert_false(g.at_start || g.at_end);

	assert_int_equal(parse(&g, 2, "^\\$", NULL, NULL), 0);
	assert_string_equal(g.pat, "$");
	assert_true(g.at_start);
	assert_false(g.at_end);

	assert_int_equal(parse(&g, 2, "\\^$", NULL, NULL), 0);
	assert_string_equal(g.pat, "^");
	assert_false(g.at_start);
	assert_true(g.at_end);

	assert_int_equal(parse(&g, 2, "a^b$c", NULL, NULL), 0);
	assert_string_equal(g.pat, "a^b$c");	/* only at the ends */

	assert_int_equal(parse(&g, 2, "\\", NULL, NULL), 0);
	assert_string_equal(g.pat, "\\");
	assert_int_equal(parse(&g, 2, "\\$", NULL, NULL), 0);
	assert_string_equal(g.pat, "$");
	assert_int_equal(parse(&g, 2, "\\^", NULL, NULL), 0);
	assert_string_equal(g.pat, "^");

	assert_int_equal(parse(&g, 2, "^", NULL, NULL), 0);
	assert_int_equal(g.len, 0);
	assert_int_equal(parse(&g, 2, "$", NULL, NULL), 0);
	assert_int_equal(g.len, 0);
	assert_true(g.at_end);
}

/* ---- grep matching ---- */

static void test_grep_match(void **state)
{
	struct kdb_grep g;

	assert_true(match1("foo", "a foo b"));
	assert_true(match1("foo", "foo"));
	assert_false(match1("foo", "fo"));
	assert_false(match1("foo", "FOO"));
	assert_true(match1("ofo", "foofoo"));

	assert_true(match1("^foo", "foobar"));
	assert_false(match1("^foo", " foobar"));
	assert_true(match1("bar$", "foobar"));
	assert_false(match1("bar$", "foobar "));
	assert_true(match1("^foo$", "foo"));
	assert_false(match1("^foo$", "foofoo"));
	assert_false(match1("^foo$", "fo"));

	assert_true(match1("\\^x", "a^xb"));
	assert_false(match1("\\^x", "xb"));
	assert_true(match1("x\\$", "ax$b"));
	assert_false(match1("x\\$", "ax"));

	/* An empty pattern, anchors or not, matches every line. */
	assert_true(match1("", "anything"));
	assert_true(match1("", ""));
	assert_true(match1("^", "x"));
	assert_true(match1("$", "x"));
	assert_true(match1("^$", "x"));

	assert_int_equal(parse(&g, 3, "-i", "FoO", NULL), 0);
	assert_true(kdb_grep_match(&g, "xfOoy", 5));
	assert_false(kdb_grep_match(&g, "xfOy", 4));
	assert_int_equal(parse(&g, 3, "-i", "^ab$", NULL), 0);
	assert_true(kdb_grep_match(&g, "AB", 2));

	assert_int_equal(parse(&g, 3, "-v", "foo", NULL), 0);
	assert_false(kdb_grep_match(&g, "a foo", 5));
	assert_true(kdb_grep_match(&g, "a bar", 5));
	assert_int_equal(parse(&g, 3, "-v", "", NULL), 0);
	assert_false(kdb_grep_match(&g, "x", 1));

	assert_int_equal(parse(&g, 3, "-vi", "^A", NULL), 0);
	assert_false(kdb_grep_match(&g, "abc", 3));
	assert_true(kdb_grep_match(&g, "bac", 3));

	/* The length rules, not a NUL. */
	assert_int_equal(parse(&g, 2, "c$", NULL, NULL), 0);
	assert_true(kdb_grep_match(&g, "abcdef", 3));
	assert_int_equal(parse(&g, 2, "de", NULL, NULL), 0);
	assert_false(kdb_grep_match(&g, "abcdef", 4));
	/* -i folds ASCII only. */
	assert_int_equal(parse(&g, 3, "-i", "\xc9", NULL), 0);
	assert_false(kdb_grep_match(&g, "\xe9", 1));
}

static void test_grep_filters_output(void **state)
{
	kdb_out_begin(&o, 0, 0, NULL);
	add_grep("-i", "CPU", NULL);
	put("cpu0 idle\nmem ok\nCPU1 busy\n");
	assert_string_equal(out, "cpu0 idle\nCPU1 busy\n");
	assert_int_equal(writes, 2);
}

static void test_grep_several_filters(void **state)
{
	kdb_out_begin(&o, 0, 0, NULL);
	add_grep("task", NULL, NULL);
	add_grep("-v", "idle", NULL);
	add_grep("^ ", NULL, NULL);
	put(" task 1 run\n task 2 idle\ntask 3 run\n task 4 sleep\nx\n");
	kdb_out_end(&o);
	assert_string_equal(out, " task 1 run\n task 4 sleep\n");
}

static void test_grep_partial_last_line(void **state)
{
	kdb_out_begin(&o, 0, 0, NULL);
	add_grep("end$", NULL, NULL);
	put("the end\nnot the end.\nthe end");
	kdb_out_end(&o);
	assert_string_equal(out, "the end\nthe end\n");
}

static void test_grep_max_filters(void **state)
{
	struct kdb_grep g;
	int i;

	kdb_out_begin(&o, 0, 0, NULL);
	assert_int_equal(parse(&g, 2, "x", NULL, NULL), 0);
	for (i = 0; i < KDB_GREP_MAX; i++)
		assert_int_equal(kdb_out_add_grep(&o, &g), 0);
	assert_int_equal(kdb_out_add_grep(&o, &g), -ENOSPC);
	assert_int_equal(o.ngrep, KDB_GREP_MAX);
	g.len = KDB_GREP_PAT;
	kdb_out_begin(&o, 0, 0, NULL);
	assert_int_equal(kdb_out_add_grep(&o, &g), -EINVAL);
	assert_int_equal(o.ngrep, 0);
}

/* ---- the pager ---- */

#define ERASE6 "\r      \r"	/* erases "more> " */

static void test_pager_space_and_q(void **state)
{
	KEYS(" q");
	kdb_out_begin(&o, 5, 80, NULL);
	put_lines("l", 0, 10);
	assert_string_equal(out,
		"l0\nl1\nl2\nl3\nmore> " ERASE6
		"l4\nl5\nl6\nl7\nmore> " ERASE6);
	assert_true(kdb_out_stopped(&o));
	assert_int_equal(key_pos, 2);
	/* Dropped from now on, including the end of the command. */
	out_len = 0;
	out[0] = '\0';
	put("more\n");
	put("pending");
	kdb_out_end(&o);
	assert_int_equal(out_len, 0);
	assert_int_equal(key_pos, 2);
}

static void test_pager_exact_page_no_prompt(void **state)
{
	kdb_out_begin(&o, 5, 80, NULL);
	put_lines("l", 0, 4);
	kdb_out_end(&o);
	assert_string_equal(out, "l0\nl1\nl2\nl3\n");
	assert_int_equal(getcs, 0);
}

static void test_pager_enter(void **state)
{
	KEYS("\r\n q");
	kdb_out_begin(&o, 4, 80, NULL);
	put_lines("l", 0, 20);
	assert_string_equal(out,
		"l0\nl1\nl2\nmore> " ERASE6
		"l3\nmore> " ERASE6
		"l4\nmore> " ERASE6
		"l5\nl6\nl7\nmore> " ERASE6);
	assert_true(kdb_out_stopped(&o));
}

static void test_pager_ctrl_c_and_upper_q(void **state)
{
	KEYS("\x03");
	kdb_out_begin(&o, 2, 80, NULL);
	put_lines("l", 0, 5);
	assert_string_equal(out, "l0\nmore> " ERASE6);
	assert_true(kdb_out_stopped(&o));

	setup(state);
	KEYS("Q");
	kdb_out_begin(&o, 2, 80, NULL);
	put_lines("l", 0, 5);
	assert_string_equal(out, "l0\nmore> " ERASE6);
	assert_true(kdb_out_stopped(&o));
}

static void test_pager_other_key(void **state)
{
	KEYS("x\xff\xffq");
	kdb_out_begin(&o, 2, 80, NULL);
	put_lines("l", 0, 5);
	assert_string_equal(out,
		"l0\nmore> " ERASE6
		"\nOnly 'q', ' ', Enter or '/' at the more prompt\n"
		"more> " ERASE6);
	assert_int_equal(idles, 2);
	assert_true(kdb_out_stopped(&o));
}

static void test_pager_waits_with_idle(void **state)
{
	KEYS("\xff\xff\xff ");
	kdb_out_begin(&o, 2, 80, NULL);
	put_lines("l", 0, 2);
	assert_string_equal(out, "l0\nmore> " ERASE6 "l1\n");
	assert_int_equal(idles, 3);
	assert_int_equal(getcs, 4);
}

static void test_pager_custom_prompt(void **state)
{
	KEYS(" ");
	kdb_out_begin(&o, 3, 0, "--More--");
	put_lines("l", 0, 3);
	assert_string_equal(out, "l0\nl1\n--More--\r        \rl2\n");
}

static void test_pager_long_prompt_erase(void **state)
{
	char prompt[41], want[200];

	memset(prompt, 'P', 40);
	prompt[40] = '\0';
	KEYS(" ");
	kdb_out_begin(&o, 2, 0, prompt);
	put_lines("l", 0, 2);
	snprintf(want, sizeof(want), "l0\n%s\r%40s\rl1\n", prompt, "");
	assert_string_equal(out, want);
}

static void test_pager_one_line_pages(void **state)
{
	KEYS(" \rq");
	kdb_out_begin(&o, 1, 80, NULL);
	put_lines("l", 0, 5);
	assert_string_equal(out,
		"more> " ERASE6 "l0\nmore> " ERASE6 "l1\nmore> " ERASE6);
}

static void test_pager_filtered_lines_not_counted(void **state)
{
	KEYS("q");
	kdb_out_begin(&o, 3, 80, NULL);
	add_grep("-v", "skip", NULL);
	put("a\nskip\nskip\nb\nskip\nc\n");
	assert_string_equal(out, "a\nb\nmore> " ERASE6);
}

static void test_pager_new_command_resets(void **state)
{
	KEYS("q");
	kdb_out_begin(&o, 2, 80, NULL);
	add_grep("l", NULL, NULL);
	put_lines("l", 0, 5);
	assert_true(kdb_out_stopped(&o));
	out_len = 0;
	kdb_out_begin(&o, 0, 80, NULL);
	assert_false(kdb_out_stopped(&o));
	assert_int_equal(o.ngrep, 0);
	put("x\n");
	assert_string_equal(out, "x\n");
}

static void test_pager_no_getc_no_paging(void **state)
{
	static const struct kdb_out_ops wonly = { .write = fake_write };

	kdb_out_init(&o, &wonly, &out);
	kdb_out_begin(&o, 2, 80, NULL);
	put_lines("l", 0, 40);
	kdb_out_end(&o);
	assert_int_equal(writes, 40);
	assert_false(kdb_out_stopped(&o));
}

/* ---- wrapped lines ---- */

static void rep(char *buf, int c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\n';
	buf[n + 1] = '\0';
}

static void test_pager_wrapped_lines(void **state)
{
	char l45[64], l20[64], l21[64], want[512];

	rep(l45, 'w', 45);	/* 3 rows of 20 */
	rep(l20, 'x', 20);	/* 1 row */
	rep(l21, 'y', 21);	/* 2 rows */
	KEYS("  q");
	kdb_out_begin(&o, 5, 20, NULL);
	put(l45);		/* shown 3 */
	put("a\n");		/* shown 4: page full */
	put(l20);		/* prompt, then shown 1 */
	put(l21);		/* 3 */
	put("b\n");		/* 4: full */
	put("c\n");		/* prompt */
	put("d\n");
	snprintf(want, sizeof(want),
		 "%sa\nmore> " ERASE6 "%s%sb\nmore> " ERASE6 "c\nd\n",
		 l45, l20, l21);
	assert_string_equal(out, want);
	assert_int_equal(o.shown, 2);
}

static void test_pager_wrap_overshoot(void **state)
{
	char l100[128];

	/* A long line can take the page past its end; the next one waits. */
	rep(l100, 'z', 100);
	KEYS(" ");
	kdb_out_begin(&o, 4, 20, NULL);
	put("a\n");
	put(l100);		/* 5 rows: shown 6 */
	assert_int_equal(o.shown, 6);
	assert_int_equal(getcs, 0);
	put("b\n");
	assert_int_equal(key_pos, 1);
	assert_int_equal(o.shown, 1);
}

static void test_pager_columns_zero(void **state)
{
	char l300[320];

	rep(l300, 'z', 300);
	kdb_out_begin(&o, 3, 0, NULL);
	put(l300);
	put("a\n");
	assert_int_equal(getcs, 0);
	assert_int_equal(o.shown, 2);
}

static void test_pager_tabs_and_controls(void **state)
{
	kdb_out_begin(&o, 100, 20, NULL);
	put("\t\t\tx\n");		/* 25 columns: 2 rows */
	assert_int_equal(o.shown, 2);
	put("\x1b[1m0123456789012345678\r\n");	/* 19 + "[1m" = 22 */
	assert_int_equal(o.shown, 4);
	put("\n");			/* an empty line is one row */
	assert_int_equal(o.shown, 5);
	put("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\n");
	assert_int_equal(o.shown, 6);	/* 20 characters in UTF-8 */
}

/* ---- search ---- */

static void test_pager_search(void **state)
{
	KEYS("/15\rq");
	kdb_out_begin(&o, 4, 80, NULL);
	put_lines("line ", 0, 20);
	assert_string_equal(out,
		"line 0\nline 1\nline 2\nmore> " ERASE6
		"search> 15\r          \r"
		"line 15\nline 16\nline 17\nmore> " ERASE6);
	assert_true(kdb_out_stopped(&o));
	assert_string_equal(o.search, "15");
}

static void test_pager_search_pending_line_matches(void **state)
{
	KEYS("/3\n ");
	kdb_out_begin(&o, 4, 80, NULL);
	put_lines("line ", 0, 6);
	kdb_out_end(&o);
	assert_string_equal(out,
		"line 0\nline 1\nline 2\nmore> " ERASE6
		"search> 3\r         \r"
		"line 3\nline 4\nline 5\n");
	assert_false(kdb_out_stopped(&o));
}

static void test_pager_search_not_found(void **state)
{
	KEYS("/zzz\r");
	kdb_out_begin(&o, 3, 80, NULL);
	put_lines("line ", 0, 50);
	kdb_out_end(&o);
	assert_string_equal(out,
		"line 0\nline 1\nmore> " ERASE6
		"search> zzz\r           \r");
	assert_false(kdb_out_stopped(&o));
	assert_true(o.searching);
}

static void test_pager_search_edit(void **state)
{
	/* Backspace and DEL edit, controls are ignored, BS on empty too. */
	KEYS("/\b1x\b\x01" "5\x7f" "5\r");
	kdb_out_begin(&o, 2, 80, NULL);
	put_lines("line ", 0, 16);
	assert_string_equal(out,
		"line 0\nmore> " ERASE6
		"search> 1x\b \b5\b \b5\r          \r"
		"line 15\n");
	assert_string_equal(o.search, "15");
}

static void test_pager_search_cancel(void **state)
{
	KEYS("/ab\x03");
	kdb_out_begin(&o, 2, 80, NULL);
	put_lines("line ", 0, 5);
	assert_string_equal(out,
		"line 0\nmore> " ERASE6 "search> ab\r          \r");
	assert_true(kdb_out_stopped(&o));
	assert_false(o.searching);
}

static void test_pager_search_max_length(void **state)
{
	char k[100], want[KDB_SEARCH_MAX];

	k[0] = '/';
	memset(k + 1, 's', 80);
	k[81] = '\r';
	set_keys(k, 82);
	memset(want, 's', KDB_SEARCH_MAX - 1);
	want[KDB_SEARCH_MAX - 1] = '\0';
	kdb_out_begin(&o, 2, 80, NULL);
	put_lines("line ", 0, 3);
	assert_string_equal(o.search, want);
	assert_true(o.searching);
	/* echoed only what it kept: prompt, 63 's', then the erase */
	assert_int_equal(out_len, strlen("line 0\nmore> " ERASE6) +
			 8 + KDB_SEARCH_MAX - 1 + 2 + 8 + KDB_SEARCH_MAX - 1);
}

static void test_pager_search_then_page(void **state)
{
	KEYS("/7\r q");
	kdb_out_begin(&o, 3, 80, NULL);
	put_lines("n", 0, 20);
	assert_string_equal(out,
		"n0\nn1\nmore> " ERASE6 "search> 7\r         \r"
		"n7\nn8\nmore> " ERASE6 "n9\nn10\nmore> " ERASE6);
}

/* ---- Ctrl-C while output runs ---- */

static void test_ctrl_c_poll(void **state)
{
	char want[1024];
	size_t n = 0;
	int i;

	KEYS("x\xff\x03y");
	kdb_out_begin(&o, 0, 80, NULL);
	put_lines("l", 0, 15);
	assert_int_equal(getcs, 0);
	put_lines("l", 15, 16);
	assert_int_equal(getcs, 2);	/* 'x' kept, then nothing yet */
	assert_false(kdb_out_stopped(&o));
	put_lines("l", 16, 40);
	assert_int_equal(getcs, 3);	/* Ctrl-C: 'y' stays on the line */
	assert_true(kdb_out_stopped(&o));
	for (i = 0; i < 32; i++)
		n += snprintf(want + n, sizeof(want) - n, "l%d\n", i);
	snprintf(want + n, sizeof(want) - n, "\n^C (output stopped)\n");
	assert_string_equal(out, want);
	put("after\n");
	kdb_out_end(&o);
	assert_string_equal(out, want);
	/* Ctrl-C dropped the 'x' typed before it, as a terminal does. */
	assert_int_equal(kdb_out_getc(&o), 'y');
	assert_int_equal(kdb_out_getc(&o), -1);
}

/* Keys typed while a command prints wait for the next prompt, in order. */
static void test_typeahead_kept(void **state)
{
	KEYS("ps\xff\rbt\r");
	kdb_out_begin(&o, 0, 80, NULL);
	put_lines("l", 0, 64);
	assert_false(kdb_out_stopped(&o));
	assert_int_equal(strlen(out), 10 * 3 + 54 * 4);	/* all of it */
	/* The next command keeps them; the prompt reads them first. */
	kdb_out_end(&o);
	kdb_out_begin(&o, 0, 80, NULL);
	KEYS("x");
	assert_int_equal(kdb_out_getc(&o), 'p');
	assert_int_equal(kdb_out_getc(&o), 's');
	assert_int_equal(kdb_out_getc(&o), '\r');
	assert_int_equal(kdb_out_getc(&o), 'b');
	assert_int_equal(kdb_out_getc(&o), 't');
	assert_int_equal(kdb_out_getc(&o), '\r');
	assert_int_equal(kdb_out_getc(&o), 'x');	/* then the line */
	assert_int_equal(kdb_out_getc(&o), -1);
}

/* More than the buffer holds: the poll stops reading, nothing is lost. */
static void test_typeahead_full_leaves_the_rest(void **state)
{
	char typed[KDB_TYPEAHEAD_MAX + 10];
	size_t i;

	for (i = 0; i < sizeof(typed); i++)
		typed[i] = 'a' + i % 26;
	set_keys(typed, sizeof(typed));
	kdb_out_begin(&o, 0, 80, NULL);
	put_lines("l", 0, 16);
	assert_int_equal(getcs, KDB_TYPEAHEAD_MAX);
	put_lines("l", 16, 32);
	assert_int_equal(getcs, KDB_TYPEAHEAD_MAX);	/* full: not read */
	for (i = 0; i < sizeof(typed); i++)
		assert_int_equal(kdb_out_getc(&o), typed[i]);
	assert_int_equal(kdb_out_getc(&o), -1);
}

/* A stop key of a silent loop ('q' for search and stacks). */
static void test_check_keys_stop_key(void **state)
{
	KEYS("ab" "q" "c");
	assert_int_equal(kdb_out_check_keys(&o, "q"), 'q');
	assert_int_equal(kdb_out_getc(&o), 'c');
	KEYS("ab");
	assert_int_equal(kdb_out_check_keys(&o, "q"), -1);
	assert_int_equal(kdb_out_getc(&o), 'a');
	assert_int_equal(kdb_out_getc(&o), 'b');
}

/* The pager's keys come after what was typed ahead, in order. */
static void test_pager_reads_typeahead_first(void **state)
{
	/* 'q', kept while a search skipped lines, answers the next page. */
	KEYS("/n20\rq");
	kdb_out_begin(&o, 3, 80, NULL);
	put_lines("n", 0, 40);
	assert_true(kdb_out_stopped(&o));
	assert_non_null(strstr(out, "\rn20\nn21\nmore> "));
	assert_null(strstr(out, "n22"));
	assert_int_equal(kdb_out_getc(&o), -1);
}

static void test_ctrl_c_poll_no_key(void **state)
{
	kdb_out_begin(&o, 0, 80, NULL);
	put_lines("l", 0, 64);
	assert_int_equal(getcs, 4);
	assert_int_equal(writes, 64);
	assert_false(kdb_out_stopped(&o));
	assert_int_equal(idles, 0);	/* never waits */
}

static void test_ctrl_c_poll_counts_filtered_lines(void **state)
{
	KEYS("\x03");
	kdb_out_begin(&o, 0, 80, NULL);
	add_grep("never", NULL, NULL);
	put_lines("l", 0, 16);
	assert_true(kdb_out_stopped(&o));
	assert_string_equal(out, "\n^C (output stopped)\n");
}

static void test_no_poll_while_paging(void **state)
{
	KEYS(" ");
	kdb_out_begin(&o, 20, 80, NULL);
	put_lines("l", 0, 19);
	assert_int_equal(getcs, 0);	/* the space is for the pager */
	put_lines("l", 19, 20);
	assert_int_equal(getcs, 1);
	assert_int_equal(o.shown, 1);
}

static void test_poll_during_search(void **state)
{
	KEYS("/zz\r\xff\x03");
	kdb_out_begin(&o, 2, 80, NULL);
	put_lines("l", 0, 100);
	assert_true(kdb_out_stopped(&o));
	assert_int_equal(idles, 0);
	assert_string_equal(out, "l0\nmore> " ERASE6
			    "search> zz\r          \r"
			    "\n^C (output stopped)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(test_passthrough),
		T(test_init_without_begin),
		T(test_zero_length_and_null),
		T(test_nul_bytes_pass),
		T(test_overlong_line_pieces),
		T(test_line_exactly_max),
		T(test_overlong_pieces_filtered),
		T(test_grep_parse_options),
		T(test_grep_parse_errors),
		T(test_grep_parse_too_long),
		T(test_grep_parse_anchors),
		T(test_grep_match),
		T(test_grep_filters_output),
		T(test_grep_several_filters),
		T(test_grep_partial_last_line),
		T(test_grep_max_filters),
		T(test_pager_space_and_q),
		T(test_pager_exact_page_no_prompt),
		T(test_pager_enter),
		T(test_pager_ctrl_c_and_upper_q),
		T(test_pager_other_key),
		T(test_pager_waits_with_idle),
		T(test_pager_custom_prompt),
		T(test_pager_long_prompt_erase),
		T(test_pager_one_line_pages),
		T(test_pager_filtered_lines_not_counted),
		T(test_pager_new_command_resets),
		T(test_pager_no_getc_no_paging),
		T(test_pager_wrapped_lines),
		T(test_pager_wrap_overshoot),
		T(test_pager_columns_zero),
		T(test_pager_tabs_and_controls),
		T(test_pager_search),
		T(test_pager_search_pending_line_matches),
		T(test_pager_search_not_found),
		T(test_pager_search_edit),
		T(test_pager_search_cancel),
		T(test_pager_search_max_length),
		T(test_pager_search_then_page),
		T(test_ctrl_c_poll),
		T(test_typeahead_kept),
		T(test_typeahead_full_leaves_the_rest),
		T(test_check_keys_stop_key),
		T(test_pager_reads_typeahead_first),
		T(test_ctrl_c_poll_no_key),
		T(test_ctrl_c_poll_counts_filtered_lines),
		T(test_no_poll_while_paging),
		T(test_poll_during_search),
#undef T
	};

	return cmocka_run_group_tests_name("kdb_out", tests, NULL, NULL);
}
