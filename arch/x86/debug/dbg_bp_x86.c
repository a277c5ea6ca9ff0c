// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64 side of software breakpoints: checking that an address is the
 * start of an instruction that can run out of line, keeping that copy,
 * and running it with the trap flag on the CPU that hit the breakpoint.
 *
 * Each breakpoint of the table has a slot in one page of executable
 * memory near the kernel (within the reach of a 32-bit displacement), set
 * up while the machine is stopped through the text-poke path. The copy's
 * RIP-relative displacement is moved so it reaches what the original
 * reached. After the one step, the PC is moved back from the copy to the
 * original, and what the instruction saw of its own address or of the
 * flags we changed for the step is put right:
 *
 *   relative jump, call, Jcc, LOOP: PC += original - copy (taken or not)
 *   call (direct or indirect): the pushed return address too
 *   ret, indirect jmp: the PC is already the real target
 *   pushf: the pushed flags get TF cleared and IF as it was
 *   popf, sti, cli: IF is what the instruction made it
 */

#include <linux/dbg_core.h>
#include <linux/execmem.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/set_memory.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <asm/insn.h>
#include <asm/processor-flags.h>
#include <asm/text-patching.h>

#include "dbg_x86.h"

#define DBG_X86_SLOT_SIZE	32

/* What the step needs put right afterwards. */
enum dbg_x86_fixup {
	FIX_PC,			/* PC += original - copy */
	FIX_NONE,		/* absolute target: nothing */
	FIX_CALL,		/* relative call: PC and return address */
	FIX_CALL_ABS,		/* indirect call: return address only */
	FIX_PUSHF,		/* the pushed flags */
	FIX_IF_KEPT,		/* FIX_PC, and IF is the instruction's */
};

struct dbg_x86_slot {
	unsigned long addr;	/* the original instruction */
	u8 len;
	u8 fixup;
};

static u8 *dbg_x86_slots;	/* DBG_BP_MAX copies */
static struct dbg_x86_slot dbg_x86_slot_info[DBG_BP_MAX];

/*
 * The step in progress on this CPU, and the one an NMI interrupted to
 * make its own (a breakpoint hit inside the NMI during this CPU's step):
 * interrupts are off during a step, so only an NMI can nest, once, and
 * the inner step ends before the outer one goes on. Each is one word,
 * written with one store, so an NMI never sees half of one.
 */
#define STEP_ACTIVE		BIT(0)
#define STEP_IF			BIT(1)	/* IF was set before the step */
#define STEP_SLOT_SHIFT		2

struct dbg_x86_step {
	unsigned long cur;
	unsigned long outer;
};

static DEFINE_PER_CPU(struct dbg_x86_step, dbg_x86_step);

static unsigned int dbg_x86_step_slot(unsigned long w)
{
	return w >> STEP_SLOT_SHIFT;
}

static unsigned long dbg_x86_slot_addr(unsigned int slot)
{
	return (unsigned long)dbg_x86_slots + slot * DBG_X86_SLOT_SIZE;
}

/**
 * dbg_arch_insn_len - length of the instruction in a buffer
 * @buf: its bytes (kernel code)
 * @len: how many there are
 * @ilen: set to its length
 * @is_call: set to whether it is a call (direct or indirect)
 *
 * Return: 0, or -EINVAL if it does not decode.
 */
int dbg_arch_insn_len(const u8 *buf, size_t len, unsigned int *ilen,
		      bool *is_call)
{
	struct insn insn;

	if (insn_decode(&insn, buf, len, INSN_MODE_64) < 0)
		return -EINVAL;
	*ilen = insn.length;
	*is_call = insn.opcode.bytes[0] == 0xe8 ||
		   (insn.opcode.bytes[0] == 0xff &&
		    X86_MODRM_REG(insn.modrm.value) == 2);
	return 0;
}

/* Is @addr where an instruction of its function starts? */
static int dbg_x86_boundary(unsigned long addr, char *why, size_t len)
{
	unsigned long size, offset, a;
	u8 buf[MAX_INSN_SIZE];
	struct insn insn;

	if (!kallsyms_lookup_size_offset(addr, &size, &offset)) {
		snprintf(why, len, "no symbol covers it");
		return -EINVAL;
	}
	for (a = addr - offset; a < addr; a += insn.length) {
		if (dbg_read_nofault(buf, a, sizeof(buf)) ||
		    insn_decode_kernel(&insn, buf) < 0) {
			snprintf(why, len, "the code before it does not decode (at %pS)",
				 (void *)a);
			return -EINVAL;
		}
	}
	if (a != addr) {
		snprintf(why, len, "inside an instruction (it starts at %pS)",
			 (void *)(a - insn.length));
		return -EINVAL;
	}
	return 0;
}

