// SPDX-License-Identifier: GPL-2.0
/*
 * The debug core: entry from sysrq, traps, oops and panic, the stop
 * through crash_stop, the polled console, the session a front-end runs,
 * and the actions that must wait until the machine resumes.
 */

#include <linux/crash_stop.h>
#include <linux/debugfs.h>
#include <linux/dbg_core.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/irq_work.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/nmi.h>
#include <linux/notifier.h>
#include <linux/pid.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/reboot.h>
#include <linux/sched/signal.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/serial_core.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/sysrq.h>
#include <linux/timer.h>
#include <linux/tty_driver.h>

#include "dbg_internal.h"

static struct dbg_frontend *dbg_frontend;
static struct tty_driver *dbg_tty;
static int dbg_tty_line;

/* Console the debugger talks on, as "ttyS0" or "ttyS0,115200". */
static char dbg_port[32] = "ttyS0";
module_param_string(port, dbg_port, sizeof(dbg_port), 0444);
MODULE_PARM_DESC(port, "polled tty for the debugger console (default ttyS0)");

static bool dbg_on_nmi = true;
module_param_named(nmi, dbg_on_nmi, bool, 0644);
MODULE_PARM_DESC(nmi, "enter on an external (unknown) NMI (default 1)");

static bool dbg_on_panic = true;
module_param_named(panic, dbg_on_panic, bool, 0644);
MODULE_PARM_DESC(panic, "enter on panic, before the other CPUs are halted (default 1)");

static bool dbg_on_oops = true;
module_param_named(oops, dbg_on_oops, bool, 0644);
MODULE_PARM_DESC(oops, "enter on a kernel oops, before the oops kills the task (default 1)");

struct dbg_session_state dbg_session = { .master = -1 };

/* Where a fault inside the front-end goes back to; master only. */
static struct crash_stop_catch *dbg_catch_point;

/* Front-ends sharing the console (kdb, gdb); one runs at a time. */
#define DBG_FRONTENDS_MAX	2
static struct dbg_frontend *dbg_frontends[DBG_FRONTENDS_MAX];
static struct dbg_frontend *dbg_frontend_next;

static char dbg_frontend_first[16] = "kdb";
module_param_string(frontend, dbg_frontend_first,
		    sizeof(dbg_frontend_first), 0444);
MODULE_PARM_DESC(frontend, "front-end that runs at the first entry: kdb or gdb");

/**
 * dbg_register_frontend - add a front-end
 * @fe: the front-end
 *
 * The first one registered, or the one dbg_core.frontend= names, runs
 * at entries until a session switches to another.
 *
 * Return: 0, or -EBUSY if there is no room.
 */
int dbg_register_frontend(struct dbg_frontend *fe)
{
	unsigned int i;

	for (i = 0; i < DBG_FRONTENDS_MAX && dbg_frontends[i]; i++)
		;
	if (i == DBG_FRONTENDS_MAX)
		return -EBUSY;
	dbg_frontends[i] = fe;
	if (!dbg_frontend || !strcmp(fe->name, dbg_frontend_first))
		dbg_frontend = fe;
	return 0;
}

/**
 * dbg_frontend_command - run a command of another front-end
 * @name: that front-end ("kdb")
 * @ev: the entry the machine is stopped at
 * @line: the command line
 * @out: where its output goes
 * @ctx: passed to @out
 *
 * Return: what the front-end's command returned; -ENOENT if there is no
 * such front-end or it takes no commands.
 */
int dbg_frontend_command(const char *name, const struct dbg_event *ev,
			 const char *line,
			 void (*out)(const char *s, size_t n, void *ctx),
			 void *ctx)
{
	unsigned int i;

	for (i = 0; i < DBG_FRONTENDS_MAX; i++) {
		struct dbg_frontend *fe = dbg_frontends[i];

		if (fe && fe->command && !strcmp(fe->name, name))
			return fe->command(ev, line, out, ctx);
	}
	return -ENOENT;
}

/**
 * dbg_frontend_input - hand another front-end a byte meant for it
 * @name: that front-end ("gdb")
 * @c: the byte, read on the debug line by the session in progress
 *
 * kdb, seeing gdb's first packet at its prompt, passes it on this way:
 * the byte goes to the front-end's @poll_byte as if polled.
 *
 * Return: 1 if the front-end wants the line now (a whole packet came),
 * 0 if not yet, -ENOENT if there is no such front-end taking input.
 */
int dbg_frontend_input(const char *name, int c)
{
	unsigned int i;

	for (i = 0; i < DBG_FRONTENDS_MAX; i++) {
		struct dbg_frontend *fe = dbg_frontends[i];

		if (fe && fe->poll_byte && !strcmp(fe->name, name))
			return fe->poll_byte(c);
	}
	return -ENOENT;
}

