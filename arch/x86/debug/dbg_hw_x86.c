// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64 hardware breakpoints and watchpoints: the debug registers
 * DR0-DR3, shared with the kernel's hw_breakpoint users (perf, ptrace).
 *
 * The slots are reserved at boot through the kernel's own accounting:
 * one CPU-wide hw_breakpoint event per slot on every CPU, registered
 * like any other user's, so perf and ptrace see them taken and get
 * -ENOSPC rather than a register that is already in use. Nothing can
 * be registered while the machine is stopped (that sleeps), so the
 * events always exist; a slot the debugger does not use watches a
 * byte of its own that nothing writes.
 *
 * A slot changes in the table only while the machine is stopped, but
 * the registers are loaded later, by each CPU itself (they are per CPU)
 * from a hard irq_work queued during the stop: it runs once the CPU is
 * back from the trap or NMI it stopped in and takes interrupts. Loading
 * inside the stop would turn DR7 on inside a #DB or an NMI handler
 * (which run with it off: a nested #DB there would reuse the #DB stack)
 * and the handler's exit would then put the old DR7 back. The load takes
 * the event out of its register and puts it back with the new address,
 * type and length through the calls perf uses, with interrupts off, so
 * the #DB handler's map from register to event stays right and perf's
 * own (interrupts-off) bookkeeping is never interrupted by it. A slot
 * not in use stays in its register with its enable bit cleared in DR7:
 * it costs nothing, and while every slot is idle the kernel sees no
 * hardware breakpoint active at all.
 *
 * A hit reaches the event's overflow handler from the #DB handler; it
 * only notes the slot and asks for the #DB to be passed on (as a ptrace
 * hit would be), so every slot hit by one access is known before the
 * debugger is entered once, from the die notifier.
 */

#include <linux/dbg_core.h>
#include <linux/hw_breakpoint.h>
#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/debugreg.h>
#include <asm/hw_breakpoint.h>

#include "dbg_x86.h"

static unsigned int dbg_hw_nr;
static struct perf_event *__percpu *dbg_hw_events[DBG_HW_SLOTS_MAX];

/* What an unused slot is parked on, disabled: one byte each, to tell them apart. */
static u8 dbg_hw_idle[DBG_HW_SLOTS_MAX];

/* The slots as the last stop left them, for every CPU's next load. */
static struct dbg_hw_slot dbg_hw_cfg[DBG_HW_SLOTS_MAX];

/* Slots hit by the #DB being handled on this CPU, for the die notifier. */
static DEFINE_PER_CPU(unsigned long, dbg_hw_pending);
/* The slots' bits this CPU set in current's virtual DR6 to get there. */
static DEFINE_PER_CPU(unsigned long, dbg_hw_virtual);

static void dbg_hw_hit(struct perf_event *bp, struct perf_sample_data *data,
		       struct pt_regs *regs)
{
	unsigned long slot = (unsigned long)bp->overflow_handler_context;
	unsigned long bit = DR_TRAP0 << slot;

	if (user_mode(regs) ||
	    !dbg_hw_wants_hit(slot, counter_arch_bp(bp)->address))
		return;
	this_cpu_or(dbg_hw_pending, BIT(slot));
	/* Makes the #DB handler go on down the die chain to us. */
	if (!(current->thread.virtual_dr6 & bit)) {
		current->thread.virtual_dr6 |= bit;
		this_cpu_or(dbg_hw_virtual, bit);
	}
}
NOKPROBE_SYMBOL(dbg_hw_hit);

/**
 * dbg_x86_hw_take - the debugger's slots the #DB being handled hit
 *
 * For the die notifier. Clears what dbg_hw_hit() noted.
 *
 * Return: a mask of slots, 0 for none.
 */
unsigned long dbg_x86_hw_take(void)
{
	unsigned long virt = this_cpu_xchg(dbg_hw_virtual, 0);

	current->thread.virtual_dr6 &= ~virt;
	return this_cpu_xchg(dbg_hw_pending, 0);
}
NOKPROBE_SYMBOL(dbg_x86_hw_take);