/* Instructions that must not run anywhere but where they are. */
static const char *dbg_x86_refused_insn(const struct insn *insn)
{
	u8 op = insn->opcode.bytes[0];
	u8 op2 = insn->opcode.bytes[1];
	u8 reg = X86_MODRM_REG(insn->modrm.value);

	switch (op) {
	case 0xcc: case 0xcd: case 0xce: case 0xf1:
		return "an int instruction";
	case 0xcf:
		return "iret";
	case 0xf4:
		return "hlt";
	case 0xca: case 0xcb: case 0x9a: case 0xea:
		return "a far transfer";
	case 0xff:
		if (reg == 3 || reg == 5)
			return "a far transfer";
		break;
	case 0x0f:
		if (op2 == 0x0b || op2 == 0xb9 || op2 == 0xff)
			return "ud (BUG/WARN report it by address)";
		if (op2 == 0x05 || op2 == 0x07 || op2 == 0x34 || op2 == 0x35)
			return "a system call or return";
		break;
	}
	return NULL;
}

static enum dbg_x86_fixup dbg_x86_fixup_of(const struct insn *insn)
{
	u8 op = insn->opcode.bytes[0];
	u8 reg = X86_MODRM_REG(insn->modrm.value);

	switch (op) {
	case 0xc2: case 0xc3:
		return FIX_NONE;
	case 0xe8:
		return FIX_CALL;
	case 0x9c:
		return FIX_PUSHF;
	case 0x9d: case 0xfa: case 0xfb:
		return FIX_IF_KEPT;
	case 0xff:
		if (reg == 2)
			return FIX_CALL_ABS;
		if (reg == 4)
			return FIX_NONE;
		break;
	}
	return FIX_PC;
}

/**
 * dbg_arch_bp_prepare - check an address, and keep its instruction's copy
 * @slot: the breakpoint's number, its slot
 * @addr: the address
 * @why: set to the reason when refused
 * @len: room in @why
 *
 * While the machine is stopped.
 *
 * Return: 0; -EINVAL for an address that is not an instruction's first
 * byte or that does not decode; -EPERM for an instruction that cannot
 * run out of line; -ENOMEM if there is no slot page; the errors of
 * changing kernel text.
 */
int dbg_arch_bp_prepare(unsigned int slot, unsigned long addr, char *why,
			size_t len)
{
	u8 copy[DBG_X86_SLOT_SIZE];
	unsigned long slot_addr;
	const char *refused;
	struct insn insn;
	s64 disp;
	int err;

	if (!dbg_x86_slots) {
		snprintf(why, len, "no memory to run instructions out of line");
		return -ENOMEM;
	}
	err = dbg_x86_boundary(addr, why, len);
	if (err)
		return err;
	if (dbg_read_nofault(copy, addr, MAX_INSN_SIZE) ||
	    insn_decode_kernel(&insn, copy) < 0) {
		snprintf(why, len, "the instruction does not decode");
		return -EINVAL;
	}
	refused = dbg_x86_refused_insn(&insn);
	if (refused) {
		snprintf(why, len, "the instruction is %s: it cannot run out of line",
			 refused);
		return -EPERM;
	}
	slot_addr = dbg_x86_slot_addr(slot);
	if (insn_rip_relative(&insn)) {
		disp = (s64)insn.displacement.value + (s64)(addr - slot_addr);
		if (disp != (s32)disp) {
			snprintf(why, len, "its RIP-relative operand is out of reach of the copy");
			return -EPERM;
		}
		put_unaligned((s32)disp,
			      (s32 *)(copy + insn_offset_displacement(&insn)));
	}
	memset(copy + insn.length, INT3_INSN_OPCODE,
	       sizeof(copy) - insn.length);
	err = dbg_text_poke(slot_addr, copy, sizeof(copy));
	if (err) {
		snprintf(why, len, "its copy could not be written");
		return err;
	}
	dbg_x86_slot_info[slot].addr = addr;
	dbg_x86_slot_info[slot].len = insn.length;
	dbg_x86_slot_info[slot].fixup = dbg_x86_fixup_of(&insn);
	return 0;
}

/**
 * dbg_arch_bp_len - length of a breakpoint's instruction
 * @slot: its number
 *
 * Return: the length in bytes.
 */
unsigned int dbg_arch_bp_len(unsigned int slot)
{
	return dbg_x86_slot_info[slot].len;
}

/**
 * dbg_arch_bp_slot_busy - is a CPU in the middle of a slot's step?
 * @slot: the slot
 *
 * While the machine is stopped: a CPU stopped between going to a copy and
 * the trap after it runs that copy when released, so it must not be
 * rewritten for another breakpoint in this stop.
 *
 * Return: true if some CPU's step on @slot is under way.
 */