/**
 * dbg_frontend_switch - choose the front-end to run next
 * @name: its name ("kdb", "gdb")
 *
 * A session that called it then returns %DBG_ACTION_SWITCH: the other
 * front-end takes over in the same stop, and at later entries.
 *
 * Return: 0, or -ENOENT if there is no such front-end.
 */
int dbg_frontend_switch(const char *name)
{
	unsigned int i;

	for (i = 0; i < DBG_FRONTENDS_MAX; i++) {
		if (dbg_frontends[i] && !strcmp(dbg_frontends[i]->name, name)) {
			dbg_frontend_next = dbg_frontends[i];
			return 0;
		}
	}
	return -ENOENT;
}

/**
 * dbg_getc - read a character from the debug console, without waiting
 *
 * Return: the character, or -1 if none is waiting.
 */
int dbg_getc(void)
{
	int c;

	if (!dbg_tty)
		return -1;
	c = dbg_tty->ops->poll_get_char(dbg_tty, dbg_tty_line);
	if (c == NO_POLL_CHAR || c < 0)
		return -1;
	return c & 0xff;
}

/**
 * dbg_write - write characters to the debug console
 * @s: the characters; '\n' is sent as CR LF
 * @len: how many
 *
 * Only with the machine stopped: the tty driver's polled put_char (the
 * 8250's) saves and restores the UART's interrupt enables without the
 * port's lock, which would race the driver on a running machine.
 */
void dbg_write(const char *s, size_t len)
{
	if (!dbg_tty)
		return;
	/* Long output with the pager off must not look like a lockup. */
	touch_nmi_watchdog();
	while (len--)
		dbg_tty->ops->poll_put_char(dbg_tty, dbg_tty_line, *s++);
}
/* For the test module's benchmark of the line's raw rate. */
EXPORT_SYMBOL_GPL(dbg_write);

/* Only the master writes it, while the machine is stopped: no lock. */
static char dbg_transcript_ring[DBG_TRANSCRIPT_BYTES];
static u64 dbg_transcript_total;

/**
 * dbg_transcript_add - keep text a front-end showed, for the dump
 * @s: the text, lines ending in '\n'
 * @len: its length
 *
 * Called while the machine is stopped. The oldest text makes room.
 */
void dbg_transcript_add(const char *s, size_t len)
{
	size_t at, n;

	if (len > DBG_TRANSCRIPT_BYTES) {
		s += len - DBG_TRANSCRIPT_BYTES;
		dbg_transcript_total += len - DBG_TRANSCRIPT_BYTES;
		len = DBG_TRANSCRIPT_BYTES;
	}
	while (len) {
		at = dbg_transcript_total % DBG_TRANSCRIPT_BYTES;
		n = min_t(size_t, len, DBG_TRANSCRIPT_BYTES - at);
		memcpy(dbg_transcript_ring + at, s, n);
		s += n;
		len -= n;
		dbg_transcript_total += n;
	}
}

/**
 * dbg_transcript_copy - the newest text the front-ends showed
 * @buf: where it goes, oldest first
 * @len: size of @buf
 *
 * Return: bytes copied, at most DBG_TRANSCRIPT_BYTES.
 */
size_t dbg_transcript_copy(char *buf, size_t len)
{
	u64 total = dbg_transcript_total;
	size_t n = min_t(u64, total, DBG_TRANSCRIPT_BYTES), start, first;

	n = min(n, len);
	start = (total - n) % DBG_TRANSCRIPT_BYTES;
	first = min_t(size_t, n, DBG_TRANSCRIPT_BYTES - start);
	memcpy(buf, dbg_transcript_ring + start, first);
	memcpy(buf + first, dbg_transcript_ring, n - first);
	return n;
}

/**
 * dbg_message - a message of the core for whoever has the debug line
 * @s: the text, lines ending in '\n'
 *
 * To the line as it is, unless the front-end that has the line takes
 * messages its own way (the GDB stub hands them to gdb).
 */
void dbg_message(const char *s)
{
	struct dbg_frontend *fe = READ_ONCE(dbg_frontend);

	dbg_transcript_add(s, strlen(s));
	if (fe && fe->message)
		fe->message(s, strlen(s));
	else
		dbg_write(s, strlen(s));
}

/**
 * dbg_keepalive - a long command still works: tell the front-end's user
 *
 * Called about once a second by long work (a dump), between what it puts
 * on the line.
 */
void dbg_keepalive(void)
{
	struct dbg_frontend *fe = READ_ONCE(dbg_frontend);

	if (fe && fe->keepalive)
		fe->keepalive();
}

