// SPDX-License-Identifier: GPL-2.0
/*
 * Breakpoints: the one table every front-end sets, lists and clears, and
 * what happens at a hit.
 *
 * A software breakpoint is an int3 written over the first byte of an
 * instruction through the kernel's text-poke path (kernel text stays
 * read-only). It is in the text only while the machine runs: the master
 * takes every int3 out when a stop begins and puts them back just before
 * the release, so the stopped machine's memory reads as it really is.
 *
 * The table changes only while the machine is stopped; while it runs, a
 * hitting CPU reads it without a lock. A hit that is not to stop (another
 * CPU's breakpoint, a false condition, hits still to skip), and every
 * resume from a hit, runs the original instruction out of line on the
 * hitting CPU (the architecture keeps a copy of it): the int3 stays in
 * the text, so a hit on another CPU meanwhile is never missed.
 *
 * Hardware breakpoints and watchpoints are entries of the same table
 * that also own one of the debug-register slots the architecture
 * reserved at boot. Every CPU loads the slots itself while the machine
 * is stopped (the registers are per CPU), at the end of each stop that
 * changed them, so all CPUs watch the same things when it resumes.
 */

#include <linux/atomic.h>
#include <linux/dbg_core.h>
#include <linux/extable.h>
#include <linux/ftrace.h>
#include <linux/jump_label.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/memory.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/ptrace.h>
#include <linux/static_call.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <asm/text-patching.h>

#include "dbg_expr.h"
#include "dbg_internal.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "dbg_core."

/* Debug registers to take from perf and ptrace at boot. */
static unsigned int dbg_hw_want = DBG_HW_SLOTS_MAX;
module_param_named(hw_slots, dbg_hw_want, uint, 0444);
MODULE_PARM_DESC(hw_slots, "debug registers reserved for hardware breakpoints (0-4)");

/**
 * struct dbg_bp_entry - a slot of the table
 * @bp: the breakpoint as set (its @hits and @stops kept up to date)
 * @used: the slot holds a breakpoint
 * @armed: its int3 is in the text now
 * @orig: the byte the int3 replaces
 * @hits: hits on any CPU, counted without a lock while running
 * @skip_left: hits still to let run (from @bp.skip)
 * @hw_slot: the debug register slot of a hardware one, else -1
 */
struct dbg_bp_entry {
	struct dbg_bp bp;
	bool used;
	bool armed;
	u8 orig;
	atomic64_t hits;
	atomic_t skip_left;
	int hw_slot;
};

static struct dbg_bp_entry dbg_bps[DBG_BP_MAX];

/* Debug register slots: how many, and the entry owning each (or -1). */
static unsigned int dbg_hw_nr;
static int dbg_hw_owner[DBG_HW_SLOTS_MAX] = { -1, -1, -1, -1 };
/* Bumped at each change of the slots; what each CPU has loaded. */
static unsigned long dbg_hw_gen;
static DEFINE_PER_CPU(unsigned long, dbg_hw_loaded_gen);

static bool dbg_bp_is_hw(const struct dbg_bp_entry *e)
{
	return e->bp.type != DBG_BP_SOFT;
}

/* Give up an entry's debug register (it is reloaded at the resume). */
static void dbg_hw_release(struct dbg_bp_entry *e)
{
	if (e->hw_slot < 0)
		return;
	WRITE_ONCE(dbg_hw_owner[e->hw_slot], -1);
	e->hw_slot = -1;
	dbg_hw_gen++;
}

/* Which breakpoint this CPU stopped at, while that stop lasts. */
struct dbg_bp_cpu {
	bool stopped;
	struct dbg_bp_stop at;
};

static DEFINE_PER_CPU(struct dbg_bp_cpu, dbg_bp_cpu);

/*
 * Set while this CPU is between looking a breakpoint up and being on its
 * way through the copy (the architecture's step state takes over then):
 * a stop that parks it there must not rewrite a copy it may be about to
 * run, so slots that ever held one are not reused in that stop.
 */
static DEFINE_PER_CPU(unsigned int, dbg_bp_claim);	/* nested: a count */
/* Slots whose copy was ever written. */
static bool dbg_bp_prepared[DBG_BP_MAX];

