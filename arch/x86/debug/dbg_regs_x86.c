// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64 facts the debug core needs: the register set and how a
 * sleeping task's registers are rebuilt, which addresses are kernel
 * addresses, which physical ranges are RAM, page-table lookups, and the
 * per-CPU stacks.
 */

#include <linux/dbg_core.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/stddef.h>
#include <asm/cpu_entry_area.h>
#include <asm/current.h>
#include <asm/e820/api.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/stacktrace.h>
#include <asm/switch_to.h>
#include <asm/vsyscall.h>

#include "../../../kernel/debug/core/dbg_internal.h"

#define REG(gdb, kernel, field, wr) \
	{ gdb, kernel, offsetof(struct pt_regs, field), wr }

/* gdb's names first, the kernel's pt_regs names as aliases. */
const struct dbg_arch_reg dbg_arch_regs[] = {
	REG("rax", "ax", ax, true),
	REG("rbx", "bx", bx, true),
	REG("rcx", "cx", cx, true),
	REG("rdx", "dx", dx, true),
	REG("rsi", "si", si, true),
	REG("rdi", "di", di, true),
	REG("rbp", "bp", bp, true),
	REG("rsp", "sp", sp, true),
	REG("r8", NULL, r8, true),
	REG("r9", NULL, r9, true),
	REG("r10", NULL, r10, true),
	REG("r11", NULL, r11, true),
	REG("r12", NULL, r12, true),
	REG("r13", NULL, r13, true),
	REG("r14", NULL, r14, true),
	REG("r15", NULL, r15, true),
	REG("rip", "ip", ip, true),
	REG("eflags", "flags", flags, true),
	REG("cs", NULL, cs, false),
	REG("ss", NULL, ss, false),
	REG("orig_rax", "orig_ax", orig_ax, true),
};

const unsigned int dbg_arch_nr_regs = ARRAY_SIZE(dbg_arch_regs);

enum { X86_RBX = 1, X86_RBP = 6, X86_RSP = 7, X86_R12 = 12, X86_R13,
	X86_R14, X86_R15, X86_RIP, X86_EFLAGS, X86_CS, X86_SS };

const int dbg_arch_reg_roles[] = {
	[DBG_REG_PC] = X86_RIP,
	[DBG_REG_SP] = X86_RSP,
	[DBG_REG_FP] = X86_RBP,
	[DBG_REG_FLAGS] = X86_EFLAGS,
	[DBG_REG_ARG0] = 5,		/* rdi */
};

/*
 * Flags a user may change in an interrupted frame. Not TF (a stray #DB
 * in the kernel), not IOPL, NT, VM, VIF, VIP or ID.
 */
#define DBG_X86_USER_FLAGS (X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
			    X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_IF | \
			    X86_EFLAGS_DF | X86_EFLAGS_OF | X86_EFLAGS_RF | \
			    X86_EFLAGS_AC)

/**
 * dbg_arch_fixup_reg - the value a register write really stores
 * @reg: index in dbg_arch_regs
 * @old: its current value
 * @val: the value asked for
 *
 * Return: @val, except for eflags, where only the flags a debugger user
 * may change are taken from @val.
 */
u64 dbg_arch_fixup_reg(unsigned int reg, u64 old, u64 val)
{
	if (reg == X86_EFLAGS)
		return (old & ~DBG_X86_USER_FLAGS) | (val & DBG_X86_USER_FLAGS);
	return val;
}

/**
 * dbg_arch_sleeping_regs - registers of a task that is not running
 * @task: the task, switched out
 * @regs: filled in
 * @valid: set to a bit per dbg_arch_regs entry that is known
 *
 * __switch_to_asm() left an inactive_task_frame at thread.sp: the
 * callee-saved registers and the return address into __schedule() (or
 * ret_from_fork_asm for a task that never ran). The stack pointer is
 * the one after that frame is popped, as the kernel's unwinder has it.
 *
 * Return: 0, or -EFAULT if the frame cannot be read.
 */
int dbg_arch_sleeping_regs(struct task_struct *task, struct pt_regs *regs,
			   u32 *valid)
{
	struct inactive_task_frame frame;
	unsigned long sp;

	if (dbg_read_val(sp, task->thread.sp) ||
	    dbg_read_nofault(&frame, sp, sizeof(frame)))
		return -EFAULT;
	memset(regs, 0, sizeof(*regs));
	regs->ip = frame.ret_addr;
	regs->sp = sp + sizeof(frame);
	regs->bp = frame.bp;
	regs->bx = frame.bx;
	regs->r12 = frame.r12;
	regs->r13 = frame.r13;
	regs->r14 = frame.r14;
	regs->r15 = frame.r15;
	regs->cs = __KERNEL_CS;
	regs->ss = __KERNEL_DS;
	*valid = BIT(X86_RIP) | BIT(X86_RSP) | BIT(X86_RBP) | BIT(X86_RBX) |
		 BIT(X86_R12) | BIT(X86_R13) | BIT(X86_R14) | BIT(X86_R15) |
		 BIT(X86_CS) | BIT(X86_SS);
	return 0;
}

/**
 * dbg_arch_addr_check - is [@addr, @addr + @len) a kernel address range?
 * @addr: start
 * @len: bytes (0 counts as 1)
 *
 * Return: 0; -EACCES for user space (and the vsyscall page); -ENXIO if
 * it is not canonical or wraps around.
 */
