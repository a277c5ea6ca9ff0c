// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64 part of crash_stop: NMI sending and handling, recovering the
 * interrupted registers inside an IPI, classifying the interrupted
 * context, serialising after text changes.
 */

#include <linux/crash_stop.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kdebug.h>
#include <linux/kprobes.h>
#include <linux/notifier.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/apic.h>
#include <asm/cpu_entry_area.h>
#include <asm/hypervisor.h>
#include <asm/irqflags.h>
#include <asm/msr.h>
#include <asm/nmi.h>
#include <asm/processor.h>
#include <asm/reboot.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/stacktrace.h>
#include <asm/sync_core.h>
#include <asm/unwind.h>

#include "crash_stop_x86.h"

/**
 * crash_stop_arch_send_nmi - send an NMI to a set of CPUs
 * @mask: the CPUs
 */
void crash_stop_arch_send_nmi(const struct cpumask *mask)
{
	__apic_send_IPI_mask(mask, NMI_VECTOR);
}
EXPORT_SYMBOL_GPL(crash_stop_arch_send_nmi);

/**
 * crash_stop_arch_can_wait_nmi - may a parked CPU halt until an NMI?
 *
 * On hardware and under KVM (or QEMU) an NMI wakes a CPU halted with
 * interrupts off. Xen takes such a hlt for the vCPU going down, for good;
 * other hypervisors and TDX guests are not known to wake it: they spin.
 *
 * Return: true if crash_stop_arch_wait_nmi() may be used.
 */
bool crash_stop_arch_can_wait_nmi(void)
{
	if (cpu_feature_enabled(X86_FEATURE_TDX_GUEST))
		return false;
	return hypervisor_is_type(X86_HYPER_NATIVE) ||
	       hypervisor_is_type(X86_HYPER_KVM);
}
NOKPROBE_SYMBOL(crash_stop_arch_can_wait_nmi);

/**
 * crash_stop_arch_wait_nmi - halt, interrupts off, until an NMI
 *
 * For a CPU whose NMIs are not held back (not in an NMI handler), with
 * interrupts off. Returns after an NMI, and may return after an SMI or a
 * machine check too: the caller checks why it waited again.
 */
void crash_stop_arch_wait_nmi(void)
{
	native_halt();
}
NOKPROBE_SYMBOL(crash_stop_arch_wait_nmi);

/**
 * crash_stop_arch_save_sregs - this CPU's system registers, as it stops
 * @sregs: CRASH_STOP_SREGS_MAX slots, in enum crash_stop_x86_sreg order
 * @regs: the interrupted registers
 *
 * In the trap or NMI the CPU stops in: the data segment selectors are
 * the interrupted context's (64-bit entry leaves DS and ES alone), so are
 * CR8 (Linux never changes the task priority), and the control registers
 * and EFER when it was in the kernel (from user mode,
 * page-table isolation may have switched CR3 on entry, so it is left
 * unknown); so is GS's base, which the entry swapped from a user one.
 *
 * Return: a mask of the slots filled.
 */
u32 crash_stop_arch_save_sregs(u64 *sregs, struct pt_regs *regs)
{
	bool kernel = !user_mode(regs);
	unsigned short sel;
	u32 valid = 0;
	u64 v;

	BUILD_BUG_ON(CS_SREG_NR > CRASH_STOP_SREGS_MAX);
	savesegment(ds, sel);
	sregs[CS_SREG_DS] = sel;
	savesegment(es, sel);
	sregs[CS_SREG_ES] = sel;
	savesegment(fs, sel);
	sregs[CS_SREG_FS] = sel;
	savesegment(gs, sel);
	sregs[CS_SREG_GS] = sel;
	rdmsrl(MSR_FS_BASE, v);
	sregs[CS_SREG_FS_BASE] = v;
	sregs[CS_SREG_CR0] = read_cr0();
	sregs[CS_SREG_CR2] = read_cr2();
	sregs[CS_SREG_CR4] = __read_cr4();
	asm volatile("mov %%cr8, %0" : "=r" (v));
	sregs[CS_SREG_CR8] = v;
	rdmsrl(MSR_EFER, v);
	sregs[CS_SREG_EFER] = v;
	valid = BIT(CS_SREG_DS) | BIT(CS_SREG_ES) | BIT(CS_SREG_FS) |
		BIT(CS_SREG_GS) | BIT(CS_SREG_FS_BASE) | BIT(CS_SREG_CR0) |
		BIT(CS_SREG_CR2) | BIT(CS_SREG_CR4) | BIT(CS_SREG_CR8) |
		BIT(CS_SREG_EFER);
	if (kernel) {
		sregs[CS_SREG_CR3] = __read_cr3();
		rdmsrl(MSR_GS_BASE, v);
		sregs[CS_SREG_GS_BASE] = v;
		rdmsrl(MSR_KERNEL_GS_BASE, v);
		sregs[CS_SREG_K_GS_BASE] = v;
		valid |= BIT(CS_SREG_CR3) | BIT(CS_SREG_GS_BASE) |
			 BIT(CS_SREG_K_GS_BASE);
	}
	return valid;
}
NOKPROBE_SYMBOL(crash_stop_arch_save_sregs);

