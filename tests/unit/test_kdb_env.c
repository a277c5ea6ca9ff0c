// SPDX-License-Identifier: GPL-2.0
/* Unit tests of kdb environment variables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kdb_env.h"

static int setup(void **state)
{
	kdb_env_reset();
	return 0;
}

struct seen {
	char names[KDB_ENV_SLOTS][KDB_ENV_NAME_MAX];
	char values[KDB_ENV_SLOTS][KDB_ENV_VALUE_MAX];
	unsigned int n;
};

static void collect(void *ctx, const char *name, const char *value)
{
	struct seen *s = ctx;

	assert_true(s->n < KDB_ENV_SLOTS);
	assert_true(strlen(name) < KDB_ENV_NAME_MAX);
	assert_true(strlen(value) < KDB_ENV_VALUE_MAX);
	strcpy(s->names[s->n], name);
	strcpy(s->values[s->n], value);
	s->n++;
}

static unsigned int count(void)
{
	static struct seen s;

	memset(&s, 0, sizeof(s));
	kdb_env_foreach(collect, &s);
	return s.n;
}

static void test_defaults(void **state)
{
	static const char *const want[][2] = {
		{ "PROMPT", "[%d]kdb> " }, { "MOREPROMPT", "more> " },
		{ "RADIX", "16" }, { "MDCOUNT", "8" },
		{ "BYTESPERWORD", "8" }, { "LINES", "24" },
		{ "COLUMNS", "80" }, { "DTABCOUNT", "30" },
		{ "NOSECT", "1" }, { "BTAPROMPT", "0" },
		{ "BTDEPTH", "32" },
	};
	static struct seen s;
	unsigned int i;

	memset(&s, 0, sizeof(s));
	kdb_env_foreach(collect, &s);
	assert_int_equal(s.n, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		assert_string_equal(s.names[i], want[i][0]);
		assert_string_equal(s.values[i], want[i][1]);
		assert_string_equal(kdb_env_get(want[i][0]), want[i][1]);
		assert_null(kdb_env_check(want[i][0], want[i][1]));
	}
	assert_int_equal(kdb_env_get_num("LINES", -1), 24);
	assert_int_equal(kdb_env_get_num("RADIX", -1), 16);
	assert_int_equal(kdb_env_get_num("PROMPT", -1), -1);
	assert_int_equal(kdb_env_get_num("NOPE", 7), 7);
	assert_null(kdb_env_get("NOPE"));
	assert_null(kdb_env_get(NULL));
}

static void test_reset_forgets(void **state)
{
	assert_int_equal(kdb_env_set("FOO", "bar"), KDB_ENV_OK);
	assert_int_equal(kdb_env_set("LINES", "50"), KDB_ENV_OK);
	assert_int_equal(kdb_env_set("RADIX", ""), KDB_ENV_OK);
	kdb_env_reset();
	assert_null(kdb_env_get("FOO"));
	assert_string_equal(kdb_env_get("LINES"), "24");
	assert_string_equal(kdb_env_get("RADIX"), "16");
	assert_int_equal(count(), 11);
}

static void test_set_get_replace(void **state)
{
	assert_int_equal(kdb_env_set("FOO", "bar"), KDB_ENV_OK);
	assert_string_equal(kdb_env_get("FOO"), "bar");
	assert_int_equal(count(), 12);
	assert_int_equal(kdb_env_set("FOO", "a longer value"), KDB_ENV_OK);
	assert_string_equal(kdb_env_get("FOO"), "a longer value");
	assert_int_equal(count(), 12);
	assert_null(kdb_env_get("foo"));	/* names are case sensitive */
	assert_int_equal(kdb_env_set("LINES", "100"), KDB_ENV_OK);
	assert_int_equal(kdb_env_get_num("LINES", 0), 100);
}

static void test_unset(void **state)
{
	assert_int_equal(kdb_env_set("FOO", "bar"), KDB_ENV_OK);
	assert_int_equal(kdb_env_set("FOO", ""), KDB_ENV_OK);
	assert_null(kdb_env_get("FOO"));
	assert_int_equal(count(), 11);
	assert_int_equal(kdb_env_set("FOO", NULL), KDB_ENV_OK);
	assert_int_equal(kdb_env_set("NEVERSET", ""), KDB_ENV_OK);
	/* A known variable can be unset (its users fall back to defaults). */
	assert_int_equal(kdb_env_set("LINES", ""), KDB_ENV_OK);
	assert_null(kdb_env_get("LINES"));
	assert_int_equal(kdb_env_get_num("LINES", 24), 24);
	assert_int_equal(count(), 10);
}