/* Can slot @i take a new breakpoint in this stop? */
static bool dbg_bp_slot_free(unsigned int i)
{
	unsigned int cpu;

	if (dbg_bps[i].used || dbg_arch_bp_slot_busy(i))
		return false;
	if (!dbg_bp_prepared[i])
		return true;
	for_each_online_cpu(cpu)
		if (READ_ONCE(per_cpu(dbg_bp_claim, cpu)))
			return false;
	return true;
}

/* Room for one hit's condition error (see dbg_bp_cond()). */
static_assert(sizeof(((struct dbg_bp_stop *)0)->cond_err) >= 64);

static bool dbg_bp_valid(unsigned int num)
{
	return num < DBG_BP_MAX && dbg_bps[num].used;
}

/* The armed breakpoint at @addr, or NULL. Lock-free: see the top. */
static struct dbg_bp_entry *dbg_bp_armed_at(unsigned long addr)
{
	unsigned int i;

	for (i = 0; i < DBG_BP_MAX; i++) {
		struct dbg_bp_entry *e = &dbg_bps[i];

		if (READ_ONCE(e->armed) && e->bp.addr == addr)
			return e;
	}
	return NULL;
}
NOKPROBE_SYMBOL(dbg_bp_armed_at);

/* --- the table, while stopped ------------------------------------------ */

/* Why an address cannot take an instruction breakpoint, or NULL. */
static const char *dbg_bp_refused(unsigned long addr, unsigned int type)
{
	struct module *mod;

	if (dbg_arch_addr_check(addr, 1))
		return "not a kernel address";
	mod = __module_text_address(addr);
	if (!core_kernel_text(addr) && !mod)
		return "not kernel or module text";
	if (is_kernel_inittext(addr) ||
	    (mod && within_module_mem_type(addr, mod, MOD_INIT_TEXT)))
		return "init text (freed after boot or module load)";
	if (type == DBG_BP_HW_EXEC)
		/* Nothing is written: only the architecture's refusals. */
		return NULL;
	if (within_kprobe_blacklist(addr))
		return "on the kprobes blacklist: the debugger's own entry path, NMI or entry code, or code that cannot be stepped over";
	if (jump_label_text_reserved((void *)addr, (void *)addr) ||
	    static_call_text_reserved((void *)addr, (void *)addr) ||
	    ftrace_text_reserved((void *)addr, (void *)addr) ||
	    alternatives_text_reserved((void *)addr, (void *)addr))
		return "the kernel patches this instruction itself (jump label, static call, ftrace or alternative)";
	if (search_exception_tables(addr))
		return "the instruction has an exception fixup (it may fault by design, e.g. a user access): it cannot run out of line";
	return NULL;
}

/**
 * dbg_bp_set - set a breakpoint
 * @bp: what to set (@hits and @stops are ignored)
 * @num: set to its number
 * @why: set to a reason when it is refused (-EPERM, -EINVAL), else NULL
 *
 * Software breakpoints (%DBG_BP_SOFT) go on the first byte of an
 * instruction; hardware ones (%DBG_BP_HW_*) take one of the debug
 * registers reserved at boot (dbg_bp_hw_slots()), with @bp->len bytes
 * watched for data.
 *
 * Return: 0; -EPERM under integrity lockdown or refused (@why says
 * why); -EINVAL for a bad type or CPU, or an address, length or
 * alignment the kind cannot take (@why); -EEXIST if a breakpoint is at
 * that address (@num is set to it); -ENOSPC if the table is full, or
 * every debug register is in use (@why); the errors of dbg_mem_read()
 * for an unreadable address.
 */
