// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the address expression evaluator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "dbg_expr.h"

#define BAD_ADDR	0xdead000000000000ULL	/* reads fail: -EFAULT */
#define IO_ADDR		0xbadULL		/* reads fail: -EIO */

/* A name longer than any the evaluator holds is looked up by length. */
#define LONG_NAME_OK	127

struct fake {
	int reads;		/* ops->read calls */
	int symbols;		/* ops->symbol calls */
	unsigned int last_size;
};

static const struct {
	const char *name;
	u64 val;
} fake_symbols[] = {
	{ "jiffies", 0xffffffff82a05000ULL },
	{ "init_task", 0xffffffff82c12340ULL },
	{ "foo.cold", 0xffffffff81000100ULL },
	{ "__func__.12", 0xffffffff81000200ULL },
	{ "ext4:ext4_sync_fs", 0xffffffffc0001000ULL },
	{ "mod:foo.cold", 0xffffffffc0002000ULL },
	{ "table", 0x1000 },
	{ "_", 7 },
	{ ".L1", 8 },
};

static const struct {
	u64 addr, val;
} fake_memory[] = {
	{ 0x1000, 0x1008 },
	{ 0x1008, 0x1010 },
	{ 0x1010, 42 },
	{ 0x2000, 0xffffffffffffffffULL },
};

static int fake_symbol(void *ctx, const char *name, u64 *val)
{
	struct fake *f = ctx;
	size_t i, n = strlen(name);

	f->symbols++;
	for (i = 0; i < ARRAY_SIZE(fake_symbols); i++) {
		if (!strcmp(name, fake_symbols[i].name)) {
			*val = fake_symbols[i].val;
			return 0;
		}
	}
	/* xxx...x, as long as it gets: its length. */
	if (n >= LONG_NAME_OK && strspn(name, "x") == n) {
		*val = n;
		return 0;
	}
	return -ENOENT;
}

static int fake_reg(void *ctx, const char *name, u64 *val)
{
	if (!strcmp(name, "rip"))
		*val = 0xffffffff81234567ULL;
	else if (!strcmp(name, "rsp"))
		*val = 0xffffc90000003f00ULL;
	else if (!strcmp(name, "r12"))
		*val = 12;
	else if (!strcmp(name, "cs"))
		return -ENODATA;
	else
		return -ENOENT;
	return 0;
}

static int fake_read(void *ctx, u64 addr, unsigned int size, u64 *val)
{
	struct fake *f = ctx;
	size_t i;

	f->reads++;
	f->last_size = size;
	if (addr == BAD_ADDR)
		return -EFAULT;
	for (i = 0; i < ARRAY_SIZE(fake_memory); i++) {
		if (fake_memory[i].addr == addr) {
			*val = fake_memory[i].val;
			return 0;
		}
	}
	return -EIO;
}

static const char *fake_strerror(int err)
{
	return err == -EFAULT ? "bad address" : NULL;
}

static const struct dbg_expr_ops fake_ops = {
	.symbol = fake_symbol,
	.reg = fake_reg,
	.read = fake_read,
	.strerror = fake_strerror,
};

static struct fake fake;
static char err[128];

static int eval(const char *s, u64 *val)
{
	memset(&fake, 0, sizeof(fake));
	memset(err, 'Z', sizeof(err));
	return dbg_expr_eval(s, &fake_ops, &fake, val, err, sizeof(err));
}

/* @s evaluates to @want, with no message. */
static void ok(const char *s, u64 want)
{
	u64 val = 0x5a5a;
	int ret = eval(s, &val);

	if (ret)
		print_error("'%s': %d %s\n", s, ret, err);
	assert_int_equal(ret, 0);
	if (val != want)
		print_error("'%s' = %#llx, want %#llx\n", s, val, want);
	assert_true(val == want);
	assert_string_equal(err, "");
}

/* @s fails with @want_ret and message @want_msg (unless NULL). */
static void bad(const char *s, int want_ret, const char *want_msg)
{
	u64 val = 0x5a5a;
	int ret = eval(s, &val);

	if (ret != want_ret)
		print_error("'%s': got %d (%s), want %d\n", s, ret, err,
			    want_ret);
	assert_int_equal(ret, want_ret);
	assert_true(val == 0x5a5a);
	assert_true(strlen(err) > 0 && strlen(err) < sizeof(err));
	if (want_msg)
		assert_string_equal(err, want_msg);
}

