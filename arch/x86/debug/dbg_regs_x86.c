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
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/stddef.h>
#include <asm/cacheflush.h>
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
#include "crash_stop_x86.h"

#define REG(gdb, kernel, field, wr) \
	{ gdb, kernel, offsetof(struct pt_regs, field), wr, false, -1 }
#define FRAME(gdb, kernel, field, wr) \
	{ gdb, kernel, offsetof(struct pt_regs, field), wr, true, -1 }
/* What the CPU's stop saved besides its trap frame: read-only. */
#define SREG(gdb, slot) { gdb, NULL, -1, false, false, CS_SREG_##slot }

/* gdb's names first, the kernel's pt_regs names as aliases. */
const struct dbg_arch_reg dbg_arch_regs[] = {
	REG("rax", "ax", ax, true),
	REG("rbx", "bx", bx, true),
	REG("rcx", "cx", cx, true),
	REG("rdx", "dx", dx, true),
	REG("rsi", "si", si, true),
	REG("rdi", "di", di, true),
	REG("rbp", "bp", bp, true),
	FRAME("rsp", "sp", sp, true),
	REG("r8", NULL, r8, true),
	REG("r9", NULL, r9, true),
	REG("r10", NULL, r10, true),
	REG("r11", NULL, r11, true),
	REG("r12", NULL, r12, true),
	REG("r13", NULL, r13, true),
	REG("r14", NULL, r14, true),
	REG("r15", NULL, r15, true),
	FRAME("rip", "ip", ip, true),
	FRAME("eflags", "flags", flags, true),
	FRAME("cs", NULL, cs, false),
	FRAME("ss", NULL, ss, false),
	REG("orig_rax", "orig_ax", orig_ax, true),
	SREG("ds", DS),
	SREG("es", ES),
	SREG("fs", FS),
	SREG("gs", GS),
	SREG("fs_base", FS_BASE),
	SREG("gs_base", GS_BASE),
	SREG("k_gs_base", K_GS_BASE),
	SREG("cr0", CR0),
	SREG("cr2", CR2),
	SREG("cr3", CR3),
	SREG("cr4", CR4),
	SREG("cr8", CR8),
	SREG("efer", EFER),
};

const unsigned int dbg_arch_nr_regs = ARRAY_SIZE(dbg_arch_regs);
static_assert(ARRAY_SIZE(dbg_arch_regs) <= DBG_REGS_MAX);

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
 * Flags a debugger user may change: the arithmetic ones, and IF and RF.
 * Not TF (a stray single-step trap), IOPL, NT, VM, VIF, VIP or ID; in
 * kernel code not DF and AC either (string instructions run backwards,
 * SMAP is off), and in user code IF stays on (as ptrace has it).
 */
#define DBG_X86_ARITH_FLAGS (X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
			     X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_OF)
#define DBG_X86_KERNEL_FLAGS (DBG_X86_ARITH_FLAGS | X86_EFLAGS_IF | \
			      X86_EFLAGS_RF)
#define DBG_X86_USER_FLAGS (DBG_X86_ARITH_FLAGS | X86_EFLAGS_DF | \
			    X86_EFLAGS_AC | X86_EFLAGS_RF)

/**
 * dbg_arch_check_reg - check and adjust a value for a register
 * @reg: index in dbg_arch_regs
 * @regs: the registers it goes into (for the mode: kernel or user)
 * @val: the value asked for; for eflags, adjusted to change only the
 *	flags a user may change
 *
 * A kernel frame's PC must be kernel or module text and its stack pointer
 * mapped kernel memory; a user frame's PC and stack pointer must be user
 * addresses: the CPU would fault on the way back otherwise.
 *
 * Return: 0, or -EINVAL for a PC or stack pointer that cannot be right.
 */
int dbg_arch_check_reg(unsigned int reg, struct pt_regs *regs,
		       u64 *val)
{
	unsigned long probe;
	u64 mask;

	switch (reg) {
	case X86_EFLAGS:
		mask = user_mode(regs) ? DBG_X86_USER_FLAGS :
					 DBG_X86_KERNEL_FLAGS;
		*val = (regs->flags & ~mask) | (*val & mask);
		return 0;
	case X86_RIP:
		if (user_mode(regs))
			return *val < TASK_SIZE_MAX ? 0 : -EINVAL;
		return core_kernel_text(*val) || __module_text_address(*val) ?
		       0 : -EINVAL;
	case X86_RSP:
		if (user_mode(regs))
			return *val < TASK_SIZE_MAX ? 0 : -EINVAL;
		return dbg_read_nofault(&probe, *val, sizeof(probe)) ? -EINVAL :
		       0;
	}
	return 0;
}