/*
 * Input while the machine runs, on a line no program has open (nobody
 * else reads it): a timer polls it and hands each byte to the front-end
 * (struct dbg_frontend.poll_byte), which may ask to enter the debugger,
 * as sysrq-g would: gdb's Ctrl-C (a raw 0x03), or gdb attaching (its
 * first packet). A line a program has open (a shell on the console) is
 * left alone: its input is the program's, and a serial BREAK then 'g'
 * (sysrq) breaks in there.
 */
#define DBG_POLL_MS		50
#define DBG_POLL_MAX		4096	/* bytes per tick: noise cannot hold a CPU */

static struct timer_list dbg_poll_timer;

/* Is the debug line open by a program (a getty, a shell)? */
static bool dbg_port_open(void)
{
	struct uart_driver *drv = dbg_tty->driver_state;

	return !drv || READ_ONCE(drv->state[dbg_tty_line].port.count) > 0;
}

static void dbg_poll(struct timer_list *t)
{
	struct dbg_frontend *fe = READ_ONCE(dbg_frontend);
	int c, n = 0;

	if (fe && fe->poll_byte && !dbg_port_open()) {
		while (n++ < DBG_POLL_MAX && (c = dbg_getc()) >= 0) {
			if (fe->poll_byte(c)) {
				dbg_arch_break(CRASH_STOP_REASON_SYSRQ);
				break;
			}
		}
	}
	mod_timer(t, jiffies + msecs_to_jiffies(DBG_POLL_MS));
}

/**
 * dbg_idle - what a front-end does while it waits for input
 *
 * Keeps the NMI watchdog quiet and lets a hyperthread sibling run.
 */
void dbg_idle(void)
{
	touch_nmi_watchdog();
	cpu_relax();
}

/**
 * dbg_nr_cpus - one more than the highest possible CPU number
 *
 * Return: the bound for dbg_get_cpu().
 */
unsigned int dbg_nr_cpus(void)
{
	return nr_cpu_ids;
}

static const enum dbg_cpu_state dbg_cpu_states[] = {
	[CRASH_STOP_CPU_RUNNING] = DBG_CPU_RUNNING,
	[CRASH_STOP_CPU_MASTER] = DBG_CPU_MASTER,
	[CRASH_STOP_CPU_STOPPED] = DBG_CPU_STOPPED,
	[CRASH_STOP_CPU_MISSING] = DBG_CPU_MISSING,
};

/**
 * dbg_get_cpu - what the stop saved of one CPU
 * @cpu: CPU number
 * @out: filled in
 *
 * Return: 0, or -ENODEV if @cpu is not a possible CPU.
 */
int dbg_get_cpu(unsigned int cpu, struct dbg_cpu *out)
{
	const struct crash_stop_cpu *cs = crash_stop_cpu_info(cpu);
	struct task_struct *task;

	if (!cs)
		return -ENODEV;
	memset(out, 0, sizeof(*out));
	out->cpu = cpu;
	out->pid = -1;
	out->state = DBG_CPU_OFFLINE;
	out->state_name = "offline";
	out->method = crash_stop_method_name(cs->method);
	out->context = crash_stop_context_name(cs->context);
	if (!cpu_online(cpu))
		return 0;
	if (cs->state < ARRAY_SIZE(dbg_cpu_states))
		out->state = dbg_cpu_states[cs->state];
	out->state_name = crash_stop_state_name(cs->state);
	if (cs->reason != CRASH_STOP_REASON_NONE)
		out->reason = crash_stop_reason_name(cs->reason);
	out->latency_ns = cs->latency_ns;
	if (out->state != DBG_CPU_STOPPED && out->state != DBG_CPU_MASTER)
		return 0;
	out->user = cs->context == CRASH_STOP_CTX_USER;
	out->pc = instruction_pointer((struct pt_regs *)&cs->regs);
	task = cs->task;
	out->task = (unsigned long)task;
	strscpy(out->comm, "?", sizeof(out->comm));
	if (task) {
		if (dbg_read_val(out->pid, task->pid))
			out->pid = -1;
		if (dbg_read_nofault(out->comm, (unsigned long)task->comm,
				     sizeof(out->comm) - 1))
			strscpy(out->comm, "?", sizeof(out->comm));
		out->comm[sizeof(out->comm) - 1] = '\0';
	}
	return 0;
}

/**
 * dbg_lockdown - what kernel lockdown forbids in this session
 *
 * Return: DBG_DENY_READ under confidentiality lockdown (no memory or
 * register reads), DBG_DENY_WRITE under integrity lockdown (no writes,
 * no changes to the flow of execution), or both.
 */