static void test_numbers(void **state)
{
	ok("0", 0);
	ok("42", 42);
	ok("007", 7);
	ok("0x2a", 42);
	ok("0X2A", 42);
	ok("0xDeadBeef", 0xdeadbeef);
	ok("0x0000000000000000000000001", 1);
	ok("0xffffffffffffffff", ~0ULL);
	ok("18446744073709551615", ~0ULL);
	ok("  \t 12 \n", 12);
	bad("18446744073709551616", -ERANGE,
	    "number too large '18446744073709551616'");
	bad("0x1ffffffffffffffff", -ERANGE,
	    "number too large '0x1ffffffffffffffff'");
	bad("99999999999999999999999", -ERANGE, NULL);
	bad("12ab", -EINVAL, "bad number '12ab'");
	bad("1f", -EINVAL, "bad number '1f'");
	bad("0x", -EINVAL, "bad number '0x'");
	bad("0x+1", -EINVAL, "bad number '0x'");
	bad("0xg", -EINVAL, "bad number '0xg'");
	bad("0x12g5", -EINVAL, "bad number '0x12g5'");
	bad("1.5", -EINVAL, "bad number '1.5'");
	bad("3_000", -EINVAL, "bad number '3_000'");
	bad("2 + 0b101", -EINVAL, "bad number '0b101'");
	/* Long bad numbers are quoted only in part. */
	bad("1234567890123456789012345678901234567890123456789x", -EINVAL,
	    "bad number '1234567890123456789012345678901234567890...'");
	/* Not a number at all: a symbol. */
	bad("deadbeef", -ENOENT, "unknown symbol 'deadbeef'");
}