int dbg_bp_set(const struct dbg_bp *bp, unsigned int *num, const char **why)
{
	static char why_buf[96];
	struct dbg_bp_entry *e = NULL;
	unsigned int i, len = bp->type == DBG_BP_SOFT ||
			      bp->type == DBG_BP_HW_EXEC ? 1 : bp->len;
	bool hw = bp->type != DBG_BP_SOFT;
	int slot = -1;
	u8 buf[8];
	int err;

	*why = NULL;
	if (dbg_session.deny & DBG_DENY_WRITE)
		return -EPERM;
	if (bp->type >= DBG_BP_TYPE_NR ||
	    (bp->cpu >= 0 && bp->cpu >= (int)nr_cpu_ids) || bp->cpu < -1)
		return -EINVAL;
	for (i = 0; i < DBG_BP_MAX; i++) {
		if (dbg_bps[i].used && dbg_bps[i].bp.addr == bp->addr) {
			*num = i;
			return -EEXIST;
		}
		if (!e && dbg_bp_slot_free(i))
			e = &dbg_bps[i];
	}
	if (!e)
		return -ENOSPC;
	if (hw) {
		for (i = 0; i < dbg_hw_nr && slot < 0; i++)
			if (dbg_hw_owner[i] < 0)
				slot = i;
		if (slot < 0) {
			snprintf(why_buf, sizeof(why_buf),
				 "all %u debug registers the debugger reserved are in use",
				 dbg_hw_nr);
			*why = why_buf;
			return -ENOSPC;
		}
		err = dbg_arch_hw_check(bp->type, bp->addr, len, why);
		if (err)
			return err;
	}
	err = dbg_mem_read(bp->addr, buf, len, NULL);
	if (err)
		return err;
	if (bp->type == DBG_BP_SOFT || bp->type == DBG_BP_HW_EXEC) {
		*why = dbg_bp_refused(bp->addr, bp->type);
		if (*why)
			return -EPERM;
	}
	i = e - dbg_bps;
	if (!hw) {
		dbg_bp_prepared[i] = true;
		err = dbg_arch_bp_prepare(i, bp->addr, why_buf,
					  sizeof(why_buf));
		if (err) {
			*why = why_buf;
			return err;
		}
	}
	e->bp = *bp;
	e->bp.len = len;
	e->hw_slot = slot;
	if (hw) {
		WRITE_ONCE(dbg_hw_owner[slot], i);
		dbg_hw_gen++;
	}
	e->bp.cond[sizeof(e->bp.cond) - 1] = '\0';
	e->bp.cmds[sizeof(e->bp.cmds) - 1] = '\0';
	e->bp.hits = 0;
	e->bp.stops = 0;
	e->orig = buf[0];
	e->armed = false;
	atomic64_set(&e->hits, 0);
	atomic_set(&e->skip_left, bp->skip);
	e->used = true;
	*num = i;
	return 0;
}

/**
 * dbg_bp_get - one breakpoint of the table
 * @num: its number, 0..DBG_BP_MAX-1
 * @out: filled in
 *
 * Return: 0, or -ENOENT if @num holds none.
 */
int dbg_bp_get(unsigned int num, struct dbg_bp *out)
{
	if (!dbg_bp_valid(num))
		return -ENOENT;
	*out = dbg_bps[num].bp;
	out->hits = atomic64_read(&dbg_bps[num].hits);
	return 0;
}

/**
 * dbg_bp_clear - remove a breakpoint
 * @num: its number
 *
 * Return: 0; -ENOENT if @num holds none; -EPERM under integrity lockdown.
 */
int dbg_bp_clear(unsigned int num)
{
	if (!dbg_bp_valid(num))
		return -ENOENT;
	if (dbg_session.deny & DBG_DENY_WRITE)
		return -EPERM;
	/* Taken out of the text at the stop; only an arming failure left it. */
	if (dbg_bps[num].armed &&
	    dbg_text_poke(dbg_bps[num].bp.addr, &dbg_bps[num].orig, 1))
		return -EBUSY;
	dbg_bps[num].armed = false;
	dbg_bps[num].used = false;
	dbg_hw_release(&dbg_bps[num]);
	return 0;
}

/**
 * dbg_bp_enable - enable or disable a breakpoint
 * @num: its number
 * @on: armed from the next resume on, or not
 *
 * Return: 0; -ENOENT if @num holds none; -EPERM under integrity lockdown.
 */
int dbg_bp_enable(unsigned int num, bool on)
{
	if (!dbg_bp_valid(num))
		return -ENOENT;
	if (dbg_session.deny & DBG_DENY_WRITE)
		return -EPERM;
	dbg_bps[num].bp.enabled = on;
	if (dbg_bp_is_hw(&dbg_bps[num]))
		dbg_hw_gen++;
	if (on)
		atomic_set(&dbg_bps[num].skip_left, dbg_bps[num].bp.skip);
	return 0;
}