static void test_names(void **state)
{
	char name[KDB_ENV_NAME_MAX + 1];

	assert_int_equal(kdb_env_set("a_Z09", "x"), KDB_ENV_OK);
	assert_int_equal(kdb_env_set("_", "x"), KDB_ENV_OK);
	assert_int_equal(kdb_env_set("", "x"), KDB_ENV_BADNAME);
	assert_int_equal(kdb_env_set(NULL, "x"), KDB_ENV_BADNAME);
	assert_int_equal(kdb_env_set("A-B", "x"), KDB_ENV_BADNAME);
	assert_int_equal(kdb_env_set("A B", "x"), KDB_ENV_BADNAME);
	assert_int_equal(kdb_env_set("A=B", "x"), KDB_ENV_BADNAME);
	assert_int_equal(kdb_env_set("\xc9T\xc9", "x"), KDB_ENV_BADNAME);
	assert_int_equal(kdb_env_set("A", "x"), KDB_ENV_OK);
	memset(name, 'N', sizeof(name));
	name[KDB_ENV_NAME_MAX - 1] = '\0';
	assert_int_equal(kdb_env_set(name, "x"), KDB_ENV_OK);
	assert_string_equal(kdb_env_get(name), "x");
	name[KDB_ENV_NAME_MAX - 1] = 'N';
	name[KDB_ENV_NAME_MAX] = '\0';
	assert_int_equal(kdb_env_set(name, "x"), KDB_ENV_BADNAME);
	/* An unset with a bad name is still an error. */
	assert_int_equal(kdb_env_set("A-B", ""), KDB_ENV_BADNAME);
}

static void test_value_length(void **state)
{
	char v[KDB_ENV_VALUE_MAX + 1];

	memset(v, 'v', sizeof(v));
	v[KDB_ENV_VALUE_MAX - 1] = '\0';
	assert_int_equal(kdb_env_set("LONG", v), KDB_ENV_OK);
	assert_string_equal(kdb_env_get("LONG"), v);
	v[KDB_ENV_VALUE_MAX - 1] = 'v';
	v[KDB_ENV_VALUE_MAX] = '\0';
	assert_int_equal(kdb_env_set("LONG", v), KDB_ENV_TOOLONG);
	assert_int_equal(strlen(kdb_env_get("LONG")), KDB_ENV_VALUE_MAX - 1);
	assert_int_equal(kdb_env_set("OTHER", v), KDB_ENV_TOOLONG);
	assert_null(kdb_env_get("OTHER"));
}

static void ok(const char *name, const char *value)
{
	assert_null(kdb_env_check(name, value));
	assert_int_equal(kdb_env_set(name, value), KDB_ENV_OK);
	assert_string_equal(kdb_env_get(name), value);
}

static void bad(const char *name, const char *value, const char *msg)
{
	const char *old = kdb_env_get(name);
	char keep[KDB_ENV_VALUE_MAX] = "";

	if (old)
		strcpy(keep, old);
	assert_non_null(kdb_env_check(name, value));
	assert_string_equal(kdb_env_check(name, value), msg);
	assert_int_equal(kdb_env_set(name, value), KDB_ENV_BADVALUE);
	if (old)
		assert_string_equal(kdb_env_get(name), keep);
}

