// SPDX-License-Identifier: GPL-2.0
/* Unit tests of kdb macros (defcmd). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kdb_macro.h"

static int setup(void **state)
{
	kdb_macro_reset();
	return 0;
}

static unsigned int count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < KDB_MACROS; i++)
		if (kdb_macro_at(i))
			n++;
	return n;
}

/* Define @name with @n lines "cmd<k>". */
static int define(const char *name, unsigned int n)
{
	char line[32];
	unsigned int k;
	int err;

	err = kdb_macro_begin(name, NULL, NULL, false);
	if (err)
		return err;
	for (k = 0; k < n; k++) {
		snprintf(line, sizeof(line), "cmd%u", k);
		assert_int_equal(kdb_macro_add_line(line), KDB_MACRO_OK);
	}
	return kdb_macro_end();
}

static void test_define_and_find(void **state)
{
	const struct kdb_macro *m;

	assert_null(kdb_macro_find("show"));
	assert_false(kdb_macro_defining());
	assert_int_equal(kdb_macro_begin("show", "[addr]", "show things",
					 true), KDB_MACRO_OK);
	assert_true(kdb_macro_defining());
	assert_int_equal(kdb_macro_add_line("md %1"), KDB_MACRO_OK);
	assert_int_equal(kdb_macro_add_line("rd"), KDB_MACRO_OK);
	assert_int_equal(kdb_macro_add_line(""), KDB_MACRO_OK);
	/* Not visible before the end. */
	assert_null(kdb_macro_find("show"));
	assert_int_equal(kdb_macro_end(), KDB_MACRO_OK);
	assert_false(kdb_macro_defining());

	m = kdb_macro_find("show");
	assert_non_null(m);
	assert_string_equal(m->name, "show");
	assert_string_equal(m->usage, "[addr]");
	assert_string_equal(m->help, "show things");
	assert_true(m->builtin);
	assert_int_equal(m->nlines, 3);
	assert_string_equal(m->lines[0], "md %1");
	assert_string_equal(m->lines[1], "rd");
	assert_string_equal(m->lines[2], "");
	assert_ptr_equal(kdb_macro_at(0), m);
	assert_int_equal(count(), 1);

	assert_null(kdb_macro_find("Show"));
	assert_null(kdb_macro_find("sho"));
	assert_null(kdb_macro_find(""));
	assert_null(kdb_macro_find(NULL));
}

static void test_null_usage_help(void **state)
{
	const struct kdb_macro *m;

	assert_int_equal(define("m", 1), KDB_MACRO_OK);
	m = kdb_macro_find("m");
	assert_non_null(m);
	assert_string_equal(m->usage, "");
	assert_string_equal(m->help, "");
	assert_false(m->builtin);
}

static void test_names(void **state)
{
	char name[KDB_MACRO_NAME_MAX + 1];

	assert_int_equal(define("a-b_C9", 1), KDB_MACRO_OK);
	assert_int_equal(define("9", 1), KDB_MACRO_OK);
	assert_int_equal(define("_x", 1), KDB_MACRO_OK);
	assert_int_equal(define("-x", 1), KDB_MACRO_BADNAME);
	assert_int_equal(define("", 1), KDB_MACRO_BADNAME);
	assert_int_equal(define(NULL, 1), KDB_MACRO_BADNAME);
	assert_int_equal(define("a b", 1), KDB_MACRO_BADNAME);
	assert_int_equal(define("a.b", 1), KDB_MACRO_BADNAME);
	assert_int_equal(define("\xe9t\xe9", 1), KDB_MACRO_BADNAME);
	assert_false(kdb_macro_defining());

	memset(name, 'n', sizeof(name));
	name[KDB_MACRO_NAME_MAX - 1] = '\0';
	assert_int_equal(define(name, 1), KDB_MACRO_OK);
	assert_non_null(kdb_macro_find(name));
	name[KDB_MACRO_NAME_MAX - 1] = 'n';
	name[KDB_MACRO_NAME_MAX] = '\0';
	assert_int_equal(define(name, 1), KDB_MACRO_BADNAME);
	assert_int_equal(count(), 4);
}

