// SPDX-License-Identifier: GPL-2.0
/* Unit tests of kdb formatting helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kdb_fmt.h"

static void check(u64 ns, const char *want)
{
	char buf[32];

	kdb_fmt_duration(buf, sizeof(buf), ns);
	assert_string_equal(buf, want);
}

static void test_duration(void **state)
{
	check(0, "0ns");
	check(999, "999ns");
	check(1000, "1.00us");
	check(1234, "1.23us");
	check(12345, "12.3us");
	check(123456, "123us");
	check(999400, "999us");
	check(999600, "1.00ms");	/* rounds up into the next unit */
	check(9996, "10.0us");
	check(99960, "100us");
	check(1250000, "1.25ms");
	check(100000000, "100ms");
	check(3000000000ULL, "3.00s");
	check(4000000000000ULL, "4000s");
	check(UINT64_MAX, "18446744073s");
}

static void test_duration_truncates(void **state)
{
	char buf[4];

	assert_int_equal(kdb_fmt_duration(buf, sizeof(buf), 1234), 6);
	assert_string_equal(buf, "1.2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_duration_truncates),
	};

	return cmocka_run_group_tests_name("kdb_fmt", tests, NULL, NULL);
}
