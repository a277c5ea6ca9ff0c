/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crash_stop: the one way for debug-style tools (the debugger, the dump
 * writer, panic, emergency reboot) to bring every CPU to a stop with its
 * interrupted state saved. See Documentation/debug/crash_stop.rst.
 */
#ifndef _LINUX_CRASH_STOP_H
#define _LINUX_CRASH_STOP_H

#include <linux/bits.h>
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

/* Room for the architecture's system registers (x86_64: crash_stop_x86.c). */
#define CRASH_STOP_SREGS_MAX	16

/**
 * struct crash_stop_cpu - one CPU's saved state for the current stop
 * @state: see enum crash_stop_cpu_state
 * @method: how it was stopped
 * @context: what it was doing when interrupted
 * @reason: its own trigger reason, CRASH_STOP_REASON_NONE if it did not
 *	trigger; a CPU that triggered concurrently with the master keeps its
 *	reason here instead of losing it
 * @regs: copy of its interrupted registers
 * @regs_live: @regs were copied from the frame the CPU returns through,
 *	so crash_stop_set_regs() can change where and how it resumes
 * @regs_frame_fixed: only the general registers of @regs can change: the
 *	CPU returns through a copy of its PC, stack pointer and flags that
 *	the stop cannot reach (an x86 NMI taken in kernel mode)
 * @task: the task it was running
 * @latency_ns: time from the start of the stop until it parked
 * @sregs: the CPU's system registers when it stopped, in the
 *	architecture's order (crash_stop_arch_save_sregs()): what the
 *	interrupted context ran with, for debuggers and dumps
 * @sregs_valid: bit i set: @sregs[i] is known
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
	bool regs_live;
	bool regs_frame_fixed;
	struct task_struct *task;
	u64 latency_ns;
	u64 sregs[CRASH_STOP_SREGS_MAX];
	u32 sregs_valid;
};

/* crash_stop_request.flags */
#define CRASH_STOP_HALT		BIT(0)	/* after @fn, halt the others for good */
#define CRASH_STOP_REGS_COPY	BIT(1)	/* @regs is a copy, not a trap frame */
#define CRASH_STOP_IN_NMI	BIT(2)	/* called from an NMI handler */
#define CRASH_STOP_NOTED	BIT(3)	/* @reason was noted when it happened */

/**
 * struct crash_stop_request - what a tool asks of crash_stop()
 * @reason: why this CPU wants the machine stopped
 * @regs: this CPU's interrupted registers (trap frame), or NULL to use
 *	the caller's own registers
 * @entry_count: what the trap entry that brought the caller here added to
 *	preempt_count() (e.g. NMI_OFFSET + HARDIRQ_OFFSET for an x86 int3 in
 *	kernel mode), so the interrupted context can be told; 0 for a plain
 *	call
 * @flags: %CRASH_STOP_HALT to take the stopped CPUs offline and halt them
 *	instead of releasing them (panic, reboot); their records stay valid.
 *	%CRASH_STOP_REGS_COPY when @regs is a copy the caller does not
 *	return through (changing it would change nothing).
 *	%CRASH_STOP_IN_NMI when the caller is an NMI handler (@regs its
 *	frame): NMIs are held back until it returns, see crash_stop.rst.
 *	%CRASH_STOP_NOTED when the event happened earlier (in an NMI) and
 *	@reason was noted then with crash_stop_note_reason(): the call takes
 *	it back, and if a stop has parked this CPU since (which recorded
 *	it), returns %CRASH_STOP_WAS_STOPPED without stopping again
 * @fn: run on the master CPU once every other CPU is stopped or given up
 * @nested: optional; called on the master when a trap, fault or another
 *	crash_stop() call happens on it while @fn runs. @regs are the
 *	nested event's registers (NULL if it has none); the handler may
 *	change them, e.g. with crash_stop_recover(), and returns true if the
 *	trap should then return to @regs instead of being handled further
 * @data: passed to @fn and @nested
 */
struct crash_stop_request {
	enum crash_stop_reason reason;
	struct pt_regs *regs;
	unsigned int entry_count;
	unsigned int flags;
	void (*fn)(void *data);
	bool (*nested)(void *data, enum crash_stop_reason reason,
		       struct pt_regs *regs);
	void *data;
};

/* crash_stop() return values other than 0 (this CPU was the master). */
#define CRASH_STOP_WAS_STOPPED	1	/* another CPU was master; we parked */