static void test_usage_help_too_long(void **state)
{
	char usage[KDB_MACRO_USAGE_MAX + 1], help[KDB_MACRO_HELP_MAX + 1];
	const struct kdb_macro *m;

	memset(usage, 'u', sizeof(usage));
	memset(help, 'h', sizeof(help));
	usage[KDB_MACRO_USAGE_MAX - 1] = '\0';
	help[KDB_MACRO_HELP_MAX - 1] = '\0';
	assert_int_equal(kdb_macro_begin("m", usage, help, false), 0);
	assert_int_equal(kdb_macro_add_line("x"), 0);
	assert_int_equal(kdb_macro_end(), 0);
	m = kdb_macro_find("m");
	assert_int_equal(strlen(m->usage), KDB_MACRO_USAGE_MAX - 1);
	assert_int_equal(strlen(m->help), KDB_MACRO_HELP_MAX - 1);

	usage[KDB_MACRO_USAGE_MAX - 1] = 'u';
	usage[KDB_MACRO_USAGE_MAX] = '\0';
	assert_int_equal(kdb_macro_begin("n", usage, NULL, false),
			 KDB_MACRO_TOOLONG);
	assert_false(kdb_macro_defining());
	help[KDB_MACRO_HELP_MAX - 1] = 'h';
	help[KDB_MACRO_HELP_MAX] = '\0';
	assert_int_equal(kdb_macro_begin("n", NULL, help, false),
			 KDB_MACRO_TOOLONG);
	assert_false(kdb_macro_defining());
}

static void test_line_too_long(void **state)
{
	char line[KDB_MACRO_LINE_MAX + 1];
	const struct kdb_macro *m;

	memset(line, 'l', sizeof(line));
	line[KDB_MACRO_LINE_MAX - 1] = '\0';
	assert_int_equal(kdb_macro_begin("m", NULL, NULL, false), 0);
	assert_int_equal(kdb_macro_add_line(line), KDB_MACRO_OK);
	line[KDB_MACRO_LINE_MAX - 1] = 'l';
	line[KDB_MACRO_LINE_MAX] = '\0';
	assert_int_equal(kdb_macro_add_line(line), KDB_MACRO_TOOLONG);
	/* Still defining, without the bad line. */
	assert_true(kdb_macro_defining());
	assert_int_equal(kdb_macro_end(), KDB_MACRO_OK);
	m = kdb_macro_find("m");
	assert_int_equal(m->nlines, 1);
	assert_int_equal(strlen(m->lines[0]), KDB_MACRO_LINE_MAX - 1);
}

static void test_too_many_lines(void **state)
{
	const struct kdb_macro *m;
	unsigned int k;

	assert_int_equal(kdb_macro_begin("m", NULL, NULL, false), 0);
	for (k = 0; k < KDB_MACRO_LINES; k++)
		assert_int_equal(kdb_macro_add_line("x"), KDB_MACRO_OK);
	assert_int_equal(kdb_macro_add_line("x"), KDB_MACRO_TOOMANY);
	assert_int_equal(kdb_macro_add_line("x"), KDB_MACRO_TOOMANY);
	assert_int_equal(kdb_macro_end(), KDB_MACRO_OK);
	m = kdb_macro_find("m");
	assert_int_equal(m->nlines, KDB_MACRO_LINES);
}

static void test_not_defining(void **state)
{
	assert_int_equal(kdb_macro_add_line("x"), KDB_MACRO_NOTDEFINING);
	assert_int_equal(kdb_macro_end(), KDB_MACRO_NOTDEFINING);
	assert_int_equal(define("m", 1), 0);
	assert_int_equal(kdb_macro_end(), KDB_MACRO_NOTDEFINING);
	assert_int_equal(kdb_macro_add_line("x"), KDB_MACRO_NOTDEFINING);
	assert_int_equal(kdb_macro_find("m")->nlines, 1);
}