static const struct {
	const char *s;
	u64 val;
} cases[] = {
	/* Every operator. */
	{ "7 + 5", 12 }, { "7 - 5", 2 }, { "7 * 5", 35 }, { "7 / 5", 1 },
	{ "7 % 5", 2 }, { "6 & 3", 2 }, { "6 | 3", 7 }, { "6 ^ 3", 5 },
	{ "1 << 4", 16 }, { "256 >> 4", 16 }, { "3 == 3", 1 }, { "3 == 4", 0 },
	{ "3 != 4", 1 }, { "3 != 3", 0 }, { "3 < 4", 1 }, { "4 < 4", 0 },
	{ "4 <= 4", 1 }, { "5 <= 4", 0 }, { "5 > 4", 1 }, { "4 > 4", 0 },
	{ "4 >= 4", 1 }, { "3 >= 4", 0 }, { "2 && 3", 1 }, { "2 && 0", 0 },
	{ "0 || 0", 0 }, { "0 || 9", 1 }, { "-1", ~0ULL }, { "~0", ~0ULL },
	{ "~0xff", ~0xffULL }, { "!0", 1 }, { "!5", 0 }, { "*0x1010", 42 },
	/* No spaces needed. */
	{ "7+5*2", 17 }, { "1<<4>>2", 4 }, { "3==3!=0", 1 }, { "1<=2>=1", 1 },
	/* Precedence, pair by pair, both ways round. */
	{ "1 + 2 * 3", 7 }, { "2 * 3 + 1", 7 }, { "(1 + 2) * 3", 9 },
	{ "10 - 6 / 2", 7 }, { "10 / 2 - 1", 4 }, { "7 + 5 % 3", 9 },
	{ "1 << 2 + 1", 8 }, { "1 + 1 << 2", 8 }, { "1 << 1 * 3", 8 },
	{ "1 < 2 << 1", 1 }, { "8 >> 1 > 3", 1 }, { "1 < 2 == 1", 1 },
	{ "1 == 2 < 3", 1 }, { "2 & 1 == 1", 0 }, { "1 == 1 & 1", 1 },
	{ "2 & 3 != 0", 0 }, { "1 | 2 ^ 3 & 4", 3 }, { "4 & 3 ^ 2 | 1", 3 },
	{ "6 ^ 3 | 8", 13 }, { "8 | 6 ^ 3", 13 }, { "1 || 0 && 0", 1 },
	{ "0 && 1 || 1", 1 }, { "0 || 1 && 0", 0 }, { "5 | 0 && 0", 0 },
	{ "0 && 0 | 1", 0 }, { "4 & 2 || 0", 0 }, { "1 + 2 < 4", 1 },
	{ "3 + 4 == 7", 1 }, { "1 + 2 * 3 - 4 / 2", 5 },
	{ "1 || 2 && 3 | 4 ^ 5 & 6 == 7 < 8 << 9 + 10 * 11", 1 },
	{ "11 * 10 + 9 << 8 < 7 == 6 & 5 ^ 4 | 3 && 2 || 1", 1 },
	{ "2 + 3 * 4 * 5 - 6", 56 }, { "2 * 3 + 4 * 5", 26 },
	{ "1 + 2 * 3 << 1 + 1", 28 }, { "1 - 2 * 3 + 4 * 5 - 6", 9 },
	{ "2 * (3 + 4) * 5", 70 }, { "((2))", 2 }, { "(((1 + 2)))", 3 },
	{ "( 1 + ( 2 * ( 3 - 1 ) ) )", 5 }, { "(1 || 0) + 1", 2 },
	/* Left associativity. */
	{ "10 - 3 - 2", 5 }, { "100 / 10 / 5", 2 }, { "7 % 4 * 3", 9 },
	{ "2 * 7 % 4", 2 }, { "1 << 2 << 3", 32 }, { "256 >> 2 >> 3", 8 },
	{ "3 > 2 > 1", 0 }, { "1 == 1 == 1", 1 }, { "2 == 2 == 2", 0 },
	{ "1 + 2 + 3 + 4 - 5 - 6", ~0ULL },
	/* Unary chains and unary against binary. */
	{ "--1", 1 }, { "- -1", 1 }, { "-~0", 1 }, { "~-1", 0 },
	{ "!!7", 1 }, { "!!0", 0 }, { "!-1", 0 }, { "-!0", ~0ULL },
	{ "1 - -1", 2 }, { "1--1", 2 }, { "2 * -3", -6ULL },
	{ "-2 * 3", -6ULL }, { "~0 >> 60", 15 }, { "!0 + 1", 2 },
	{ "!(0 + 1)", 0 }, { "-(1 + 2)", -3ULL }, { "!1 == 0", 1 },
	{ "*0x1000", 0x1008 }, { "**0x1000", 0x1010 }, { "***0x1000", 42 },
	{ "*0x1000 + 8", 0x1010 }, { "*(0x1000 + 8)", 0x1010 },
	{ "*table", 0x1008 }, { "**table * 2", 0x2020 },
	{ "2 * *0x1010", 84 }, { "2**0x1010", 84 }, { "-*0x1010", -42ULL },
	{ "*-~0x100f", 42 }, { "!*0x1010", 0 }, { "~*0x2000", 0 },
	/* Unsigned 64-bit wrapping. */
	{ "0xffffffffffffffff + 2", 1 }, { "0 - 1", ~0ULL },
	{ "0x8000000000000000 * 2", 0 }, { "0x100000000 * 0x100000000", 0 },
	{ "-0x8000000000000000", 0x8000000000000000ULL },
	{ "-1 / 2", 0x7fffffffffffffffULL }, { "-1 % 10", 5 },
	{ "-1 > 0", 1 }, { "0 < -1", 1 }, { "-1 >= 1", 1 },
	/* Shifts are defined for every count. */
	{ "1 << 63", 0x8000000000000000ULL }, { "1 << 64", 0 },
	{ "1 << 100", 0 }, { "-1 >> 63", 1 }, { "-1 >> 64", 0 },
	{ "1 << -1", 0 }, { "5 >> 0", 5 }, { "-1 << 0x1000000000000000", 0 },
};

static void test_operators(void **state)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ok(cases[i].s, cases[i].val);
}

