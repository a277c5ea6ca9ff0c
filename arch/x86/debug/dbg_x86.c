// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64 entry into the debug core: a compiled-in breakpoint, caught on
 * the die notifier chain, gives the core a real trap frame; an external
 * NMI (one no NMI handler claims) enters with the NMI's frame; a kernel
 * oops enters with the faulting frame, before the oops kills the task.
 */

#include <linux/dbg_core.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/irq_work.h>
#include <linux/kdebug.h>
#include <linux/kprobes.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/string.h>
#include <asm/debugreg.h>
#include <asm/nmi.h>

#include "dbg_x86.h"

/* Reason for the compiled-in breakpoint this CPU is about to hit. */
static DEFINE_PER_CPU(enum crash_stop_reason, dbg_break_reason);
/* ... and whether it was noted earlier (an NMI entering late). */
static DEFINE_PER_CPU(bool, dbg_break_noted);

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

/* Log lines that say what caused an oops. */
static const char *const dbg_x86_oops_causes[] = {
	"BUG: ", "general protection fault", "kernel BUG at ",
};

static bool dbg_x86_starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * The oops report was just logged. The die notifier is not told which
 * trap it was, so take the line that says what went wrong ("BUG: kernel
 * NULL pointer dereference, address: ...") from the log, or else the
 * "Oops: ..." line of the last report.
 */
static void dbg_x86_oops_line(char *msg, size_t len, const char *str)
{
	/* Static: only one CPU at a time gets past oops_begin(). */
	static char line[160];
	struct dbg_log_iter it;
	bool have_cause = false;
	unsigned int i;
	size_t n;
	char *text;

	scnprintf(msg, len, "%s", str);
	dbg_log_rewind(&it);
	while (dbg_log_next(&it, line, sizeof(line), &n)) {
		text = strstr(line, "] ");
		text = strim(text ? text + 2 : line);
		if (dbg_x86_starts(text, "Oops: ")) {
			if (!have_cause)
				scnprintf(msg, len, "%s", text);
			/* A later oops needs a cause of its own. */
			have_cause = false;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(dbg_x86_oops_causes); i++) {
			if (dbg_x86_starts(text, dbg_x86_oops_causes[i])) {
				scnprintf(msg, len, "%s", text);
				have_cause = true;
			}
		}
	}
}
NOKPROBE_SYMBOL(dbg_x86_oops_line);

/*
 * An oops: the report is printed; the debugger shows where and why, and
 * `go` lets the oops finish (the task is killed as usual).
 */
static void dbg_x86_oops(struct die_args *args)
{
	static char msg[160];

	dbg_x86_oops_line(msg, sizeof(msg), args->str);
	dbg_enter(CRASH_STOP_REASON_OOPS, args->regs, 0, msg);
}
NOKPROBE_SYMBOL(dbg_x86_oops);

static int dbg_x86_die(struct notifier_block *nb, unsigned long val,
		       void *data)
{
	struct die_args *args = data;
	unsigned long *dr6, watch;

	if (val == DIE_OOPS)
		dbg_x86_step_fault(args->regs);
	if (val == DIE_OOPS && dbg_enter_on_oops()) {
		dbg_x86_oops(args);
		return NOTIFY_DONE;
	}
	if (val == DIE_DEBUG) {
		/* The notifier's error code points at DR6. */
		dr6 = (unsigned long *)ERR_PTR(args->err);
		/* Our debug registers' hits, noted by their handler. */
		watch = dbg_x86_hw_take();
		if (!(*dr6 & DR_STEP))
			goto watch;
		/* An in-place step never runs inside an out-of-line one. */
		if (!dbg_x86_ss_done(args->regs)) {
			if (!dbg_x86_step_done(args->regs))
				goto watch;
			/* The copy's access: reported at the original. */
			*dr6 &= ~DR_STEP;
			if (watch)
				dbg_hw_trap(args->regs, watch,
					    NMI_OFFSET + HARDIRQ_OFFSET);
			return NOTIFY_STOP;
		}
		*dr6 &= ~DR_STEP;
		/* #DB from kernel mode runs inside irqentry_nmi_enter(). */
		if (!watch || !dbg_hw_trap(args->regs, watch,
					   NMI_OFFSET + HARDIRQ_OFFSET))
			dbg_enter(CRASH_STOP_REASON_SINGLESTEP, args->regs,
				  NMI_OFFSET + HARDIRQ_OFFSET, NULL);
		return NOTIFY_STOP;
watch:
		if (!watch || user_mode(args->regs))
			return NOTIFY_DONE;
		dbg_hw_trap(args->regs, watch, NMI_OFFSET + HARDIRQ_OFFSET);
		/* Only ours: nothing left for the rest of the #DB handler. */
		return *dr6 & ~DR_TRAP_BITS ? NOTIFY_DONE : NOTIFY_STOP;
	}
	if (val != DIE_INT3)
		return NOTIFY_DONE;
	/* int3 is a trap: ip points after the instruction. */
	if (args->regs->ip != dbg_arch_break_ip + 1) {
		/* Kernel-mode int3 runs inside irqentry_nmi_enter(). */
		if (!user_mode(args->regs) &&
		    dbg_bp_trap(args->regs, NMI_OFFSET + HARDIRQ_OFFSET))
			return NOTIFY_STOP;
		return NOTIFY_DONE;
	}
	/* Kernel-mode int3 runs inside irqentry_nmi_enter(). */
	if (this_cpu_xchg(dbg_break_noted, false))
		dbg_enter_noted(this_cpu_read(dbg_break_reason), args->regs,
				NMI_OFFSET + HARDIRQ_OFFSET);
	else
		dbg_enter(this_cpu_read(dbg_break_reason), args->regs,
			  NMI_OFFSET + HARDIRQ_OFFSET, NULL);
	return NOTIFY_STOP;
}
NOKPROBE_SYMBOL(dbg_x86_die);

/* After crash_stop's, which takes faults on a stopped master first. */
static struct notifier_block dbg_x86_die_nb = {
	.notifier_call = dbg_x86_die,
	.priority = INT_MAX - 1,
};

/*
 * The entry for an external NMI that could not enter where it landed
 * (interrupts were enabled, or the CPU was still leaving the last stop):
 * runs as an interrupt right after the NMI returned, unless a stop
 * parked this CPU first (it then has its [nmi] reason in that stop
 * already, and crash_stop() does nothing more).
 */
static void dbg_x86_nmi_work(struct irq_work *work)
{
	struct pt_regs *regs = crash_stop_arch_ipi_regs();

	if (regs) {
		dbg_enter_noted(CRASH_STOP_REASON_NMI, regs, HARDIRQ_OFFSET);
		return;
	}
	this_cpu_write(dbg_break_noted, true);
	dbg_arch_break(CRASH_STOP_REASON_NMI);
}
NOKPROBE_SYMBOL(dbg_x86_nmi_work);

static DEFINE_PER_CPU(struct irq_work, dbg_x86_nmi_work_pcpu) =
	IRQ_WORK_INIT_HARD(dbg_x86_nmi_work);

/*
 * An NMI nobody claimed: the NMI button, a BMC, QEMU's `nmi`. It reaches
 * every CPU at once; crash_stop elects one master and parks the others
 * with their own reason recorded. Where interrupts were enabled the
 * entry is made from an interrupt raised here, as soon as the NMI
 * returns: NMIs are held back inside an NMI handler, and one arriving
 * during a stop must be seen during that stop, not after it.
 */
static int dbg_x86_unknown_nmi(unsigned int type, struct pt_regs *regs)
{
	if (!dbg_enter_on_nmi())
		return NMI_DONE;
	if (regs->flags & X86_EFLAGS_IF) {
		crash_stop_note_reason(CRASH_STOP_REASON_NMI);
		irq_work_queue(this_cpu_ptr(&dbg_x86_nmi_work_pcpu));
		return NMI_HANDLED;
	}
	/* Still leaving the last stop under this NMI: enter once out. */
	if (dbg_enter(CRASH_STOP_REASON_NMI, regs, NMI_OFFSET + HARDIRQ_OFFSET,
		      NULL) == -EAGAIN)
		irq_work_queue(this_cpu_ptr(&dbg_x86_nmi_work_pcpu));
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
