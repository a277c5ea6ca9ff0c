// SPDX-License-Identifier: GPL-2.0
/*
 * kdb register commands: rd, rm, ef. Portable: registers come from the
 * debug core, by name, for the selected task.
 */

#include "kdb_private.h"

static struct dbg_regs kdb_regs;
static struct dbg_task kdb_regs_task;

/* Three registers a line; unknown ones (a sleeping task's) as '-'. */
static void kdb_print_regs(const struct dbg_regs *r)
{
	unsigned int i, n = dbg_reg_count(), col = 0;
	int pc = dbg_reg_role(DBG_REG_PC);

	for (i = 0; i < n && i < DBG_REGS_MAX; i++) {
		if (dbg_reg_known(r, i))
			kdb_printf("%-8s 0x%016llx", dbg_reg_name(i), r->val[i]);
		else
			kdb_printf("%-8s %18s", dbg_reg_name(i), "-");
		kdb_printf(++col % 3 ? "  " : "\n");
	}
	if (col % 3)
		kdb_printf("\n");
	if (pc >= 0 && dbg_reg_known(r, pc))
		kdb_printf("%s is at %s\n", dbg_reg_name(pc),
			   kdb_sym(r->val[pc]));
}

/**
 * kdb_cmd_rd - show the selected task's registers
 * @argc: words
 * @argv: rd
 *
 * Return: 0 or an error.
 */
int kdb_cmd_rd(int argc, char **argv)
{
	struct dbg_task *t = &kdb_regs_task;
	int err;

	if (argc != 1)
		return KDB_ERR_USAGE;
	err = dbg_task_by_addr(kdb.task, t);
	if (err)
		return kdb_core_error(argv[0], "selected task", err);
	err = dbg_task_regs(kdb.task, &kdb_regs);
	if (err)
		return kdb_error(argv[0], "pid %d (%s): %s", t->pid, t->comm,
				 kdb_errstr(err));
	if (t->running)
		kdb_printf("Registers of pid %d (%s), interrupted on CPU %d%s:\n",
			   t->pid, t->comm, t->cpu,
			   kdb_regs.writable ? "" : " (a copy: rm cannot change them)");
	else
		kdb_printf("Registers of pid %d (%s), not running (state %c): from its switch frame, '-' unknown:\n",
			   t->pid, t->comm, t->state);
	kdb_print_regs(&kdb_regs);
	return 0;
}

/* The PC, stack pointer and flags: what an NMI frame keeps out of reach. */
static bool kdb_reg_in_frame(int reg)
{
	return reg == dbg_reg_role(DBG_REG_PC) ||
	       reg == dbg_reg_role(DBG_REG_SP) ||
	       reg == dbg_reg_role(DBG_REG_FLAGS);
}

/**
 * kdb_cmd_rm - change a register of the selected task
 * @argc: words
 * @argv: rm reg value
 *
 * Only a task interrupted on a stopped CPU has registers that can change;
 * the CPU resumes with the new value.
 *
 * Return: 0 or an error.
 */
int kdb_cmd_rm(int argc, char **argv)
{
	const char *name;
	u64 val, old;
	int reg, err;

	if (argc != 3)
		return KDB_ERR_USAGE;
	name = argv[1];
	if (*name == '%' || *name == '$')
		name++;
	reg = dbg_reg_find(name);
	if (reg < 0)
		return kdb_error(argv[0], "no register '%s' (rd lists them)",
				 argv[1]);
	err = kdb_arg_addr(argv[0], argv[2], &val);
	if (err)
		return err;
	err = dbg_task_regs(kdb.task, &kdb_regs);
	if (err)
		return kdb_core_error(argv[0], NULL, err);
	if (!(kdb_regs.writable & BIT_ULL(reg))) {
		if (!kdb_regs.writable)
			return kdb_error(argv[0], "the selected task is not interrupted on a stopped CPU (or its state is a copy): its registers cannot change");
		if (kdb_regs.frame_fixed && kdb_reg_in_frame(reg))
			return kdb_error(argv[0], "%s cannot change on this CPU: it stopped inside an NMI handler, which returns through a copy of its PC, stack pointer and flags (the other registers can change)",
					 dbg_reg_name(reg));
		return kdb_error(argv[0], "%s is read-only", dbg_reg_name(reg));
	}
	old = kdb_regs.val[reg];
	err = dbg_set_reg(kdb.task, reg, val);
	if (err == -EINVAL)
		return kdb_error(argv[0], "%s = 0x%llx refused: the CPU could not return there (a PC must be kernel or module text, a stack pointer mapped memory)",
				 dbg_reg_name(reg), (unsigned long long)val);
	if (err)
		return kdb_core_error(argv[0], dbg_reg_name(reg), err);
	dbg_task_regs(kdb.task, &kdb_regs);
	kdb_printf("%s = 0x%016llx (was 0x%016llx)\n", dbg_reg_name(reg),
		   kdb_regs.val[reg], old);
	return 0;
}

/**
 * kdb_cmd_ef - show the registers saved in an exception frame
 * @argc: words
 * @argv: ef addr
 *
 * Return: 0 or an error.
 */
int kdb_cmd_ef(int argc, char **argv)
{
	u64 addr;
	int err;

	if (argc != 2)
		return KDB_ERR_USAGE;
	err = kdb_arg_addr(argv[0], argv[1], &addr);
	if (err)
		return err;
	err = dbg_regs_at(addr, &kdb_regs);
	if (err)
		return kdb_core_error(argv[0], argv[1], err);
	kdb_printf("Exception frame at 0x%llx:\n", addr);
	kdb_print_regs(&kdb_regs);
	return 0;
}