static void test_nested(void **state)
{
	assert_int_equal(kdb_macro_begin("outer", NULL, NULL, false), 0);
	assert_int_equal(kdb_macro_add_line("a"), 0);
	assert_int_equal(kdb_macro_begin("inner", NULL, NULL, false),
			 KDB_MACRO_NESTED);
	/* Even a bad name reports the nesting first. */
	assert_int_equal(kdb_macro_begin("-", NULL, NULL, false),
			 KDB_MACRO_NESTED);
	assert_true(kdb_macro_defining());
	assert_int_equal(kdb_macro_add_line("b"), 0);
	assert_int_equal(kdb_macro_end(), 0);
	assert_null(kdb_macro_find("inner"));
	assert_int_equal(kdb_macro_find("outer")->nlines, 2);
	assert_string_equal(kdb_macro_find("outer")->lines[1], "b");
}

static void test_abort(void **state)
{
	assert_int_equal(define("keep", 2), 0);
	assert_int_equal(kdb_macro_begin("keep", "u", "h", false), 0);
	assert_int_equal(kdb_macro_add_line("new"), 0);
	kdb_macro_abort();
	assert_false(kdb_macro_defining());
	/* The old definition is untouched. */
	assert_int_equal(kdb_macro_find("keep")->nlines, 2);
	assert_string_equal(kdb_macro_find("keep")->lines[0], "cmd0");
	assert_int_equal(kdb_macro_end(), KDB_MACRO_NOTDEFINING);
	kdb_macro_abort();	/* nothing open: harmless */
	/* A new definition starts clean. */
	assert_int_equal(kdb_macro_begin("other", NULL, NULL, false), 0);
	assert_int_equal(kdb_macro_add_line("z"), 0);
	assert_int_equal(kdb_macro_end(), 0);
	assert_int_equal(kdb_macro_find("other")->nlines, 1);
	assert_int_equal(count(), 2);
}

static void test_replace(void **state)
{
	const struct kdb_macro *m, *m2;

	assert_int_equal(define("a", 1), 0);
	assert_int_equal(define("m", 3), 0);
	m = kdb_macro_find("m");
	assert_int_equal(kdb_macro_begin("m", "new usage", "new help", true),
			 0);
	assert_int_equal(kdb_macro_add_line("only"), 0);
	/* The old one stays while the new one is typed. */
	assert_int_equal(kdb_macro_find("m")->nlines, 3);
	assert_int_equal(kdb_macro_end(), 0);
	m2 = kdb_macro_find("m");
	assert_ptr_equal(m, m2);	/* same slot */
	assert_int_equal(m2->nlines, 1);
	assert_string_equal(m2->lines[0], "only");
	assert_string_equal(m2->usage, "new usage");
	assert_true(m2->builtin);
	assert_int_equal(count(), 2);
}

static void test_empty_definition_deletes(void **state)
{
	assert_int_equal(define("m", 2), 0);
	assert_int_equal(define("m", 0), KDB_MACRO_OK);
	assert_null(kdb_macro_find("m"));
	assert_int_equal(count(), 0);
	/* With no such macro: nothing happens, still OK. */
	assert_int_equal(define("none", 0), KDB_MACRO_OK);
	assert_null(kdb_macro_find("none"));
	assert_int_equal(count(), 0);
}