unsigned int dbg_lockdown(void)
{
	return dbg_session.deny;
}

/* Asked once per entry: lockdown may be raised at run time. */
static unsigned int dbg_lockdown_now(void)
{
	unsigned int deny = 0;

	/*
	 * The check logs a notice: into the ring buffer only, a console
	 * write could wait forever for a console a stopped CPU holds.
	 */
	printk_deferred_enter();
	if (security_locked_down(LOCKDOWN_DBG_WRITE_KERNEL))
		deny |= DBG_DENY_WRITE;
	if (security_locked_down(LOCKDOWN_DBG_READ_KERNEL))
		deny |= DBG_DENY_READ;
	printk_deferred_exit();
	return deny;
}

/**
 * dbg_call_protected - run a front-end function, surviving its faults
 * @fn: the function, e.g. one shell command
 * @arg: passed to @fn
 *
 * A kernel fault inside @fn (a bad pointer followed by a command) is a
 * nested trap on the stopped master: crash_stop hands it to the core,
 * which abandons @fn and returns here instead of oopsing. Locks or
 * counts @fn changed before it faulted are not undone, so front-ends
 * keep to the core's fault-safe accessors and use this as the last line.
 *
 * Return: what @fn returned, or -EFAULT if it faulted and was abandoned.
 */
int dbg_call_protected(int (*fn)(void *arg), void *arg)
{
	struct crash_stop_catch *prev = dbg_catch_point;
	struct crash_stop_catch here;
	int ret;

	if (crash_stop_catch(&here)) {
		/* Back from crash_stop_recover(), on a fault inside @fn. */
		dbg_catch_point = prev;
		return -EFAULT;
	}
	dbg_catch_point = &here;
	ret = fn(arg);
	dbg_catch_point = prev;
	return ret;
}

/* --- actions after the machine resumes ---------------------------------- */

#define DBG_DEFERRED_MAX	16

enum dbg_deferred_kind { DBG_DEFER_NONE, DBG_DEFER_SIGNAL, DBG_DEFER_SYSRQ };

struct dbg_deferred {
	enum dbg_deferred_kind kind;
	int pid;
	int sig;
	int key;
	bool check_mask;
};

/* Written by the master while stopped, read by the irq_work after. */
static struct dbg_deferred dbg_deferred[DBG_DEFERRED_MAX];
static unsigned int dbg_deferred_count;

static void dbg_deferred_run(struct irq_work *work)
{
	unsigned int i, n = READ_ONCE(dbg_deferred_count);
	struct dbg_deferred *d;
	struct pid *pid;

	for (i = 0; i < n; i++) {
		d = &dbg_deferred[i];
		if (d->kind == DBG_DEFER_SIGNAL) {
			rcu_read_lock();
			pid = find_pid_ns(d->pid, &init_pid_ns);
			if (!pid || kill_pid(pid, d->sig, 1))
				pr_info("dbg: signal %d to pid %d not delivered\n",
					d->sig, d->pid);
			rcu_read_unlock();
		} else if (d->kind == DBG_DEFER_SYSRQ) {
			__handle_sysrq(d->key, d->check_mask);
		}
		d->kind = DBG_DEFER_NONE;
	}
	WRITE_ONCE(dbg_deferred_count, 0);
}

static struct irq_work dbg_deferred_work = IRQ_WORK_INIT_HARD(dbg_deferred_run);

/*
 * The CPU that runs the queued actions: one that takes interrupts once
 * released (the irq_work needs one), the master if it does. -1 if none.
 */
static int dbg_deferred_runner(void)
{
	const struct crash_stop_cpu *c;
	unsigned int cpu;

	if (dbg_session.regs && dbg_arch_irqs_on(dbg_session.regs))
		return dbg_session.master;
	for_each_online_cpu(cpu) {
		c = crash_stop_cpu_info(cpu);
		if (c && c->state == CRASH_STOP_CPU_STOPPED && c->regs_live &&
		    dbg_arch_irqs_on(&c->regs))
			return cpu;
	}
	return -1;
}

static int dbg_defer(const struct dbg_deferred *d)
{
	if (!dbg_session.active)
		return -EPERM;
	if (dbg_session.fatal)
		return -ECANCELED;
	if (dbg_deferred_runner() < 0)
		return -EDEADLK;
	if (dbg_deferred_count >= DBG_DEFERRED_MAX ||
	    irq_work_is_busy(&dbg_deferred_work))
		return -ENOSPC;
	dbg_deferred[dbg_deferred_count++] = *d;
	return 0;
}