/**
 * dbg_bp_hit - the breakpoint a stopped CPU stopped at, in this stop
 * @cpu: the CPU (the master or a stopped one)
 * @out: filled in
 *
 * Return: 0; -ENOENT if it did not stop at a breakpoint; -ENODEV for no
 * such CPU.
 */
int dbg_bp_hit(unsigned int cpu, struct dbg_bp_stop *out)
{
	const struct dbg_bp_cpu *c;

	if (cpu >= nr_cpu_ids)
		return -ENODEV;
	c = per_cpu_ptr(&dbg_bp_cpu, cpu);
	if (!READ_ONCE(c->stopped))
		return -ENOENT;
	*out = c->at;
	return 0;
}

/**
 * dbg_bp_hw_slots - the debug registers the debugger has
 * @used: set to how many hold a breakpoint, or NULL
 *
 * Return: how many were reserved at boot (dbg_core.hw_slots=, less any
 * perf or ptrace held then).
 */
unsigned int dbg_bp_hw_slots(unsigned int *used)
{
	unsigned int i, n = 0;

	for (i = 0; i < dbg_hw_nr; i++)
		n += dbg_hw_owner[i] >= 0;
	if (used)
		*used = n;
	return dbg_hw_nr;
}

/**
 * dbg_bp_inst - the bytes of the instruction at an address
 * @addr: its first byte
 * @buf: where to put them
 * @len: room in @buf
 * @n: set to its length
 *
 * Return: 0; -EINVAL if it does not decode; the errors of dbg_mem_read().
 */
int dbg_bp_inst(u64 addr, u8 *buf, size_t len, size_t *n)
{
	unsigned int ilen;
	bool is_call;
	int err;

	*n = 0;
	err = dbg_mem_read(addr, buf, len, NULL);
	if (err)
		return err;
	err = dbg_arch_insn_len(buf, len, &ilen, &is_call);
	if (err)
		return err;
	*n = ilen;
	return 0;
}

/**
 * dbg_insn_info - the length of an instruction, and whether it is a call
 * @addr: its first byte
 * @out: filled in
 *
 * Return: 0; -EINVAL if it does not decode; the errors of dbg_mem_read().
 */
int dbg_insn_info(u64 addr, struct dbg_insn *out)
{
	u8 buf[16];
	int err;

	err = dbg_mem_read(addr, buf, sizeof(buf), NULL);
	if (err)
		return err;
	return dbg_arch_insn_len(buf, sizeof(buf), &out->len, &out->is_call);
}

/**
 * dbg_bp_patch_view - show the real bytes where an int3 still is
 * @addr: start of what was read
 * @buf: the bytes read
 * @len: their number
 *
 * Only a breakpoint the stop could not take out (kernel text was being
 * patched by a stopped CPU) is still in the text.
 */
void dbg_bp_patch_view(unsigned long addr, u8 *buf, size_t len)
{
	unsigned int i;

	for (i = 0; i < DBG_BP_MAX; i++) {
		const struct dbg_bp_entry *e = &dbg_bps[i];

		if (e->armed && e->bp.addr >= addr && e->bp.addr < addr + len)
			buf[e->bp.addr - addr] = e->orig;
	}
}

/**
 * dbg_bp_covers - is a breakpoint set on an instruction in a range?
 * @addr: start
 * @len: length
 *
 * Changing an instruction under a breakpoint would leave its saved copy
 * stale: writes there are refused.
 *
 * Return: true if a breakpoint's instruction overlaps the range.
 */
bool dbg_bp_covers(unsigned long addr, size_t len)
{
	unsigned int i;

	for (i = 0; i < DBG_BP_MAX; i++) {
		const struct dbg_bp_entry *e = &dbg_bps[i];

		if (e->used && !dbg_bp_is_hw(e) && e->bp.addr < addr + len &&
		    addr < e->bp.addr + dbg_arch_bp_len(i))
			return true;
	}
	return false;
}

/* Report on the console, from a stop, what could not be done. */
static void dbg_bp_say(const char *what, unsigned int num, int err)
{
	char line[96];

	snprintf(line, sizeof(line), "dbg: breakpoint %u %s (error %d)\n",
		 num, what, err);
	dbg_message(line);
}

/**
 * dbg_bp_stop_begin - a stop began: take every int3 out of the text
 * @new_stop: a new stop, not the same one after a single-step
 *
 * On the master, every other CPU stopped. Also counts the stops of the
 * breakpoints the stopped CPUs are at.
 */
