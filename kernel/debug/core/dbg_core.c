// SPDX-License-Identifier: GPL-2.0
/*
 * The debug core: entry from sysrq and traps, the stop through
 * crash_stop, the polled console, and the API front-ends use.
 */

#include <linux/crash_stop.h>
#include <linux/dbg_core.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/notifier.h>
#include <linux/printk.h>
#include <linux/reboot.h>
#include <linux/serial_core.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/sysrq.h>
#include <linux/tty_driver.h>
#include <linux/uaccess.h>

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

/* Where a fault inside the front-end goes back to; master only. */
static struct crash_stop_catch *dbg_catch_point;

/**
 * dbg_register_frontend - install the front-end run on the next entry
 * @fe: the front-end
 *
 * Return: 0, or -EBUSY if one is installed already.
 */
int dbg_register_frontend(struct dbg_frontend *fe)
{
	if (dbg_frontend)
		return -EBUSY;
	dbg_frontend = fe;
	return 0;
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
 * dbg_putc - write a character to the debug console
 * @c: the character; '\n' is sent as CR LF
 */
void dbg_putc(char c)
{
	if (dbg_tty)
		dbg_tty->ops->poll_put_char(dbg_tty, dbg_tty_line, c);
}

/**
 * dbg_write - write characters to the debug console
 * @s: the characters
 * @len: how many
 */
void dbg_write(const char *s, size_t len)
{
	while (len--)
		dbg_putc(*s++);
}

/**
 * dbg_read_mem - read kernel memory without risk of faulting
 * @dst: destination buffer
 * @src: kernel address
 * @len: bytes
 *
 * Return: 0, or -EFAULT if any byte could not be read.
 */
int dbg_read_mem(void *dst, unsigned long src, size_t len)
{
	if (copy_from_kernel_nofault(dst, (const void *)src, len))
		return -EFAULT;
	return 0;
}

/**
 * dbg_symbolize - format an address as symbol+offset/size [module]
 * @addr: kernel text address
 * @buf: output
 * @len: size of @buf
 */
void dbg_symbolize(unsigned long addr, char *buf, size_t len)
{
	snprintf(buf, len, "%pS", (void *)addr);
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

/**
 * dbg_get_cpu - what the stop saved of one CPU
 * @cpu: CPU number
 * @out: filled in
 *
 * Return: 0, or -EINVAL if @cpu is not a possible CPU.
 */
int dbg_get_cpu(unsigned int cpu, struct dbg_cpu *out)
{
	const struct crash_stop_cpu *cs = crash_stop_cpu_info(cpu);
	struct task_struct *task;

	if (!cs)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->cpu = cpu;
	out->online = cpu_online(cpu);
	if (!out->online)
		return 0;
	out->state = cs->state;
	out->method = cs->method;
	out->context = cs->context;
	out->reason = cs->reason;
	out->latency_ns = cs->latency_ns;
	if (cs->state != CRASH_STOP_CPU_STOPPED &&
	    cs->state != CRASH_STOP_CPU_MASTER)
		return 0;
	out->pc = instruction_pointer((struct pt_regs *)&cs->regs);
	task = cs->task;
	out->pid = -1;
	strscpy(out->comm, "?", sizeof(out->comm));
	if (task) {
		if (dbg_read_mem(&out->pid, (unsigned long)&task->pid,
				 sizeof(out->pid)))
			out->pid = -1;
		if (dbg_read_mem(out->comm, (unsigned long)task->comm,
				 sizeof(out->comm) - 1))
			strscpy(out->comm, "?", sizeof(out->comm));
		out->comm[sizeof(out->comm) - 1] = '\0';
	}
	return 0;
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

/* Run the front-end; on the master, with every other CPU stopped. */
static void dbg_session(struct dbg_event *ev)
{
	ev->cpu = smp_processor_id();
	if (dbg_frontend->session(ev) == DBG_ACTION_REBOOT) {
		dbg_catch_point = NULL;
		emergency_restart();
	}
	dbg_catch_point = NULL;
}

static void dbg_stopped(void *data)
{
	dbg_session(data);
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
	dbg_write(line, strlen(line));
	if (recover)
		crash_stop_recover(regs, dbg_catch_point);
	return recover;
}
NOKPROBE_SYMBOL(dbg_nested);

/**
 * dbg_enter - enter the debugger
 * @reason: why
 * @regs: the interrupted registers of this CPU
 * @entry_count: what the trap entry added to preempt_count()
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
	      unsigned int entry_count)
{
	struct dbg_event ev = { .reason = reason, .regs = regs };
	struct crash_stop_request req = {
		.reason = reason,
		.regs = regs,
		.entry_count = entry_count,
		.fn = dbg_stopped,
		.nested = dbg_nested,
		.data = &ev,
	};

	if (!dbg_tty || !dbg_frontend) {
		pr_warn_once("dbg: no console (dbg_core.port=%s), not stopping\n",
			     dbg_port);
		return -ENODEV;
	}
	return crash_stop(&req);
}
NOKPROBE_SYMBOL(dbg_enter);

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

/* Panic: crash_stop has stopped the machine; let the user look. */
static int dbg_crash_stop_event(struct notifier_block *nb,
				unsigned long reason, void *data)
{
	struct crash_stop_event *cev = data;
	struct dbg_event ev = {
		.reason = reason,
		.regs = cev->regs,
		.msg = cev->msg,
	};

	if (reason != CRASH_STOP_REASON_PANIC || !READ_ONCE(dbg_on_panic) ||
	    !dbg_tty || !dbg_frontend)
		return NOTIFY_DONE;
	/* Faults in a command come back to us, as on any other entry. */
	cev->nested = dbg_nested;
	cev->nested_data = &ev;
	dbg_session(&ev);
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
	pr_info("dbg: debugger on %s, front-end %s; sysrq-g enters\n",
		dbg_port, dbg_frontend ? dbg_frontend->name : "none");
	return 0;
}
late_initcall(dbg_core_init);
