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
	{ "md", "", "", dummy },
	{ "mds", "", "", dummy },
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

static void test_strerror(void **state)
{
	assert_string_equal(kdb_strerror(KDB_ERR_NOTFOUND), "unknown command");
	assert_string_equal(kdb_strerror(KDB_ERR_QUOTE), "unterminated quote");
	assert_string_equal(kdb_strerror(KDB_ERR_FAULT), "faulted, abandoned");
	assert_string_equal(kdb_strerror(-99), "unknown error");
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
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("kdb_parse", tests, NULL, NULL);
}
