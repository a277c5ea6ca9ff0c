// SPDX-License-Identifier: GPL-2.0
/*
 * Backtraces, stack ownership and "what is this address" for the debug
 * core, while the machine is stopped.
 *
 * Backtraces use the kernel's own unwinder. It only knows the IRQ and
 * exception stacks of the CPU it runs on, so a task running on another
 * stopped CPU is unwound on that CPU: crash_stop runs the unwinder there
 * (crash_stop_call_on_cpu()), from the registers that CPU was stopped
 * with, and the walk crosses from its IRQ/NMI/exception stacks back to
 * the task stack as the kernel's oops traces do. A task that is not
 * running is unwound on the master from its switch frame, after its
 * stack was checked to be there.
 */

#include <linux/crash_stop.h>
#include <linux/dbg_core.h>
#include <linux/kernel.h>
#include <linux/kfence.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/sections.h>
#include <asm/stacktrace.h>
#include <asm/unwind.h>

#include "../../../mm/slab.h"
#include "dbg_internal.h"

/* One backtrace request; static: it may run on another CPU. */
struct dbg_bt_req {
	struct task_struct *task;
	struct pt_regs regs;
	bool use_regs;
	unsigned long *first_frame;
	struct dbg_frame *frames;
	unsigned int max;
	unsigned int n;
};

static struct dbg_frame dbg_bt_frames[DBG_BT_MAX];
static struct dbg_bt_req dbg_bt_req;

static void dbg_bt_add(struct dbg_bt_req *r, unsigned long pc,
		       unsigned long sp, int kernel_type, bool entry)
{
	struct dbg_frame *f;

	if (r->n >= r->max)
		return;
	f = &r->frames[r->n++];
	f->pc = pc;
	f->sp = sp;
	f->stack = dbg_arch_stack_type(kernel_type);
	f->entry = entry;
}

/* The kernel's stack type of @sp, seen from this CPU. */
static int dbg_bt_stack_of(struct task_struct *task, unsigned long sp)
{
	unsigned long visit_mask = 0;
	struct stack_info info;

	if (get_stack_info((unsigned long *)sp, task, &info, &visit_mask))
		return STACK_TYPE_UNKNOWN;
	return info.type;
}

/* Runs on the CPU whose stacks it walks (or on the master). */
static void dbg_bt_unwind(void *data)
{
	struct dbg_bt_req *r = data;
	struct pt_regs *regs = r->use_regs ? &r->regs : NULL;
	struct unwind_state state;
	struct pt_regs *entry;
	unsigned long pc;
	bool partial, first = true;

	r->n = 0;
	if (regs) {
		dbg_bt_add(r, regs->ip, regs->sp,
			   user_mode(regs) ? STACK_TYPE_UNKNOWN :
			   dbg_bt_stack_of(r->task, regs->sp), true);
		if (user_mode(regs))
			return;
	}
	for (unwind_start(&state, r->task, regs, r->first_frame);
	     !unwind_done(&state) && r->n < r->max;
	     unwind_next_frame(&state)) {
		entry = unwind_get_entry_regs(&state, &partial);
		/* ORC starts at our copy of the registers: frame 0 has it. */
		if (entry == regs)
			entry = NULL;
		if (entry && !partial) {
			/* Where an interrupt or exception came in. */
			dbg_bt_add(r, entry->ip, (unsigned long)entry,
				   user_mode(entry) ? STACK_TYPE_UNKNOWN :
				   state.stack_info.type, true);
			if (user_mode(entry))
				break;
			continue;
		}
		pc = unwind_get_return_address(&state);
		if (!pc)
			break;
		if (first && regs && pc == regs->ip) {
			first = false;
			continue;
		}
		first = false;
		dbg_bt_add(r, pc,
			   (unsigned long)unwind_get_return_address_ptr(&state),
			   state.stack_info.type, false);
	}
}

/* Can a task that is not running be unwound from its switch frame? */
static int dbg_bt_check_sleeping(struct task_struct *t,
				 const struct dbg_task *info)
{
	unsigned long sp, probe;

	if (!info->stack)
		return -ESRCH;		/* exited: no stack */
	/* The unwinder reads the whole switch frame at sp. */
	if (dbg_read_val(sp, t->thread.sp) || sp < info->stack ||
	    sp + sizeof(struct inactive_task_frame) >
	    info->stack + info->stack_size ||
	    dbg_read_nofault(&probe, info->stack, sizeof(probe)) ||
	    dbg_read_nofault(&probe, info->stack + info->stack_size -
			     sizeof(probe), sizeof(probe)))
		return -EFAULT;
	return 0;
}