int dbg_arch_addr_check(unsigned long addr, size_t len)
{
	unsigned long last = addr + (len ? len - 1 : 0);
	/* The paging mode in use, not what the CPU could do (LA57). */
	u8 bits = __VIRTUAL_MASK_SHIFT + 1;

	if (last < addr)
		return -ENXIO;
	if (addr < TASK_SIZE_MAX + PAGE_SIZE)
		return last < (1UL << (bits - 1)) ? -EACCES : -ENXIO;
	if (!__is_canonical_address(addr, bits) ||
	    !__is_canonical_address(last, bits))
		return -ENXIO;
	if (is_vsyscall_vaddr(addr))
		return -EACCES;
	return 0;
}

/**
 * dbg_arch_phys_is_ram - is a physical range RAM the direct map covers?
 * @paddr: start
 * @len: bytes, not crossing a page
 *
 * Return: true if it may be read through the direct map.
 */
bool dbg_arch_phys_is_ram(u64 paddr, size_t len)
{
	u64 end = paddr + (len ? len : 1);

	if (end < paddr || !pfn_valid(PHYS_PFN(paddr)) ||
	    PHYS_PFN(end - 1) >= max_pfn_mapped)
		return false;
	return e820__mapped_any(paddr, end, E820_TYPE_RAM);
}

/**
 * dbg_arch_virt_to_phys - walk the kernel page tables
 * @addr: a canonical kernel address
 * @paddr: set to where it maps
 *
 * Return: 0, or -EFAULT if it is not mapped.
 */
int dbg_arch_virt_to_phys(unsigned long addr, u64 *paddr)
{
	unsigned int level;
	pte_t *pte = lookup_address(addr, &level);

	if (!pte || !pte_present(*pte))
		return -EFAULT;
	switch (level) {
	case PG_LEVEL_1G:
		*paddr = ((u64)pud_pfn(*(pud_t *)pte) << PAGE_SHIFT) +
			 (addr & ~PUD_MASK);
		break;
	case PG_LEVEL_2M:
		*paddr = ((u64)pmd_pfn(*(pmd_t *)pte) << PAGE_SHIFT) +
			 (addr & ~PMD_MASK);
		break;
	default:
		*paddr = ((u64)pte_pfn(*pte) << PAGE_SHIFT) +
			 (addr & ~PAGE_MASK);
	}
	return 0;
}

/**
 * dbg_arch_stack_type - the core's name for a kernel stack_type
 * @kernel_type: an enum stack_type value
 *
 * Return: an &enum dbg_stack_type value.
 */
unsigned int dbg_arch_stack_type(int kernel_type)
{
	switch (kernel_type) {
	case STACK_TYPE_TASK:
		return DBG_STACK_TASK;
	case STACK_TYPE_IRQ:
		return DBG_STACK_IRQ;
	case STACK_TYPE_SOFTIRQ:
		return DBG_STACK_SOFTIRQ;
	case STACK_TYPE_ENTRY:
		return DBG_STACK_ENTRY;
	case STACK_TYPE_EXCEPTION + ESTACK_NMI:
		return DBG_STACK_NMI;
	}
	if (kernel_type >= STACK_TYPE_EXCEPTION &&
	    kernel_type <= STACK_TYPE_EXCEPTION_LAST)
		return DBG_STACK_EXCEPTION;
	return DBG_STACK_UNKNOWN;
}

/* Is @addr in [@base, @base + @size)? Fill @out if so. */
static bool dbg_x86_in(unsigned long addr, unsigned long base,
		       unsigned long size, unsigned int type, int cpu,
		       struct dbg_stack_owner *out)
{
	if (!size || addr - base >= size)
		return false;
	out->type = type;
	out->cpu = cpu;
	out->base = base;
	out->size = size;
	return true;
}

/**
 * dbg_arch_cpu_stack - is @addr on a CPU's IRQ or exception stack?
 * @addr: the address
 * @out: filled in when it is (type, cpu, base, size)
 *
 * Return: 0 if found, -ENOENT if not.
 */
int dbg_arch_cpu_stack(unsigned long addr, struct dbg_stack_owner *out)
{
	struct cea_exception_stacks *es;
	unsigned long top;
	int cpu;

	for_each_possible_cpu(cpu) {
		top = (unsigned long)per_cpu(pcpu_hot.hardirq_stack_ptr, cpu);
		/* It points at the topmost slot, not past it. */
		if (top && dbg_x86_in(addr, top + sizeof(long) - IRQ_STACK_SIZE,
				      IRQ_STACK_SIZE, DBG_STACK_IRQ, cpu, out))
			return 0;
		es = per_cpu(cea_exception_stacks, cpu);
		if (!es)
			continue;
		if (dbg_x86_in(addr, CEA_ESTACK_BOT(es, NMI),
			       CEA_ESTACK_SIZE(NMI), DBG_STACK_NMI, cpu, out) ||
		    dbg_x86_in(addr, CEA_ESTACK_BOT(es, DF),
			       CEA_ESTACK_SIZE(DF), DBG_STACK_EXCEPTION, cpu,
			       out) ||
		    dbg_x86_in(addr, CEA_ESTACK_BOT(es, DB),
			       CEA_ESTACK_SIZE(DB), DBG_STACK_EXCEPTION, cpu,
			       out) ||
		    dbg_x86_in(addr, CEA_ESTACK_BOT(es, MCE),
			       CEA_ESTACK_SIZE(MCE), DBG_STACK_EXCEPTION, cpu,
			       out))
			return 0;
	}
	return -ENOENT;
}