void dbg_bp_stop_begin(bool new_stop)
{
	unsigned int i, cpu;
	int err;

	for (i = 0; i < DBG_BP_MAX; i++) {
		struct dbg_bp_entry *e = &dbg_bps[i];

		if (!e->armed)
			continue;
		err = dbg_text_poke(e->bp.addr, &e->orig, 1);
		if (err)
			dbg_bp_say("could not be taken out of the text", i, err);
		else
			WRITE_ONCE(e->armed, false);
	}
	for_each_online_cpu(cpu) {
		struct dbg_bp_cpu *c = per_cpu_ptr(&dbg_bp_cpu, cpu);

		if (new_stop && READ_ONCE(c->stopped) &&
		    dbg_bp_valid(c->at.num))
			dbg_bps[c->at.num].bp.stops++;
	}
}

/**
 * dbg_bp_any_armed - is an int3 still in the text while stopped?
 *
 * Return: true if a breakpoint could not be taken out at this stop.
 */
bool dbg_bp_any_armed(void)
{
	unsigned int i;

	for (i = 0; i < DBG_BP_MAX; i++)
		if (dbg_bps[i].armed)
			return true;
	return false;
}

/**
 * dbg_bp_retire - clear the one-shot breakpoints that stopped, disable
 * those at their stop limit
 *
 * At the end of a stop's last session (a single-step continues the
 * stop, but the CPUs' hit records do not survive it).
 */
void dbg_bp_retire(void)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct dbg_bp_cpu *c = per_cpu_ptr(&dbg_bp_cpu, cpu);
		struct dbg_bp_entry *e;

		if (!READ_ONCE(c->stopped) || !dbg_bp_valid(c->at.num))
			continue;
		e = &dbg_bps[c->at.num];
		/* Not one set in this stop in the slot of one cleared in it. */
		if (e->bp.addr != c->at.addr)
			continue;
		if (e->bp.temporary) {
			e->used = false;
			dbg_hw_release(e);
		} else if (e->bp.stop_limit &&
			   e->bp.stops >= e->bp.stop_limit) {
			e->bp.enabled = false;
			if (dbg_bp_is_hw(e))
				dbg_hw_gen++;
		}
	}
}

/*
 * Have every CPU that has not the latest slots load them, each itself
 * once it resumes (see arch/x86/debug/dbg_hw_x86.c for why not now).
 */
static void dbg_hw_sync(void)
{
	static struct dbg_hw_slot slots[DBG_HW_SLOTS_MAX];
	unsigned int i, cpu, me = smp_processor_id();
	char line[96];
	int err;

	for (i = 0; i < dbg_hw_nr; i++) {
		int n = dbg_hw_owner[i];
		const struct dbg_bp *bp = n >= 0 ? &dbg_bps[n].bp : NULL;

		slots[i].on = bp && bp->enabled;
		slots[i].addr = bp ? bp->addr : 0;
		slots[i].type = bp ? bp->type : 0;
		slots[i].len = bp ? bp->len : 1;
	}
	dbg_arch_hw_update(slots);
	for_each_online_cpu(cpu) {
		if (per_cpu(dbg_hw_loaded_gen, cpu) == dbg_hw_gen)
			continue;
		err = 0;
		if (cpu == me)
			dbg_arch_hw_queue_load(NULL);
		else
			err = crash_stop_call_on_cpu(cpu, dbg_arch_hw_queue_load,
						     NULL);
		if (err) {
			snprintf(line, sizeof(line),
				 "dbg: CPU %u: debug registers not loaded (error %d): it keeps the old ones\n",
				 cpu, err);
			dbg_message(line);
			continue;
		}
		per_cpu(dbg_hw_loaded_gen, cpu) = dbg_hw_gen;
	}
}

/**
 * dbg_bp_stop_end - the machine resumes: put the int3s back
 *
 * Retires breakpoints first (dbg_bp_retire()), and loads the debug
 * registers of every stopped CPU that has not the latest ones.
 */
