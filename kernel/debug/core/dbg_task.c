// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks and registers for the debug core, while the machine is stopped.
 *
 * The task list is walked without its locks (a stopped CPU may hold
 * them): every pointer is read with a fault-safe access, and the walk is
 * bounded by the number of threads the kernel counts, so a corrupted list
 * ends in an error, never in a loop or an oops.
 *
 * A task's registers are its stopped CPU's saved state when it is running
 * on one (changeable: crash_stop writes them back when the CPU resumes),
 * or rebuilt from the frame the scheduler left on its stack when it is
 * not running (read-only).
 */

#include <linux/crash_stop.h>
#include <linux/dbg_core.h>
#include <linux/init_task.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/stat.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>

#include "dbg_internal.h"

/* Tasks a walk may return beyond the kernel's own count (forks in flight). */
#define DBG_TASK_SLACK	64

enum { WALK_IDLE, WALK_PROCS, WALK_DONE };

/**
 * dbg_cpu_current - the task a CPU was running when it stopped
 * @cpu: CPU number
 * @stopped: set to whether @cpu is stopped (master or parked) in this stop
 *
 * Return: the task, or NULL if @cpu is not stopped or not possible.
 */
struct task_struct *dbg_cpu_current(unsigned int cpu, bool *stopped)
{
	const struct crash_stop_cpu *c = crash_stop_cpu_info(cpu);

	*stopped = false;
	if (!c || !cpu_online(cpu))
		return NULL;
	if (c->state != CRASH_STOP_CPU_MASTER &&
	    c->state != CRASH_STOP_CPU_STOPPED)
		return NULL;
	*stopped = true;
	return c->task;
}

/* The stopped CPU @t is the current task of, or -1. */
static int dbg_task_stopped_cpu(struct task_struct *t)
{
	unsigned int cpu;
	bool stopped;

	for_each_online_cpu(cpu)
		if (dbg_cpu_current(cpu, &stopped) == t && stopped)
			return cpu;
	return -1;
}

/* Fill @out from task @t with fault-safe reads. */
static int dbg_task_fill(struct task_struct *t, struct dbg_task *out);

/**
 * dbg_task_read - read a task the core was given, without a walk
 * @task: its task_struct, from a walk
 * @out: filled in
 *
 * Return: 0, or -EFAULT if it cannot be read.
 */
int dbg_task_read(u64 task, struct dbg_task *out)
{
	return dbg_task_fill((struct task_struct *)(unsigned long)task, out);
}

static int dbg_task_fill(struct task_struct *t, struct dbg_task *out)
{
	unsigned int state, exit_state, flags, cpu, on_cpu;
	struct task_struct *parent;
	void *stack;
	int scpu;

	memset(out, 0, sizeof(*out));
	out->addr = (unsigned long)t;
	if (dbg_read_val(out->pid, t->pid) || dbg_read_val(out->tgid, t->tgid) ||
	    dbg_read_val(state, t->__state) ||
	    dbg_read_val(exit_state, t->exit_state) ||
	    dbg_read_val(flags, t->flags) ||
	    dbg_read_nofault(out->comm, (unsigned long)t->comm,
			     sizeof(out->comm) - 1))
		return -EFAULT;
	out->comm[sizeof(out->comm) - 1] = '\0';
	out->state = task_index_to_char(__task_state_index(state, exit_state));
	out->kthread = flags & PF_KTHREAD;
	out->idle = flags & PF_IDLE;
	out->ppid = -1;
	if (!dbg_read_val(parent, t->real_parent) && parent &&
	    dbg_read_val(out->ppid, parent->tgid))
		out->ppid = -1;
	if (dbg_read_val(cpu, task_thread_info(t)->cpu))
		cpu = 0;
	out->cpu = cpu;
	if (!dbg_read_val(stack, t->stack) && stack) {
		out->stack = (unsigned long)stack;
		out->stack_size = THREAD_SIZE;
	}
	scpu = dbg_task_stopped_cpu(t);
	if (scpu >= 0) {
		out->cpu = scpu;
		out->running = true;
		out->cpu_stopped = true;
	} else if (!dbg_read_val(on_cpu, t->on_cpu) && on_cpu &&
		   cpu < nr_cpu_ids) {
		bool stopped = false;

		/*
		 * On a CPU that did not stop, or that a panic halted: its
		 * registers are not where a switched-out task keeps them.
		 */
		if (cpu_online(cpu))
			dbg_cpu_current(cpu, &stopped);
		out->running = !stopped;
	}
	return 0;
}

/* Next thread after @t in its thread group's list; NULL at the end. */
static int dbg_next_thread(struct task_struct *leader, struct task_struct *t,
			   struct task_struct **next)
{
	struct signal_struct *sig;
	struct list_head *head, *pos;