/* On the runner, in the interrupt it was parked in: runs after release. */
static void dbg_deferred_queue_here(void *unused)
{
	irq_work_queue(&dbg_deferred_work);
}

/* Called on the master just before the machine resumes. */
static void dbg_deferred_start(void)
{
	int cpu;

	if (!dbg_deferred_count)
		return;
	cpu = dbg_deferred_runner();
	if (cpu == dbg_session.master)
		irq_work_queue(&dbg_deferred_work);
	else if (cpu < 0 ||
		 crash_stop_call_on_cpu(cpu, dbg_deferred_queue_here, NULL))
		WRITE_ONCE(dbg_deferred_count, 0);	/* nothing can run them */
}

/**
 * dbg_queue_signal - send a signal once the machine has resumed
 * @pid: the task (thread group leader's pid sends to the process)
 * @sig: the signal, 1..SIGRTMAX
 *
 * Sending a signal takes the task's and the run queues' locks, which a
 * stopped CPU may hold, so it is sent from interrupt context right after
 * the release instead.
 *
 * Return: 0; -EINVAL for a bad signal; -ESRCH for no such task; -ENOSPC
 * if too many actions are queued; -EPERM under integrity lockdown;
 * -ECANCELED if the machine will not resume (panic); -EDEADLK if no CPU
 * will take interrupts after the release (every one stopped with them
 * off), so nothing would run it.
 */
int dbg_queue_signal(int pid, int sig)
{
	struct dbg_deferred d = { DBG_DEFER_SIGNAL, pid, sig, 0, false };
	struct dbg_task t;

	if (dbg_session.deny & DBG_DENY_WRITE)
		return -EPERM;
	if (sig < 1 || sig > SIGRTMAX)
		return -EINVAL;
	if (pid <= 0 || dbg_task_by_pid(pid, &t))
		return -ESRCH;
	return dbg_defer(&d);
}

/* Sysrq keys of mainline's table, and what to do with each while stopped. */
static const struct {
	char key;
	bool now;		/* safe while stopped: no locks, no waiting */
	const char *refused;	/* why it is refused, or NULL */
} dbg_sysrq_keys[] = {
	{ '0', true }, { '1', true }, { '2', true }, { '3', true },
	{ '4', true }, { '5', true }, { '6', true }, { '7', true },
	{ '8', true }, { '9', true }, { 'h', true },
	{ 'b', false, "use the reboot command (it keeps the other CPUs stopped)" },
	{ 'g', false, "the debugger is already running" },
	{ 'p', false, "it shows an interrupt's registers: use rd" },
	{ 'l', false, "the other CPUs are stopped: use btc" },
	{ 'c' }, { 'd' }, { 'e' }, { 'f' }, { 'i' }, { 'j' }, { 'k' },
	{ 'm' }, { 'n' }, { 'o' }, { 'q' }, { 'r' }, { 's' }, { 't' },
	{ 'u' }, { 'v' }, { 'w' }, { 'z' }, { 'R' },
};

/**
 * dbg_sysrq - handle a magic sysrq key from the debugger
 * @key: the key
 * @check_mask: apply sysrq's enable mask (kernel.sysrq) to the key, as
 *	a sysrq typed on a keyboard; false: as /proc/sysrq-trigger
 * @how: set to whether it ran now or is queued until the machine resumes
 * @why: set to the reason when the key is refused
 *
 * Keys that take no lock and do not wait (log level, help) run now; their
 * messages are in the kernel log. The others run right after the machine
 * resumes, as if typed after a serial BREAK.
 *
 * Return: 0; -ENOENT for a key sysrq does not have; -EPERM if refused
 * (@why says why); -ENOSPC if too many actions are queued; -ECANCELED if
 * the machine will not resume (panic); -EDEADLK if no CPU would run it.
 */
int dbg_sysrq(int key, bool check_mask, enum dbg_sysrq_how *how,
	      const char **why)
{
	struct dbg_deferred d = { DBG_DEFER_SYSRQ, 0, 0, key, check_mask };
	unsigned int i;

	*why = NULL;
	for (i = 0; i < ARRAY_SIZE(dbg_sysrq_keys); i++) {
		if (dbg_sysrq_keys[i].key != key)
			continue;
		if (dbg_sysrq_keys[i].refused) {
			*why = dbg_sysrq_keys[i].refused;
			return -EPERM;
		}
		if (dbg_sysrq_keys[i].now) {
			*how = DBG_SYSRQ_DONE;
			/* Its messages go to the ring buffer only, as above. */
			printk_deferred_enter();
			__handle_sysrq(key, check_mask);
			printk_deferred_exit();
			return 0;
		}
		*how = DBG_SYSRQ_QUEUED;
		return dbg_defer(&d);
	}
	return -ENOENT;
}