void dbg_bp_stop_end(void)
{
	static const u8 int3 = INT3_INSN_OPCODE;
	unsigned int i;
	u8 byte;
	int err;

	dbg_bp_retire();
	dbg_hw_sync();
	for (i = 0; i < DBG_BP_MAX; i++) {
		struct dbg_bp_entry *e = &dbg_bps[i];

		if (!e->used || !e->bp.enabled || e->armed || dbg_bp_is_hw(e))
			continue;
		/* The byte under it may have changed (an mm before it was set). */
		err = dbg_read_nofault(&byte, e->bp.addr, 1);
		if (!err)
			err = byte == INT3_INSN_OPCODE ? -EEXIST : 0;
		if (!err)
			err = dbg_text_poke(e->bp.addr, &int3, 1);
		if (err) {
			dbg_bp_say("not armed", i, err);
			continue;
		}
		e->orig = byte;
		WRITE_ONCE(e->armed, true);
	}
}

/* --- at a hit, while the machine runs ---------------------------------- */

struct dbg_bp_eval {
	struct pt_regs *regs;
};

static int dbg_bp_eval_symbol(void *ctx, const char *name, u64 *val)
{
	unsigned long a = kallsyms_lookup_name(name);

	if (!a)
		return -ENOENT;
	*val = a;
	return 0;
}

static int dbg_bp_eval_reg(void *ctx, const char *name, u64 *val)
{
	struct dbg_bp_eval *e = ctx;
	int reg = dbg_reg_find(name);

	if (reg < 0)
		return -ENOENT;
	if (dbg_arch_regs[reg].offset < 0)
		return -ENODATA;
	*val = *(unsigned long *)((char *)e->regs + dbg_arch_regs[reg].offset);
	return 0;
}

static int dbg_bp_eval_read(void *ctx, u64 addr, unsigned int size, u64 *val)
{
	int err;

	*val = 0;
	err = dbg_arch_addr_check(addr, size);
	if (err)
		return err;
	return dbg_read_nofault(val, addr, size);
}

static const struct dbg_expr_ops dbg_bp_eval_ops = {
	.symbol = dbg_bp_eval_symbol,
	.reg = dbg_bp_eval_reg,
	.read = dbg_bp_eval_read,
	.strerror = dbg_eval_strerror,
};

/*
 * Does the hit stop? A condition that cannot be evaluated stops, with
 * the reason in @err, rather than being taken as false.
 */
static bool dbg_bp_cond(struct dbg_bp_entry *e, struct pt_regs *regs,
			char *err, size_t len)
{
	struct dbg_bp_eval ctx = { .regs = regs };
	u64 val;

	err[0] = '\0';
	if (!e->bp.cond[0])
		return true;
	if (dbg_expr_eval(e->bp.cond, &dbg_bp_eval_ops, &ctx, &val, err, len))
		return true;
	return val != 0;
}
NOKPROBE_SYMBOL(dbg_bp_cond);

/*
 * Does this hit stop the machine? Not for another CPU's breakpoint, a
 * false condition, or while hits are being skipped.
 */
static bool dbg_bp_stops(struct dbg_bp_entry *e, struct pt_regs *regs,
			 char *err, size_t len)
{
	int cpu = READ_ONCE(e->bp.cpu);

	err[0] = '\0';
	/* Cleared or disabled by a stop that parked this CPU since. */
	if (!READ_ONCE(e->used) || !READ_ONCE(e->bp.enabled))
		return false;
	if (cpu >= 0 && cpu != raw_smp_processor_id())
		return false;
	if (!dbg_bp_cond(e, regs, err, len))
		return false;
	if (!err[0] && atomic_add_unless(&e->skip_left, -1, 0))
		return false;
	return true;
}
NOKPROBE_SYMBOL(dbg_bp_stops);

/**
 * dbg_bp_trap - an int3 was hit: is it one of ours?
 * @regs: the trap frame; its PC is just after the int3
 * @entry_count: what the trap entry added to preempt_count()
 *
 * For the architecture's int3 handler. Counts the hit, stops the machine
 * if it is to stop, then resumes the CPU over the original instruction.
 *
 * Return: true if the int3 was ours (or one of ours taken out meanwhile):
 * @regs now say where to go on; false if it is someone else's.
 */