	if (dbg_read_val(sig, leader->signal) || !sig)
		return -EFAULT;
	head = &sig->thread_head;
	if (t ? dbg_read_val(pos, t->thread_node.next) :
		dbg_read_val(pos, head->next))
		return -EFAULT;
	*next = pos == head ? NULL : list_entry(pos, struct task_struct,
						thread_node);
	return 0;
}

/**
 * dbg_task_next - the next task of a walk over every task and thread
 * @it: walk state, zeroed before the first call
 * @out: filled with the task
 *
 * The idle tasks of every CPU come first, then every thread of every
 * process in the order of the kernel's task list. Takes no lock.
 *
 * Return: 1 with @out filled; 0 at the end; -ELOOP when the walk went on
 * longer than the kernel's thread count allows (a corrupted list: the
 * bound is twice the count, for the steps between processes, plus the
 * idle tasks and a margin for forks in flight); -EFAULT when a list
 * pointer could not be read.
 */
int dbg_task_next(struct dbg_task_iter *it, struct dbg_task *out)
{
	/* Each task, and each step to the next process, counts once. */
	unsigned long bound = 2 * (READ_ONCE(nr_threads) + nr_cpu_ids +
				   DBG_TASK_SLACK);
	struct task_struct *proc, *t, *next;
	struct list_head *pos;
	int err;

	if (it->n++ > bound) {
		it->phase = WALK_DONE;
		return -ELOOP;
	}
	while (it->phase == WALK_IDLE) {
		if (it->cpu >= nr_cpu_ids) {
			it->phase = WALK_PROCS;
			it->proc = (unsigned long)&init_task;
			it->thread = 0;
			break;
		}
		if (!cpu_possible(it->cpu)) {
			it->cpu++;
			continue;
		}
		t = idle_task(it->cpu++);
		if (t && !dbg_task_fill(t, out))
			return 1;
	}
	while (it->phase == WALK_PROCS) {
		proc = (struct task_struct *)(unsigned long)it->proc;
		t = (struct task_struct *)(unsigned long)it->thread;
		if (proc != &init_task) {
			err = dbg_next_thread(proc, t, &next);
			if (err)
				goto bad;
			if (next) {
				it->thread = (unsigned long)next;
				err = dbg_task_fill(next, out);
				if (err)
					goto bad;
				return 1;
			}
		}
		/* This process's threads are done: on to the next process. */
		if (dbg_read_val(pos, proc->tasks.next))
			goto bad_fault;
		proc = list_entry(pos, struct task_struct, tasks);
		if (proc == &init_task) {
			it->phase = WALK_DONE;
			return 0;
		}
		it->proc = (unsigned long)proc;
		it->thread = 0;
		if (it->n++ > bound) {
			it->phase = WALK_DONE;
			return -ELOOP;
		}
	}
	return 0;
bad_fault:
	err = -EFAULT;
bad:
	it->phase = WALK_DONE;
	return err;
}

/* Walk until @match says yes. */
static int dbg_task_find(bool (*match)(const struct dbg_task *t, u64 key),
			 u64 key, struct dbg_task *out)
{
	struct dbg_task_iter it = {};
	int ret;

	while ((ret = dbg_task_next(&it, out)) == 1)
		if (match(out, key))
			return 0;
	return ret ? ret : -ESRCH;
}

static bool dbg_match_pid(const struct dbg_task *t, u64 pid)
{
	return t->pid == (int)pid;
}

static bool dbg_match_addr(const struct dbg_task *t, u64 addr)
{
	return t->addr == addr;
}

/**
 * dbg_task_by_pid - find a task by its pid (thread id)
 * @pid: the pid; 0 finds CPU 0's idle task
 * @out: filled in
 *
 * Return: 0; -ESRCH if no task has it; the errors of dbg_task_next().
 */
int dbg_task_by_pid(int pid, struct dbg_task *out)
{
	return dbg_task_find(dbg_match_pid, (unsigned int)pid, out);
}

/**
 * dbg_task_by_addr - check that an address is a task, and read it
 * @addr: a task_struct address, as ps shows them
 * @out: filled in
 *
 * A task a CPU was running when it stopped is found even if it is no
 * longer on the task list (an exiting task that reaped itself runs a
 * little longer after it was taken off).
 *
 * Return: 0; -ESRCH if no task of the walk, nor any CPU's current task,
 * is at @addr.
 */