/* --- entry and session ------------------------------------------------- */

/*
 * A session entered by NMI or #DB runs on that exception stack, a page or
 * two. How deep it went is measured, with a pattern painted below the
 * entry and looked for afterwards: the deepest so far is in debugfs.
 */
#define DBG_STACK_PAINT	0x6462677061696e74UL	/* "dbgpaint" */
#define DBG_STACK_SLACK	256	/* not painted: the painter's own frame */

static unsigned long dbg_stack_deepest;	/* bytes of an exception stack */
static unsigned long dbg_stack_size;

static bool dbg_stack_paint(unsigned long *begin, unsigned long *end)
{
	unsigned long sp = current_stack_pointer, *p;

	if (!dbg_arch_exception_stack(sp, begin, end))
		return false;
	for (p = (unsigned long *)*begin;
	     (unsigned long)p < sp - DBG_STACK_SLACK; p++)
		*p = DBG_STACK_PAINT;
	return true;
}

static void dbg_stack_measure(unsigned long begin, unsigned long end)
{
	unsigned long *p = (unsigned long *)begin;

	while ((unsigned long)p < end && *p == DBG_STACK_PAINT)
		p++;
	dbg_stack_size = end - begin;
	dbg_stack_deepest = max(dbg_stack_deepest, end - (unsigned long)p);
}

static int dbg_stats_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "exception_stack_deepest %lu\nexception_stack_size %lu\n",
		   dbg_stack_deepest, dbg_stack_size);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(dbg_stats);

/* The session before this one stepped the master: the same stop. */
static bool dbg_stepped;

DEFINE_PER_CPU(unsigned int, dbg_busy);

/**
 * dbg_step - step one instruction on the master when the session ends
 * @why: set to the reason when refused
 *
 * The master runs the one instruction at its PC with the other CPUs
 * still stopped and comes back into the debugger (reason single-step)
 * in the same stop. Breakpoints stay out of the text meanwhile.
 *
 * Return: 0 (the front-end then ends its session); -EPERM under
 * integrity lockdown; -EINVAL if the master cannot be stepped (@why).
 */
int dbg_step(const char **why)
{
	static char why_buf[96];

	*why = NULL;
	if (dbg_session.deny & DBG_DENY_WRITE)
		return -EPERM;
	if (!dbg_session.active || !dbg_session.can_step ||
	    !dbg_session.regs) {
		*why = "the entering CPU cannot be stepped here (entered from an interrupt or an NMI, or it will not resume)";
		return -EINVAL;
	}
	if (dbg_bp_any_armed()) {
		*why = "a breakpoint could not be taken out of the text";
		return -EBUSY;
	}
	if (dbg_arch_step_start(dbg_session.regs, why_buf, sizeof(why_buf))) {
		*why = why_buf;
		return -EINVAL;
	}
	dbg_session.step = true;
	return 0;
}

/* Run the front-end; on the master, with every other CPU stopped. */
static void dbg_run_session(enum crash_stop_reason reason,
			    struct pt_regs *regs, const char *msg)
{
	const struct crash_stop_cpu *me;
	struct dbg_event ev = {};
	enum dbg_action action;
	unsigned long begin, end;
	bool painted = dbg_stack_paint(&begin, &end);

	dbg_session.master = smp_processor_id();
	me = crash_stop_cpu_info(dbg_session.master);
	dbg_session.regs = regs;
	dbg_session.task = me->task;
	dbg_session.deny = dbg_lockdown_now();
	dbg_session.fatal = reason == CRASH_STOP_REASON_PANIC;
	dbg_session.active = true;
	dbg_sym_cache_reset();
	dbg_bp_stop_begin(!dbg_stepped);
	dbg_stepped = false;
	ev.cpu = dbg_session.master;
	ev.reason = crash_stop_reason_name(reason);
	ev.pc = regs ? instruction_pointer(regs) : 0;
	ev.task = (unsigned long)me->task;
	ev.msg = msg;
	ev.fatal = dbg_session.fatal;
	ev.can_resume_at = me->regs_live && !me->regs_frame_fixed &&
			   reason != CRASH_STOP_REASON_OOPS && !ev.fatal;
	dbg_session.can_resume_at = ev.can_resume_at;
	/*
	 * Only where the frame the step flag goes in is the trap's own: an
	 * entry from an interrupt (an NMI's irq_work) would first run the
	 * interrupt's exit, softirqs included, with the others stopped.
	 */
	dbg_session.can_step = ev.can_resume_at &&
			       (reason == CRASH_STOP_REASON_BREAKPOINT ||
				reason == CRASH_STOP_REASON_SINGLESTEP ||
				reason == CRASH_STOP_REASON_WATCHPOINT ||
				reason == CRASH_STOP_REASON_SYSRQ);

