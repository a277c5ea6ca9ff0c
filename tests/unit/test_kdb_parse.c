// SPDX-License-Identifier: GPL-2.0
/* Unit tests of kdb command-line splitting and command lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "kdb_parse.h"

static int dummy(int argc, char **argv)
{
	return 0;
}

static const struct kdb_cmd table[] = {
	{ "help", "", "", dummy },
	{ "cpus", "", "", dummy },
	{ "go", "", "", dummy },
	{ "md", "", "", dummy, 0, KDB_CMD_PREFIX },
	{ "mds", "", "", dummy },
	{ "mm", "", "", dummy, 0, KDB_CMD_PREFIX },
	{ "summary", "", "", dummy, 4 },
	{ "sr", "", "", dummy },
};

#define N (sizeof(table) / sizeof(table[0]))

static void test_tokenize_words(void **state)
{
	char line[] = "  md   0xffff  \t 16 ";
	char *argv[KDB_MAXARGS];

	assert_int_equal(kdb_tokenize(line, argv, KDB_MAXARGS), 3);
	assert_string_equal(argv[0], "md");
	assert_string_equal(argv[1], "0xffff");
	assert_string_equal(argv[2], "16");
}

static void test_tokenize_empty(void **state)
{
	char empty[] = "", blanks[] = " \t  ";
	char *argv[KDB_MAXARGS];

	assert_int_equal(kdb_tokenize(empty, argv, KDB_MAXARGS), 0);
	assert_int_equal(kdb_tokenize(blanks, argv, KDB_MAXARGS), 0);
}

static void test_tokenize_quotes(void **state)
{
	char line[] = "set \"a b\" x\"y z\"w \"q\\\"e\" \"\"";
	char *argv[KDB_MAXARGS];

	assert_int_equal(kdb_tokenize(line, argv, KDB_MAXARGS), 5);
	assert_string_equal(argv[1], "a b");
	assert_string_equal(argv[2], "xy zw");
	assert_string_equal(argv[3], "q\"e");
	assert_string_equal(argv[4], "");
}

static void test_tokenize_errors(void **state)
{
	char quote[] = "echo \"unterminated";
	char quote_bs[] = "echo \"ends in backslash\\";
	char many[] = "a b c d e";
	char *argv[4];

	assert_int_equal(kdb_tokenize(quote, argv, 4), KDB_ERR_QUOTE);
	assert_int_equal(kdb_tokenize(quote_bs, argv, 4), KDB_ERR_QUOTE);
	assert_int_equal(kdb_tokenize(many, argv, 4), KDB_ERR_TOOMANY);
}

static void test_tokenize_exactly_max(void **state)
{
	char line[] = "a b c d";
	char *argv[4];

	assert_int_equal(kdb_tokenize(line, argv, 4), 4);
	assert_string_equal(argv[3], "d");
}

static void test_lookup(void **state)
{
	int err;

	assert_ptr_equal(kdb_lookup(table, N, "go", &err), &table[2]);
	assert_int_equal(err, KDB_OK);
	/* Unique prefix. */
	assert_ptr_equal(kdb_lookup(table, N, "cp", &err), &table[1]);
	/* Exact match wins over being a prefix of another command. */
	assert_ptr_equal(kdb_lookup(table, N, "md", &err), &table[3]);
	/* Ambiguous and unknown. */
	assert_null(kdb_lookup(table, N, "m", &err));
	assert_int_equal(err, KDB_ERR_AMBIGUOUS);
	assert_null(kdb_lookup(table, N, "bogus", &err));
	assert_int_equal(err, KDB_ERR_NOTFOUND);
	assert_null(kdb_lookup(table, N, "", &err));
	assert_int_equal(err, KDB_ERR_NOTFOUND);
	assert_null(kdb_lookup(table, N, "gox", &err));
	assert_int_equal(err, KDB_ERR_NOTFOUND);
}