/**
 * dbg_backtrace - a task's kernel backtrace, by the kernel's unwinder
 * @task: the task, as a walk gave it (dbg_task_next(), dbg_task_by_pid(),
 *	dbg_task_by_addr(), dbg_cpu_task()): it is read fault-safely, but
 *	not looked up again, which would make a trace of every task cost
 *	a walk each
 * @first_frame: if not 0, start at the frame at or above this stack
 *	address (skipping the frames below it)
 * @frames: filled with the frames, innermost first; for a task running on
 *	a stopped CPU, frame 0 is the interrupted PC
 * @max: room in @frames (at most %DBG_BT_MAX are made)
 * @n: set to the number of frames
 *
 * Return: 0; -EAGAIN if the task runs on a CPU that did not stop;
 * -ESRCH if it has no stack (exited); -EFAULT if its stack is unreadable;
 * -ETIMEDOUT or -EBUSY if the CPU it runs on did not do the walk.
 */
int dbg_backtrace(u64 task, u64 first_frame, struct dbg_frame *frames,
		  unsigned int max, unsigned int *n)
{
	struct task_struct *t = (struct task_struct *)(unsigned long)task;
	struct dbg_bt_req *r = &dbg_bt_req;
	struct dbg_task info;
	int err;

	*n = 0;
	/* A walk that timed out on its CPU may still write dbg_bt_req. */
	if (crash_stop_call_late())
		return -EBUSY;
	err = dbg_task_read(task, &info);
	if (err)
		return err;
	if (info.running && !info.cpu_stopped)
		return -EAGAIN;
	memset(r, 0, sizeof(*r));
	r->task = t;
	r->first_frame = (unsigned long *)(unsigned long)first_frame;
	r->frames = dbg_bt_frames;
	r->max = min_t(unsigned int, max, DBG_BT_MAX);
	if (info.running) {
		r->regs = crash_stop_cpu_info(info.cpu)->regs;
		r->use_regs = true;
		if (info.cpu == dbg_session.master)
			dbg_bt_unwind(r);
		else
			err = crash_stop_call_on_cpu(info.cpu, dbg_bt_unwind, r);
	} else {
		err = dbg_bt_check_sleeping(t, &info);
		if (!err)
			dbg_bt_unwind(r);
	}
	if (err)
		return err;
	memcpy(frames, r->frames, r->n * sizeof(*frames));
	*n = r->n;
	return 0;
}

static const char *const dbg_stack_names[] = {
	[DBG_STACK_UNKNOWN] = "?",
	[DBG_STACK_TASK] = "task",
	[DBG_STACK_IRQ] = "IRQ",
	[DBG_STACK_SOFTIRQ] = "softirq",
	[DBG_STACK_ENTRY] = "entry",
	[DBG_STACK_NMI] = "NMI",
	[DBG_STACK_EXCEPTION] = "exception",
};

/**
 * dbg_stack_name - short name of a stack type
 * @type: an &enum dbg_stack_type value
 *
 * Return: a static string, "?" if unknown.
 */
const char *dbg_stack_name(unsigned int type)
{
	return type < ARRAY_SIZE(dbg_stack_names) ? dbg_stack_names[type] :
	       "?";
}

/**
 * dbg_stack_owner - whose kernel stack an address is on
 * @addr: the address
 * @out: filled in
 *
 * Looks at every CPU's IRQ and exception stacks and every task's stack.
 *
 * Return: 0; -ENOENT if it is on none of them; -ELOOP/-EFAULT if the
 * task list is corrupted.
 */
int dbg_stack_owner(u64 addr, struct dbg_stack_owner *out)
{
	struct dbg_task_iter it = {};
	struct dbg_task t;
	int ret;

	memset(out, 0, sizeof(*out));
	out->cpu = -1;
	out->pid = -1;
	if (!dbg_arch_cpu_stack(addr, out))
		return 0;
	while ((ret = dbg_task_next(&it, &t)) == 1) {
		if (!t.stack || addr - t.stack >= t.stack_size)
			continue;
		out->type = DBG_STACK_TASK;
		out->task = t.addr;
		out->pid = t.pid;
		memcpy(out->comm, t.comm, sizeof(out->comm));
		out->base = t.stack;
		out->size = t.stack_size;
		return 0;
	}
	return ret ? ret : -ENOENT;
}

/* --- whatis ----------------------------------------------------------- */

/* The slab object @addr is in, when its page is a slab page. */
static void dbg_whatis_slab(unsigned long addr, struct dbg_whatis *out)
{
	struct folio *folio;
	struct kmem_cache *cache;
	struct slab *slab;
	unsigned int size;
	const char *name;
	void *obj;
	u8 probe;

	if (!virt_addr_valid(addr) || is_kfence_address((void *)addr))
		return;
	folio = virt_to_folio((void *)addr);
	slab = folio_slab(folio);
	/*
	 * Read the whole struct slab, and the cache's ends, fault-safely
	 * first: then the kernel's own slab helpers cannot fault on them.
	 */
	if (dbg_read_nofault(&probe, (unsigned long)folio, 1) ||
	    dbg_read_nofault(&probe, (unsigned long)(slab + 1) - 1, 1) ||
	    !folio_test_slab(folio))
		return;
	cache = slab->slab_cache;
	if (!cache || dbg_read_nofault(&probe, (unsigned long)cache, 1) ||
	    dbg_read_nofault(&probe, (unsigned long)(cache + 1) - 1, 1) ||
	    dbg_read_val(size, cache->size) || !size || !slab->objects ||
	    dbg_read_val(name, cache->name))
		return;
	obj = nearest_obj(cache, slab, (void *)addr);
	if (addr < (unsigned long)obj || addr - (unsigned long)obj >= size)
		return;			/* a red zone or the slab's tail */
	out->slab_obj = (unsigned long)obj;
	out->slab_size = size;
	out->slab_cache[0] = '\0';
	if (name && !dbg_arch_addr_check((unsigned long)name,
					 sizeof(out->slab_cache)))
		strncpy_from_kernel_nofault(out->slab_cache, name,
					    sizeof(out->slab_cache));
	out->what |= DBG_WHAT_SLAB;
}