	/* An unattended box keeps a record before anyone looks (or not). */
	if (ev.fatal)
		dbg_dump_panic();
	action = DBG_ACTION_RESUME;
	if (!ev.fatal || READ_ONCE(dbg_on_panic))
		action = dbg_frontend->session(&ev);
	while (action == DBG_ACTION_SWITCH && dbg_frontend_next) {
		dbg_frontend = dbg_frontend_next;
		dbg_frontend_next = NULL;
		action = dbg_frontend->session(&ev);
	}
	dbg_catch_point = NULL;
	if (action == DBG_ACTION_REBOOT)
		emergency_restart();
	if (dbg_session.step) {
		/* One instruction, the others held, breakpoints still out. */
		dbg_session.step = false;
		dbg_stepped = true;
		dbg_bp_retire();
		crash_stop_hold();
	} else {
		if (!dbg_session.fatal)
			dbg_bp_stop_end();
		dbg_deferred_start();
	}
	dbg_session.active = false;
	dbg_session.master = -1;
	if (painted)
		dbg_stack_measure(begin, end);
}

struct dbg_entry {
	enum crash_stop_reason reason;
	struct pt_regs *regs;
	const char *msg;
};

static void dbg_stopped(void *data)
{
	struct dbg_entry *e = data;

	dbg_run_session(e->reason, e->regs, e->msg);
}

/* A trap, fault or entry on the master while the front-end runs. */
static bool dbg_nested(void *data, enum crash_stop_reason reason,
		       struct pt_regs *regs)
{
	static const char fmt[] = "\ndbg: %s on CPU %d while stopped, at %s: %s\n";
	/* Static: only the master gets here, maybe on a small NMI stack. */
	static char where[KSYM_SYMBOL_LEN];
	static char line[sizeof(fmt) + KSYM_SYMBOL_LEN + 48];
	bool recover = reason == CRASH_STOP_REASON_OOPS && regs &&
		       dbg_catch_point;

	strscpy(where, "?", sizeof(where));
	if (regs)
		dbg_symbolize(instruction_pointer(regs), where, sizeof(where));
	snprintf(line, sizeof(line), fmt, crash_stop_reason_name(reason),
		 smp_processor_id(), where,
		 recover ? "command abandoned" : "ignored");
	dbg_message(line);
	if (recover)
		crash_stop_recover(regs, dbg_catch_point);
	return recover;
}
NOKPROBE_SYMBOL(dbg_nested);

static int dbg_enter_with(enum crash_stop_reason reason, struct pt_regs *regs,
			  unsigned int entry_count, const char *msg,
			  unsigned int flags)
{
	struct dbg_entry e = { .reason = reason, .regs = regs, .msg = msg };
	struct crash_stop_request req = {
		.reason = reason,
		.regs = regs,
		.entry_count = entry_count,
		/* Only the external NMI handler enters with NMIs held back. */
		.flags = flags |
			 (reason == CRASH_STOP_REASON_NMI &&
			  (entry_count & NMI_MASK) ? CRASH_STOP_IN_NMI : 0),
		.fn = dbg_stopped,
		.nested = dbg_nested,
		.data = &e,
	};

	int ret;

	if (!dbg_tty || !dbg_frontend) {
		pr_warn_once("dbg: no console (dbg_core.port=%s), not stopping\n",
			     dbg_port);
		if (flags & CRASH_STOP_NOTED)
			crash_stop_take_reason(reason);
		return -ENODEV;
	}
	/* Watchpoint hits on the way in and out are the debugger's own. */
	this_cpu_inc(dbg_busy);
	ret = crash_stop(&req);
	this_cpu_dec(dbg_busy);
	return ret;
}
NOKPROBE_SYMBOL(dbg_enter_with);

/**
 * dbg_enter - enter the debugger
 * @reason: why
 * @regs: the interrupted registers of this CPU (its trap frame)
 * @entry_count: what the trap entry added to preempt_count()
 * @msg: a message for the banner (oops), or NULL
 *
 * Stops the machine, runs the front-end on this CPU, resumes. If another
 * CPU is entering at the same time, this CPU is shown to that one's
 * front-end as a stopped CPU with its own reason. On the master of a
 * stop in progress the entry is nested and goes to dbg_nested().
 *
 * Return: what crash_stop() returned, or -ENODEV if the debugger has no
 * console or front-end.
 */