static void test_symbols(void **state)
{
	ok("jiffies", 0xffffffff82a05000ULL);
	ok("jiffies + 8", 0xffffffff82a05008ULL);
	ok("foo.cold", 0xffffffff81000100ULL);
	ok("__func__.12", 0xffffffff81000200ULL);
	ok("ext4:ext4_sync_fs", 0xffffffffc0001000ULL);
	ok("mod:foo.cold+1", 0xffffffffc0002001ULL);
	ok("_", 7);
	ok(".L1", 8);
	ok("(init_task)", 0xffffffff82c12340ULL);
	ok("jiffies-init_task", 0xffffffff82a05000ULL - 0xffffffff82c12340ULL);
	bad("jifies", -ENOENT, "unknown symbol 'jifies'");
	bad("1 + jifies * 2", -ENOENT, "unknown symbol 'jifies'");
	bad("ext4:nosuch", -ENOENT, "unknown symbol 'ext4:nosuch'");
	bad("jiffies:", -EINVAL, "unexpected character ':' at column 8");
	bad("jiffies :x", -EINVAL, "unexpected character ':' at column 9");
	/* Errors come in reading order: this name is unknown first. */
	bad("ext4:", -ENOENT, "unknown symbol 'ext4'");
	bad("nosuch +", -ENOENT, "unknown symbol 'nosuch'");
	bad("a:b:c", -ENOENT, "unknown symbol 'a:b'");
	bad("jiffies jiffies", -EINVAL, "expected an operator at column 9");
	/* Bytes above 0x7f are never part of a name. */
	bad("jiffies\xe9s", -EINVAL,
	    "unexpected character '\\xe9' at column 8");
}

static void test_registers(void **state)
{
	ok("$rip", 0xffffffff81234567ULL);
	ok("%rsp", 0xffffc90000003f00ULL);
	ok("$r12 * 2", 24);
	ok("%r12+%r12", 24);
	ok("*($r12 + 0xffc)", 0x1010);
	/* '%' after an operand is the modulo operator. */
	ok("$r12 % 5", 2);
	ok("$r12 %%r12", 0);
	ok("10%3", 1);
	bad("$rip %rsp", -ENOENT, "unknown symbol 'rsp'");
	bad("$rxx", -ENOENT, "unknown register '$rxx'");
	bad("1 + %rxx", -ENOENT, "unknown register '%rxx'");
	bad("$cs", -ENODATA, "register '$cs' is not known here");
	bad("$r12 + %cs", -ENODATA, "register '%cs' is not known here");
	bad("$", -EINVAL, "bad register name at column 1");
	bad("1 + $1", -EINVAL, "bad register name at column 5");
	bad("$.x", -EINVAL, "bad register name at column 1");
	bad("%", -EINVAL, "missing operand at column 1");
	bad("$rip.x", -EINVAL, "expected an operator at column 5");
}

static void test_syntax_errors(void **state)
{
	bad("(1 + 2", -EINVAL, "expected ')' at column 7");
	bad("((1)", -EINVAL, "expected ')' at column 5");
	bad("(1 2)", -EINVAL, "expected ')' at column 4");
	bad("1 )", -EINVAL, "unexpected ')' at column 3");
	bad("(1))", -EINVAL, "unexpected ')' at column 4");
	bad(")", -EINVAL, "missing operand at column 1");
	bad("()", -EINVAL, "missing operand at column 2");
	bad("1+", -EINVAL, "missing operand at column 3");
	bad("1 +   ", -EINVAL, "missing operand at column 7");
	bad("*", -EINVAL, "missing operand at column 2");
	bad("-", -EINVAL, "missing operand at column 2");
	bad("1 + + 2", -EINVAL, "missing operand at column 5");
	bad("1 * / 2", -EINVAL, "missing operand at column 5");
	bad("1 && || 2", -EINVAL, "missing operand at column 6");
	bad("(+1)", -EINVAL, "missing operand at column 2");
	bad("== 1", -EINVAL, "missing operand at column 1");
	bad("#", -EINVAL, "unexpected character '#' at column 1");
	bad("1 # 2", -EINVAL, "unexpected character '#' at column 3");
	bad("1 + #", -EINVAL, "unexpected character '#' at column 5");
	bad("1 = 2", -EINVAL, "unexpected character '=' at column 3");
	bad("1 2", -EINVAL, "expected an operator at column 3");
	bad("1 (2)", -EINVAL, "expected an operator at column 3");
	bad("1 !2", -EINVAL, "expected an operator at column 3");
	bad("1 ~2", -EINVAL, "expected an operator at column 3");
	bad("1 $rip", -EINVAL, "expected an operator at column 3");
	bad("1, 2", -EINVAL, "unexpected character ',' at column 2");
	bad("1 <<= 2", -EINVAL, "missing operand at column 5");
	bad("\x01", -EINVAL, "unexpected character '\\x01' at column 1");
	bad("1 +\x80", -EINVAL, "unexpected character '\\x80' at column 4");
	bad("2\xff", -EINVAL, "unexpected character '\\xff' at column 2");
	bad("1\x7f", -EINVAL, "unexpected character '\\x7f' at column 2");
	bad("1\"b", -EINVAL, "unexpected character '\"' at column 2");
	bad("", -EINVAL, "empty expression");
	bad("   ", -EINVAL, "empty expression");
	bad(" \t\n\r\v\f", -EINVAL, "empty expression");
	bad(NULL, -EINVAL, "empty expression");
	/* Input after the NUL is not seen. */
	ok("1\0 +", 1);
}