/**
 * struct crash_stop_stats - counters over every stop since boot
 * @stops: stops run (each one counted on its master)
 * @by_ipi: CPUs parked by the IPI
 * @by_nmi: CPUs parked by the NMI
 * @by_self: CPUs that asked for a stop while another CPU was master
 * @missing: CPUs given up (answered neither IPI nor NMI)
 * @nested: traps, faults or calls taken on a master while it was stopped
 * @last_all_parked_ns: in the last stop, time from its start until the
 *	last CPU that answered had parked
 * @max_all_parked_ns: the largest @last_all_parked_ns so far
 */
struct crash_stop_stats {
	unsigned long stops;
	unsigned long by_ipi;
	unsigned long by_nmi;
	unsigned long by_self;
	unsigned long missing;
	unsigned long nested;
	u64 last_all_parked_ns;
	u64 max_all_parked_ns;
};

/*
 * A point to come back to after a fault on the master (like setjmp): the
 * architecture's callee-saved registers, stack pointer and return address.
 */
struct crash_stop_catch {
	unsigned long word[16];
};

/**
 * struct crash_stop_event - what crash_stop_notifier_register() users get
 * @msg: the panic message, or a description of the event
 * @regs: the master's registers
 * @nested: a callback may set this (and @nested_data) to be handed the
 *	nested traps and faults on the master while it runs, as
 *	&crash_stop_request.nested
 * @nested_data: passed to @nested
 */
struct crash_stop_event {
	const char *msg;
	struct pt_regs *regs;
	bool (*nested)(void *data, enum crash_stop_reason reason,
		       struct pt_regs *regs);
	void *nested_data;
};

struct notifier_block;

#ifdef CONFIG_CRASH_STOP
int crash_stop(const struct crash_stop_request *req);

bool crash_stop_active(void);
int crash_stop_master_cpu(void);
const struct crash_stop_cpu *crash_stop_cpu_info(unsigned int cpu);
void crash_stop_get_stats(struct crash_stop_stats *out);
void crash_stop_text_changed(void);
void crash_stop_hold(void);
bool crash_stop_held(void);
int crash_stop_set_regs(unsigned int cpu, const struct pt_regs *regs);
int crash_stop_call_on_cpu(unsigned int cpu, void (*fn)(void *data),
			   void *data);
bool crash_stop_call_late(void);
void crash_stop_note_reason(enum crash_stop_reason reason);
bool crash_stop_take_reason(enum crash_stop_reason reason);
bool crash_stop_nested_trap(enum crash_stop_reason reason,
			    struct pt_regs *regs);
int crash_stop_notifier_register(struct notifier_block *nb);

/* The hooks in mainline's panic() and emergency_restart(). */
void crash_stop_panic(const char *msg);
void crash_stop_emergency_restart(void);
#else
static inline void crash_stop_panic(const char *msg) { }
static inline void crash_stop_emergency_restart(void) { }
#endif /* CONFIG_CRASH_STOP */

const char *crash_stop_reason_name(enum crash_stop_reason reason);
const char *crash_stop_state_name(enum crash_stop_cpu_state state);
const char *crash_stop_method_name(enum crash_stop_method method);
const char *crash_stop_context_name(enum crash_stop_context ctx);

/* Implemented by the architecture (arch/x86/debug/crash_stop_x86.c). */
void crash_stop_arch_send_nmi(const struct cpumask *mask);
bool crash_stop_arch_can_wait_nmi(void);
void crash_stop_arch_wait_nmi(void);
struct pt_regs *crash_stop_arch_ipi_regs(void);
void crash_stop_arch_save_regs(struct pt_regs *regs);
u32 crash_stop_arch_save_sregs(u64 *sregs, struct pt_regs *regs);
enum crash_stop_context crash_stop_arch_context(struct pt_regs *regs,
						 struct task_struct *task,
						 unsigned int entry_count);
void crash_stop_arch_sync_core(void);
bool crash_stop_arch_irqs_disabled(struct pt_regs *regs);
void __noreturn crash_stop_arch_halt(void);

/* Set a catch point (returns 0), come back to it (returns 1 there). */
int __attribute__((returns_twice)) crash_stop_catch(struct crash_stop_catch *c);
void crash_stop_recover(struct pt_regs *regs, const struct crash_stop_catch *c);

/* Called by the architecture's NMI handler; true if the NMI was ours. */
bool crash_stop_nmi(struct pt_regs *regs);

/* Implemented by the architecture: NMIs (crash_stop.rst). */
bool crash_stop_arch_extnmi_wired(void);
bool crash_stop_arch_nmi_frame_fixed(struct pt_regs *regs);

#endif /* _LINUX_CRASH_STOP_H */