static void test_delete(void **state)
{
	assert_int_equal(define("a", 1), 0);
	assert_int_equal(define("b", 1), 0);
	assert_int_equal(define("c", 1), 0);
	assert_int_equal(kdb_macro_delete("b"), KDB_MACRO_OK);
	assert_null(kdb_macro_find("b"));
	assert_int_equal(kdb_macro_delete("b"), KDB_MACRO_NOTFOUND);
	assert_int_equal(kdb_macro_delete(""), KDB_MACRO_NOTFOUND);
	assert_int_equal(kdb_macro_delete(NULL), KDB_MACRO_NOTFOUND);
	assert_non_null(kdb_macro_at(0));
	assert_null(kdb_macro_at(1));	/* a hole: callers loop all slots */
	assert_non_null(kdb_macro_at(2));
	assert_string_equal(kdb_macro_at(2)->name, "c");
	/* The freed slot is reused. */
	assert_int_equal(define("d", 1), 0);
	assert_string_equal(kdb_macro_at(1)->name, "d");
}

static void test_at_bounds(void **state)
{
	assert_null(kdb_macro_at(0));
	assert_null(kdb_macro_at(KDB_MACROS));
	assert_null(kdb_macro_at(~0u));
	assert_int_equal(define("m", 1), 0);
	assert_null(kdb_macro_at(KDB_MACROS));
}

static void test_full(void **state)
{
	char name[16];
	unsigned int i;

	for (i = 0; i < KDB_MACROS; i++) {
		snprintf(name, sizeof(name), "m%u", i);
		assert_int_equal(define(name, 1), KDB_MACRO_OK);
	}
	assert_int_equal(count(), KDB_MACROS);
	assert_int_equal(define("extra", 1), KDB_MACRO_FULL);
	assert_false(kdb_macro_defining());	/* dropped */
	assert_null(kdb_macro_find("extra"));
	/* Replacing works when full, and so does deleting. */
	assert_int_equal(define("m5", 4), KDB_MACRO_OK);
	assert_int_equal(kdb_macro_find("m5")->nlines, 4);
	assert_int_equal(define("extra", 0), KDB_MACRO_OK);
	assert_int_equal(define("m7", 0), KDB_MACRO_OK);
	assert_int_equal(count(), KDB_MACROS - 1);
	assert_int_equal(define("extra", 1), KDB_MACRO_OK);
	assert_string_equal(kdb_macro_at(7)->name, "extra");
}

static void test_reset(void **state)
{
	assert_int_equal(define("a", 1), 0);
	assert_int_equal(kdb_macro_begin("b", NULL, NULL, false), 0);
	kdb_macro_reset();
	assert_false(kdb_macro_defining());
	assert_int_equal(count(), 0);
	assert_null(kdb_macro_find("a"));
	assert_int_equal(kdb_macro_end(), KDB_MACRO_NOTDEFINING);
}

static void test_strerror(void **state)
{
	static const int errs[] = {
		KDB_MACRO_OK, KDB_MACRO_BADNAME, KDB_MACRO_TOOLONG,
		KDB_MACRO_FULL, KDB_MACRO_TOOMANY, KDB_MACRO_NOTDEFINING,
		KDB_MACRO_NESTED, KDB_MACRO_NOTFOUND,
	};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(errs); i++) {
		assert_string_not_equal(kdb_macro_strerror(errs[i]),
					"unknown error");
		for (j = 0; j < i; j++)
			assert_string_not_equal(kdb_macro_strerror(errs[i]),
						kdb_macro_strerror(errs[j]));
	}
	assert_string_equal(kdb_macro_strerror(KDB_MACRO_FULL),
			    "no room for another macro");
	assert_string_equal(kdb_macro_strerror(-100), "unknown error");
	assert_string_equal(kdb_macro_strerror(3), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(test_define_and_find),
		T(test_null_usage_help),
		T(test_names),
		T(test_usage_help_too_long),
		T(test_line_too_long),
		T(test_too_many_lines),
		T(test_not_defining),
		T(test_nested),
		T(test_abort),
		T(test_replace),
		T(test_empty_definition_deletes),
		T(test_delete),
		T(test_at_bounds),
		T(test_full),
		T(test_reset),
		T(test_strerror),
#undef T
	};

	return cmocka_run_group_tests_name("kdb_macro", tests, NULL, NULL);
}
