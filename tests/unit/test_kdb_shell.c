// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the whole kdb shell: scripted console sessions typed into the
 * real shell (every kdb_*.c file but kdb_kernel.c, and the real address
 * expression evaluator) over the fake debug core, checking what the
 * console shows and what the shell did to the fake machine.
 *
 * Expected values come from the fake's own state (its memory, symbols,
 * registers, tasks, log), never from copying what the shell printed.
 *
 * Each test starts from the shell and the machine as they are after boot
 * (fake_shell_reset(), fake_reset()): the shell keeps its environment,
 * macros and history across sessions on purpose, so without that tests
 * would depend on their order.
 *
 * Tests marked "EXPECTED TO FAIL until kdb is fixed" show a bug of the
 * shell; they are skipped so the suite stays green.
 */
#define _GNU_SOURCE	/* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "fake_core.h"
#include "kdb_private.h"

#define SH	fake_task_addr(FT_SH)

/* --- helpers -------------------------------------------------------------- */

static int setup(void **state)
{
	fake_shell_reset();
	fake_reset();
	kdb_cmd_enable = KDB_ENABLE_ALL;
	return 0;
}

/* One session with @in typed; returns its action or FAKE_SESSION_*. */
static int run(const char *in)
{
	return fake_run_session(in, strlen(in));
}

static const char *find_from(const char *from, const char *needle)
{
	const char *out = fake_output();
	size_t len = fake_output_len(), n = strlen(needle);

	if (!from)
		from = out;
	return memmem(from, out + len - from, needle, n);
}

static bool has(const char *needle)
{
	return find_from(NULL, needle);
}

static unsigned int count(const char *needle)
{
	const char *p = fake_output();
	unsigned int n = 0;

	while ((p = find_from(p, needle))) {
		n++;
		p++;
	}
	return n;
}

static void show_output(void)
{
	size_t len = fake_output_len();
	size_t tail = len > 6000 ? 6000 : len;

	print_message("--- console output (last %zu bytes) ---\n%.*s\n---\n",
		      tail, (int)tail, fake_output() + len - tail);
}

static void expect_at(bool want, const char *needle, const char *file,
		      int line)
{
	if (has(needle) == want)
		return;
	show_output();
	print_error("%s:%d: the output %s \"%s\"\n", file, line,
		    want ? "lacks" : "has", needle);
	_fail(file, line);
}

#define expect(s)	expect_at(true, s, __FILE__, __LINE__)
#define expect_not(s)	expect_at(false, s, __FILE__, __LINE__)

static __attribute__((format(printf, 4, 5)))
void expectf_at(bool want, const char *file, int line, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	expect_at(want, buf, file, line);
}

#define expectf(...)	expectf_at(true, __FILE__, __LINE__, __VA_ARGS__)
#define expectf_not(...) expectf_at(false, __FILE__, __LINE__, __VA_ARGS__)

/* The fake's symbol+offset/size [module] for an address, as the core says. */
static const char *sym(u64 addr)
{
	static char buf[4][700];
	static unsigned int next;
	char *b = buf[next++ % 4];

	dbg_symbolize(addr, b, sizeof(buf[0]));
	return b;
}

static u64 peek64(u64 addr)
{
	u64 v = 0;

	assert_int_equal(fake_mem_peek(addr, &v, 8), 0);
	return v;
}

/* An md line as the documented format has it, from the fake's memory. */
static const char *md_line(u64 addr, unsigned int width, size_t n)
{
	static char buf[256];
	u8 d[16] = {};
	size_t i, j;
	int out;
	u64 v;

	assert_int_equal(fake_mem_peek(addr, d, n), 0);
	out = snprintf(buf, sizeof(buf), "0x%016llx ", addr);
	for (i = 0; i < 16; i += width) {
		if (i + width > n) {
			out += snprintf(buf + out, sizeof(buf) - out, "%*s ",
					(int)(2 * width), "");
			continue;
		}
		for (v = 0, j = width; j--;)
			v = v << 8 | d[i + j];
		out += snprintf(buf + out, sizeof(buf) - out, "%0*llx ",
				(int)(2 * width), v);
	}
	buf[out++] = ' ';
	for (i = 0; i < n; i++)
		buf[out++] = d[i] >= 0x20 && d[i] < 0x7f ? d[i] : '.';
	buf[out] = '\0';
	return buf;
}

/* Lines of output between the first @from and the next "more> ". */
static unsigned int lines_before_more(const char *from)
{
	const char *p = find_from(NULL, from), *more;
	unsigned int n = 0;

	assert_non_null(p);
	more = find_from(p, "more> ");
	assert_non_null(more);
	for (; p < more; p++)
		n += *p == '\n';
	return n;
}

/* --- session, banner, errors ---------------------------------------------- */

static void test_banner(void **state)
{
	assert_int_equal(run("go\r"), DBG_ACTION_RESUME);
	expectf("Entering kdb on CPU 0 (reason: sysrq) at %s\n",
		sym(fake_event()->pc));
	expect("[0]kdb> go");
	expect("Resuming\n");
}

static void test_banner_oops_message(void **state)
{
	fake_set_event("oops", "BUG: kernel NULL pointer dereference", false,
		       false);
	assert_int_equal(run("go\r"), DBG_ACTION_RESUME);
	expect("(reason: oops)");
	expect("oops: BUG: kernel NULL pointer dereference\n");
}

static void test_input_runs_out(void **state)
{
	assert_int_equal(run("cpus\r"), FAKE_SESSION_EOF);
	expect(" CPU  STATE");
}

static const char *const all_commands[] = {
	"md", "mdr", "mdp", "mds", "mm", "search", "whatis", "per_cpu", "rd",
	"rm", "ef", "bt", "btp", "btt", "bta", "btc", "stacks", "findstack",
	"ps", "pid", "cpu", "cpus", "dmesg", "lsmod", "summary", "kill", "sr",
	"env", "set", "defcmd", "help", "?", "grephelp", "go", "reboot",
	"dumpcommon", "dumpall", "dumpcpu",
};

static void test_help_lists_everything(void **state)
{
	size_t i;

	run("set LINES 0\rhelp\rgo\r");
	for (i = 0; i < ARRAY_SIZE(all_commands); i++)
		expectf("\n%-15s ", all_commands[i]);
	expect("Append '| grep [-v] [-i] PATTERN'");
}

static void test_help_command(void **state)
{
	run("help md\rhelp dumpcpu\rhelp nosuch\rgo\r");
	expect("md <addr> [lines [radix]]\n    show memory;");
	expect("dumpcpu  (macro)\n");
	expect("    btc\n");
	expect("kdb: help: unknown command: 'nosuch'");
}

static void test_unknown_command(void **state)
{
	run("frobnicate\rfrob nicate\rgo\r");
	expect("kdb: frobnicate: unknown command, and not an expression: unknown symbol 'frobnicate'");
	expect("kdb: frob: unknown command (try 'help')");
}

static void test_ambiguous_prefix(void **state)
{
	/* set, search: ambiguous; "b" is bt by its minimum length. */
	run("se\rb\rgo\r");
	expect("kdb: se: ambiguous command (try 'help')");
	expect("Stack traceback for pid 1000 (sh)");
}

static void test_grephelp(void **state)
{
	run("grephelp\rgo\r");
	expect("  -v keeps the lines that do not match, -i ignores case.");
}

/* --- expressions ---------------------------------------------------------- */

static void test_expr_symbol(void **state)
{
	u64 j = fake_sym("jiffies");

	run("jiffies\rgo\r");
	expectf("jiffies = 0x%llx (%llu) jiffies+0x0/0x%llx\n", j, j,
		fake_sym_size("jiffies"));
}

static void test_expr_offset_and_arithmetic(void **state)
{
	u64 v = fake_sym("jiffies") + 8;
	struct dbg_sym s;

	run("jiffies+8\r(1+2)*3\r0x10-1\rlinux_banner+6\rgo\r");
	/* No symbol covers jiffies+8 in the fake: no symbol is named. */
	assert_int_not_equal(dbg_sym_by_addr(v, &s), 0);
	expectf("jiffies+8 = 0x%llx (%llu)\n", v, v);
	expect("(1+2)*3 = 0x9 (9)\n");
	expect("0x10-1 = 0xf (15)\n");
	v = fake_sym("linux_banner") + 6;
	expectf("linux_banner+6 = 0x%llx (%llu) %s\n", v, v, sym(v));
}

static void test_expr_deref_and_register(void **state)
{
	u64 j = peek64(fake_sym("jiffies"));
	u64 rip = fake_reg_value(SH, FR_RIP);

	run("*jiffies\r$rip\r%rsp\rgo\r");
	expectf("*jiffies = 0x%llx (%llu)", j, j);
	expectf("$rip = 0x%llx (%llu) %s\n", rip, rip, sym(rip));
	expectf("%%rsp = 0x%llx", fake_reg_value(SH, FR_RSP));
}

static void test_expr_errors(void **state)
{
	run("nosuch_sym\r1f\r1/0\r(1+2\r$nosuch\r*0\rgo\r");
	expect("unknown symbol 'nosuch_sym'");
	expect("bad number '1f'");
	expect("kdb: 1/0: unknown command, and not an expression: division by zero");
	expect("expected ')' at column 5");
	expect("unknown register '$nosuch'");
	expect("cannot read 8 bytes at 0x0: user-space address");
}

/*
 * EXPECTED TO FAIL until the core is fixed: dbg_eval() messages are cut
 * at DBG_EXPR_ERR_LEN (96, include/linux/dbg_core.h), but dbg_expr.c
 * quotes an unknown symbol or register whole (up to 127 characters;
 * numbers are cut at 40 with "..."), so the message loses its end: here
 * its closing quote.
 */
static void test_expr_long_symbol_message(void **state)
{
	char name[101], in[128];

	memset(name, 'a', 100);
	name[100] = '\0';
	snprintf(in, sizeof(in), "md %s\rgo\r", name);
	run(in);
	expect("kdb: md: unknown symbol '");
	expect("'\n");
}

static void test_expr_module_symbol(void **state)
{
	u64 a = fake_sym("cstest_spin");

	run("cstest:cstest_spin\rgo\r");
	expectf("cstest:cstest_spin = 0x%llx (%llu) %s\n", a, a, sym(a));
	expect("[cstest]");
}

/* --- md and friends ------------------------------------------------------- */

static void test_md_default(void **state)
{
	u64 b = fake_sym("linux_banner");

	run("md linux_banner\rgo\r");
	expect(md_line(b, 8, 16));
	expect(md_line(b + 16, 8, 16));
	/* The banner as text, in the ASCII column. */
	expect("  Linux version 6.\n");
	expect("  12.0-fake (kdb@f\n");
}

static void test_md_bytes_and_count(void **state)
{
	u64 b = fake_sym("linux_banner"), j = fake_sym("jiffies");

	run("md1c16 linux_banner\rmd2c3 jiffies\rgo\r");
	expect(md_line(b, 1, 16));
	expectf_not("0x%016llx ", b + 16);
	/* 3 units of 2 bytes: the rest of the line is padding. */
	expect(md_line(j, 2, 6));
	expectf_not("0x%016llx ", j + 16);
}

static void test_md_width4_lines(void **state)
{
	u64 j = fake_sym("jiffies");

	run("md4 jiffies 2\rgo\r");
	expect(md_line(j, 4, 16));
	expect(md_line(j + 16, 4, 16));
	expectf_not("0x%016llx ", j + 32);
}