static const struct {
	u8 x86_type;
	const char *name;
} dbg_hw_types[] = {
	[DBG_BP_HW_EXEC] = { X86_BREAKPOINT_EXECUTE, "instruction" },
	[DBG_BP_HW_WRITE] = { X86_BREAKPOINT_WRITE, "write" },
	[DBG_BP_HW_ACCESS] = { X86_BREAKPOINT_RW, "read/write" },
};

static u8 dbg_hw_len_code(unsigned int len)
{
	switch (len) {
	case 2:
		return X86_BREAKPOINT_LEN_2;
	case 4:
		return X86_BREAKPOINT_LEN_4;
	case 8:
		return X86_BREAKPOINT_LEN_8;
	default:
		return X86_BREAKPOINT_LEN_1;
	}
}

/**
 * dbg_arch_hw_check - can a debug register watch this?
 * @type: DBG_BP_HW_EXEC, DBG_BP_HW_WRITE or DBG_BP_HW_ACCESS
 * @addr: the address
 * @len: bytes: 1, 2, 4 or 8, @addr aligned to it; 1 for an instruction
 * @why: set to the reason when refused
 *
 * Return: 0, or -EINVAL (@why says why).
 */
int dbg_arch_hw_check(unsigned int type, unsigned long addr,
		      unsigned int len, const char **why)
{
	struct perf_event_attr attr = {};
	struct arch_hw_breakpoint hw;

	*why = NULL;
	if (type >= ARRAY_SIZE(dbg_hw_types) || !dbg_hw_types[type].name) {
		*why = "not a hardware breakpoint type";
		return -EINVAL;
	}
	if (type == DBG_BP_HW_EXEC && len != 1) {
		*why = "an instruction breakpoint has no length";
		return -EINVAL;
	}
	if (len != 1 && len != 2 && len != 4 && len != 8) {
		*why = "the length must be 1, 2, 4 or 8 bytes";
		return -EINVAL;
	}
	if (addr & (len - 1)) {
		*why = "the address must be aligned to the length";
		return -EINVAL;
	}
	if (addr < TASK_SIZE_MAX) {
		*why = "not a kernel address";
		return -EINVAL;
	}
	/* The kernel's own refusals: CPU entry data, kprobes blacklist. */
	hw_breakpoint_init(&attr);
	attr.bp_addr = addr;
	attr.bp_len = type == DBG_BP_HW_EXEC ? sizeof(long) : len;
	attr.bp_type = type == DBG_BP_HW_EXEC ? HW_BREAKPOINT_X :
		       type == DBG_BP_HW_WRITE ? HW_BREAKPOINT_W :
		       HW_BREAKPOINT_W | HW_BREAKPOINT_R;
	if (hw_breakpoint_arch_parse(NULL, &attr, &hw)) {
		*why = type == DBG_BP_HW_EXEC ?
		       "on the kprobes blacklist: the debugger's own entry path, NMI or entry code" :
		       "the CPU entry area or per-CPU data the entry code uses (a #DB there cannot be handled)";
		return -EINVAL;
	}
	return 0;
}

/**
 * dbg_arch_hw_update - the slots every CPU is to load
 * @slots: DBG_HW_SLOTS_MAX of them
 *
 * On the master while stopped; each CPU loads them when
 * dbg_arch_hw_queue_load() has been called on it.
 */
void dbg_arch_hw_update(const struct dbg_hw_slot *slots)
{
	memcpy(dbg_hw_cfg, slots, sizeof(dbg_hw_cfg));
}

/* Which debug register holds @addr on this CPU, or -1. */
static int dbg_hw_reg_of(unsigned long addr)
{
	unsigned long v;
	int r;

	for (r = 0; r < HBP_NUM; r++) {
		get_debugreg(v, r);
		if (v == addr)
			return r;
	}
	return -1;
}