/* Which part of a module @addr is in. */
static const char *dbg_whatis_module(unsigned long addr)
{
	static const char *const names[MOD_MEM_NUM_TYPES] = {
		[MOD_TEXT] = "module text",
		[MOD_DATA] = "module data",
		[MOD_RODATA] = "module rodata",
		[MOD_RO_AFTER_INIT] = "module ro_after_init data",
		[MOD_INIT_TEXT] = "module init text",
		[MOD_INIT_DATA] = "module init data",
		[MOD_INIT_RODATA] = "module init rodata",
	};
	struct module *mod = __module_address(addr);
	int type;

	if (!mod)
		return NULL;
	for (type = 0; type < MOD_MEM_NUM_TYPES; type++)
		if (within_module_mem_type(addr, mod, type))
			return names[type];
	return "module";
}

/* The kernel's name for the region @addr is in. */
static const char *dbg_whatis_region(unsigned long addr, int err)
{
	const char *mod;

	if (err == -EACCES)
		return "user space";
	if (err == -ENXIO)
		return "non-canonical";
	if (is_kernel_text(addr))
		return "kernel text";
	if (is_kernel_inittext(addr))
		return "kernel init text";
	if (is_kernel_rodata(addr))
		return "kernel rodata";
	if (addr >= (unsigned long)_sdata && addr < (unsigned long)_edata)
		return "kernel data";
	if (addr >= (unsigned long)__bss_start &&
	    addr < (unsigned long)__bss_stop)
		return "kernel bss";
	if (addr >= (unsigned long)_text && addr < (unsigned long)_end)
		return "kernel image";
	mod = dbg_whatis_module(addr);
	if (mod)
		return mod;
	if (is_vmalloc_addr((void *)addr))
		return "vmalloc";
	if (virt_addr_valid(addr))
		return "direct map";
	return "kernel (unclassified)";
}

/* Is @addr in some CPU's copy of the per-CPU area? */
static void dbg_whatis_percpu(unsigned long addr, struct dbg_whatis *out)
{
	unsigned long start = (unsigned long)__per_cpu_start;
	unsigned long size = __per_cpu_end - __per_cpu_start;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		unsigned long base = start + per_cpu_offset(cpu);

		if (addr - base < size) {
			out->what |= DBG_WHAT_PERCPU;
			out->percpu_cpu = cpu;
			/* Its symbol is the per-CPU variable's. */
			if (!dbg_sym_by_addr(addr - per_cpu_offset(cpu),
					     &out->sym))
				out->what |= DBG_WHAT_SYMBOL;
			return;
		}
	}
}

/**
 * dbg_whatis - tell what an address is, as far as can be told safely
 * @addr: the address
 * @out: filled in: the region, and whichever of symbol, stack, physical
 *	page, slab object and per-CPU area apply (DBG_WHAT_* in @out->what)
 *
 * Return: 0; -EPERM under confidentiality lockdown.
 */
int dbg_whatis(u64 addr, struct dbg_whatis *out)
{
	u8 probe;
	int err;

	memset(out, 0, sizeof(*out));
	out->percpu_cpu = -1;
	if (dbg_session.deny & DBG_DENY_READ)
		return -EPERM;
	err = dbg_arch_addr_check(addr, 1);
	out->region = dbg_whatis_region(addr, err);
	if (err)
		return 0;
	if (!dbg_read_nofault(&probe, addr, 1))
		out->what |= DBG_WHAT_MAPPED;
	if (!dbg_arch_virt_to_phys(addr, &out->phys)) {
		out->pfn = out->phys >> PAGE_SHIFT;
		out->what |= DBG_WHAT_PHYS;
	}
	dbg_whatis_percpu(addr, out);
	if (!(out->what & DBG_WHAT_SYMBOL) && !dbg_sym_by_addr(addr, &out->sym))
		out->what |= DBG_WHAT_SYMBOL;
	if (!dbg_stack_owner(addr, &out->stack))
		out->what |= DBG_WHAT_STACK;
	dbg_whatis_slab(addr, out);
	return 0;
}