static void test_division(void **state)
{
	bad("1 / 0", -EDOM, "division by zero");
	bad("1 % 0", -EDOM, "division by zero");
	bad("5 / (2 - 2)", -EDOM, "division by zero");
	bad("(1 + 1 / 0) * 0", -EDOM, "division by zero");
	ok("0 / 7", 0);
	ok("7 / 7", 1);
}

static void test_reads(void **state)
{
	ok("*0x1000", 0x1008);
	assert_int_equal(fake.reads, 1);
	assert_int_equal(fake.last_size, 8);
	bad("*0xdead000000000000", -EFAULT,
	    "cannot read 8 bytes at 0xdead000000000000: bad address");
	bad("*(0xdead << 48)", -EFAULT,
	    "cannot read 8 bytes at 0xdead000000000000: bad address");
	/* No text for the error: its number. */
	bad("*0xbad", -EIO, "cannot read 8 bytes at 0xbad: error -5");
	bad("1 + **0x2000", -EIO,
	    "cannot read 8 bytes at 0xffffffffffffffff: error -5");
}

static void test_short_circuit(void **state)
{
	ok("0 && *0xbad", 0);
	assert_int_equal(fake.reads, 0);
	ok("1 || 1/0", 1);
	ok("0 && 1/0", 0);
	ok("0 && 1%0", 0);
	ok("5 || *0xdead000000000000", 1);
	assert_int_equal(fake.reads, 0);
	ok("0 && $cs", 0);
	ok("1 || $cs + 1", 1);
	/* The whole right operand is skipped, operators of all kinds. */
	ok("0 && 1 | *0xbad", 0);
	ok("0 && *0xbad + 1 / 0 * 2 == 3", 0);
	ok("1 || (*0xbad && 1/0)", 1);
	ok("0 && (1 || *0xbad)", 0);
	ok("0 && -*0xbad", 0);
	ok("0 && !(1 / 0)", 0);
	ok("1 && 0 && *0xbad", 0);
	ok("0 || 1 || *0xbad", 1);
	ok("0 && *0xbad || 1", 1);
	assert_int_equal(fake.reads, 0);
	/* Only that operand: what follows is evaluated. */
	ok("(0 && *0xbad) + *0x1010", 42);
	assert_int_equal(fake.reads, 1);
	ok("0 && 1 || *0x1010", 1);
	assert_int_equal(fake.reads, 1);
	ok("1 && *0x1010", 1);
	ok("0 || *0x1010", 1);
	ok("1 && 0 || 0 && *0xbad", 0);
	bad("1 && *0xbad", -EIO, NULL);
	bad("0 || 1/0", -EDOM, NULL);
	bad("(1 || 1) && 1/0", -EDOM, NULL);
	bad("(0 && 1) || *0xbad", -EIO, NULL);
	/* Names are still looked up, and syntax still checked. */
	bad("0 && nosuch", -ENOENT, "unknown symbol 'nosuch'");
	bad("1 || $nosuch", -ENOENT, "unknown register '$nosuch'");
	bad("0 && (1 +", -EINVAL, "missing operand at column 10");
	bad("0 && 99999999999999999999", -ERANGE, NULL);
}

