// SPDX-License-Identifier: GPL-2.0
/*
 * dbg_eval(): address expressions evaluated with the core's symbols,
 * registers and fault-safe memory reads. Portable: it uses only the
 * core's API, so the userspace fake core links this same file.
 */

#include <linux/dbg_core.h>

#include "dbg_expr.h"

struct dbg_eval_ctx {
	u64 task;
	unsigned int flags;
	struct dbg_regs regs;
	bool have_regs;
	int regs_err;
};

static int dbg_eval_symbol(void *ctx, const char *name, u64 *val)
{
	struct dbg_eval_ctx *e = ctx;

	if (e->flags & DBG_EVAL_NO_SYMBOLS)
		return -EPERM;
	return dbg_sym_by_name(name, val);
}

static int dbg_eval_reg(void *ctx, const char *name, u64 *val)
{
	struct dbg_eval_ctx *e = ctx;
	int reg = dbg_reg_find(name);

	if (reg < 0)
		return -ENOENT;
	if (e->flags & DBG_EVAL_NO_REGISTERS)
		return -EPERM;
	if (!e->have_regs) {
		e->regs_err = dbg_task_regs(e->task, &e->regs);
		e->have_regs = true;
	}
	if (e->regs_err || !dbg_reg_known(&e->regs, reg))
		return -ENODATA;
	*val = e->regs.val[reg];
	return 0;
}

static int dbg_eval_read(void *ctx, u64 addr, unsigned int size, u64 *val)
{
	struct dbg_eval_ctx *e = ctx;

	*val = 0;
	if (e->flags & DBG_EVAL_NO_MEMORY)
		return -EPERM;
	return dbg_mem_read(addr, val, size, NULL);
}

/**
 * dbg_eval_strerror - short text for an error of a memory read
 * @err: a negative errno of dbg_mem_read() or a fault-safe read
 *
 * Return: a static string.
 */
const char *dbg_eval_strerror(int err)
{
	switch (err) {
	case -EFAULT:
		return "not mapped";
	case -EACCES:
		return "user-space address";
	case -ENXIO:
		return "non-canonical address";
	case -EPERM:
		return "memory reads are not allowed";
	}
	return "cannot read";
}

static const struct dbg_expr_ops dbg_eval_ops = {
	.symbol = dbg_eval_symbol,
	.reg = dbg_eval_reg,
	.read = dbg_eval_read,
	.strerror = dbg_eval_strerror,
};

/**
 * dbg_eval - evaluate an address expression
 * @expr: the expression (see kernel/debug/core/dbg_expr.h)
 * @task: whose registers $reg reads
 * @flags: DBG_EVAL_NO_* for what the front-end's user may not do (the
 *	core refuses reads under lockdown by itself)
 * @val: set to the value
 * @err: a one-line message when it fails
 * @len: size of @err
 *
 * Return: 0, or a negative errno with @err saying why.
 */
int dbg_eval(const char *expr, u64 task, unsigned int flags, u64 *val,
	     char *err, size_t len)
{
	static struct dbg_eval_ctx ctx;

	ctx.task = task;
	ctx.flags = flags;
	ctx.have_regs = false;
	return dbg_expr_eval(expr, &dbg_eval_ops, &ctx, val, err, len);
}