/**
 * crash_stop_arch_ipi_regs - registers interrupted by the current IPI
 *
 * x86 does not record the registers of IPI vectors (get_irq_regs() is
 * only set for device interrupts), so walk the stack to the entry frame
 * of the interrupt we are running in.
 *
 * Return: the interrupted registers, or NULL if none were found.
 */
struct pt_regs *crash_stop_arch_ipi_regs(void)
{
	struct unwind_state state;
	struct pt_regs *regs;
	bool partial;

	for (unwind_start(&state, current, NULL, NULL); !unwind_done(&state);
	     unwind_next_frame(&state)) {
		regs = unwind_get_entry_regs(&state, &partial);
		if (regs && !partial)
			return regs;
	}
	return NULL;
}
NOKPROBE_SYMBOL(crash_stop_arch_ipi_regs);

/**
 * crash_stop_arch_save_regs - registers of the caller
 * @regs: filled with the caller's frame: its return address as the PC,
 *	and its stack and frame pointers, so a backtrace starts at the caller
 */
noinline void crash_stop_arch_save_regs(struct pt_regs *regs)
{
	unsigned long *frame = __builtin_frame_address(0);

	memset(regs, 0, sizeof(*regs));
	regs->ip = (unsigned long)__builtin_return_address(0);
	regs->bp = frame[0];
	regs->sp = (unsigned long)(frame + 2);
	regs->cs = __KERNEL_CS;
	regs->ss = __KERNEL_DS;
	regs->flags = native_save_fl();
}
NOKPROBE_SYMBOL(crash_stop_arch_save_regs);

/**
 * crash_stop_arch_context - what the interrupted code was doing
 * @regs: interrupted registers, taken on the CPU that is asking
 * @task: the task that CPU runs
 * @entry_count: what the entry path that brought us here added to
 *	preempt_count(), to be taken off
 *
 * Interrupt and NMI nesting comes from the preempt count, which is right
 * whatever stack the handler ran on (an interrupt taken from user mode
 * runs on the task stack); exception stacks come from the stack pointer.
 *
 * Return: the context.
 */
enum crash_stop_context crash_stop_arch_context(struct pt_regs *regs,
						 struct task_struct *task,
						 unsigned int entry_count)
{
	unsigned int count = preempt_count() - entry_count;
	unsigned long visit_mask = 0;
	struct stack_info info;

	if (user_mode(regs))
		return CRASH_STOP_CTX_USER;
	if (!get_stack_info((unsigned long *)regs->sp, task, &info,
			    &visit_mask) &&
	    info.type >= STACK_TYPE_EXCEPTION &&
	    info.type <= STACK_TYPE_EXCEPTION_LAST &&
	    info.type != STACK_TYPE_EXCEPTION + ESTACK_NMI)
		return CRASH_STOP_CTX_EXCEPTION;
	if (count & NMI_MASK)
		return CRASH_STOP_CTX_NMI;
	if (count & HARDIRQ_MASK)
		return CRASH_STOP_CTX_IRQ;
	if (count & SOFTIRQ_OFFSET)
		return CRASH_STOP_CTX_SOFTIRQ;
	if (is_idle_task(task))
		return CRASH_STOP_CTX_IDLE;
	return CRASH_STOP_CTX_KERNEL;
}
NOKPROBE_SYMBOL(crash_stop_arch_context);

/**
 * crash_stop_arch_sync_core - serialise instruction fetch on this CPU
 */
void crash_stop_arch_sync_core(void)
{
	sync_core();
}
NOKPROBE_SYMBOL(crash_stop_arch_sync_core);

/**
 * crash_stop_arch_irqs_disabled - were interrupts off where @regs stopped?
 * @regs: interrupted registers
 *
 * Return: true if the interrupted code ran with interrupts disabled.
 */
bool crash_stop_arch_irqs_disabled(struct pt_regs *regs)
{
	return regs_irqs_disabled(regs);
}
NOKPROBE_SYMBOL(crash_stop_arch_irqs_disabled);