/* @n copies of @open, then @mid, then @n copies of @close. */
static void nest(char *buf, int n, const char *open, const char *mid,
		 const char *close)
{
	size_t lo = strlen(open), lc = strlen(close);
	int i;

	for (i = 0; i < n; i++, buf += lo)
		memcpy(buf, open, lo);
	strcpy(buf, mid);
	buf += strlen(mid);
	for (i = 0; i < n; i++, buf += lc)
		memcpy(buf, close, lc);
	*buf = '\0';
}

static void test_depth(void **state)
{
	const int max = DBG_EXPR_MAX_DEPTH;
	char buf[16 * (DBG_EXPR_MAX_DEPTH + 2) + 64];
	int i;

	/* Exactly at the limit works, one more does not. */
	nest(buf, max, "(", "1", ")");
	ok(buf, 1);
	nest(buf, max + 1, "(", "1", ")");
	bad(buf, -E2BIG, "expression too deeply nested");
	nest(buf, max, "-", "1", "");
	ok(buf, 1);
	nest(buf, max + 1, "-", "1", "");
	bad(buf, -E2BIG, "expression too deeply nested");
	nest(buf, max, "!", "1", "");
	ok(buf, 1);
	nest(buf, max / 2, "-(", "1", ")");
	ok(buf, 1);
	nest(buf, max / 2 + 1, "-(", "1", ")");
	bad(buf, -E2BIG, "expression too deeply nested");
	nest(buf, max / 2, "~(", "1", ") + 1");
	ok(buf, 1);
	nest(buf, max / 2 + 1, "~(", "1", ") + 1");
	bad(buf, -E2BIG, "expression too deeply nested");
	nest(buf, max, "1 + (", "1", ")");
	ok(buf, max + 1);
	nest(buf, max + 1, "1 + (", "1", ")");
	bad(buf, -E2BIG, "expression too deeply nested");
	/* Each '*' of a chain is a level: 0x1000 leads to 42 in three. */
	nest(buf, max - 3, "(", "***0x1000", ")");
	ok(buf, 42);
	nest(buf, max - 2, "(", "***0x1000", ")");
	bad(buf, -E2BIG, "expression too deeply nested");
	/*
	 * So is an operator waiting for a right operand that goes on with
	 * operators of higher precedence: "1 + 2 * 3" takes one level.
	 */
	nest(buf, max - 1, "(", "1 + 2 * 3", ")");
	ok(buf, 7);
	nest(buf, max, "(", "1 + 2 * 3", ")");
	bad(buf, -E2BIG, "expression too deeply nested");
	nest(buf, max - 9, "(",
	     "1 || 2 && 3 | 4 ^ 5 & 6 == 7 < 8 << 9 + 10 * 11", ")");
	ok(buf, 1);
	nest(buf, max - 8, "(",
	     "1 || 2 && 3 | 4 ^ 5 & 6 == 7 < 8 << 9 + 10 * 11", ")");
	bad(buf, -E2BIG, "expression too deeply nested");
	/* Operators of equal or falling precedence cost none. */
	nest(buf, max, "(", "1 * 2 + 3 - 4 << 1 < 9 == 1 & 1 ^ 0 | 0", ")");
	ok(buf, 1);
	/* Levels are given back: many nests one after the other. */
	buf[0] = '\0';
	for (i = 0; i < 8; i++)
		strcat(buf, "(((((1))))) + -(-(1)) + ");
	strcat(buf, "1");
	ok(buf, 17);
}

static void test_long_expressions(void **state)
{
	static char buf[40000];
	size_t n = 0;
	int i;

	for (i = 0; i < 5000; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "1 + ");
	strcpy(buf + n, "1");
	ok(buf, 5001);
	n = 0;
	for (i = 0; i < 4000; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "2 * 3 + ");
	strcpy(buf + n, "0");
	ok(buf, 24000);
	n = 0;
	for (i = 0; i < 3000; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "(1) || ");
	strcpy(buf + n, "*0xbad");
	ok(buf, 1);
}