bool dbg_bp_trap(struct pt_regs *regs, unsigned int entry_count)
{
	struct dbg_bp_cpu *c = this_cpu_ptr(&dbg_bp_cpu);
	unsigned long addr = instruction_pointer(regs) - INT3_INSN_SIZE;
	struct dbg_bp_entry *e;
	bool nested;
	u8 byte;

	nested = this_cpu_inc_return(dbg_bp_claim) > 1 || c->stopped;
	barrier();
	e = dbg_bp_armed_at(addr);
	if (!e) {
		this_cpu_dec(dbg_bp_claim);
		/*
		 * The int3 that trapped is gone (a stop between the trap and
		 * here cleared the breakpoint): run what is there now.
		 */
		if (!dbg_read_nofault(&byte, addr, 1) &&
		    byte != INT3_INSN_OPCODE) {
			instruction_pointer_set(regs, addr);
			return true;
		}
		return false;
	}
	instruction_pointer_set(regs, addr);
	atomic64_inc(&e->hits);
	/*
	 * A breakpoint on code the hit path runs itself (the condition's
	 * evaluation, the stop's waits): count it and go on, no condition,
	 * no stop, no recursion.
	 */
	if (!nested &&
	    dbg_bp_stops(e, regs, c->at.cond_err, sizeof(c->at.cond_err))) {
		c->at.num = e - dbg_bps;
		c->at.addr = addr;
		c->at.type = DBG_BP_SOFT;
		c->at.len = 1;
		c->at.have_value = false;
		WRITE_ONCE(c->stopped, true);
		this_cpu_dec(dbg_bp_claim);
		dbg_enter(CRASH_STOP_REASON_BREAKPOINT, regs, entry_count,
			  NULL);
		WRITE_ONCE(c->stopped, false);
		/* Resumed elsewhere (go <addr>): nothing to run out of line. */
		if (instruction_pointer(regs) != addr)
			return true;
		this_cpu_inc(dbg_bp_claim);
		barrier();
	}
	/*
	 * Looked up again: a stop may have parked this CPU since, and
	 * cleared the breakpoint (its int3 is gone: run the real
	 * instruction in place) or moved it to another slot.
	 */
	e = dbg_bp_armed_at(addr);
	if (e)
		dbg_arch_bp_step(regs, e - dbg_bps);
	barrier();
	this_cpu_dec(dbg_bp_claim);
	return true;
}
NOKPROBE_SYMBOL(dbg_bp_trap);

/* --- hardware breakpoint hits ------------------------------------------- */

/**
 * dbg_hw_wants_hit - is a debug register hit here one to look at?
 * @slot: the slot hit
 * @addr: the address this CPU's register for it holds
 *
 * For the architecture's handler, in the debug exception. Not the
 * debugger's own accesses (on its way in or out, or while this CPU is
 * the master of a stop or parked in one), and not inside an NMI handler:
 * those hits are counted and run on, never stop.
 *
 * Return: true to go on to dbg_hw_trap().
 */
bool dbg_hw_wants_hit(unsigned int slot, unsigned long addr)
{
	const struct crash_stop_cpu *me;
	int n = READ_ONCE(dbg_hw_owner[slot]);

	/*
	 * Not a slot this CPU has yet to reload since its owner changed:
	 * the hit would be put down to the wrong breakpoint.
	 */
	if (n < 0 || READ_ONCE(dbg_bps[n].bp.addr) != addr)
		return false;
	me = crash_stop_cpu_info(raw_smp_processor_id());
	if (this_cpu_read(dbg_busy) || in_nmi() > NMI_OFFSET ||
	    (me && (me->state == CRASH_STOP_CPU_MASTER ||
		    me->state == CRASH_STOP_CPU_STOPPED))) {
		atomic64_inc(&dbg_bps[n].hits);
		return false;
	}
	return true;
}
NOKPROBE_SYMBOL(dbg_hw_wants_hit);

/**
 * dbg_hw_trap - debug registers were hit
 * @regs: the trap frame (after the access for data, at the instruction
 *	for an instruction breakpoint)
 * @slots: the slots hit, as a mask
 * @entry_count: what the trap entry added to preempt_count()
 *
 * Counts each hit; the first that is to stop (see dbg_bp_stops()) stops
 * the machine, reported with the data's new value.
 *
 * Return: true if it stopped the machine.
 */
