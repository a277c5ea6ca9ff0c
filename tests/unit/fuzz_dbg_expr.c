// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: arbitrary bytes as an address expression, with fake
 * symbols, registers and memory, and with no callbacks at all.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "dbg_expr.h"

#define MAX_INPUT	512

/* Names starting with a..m exist; registers r*; "cs" has no value. */
static int fake_symbol(void *ctx, const char *name, u64 *val)
{
	assert(strlen(name) > 0);
	if (name[0] < 'a' || name[0] > 'm')
		return -ENOENT;
	*val = strlen(name) * 0x1000;
	return 0;
}

static int fake_reg(void *ctx, const char *name, u64 *val)
{
	assert(strlen(name) > 0);
	if (!strcmp(name, "cs"))
		return -ENODATA;
	if (name[0] != 'r')
		return -ENOENT;
	*val = name[1];
	return 0;
}

/* Reads succeed below 0x10000, except at multiples of 0x1000. */
static int fake_read(void *ctx, u64 addr, unsigned int size, u64 *val)
{
	assert(size == 8);
	if (addr >= 0x10000 || !(addr & 0xfff))
		return addr & 1 ? -EIO : -EFAULT;
	*val = addr * 3;
	return 0;
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

static bool known_error(int ret)
{
	return ret == -EINVAL || ret == -ENOENT || ret == -ERANGE ||
	       ret == -EDOM || ret == -E2BIG || ret == -ENODATA ||
	       ret == -EFAULT || ret == -EIO;
}

/* Evaluates @s into an exact-size message buffer; checks what it left. */
static int check(const char *s, const struct dbg_expr_ops *ops,
		 size_t errlen, u64 *val)
{
	char *err = malloc(errlen ? errlen : 1);
	int ret;

	assert(err);
	memset(err, 'Z', errlen);
	ret = dbg_expr_eval(s, ops, NULL, val, errlen ? err : NULL, errlen);
	assert(ret == 0 || known_error(ret));
	if (errlen) {
		assert(memchr(err, '\0', errlen));
		assert(strlen(err) < errlen);
		/* A message on failure, none on success. */
		if (errlen > 1)
			assert(!ret == !err[0]);
	}
	free(err);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u64 val = 0, val2 = 0, val_noops = 0;
	int ret, ret2, ret_noops;
	char *s;

	if (size > MAX_INPUT)
		return 0;
	/* Exact size: reading past the NUL is caught. */
	s = malloc(size + 1);
	assert(s);
	memcpy(s, data, size);
	s[size] = '\0';

	ret = check(s, &fake_ops, 96, &val);
	/* Same answer again, whatever the size of the message buffer. */
	ret2 = check(s, &fake_ops, 1 + size % 17, &val2);
	assert(ret == ret2 && val == val2);
	check(s, &fake_ops, 0, NULL);

	/*
	 * Without callbacks: names are unknown even where skipped, and no
	 * read succeeds, so success means the same value as with them.
	 */
	ret_noops = check(s, NULL, 64, &val_noops);
	if (!ret_noops)
		assert(!ret && val == val_noops);
	if (ret == -EINVAL || ret == -ERANGE || ret == -E2BIG)
		assert(ret_noops != 0);

	free(s);
	return 0;
}