static void test_lookup_suffix_and_minlen(void **state)
{
	int err;

	/* A suffix of digits and 'c' selects a KDB_CMD_PREFIX command. */
	assert_ptr_equal(kdb_lookup(table, N, "md8c4", &err), &table[3]);
	assert_ptr_equal(kdb_lookup(table, N, "mm2", &err), &table[5]);
	assert_ptr_equal(kdb_lookup(table, N, "md0", &err), &table[3]);
	/* Not for other suffixes, nor commands without the flag. */
	assert_null(kdb_lookup(table, N, "mdx", &err));
	assert_null(kdb_lookup(table, N, "go2", &err));
	/* minlen: "summ" is summary although "s" prefixes sr too. */
	assert_ptr_equal(kdb_lookup(table, N, "summ", &err), &table[6]);
	assert_null(kdb_lookup(table, N, "s", &err));
	assert_int_equal(err, KDB_ERR_AMBIGUOUS);
}

static void test_split_pipe(void **state)
{
	char a[] = "ps A | grep x | grep -v y";
	char b[] = "search 0 1 \"a|b\" | grep z";
	char c[] = "cpus";
	char *rest;

	rest = kdb_split_pipe(a);
	assert_string_equal(a, "ps A ");
	assert_string_equal(rest, " grep x | grep -v y");
	rest = kdb_split_pipe(rest);
	assert_string_equal(rest, " grep -v y");
	assert_null(kdb_split_pipe(rest));
	/* A '|' inside quotes is text. */
	rest = kdb_split_pipe(b);
	assert_string_equal(b, "search 0 1 \"a|b\" ");
	assert_string_equal(rest, " grep z");
	assert_null(kdb_split_pipe(c));
}

static void test_tokenize_quoted_marks(void **state)
{
	char line[] = "search 0 16 \"text\" plain";
	char *argv[KDB_MAXARGS];
	unsigned int quoted;

	assert_int_equal(kdb_tokenize_quoted(line, argv, KDB_MAXARGS, &quoted),
			 5);
	assert_int_equal(quoted, 1U << 3);
	assert_string_equal(argv[3], "text");
}

static void test_md_name(void **state)
{
	unsigned int w, c;

	assert_int_equal(kdb_parse_md_name("md", "md", &w, &c), 0);
	assert_int_equal(w, 0);
	assert_int_equal(c, 0);
	assert_int_equal(kdb_parse_md_name("md8c4", "md", &w, &c), 0);
	assert_int_equal(w, 8);
	assert_int_equal(c, 4);
	assert_int_equal(kdb_parse_md_name("md1c16", "md", &w, &c), 0);
	assert_int_equal(w, 1);
	assert_int_equal(c, 16);
	assert_int_equal(kdb_parse_md_name("mdc3", "md", &w, &c), 0);
	assert_int_equal(w, 0);
	assert_int_equal(c, 3);
	assert_int_equal(kdb_parse_md_name("mm4", "mm", &w, &c), 0);
	assert_int_equal(w, 4);
	assert_int_equal(kdb_parse_md_name("md3", "md", &w, &c), KDB_ERR_USAGE);
	assert_int_equal(kdb_parse_md_name("md8c", "md", &w, &c), KDB_ERR_USAGE);
	assert_int_equal(kdb_parse_md_name("md8c0", "md", &w, &c), KDB_ERR_USAGE);
	assert_int_equal(kdb_parse_md_name("md8c1234567", "md", &w, &c),
			 KDB_ERR_USAGE);
	assert_int_equal(kdb_parse_md_name("md88", "md", &w, &c), KDB_ERR_USAGE);
	assert_int_equal(kdb_parse_md_name("mx", "md", &w, &c), KDB_ERR_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokenize_words),
		cmocka_unit_test(test_tokenize_empty),
		cmocka_unit_test(test_tokenize_quotes),
		cmocka_unit_test(test_tokenize_errors),
		cmocka_unit_test(test_tokenize_exactly_max),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_lookup_suffix_and_minlen),
		cmocka_unit_test(test_split_pipe),
		cmocka_unit_test(test_tokenize_quoted_marks),
		cmocka_unit_test(test_md_name),
	};

	return cmocka_run_group_tests_name("kdb_parse", tests, NULL, NULL);
}
