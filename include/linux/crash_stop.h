/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crash_stop: the one way for debug-style tools (the debugger, the dump
 * writer, panic, emergency reboot) to bring every CPU to a stop with its
 * interrupted state saved. See Documentation/debug/crash_stop.rst.
 */
#ifndef _LINUX_CRASH_STOP_H
#define _LINUX_CRASH_STOP_H

#include <linux/types.h>
#include <linux/ptrace.h>

struct task_struct;
struct cpumask;

/* Why a CPU asked for a stop. */
enum crash_stop_reason {
	CRASH_STOP_REASON_NONE,		/* it did not ask: it was stopped */
	CRASH_STOP_REASON_SYSRQ,
	CRASH_STOP_REASON_BREAKPOINT,
	CRASH_STOP_REASON_SINGLESTEP,
	CRASH_STOP_REASON_WATCHPOINT,
	CRASH_STOP_REASON_OOPS,
	CRASH_STOP_REASON_PANIC,
	CRASH_STOP_REASON_NMI,
	CRASH_STOP_REASON_DUMP,
	CRASH_STOP_REASON_REBOOT,
	CRASH_STOP_REASON_TEST,
	CRASH_STOP_REASON_NR,
};

/* Where a CPU is with respect to the current (or last) stop. */
enum crash_stop_cpu_state {
	CRASH_STOP_CPU_RUNNING,		/* not stopped: no stop, or offline */
	CRASH_STOP_CPU_MASTER,		/* runs the stop's callback */
	CRASH_STOP_CPU_STOPPED,		/* parked, its state is valid */
	CRASH_STOP_CPU_MISSING,		/* answered neither IPI nor NMI */
};

/* How a CPU was brought to the stop. */
enum crash_stop_method {
	CRASH_STOP_BY_NONE,
	CRASH_STOP_BY_SELF,		/* it triggered the stop itself */
	CRASH_STOP_BY_IPI,
	CRASH_STOP_BY_NMI,
};

/* What the CPU was doing when it was interrupted. */
enum crash_stop_context {
	CRASH_STOP_CTX_UNKNOWN,
	CRASH_STOP_CTX_USER,
	CRASH_STOP_CTX_KERNEL,
	CRASH_STOP_CTX_SOFTIRQ,
	CRASH_STOP_CTX_IRQ,
	CRASH_STOP_CTX_NMI,
	CRASH_STOP_CTX_EXCEPTION,	/* other exception stacks (#DB, #MC) */
	CRASH_STOP_CTX_IDLE,
};

/**
 * struct crash_stop_cpu - one CPU's saved state for the current stop
 * @state: see enum crash_stop_cpu_state
 * @method: how it was stopped
 * @context: what it was doing when interrupted
 * @reason: its own trigger reason, CRASH_STOP_REASON_NONE if it did not
 *	trigger; a CPU that triggered concurrently with the master keeps its
 *	reason here instead of losing it
 * @regs: copy of its interrupted registers
 * @task: the task it was running
 * @latency_ns: time from the start of the stop until it parked
 *
 * Valid while the stop that filled it is in progress; the statistics
 * fields (@method, @latency_ns) stay readable after release until the
 * next stop.
 */
struct crash_stop_cpu {
	enum crash_stop_cpu_state state;
	enum crash_stop_method method;
	enum crash_stop_context context;
	enum crash_stop_reason reason;
	struct pt_regs regs;
	struct task_struct *task;
	u64 latency_ns;
};

/**
 * struct crash_stop_request - what a tool asks of crash_stop()
 * @reason: why this CPU wants the machine stopped
 * @regs: this CPU's interrupted registers (trap frame), or NULL to use
 *	the caller's own registers
 * @entry_count: what the trap entry that brought the caller here added to
 *	preempt_count() (e.g. NMI_OFFSET + HARDIRQ_OFFSET for an x86 int3 in
 *	kernel mode), so the interrupted context can be told; 0 for a plain
 *	call
 * @fn: run on the master CPU once every other CPU is stopped or given up
 * @data: passed to @fn
 */
struct crash_stop_request {
	enum crash_stop_reason reason;
	struct pt_regs *regs;
	unsigned int entry_count;
	void (*fn)(void *data);
	void *data;
};

/* crash_stop() return values other than 0 (this CPU was the master). */
#define CRASH_STOP_WAS_STOPPED	1	/* another CPU was master; we parked */

int crash_stop(const struct crash_stop_request *req);

bool crash_stop_active(void);
int crash_stop_master_cpu(void);
const struct crash_stop_cpu *crash_stop_cpu_info(unsigned int cpu);
void crash_stop_text_changed(void);

const char *crash_stop_reason_name(enum crash_stop_reason reason);
const char *crash_stop_state_name(enum crash_stop_cpu_state state);
const char *crash_stop_method_name(enum crash_stop_method method);
const char *crash_stop_context_name(enum crash_stop_context ctx);

/* Implemented by the architecture (arch/x86/debug/crash_stop_x86.c). */
void crash_stop_arch_send_nmi(const struct cpumask *mask);
struct pt_regs *crash_stop_arch_ipi_regs(void);
void crash_stop_arch_save_regs(struct pt_regs *regs);
enum crash_stop_context crash_stop_arch_context(struct pt_regs *regs,
						 struct task_struct *task,
						 unsigned int entry_count);
void crash_stop_arch_sync_core(void);
bool crash_stop_arch_irqs_disabled(struct pt_regs *regs);

/* Called by the architecture's NMI handler; true if the NMI was ours. */
bool crash_stop_nmi(struct pt_regs *regs);

#endif /* _LINUX_CRASH_STOP_H */