static void test_long_names(void **state)
{
	char buf[600], want[80];

	/* The longest name held is looked up whole. */
	memset(buf, 'x', LONG_NAME_OK);
	buf[LONG_NAME_OK] = '\0';
	ok(buf, LONG_NAME_OK);
	strcpy(buf + LONG_NAME_OK, " + 1");
	ok(buf, LONG_NAME_OK + 1);
	/* One more is refused, not cut. */
	memset(buf, 'x', LONG_NAME_OK + 1);
	buf[LONG_NAME_OK + 1] = '\0';
	bad(buf, -E2BIG, "symbol name too long at column 1");
	memset(buf, 'x', 511);
	strcpy(buf + 511, " + 1");
	bad(buf, -E2BIG, "symbol name too long at column 1");
	/* module:symbol counts whole. */
	memcpy(buf, "1 + mod:", 8);
	memset(buf + 8, 'x', LONG_NAME_OK - 3);
	buf[LONG_NAME_OK + 5] = '\0';
	bad(buf, -E2BIG, "symbol name too long at column 5");
	/* Registers too. */
	buf[0] = '$';
	memset(buf + 1, 'r', 200);
	buf[201] = '\0';
	bad(buf, -E2BIG, "register name too long at column 1");
	memset(buf + 1, 'r', LONG_NAME_OK);
	buf[LONG_NAME_OK + 1] = '\0';
	snprintf(want, sizeof(want), "unknown register '$%.20s", buf + 1);
	assert_int_equal(eval(buf, NULL), -ENOENT);
	assert_memory_equal(err, want, strlen(want));
}

static void test_err_buffer(void **state)
{
	char small[8];
	u64 val = 3;

	/* No buffer at all. */
	assert_int_equal(dbg_expr_eval("1 +", &fake_ops, &fake, &val, NULL,
				       0), -EINVAL);
	assert_int_equal(dbg_expr_eval("1 +", &fake_ops, &fake, &val, NULL,
				       100), -EINVAL);
	assert_true(val == 3);
	/* A short buffer gets the start of the message, terminated. */
	memset(small, 'Z', sizeof(small));
	assert_int_equal(dbg_expr_eval("jifies", &fake_ops, &fake, &val,
				       small, sizeof(small)), -ENOENT);
	assert_string_equal(small, "unknown");
	memset(small, 'Z', sizeof(small));
	assert_int_equal(dbg_expr_eval("jifies", &fake_ops, &fake, &val,
				       small, 1), -ENOENT);
	assert_int_equal(small[0], '\0');
	assert_int_equal(small[1], 'Z');
	memset(small, 'Z', sizeof(small));
	assert_int_equal(dbg_expr_eval("jifies", &fake_ops, &fake, &val,
				       small, 0), -ENOENT);
	assert_int_equal(small[0], 'Z');
	/* Success empties it; no value pointer is fine. */
	assert_int_equal(dbg_expr_eval("1 + 1", &fake_ops, &fake, NULL,
				       small, sizeof(small)), 0);
	assert_string_equal(small, "");
}

static void test_no_ops(void **state)
{
	static const struct dbg_expr_ops empty_ops;
	const struct dbg_expr_ops *ops[] = { NULL, &empty_ops };
	u64 val;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		val = 0;
		assert_int_equal(dbg_expr_eval("(1 + 2) * 3", ops[i], NULL,
					       &val, err, sizeof(err)), 0);
		assert_true(val == 9);
		assert_int_equal(dbg_expr_eval("0 && *jiffies", ops[i], NULL,
					       &val, err, sizeof(err)),
				 -ENOENT);
		assert_string_equal(err, "unknown symbol 'jiffies'");
		assert_int_equal(dbg_expr_eval("$rip", ops[i], NULL, &val,
					       err, sizeof(err)), -ENOENT);
		assert_string_equal(err, "unknown register '$rip'");
		assert_int_equal(dbg_expr_eval("*0x1000", ops[i], NULL, &val,
					       err, sizeof(err)), -EFAULT);
		assert_string_equal(err,
				    "cannot read 8 bytes at 0x1000: error -14");
		assert_int_equal(dbg_expr_eval("0 && *0x1000", ops[i], NULL,
					       &val, err, sizeof(err)), 0);
		assert_true(val == 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_symbols),
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_division),
		cmocka_unit_test(test_reads),
		cmocka_unit_test(test_short_circuit),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_long_expressions),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_err_buffer),
		cmocka_unit_test(test_no_ops),
	};

	return cmocka_run_group_tests_name("dbg_expr", tests, NULL, NULL);
}