/* Load one slot on this CPU; interrupts off. */
static int dbg_hw_load_slot(unsigned int i, const struct dbg_hw_slot *cfg)
{
	struct perf_event *bp = *this_cpu_ptr(dbg_hw_events[i]);
	struct arch_hw_breakpoint *info;
	int r;

	/* Not online at boot, or perf took it off (hotplug): not ours. */
	if (!bp || bp->state != PERF_EVENT_STATE_ACTIVE)
		return -ENODEV;
	info = counter_arch_bp(bp);
	arch_uninstall_hw_breakpoint(bp);
	info->address = cfg->on ? cfg->addr : (unsigned long)&dbg_hw_idle[i];
	info->type = cfg->on ? dbg_hw_types[cfg->type].x86_type :
		     X86_BREAKPOINT_WRITE;
	info->len = cfg->on && cfg->type == DBG_BP_HW_EXEC ?
		    X86_BREAKPOINT_LEN_X : dbg_hw_len_code(cfg->on ? cfg->len : 1);
	info->mask = 0;
	if (arch_install_hw_breakpoint(bp))
		return -EBUSY;
	if (cfg->on)
		return 0;
	/* Idle: keep the register, but not enabled. */
	r = dbg_hw_reg_of(info->address);
	if (r >= 0) {
		this_cpu_and(cpu_dr7, ~(DR_GLOBAL_ENABLE << (r * DR_ENABLE_SIZE)));
		barrier();
		set_debugreg(this_cpu_read(cpu_dr7), 7);
	}
	return 0;
}

static void dbg_hw_load(struct irq_work *work)
{
	struct dbg_hw_slot cfg;
	unsigned int i;
	int err;

	for (i = 0; i < dbg_hw_nr; i++) {
		/* A stop may rewrite it meanwhile: it then loads again. */
		cfg = dbg_hw_cfg[i];
		barrier();
		err = dbg_hw_load_slot(i, &cfg);
		if (err)
			pr_warn_ratelimited("dbg: CPU %d: debug register slot %u not loaded (%d)\n",
					    smp_processor_id(), i, err);
	}
}

static DEFINE_PER_CPU(struct irq_work, dbg_hw_work) =
	IRQ_WORK_INIT_HARD(dbg_hw_load);

/**
 * dbg_arch_hw_queue_load - have this CPU load the slots once it resumes
 * @unused: for crash_stop_call_on_cpu()
 *
 * On the master, and on each stopped CPU through
 * crash_stop_call_on_cpu(), while the machine is stopped.
 */
void dbg_arch_hw_queue_load(void *unused)
{
	irq_work_queue(this_cpu_ptr(&dbg_hw_work));
}
NOKPROBE_SYMBOL(dbg_arch_hw_queue_load);

/**
 * dbg_arch_hw_save - DR7 before a text poke
 *
 * text_poke() turns the debug registers back on when it is done
 * (hw_breakpoint_restore()): inside a #DB or an NMI, where they are
 * off, that must be undone (dbg_arch_hw_restore()).
 *
 * Return: DR7.
 */
unsigned long dbg_arch_hw_save(void)
{
	unsigned long dr7;

	get_debugreg(dr7, 7);
	return dr7;
}

/**
 * dbg_arch_hw_restore - DR7 back as it was before a text poke
 * @dr7: what dbg_arch_hw_save() gave
 */
void dbg_arch_hw_restore(unsigned long dr7)
{
	set_debugreg(dr7, 7);
}

/**
 * dbg_arch_hw_init - reserve debug registers for the debugger
 * @want: how many (at most DBG_HW_SLOTS_MAX)
 *
 * Return: how many were reserved; fewer if perf or ptrace holds some.
 */
unsigned int __init dbg_arch_hw_init(unsigned int want)
{
	struct perf_event_attr attr;
	unsigned long i;

	unsigned int cpu;

	hw_breakpoint_init(&attr);
	attr.bp_len = HW_BREAKPOINT_LEN_1;
	attr.bp_type = HW_BREAKPOINT_W;
	for (i = 0; i < min_t(unsigned int, want, DBG_HW_SLOTS_MAX); i++) {
		struct perf_event *__percpu *ev;

		attr.bp_addr = (unsigned long)&dbg_hw_idle[i];
		ev = register_wide_hw_breakpoint(&attr, dbg_hw_hit, (void *)i);
		if (IS_ERR(ev)) {
			pr_warn("dbg: debug register slot %lu not reserved (%ld)\n",
				i, PTR_ERR(ev));
			break;
		}
		dbg_hw_events[i] = ev;
	}
	dbg_hw_nr = i;
	/* Now disable them where they are. */
	for_each_online_cpu(cpu)
		irq_work_queue_on(per_cpu_ptr(&dbg_hw_work, cpu), cpu);
	return dbg_hw_nr;
}