/**
 * crash_stop_arch_halt - take this CPU offline and halt it for good
 *
 * Used instead of a release when the stop was for panic or reboot; what
 * mainline's smp_send_stop() would do to the CPU later anyway.
 */
void __noreturn crash_stop_arch_halt(void)
{
	/* As mainline's stop paths do: VMX/SVM on would block INIT. */
	cpu_emergency_disable_virtualization();
	stop_this_cpu(NULL);
}
NOKPROBE_SYMBOL(crash_stop_arch_halt);

/**
 * crash_stop_recover - make a trap return to a catch point
 * @regs: the trap frame of a fault taken below crash_stop_catch()'s caller
 *	on the same stack
 * @c: set by crash_stop_catch(), whose caller has not returned yet
 *
 * The trap then returns into crash_stop_catch()'s caller as if
 * crash_stop_catch() had returned 1, with that caller's callee-saved
 * registers and stack; everything the faulting code had pushed since is
 * dropped. The interrupt, alignment-check (SMAP) and direction flags
 * are those of the catch point.
 */
void crash_stop_recover(struct pt_regs *regs, const struct crash_stop_catch *c)
{
	regs->bx = c->word[0];
	regs->bp = c->word[1];
	regs->r12 = c->word[2];
	regs->r13 = c->word[3];
	regs->r14 = c->word[4];
	regs->r15 = c->word[5];
	regs->sp = c->word[6];
	regs->ip = c->word[7];
	/* Interrupts, SMAP and direction as they were at the catch point. */
	regs->flags &= ~(X86_EFLAGS_IF | X86_EFLAGS_AC | X86_EFLAGS_DF);
	regs->flags |= c->word[8] &
		       (X86_EFLAGS_IF | X86_EFLAGS_AC | X86_EFLAGS_DF);
	regs->ax = 1;
}
EXPORT_SYMBOL_GPL(crash_stop_recover);
NOKPROBE_SYMBOL(crash_stop_recover);

/**
 * crash_stop_arch_extnmi_wired - does this CPU receive external NMIs?
 *
 * Linux programs LINT1 (the external NMI line) to deliver NMIs on CPU 0,
 * and on every CPU with apic_extnmi=all; read on this CPU.
 *
 * Return: true if an external NMI reaches this CPU.
 */
bool crash_stop_arch_extnmi_wired(void)
{
	u32 lvt1;

	if (!boot_cpu_has(X86_FEATURE_APIC))
		return false;
	lvt1 = apic_read(APIC_LVT1);
	return !(lvt1 & APIC_LVT_MASKED) &&
	       GET_APIC_DELIVERY_MODE(lvt1) == APIC_MODE_NMI;
}
NOKPROBE_SYMBOL(crash_stop_arch_extnmi_wired);

/**
 * crash_stop_arch_nmi_frame_fixed - does an NMI return through a copy?
 * @regs: the NMI handler's registers
 *
 * An NMI taken in kernel mode returns with iretq from a copy of the
 * hardware frame that the nested-NMI logic of the entry code keeps, not
 * from @regs: a change to the PC, stack pointer or flags in @regs is
 * lost, one to the general registers is not. An NMI from user mode
 * returns through @regs.
 *
 * Return: true if only the general registers in @regs take effect.
 */
bool crash_stop_arch_nmi_frame_fixed(struct pt_regs *regs)
{
	return !user_mode(regs);
}
NOKPROBE_SYMBOL(crash_stop_arch_nmi_frame_fixed);

static int crash_stop_x86_nmi(unsigned int type, struct pt_regs *regs)
{
	return crash_stop_nmi(regs) ? NMI_HANDLED : NMI_DONE;
}
NOKPROBE_SYMBOL(crash_stop_x86_nmi);

/* A kernel fault on the master while stopped goes to the stop's user. */
static int crash_stop_x86_die(struct notifier_block *nb, unsigned long val,
			      void *data)
{
	struct die_args *args = data;

	if (val == DIE_OOPS &&
	    crash_stop_nested_trap(CRASH_STOP_REASON_OOPS, args->regs))
		return NOTIFY_STOP;
	return NOTIFY_DONE;
}
NOKPROBE_SYMBOL(crash_stop_x86_die);

static struct notifier_block crash_stop_x86_die_nb = {
	.notifier_call = crash_stop_x86_die,
	.priority = INT_MAX,
};

static int __init crash_stop_x86_init(void)
{
	int err;

	err = register_die_notifier(&crash_stop_x86_die_nb);
	if (err)
		return err;
	return register_nmi_handler(NMI_LOCAL, crash_stop_x86_nmi, 0,
				    "crash_stop");
}
early_initcall(crash_stop_x86_init);