bool dbg_arch_bp_slot_busy(unsigned int slot)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		const struct dbg_x86_step *st = per_cpu_ptr(&dbg_x86_step, cpu);
		unsigned long cur = READ_ONCE(st->cur);
		unsigned long outer = READ_ONCE(st->outer);

		if (((cur & STEP_ACTIVE) && dbg_x86_step_slot(cur) == slot) ||
		    ((outer & STEP_ACTIVE) && dbg_x86_step_slot(outer) == slot))
			return true;
	}
	return false;
}

/**
 * dbg_arch_bp_step - run a breakpoint's instruction out of line
 * @regs: the trap frame of the CPU at the breakpoint (PC on it)
 * @slot: the breakpoint's number
 *
 * Goes to the copy with the trap flag set and interrupts off for the one
 * instruction; the debug trap after it comes back to the original's
 * flow in dbg_x86_step_done().
 */
void dbg_arch_bp_step(struct pt_regs *regs, unsigned int slot)
{
	struct dbg_x86_step *st = this_cpu_ptr(&dbg_x86_step);
	unsigned long cur = READ_ONCE(st->cur);

	/* An NMI's hit during this CPU's own step: keep that one. */
	if (cur & STEP_ACTIVE)
		WRITE_ONCE(st->outer, cur);
	WRITE_ONCE(st->cur, STEP_ACTIVE | (unsigned long)slot << STEP_SLOT_SHIFT |
			    (regs->flags & X86_EFLAGS_IF ? STEP_IF : 0));
	regs->flags = (regs->flags | X86_EFLAGS_TF) & ~X86_EFLAGS_IF;
	regs->ip = dbg_x86_slot_addr(slot);
}
NOKPROBE_SYMBOL(dbg_arch_bp_step);

/**
 * dbg_x86_step_done - the debug trap after an out-of-line step
 * @regs: its frame
 *
 * Return: true if this CPU was stepping a copy (now back on the
 * original's flow), false if the trap is not ours.
 */
bool dbg_x86_step_done(struct pt_regs *regs)
{
	struct dbg_x86_step *st = this_cpu_ptr(&dbg_x86_step);
	unsigned long cur = READ_ONCE(st->cur);
	unsigned long if_flag = cur & STEP_IF ? X86_EFLAGS_IF : 0;
	unsigned int slot = dbg_x86_step_slot(cur);
	const struct dbg_x86_slot *s;
	unsigned long copy, delta, *sp;

	if (!(cur & STEP_ACTIVE) || user_mode(regs))
		return false;
	s = &dbg_x86_slot_info[slot];
	copy = dbg_x86_slot_addr(slot);
	delta = s->addr - copy;
	sp = (unsigned long *)regs->sp;
	switch (s->fixup) {
	case FIX_CALL:
		*sp += delta;
		regs->ip += delta;
		break;
	case FIX_CALL_ABS:
		*sp += delta;
		break;
	case FIX_NONE:
		break;
	case FIX_PUSHF:
		*sp = (*sp & ~(X86_EFLAGS_TF | X86_EFLAGS_IF)) | if_flag;
		regs->ip += delta;
		break;
	default:
		regs->ip += delta;
		break;
	}
	regs->flags &= ~X86_EFLAGS_TF;
	if (s->fixup != FIX_IF_KEPT)
		regs->flags = (regs->flags & ~X86_EFLAGS_IF) | if_flag;
	/* Back to the step the NMI interrupted, if any. */
	WRITE_ONCE(st->cur, READ_ONCE(st->outer));
	WRITE_ONCE(st->outer, 0);
	return true;
}
NOKPROBE_SYMBOL(dbg_x86_step_done);

/* --- single-step in place ------------------------------------------------ */

/* A step of the master's own instruction, in place, others held. */
struct dbg_x86_ss {
	bool active;
	u8 fixup;
	unsigned long if_flag;
};

static DEFINE_PER_CPU(struct dbg_x86_ss, dbg_x86_ss);

/**
 * dbg_arch_step_start - single-step the instruction at a trap frame's PC
 * @regs: the master's live trap frame
 * @why: set to the reason when refused
 * @len: room in @why
 *
 * Sets the trap flag, with interrupts off for the one instruction (so it
 * does not land in an interrupt handler); dbg_x86_ss_done() puts the
 * flags right after it.
 *
 * Return: 0; -EINVAL if the instruction does not decode or is one that
 * cannot be stepped (@why).
 */