static void test_md_radix(void **state)
{
	u64 j = fake_sym("jiffies"), v = peek64(j);

	run("md jiffies 1 10\rmd jiffies 1 8\rmd jiffies 1 7\rmd jiffies 1 9\rgo\r");
	expectf("0x%016llx %20llu ", j, v);
	expectf("0x%016llx %022llo ", j, v);
	/* 7 and 9: refused, nothing shown. */
	assert_int_equal(count("kdb: md: "), 2);
	expect("radix must be 8, 10 or 16");
	assert_int_equal(count(md_line(j, 8, 16) + 18), 0);
}

static void test_md_zero_lines(void **state)
{
	u64 z = fake_sym("empty_zero_page");

	run("md empty_zero_page 10\rgo\r");
	expect(md_line(z, 8, 16));
	/* One line shown, the other 9 counted. */
	expect("... 9 more lines of zeros\n");
	expectf_not("0x%016llx ", z + 16);
}

static void test_md_runs_into_unmapped(void **state)
{
	u64 end = FAKE_KERNEL_BASE + FAKE_KERNEL_SIZE;
	char in[64];

	assert_int_not_equal(fake_mem_peek(end, in, 1), 0);
	snprintf(in, sizeof(in), "md 0x%llx\rgo\r", end - 0x40);
	run(in);
	expectf("kdb: md: 0x%llx: not mapped\n", end);
}

static void test_md_repeat_continues(void **state)
{
	u64 j = fake_sym("jiffies");

	run("md jiffies 1\r\r\rgo\r");
	expect(md_line(j, 8, 16));
	expect(md_line(j + 16, 8, 16));
	expect(md_line(j + 32, 8, 16));
}

static void test_md_without_address(void **state)
{
	run("md\rgo\r");
	expect("kdb: md: no address given yet");
}

static void test_md_count_too_large(void **state)
{
	run("md8c999999 jiffies\rgo\r");
	expect("count too large (at most 4096 lines)");
}

/*
 * EXPECTED TO FAIL until kdb is fixed: "m" is md's declared abbreviation
 * (minlen 1) and kdb_lookup() maps it to md, but kdb_cmd_md() parses
 * argv[0] ("m") against "md" and fails with a usage error
 * (kdb_cmd_mem.c:110, also reads argv[0][2] at :106).
 */
static void test_md_abbreviation(void **state)
{
	run("m linux_banner\rgo\r");
	expect_not("wrong arguments");
	expect(md_line(fake_sym("linux_banner"), 8, 16));
}