/**
 * dbg_arch_irqs_on - were interrupts enabled where @regs stopped?
 * @regs: interrupted registers
 *
 * Return: true if the CPU takes interrupts once it returns through @regs.
 */
bool dbg_arch_irqs_on(const struct pt_regs *regs)
{
	return regs->flags & X86_EFLAGS_IF;
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
			   u64 *valid)
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
	*valid = BIT_ULL(X86_RIP) | BIT_ULL(X86_RSP) | BIT_ULL(X86_RBP) |
		 BIT_ULL(X86_RBX) | BIT_ULL(X86_R12) | BIT_ULL(X86_R13) |
		 BIT_ULL(X86_R14) | BIT_ULL(X86_R15) | BIT_ULL(X86_CS) |
		 BIT_ULL(X86_SS);
	return 0;
}

/**
 * dbg_arch_flush_dcache - write a range back from this CPU's caches to RAM
 * @addr: start (mapped write-back)
 * @len: bytes
 *
 * For what must outlive a reset, which may not write dirty lines back.
 */
void dbg_arch_flush_dcache(void *addr, size_t len)
{
	clflush_cache_range(addr, len);
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
	/* A user page: touching it from the kernel is an SMAP oops. */
	if (last >= VSYSCALL_ADDR && addr < VSYSCALL_ADDR + PAGE_SIZE)
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
 * dbg_arch_kernel_map - what a kernel address maps to, and how far
 * @addr: a canonical kernel address
 * @paddr: set to where it maps, when it does
 * @span: set to the bytes from @addr to the end of the page, large page
 *	or empty table entry that holds it: a walk over a range skips an
 *	unmapped stretch a whole entry at a time
 *
 * Return: 0, or -EFAULT if it is not mapped.
 */
int dbg_arch_kernel_map(unsigned long addr, u64 *paddr, u64 *span)
{
	unsigned int level;
	pte_t *pte = lookup_address(addr, &level);
	unsigned long size = page_level_size(level);

	*span = size - (addr & (size - 1));
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
 * dbg_arch_virt_to_phys - walk the kernel page tables
 * @addr: a canonical kernel address
 * @paddr: set to where it maps
 *
 * Return: 0, or -EFAULT if it is not mapped.
 */
int dbg_arch_virt_to_phys(unsigned long addr, u64 *paddr)
{
	u64 span;

	return dbg_arch_kernel_map(addr, paddr, &span);
}

/**
 * dbg_arch_mapped_areas - the kernel's page-mapped areas a dump maps
 * @areas: filled in: vmalloc (vmap'ed stacks too), then modules
 * @max: room in @areas
 *
 * Return: how many were filled.
 */
unsigned int dbg_arch_mapped_areas(struct dbg_area *areas, unsigned int max)
{
	const struct dbg_area x86_areas[] = {
		{ VMALLOC_START, VMALLOC_END + 1 },
		{ MODULES_VADDR, MODULES_END },
	};

	if (max < ARRAY_SIZE(x86_areas))
		return 0;
	memcpy(areas, x86_areas, sizeof(x86_areas));
	return ARRAY_SIZE(x86_areas);
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

/**
 * dbg_arch_exception_stack - is @sp on one of this CPU's exception stacks?
 * @sp: a stack pointer of this CPU
 * @begin: set to the stack's lowest address
 * @end: set to just past its highest
 *
 * The NMI and #DB stacks are small (a page or two): the debug core
 * measures how much of one a session used.
 *
 * Return: true if it is.
 */
bool dbg_arch_exception_stack(unsigned long sp, unsigned long *begin,
			      unsigned long *end)
{
	unsigned long visit_mask = 0;
	struct stack_info info;

	if (get_stack_info((unsigned long *)sp, current, &info, &visit_mask) ||
	    info.type < STACK_TYPE_EXCEPTION ||
	    info.type > STACK_TYPE_EXCEPTION_LAST)
		return false;
	*begin = (unsigned long)info.begin;
	*end = (unsigned long)info.end;
	return true;
}
