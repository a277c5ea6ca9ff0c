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

static void test_md_line_hex(void **state)
{
	static const u8 banner[] = "Linux version 6.12";
	char buf[256];

	kdb_fmt_md_line(buf, sizeof(buf), "", 0xffffffff816626a0ULL, banner,
			16, 8, 16);
	assert_string_equal(buf, "0xffffffff816626a0 65762078756e694c "
			    "2e36206e6f697372  Linux version 6.");
	kdb_fmt_md_line(buf, sizeof(buf), "phys ", 0x1000, banner, 4, 1, 16);
	/* Missing units are padded, so the ASCII column stays in place. */
	assert_string_equal(buf, "phys 0x0000000000001000 4c 69 6e 75 "
			    "                                    "
			    " Linu");
}

static void test_md_line_radix_and_width(void **state)
{
	static const u8 data[16] = { 0xff, 0xff, 1, 0, 0x7f, 0, 0, 0,
				     0, 0, 0, 0x80, 1, 2, 3, 4 };
	char buf[256];

	kdb_fmt_md_line(buf, sizeof(buf), "", 0, data, 16, 4, 10);
	assert_string_equal(buf, "0x0000000000000000     131071 "
			    "       127 2147483648   67305985  "
			    "................");
	kdb_fmt_md_line(buf, sizeof(buf), "", 0, data, 8, 2, 8);
	assert_string_equal(buf, "0x0000000000000000 177777 000001 000177 "
			    "000000                             "
			    " ........");
	/* A short buffer is cut, never overrun. */
	assert_true(kdb_fmt_md_line(buf, 20, "", 0, data, 16, 8, 16) < 20);
	assert_int_equal(strlen(buf), 19);
}

static void test_get_le(void **state)
{
	static const u8 d[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	assert_int_equal(kdb_fmt_get(d, 1), 1);
	assert_int_equal(kdb_fmt_get(d, 2), 0x0201);
	assert_int_equal(kdb_fmt_get(d, 4), 0x04030201);
	assert_true(kdb_fmt_get(d, 8) == 0x0807060504030201ULL);
}

static void test_date(void **state)
{
	char buf[40];

	kdb_fmt_date(buf, sizeof(buf), 0);
	assert_string_equal(buf, "1970-01-01 00:00:00 UTC");
	kdb_fmt_date(buf, sizeof(buf), 951782400);	/* a leap day */
	assert_string_equal(buf, "2000-02-29 00:00:00 UTC");
	kdb_fmt_date(buf, sizeof(buf), 1796073251);
	assert_string_equal(buf, "2026-11-30 21:14:11 UTC");
	kdb_fmt_date(buf, sizeof(buf), 4102444799ULL);
	assert_string_equal(buf, "2099-12-31 23:59:59 UTC");
}

static void test_uptime(void **state)
{
	char buf[40];

	kdb_fmt_uptime(buf, sizeof(buf), 0);
	assert_string_equal(buf, "00:00:00");
	kdb_fmt_uptime(buf, sizeof(buf), 3723ULL * 1000000000);
	assert_string_equal(buf, "01:02:03");
	kdb_fmt_uptime(buf, sizeof(buf), 90061ULL * 1000000000);
	assert_string_equal(buf, "1 day, 01:01:01");
	kdb_fmt_uptime(buf, sizeof(buf), 3 * 86400ULL * 1000000000);
	assert_string_equal(buf, "3 days, 00:00:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_duration_truncates),
		cmocka_unit_test(test_md_line_hex),
		cmocka_unit_test(test_md_line_radix_and_width),
		cmocka_unit_test(test_get_le),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_uptime),
	};

	return cmocka_run_group_tests_name("kdb_fmt", tests, NULL, NULL);
}