bool dbg_hw_trap(struct pt_regs *regs, unsigned long slots,
		 unsigned int entry_count)
{
	struct dbg_bp_cpu *c = this_cpu_ptr(&dbg_bp_cpu);
	struct dbg_bp_entry *stop = NULL;
	enum crash_stop_reason reason;
	unsigned int slot;

	this_cpu_inc(dbg_busy);
	for (slot = 0; slot < dbg_hw_nr; slot++) {
		int n = READ_ONCE(dbg_hw_owner[slot]);
		struct dbg_bp_entry *e;

		if (!(slots & BIT(slot)) || n < 0)
			continue;
		e = &dbg_bps[n];
		atomic64_inc(&e->hits);
		if (!stop && dbg_bp_stops(e, regs, c->at.cond_err,
					  sizeof(c->at.cond_err)))
			stop = e;
	}
	this_cpu_dec(dbg_busy);
	if (!stop)
		return false;
	c->at.num = stop - dbg_bps;
	c->at.addr = stop->bp.addr;
	c->at.type = stop->bp.type;
	c->at.len = stop->bp.len;
	c->at.value = 0;
	c->at.have_value = stop->bp.type != DBG_BP_HW_EXEC &&
			   !dbg_read_nofault(&c->at.value, stop->bp.addr,
					     stop->bp.len);
	reason = stop->bp.type == DBG_BP_HW_EXEC ?
		 CRASH_STOP_REASON_BREAKPOINT : CRASH_STOP_REASON_WATCHPOINT;
	WRITE_ONCE(c->stopped, true);
	dbg_enter(reason, regs, entry_count, NULL);
	WRITE_ONCE(c->stopped, false);
	return true;
}
NOKPROBE_SYMBOL(dbg_hw_trap);

/* --- modules ------------------------------------------------------------ */

/*
 * A module going away: take its breakpoints out of its text before the
 * memory is freed, and say so. The machine runs; no CPU runs the
 * module's code any more.
 */
static int dbg_bp_module_going(struct notifier_block *nb, unsigned long val,
			       void *data)
{
	struct module *mod = data;
	unsigned int i;

	if (val != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	for (i = 0; i < DBG_BP_MAX; i++) {
		struct dbg_bp_entry *e = &dbg_bps[i];
		unsigned long addr = e->bp.addr;

		if (!e->used || !within_module(addr, mod))
			continue;
		if (dbg_bp_is_hw(e)) {
			int slot = e->hw_slot;
			unsigned long flags;

			/*
			 * Left in the debug registers until the next stop
			 * reloads them; a hit meanwhile finds no owner.
			 * Interrupts off: no stop (IPI) in the middle.
			 */
			local_irq_save(flags);
			if (slot >= 0 &&
			    cmpxchg(&dbg_hw_owner[slot], (int)i, -1) == (int)i) {
				e->hw_slot = -1;
				dbg_hw_gen++;
			}
			e->used = false;
			local_irq_restore(flags);
		} else if (e->armed) {
			/* The int3 out first: a hit meanwhile still finds it. */
			mutex_lock(&text_mutex);
			text_poke((void *)addr, &e->orig, 1);
			text_poke_sync();
			mutex_unlock(&text_mutex);
			WRITE_ONCE(e->armed, false);
		}
		e->used = false;
		pr_info("dbg: breakpoint %u at %pS cleared: module %s unloaded\n",
			i, (void *)addr, mod->name);
	}
	return NOTIFY_DONE;
}

static struct notifier_block dbg_bp_module_nb = {
	.notifier_call = dbg_bp_module_going,
};

static int __init dbg_bp_init(void)
{
	int err = dbg_arch_bp_init();
	unsigned int i;

	if (err)
		pr_warn("dbg: no room to run instructions out of line (%d): breakpoints refused\n",
			err);
	for (i = 0; i < DBG_BP_MAX; i++)
		dbg_bps[i].hw_slot = -1;
	dbg_hw_nr = dbg_arch_hw_init(min_t(unsigned int, dbg_hw_want,
					   DBG_HW_SLOTS_MAX));
	pr_info("dbg: %u of %u debug registers reserved for hardware breakpoints, %u left to perf and ptrace\n",
		dbg_hw_nr, DBG_HW_SLOTS_MAX, DBG_HW_SLOTS_MAX - dbg_hw_nr);
	return register_module_notifier(&dbg_bp_module_nb);
}
late_initcall(dbg_bp_init);