int dbg_task_by_addr(u64 addr, struct dbg_task *out)
{
	struct task_struct *t;
	unsigned int cpu;
	bool stopped;
	int ret = dbg_task_find(dbg_match_addr, addr, out);

	if (ret != -ESRCH)
		return ret;
	for_each_online_cpu(cpu) {
		t = dbg_cpu_current(cpu, &stopped);
		if (t && (unsigned long)t == addr)
			return dbg_task_fill(t, out);
	}
	return -ESRCH;
}

/**
 * dbg_cpu_task - the task a stopped CPU was running
 * @cpu: the CPU
 * @out: filled in
 *
 * Return: 0; -ENODEV if @cpu is not stopped; -EFAULT if the task cannot
 * be read.
 */
int dbg_cpu_task(unsigned int cpu, struct dbg_task *out)
{
	struct task_struct *t;
	bool stopped;

	if (cpu >= nr_cpu_ids)
		return -ENODEV;
	t = dbg_cpu_current(cpu, &stopped);
	if (!t)
		return -ENODEV;
	return dbg_task_fill(t, out);
}

/* --- registers --------------------------------------------------------- */

/**
 * dbg_reg_count - how many registers the architecture's set has
 *
 * Return: the count; registers are 0 .. count - 1.
 */
unsigned int dbg_reg_count(void)
{
	return dbg_arch_nr_regs;
}

/**
 * dbg_reg_name - the name of a register, as gdb calls it
 * @reg: its index
 *
 * Return: the name, or NULL if @reg is out of range.
 */
const char *dbg_reg_name(unsigned int reg)
{
	return reg < dbg_arch_nr_regs ? dbg_arch_regs[reg].name : NULL;
}

/**
 * dbg_reg_role - the register that plays a role (PC, SP, ...)
 * @role: the role
 *
 * Return: its index.
 */
int dbg_reg_role(enum dbg_reg_role role)
{
	return dbg_arch_reg_roles[role];
}

/**
 * dbg_reg_find - a register's index from its name
 * @name: gdb's name or the kernel's (rip or ip; any case); "pc", "sp"
 *	and "fp" name the registers with those roles
 *
 * Return: the index, or -ENOENT.
 */
int dbg_reg_find(const char *name)
{
	unsigned int i;

	if (!strcasecmp(name, "pc"))
		return dbg_reg_role(DBG_REG_PC);
	if (!strcasecmp(name, "fp"))
		return dbg_reg_role(DBG_REG_FP);
	for (i = 0; i < dbg_arch_nr_regs; i++)
		if (!strcasecmp(name, dbg_arch_regs[i].name) ||
		    (dbg_arch_regs[i].alias &&
		     !strcasecmp(name, dbg_arch_regs[i].alias)))
			return i;
	return -ENOENT;
}

static unsigned long *dbg_pt_reg(struct pt_regs *regs, unsigned int reg)
{
	return (unsigned long *)((char *)regs + dbg_arch_regs[reg].offset);
}

/* @writable: none, all that the table allows, or all but the frame's. */
enum { DBG_RO, DBG_RW, DBG_RW_GPRS };

static void dbg_regs_from_pt(struct pt_regs *regs, u64 valid, int writable,
			     struct dbg_regs *out)
{
	const struct dbg_arch_reg *r;
	unsigned int i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < dbg_arch_nr_regs; i++) {
		r = &dbg_arch_regs[i];
		if (r->offset < 0)
			continue;
		out->val[i] = *dbg_pt_reg(regs, i);
		if (!(valid & BIT_ULL(i)))
			out->val[i] = 0;
		else if (r->writable && (writable == DBG_RW ||
					 (writable == DBG_RW_GPRS && !r->frame)))
			out->writable |= BIT_ULL(i);
	}
	out->valid = valid;
	out->frame_fixed = writable == DBG_RW_GPRS;
}

/* The registers the CPU's stop saved besides its trap frame. */
static void dbg_regs_from_sregs(const struct crash_stop_cpu *c,
				struct dbg_regs *out)
{
	unsigned int i;

	for (i = 0; i < dbg_arch_nr_regs; i++) {
		int s = dbg_arch_regs[i].sreg;

		if (s >= 0 && (c->sregs_valid & BIT(s))) {
			out->val[i] = c->sregs[s];
			out->valid |= BIT_ULL(i);
		}
	}
}

/* How much of a stopped CPU's saved state can change. */
static int dbg_cpu_writable(const struct crash_stop_cpu *c)
{
	if (!c->regs_live)
		return DBG_RO;
	return c->regs_frame_fixed ? DBG_RW_GPRS : DBG_RW;
}

/* The masks of struct dbg_regs have a bit for each register. */
static_assert(DBG_REGS_MAX <= 64);

