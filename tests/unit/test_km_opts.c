// SPDX-License-Identifier: GPL-2.0
/* Unit tests of kdbmon's command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "km_opts.h"

static struct km_opts o;
static char err[256];

#define PARSE(...) ({						\
	char *argv[] = { "kdbmon", __VA_ARGS__, NULL };		\
	km_opts_parse(&o, sizeof(argv) / sizeof(argv[0]) - 1, argv, \
		      err, sizeof(err));			\
})

static void test_lines(void **state)
{
	assert_int_equal(PARSE("/dev/ttyUSB0,115200"), 0);
	assert_int_equal(o.kind, KM_LINE_TTY);
	assert_string_equal(o.path, "/dev/ttyUSB0");
	assert_int_equal(o.baud, 115200);
	assert_int_equal(PARSE("/dev/ttyS1"), 0);
	assert_int_equal(o.baud, 115200);
	assert_int_equal(PARSE("/dev/ttyS1,9600"), 0);
	assert_int_equal(o.baud, 9600);
	assert_int_equal(PARSE("unix:build/ttyS0.sock"), 0);
	assert_int_equal(o.kind, KM_LINE_UNIX);
	assert_string_equal(o.path, "build/ttyS0.sock");
	assert_int_equal(PARSE("tcp:localhost:4555"), 0);
	assert_int_equal(o.kind, KM_LINE_TCP);
	assert_string_equal(o.host, "localhost");
	assert_string_equal(o.port, "4555");
	/* IPv6: the last colon is the port's. */
	assert_int_equal(PARSE("tcp:::1:4555"), 0);
	assert_string_equal(o.host, "::1");
	assert_string_equal(o.target, "tcp:::1:4555");
}

static void test_defaults_and_options(void **state)
{
	assert_int_equal(PARSE("unix:s"), 0);
	assert_int_equal(o.gdb_port, 1234);
	assert_int_equal(o.escape, 0x1d);
	assert_int_equal(o.break_wait, 10);
	assert_false(o.telnet);
	assert_null(o.log);
	assert_null(o.dump_dir);
	assert_int_equal(o.dump_damage, 0);
	assert_int_equal(PARSE("-t", "-p", "0", "--log=x.log", "-s", "map",
			       "--history", "h", "-e", "^A", "-w5",
			       "--gdb-console", "--follow-pid=42", "unix:s"), 0);
	assert_true(o.telnet);
	assert_int_equal(o.gdb_port, 0);
	assert_string_equal(o.log, "x.log");
	assert_string_equal(o.symbols, "map");
	assert_string_equal(o.history, "h");
	assert_int_equal(o.escape, 1);
	assert_int_equal(o.break_wait, 5);
	assert_true(o.gdb_console);
	assert_int_equal(o.follow_pid, 42);
	assert_int_equal(PARSE("--dump-dir", "/var/crash", "--dump-damage=5",
			       "unix:s"), 0);
	assert_string_equal(o.dump_dir, "/var/crash");
	assert_int_equal(o.dump_damage, 5);
	assert_int_equal(PARSE("--dump-dir=d", "--dump-damage", "0",
			       "unix:s"), 0);
	assert_string_equal(o.dump_dir, "d");
	assert_int_equal(o.dump_damage, 0);
	assert_int_equal(PARSE("--flow", "rtscts", "/dev/ttyS0"), 0);
	assert_int_equal(o.flow, KM_FLOW_RTSCTS);
	assert_int_equal(PARSE("--help"), 0);
	assert_true(o.help);
	assert_int_equal(PARSE("-V"), 0);
	assert_true(o.version);
}

static void test_errors_say_why(void **state)
{
	assert_int_equal(PARSE("-p"), -1);
	assert_non_null(strstr(err, "needs a value"));
	assert_int_equal(PARSE("--bogus", "unix:s"), -1);
	assert_non_null(strstr(err, "unknown option '--bogus'"));
	assert_int_equal(PARSE("-x", "unix:s"), -1);
	assert_non_null(strstr(err, "unknown option"));
	assert_int_equal(PARSE("-p", "70000", "unix:s"), -1);
	assert_non_null(strstr(err, "bad value"));
	assert_int_equal(PARSE("-e", "x", "unix:s"), -1);
	/* Keys the editor and console need as themselves. */
	assert_int_equal(PARSE("-e", "^M", "unix:s"), -1);
	assert_int_equal(PARSE("-e", "^I", "unix:s"), -1);
	assert_int_equal(PARSE("-e", "^[", "unix:s"), -1);
	assert_int_equal(PARSE("-e", "^?", "unix:s"), -1);
	assert_int_equal(PARSE("-e", "^@", "unix:s"), -1);
	assert_int_equal(PARSE("--flow=maybe", "/dev/ttyS0"), -1);
	assert_int_equal(PARSE("/dev/ttyS0,1234"), -1);
	assert_non_null(strstr(err, "unknown baud rate"));
	assert_int_equal(PARSE("tcp:host"), -1);
	assert_int_equal(PARSE("tcp:host:0"), -1);
	assert_int_equal(PARSE("tcp:host:99999"), -1);
	assert_int_equal(PARSE("unix:"), -1);
	assert_int_equal(PARSE("ttyS0"), -1);
	assert_non_null(strstr(err, "not a line"));
	assert_int_equal(PARSE("unix:a", "unix:b"), -1);
	assert_non_null(strstr(err, "one line only"));
	assert_int_equal(PARSE("-t", "/dev/ttyS0"), -1);
	assert_int_equal(PARSE("--telnet=1", "unix:s"), -1);
	assert_int_equal(PARSE("-w", "0", "unix:s"), -1);
	assert_int_equal(PARSE("-p", "12ab", "unix:s"), -1);
	/* Long only: named in the message, no letter of their own. */
	assert_int_equal(PARSE("--dump-dir=", "unix:s"), -1);
	assert_non_null(strstr(err, "bad value '' for --dump-dir"));
	assert_int_equal(PARSE("--dump-dir", "unix:s"), -1);
	assert_non_null(strstr(err, "no line given"));
	assert_int_equal(PARSE("--dump-damage", "-1", "unix:s"), -1);
	assert_non_null(strstr(err, "for --dump-damage"));
	assert_int_equal(PARSE("--dump-damage=1x", "unix:s"), -1);
	assert_int_equal(PARSE("unix:s", "--dump-damage"), -1);
	assert_non_null(strstr(err, "needs a value"));
	assert_int_equal(PARSE("-D", "d", "unix:s"), -1);
	assert_non_null(strstr(err, "unknown option '-D'"));
	assert_int_equal(PARSE("-X5", "unix:s"), -1);
	assert_int_equal(PARSE("-H", "h", "unix:s"), -1);
	{
		char *argv[] = { "kdbmon", NULL };

		assert_int_equal(km_opts_parse(&o, 1, argv, err,
					       sizeof(err)), -1);
		assert_non_null(strstr(err, "no line given"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_defaults_and_options),
		cmocka_unit_test(test_errors_say_why),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
