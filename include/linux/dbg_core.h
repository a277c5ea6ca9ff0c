/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The debug core's face: the one API through which front-ends (the kdb
 * shell, the GDB stub) see and control the stopped machine. Front-ends
 * never touch hardware or kernel internals themselves.
 */
#ifndef _LINUX_DBG_CORE_H
#define _LINUX_DBG_CORE_H

#include <linux/crash_stop.h>
#include <linux/sched.h>
#include <linux/types.h>

/* What a front-end's session asks the core to do when it returns. */
enum dbg_action {
	DBG_ACTION_RESUME,		/* release every CPU */
	DBG_ACTION_REBOOT,		/* emergency reboot, CPUs held */
};

/**
 * struct dbg_event - why the machine stopped
 * @reason: what made the master CPU enter the debugger
 * @cpu: the master CPU, which runs the front-end
 * @regs: the master's interrupted registers
 * @msg: the panic message for %CRASH_STOP_REASON_PANIC, else NULL
 */
struct dbg_event {
	enum crash_stop_reason reason;
	int cpu;
	struct pt_regs *regs;
	const char *msg;
};

/**
 * struct dbg_frontend - a user interface on the debug console
 * @name: short name
 * @session: runs while the machine is stopped: polled I/O only, no
 *	sleeping, no allocation, no locks; returns what to do next
 */
struct dbg_frontend {
	const char *name;
	enum dbg_action (*session)(const struct dbg_event *ev);
};

/**
 * struct dbg_cpu - what a front-end may know of one CPU while stopped
 * @cpu: CPU number
 * @online: false for a possible but offline CPU (other fields unset)
 * @state: stopped, master, or missing (did not answer)
 * @method: how it was stopped
 * @context: what it was doing
 * @reason: its own trigger reason, if it asked for the stop itself
 * @pc: interrupted program counter
 * @pid: pid of the interrupted task
 * @comm: command name of the interrupted task
 * @latency_ns: time from the start of the stop until it parked
 */
struct dbg_cpu {
	unsigned int cpu;
	bool online;
	enum crash_stop_cpu_state state;
	enum crash_stop_method method;
	enum crash_stop_context context;
	enum crash_stop_reason reason;
	unsigned long pc;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	u64 latency_ns;
};

int dbg_register_frontend(struct dbg_frontend *fe);

/* For front-ends, while the machine is stopped. */
int dbg_getc(void);
void dbg_putc(char c);
void dbg_write(const char *s, size_t len);
unsigned int dbg_nr_cpus(void);
int dbg_get_cpu(unsigned int cpu, struct dbg_cpu *out);
int dbg_read_mem(void *dst, unsigned long src, size_t len);
void dbg_symbolize(unsigned long addr, char *buf, size_t len);
int dbg_call_protected(int (*fn)(void *arg), void *arg);

/* Entry, for the architecture's trap handlers. */
int dbg_enter(enum crash_stop_reason reason, struct pt_regs *regs,
	      unsigned int entry_count);
bool dbg_enter_on_nmi(void);

/* Implemented by the architecture (arch/x86/debug/dbg_x86.c). */
void dbg_arch_break(enum crash_stop_reason reason);

#endif /* _LINUX_DBG_CORE_H */