static void test_mdr(void **state)
{
	u8 d[20];
	char hex[41];
	size_t i;

	assert_int_equal(fake_mem_peek(fake_sym("linux_banner"), d, 20), 0);
	for (i = 0; i < 20; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
	run("mdr linux_banner 20\rgo\r");
	expectf("\n%s\n", hex);
}

/*
 * EXPECTED TO FAIL until kdb is fixed: mdr has KDB_CMD_REPEAT, so an
 * empty line runs "mdr" again with no arguments, which is a usage error
 * (kdb_cmd_mem.c:178) instead of continuing at the next address.
 */
static void test_mdr_repeat(void **state)
{
	u8 d[16];
	char hex[33];
	size_t i;

	assert_int_equal(fake_mem_peek(fake_sym("linux_banner") + 16, d, 16), 0);
	for (i = 0; i < 16; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
	run("mdr linux_banner 16\r\rgo\r");
	expect_not("wrong arguments");
	expectf("\n%s\n", hex);
}

static void test_mdr_stops_at_unmapped_page(void **state)
{
	u64 end = FAKE_KERNEL_BASE + FAKE_KERNEL_SIZE;
	char in[64], hex[33];
	u8 d[16];
	size_t i;

	assert_int_equal(fake_mem_peek(end - 16, d, 16), 0);
	for (i = 0; i < 16; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
	snprintf(in, sizeof(in), "mdr 0x%llx 48\rgo\r", end - 16);
	run(in);
	/* What could be read is shown, then where it stopped. */
	expectf("\n%s\nkdb: mdr: 0x%llx: not mapped\n", hex, end);
}

/* The fake keeps the core's contract, which the tests above rely on. */
static void test_fake_core_contract(void **state)
{
	u64 end = FAKE_KERNEL_BASE + FAKE_KERNEL_SIZE, v;
	struct dbg_regs regs;
	size_t done = 99;
	u8 buf[64];

	/* A read that runs into an unmapped page: done up to the page. */
	assert_int_equal(dbg_mem_read(end - 8, buf, 16, &done), -EFAULT);
	assert_int_equal(done, 8);
	assert_int_equal(dbg_mem_read(FAKE_USER_ADDR, buf, 8, &done), -EACCES);
	assert_int_equal(done, 0);
	assert_int_equal(dbg_mem_read(FAKE_NONCANON_ADDR, buf, 8, NULL), -ENXIO);
	assert_int_equal(dbg_mem_write(fake_sym("linux_banner"), buf, 1, NULL),
			 -EROFS);
	assert_int_equal(dbg_phys_read(FAKE_KERNEL_PHYS + FAKE_KERNEL_SIZE - 8,
				       buf, 16, &done), -EIO);
	assert_int_equal(done, 8);
	assert_int_equal(dbg_sym_by_name("cstest:cstest_spin", &v), 0);
	assert_int_equal(v, fake_sym("cstest_spin"));
	assert_int_equal(dbg_sym_by_name("e1000e:cstest_spin", &v), -ENOENT);
	assert_int_equal(dbg_symbolize(0x1234, (char *)buf, sizeof(buf)),
			 -ENOENT);
	assert_string_equal((char *)buf, "0x1234");
	assert_int_equal(dbg_task_regs(fake_task_addr(FT_SPINNER), &regs),
			 -EAGAIN);
	assert_int_equal(dbg_set_reg(SH, FR_CS, 0), -EROFS);
	fake_set_lockdown(DBG_DENY_READ);
	assert_int_equal(dbg_mem_read(end - 8, buf, 8, &done), -EPERM);
	fake_set_lockdown(DBG_DENY_WRITE);
	assert_int_equal(dbg_set_reg(SH, FR_RIP, 0), -EPERM);
}

static void test_mds_symbols(void **state)
{
	u64 p = fake_sym("fake_ptrs");
	unsigned int i;

	run("mds fake_ptrs 3\rgo\r");
	for (i = 0; i < 3; i++) {
		u64 v = peek64(p + 8 * i);

		expectf("0x%016llx 0x%016llx %s\n", p + 8 * i, v, sym(v));
	}
}

static void test_mdp(void **state)
{
	u64 b = fake_sym("linux_banner"), pa;

	char in[64];

	assert_int_equal(dbg_virt_to_phys(b, &pa), 0);
	snprintf(in, sizeof(in), "mdp 0x%llx 1\rmdp 0x9000000\rgo\r", pa);
	run(in);
	/* The same bytes as at the virtual address; "0x" and 16 digits. */
	expectf("phys 0x%016llx%s\n", pa, md_line(b, 8, 16) + 18);
	expect("kdb: mdp: phys 0x9000000: not RAM");
}

/* --- mm ------------------------------------------------------------------- */

static void test_mm_writes(void **state)
{
	u64 j = fake_sym("jiffies"), old = peek64(j);

	assert_int_equal(run("mm jiffies 0x1234\rgo\r"), DBG_ACTION_RESUME);
	assert_int_equal(peek64(j), 0x1234);
	expectf("0x%016llx = 0x0000000000001234 (was 0x%016llx)\n", j, old);
}

static void test_mm_widths(void **state)
{
	u64 j = fake_sym("jiffies"), old = peek64(j);
	u8 b[8];

	run("mm1 jiffies 0xab\rmm2 jiffies+2 0xbeef\rmm4 jiffies+4 0x11223344\rgo\r");
	assert_int_equal(fake_mem_peek(j, b, 8), 0);
	assert_int_equal(b[0], 0xab);
	assert_int_equal(b[1], (u8)(old >> 8));
	assert_int_equal(b[2] | b[3] << 8, 0xbeef);
	assert_int_equal(peek64(j) >> 32, 0x11223344);
	expectf("0x%016llx = 0xab (was 0x%02llx)\n", j, old & 0xff);
	expectf("0x%016llx = 0xbeef (was 0x%04llx)\n", j + 2,
		(old >> 16) & 0xffff);
}

static void test_mm_value_too_big(void **state)
{
	u64 j = fake_sym("jiffies"), old = peek64(j);

	run("mm1 jiffies 0x100\rmm2 jiffies 0x10000\rgo\r");
	expect("kdb: mm1: 0x100 does not fit in 1 byte\n");
	expect("kdb: mm2: 0x10000 does not fit in 2 bytes\n");
	assert_int_equal(peek64(j), old);
}

static void test_mm_errors(void **state)
{
	u64 b = fake_sym("linux_banner"), old = peek64(b);
	char in[128];

	snprintf(in, sizeof(in), "mm linux_banner 1\rmm 0x%llx 1\rmm 0x%llx 1\rmm 0x%llx 1\rgo\r",
		 FAKE_USER_ADDR, FAKE_NONCANON_ADDR, FAKE_UNMAPPED_ADDR);
	run(in);
	expectf("kdb: mm: 0x%llx: read-only\n", b);
	expectf("kdb: mm: 0x%llx: user-space address", FAKE_USER_ADDR);
	expectf("kdb: mm: 0x%llx: non-canonical address", FAKE_NONCANON_ADDR);
	expectf("kdb: mm: 0x%llx: not mapped", FAKE_UNMAPPED_ADDR);
	assert_int_equal(peek64(b), old);
}

/* --- search --------------------------------------------------------------- */

static void test_search_value(void **state)
{
	u64 p = fake_sym("fake_pattern");
	unsigned int i;

	/* 0x44 bytes: 8 whole words and a bit; the bit cannot match. */
	run("search fake_pattern+3 0x44 0xfeedfacecafebeef\rgo\r");
	for (i = 0; i < 8; i++)
		expectf("0x%016llx %s\n", p + 8 * i, sym(p + 8 * i));
	expectf_not("0x%016llx ", p + 8 * 8);
	expect("\n8 matches\n");
}

static void test_search_limit(void **state)
{
	u64 p = fake_sym("fake_pattern");

	assert_true(FAKE_PATTERN_WORDS > 64);
	run("set LINES 0\rsearch fake_pattern 0x1000 0xfeedfacecafebeef\rgo\r");
	expectf("0x%016llx %s\n", p + 63 * 8, sym(p + 63 * 8));
	expectf("... stopped after 64 matches; search again from 0x%llx\n",
		p + 64 * 8);
	expectf_not("0x%016llx %s\n", p + 64 * 8, sym(p + 64 * 8));
}

static void test_search_text_across_page(void **state)
{
	u64 a = FAKE_CROSSING_ADDR;

	/* The text starts 4 bytes before a page boundary. */
	assert_true((a & 0xfff) > 0x1000 - strlen(FAKE_CROSSING_TEXT));
	run("search fake_pattern 0x2000 \"" FAKE_CROSSING_TEXT "\"\rgo\r");
	expectf("0x%016llx %s\n1 match\n", a, sym(a));
}

static void test_search_text_unaligned(void **state)
{
	u64 b = fake_sym("linux_banner");
	const char *banner_text = "Linux version";
	char buf[16];

	assert_int_equal(fake_mem_peek(b, buf, 13), 0);
	assert_memory_equal(buf, banner_text, 13);
	run("search linux_banner 0x100 \"version\"\rsearch8 linux_banner 8 \"x\"\rgo\r");
	expectf("0x%016llx %s\n1 match\n", b + 6, sym(b + 6));
	expect("kdb: search8: a width applies to values, not to a quoted text");
}

static void test_search_counts_unmapped_pages(void **state)
{
	u64 start = FAKE_KERNEL_BASE + FAKE_KERNEL_SIZE - 0x2000;
	u64 len = 0x5000, a;
	unsigned int unmapped = 0;
	char in[96], b;

	for (a = start; a < start + len; a += 0x1000)
		unmapped += fake_mem_peek(a, &b, 1) != 0;
	assert_true(unmapped > 0);
	snprintf(in, sizeof(in), "search 0x%llx 0x%llx 0x1234567\rgo\r", start,
		 len);
	run(in);
	expectf("0 matches; %u unmapped page%s skipped\n", unmapped,
		unmapped == 1 ? "" : "s");
}

static void test_search_user_address(void **state)
{
	run("search 0 16 1\rgo\r");
	expect("kdb: search: 0x0: user-space address");
}

/* --- whatis, per_cpu ------------------------------------------------------ */

static void test_whatis(void **state)
{
	u64 j = fake_sym("jiffies"), pa, t = fake_task_addr(FT_INIT) + 0x10;
	u64 rsp = fake_reg_value(SH, FR_RSP);
	char in[128];

	assert_int_equal(dbg_virt_to_phys(j, &pa), 0);
	snprintf(in, sizeof(in), "whatis jiffies\rwhatis $rsp\rwhatis 0x%llx\rwhatis 0x1000\rgo\r",
		 t);
	run(in);
	expectf("0x%016llx: kernel data, phys 0x%llx (pfn 0x%llx)\n", j, pa,
		pa >> 12);
	expect("  in symbol jiffies+0x0/0x8\n");
	expectf("0x%016llx: vmalloc", rsp);
	expect("  on the IRQ stack of CPU 0, ");
	expectf("  in a slab object of cache task_struct: object 0x%llx, +0x10 of %llu bytes\n",
		t - 0x10, FAKE_TASK_STRUCT_SIZE);
	expect("0x0000000000001000: user space, not mapped\n");
}

static void test_per_cpu(void **state)
{
	u64 s = fake_sym("cpu_number"), a;
	unsigned int cpu;
	u32 v;

	run("per_cpu cpu_number 4\rper_cpu fake_pcpu_counter 8 2\rper_cpu cpu_number 4 9\rgo\r");
	for (cpu = 0; cpu < FAKE_NR_CPUS; cpu++) {
		assert_int_equal(dbg_per_cpu_addr(s, cpu, &a), 0);
		assert_int_equal(fake_mem_peek(a, &v, 4), 0);
		expectf("  [%u] 0x%016llx = 0x%08x\n", cpu, a, v);
	}
	assert_int_equal(dbg_per_cpu_addr(fake_sym("fake_pcpu_counter"), 2, &a), 0);
	expectf("  [2] 0x%016llx = 0x%016llx\n", a, peek64(a));
	expect("kdb: per_cpu: no CPU 9 (CPUs are 0..4)");
}

/* --- registers ------------------------------------------------------------ */

static void test_rd_running_task(void **state)
{
	unsigned int r;

	run("rd\rgo\r");
	expect("Registers of pid 1000 (sh), interrupted on CPU 0:\n");
	for (r = 0; r < FAKE_NR_REGS; r++)
		expectf("%-8s 0x%016llx", dbg_reg_name(r), fake_reg_value(SH, r));
	expectf("rip is at %s\n", sym(fake_reg_value(SH, FR_RIP)));
}

static void test_rd_sleeping_task(void **state)
{
	u64 t = fake_task_addr(FT_INIT);
	u64 valid = fake_reg_valid(t);
	unsigned int r;

	assert_int_not_equal(valid, 0);
	run("pid 1\rrd\rgo\r");
	expect("Registers of pid 1 (init), not running (state S): from its switch frame, '-' unknown:\n");
	for (r = 0; r < FAKE_NR_REGS; r++) {
		if (valid & BIT(r))
			expectf("%-8s 0x%016llx", dbg_reg_name(r),
				fake_reg_value(t, r));
		else
			expectf("%-8s %18s", dbg_reg_name(r), "-");
	}
}

static void test_rd_task_on_missing_cpu(void **state)
{
	run("pid 1030\rrd\rgo\r");
	expect("kdb: rd: pid 1030 (spinner): the task runs on a CPU that did not stop: its state is live, unknown");
}

static void test_rm_changes_register(void **state)
{
	u64 old = fake_reg_value(SH, FR_RDI);

	run("rm rdi 0x1234\rrm %r12 7\rgo\r");
	assert_int_equal(fake_reg_value(SH, FR_RDI), 0x1234);
	assert_int_equal(fake_reg_value(SH, FR_R12), 7);
	expectf("rdi = 0x0000000000001234 (was 0x%016llx)\n", old);
}

static void test_rm_eflags_only_user_flags(void **state)
{
	u64 old = fake_reg_value(SH, FR_EFLAGS);
	u64 want = (old & ~FAKE_EFLAGS_USER) | (0xffffffff & FAKE_EFLAGS_USER);

	run("rm eflags 0xffffffff\rgo\r");
	assert_int_equal(fake_reg_value(SH, FR_EFLAGS), want);
	expectf("eflags = 0x%016llx (was 0x%016llx)\n", want, old);
}

/*
 * When the event says the master's PC may not change (an oops), "rm rip"
 * is refused as "go <addr>" is: the core refuses the write, not kdb.
 */
static void test_rm_pc_refused_without_resume_at(void **state)
{
	u64 rip = fake_reg_value(SH, FR_RIP);

	fake_set_event("oops", "BUG: fake", false, false);
	run("go startup_64\rrm rip startup_64\rgo\r");
	expect("kdb: go: the entering CPU cannot resume elsewhere (oops entry): it returns to where it stopped\n");
	expect("kdb: rm: rip: read-only\n");
	assert_int_equal(fake_reg_value(SH, FR_RIP), rip);
}

/* A PC or stack pointer the CPU could not return to is refused. */
static void test_rm_pc_and_sp_must_be_usable(void **state)
{
	u64 rip = fake_reg_value(SH, FR_RIP), rsp = fake_reg_value(SH, FR_RSP);
	u64 text = fake_sym("startup_64"), data = fake_sym("jiffies");

	run("rm rip 0x10\rrm rip jiffies\rrm rsp 0x10\rgo 0x10\rgo\r");
	expect("kdb: rm: rip = 0x10 refused: the CPU could not return there (a PC must be kernel or module text, a stack pointer mapped memory)\n");
	expectf("kdb: rm: rip = 0x%llx refused: the CPU could not return there", data);
	expect("kdb: rm: rsp = 0x10 refused: the CPU could not return there");
	expect("kdb: go: 0x10 refused: the CPU could not resume there (not kernel or module text)\n");
	assert_int_equal(fake_reg_value(SH, FR_RIP), rip);
	assert_int_equal(fake_reg_value(SH, FR_RSP), rsp);
	run("rm rip startup_64\rrm rsp jiffies\rgo\r");
	assert_int_equal(fake_reg_value(SH, FR_RIP), text);
	assert_int_equal(fake_reg_value(SH, FR_RSP), data);
}

/*
 * A CPU stopped inside an NMI handler in kernel mode returns through a
 * copy of its PC, stack pointer and flags: those are refused with the
 * reason, the general registers still change.
 */
static void test_rm_frame_fixed_cpu(void **state)
{
	u64 rip = fake_reg_value(SH, FR_RIP);

	fake_set_event("nmi", NULL, false, false);
	fake_set_frame_fixed(true);
	run("rm rip startup_64\rrm rsp jiffies\rrm eflags 0\rrm r12 0x77\r"
	    "rm cs 1\rgo startup_64\rgo\r");
	expect("kdb: rm: rip cannot change on this CPU: it stopped inside an NMI handler, which returns through a copy of its PC, stack pointer and flags (the other registers can change)\n");
	expect("kdb: rm: rsp cannot change on this CPU");
	expect("kdb: rm: eflags cannot change on this CPU");
	expect("r12 = 0x0000000000000077 (was ");
	expect("kdb: rm: cs is read-only\n");
	expect("kdb: go: the entering CPU cannot resume elsewhere (nmi entry)");
	assert_int_equal(fake_reg_value(SH, FR_RIP), rip);
	assert_int_equal(fake_reg_value(SH, FR_R12), 0x77);
}

static void test_rm_refused(void **state)
{
	u64 cs = fake_reg_value(SH, FR_CS);
	u64 init_rip = fake_reg_value(fake_task_addr(FT_INIT), FR_RIP);

	run("rm cs 5\rrm foo 1\rrm rip\rpid 1\rrm rip 0\rgo\r");
	expect("kdb: rm: cs is read-only\n");
	expect("kdb: rm: no register 'foo' (rd lists them)\n");
	expect("kdb: rm: wrong arguments; usage: rm <reg> <value>\n");
	expect("kdb: rm: the selected task is not interrupted on a stopped CPU");
	assert_int_equal(fake_reg_value(SH, FR_CS), cs);
	assert_int_equal(fake_reg_value(fake_task_addr(FT_INIT), FR_RIP),
			 init_rip);
}

static void test_ef(void **state)
{
	const struct dbg_frame *f;
	unsigned int i;
	char in[64];
	int n = fake_task_frames(FT_SH, &f);

	/* The frame where the IRQ came in left a pt_regs on the stack. */
	for (i = 1; i < (unsigned int)n && !f[i].entry; i++)
		;
	assert_true(i < (unsigned int)n);
	snprintf(in, sizeof(in), "ef 0x%llx\ref 0x1000\rgo\r", f[i].sp);
	run(in);
	expectf("Exception frame at 0x%llx:\n", f[i].sp);
	expectf("rip is at %s\n", sym(f[i].pc));
	expect("kdb: ef: 0x1000: user-space address");
}

/* --- tasks ---------------------------------------------------------------- */

static char ps_state(const struct dbg_task *t)
{
	if (t->idle)
		return '-';
	if (t->kthread && (t->state == 'S' || t->state == 'I'))
		return t->state == 'S' ? 's' : 'i';
	return t->state;
}

static void expect_ps_line(enum fake_task_id id, bool want)
{
	const struct dbg_task *t = fake_task(id);

	expectf_at(want, __FILE__, __LINE__, "0x%016llx %7d %7d %7d %4d %c",
		   t->addr, t->pid, t->tgid, t->ppid, t->cpu, ps_state(t));
}

static void test_ps_default_hides_idle_and_sleeping_kthreads(void **state)
{
	unsigned int id, hidden = 0;

	run("ps\rgo\r");
	for (id = 0; id < FAKE_NR_TASKS; id++) {
		char st = ps_state(fake_task(id));
		bool hide = st == '-' || st == 'i' || st == 's';

		hidden += hide;
		expect_ps_line(id, !hide);
	}
	expectf("%u idle tasks (-) and sleeping kernel threads (i, s) not shown: 'ps A' shows all\n",
		hidden);
}

static void test_ps_all_and_states(void **state)
{
	unsigned int id;

	run("set LINES 0\rps A\rgo\r");
	for (id = 0; id < FAKE_NR_TASKS; id++)
		expect_ps_line(id, true);
	expect(" -   swapper/0\n");
	expect(" i   kworker/0:1\n");
	expect(" s   kthreadd\n");
	expect(" Z   defunct\n");
	expect(" D   sync\n");
	/* '*' on a CPU, '>' the selected task. */
	expect(" R*> sh\n");
	expect(" R*  spinner\n");
	expect_not("not shown");
}

static void test_ps_state_filter(void **state)
{
	unsigned int id;

	run("ps D\rgo\r");
	for (id = 0; id < FAKE_NR_TASKS; id++)
		expect_ps_line(id, fake_task(id)->state == 'D');
}

static void test_pid(void **state)
{
	run("pid 1\rpid R\rpid 1030\rpid 4242\rpid garbage\rpid -1\rgo\r");
	expect("Selected pid 1 (init), not running (state S)\n");
	expect("Selected pid 1000 (sh), running on CPU 0\n");
	expect("Selected pid 1030 (spinner), running on CPU 3 (which did not stop)\n");
	expect("kdb: pid: no task with pid 4242\n");
	expect("kdb: pid: unknown symbol 'garbage'\n");
	expect("kdb: pid: '-1' is out of range (0..2147483647)\n");
}

static void test_cpus(void **state)
{
	struct dbg_cpu c0, c1;

	assert_int_equal(dbg_get_cpu(0, &c0), 0);
	assert_int_equal(dbg_get_cpu(1, &c1), 0);
	run("cpus\rgo\r");
	expect(" CPU  STATE    HOW   CONTEXT   PARKED     PID COMMAND         PC\n");
	/* '*' the master, with its own reason; "-": it did not park. */
	expectf("*  0  %-8s %-5s %-9s %-7s %6d %-15s %s  [%s]\n", c0.state_name,
		c0.method, c0.context, "-", c0.pid, c0.comm, sym(c0.pc),
		c0.reason);
	/* 12345 ns to park, in 3 digits. */
	assert_int_equal(c1.latency_ns, 12345);
	expectf("   1  %-8s %-5s %-9s %-7s %6d %-15s %s\n", c1.state_name,
		c1.method, c1.context, "12.3us", c1.pid, c1.comm, sym(c1.pc));
	expect("   2  stopped  nmi   user      1.25ms    1020 stress          user:0x");
	expect("   3  MISSING  nmi   (state unknown: not stopped)\n");
	expect("   4  offline\n");
}

static void test_cpu_selects_task(void **state)
{
	u64 t = fake_task_addr(FT_CSTEST);

	run("cpu\rcpu 1\rrd\rbt\rgo\r");
	expect("Selected: CPU 0\n");
	expect("Selected CPU 1: pid 1010 (cstest)\n");
	/* The prompt follows the selected CPU. */
	expect("[1]kdb> rd\n");
	expect("Registers of pid 1010 (cstest), interrupted on CPU 1:\n");
	expectf("rip      0x%016llx", fake_reg_value(t, FR_RIP));
	expect("Stack traceback for pid 1010 (cstest), running on CPU 1:\n");
	expectf(" #0  0x%016llx %s  (interrupted here)\n",
		fake_reg_value(t, FR_RIP), sym(fake_reg_value(t, FR_RIP)));
	expect("[1]kdb> go\n");
}

static void test_cpu_missing_offline_bad(void **state)
{
	run("cpu 3\rcpu 4\rcpu 99\rcpu x\rgo\r");
	expect("kdb: cpu: CPU 3 is MISSING: it did not stop, its state is unknown\n");
	expect("kdb: cpu: CPU 4 is offline: nothing to see\n");
	expect("kdb: cpu: no CPU 99 (CPUs are 0..4)\n");
	expect("kdb: cpu: unknown symbol 'x'\n");
	expect("[0]kdb> go");
}

/* --- backtraces ----------------------------------------------------------- */

/* A return address, named by the call before it as kdb does. */
static const char *ret_sym(u64 addr)
{
	static char buf[4][700];
	static unsigned int next;
	static struct dbg_sym s;
	char *b = buf[next++ % 4];

	assert_int_equal(dbg_sym_by_addr(addr - 1, &s), 0);
	snprintf(b, sizeof(buf[0]), "%s+0x%llx/0x%llx%s%s%s", s.name,
		 (unsigned long long)s.offset + 1, (unsigned long long)s.size,
		 s.module[0] ? " [" : "", s.module, s.module[0] ? "]" : "");
	return b;
}

static void expect_frames(enum fake_task_id id)
{
	const struct dbg_frame *f;
	int i, n = fake_task_frames(id, &f);

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		if (f[i].entry && f[i].stack == DBG_STACK_UNKNOWN)
			expectf(" #%-2u 0x%016llx (user mode)\n", i, f[i].pc);
		else if (f[i].entry)
			expectf(" #%-2u 0x%016llx %s  (interrupted here)\n", i,
				f[i].pc, sym(f[i].pc));
		else
			expectf(" #%-2u 0x%016llx %s\n", i, f[i].pc,
				ret_sym(f[i].pc));
	}
}

static void test_bt_frames_and_stack_change(void **state)
{
	run("bt\rgo\r");
	expect("Stack traceback for pid 1000 (sh), running on CPU 0:\n");
	expect_frames(FT_SH);
	/* From the IRQ stack back to the task stack, once. */
	assert_int_equal(count("  -- task stack --\n"), 1);
	assert_int_equal(count("(interrupted here)"), 2);
	expect("(user mode)\n");
}

static void test_bt_from_stack_address(void **state)
{
	const struct dbg_frame *f;
	char in[64];
	int n = fake_task_frames(FT_SH, &f);

	assert_true(n > 6);
	snprintf(in, sizeof(in), "bt 0x%llx\rgo\r", f[6].sp);
	run(in);
	/* The frames below that stack address are skipped. */
	expectf(" #0  0x%016llx %s\n", f[6].pc, ret_sym(f[6].pc));
	expectf_not("0x%016llx %s", f[0].pc, sym(f[0].pc));
}

/*
 * EXPECTED TO FAIL until kdb is fixed: a trace of exactly BTDEPTH frames
 * is complete, but kdb_bt_task() (kdb_cmd_task.c:291) says "(stopped at
 * N frames: set BTDEPTH)" whenever n == BTDEPTH: it cannot tell a cut
 * trace from a complete one without asking the core for one frame more.
 */
static void test_bt_exact_depth_not_cut(void **state)
{
	const struct dbg_frame *f;
	char in[64];
	int n = fake_task_frames(FT_SH, &f);

	snprintf(in, sizeof(in), "set BTDEPTH %d\rbt\rgo\r", n);
	run(in);
	expect_frames(FT_SH);
	expect_not("(stopped at");
}

static void test_btp(void **state)
{
	run("btp 812\rbtp 4242\rgo\r");
	expect("Stack traceback for pid 812 (sync), state D:\n");
	expect_frames(FT_SYNC);
	expect("kdb: btp: no task with pid 4242\n");
}

static void test_btt(void **state)
{
	u64 t = fake_task_addr(FT_KWORKER0);
	char in[96];

	snprintf(in, sizeof(in), "btt 0x%llx\rbtt 0x%llx\rgo\r", t, t + 8);
	run(in);
	expect("Stack traceback for pid 12 (kworker/0:1), state I:\n");
	expect_frames(FT_KWORKER0);
	expectf("kdb: btt: 0x%llx is not a task (ps shows their addresses)\n",
		t + 8);
}

static void test_bta(void **state)
{
	run("set LINES 0\rbta A\rgo\r");
	assert_int_equal(count("Stack traceback for pid "), FAKE_NR_TASKS);
	expect("Stack traceback for pid 1030 (spinner), running on CPU 3:\n  no backtrace: the task runs on a CPU that did not stop");
	expect("Stack traceback for pid 900 (defunct), state Z:\n  no backtrace: no such task\n");
	expect_frames(FT_INIT);
}

static void test_bta_prompt(void **state)
{
	run("set LINES 0\rset BTAPROMPT 1\rbta A\r q");
	/* Space went on after the first task, q stopped after the second. */
	assert_int_equal(count("Enter <q> to end, <cr> or <space> to continue:"), 2);
	assert_int_equal(count("Stack traceback for pid "), 2);
}

/*
 * A call to a function that does not return can end its caller: the
 * return address is then the next function's first byte, and the frame
 * is named after the caller (as the kernel's %pB does), not the next one.
 */
static void test_bt_names_a_return_address_by_its_call(void **state)
{
	u64 ret = fake_sym("default_idle");

	run("btp 0\rgo\r");
	expectf("0x%016llx startup_64+0x100/0x100\n", ret);
	expect_not("default_idle+0x0/");
}

static void test_btc(void **state)
{
	run("set LINES 0\rbtc\rbtc 3\rbtc 4\rgo\r");
	expect("CPU 0:\nStack traceback for pid 1000 (sh)");
	expect("CPU 1:\nStack traceback for pid 1010 (cstest)");
	expect("CPU 3:\n  MISSING: it did not stop, no backtrace\n");
	expect_not("CPU 4:\n");
	expect("kdb: btc: CPU 4 is offline\n");
	expect_frames(FT_CSTEST);
}

/* Stacks the way `stacks` groups them: same PCs, first 24 frames. */
static unsigned int distinct_stacks(unsigned int *with_bt)
{
	const struct dbg_frame *f, *g;
	unsigned int id, other, groups = 0;
	int n, m, i;

	*with_bt = 0;
	for (id = 0; id < FAKE_NR_TASKS; id++) {
		const struct dbg_task *t = fake_task(id);
		bool seen = false;

		if (!t->stack || (t->running && !t->cpu_stopped))
			continue;
		(*with_bt)++;
		n = fake_task_frames(id, &f);
		for (other = 0; other < id && !seen; other++) {
			t = fake_task(other);
			if (!t->stack || (t->running && !t->cpu_stopped))
				continue;
			m = fake_task_frames(other, &g);
			if (m != n)
				continue;
			for (i = 0; i < n && f[i].pc == g[i].pc; i++)
				;
			seen = i == n;
		}
		groups += !seen;
	}
	return groups;
}

static void test_stacks_groups(void **state)
{
	unsigned int with_bt, groups = distinct_stacks(&with_bt);

	run("set LINES 0\rstacks\rgo\r");
	/* The two kworkers sleep in the same place: one group. */
	expectf("2 tasks, state i, pids %d %d\n", fake_task(FT_KWORKER0)->pid,
		fake_task(FT_KWORKER1)->pid);
	expect("4 tasks, state -, pids 0 0 0 0\n");
	expectf("\n%u tasks in %u distinct stacks, %u without a backtrace\n",
		with_bt, groups, FAKE_NR_TASKS - with_bt);
	/* The most common first. */
	assert_true(find_from(NULL, "4 tasks,") < find_from(NULL, "2 tasks,"));
	assert_true(find_from(NULL, "2 tasks,") < find_from(NULL, "1 task,"));
}

static void test_stacks_through_function(void **state)
{
	run("stacks -c worker_thread\rstacks -c nosuch\rgo\r");
	expect("2 tasks, state i, pids 12 31\n");
	expect_not("1 task,");
	expect("\n2 tasks in 1 distinct stacks");
	expect("kdb: stacks: unknown symbol 'nosuch'\n");
}

static void test_findstack(void **state)
{
	const struct dbg_frame *f;
	const struct dbg_task *t = fake_task(FT_INIT);
	char in[128];

	assert_true(fake_task_frames(FT_INIT, &f) > 2);
	snprintf(in, sizeof(in), "findstack 0x%llx\rfindstack $rsp\rfindstack jiffies\rgo\r",
		 f[2].sp);
	run(in);
	expectf("0x%llx is on the kernel stack of pid 1 (init), task 0x%llx: 0x%llx below its top (stack 0x%llx-0x%llx)\n",
		f[2].sp, t->addr, t->stack + t->stack_size - f[2].sp, t->stack,
		t->stack + t->stack_size);
	expectf("0x%llx is on the IRQ stack of CPU 0", fake_reg_value(SH, FR_RSP));
	expectf("kdb: findstack: 0x%llx is on no task's or CPU's kernel stack\n",
		fake_sym("jiffies"));
}

static void test_corrupted_task_list(void **state)
{
	fake_set_corrupt_tasks(true);
	run("set LINES 0\rps A\rstacks\rgo\r");
	expect("kdb: ps: task list: kernel list corrupted (walk went past its bound)\n");
	expect("task list: kernel list corrupted (walk went past its bound); showing what was read\n");
	expect_ps_line(FT_SWAPPER0, true);
	expect_ps_line(FT_SPINNER, false);
}

/* --- signals, sysrq ------------------------------------------------------- */

static void test_kill(void **state)
{
	int pids[4], sigs[4];

	run("kill -9 1021\rkill -KILL 1\rkill -SIGTERM 812\rkill -99 1\rkill -FOO 1\rkill -9 4242\rkill 9 1\rgo\r");
	assert_int_equal(fake_signals_queued(pids, sigs, 4), 3);
	assert_int_equal(pids[0], 1021);
	assert_int_equal(sigs[0], 9);
	assert_int_equal(pids[1], 1);
	assert_int_equal(sigs[1], 9);
	assert_int_equal(pids[2], 812);
	assert_int_equal(sigs[2], 15);
	expect("Signal 9 to pid 1021 queued: it is sent when the machine resumes (go)\n");
	expect("kdb: kill: '99' is out of range (1..64)\n");
	expect("kdb: kill: unknown symbol 'FOO'\n");
	expect("kdb: kill: no task with pid 4242\n");
	expect("kdb: kill: wrong arguments; usage: kill -<signal> <pid>\n");
}

static void test_sr(void **state)
{
	unsigned int before = fake_log_count();
	int keys[2];

	run("sr 5\rsr g\rsr s\rsr x\rsr\rgo\r");
	/* The key ran now: what it logged is shown. */
	assert_int_equal(fake_log_count(), before + 2);
	expect(fake_log_line(before));
	expect(fake_log_line(before + 1));
	expect("Loglevel set to 5");
	expect("kdb: sr: 'g' refused: the debugger is already running\n");
	expect("sysrq 's' queued: it runs when the machine resumes (go)\n");
	assert_int_equal(fake_sysrq_queued(keys, 2), 1);
	assert_int_equal(keys[0], 's');
	expect("kdb: sr: 'x' is not a sysrq key (sr h lists them)\n");
	expect("kdb: sr: wrong arguments; usage: sr <key>\n");
}

/* --- log, modules, summary ------------------------------------------------ */

static void test_dmesg_all(void **state)
{
	unsigned int i, n = fake_log_count();

	run("set LINES 0\rdmesg\rgo\r");
	for (i = 0; i < n; i++)
		expect(fake_log_line(i));
	expect(FAKE_LOG_MARKER "\n");
}

static void test_dmesg_ranges(void **state)
{
	unsigned int n = fake_log_count();

	run("dmesg 3\rgo\r");
	expect(fake_log_line(n - 3));
	expect(fake_log_line(n - 1));
	expect_not(fake_log_line(n - 4));

	fake_output_clear();
	run("dmesg -2\rgo\r");
	expect(fake_log_line(0));
	expect(fake_log_line(1));
	expect_not(fake_log_line(2));

	/* The last 2 lines, ending 5 before the end. */
	fake_output_clear();
	run("dmesg 2 5\rgo\r");
	expect(fake_log_line(n - 7));
	expect(fake_log_line(n - 6));
	expect_not(fake_log_line(n - 5));
	expect_not(fake_log_line(n - 8));

	/* The first 2 lines, starting 3 after the start. */
	fake_output_clear();
	run("dmesg -2 3\rgo\r");
	expect(fake_log_line(3));
	expect(fake_log_line(4));
	expect_not(fake_log_line(2));
	expect_not(fake_log_line(5));
}

static void test_dmesg_out_of_range(void **state)
{
	run("dmesg 5 100\rdmesg -5 100\rdmesg 1 -1\rgo\r");
	assert_int_equal(count("no records in that range"), 2);
	expectf("kdb: dmesg: no records in that range (the log has %u)\n",
		fake_log_count());
	expect("kdb: dmesg: adjust must not be negative\n");
}

/*
 * EXPECTED TO FAIL until kdb is fixed: "dmesg -9223372036854775808" (any
 * expression worth INT64_MIN) negates INT64_MIN at kdb_cmd_sys.c:79
 * (count = (u64)-lines): signed overflow, undefined behaviour; under
 * UBSan the process aborts. It should show the whole log (the first
 * 2^63 records). Skipped before it runs: the abort would end the suite.
 */
static void test_dmesg_int64_min(void **state)
{
	run("set LINES 0\rdmesg -9223372036854775808\rgo\r");
	expect(fake_log_line(0));
}

static void test_lsmod(void **state)
{
	struct dbg_module_iter it = {};
	struct dbg_module m;
	unsigned int n = 0;

	run("lsmod\rgo\r");
	expect("Module                   Size  Address             State    Refs  struct module\n");
	while (dbg_module_next(&it, &m) == 1) {
		expectf("%-20s %8llu  0x%016llx  %-8s %4d  0x%016llx\n", m.name,
			m.size, m.base, m.state, m.refcount, m.addr);
		n++;
	}
	assert_int_equal(n, 2);
}

static void test_summary(void **state)
{
	const struct dbg_sysinfo *s = fake_sysinfo();
	time_t t = s->realtime_sec;
	u64 up = s->uptime_ns / 1000000000ULL;
	struct tm tm;
	char date[64];

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S UTC", &tm);
	run("summary\rgo\r");
	expectf("release    %s\n", s->release);
	expectf("nodename   %s\n", s->nodename);
	expectf("date       %s\n", date);
	expectf("uptime     %llu days, %02llu:%02llu:%02llu\n", up / 86400,
		up % 86400 / 3600, up % 3600 / 60, up % 60);
	expectf("load avg   %lu.%02lu ", s->loadavg[0] / 100,
		s->loadavg[0] % 100);
	expectf("cpus       %u online, %u possible\n", s->cpus_online,
		s->cpus_possible);
	expectf("cmdline    %s\n", s->cmdline);
}

/* --- environment ---------------------------------------------------------- */

static void test_env_defaults(void **state)
{
	run("env\rgo\r");
	expect("\nPROMPT=[%d]kdb> \n");
	expect("\nLINES=24\n");
	expect("\nRADIX=16\n");
	expect("\nBTDEPTH=32\n");
}

static void test_set_forms(void **state)
{
	run("set FOO=bar\rset FOO\rset FOO baz\rset FOO\rset FOO=\rset FOO\rgo\r");
	expect("FOO=bar\n");
	expect("FOO=baz\n");
	expect("kdb: set: FOO is not set\n");
}

static void test_set_invalid_values(void **state)
{
	run("set RADIX 7\rset LINES abc\rset PROMPT %s\rset VERYVERYVERYLONGNAME 1\rset A=1 2\rset RADIX\rset LINES\rgo\r");
	expect("kdb: set: RADIX: RADIX must be 8, 10 or 16\n");
	expect("kdb: set: LINES: LINES must be 0 (no pager) or 2..10000\n");
	expect("kdb: set: PROMPT: PROMPT may hold one %d and no other %\n");
	expect("kdb: set: name too long\n");
	expect("kdb: set: wrong arguments");
	/* Nothing changed. */
	expect("\nRADIX=16\n");
	expect("\nLINES=24\n");
}

static void test_set_prompt_and_radix(void **state)
{
	u64 j = fake_sym("jiffies"), v = peek64(j);

	run("set PROMPT \"cpu%d> \"\rset RADIX 10\rmd jiffies 1\rgo\r");
	expect("cpu0> md jiffies 1\n");
	expectf("0x%016llx %20llu ", j, v);
}

static void test_state_kept_across_sessions(void **state)
{
	run("set FOO=1\rgo\r");
	fake_output_clear();
	/* The environment survives the resume... */
	run("set FOO\rgo\r");
	expect("[0]kdb> set FOO\nFOO=1\n");
	/* ... and so does the history: go, set FOO, go, set FOO=1. */
	fake_output_clear();
	run("\x1b[A\x1b[A\x1b[A\x1b[A\rset FOO\rgo\r");
	expect("\b\bset FOO=1\n");
}

/* --- macros --------------------------------------------------------------- */

static void test_defcmd_define_and_run(void **state)
{
	run("defcmd x\rcpus\rlsmod | grep e1000\rendefcmd\rx\rgo\r");
	expect("Type the commands of x, one a line, then endefcmd (Ctrl-C drops it)\n");
	expect("defcmd> cpus\n");
	expect("[x]kdb> cpus\n CPU  STATE");
	expect("[x]kdb> lsmod | grep e1000\ne1000e ");
	expect_not("\ncstest  ");
}

static void test_defcmd_redefine_list_delete(void **state)
{
	run("defcmd x\rcpus\rendefcmd\rdefcmd x \"u\" \"h\"\rlsmod\rendefcmd\rx\rdefcmd\rhelp x\rdefcmd -d x\rx\rdefcmd -d x\rgo\r");
	expect("[x]kdb> lsmod\n");
	expect_not("[x]kdb> cpus\n");
	expect("defcmd x \"u\" \"h\"\n  lsmod\nendefcmd\n");
	expect("defcmd dumpall \"\" \"first line debugging\"  (built in)\n");
	expect("x u (macro)\n    h\n    lsmod\n");
	expect("macro x deleted\n");
	expect("kdb: x: unknown command, and not an expression: unknown symbol 'x'\n");
	expect("kdb: defcmd: x: no such macro\n");
}

static void test_defcmd_command_name_refused(void **state)
{
	run("defcmd md\rdefcmd endefcmd\rdefcmd -bad\rgo\r");
	expect("kdb: defcmd: md is a command: a macro cannot hide it\n");
	expect("kdb: defcmd: endefcmd is a command: a macro cannot hide it\n");
	expect("kdb: defcmd: -bad: bad macro name");
	expect("[0]kdb> go");
}

static void test_defcmd_ctrl_c_drops(void **state)
{
	run("defcmd y\rcpus\r\x03y\rgo\r");
	expect("defcmd: definition dropped\n");
	expect("kdb: y: unknown command, and not an expression");
	expect("[0]kdb> go");
}

/*
 * EXPECTED TO FAIL until kdb is fixed: Ctrl-C during a defcmd writes
 * "defcmd: definition dropped\n" with a length of 28 for 27 characters
 * (kdb_main.c:931), so a NUL byte goes to the console.
 */
static void test_defcmd_ctrl_c_writes_no_nul(void **state)
{
	run("defcmd y\r\x03go\r");
	expect("defcmd: definition dropped\n");
	assert_int_equal(fake_output_bytes(0), 0);
}

static void test_defcmd_nesting_limit(void **state)
{
	run("defcmd a\ra\rendefcmd\ra\rgo\r");
	assert_int_equal(count("[a]kdb> a\n"), 4);
	expect("kdb: a: macros nested too deeply (4)\n");
	expect("[0]kdb> go");
}

static void test_defcmd_not_inside_macro(void **state)
{
	run("defcmd m\rdefcmd z\rendefcmd\rm\rgo\r");
	expect("kdb: defcmd: not inside a macro\n");
}

static void test_builtin_dumpcpu(void **state)
{
	assert_int_equal(run("set LINES 0\rdumpcpu\rgo\r"), DBG_ACTION_RESUME);
	expect("[dumpcpu]kdb> pid R\n");
	expect("[dumpcommon]kdb> summary\n");
	expect("[dumpcommon]kdb> dmesg 600\n");
	expect("[dumpcpu]kdb> btc\n");
	expect("CPU 3:\n  MISSING: it did not stop, no backtrace\n");
	expect_not("kdb: ");
}

static void test_builtin_dumpall(void **state)
{
	assert_int_equal(run("set LINES 0\rdumpall\rgo\r"), DBG_ACTION_RESUME);
	expect("[dumpall]kdb> bta\n");
	expect("Stack traceback for pid 812 (sync), state D:\n");
	expect_not("kdb: ");
}

/*
 * EXPECTED TO FAIL until kdb is fixed: dumpcommon sets LINES 10000 so
 * that dumpall and dumpcpu run unpaged, but the pager's page size is
 * taken once per typed line (kdb_begin_output(), kdb_main.c:883,
 * called at :940), so
 * with the default LINES 24 they still stop at "more> ".
 */
static void test_builtin_dump_unpaged(void **state)
{
	run("dumpcpu\rgo\r");
	expect_not("more> ");
	expect("[dumpcpu]kdb> btc\n");
}

/* --- | grep --------------------------------------------------------------- */

static void test_grep(void **state)
{
	run("set LINES 0\rps A | grep kworker\rgo\r");
	expect_ps_line(FT_KWORKER0, true);
	expect_ps_line(FT_KWORKER1, true);
	expect_ps_line(FT_INIT, false);
	expect_not("Task Addr");

	fake_output_clear();
	run("set LINES 0\rps A | grep -v kworker\rgo\r");
	expect_ps_line(FT_KWORKER0, false);
	expect_ps_line(FT_INIT, true);

	fake_output_clear();
	run("ps A | grep -i KWORKER/1\rgo\r");
	expect_ps_line(FT_KWORKER1, true);
	expect_ps_line(FT_KWORKER0, false);
}

static void test_grep_anchors_and_chains(void **state)
{
	run("set LINES 0\rps A | grep ^0x | grep 1$\rhelp | grep grep\rgo\r");
	expect(" -   swapper/1\n");
	expect(" i   kworker/0:1\n");
	expect_not("swapper/0");
	expect_not("Task Addr");
	expect("\ngrephelp ");
	expect("\nAppend '| grep");
	expect_not("\nmd ");
}

static void test_grep_bad_clauses(void **state)
{
	run("ps | foo\rps |\r| grep x\rps | grep\rgo\r");
	expect("kdb: |: only '| grep [-v] [-i] PATTERN' is supported (try grephelp)\n");
	expect("kdb: |: nothing after '|' (try grephelp)\n");
	expect("kdb: |: no command before '|'\n");
	expect_not("Task Addr");
}

/* An error in a later '|' clause, or of the command, is not filtered. */
static void test_grep_later_clause_errors_shown(void **state)
{
	run("ps | grep a | grep b | grep c | grep d | grep e\rps | grep sh | foo\rmd nosuch | grep zzz\rgo\r");
	expect("kdb: |: at most 4 filters\n");
	expect("kdb: |: only '| grep [-v] [-i] PATTERN' is supported");
	expect("kdb: md: unknown symbol 'nosuch'\n");
	expect_not("Task Addr");
}

/* --- the pager ------------------------------------------------------------ */

/* ps A: short lines, one screen row each; the tasks in walk order. */
static void expect_ps_lines(enum fake_task_id first, enum fake_task_id last,
			    bool want)
{
	unsigned int id;

	for (id = first; id <= last; id++)
		expect_ps_line(id, want);
}

static void test_pager_page(void **state)
{
	run("set LINES 5\rps A\rq");
	/* LINES - 1 lines: the title and 3 tasks, then the prompt. */
	assert_int_equal(lines_before_more("[0]kdb> ps A\n") - 1, 4);
	expect_ps_lines(FT_SWAPPER0, FT_SWAPPER2, true);
	expect_ps_lines(FT_SWAPPER3, FAKE_NR_TASKS - 1, false);
	assert_int_equal(count("more> "), 1);
}

static void test_pager_space_and_enter(void **state)
{
	run("set LINES 5\rps A\r \rq");
	/* Space: a page more (LINES - 1 lines); Enter: one line more. */
	assert_int_equal(count("more> "), 3);
	expect_ps_lines(FT_SWAPPER0, FT_KWORKER1, true);
	expect_ps_lines(FT_KSOFTIRQD, FAKE_NR_TASKS - 1, false);
}

static void test_pager_counts_wrapped_rows(void **state)
{
	/* md's help line is longer than COLUMNS (80): it takes 2 rows. */
	run("set LINES 5\rhelp\rq");
	assert_int_equal(lines_before_more("[0]kdb> help\n") - 1, 3);
	fake_output_clear();
	run("set LINES 5\rset COLUMNS 0\rhelp\rq");
	assert_int_equal(lines_before_more("[0]kdb> help\n") - 1, 4);
}

static void test_pager_quit(void **state)
{
	assert_int_equal(run("set LINES 5\rps A\rqlsmod\rgo\r"),
			 DBG_ACTION_RESUME);
	expect_ps_lines(FT_SWAPPER3, FAKE_NR_TASKS - 1, false);
	/* The prompt is back and the next command runs normally. */
	expect("[0]kdb> lsmod\nModule ");
	expect("Resuming\n");
}

static void test_pager_search(void **state)
{
	run("set LINES 5\rps A\r/sync\rq");
	expect("search> sync");
	/* The lines before the match were skipped, then a page goes on. */
	expect_ps_lines(FT_SWAPPER3, FT_KSOFTIRQD, false);
	expect_ps_lines(FT_SYNC, FT_CSTEST, true);
	expect_ps_line(FT_STRESS, false);
}

static void test_pager_other_key(void **state)
{
	run("set LINES 5\rps A\rxq");
	expect("Only 'q', ' ', Enter or '/' at the more prompt");
}

static void test_ctrl_c_stops_long_output(void **state)
{
	/* Typed ahead: the Ctrl-C is there while md prints. */
	fake_set_typeahead(true);
	assert_int_equal(run("set LINES 0\rmd 0xffffffff81000000 4096\r\x03" "cpus\rgo\r"),
			 DBG_ACTION_RESUME);
	expect("^C (output stopped)\n");
	expect_not(md_line(FAKE_KERNEL_BASE + 0x1000, 8, 16));
}

static void test_typed_ahead_during_long_output_runs_next(void **state)
{
	/* The polls for Ctrl-C read "cpus" while md prints: kept, run next. */
	fake_set_typeahead(true);
	assert_int_equal(run("set LINES 0\rmd 0xffffffff81000000 64\rcpus\rgo\r"),
			 DBG_ACTION_RESUME);
	expect(md_line(FAKE_KERNEL_BASE + 0x3f0, 8, 16));
	expect("]kdb> cpus\n CPU  STATE");
	expect_not("unknown command");
	expect("Resuming\n");
}

static void test_typed_ahead_q_stops_bta_prompt(void **state)
{
	/* bta's pause reads a kept key as its answer. */
	fake_set_typeahead(true);
	assert_int_equal(run("set BTAPROMPT 1\rbta\rq" "go\r"),
			 DBG_ACTION_RESUME);
	expect("Enter <q> to end, <cr> or <space> to continue:\n");
	expect("Resuming\n");
}

/* --- permissions and lockdown --------------------------------------------- */

static void test_cmd_enable_inspect_only(void **state)
{
	kdb_cmd_enable = KDB_ENABLE_INSPECT;
	run("md jiffies\rmm jiffies 1\rrd\rjiffies\rps\rbt\rgo 0x10\rgo\r");
	expect("kdb: md: refused: memory reads are disabled (kdb.cmd_enable=0x20)\n");
	expect("kdb: mm: refused: memory writes are disabled (kdb.cmd_enable=0x20)\n");
	expect("kdb: rd: refused: register reads are disabled (kdb.cmd_enable=0x20)\n");
	expect("kdb: jiffies: unknown command; expressions are refused: memory reads are disabled (kdb.cmd_enable=0x20)\n");
	expect_ps_line(FT_SH, true);
	expect("Stack traceback for pid 1000 (sh)");
	expect("kdb: go: refused: register writes are disabled");
	expect("Resuming\n");
	assert_int_equal(fake_mem_writes(), 0);
	assert_int_equal(fake_set_reg_calls(), 0);
}

static void test_cmd_enable_help_lists_allowed(void **state)
{
	kdb_cmd_enable = KDB_ENABLE_INSPECT;
	run("set LINES 0\rhelp\rgo\r");
	expectf("\n%-15s ", "ps");
	expectf("\n%-15s ", "go");	/* allowed without arguments */
	expectf_not("\n%-15s ", "md");
	expectf_not("\n%-15s ", "reboot");
}

/*
 * EXPECTED TO FAIL until kdb is fixed: kdb.cmd_enable without memory
 * reads refuses "jiffies" alone ("symbol lookups need memory reads") but
 * every command argument goes through kdb_arg_addr() (kdb_main.c:211),
 * which evaluates "*addr" and symbols with no check: "btp *jiffies" or
 * "dmesg -1 (*jiffies)&0xf" (which shows the log record numbered by the
 * low bits of jiffies) read kernel memory with only inspection, or even
 * only the safe commands, enabled.
 */
static void test_cmd_enable_args_read_no_memory(void **state)
{
	kdb_cmd_enable = KDB_ENABLE_INSPECT;
	run("btp *jiffies\rdmesg -1 (*jiffies)&0xf\rgo\r");
	assert_int_equal(fake_mem_reads(), 0);
}

/*
 * EXPECTED TO FAIL until kdb is fixed: sr is in the always-safe category
 * (kdb_main.c command table) and dbg_sysrq() checks nothing, so with
 * kdb.cmd_enable allowing neither reboot nor signals, "sr b" reboots at
 * once, "sr c" crashes and "sr e" signals every task on resume. Mainline
 * kdb passes sysrq's own enable mask unless cmd_enable is 1; the API has
 * no way to ask for that.
 */
static void test_sr_respects_cmd_enable(void **state)
{
	unsigned int before = fake_log_count();

	kdb_cmd_enable = KDB_ENABLE_INSPECT;
	run("reboot\rsr b\rsr c\rsr e\rgo\r");
	expect("kdb: reboot: refused");
	assert_int_equal(fake_log_count(), before);	/* b did not run */
	assert_int_equal(fake_sysrq_queued(NULL, 0), 0);
}

static void test_lockdown_confidentiality(void **state)
{
	fake_set_lockdown(DBG_DENY_READ | DBG_DENY_WRITE);
	run("md jiffies\rrd\rmm jiffies 1\rps\rgo 0x10\rgo\r");
	expect("kernel lockdown (confidentiality)");
	expect("kdb: md: refused: memory reads are forbidden by kernel lockdown");
	expect("kdb: rd: refused: register reads are forbidden by kernel lockdown");
	expect("kdb: mm: refused: memory writes are forbidden by kernel lockdown");
	expect("kdb: go: refused: register writes are forbidden by kernel lockdown");
	expect_ps_line(FT_SH, true);
	expect("Resuming\n");
	assert_int_equal(fake_mem_reads(), 0);
	assert_int_equal(fake_set_reg_calls(), 0);
}

static void test_lockdown_read_only_bit(void **state)
{
	fake_set_lockdown(DBG_DENY_READ);
	run("md jiffies\rrd\rps\rgo\r");
	expect("kdb: md: refused: memory reads are forbidden by kernel lockdown (confidentiality)\n");
	expect("kdb: rd: refused: register reads are forbidden by kernel lockdown (confidentiality)\n");
	expect_ps_line(FT_SH, true);
}

/*
 * DBG_DENY_READ alone (the API allows it: an LSM may deny only the
 * confidentiality reasons) denies reads and nothing else, and the
 * banner says exactly that.
 */
static void test_lockdown_read_bit_denies_reads_only(void **state)
{
	char in[64];

	fake_set_lockdown(DBG_DENY_READ);
	snprintf(in, sizeof(in), "md jiffies\rgo 0x%llx\r",
		 (unsigned long long)fake_sym("startup_64"));
	run(in);
	expect("kernel lockdown (confidentiality): no memory or register reads\n");
	expect_not("writes");
	expect("kdb: md: refused: memory reads are forbidden by kernel lockdown");
	assert_int_equal(fake_reg_value(SH, FR_RIP), fake_sym("startup_64"));
}

static void test_lockdown_integrity(void **state)
{
	u64 j = fake_sym("jiffies"), old = peek64(j);
	u64 rip = fake_reg_value(SH, FR_RIP);

	fake_set_lockdown(DBG_DENY_WRITE);
	assert_int_equal(run("md jiffies 1\rmm jiffies 1\rrm rip 1\rgo 0x10\rkill -9 1\rgo\r"),
			 DBG_ACTION_RESUME);
	expect("kernel lockdown (integrity)");
	expect(md_line(j, 8, 16));
	expect("kdb: mm: refused: memory writes are forbidden by kernel lockdown (integrity)\n");
	expect("kdb: rm: refused: register writes are forbidden by kernel lockdown (integrity)\n");
	expect("kdb: go: refused: register writes are forbidden by kernel lockdown (integrity)\n");
	expect("kdb: kill: refused by kernel lockdown\n");
	expect("Resuming\n");
	assert_int_equal(peek64(j), old);
	assert_int_equal(fake_reg_value(SH, FR_RIP), rip);
	assert_int_equal(fake_signals_queued(NULL, NULL, 0), 0);
}

/* --- leaving the session -------------------------------------------------- */

static void test_go_address(void **state)
{
	u64 a = fake_sym("startup_64");

	assert_int_equal(run("go startup_64\r"), DBG_ACTION_RESUME);
	assert_int_equal(fake_reg_value(SH, FR_RIP), a);
	expectf("Resuming at %s\n", sym(a));
}

static void test_go_address_refused_without_resume_at(void **state)
{
	u64 rip = fake_reg_value(SH, FR_RIP);

	fake_set_event("nmi", NULL, false, false);
	assert_int_equal(run("go 0x10\rgo bad(\rgo\r"), DBG_ACTION_RESUME);
	expect("kdb: go: the entering CPU cannot resume elsewhere (nmi entry): it returns to where it stopped\n");
	assert_int_equal(fake_reg_value(SH, FR_RIP), rip);
}

static void test_bp_set_list_clear(void **state)
{
	u64 a = fake_sym("do_wait");

	run("bp do_wait if $rdi == 5 cpu 1 skip 2 count 3 once do \"bt; go\"\r"
	    "bp\rbd 0\rbl\rbe do_wait\rbc *\rbp\rgo\r");
	expectf("Breakpoint 0 at %s\n", sym(a));
	expect("  #  STATE  KIND       HITS  STOPS  WHERE\n");
	expectf("  0  on     soft          0      0  %s\n", sym(a));
	expect("       if $rdi == 5\n");
	expect("       only on CPU 1\n");
	expect("       skips the first 2 hits\n");
	expect("       disabled after 3 stops\n");
	expect("       once: cleared at its first stop\n");
	expect("       do \"bt; go\"\n");
	expectf("Breakpoint 0 at %s disabled\n", sym(a));
	expect("  0  off    soft");
	expectf("Breakpoint 0 at %s enabled\n", sym(a));
	expect("1 breakpoints cleared\n");
	expect("No breakpoints set\n");
}

static void test_bp_bad_input(void **state)
{
	run("bp startup_64+1\rbp jiffies\rbp do_wait cpu 7\r"
	    "bp do_wait if\rbp do_wait if nosuch + 1\rbp do_wait if (1\r"
	    "bp do_wait skip\rbp do_wait frob\rbp do_wait count 0\r"
	    "bc 5\rbc\rbe nosuch\rbl 3\rbp do_wait\rbp do_wait\rgo\r");
	expect("kdb: bp: startup_64+1 refused: inside an instruction\n");
	expect("kdb: bp: jiffies refused: not kernel or module text\n");
	expect("kdb: bp: no CPU 7");
	expect("kdb: bp: 'if' needs an expression\n");
	expect("kdb: bp: condition: ");
	expect("kdb: bp: 'skip' needs a number\n");
	expect("kdb: bp: unknown word 'frob' (if, cpu, skip, count, once, do)\n");
	expect("kdb: bp: '0' is out of range (1..4294967295)\n");
	expect("kdb: bc: no breakpoint 5\n");
	expect("kdb: be: ");
	expect("kdb: bl: bl only lists; bp sets\n");
	expect("kdb: bp: breakpoint 0 is already at");
}

static void test_bph_kinds_and_listing(void **state)
{
	u64 a = fake_sym("do_wait"), j = fake_sym("jiffies");

	run("bph do_wait\rbph jiffies dataw 8 cpu 1\rbph jiffies+8 datar\r"
	    "bl\rbc *\rbl\rgo\r");
	expectf("Hardware breakpoint 0 at %s\n", sym(a));
	expectf("Watchpoint 1: write to 8 bytes at %s\n", sym(j));
	expectf("Watchpoint 2: read or write of 1 bytes at %s\n", sym(j + 8));
	expectf("  0  on     inst          0      0  %s\n", sym(a));
	expectf("  1  on     dataw 8       0      0  %s\n", sym(j));
	expect("       only on CPU 1\n");
	expectf("  2  on     datar 1       0      0  %s\n", sym(j + 8));
	expect("Debug registers: 3 of 4 in use\n");
	expect("3 breakpoints cleared\n");
	expect("Debug registers: 0 of 4 in use\n");
}

static void test_bph_bad_input(void **state)
{
	run("bph\rbph jiffies+1 dataw 8\rbph jiffies dataw 3\r"
	    "bph jiffies dataw 16\rbph do_wait inst 4\rbph do_wait datax\r"
	    "bph jiffies dataw 8 frob\rbph jiffies+4 datar 4 if\r"
	    "bph jiffies dataw 8\rbph jiffies+8 dataw 8\r"
	    "bph jiffies+16 dataw 8\rbph jiffies+24 dataw 8\r"
	    "bph jiffies+32 dataw 8\rbp do_wait\rbc *\rgo\r");
	expect("kdb: bph: ");
	expect("kdb: bph: jiffies+1 refused: the address must be aligned to the length\n");
	expect("kdb: bph: jiffies refused: the length must be 1, 2, 4 or 8 bytes\n");
	expect("kdb: bph: '16' is out of range (1..8)\n");
	expect("kdb: bph: '4': the kind is inst, dataw or datar; only data has a length\n");
	expect("kdb: bph: 'datax': the kind is inst, dataw or datar; only data has a length\n");
	expect("kdb: bph: unknown word 'frob' (if, cpu, skip, count, once, do)\n");
	expect("kdb: bph: 'if' needs an expression\n");
	expect("Watchpoint 3: write to 8 bytes at");
	expect("kdb: bph: jiffies+32 refused: all 4 debug registers the debugger reserved are in use\n");
	expect("Breakpoint 4 at");
	expect("5 breakpoints cleared\n");
}

static void test_watchpoint_banner(void **state)
{
	u64 j = fake_sym("jiffies");

	run("bph jiffies dataw 8\rgo\r");
	fake_output_clear();
	fake_bp_stopped_at(1, 0, 2);
	fake_set_event("watchpoint", NULL, false, true);
	run("go\r");
	expectf("Watchpoint 0 (write 8 bytes at %s) hit on CPU 1 (2 hits)\n",
		sym(j));
	expect("    value now 0x");
	expect("    accessed by the instruction before ");
}

static void test_kgdb_hands_over_to_the_stub(void **state)
{
	assert_int_equal(run("kgdb now\rkgdb\r"), DBG_ACTION_SWITCH);
	expect("kdb: kgdb: wrong arguments; usage: kgdb\n");
	expect("Entering the GDB stub: connect gdb to this line\n");
	expect_not("Resuming");
	assert_string_equal(fake_switched_to(), "gdb");
}

static void test_bp_table_full(void **state)
{
	char line[64];
	unsigned int i;

	for (i = 0; i < DBG_BP_MAX; i++) {
		snprintf(line, sizeof(line), "bp startup_64+%u\r", i * 4);
		run(line);
	}
	run("bp do_wait\rbc *\rgo\r");
	expect("kdb: bp: all 64 breakpoints are in use (bc one)\n");
	expect("64 breakpoints cleared\n");
}

static void test_bp_banner_and_do_commands(void **state)
{
	u64 a = fake_sym("do_wait");

	run("bp do_wait do \"cpus ; go\"\rgo\r");
	fake_output_clear();
	fake_bp_stopped_at(FAKE_CPU_MASTER, 0, 3);
	fake_bp_stopped_at(1, 0, 3);
	fake_set_event("breakpoint", NULL, false, true);
	/* The commands run by themselves: no input at all. */
	assert_int_equal(run(""), DBG_ACTION_RESUME);
	expectf("Breakpoint 0 at %s hit on CPU 0 (3 hits)\n", sym(a));
	expectf("Breakpoint 0 at %s hit on CPU 1 (3 hits)\n", sym(a));
	expect("kdb> cpus\n");
	expect("kdb> go\n");
	expect("Resuming\n");
}

static void test_ss_steps_then_counts_down(void **state)
{
	assert_int_equal(run("ss 3\r"), DBG_ACTION_RESUME);
	assert_int_equal(fake_steps(), 1);
	expect_not("Resuming");
	/* The next two entries by single-step step again by themselves. */
	fake_set_event("single-step", NULL, false, true);
	assert_int_equal(run(""), DBG_ACTION_RESUME);
	assert_int_equal(run(""), DBG_ACTION_RESUME);
	assert_int_equal(fake_steps(), 3);
	/* Done: the next one waits at the prompt. */
	assert_int_equal(run("go\r"), DBG_ACTION_RESUME);
	assert_int_equal(fake_steps(), 3);
	expect("Resuming\n");
}

static void test_until_so_finish(void **state)
{
	u64 a = fake_sym("do_wait");

	assert_int_equal(run("until do_wait\r"), DBG_ACTION_RESUME);
	expectf("Running to %s (one-shot breakpoint 0, CPU 0)\n", sym(a));
	assert_int_equal(run("bp\runtil do_wait\r"), DBG_ACTION_RESUME);
	expect("       only on CPU 0\n");
	expect("       once: cleared at its first stop\n");
	expectf("Running to breakpoint 0 at %s\n", sym(a));
	assert_int_equal(run("bd 0\runtil do_wait\rgo\r"), DBG_ACTION_RESUME);
	expectf("kdb: until: breakpoint 0 at %s is disabled: be 0 first\n",
		sym(a));
	/* Not on a call: so is one ss. */
	assert_int_equal(run("so\r"), DBG_ACTION_RESUME);
	assert_int_equal(fake_steps(), 1);
	/* The caller's return address is inside a fake 4-byte instruction. */
	run("finish\rgo\r");
	expect("kdb: finish: cannot stop at __handle_sysrq+0x8f/0x140: inside an instruction\n");
}

static void test_ss_refused(void **state)
{
	fake_set_event("nmi", NULL, false, false);
	run("ss\rss 0\rss 1 2\rcpu 1\rss\rgo\r");
	expect("kdb: ss: the entering CPU cannot be stepped\n");
	expect("kdb: ss: '0' is out of range (1..100000)\n");
	expect("kdb: ss: ss steps the CPU kdb runs on (0); 'cpu 0' first\n");
	assert_int_equal(fake_steps(), 0);
}

static void test_reboot(void **state)
{
	assert_int_equal(run("reboot\r"), DBG_ACTION_REBOOT);
	expect("Rebooting\n");
	expect_not("Resuming");
}

static void test_panic_event(void **state)
{
	fake_set_event("panic", "Kernel panic - not syncing: fake", true, false);
	assert_int_equal(run("kill -9 1\rsr s\rgo\r"), DBG_ACTION_RESUME);
	expect("(reason: panic)");
	expect("panic: Kernel panic - not syncing: fake\n");
	expect("kdb: kill: the machine does not resume after this panic\n");
	expect("kdb: sr: s: the machine does not resume after this panic\n");
	expect("Resuming the panic; the other CPUs stay halted\n");
	assert_int_equal(fake_signals_queued(NULL, NULL, 0), 0);
}

/* --- the line editor ------------------------------------------------------ */

static void test_history_up_arrow(void **state)
{
	run("set LINES 0\rcpus\r\x1b[A\rgo\r");
	assert_int_equal(count(" CPU  STATE"), 2);
}

static void test_tab_completes_command(void **state)
{
	run("hel\t\rgo\r");
	expect("[0]kdb> help \n");
	expect("Command         Usage");
}

static void test_tab_completes_symbol(void **state)
{
	run("md linux_ba\t\rgo\r");
	expect("[0]kdb> md linux_banner \n");
	expect(md_line(fake_sym("linux_banner"), 8, 16));
}

static void test_tab_lists_candidates(void **state)
{
	run("$rs\t\t\x15go\r");
	expect("$rsi");
	expect("$rsp");
}

static void test_line_noise(void **state)
{
	char in[256 + 1 + 600 + 1 + 16];
	size_t i, n = 0;

	for (i = 0; i < 256; i++)
		in[n++] = i;
	in[n++] = '\r';
	for (i = 0; i < 600; i++)
		in[n++] = 'x';
	in[n++] = '\r';
	memcpy(in + n, "cpus\rgo\r", 8);
	n += 8;
	assert_int_equal(fake_run_session(in, n), DBG_ACTION_RESUME);
	expect("[0]kdb> cpus\n CPU  STATE");
	expect("Resuming\n");
}

static void test_overlong_line(void **state)
{
	char in[2048];
	size_t n;

	memset(in, 'a', 1500);
	n = 1500;
	memcpy(in + n, "\rcpus\rgo\r", 9);
	n += 9;
	assert_int_equal(fake_run_session(in, n), DBG_ACTION_RESUME);
	expect("symbol name too long");
	expect("[0]kdb> cpus\n CPU  STATE");
}

static void test_prompt_follows_selected_cpu(void **state)
{
	run("cpu 1\rcpu 2\rpid 1\rgo\r");
	expect("[1]kdb> cpu 2\n");
	expect("[2]kdb> pid 1\n");
	/* A task that is not on a CPU: the prompt shows the master's. */
	expect("[0]kdb> go\n");
}

/*
 * The text the dump takes along: what the console showed, the command
 * line as entered (not the editing keys' echo).
 */
static void test_transcript_has_lines_as_entered_and_output(void **state)
{
	static char t[DBG_TRANSCRIPT_BYTES + 1];
	size_t n;

	assert_int_equal(run("cpux\bs\rgo\r"), DBG_ACTION_RESUME);
	n = dbg_transcript_copy(t, sizeof(t) - 1);
	t[n] = '\0';
	assert_non_null(strstr(t, "kdb> cpus\n"));
	assert_non_null(strstr(t, "kdb> go\n"));
	assert_null(strchr(t, '\b'));
	assert_null(strstr(t, "cpux"));
	/* cpus' output, as the console showed it. */
	assert_true(has(" CPU  STATE"));
	assert_non_null(strstr(t, "kdb> cpus\n CPU  STATE"));
	assert_non_null(strstr(t, "Resuming"));
}

int main(void)
{
#define T(f)	cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_fake_core_contract),
		T(test_banner),
		T(test_banner_oops_message),
		T(test_input_runs_out),
		T(test_help_lists_everything),
		T(test_help_command),
		T(test_unknown_command),
		T(test_ambiguous_prefix),
		T(test_grephelp),
		T(test_expr_symbol),
		T(test_expr_offset_and_arithmetic),
		T(test_expr_deref_and_register),
		T(test_expr_errors),
		T(test_expr_long_symbol_message),
		T(test_expr_module_symbol),
		T(test_md_default),
		T(test_md_bytes_and_count),
		T(test_md_width4_lines),
		T(test_md_radix),
		T(test_md_zero_lines),
		T(test_md_runs_into_unmapped),
		T(test_md_repeat_continues),
		T(test_md_without_address),
		T(test_md_count_too_large),
		T(test_md_abbreviation),
		T(test_mdr),
		T(test_mdr_repeat),
		T(test_mdr_stops_at_unmapped_page),
		T(test_mds_symbols),
		T(test_mdp),
		T(test_mm_writes),
		T(test_mm_widths),
		T(test_mm_value_too_big),
		T(test_mm_errors),
		T(test_search_value),
		T(test_search_limit),
		T(test_search_text_across_page),
		T(test_search_text_unaligned),
		T(test_search_counts_unmapped_pages),
		T(test_search_user_address),
		T(test_whatis),
		T(test_per_cpu),
		T(test_rd_running_task),
		T(test_rd_sleeping_task),
		T(test_rd_task_on_missing_cpu),
		T(test_rm_changes_register),
		T(test_rm_eflags_only_user_flags),
		T(test_rm_pc_refused_without_resume_at),
		T(test_rm_pc_and_sp_must_be_usable),
		T(test_rm_frame_fixed_cpu),
		T(test_rm_refused),
		T(test_ef),
		T(test_ps_default_hides_idle_and_sleeping_kthreads),
		T(test_ps_all_and_states),
		T(test_ps_state_filter),
		T(test_pid),
		T(test_cpus),
		T(test_cpu_selects_task),
		T(test_cpu_missing_offline_bad),
		T(test_bt_frames_and_stack_change),
		T(test_bt_from_stack_address),
		T(test_bt_exact_depth_not_cut),
		T(test_btp),
		T(test_btt),
		T(test_bta),
		T(test_bta_prompt),
		T(test_bt_names_a_return_address_by_its_call),
		T(test_btc),
		T(test_stacks_groups),
		T(test_stacks_through_function),
		T(test_findstack),
		T(test_corrupted_task_list),
		T(test_kill),
		T(test_sr),
		T(test_dmesg_all),
		T(test_dmesg_ranges),
		T(test_dmesg_out_of_range),
		T(test_dmesg_int64_min),
		T(test_lsmod),
		T(test_summary),
		T(test_env_defaults),
		T(test_set_forms),
		T(test_set_invalid_values),
		T(test_set_prompt_and_radix),
		T(test_state_kept_across_sessions),
		T(test_defcmd_define_and_run),
		T(test_defcmd_redefine_list_delete),
		T(test_defcmd_command_name_refused),
		T(test_defcmd_ctrl_c_drops),
		T(test_defcmd_ctrl_c_writes_no_nul),
		T(test_defcmd_nesting_limit),
		T(test_defcmd_not_inside_macro),
		T(test_builtin_dumpcpu),
		T(test_builtin_dumpall),
		T(test_builtin_dump_unpaged),
		T(test_grep),
		T(test_grep_anchors_and_chains),
		T(test_grep_bad_clauses),
		T(test_grep_later_clause_errors_shown),
		T(test_pager_page),
		T(test_pager_space_and_enter),
		T(test_pager_counts_wrapped_rows),
		T(test_pager_quit),
		T(test_pager_search),
		T(test_pager_other_key),
		T(test_ctrl_c_stops_long_output),
		T(test_typed_ahead_during_long_output_runs_next),
		T(test_typed_ahead_q_stops_bta_prompt),
		T(test_cmd_enable_inspect_only),
		T(test_cmd_enable_help_lists_allowed),
		T(test_cmd_enable_args_read_no_memory),
		T(test_sr_respects_cmd_enable),
		T(test_lockdown_confidentiality),
		T(test_lockdown_read_only_bit),
		T(test_lockdown_read_bit_denies_reads_only),
		T(test_lockdown_integrity),
		T(test_ss_steps_then_counts_down),
		T(test_ss_refused),
		T(test_until_so_finish),
		T(test_bp_set_list_clear),
		T(test_bp_bad_input),
		T(test_kgdb_hands_over_to_the_stub),
		T(test_bph_kinds_and_listing),
		T(test_bph_bad_input),
		T(test_watchpoint_banner),
		T(test_bp_table_full),
		T(test_bp_banner_and_do_commands),
		T(test_go_address),
		T(test_go_address_refused_without_resume_at),
		T(test_reboot),
		T(test_panic_event),
		T(test_history_up_arrow),
		T(test_tab_completes_command),
		T(test_tab_completes_symbol),
		T(test_tab_lists_candidates),
		T(test_line_noise),
		T(test_overlong_line),
		T(test_prompt_follows_selected_cpu),
		T(test_transcript_has_lines_as_entered_and_output),
	};
#undef T

	return cmocka_run_group_tests_name("kdb_shell", tests, NULL, NULL);
}
