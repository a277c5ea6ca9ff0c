// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64 entry into the debug core: a compiled-in breakpoint, caught on
 * the die notifier chain, gives the core a real trap frame; an external
 * NMI (one no NMI handler claims) enters with the NMI's frame.
 */

#include <linux/dbg_core.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kdebug.h>
#include <linux/kprobes.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <asm/nmi.h>

#include "dbg_x86.h"

/* Reason for the compiled-in breakpoint this CPU is about to hit. */
static DEFINE_PER_CPU(enum crash_stop_reason, dbg_break_reason);

/**
 * dbg_arch_break - enter the debugger from here
 * @reason: what to report as the reason of the entry
 */
noinline __noclone void dbg_arch_break(enum crash_stop_reason reason)
{
	this_cpu_write(dbg_break_reason, reason);
	/* Publish the int3's address as data, not as a text symbol. */
	asm volatile("1:\tint3\n\t"
		     ".pushsection .rodata\n\t"
		     ".balign 8\n\t"
		     ".globl dbg_arch_break_ip\n"
		     "dbg_arch_break_ip:\n\t"
		     ".quad 1b\n\t"
		     ".popsection\n" ::: "memory");
}
EXPORT_SYMBOL_GPL(dbg_arch_break);
NOKPROBE_SYMBOL(dbg_arch_break);

static int dbg_x86_die(struct notifier_block *nb, unsigned long val,
		       void *data)
{
	struct die_args *args = data;

	if (val != DIE_INT3)
		return NOTIFY_DONE;
	/* int3 is a trap: ip points after the instruction. */
	if (args->regs->ip != dbg_arch_break_ip + 1)
		return NOTIFY_DONE;
	/* Kernel-mode int3 runs inside irqentry_nmi_enter(). */
	dbg_enter(this_cpu_read(dbg_break_reason), args->regs,
		  NMI_OFFSET + HARDIRQ_OFFSET);
	return NOTIFY_STOP;
}
NOKPROBE_SYMBOL(dbg_x86_die);

static struct notifier_block dbg_x86_die_nb = {
	.notifier_call = dbg_x86_die,
	.priority = INT_MAX,
};

/*
 * An NMI nobody claimed: the NMI button, a BMC, QEMU's `nmi`. It reaches
 * every CPU at once; crash_stop elects one master and parks the others
 * with their own reason recorded.
 */
static int dbg_x86_unknown_nmi(unsigned int type, struct pt_regs *regs)
{
	if (!dbg_enter_on_nmi())
		return NMI_DONE;
	dbg_enter(CRASH_STOP_REASON_NMI, regs, NMI_OFFSET + HARDIRQ_OFFSET);
	return NMI_HANDLED;
}
NOKPROBE_SYMBOL(dbg_x86_unknown_nmi);

static int __init dbg_x86_init(void)
{
	int err;

	err = register_die_notifier(&dbg_x86_die_nb);
	if (err)
		return err;
	return register_nmi_handler(NMI_UNKNOWN, dbg_x86_unknown_nmi, 0,
				    "dbg_core");
}
core_initcall(dbg_x86_init);