/* All the registers saved in a pt_regs. */
static u64 dbg_all_regs(void)
{
	u64 all = 0;
	unsigned int i;

	for (i = 0; i < dbg_arch_nr_regs; i++)
		if (dbg_arch_regs[i].offset >= 0)
			all |= BIT_ULL(i);
	return all;
}

/**
 * dbg_task_regs - a task's registers
 * @task: the task
 * @out: filled in
 *
 * A task running on a stopped CPU has that CPU's interrupted registers,
 * all known, changeable when the CPU returns through them. A task that is
 * not running has the registers its switch frame saved: the PC where it
 * sleeps, its stack and frame pointers and the callee-saved registers.
 *
 * Return: 0; -EPERM under confidentiality lockdown; -EAGAIN if it runs
 * on a CPU that did not stop; -EFAULT if its switch frame is unreadable.
 */
int dbg_task_regs(u64 task, struct dbg_regs *out)
{
	struct task_struct *t = (struct task_struct *)(unsigned long)task;
	const struct crash_stop_cpu *c;
	struct pt_regs regs;
	struct dbg_task info;
	u64 valid;
	int cpu, err;

	memset(out, 0, sizeof(*out));
	if (dbg_session.deny & DBG_DENY_READ)
		return -EPERM;
	cpu = dbg_task_stopped_cpu(t);
	if (cpu >= 0) {
		c = crash_stop_cpu_info(cpu);
		regs = c->regs;
		dbg_regs_from_pt(&regs, dbg_all_regs(), dbg_cpu_writable(c),
				 out);
		dbg_regs_from_sregs(c, out);
		return 0;
	}
	err = dbg_task_fill(t, &info);
	if (err)
		return err;
	if (info.running)
		return -EAGAIN;
	err = dbg_arch_sleeping_regs(t, &regs, &valid);
	if (err)
		return err;
	dbg_regs_from_pt(&regs, valid, DBG_RO, out);
	return 0;
}

/**
 * dbg_set_reg - change one register of a task running on a stopped CPU
 * @task: the task
 * @reg: the register's index
 * @val: the new value (eflags: only the flags a user may change)
 *
 * Takes effect when that CPU resumes.
 *
 * Return: 0; -EPERM under integrity lockdown; -ENOENT for no such
 * register; -EROFS for a read-only register, a task that is not running
 * on a stopped CPU, a CPU whose saved state is only a copy or returns
 * through a copy of its PC, stack pointer and flags (an NMI in kernel
 * mode), or the PC of the entering CPU after an oops or a panic;
 * -EINVAL for a PC or stack pointer the CPU could not return to.
 */
int dbg_set_reg(u64 task, unsigned int reg, u64 val)
{
	struct task_struct *t = (struct task_struct *)(unsigned long)task;
	const struct crash_stop_cpu *c;
	struct pt_regs regs;
	unsigned long *slot;
	int cpu, err;
	u64 v = val;

	if (dbg_session.deny & DBG_DENY_WRITE)
		return -EPERM;
	if (reg >= dbg_arch_nr_regs || dbg_arch_regs[reg].offset < 0)
		return -ENOENT;
	if (!dbg_arch_regs[reg].writable)
		return -EROFS;
	cpu = dbg_task_stopped_cpu(t);
	if (cpu < 0)
		return -EROFS;
	/* An oops or a panic goes on from where it is, not elsewhere. */
	if (cpu == dbg_session.master && reg == dbg_reg_role(DBG_REG_PC) &&
	    !dbg_session.can_resume_at)
		return -EROFS;
	c = crash_stop_cpu_info(cpu);
	if (dbg_cpu_writable(c) == DBG_RO ||
	    (dbg_cpu_writable(c) == DBG_RW_GPRS && dbg_arch_regs[reg].frame))
		return -EROFS;
	regs = c->regs;
	err = dbg_arch_check_reg(reg, &regs, &v);
	if (err)
		return err;
	slot = dbg_pt_reg(&regs, reg);
	*slot = v;
	err = crash_stop_set_regs(cpu, &regs);
	return err == -ENODEV ? -EROFS : err;
}

/**
 * dbg_regs_at - the registers saved in a register frame in memory
 * @addr: address of a struct pt_regs (an exception frame)
 * @out: filled in (read-only)
 *
 * Return: 0, or the errors of dbg_mem_read().
 */
int dbg_regs_at(u64 addr, struct dbg_regs *out)
{
	struct pt_regs regs;
	int err;

	memset(out, 0, sizeof(*out));
	err = dbg_mem_read(addr, &regs, sizeof(regs), NULL);
	if (err)
		return err;
	dbg_regs_from_pt(&regs, dbg_all_regs(), DBG_RO, out);
	return 0;
}