static void test_validation(void **state)
{
	static const char radix[] = "RADIX must be 8, 10 or 16";
	static const char md[] = "MDCOUNT must be 1..1024";
	static const char bpw[] = "BYTESPERWORD must be 1, 2, 4 or 8";
	static const char lines[] = "LINES must be 0 (no pager) or 2..10000";
	static const char cols[] =
		"COLUMNS must be 0 (no wrapping) or 20..1000";
	static const char dtab[] = "DTABCOUNT must be 1..1000";
	static const char bt[] = "BTDEPTH must be 1..64";

	ok("RADIX", "8");
	ok("RADIX", "10");
	ok("RADIX", "16");
	bad("RADIX", "2", radix);
	bad("RADIX", "0x10", radix);
	bad("RADIX", "sixteen", radix);
	bad("RADIX", "16 ", radix);
	bad("RADIX", "-16", radix);

	ok("MDCOUNT", "1");
	ok("MDCOUNT", "1024");
	bad("MDCOUNT", "0", md);
	bad("MDCOUNT", "1025", md);
	bad("MDCOUNT", "99999999999999999999999999", md);

	ok("BYTESPERWORD", "1");
	ok("BYTESPERWORD", "2");
	ok("BYTESPERWORD", "4");
	ok("BYTESPERWORD", "8");
	bad("BYTESPERWORD", "3", bpw);
	bad("BYTESPERWORD", "16", bpw);

	ok("LINES", "0");
	ok("LINES", "2");
	ok("LINES", "10000");
	bad("LINES", "1", lines);
	bad("LINES", "10001", lines);
	bad("LINES", "-1", lines);

	ok("COLUMNS", "0");
	ok("COLUMNS", "20");
	ok("COLUMNS", "1000");
	bad("COLUMNS", "19", cols);
	bad("COLUMNS", "1001", cols);

	ok("DTABCOUNT", "1");
	ok("DTABCOUNT", "1000");
	bad("DTABCOUNT", "0", dtab);
	bad("DTABCOUNT", "1001", dtab);

	ok("NOSECT", "0");
	ok("NOSECT", "1");
	bad("NOSECT", "2", "NOSECT must be 0 or 1");
	ok("BTAPROMPT", "0");
	ok("BTAPROMPT", "1");
	bad("BTAPROMPT", "yes", "BTAPROMPT must be 0 or 1");

	ok("BTDEPTH", "1");
	ok("BTDEPTH", "64");
	bad("BTDEPTH", "0", bt);
	bad("BTDEPTH", "65", bt);

	/* Leading zeros are still decimal. */
	ok("LINES", "0024");
	assert_int_equal(kdb_env_get_num("LINES", 0), 24);

	/* Unknown names take anything. */
	assert_null(kdb_env_check("MYVAR", "%s%n%%"));
	ok("MYVAR", "%s%n%%");
	assert_null(kdb_env_check("radix", "2"));
}

static void test_prompt_format(void **state)
{
	static const char msg[] = "PROMPT may hold one %d and no other %";

	ok("PROMPT", "kdb> ");
	ok("PROMPT", "[%d]kdb> ");
	ok("PROMPT", "%d");
	ok("PROMPT", "kdb%d");
	bad("PROMPT", "%d%d> ", msg);
	bad("PROMPT", "%s> ", msg);
	bad("PROMPT", "100%", msg);
	bad("PROMPT", "%%", msg);
	bad("PROMPT", "%ld", msg);
	bad("PROMPT", "%d %n", msg);
}

static void test_get_num(void **state)
{
	assert_int_equal(kdb_env_set("N", "123"), KDB_ENV_OK);
	assert_int_equal(kdb_env_get_num("N", -1), 123);
	assert_int_equal(kdb_env_set("N", "-45"), KDB_ENV_OK);
	assert_int_equal(kdb_env_get_num("N", 0), -45);
	assert_int_equal(kdb_env_set("N", "0"), KDB_ENV_OK);
	assert_int_equal(kdb_env_get_num("N", 9), 0);
	assert_int_equal(kdb_env_set("N", "12a"), KDB_ENV_OK);
	assert_int_equal(kdb_env_get_num("N", 9), 9);
	assert_int_equal(kdb_env_set("N", "-"), KDB_ENV_OK);
	assert_int_equal(kdb_env_get_num("N", 9), 9);
	assert_int_equal(kdb_env_set("N", " 1"), KDB_ENV_OK);
	assert_int_equal(kdb_env_get_num("N", 9), 9);
	assert_int_equal(kdb_env_set("N", "0x10"), KDB_ENV_OK);
	assert_int_equal(kdb_env_get_num("N", 9), 9);
	if (sizeof(long) == 8) {
		assert_int_equal(kdb_env_set("N", "9223372036854775807"), 0);
		assert_true(kdb_env_get_num("N", 9) == 9223372036854775807L);
		assert_int_equal(kdb_env_set("N", "-9223372036854775808"), 0);
		assert_true(kdb_env_get_num("N", 9) == -9223372036854775807L - 1);
		assert_int_equal(kdb_env_set("N", "9223372036854775808"), 0);
		assert_int_equal(kdb_env_get_num("N", 9), 9);
		assert_int_equal(kdb_env_set("N", "-9223372036854775809"), 0);
		assert_int_equal(kdb_env_get_num("N", 9), 9);
	}
	assert_int_equal(kdb_env_set("N", "99999999999999999999999"), 0);
	assert_int_equal(kdb_env_get_num("N", 9), 9);
}