int dbg_arch_step_start(struct pt_regs *regs, char *why, size_t len)
{
	struct dbg_x86_ss *ss = this_cpu_ptr(&dbg_x86_ss);
	u8 buf[MAX_INSN_SIZE];
	struct insn insn;

	if (user_mode(regs)) {
		snprintf(why, len, "the CPU was in user mode");
		return -EINVAL;
	}
	if (dbg_read_nofault(buf, regs->ip, sizeof(buf)) ||
	    insn_decode_kernel(&insn, buf) < 0) {
		snprintf(why, len, "the instruction at the PC does not decode");
		return -EINVAL;
	}
	if (insn.opcode.bytes[0] == 0xf4) {
		snprintf(why, len, "hlt with interrupts off would never end");
		return -EINVAL;
	}
	/* Those that leave the kernel, trap, or report by address. */
	if (dbg_x86_refused_insn(&insn)) {
		snprintf(why, len, "the instruction is %s: it cannot be stepped",
			 dbg_x86_refused_insn(&insn));
		return -EINVAL;
	}
	ss->fixup = dbg_x86_fixup_of(&insn);
	ss->if_flag = regs->flags & X86_EFLAGS_IF;
	ss->active = true;
	regs->flags = (regs->flags | X86_EFLAGS_TF) & ~X86_EFLAGS_IF;
	return 0;
}
NOKPROBE_SYMBOL(dbg_arch_step_start);

/**
 * dbg_x86_ss_done - the debug trap after a single-step of the master
 * @regs: its frame
 *
 * Return: true if this CPU was single-stepping (flags now put right).
 */
bool dbg_x86_ss_done(struct pt_regs *regs)
{
	struct dbg_x86_ss *ss = this_cpu_ptr(&dbg_x86_ss);
	unsigned long *sp = (unsigned long *)regs->sp;

	if (!ss->active || user_mode(regs))
		return false;
	ss->active = false;
	if (ss->fixup == FIX_PUSHF)
		*sp = (*sp & ~(X86_EFLAGS_TF | X86_EFLAGS_IF)) | ss->if_flag;
	regs->flags &= ~X86_EFLAGS_TF;
	if (ss->fixup != FIX_IF_KEPT)
		regs->flags = (regs->flags & ~X86_EFLAGS_IF) | ss->if_flag;
	return true;
}
NOKPROBE_SYMBOL(dbg_x86_ss_done);

/**
 * dbg_x86_step_fault - a kernel fault while this CPU was stepping
 * @regs: the faulting frame
 *
 * The stepped instruction faulted (an oops follows): in a copy, the
 * frame is moved back to the original instruction, so the report and the
 * debugger show where it really was; either way the step is over, the
 * trap flag cleared and the interrupt flag put back.
 */
void dbg_x86_step_fault(struct pt_regs *regs)
{
	struct dbg_x86_step *st = this_cpu_ptr(&dbg_x86_step);
	struct dbg_x86_ss *ss = this_cpu_ptr(&dbg_x86_ss);
	unsigned long cur = READ_ONCE(st->cur);
	unsigned int slot = dbg_x86_step_slot(cur);
	unsigned long copy = dbg_x86_slot_addr(slot);

	if (user_mode(regs))
		return;
	if ((cur & STEP_ACTIVE) && regs->ip >= copy &&
	    regs->ip < copy + DBG_X86_SLOT_SIZE) {
		regs->ip = dbg_x86_slot_info[slot].addr + (regs->ip - copy);
		regs->flags = (regs->flags & ~(X86_EFLAGS_TF | X86_EFLAGS_IF)) |
			      (cur & STEP_IF ? X86_EFLAGS_IF : 0);
		WRITE_ONCE(st->cur, READ_ONCE(st->outer));
		WRITE_ONCE(st->outer, 0);
	}
	if (ss->active) {
		ss->active = false;
		regs->flags = (regs->flags & ~(X86_EFLAGS_TF | X86_EFLAGS_IF)) |
			      ss->if_flag;
	}
}
NOKPROBE_SYMBOL(dbg_x86_step_fault);

/**
 * dbg_arch_bp_init - set aside the page the copies run in
 *
 * Return: 0 or -ENOMEM.
 */
int __init dbg_arch_bp_init(void)
{
	void *page = execmem_alloc(EXECMEM_KPROBES, PAGE_SIZE);

	BUILD_BUG_ON(DBG_BP_MAX * DBG_X86_SLOT_SIZE > PAGE_SIZE);
	if (!page)
		return -ENOMEM;
	memset(page, INT3_INSN_OPCODE, PAGE_SIZE);
	if (set_memory_rox((unsigned long)page, 1)) {
		execmem_free(page);
		return -ENOMEM;
	}
	dbg_x86_slots = page;
	return 0;
}