int dbg_enter(enum crash_stop_reason reason, struct pt_regs *regs,
	      unsigned int entry_count, const char *msg)
{
	return dbg_enter_with(reason, regs, entry_count, msg, 0);
}
NOKPROBE_SYMBOL(dbg_enter);

/**
 * dbg_enter_noted - enter the debugger for an event noted earlier
 * @reason: why, as given to crash_stop_note_reason() when it happened
 * @regs: the interrupted registers of this CPU
 * @entry_count: what the entry added to preempt_count()
 *
 * For an event seen where entering was not possible (an NMI), entered
 * later from an interrupt: if a stop parked this CPU meanwhile, that
 * stop recorded the event and nothing more is done.
 *
 * Return: as dbg_enter().
 */
int dbg_enter_noted(enum crash_stop_reason reason, struct pt_regs *regs,
		    unsigned int entry_count)
{
	return dbg_enter_with(reason, regs, entry_count, NULL,
			      CRASH_STOP_NOTED);
}
NOKPROBE_SYMBOL(dbg_enter_noted);

/**
 * dbg_enter_on_nmi - should an external NMI enter the debugger?
 *
 * Return: the dbg_core.nmi parameter, false without a console.
 */
bool dbg_enter_on_nmi(void)
{
	return READ_ONCE(dbg_on_nmi) && dbg_tty && dbg_frontend;
}
NOKPROBE_SYMBOL(dbg_enter_on_nmi);

/**
 * dbg_enter_on_oops - should a kernel oops enter the debugger?
 *
 * Return: the dbg_core.oops parameter, false without a console or when
 * this CPU is already the master of a stop (the oops is then nested).
 */
bool dbg_enter_on_oops(void)
{
	/* A fault in an instruction stepped with the others held: back in. */
	if (crash_stop_held())
		return true;
	return READ_ONCE(dbg_on_oops) && dbg_tty && dbg_frontend &&
	       crash_stop_master_cpu() != raw_smp_processor_id();
}
NOKPROBE_SYMBOL(dbg_enter_on_oops);

/*
 * Panic: crash_stop has stopped the machine; the dump on panic, if asked
 * for, then the user looks (dbg_core.panic).
 */
static int dbg_crash_stop_event(struct notifier_block *nb,
				unsigned long reason, void *data)
{
	struct crash_stop_event *cev = data;

	if (reason != CRASH_STOP_REASON_PANIC ||
	    !(READ_ONCE(dbg_on_panic) || dbg_dump_panic_wanted()) ||
	    !dbg_tty || !dbg_frontend)
		return NOTIFY_DONE;
	/* Faults in a command come back to us, as on any other entry. */
	cev->nested = dbg_nested;
	cev->nested_data = NULL;
	dbg_run_session(reason, cev->regs, cev->msg);
	cev->nested = NULL;
	return NOTIFY_OK;
}

static struct notifier_block dbg_crash_stop_nb = {
	.notifier_call = dbg_crash_stop_event,
};

static void dbg_sysrq_handler(u8 key)
{
	dbg_arch_break(CRASH_STOP_REASON_SYSRQ);
}

static const struct sysrq_key_op dbg_sysrq_op = {
	.handler = dbg_sysrq_handler,
	.help_msg = "debug(g)",
	.action_msg = "DEBUG",
	.enable_mask = SYSRQ_ENABLE_DUMP,
};

/*
 * Find and set up the polled console (tty_find_polling_driver() also runs
 * the driver's poll_init); the tty layer may sleep here, so it is done
 * at boot, never while stopped.
 */
static int __init dbg_core_init(void)
{
	char name[sizeof(dbg_port)];
	struct tty_driver *drv;
	int line, err;

	strscpy(name, dbg_port, sizeof(name));
	drv = tty_find_polling_driver(name, &line);
	if (!drv) {
		pr_err("dbg: %s cannot be polled, debugger disabled\n",
		       dbg_port);
		return -ENODEV;
	}
	dbg_tty = drv;
	dbg_tty_line = line;
	err = register_sysrq_key('g', &dbg_sysrq_op);
	if (err)
		pr_err("dbg: sysrq-g is taken (%d)\n", err);
	crash_stop_notifier_register(&dbg_crash_stop_nb);
	timer_setup(&dbg_poll_timer, dbg_poll, 0);
	mod_timer(&dbg_poll_timer, jiffies + msecs_to_jiffies(DBG_POLL_MS));
	debugfs_create_file("stats", 0444, debugfs_create_dir("dbg", NULL),
			    NULL, &dbg_stats_fops);
	pr_info("dbg: debugger on %s, front-end %s; sysrq-g enters\n",
		dbg_port, dbg_frontend ? dbg_frontend->name : "none");
	return 0;
}
late_initcall(dbg_core_init);