static void test_no_leak_on_replace(void **state)
{
	char v[KDB_ENV_VALUE_MAX], name[8];
	unsigned int i, len, free_slots;

	/* Fill all but the slots of the variables replaced below. */
	for (i = 0; count() < KDB_ENV_SLOTS - 2; i++) {
		snprintf(name, sizeof(name), "F%u", i);
		assert_int_equal(kdb_env_set(name, "filler"), KDB_ENV_OK);
	}
	free_slots = KDB_ENV_SLOTS - count();
	assert_int_equal(free_slots, 2);
	for (i = 0; i < 10000; i++) {
		len = 1 + (i * 37) % (KDB_ENV_VALUE_MAX - 1);
		memset(v, 'a' + i % 26, len);
		v[len] = '\0';
		assert_int_equal(kdb_env_set("REPL", v), KDB_ENV_OK);
		assert_string_equal(kdb_env_get("REPL"), v);
		snprintf(v, sizeof(v), "%u", 2 + i % 9999);
		assert_int_equal(kdb_env_set("LINES", v), KDB_ENV_OK);
		if (i % 3 == 0)
			assert_int_equal(kdb_env_set("TMP", "x"), KDB_ENV_OK);
		else
			assert_int_equal(kdb_env_set("TMP", ""), KDB_ENV_OK);
	}
	assert_int_equal(kdb_env_set("TMP", ""), KDB_ENV_OK);
	assert_int_equal(count(), KDB_ENV_SLOTS - 1);
	/* The last slot is still there. */
	assert_int_equal(kdb_env_set("LAST", "1"), KDB_ENV_OK);
	assert_int_equal(count(), KDB_ENV_SLOTS);
}

static void test_full(void **state)
{
	char name[8];
	unsigned int i;

	for (i = 0; count() < KDB_ENV_SLOTS; i++) {
		snprintf(name, sizeof(name), "V%u", i);
		assert_int_equal(kdb_env_set(name, "1"), KDB_ENV_OK);
	}
	assert_int_equal(kdb_env_set("ONEMORE", "1"), KDB_ENV_FULL);
	assert_null(kdb_env_get("ONEMORE"));
	/* Replacing and unsetting still work when full. */
	assert_int_equal(kdb_env_set("V0", "replaced"), KDB_ENV_OK);
	assert_string_equal(kdb_env_get("V0"), "replaced");
	assert_int_equal(kdb_env_set("ONEMORE", ""), KDB_ENV_OK);
	assert_int_equal(kdb_env_set("V3", ""), KDB_ENV_OK);
	assert_int_equal(kdb_env_set("ONEMORE", "1"), KDB_ENV_OK);
	assert_int_equal(kdb_env_set("TWOMORE", "1"), KDB_ENV_FULL);
	/* A bad value is reported as such, full or not. */
	assert_int_equal(kdb_env_set("LINES", "1"), KDB_ENV_BADVALUE);
	assert_int_equal(kdb_env_set("V1", "x"), KDB_ENV_OK);
}

static void test_slot_order(void **state)
{
	static struct seen s;

	/* A freed slot is reused: the new variable shows up in its place. */
	assert_int_equal(kdb_env_set("RADIX", ""), KDB_ENV_OK);
	assert_int_equal(kdb_env_set("NEW", "n"), KDB_ENV_OK);
	memset(&s, 0, sizeof(s));
	kdb_env_foreach(collect, &s);
	assert_int_equal(s.n, 11);
	assert_string_equal(s.names[2], "NEW");
	assert_string_equal(s.names[3], "MDCOUNT");
}

static void test_strerror(void **state)
{
	assert_string_equal(kdb_env_strerror(KDB_ENV_OK), "ok");
	assert_string_equal(kdb_env_strerror(KDB_ENV_BADNAME),
			    "bad variable name (1-15 of A-Z a-z 0-9 _)");
	assert_string_equal(kdb_env_strerror(KDB_ENV_TOOLONG),
			    "value too long (79 characters at most)");
	assert_string_equal(kdb_env_strerror(KDB_ENV_FULL),
			    "environment full");
	assert_string_equal(kdb_env_strerror(KDB_ENV_BADVALUE), "bad value");
	assert_string_equal(kdb_env_strerror(-99), "unknown error");
	assert_string_equal(kdb_env_strerror(1), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(test_defaults),
		T(test_reset_forgets),
		T(test_set_get_replace),
		T(test_unset),
		T(test_names),
		T(test_value_length),
		T(test_validation),
		T(test_prompt_format),
		T(test_get_num),
		T(test_no_leak_on_replace),
		T(test_full),
		T(test_slot_order),
		T(test_strerror),
#undef T
	};

	return cmocka_run_group_tests_name("kdb_env", tests, NULL, NULL);
}
