// SPDX-License-Identifier: GPL-2.0
/*
 * cstest: test-only module for crash_stop. It parks CPUs in chosen
 * states (busy with interrupts on, spinning with interrupts off, with
 * preemption off, stuck inside an NMI handler), triggers stops from a
 * chosen master and reports what each stop saw, for tests/vm and for
 * `make bench`.
 *
 * /sys/kernel/debug/cstest/ctl takes one command per write:
 *   park CPU MODE       MODE: busy, irqoff, preemptoff, regs (spin with
 *                       known values in r12..r15 until unparked or r12
 *                       changes, e.g. by the debugger). Every mode lasts
 *                       until unpark: no clock decides, so a starved vCPU
 *                       cannot outrun it
 *   hold [once], release  irqoff spinners stop (start again) opening
 *                       their interrupt windows: an NMI finds them with
 *                       interrupts off; with "once", only until the next
 *                       stop is over. busy, preemptoff and regs spinners
 *                       stop (start again) yielding to what needs their
 *                       CPU (other tasks, stop_machine, RCU), so a stop
 *                       finds them running their loop; "once" does not
 *                       end that before release or unpark. The writer is
 *                       kept off the parked CPUs until release or unpark
 *   nmistop CPU         CPU goes into an NMI handler and stays until a
 *                       stop begins; a stop is made at once (nothing may
 *                       wait for that CPU in between: a TLB flush would)
 *   stuckstop CPU       CPU goes into an NMI handler and stays there for
 *                       a whole stop, made at once; then every CPU is
 *                       unparked (the writer stays off CPU meanwhile)
 *   leavehold CPU       the next NMI that finds CPU parked in a stop holds
 *                       it in this module's NMI handler past the stop's
 *                       release, until the next stop has begun (60 s at
 *                       most), and passes it on unclaimed: it then lands
 *                       on the CPU's way out of the released stop. Also
 *                       armed by writing the CPU to cstest_leave_cpu (kdb
 *                       mm4, once the master is known); cstest_leave_state
 *                       says how far it got (1 held, 2 let go after a new
 *                       stop began, 3 timed out)
 *   unpark              end every parked CPU's mode; for regs mode, report
 *                       the r12 the spin last saw
 *   oops                follow a bad pointer (the writer oopses)
 *   bpcall FIRST N [all]  call cstest_bp_target() with FIRST..FIRST+N-1,
 *                       on this CPU or on every CPU at once; report the
 *                       sum of what it returned (a breakpoint test's
 *                       check that every call ran the real code)
 *   bpbench N           N calls of cstest_bp_target() here, timed: the
 *                       cost of a breakpoint on it, for make bench
 *   answer              report what cstest_answer() returns (42, unless
 *                       the debugger changed its code)
 *   rawout N stopped    write N bytes (lines of 'x') through the
 *                       debugger's polled console from a stop's
 *                       callback, every other CPU parked as when kdb
 *                       runs: the line's raw rate, for make bench
 *   stop [MASTER]       one stop from CPU MASTER (default: first unparked)
 *   nested              a stop whose function nests a crash_stop() call
 *                       and a kernel fault (both recovered)
 *   two A B N           N rounds of CPUs A and B calling crash_stop() at
 *                       the same instant
 *   dbgtwo A B          CPUs A and B hit the debugger's breakpoint at once
 *   soak N              N stops with every other CPU loaded, heartbeats
 *                       checked after each
 *   bench N MODE        N stops, MODE busy or irqoff (CPU 1 spins with
 *                       interrupts off), timed, against an IPI baseline
 *   panic               busy loops on every other CPU, then panic()
 * /sys/kernel/debug/cstest/result holds the last command's report.
 */

#include <linux/crash_stop.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/dbg_core.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nmi.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/smp.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <asm/mmu.h>
#include <asm/nmi.h>

#define CST_MAX_CPUS	8
#define CST_RESULT_SIZE	8192
#define CST_BENCH_MAX	5000
/* Bounds that only turn a CPU that never answers into an error. */
#define CST_WAIT_MAX_MS	60000

enum cst_mode { CST_NONE, CST_BUSY, CST_IRQOFF, CST_PREEMPTOFF, CST_NMI,
	CST_REGS };

static const char *const cst_mode_names[] = {
	[CST_NONE] = "none", [CST_BUSY] = "busy", [CST_IRQOFF] = "irqoff",
	[CST_PREEMPTOFF] = "preemptoff", [CST_NMI] = "nmi",
	[CST_REGS] = "regs",
};

/* What regs mode keeps in r12..r15 while it spins. */
#define CST_R12	0x1212121212121212UL
#define CST_R13	0x1313131313131313UL
#define CST_R14	0x1414141414141414UL
#define CST_R15	0x1515151515151515UL

struct cst_cpu {
	enum cst_mode mode;
	struct task_struct *thread;
	bool ready;
	bool nmi_wanted;		/* our NMI, not crash_stop's */
	bool nmi_until_stop;		/* leave the NMI when a stop begins */
	bool in_nmi;			/* spinning in our NMI handler */
	bool held;			/* irqoff: saw cst_hold, keeps irqs off */
	bool hold_done;			/* hold once: a stop came and went */
	bool yielding;			/* spinner giving way to the scheduler */
	unsigned long beats;		/* heartbeat of the busy loops */
	unsigned long r12_seen;		/* regs mode: r12 when the spin ended */
};

static struct cst_cpu cst_cpus[CST_MAX_CPUS];
static bool cst_unpark;			/* every parked mode ends */
static bool cst_hold;			/* irqoff spinners open no window */
static bool cst_hold_once;		/* ... until the next stop is over */
static unsigned long cst_hold_stops;	/* stops made before that */
static DEFINE_MUTEX(cst_lock);
static char cst_result[CST_RESULT_SIZE];
static size_t cst_len;

static __printf(1, 2) void cst_out(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	cst_len += vscnprintf(cst_result + cst_len, sizeof(cst_result) - cst_len,
			      fmt, args);
	va_end(args);
}

static bool cst_deadline_passed(u64 start, unsigned int ms)
{
	/* Signed: the fast clock may step back a little (clocksource change). */
	return (s64)(ktime_get_mono_fast_ns() - start) >
	       (s64)ms * NSEC_PER_MSEC;
}

/*
 * The loop every parked mode spins in, so the interrupted PC is here. The
 * irqoff mode opens interrupts for a moment every CST_IRQ_WINDOW_MS, so
 * the watchdogs see the CPU alive however long a soak or benchmark runs,
 * except while cst_hold asks it not to (a test that needs it stopped by
 * NMI). Every mode ends on unpark, never on a clock.
 */
#define CST_IRQ_WINDOW_MS	500

static unsigned long cst_stops_now(void)
{
	struct crash_stop_stats st;

	crash_stop_get_stats(&st);
	return st.stops;
}

/*
 * An irqoff spinner starts keeping its interrupts off. It leaves the user
 * address space this kernel thread kept lazily first: a fork or munmap
 * elsewhere flushes the TLB of the CPUs that have it and would spin
 * forever (preemption off) waiting for this one. Then one last window
 * answers what was sent before it left; only then is it held, so whoever
 * waited for the hold cannot flush towards it any more.
 */
static void cst_hold_begin(struct cst_cpu *c, unsigned long *flags)
{
	leave_mm();
	local_irq_restore(*flags);
	cpu_relax();
	local_irq_save(*flags);
	smp_mb();	/* out of the mm's CPU mask before held is seen */
	WRITE_ONCE(c->held, true);
}

/*
 * A spinner with interrupts on gives way when the scheduler asks
 * (another task, stop_machine's stopper thread, RCU wanting a quiescent
 * state), even with preemption off: the kernel deadlocks otherwise, e.g.
 * on the boot-time clocksource switch. Not while a hold is set, so a
 * stop finds it running its loop; whoever sets the hold waits for a
 * yield under way to end (cst_hold_spinners()).
 */
static void cst_maybe_yield(struct cst_cpu *c)
{
	bool preempt_off = c->mode != CST_BUSY;

	if (!need_resched())
		return;
	WRITE_ONCE(c->yielding, true);
	smp_mb();	/* yielding before cst_hold is read; pairs with holder */
	if (!READ_ONCE(cst_hold)) {
		if (c->mode == CST_REGS)
			local_bh_enable();
		if (preempt_off)
			preempt_enable();
		cond_resched();	/* preempt_enable() alone may not schedule */
		if (preempt_off)
			preempt_disable();
		if (c->mode == CST_REGS)
			local_bh_disable();
	}
	WRITE_ONCE(c->yielding, false);
}

static noinline void cstest_spin(struct cst_cpu *c)
{
	u64 window = ktime_get_mono_fast_ns();
	unsigned long flags = 0, n = 0;

	if (c->mode == CST_IRQOFF)
		local_irq_save(flags);
	if (c->mode == CST_PREEMPTOFF)
		preempt_disable();
	while (!READ_ONCE(cst_unpark)) {
		WRITE_ONCE(c->beats, c->beats + 1);
		cpu_relax();
		/* Calls out are rare, so a stop nearly always lands here. */
		if (++n & 0xfff)
			continue;
		if (c->mode == CST_BUSY || c->mode == CST_PREEMPTOFF)
			cst_maybe_yield(c);
		if (c->mode == CST_IRQOFF && READ_ONCE(cst_hold) &&
		    !c->hold_done) {
			if (!c->held)
				cst_hold_begin(c, &flags);
			if (READ_ONCE(cst_hold_once) &&
			    cst_stops_now() != READ_ONCE(cst_hold_stops))
				c->hold_done = true;
			continue;
		}
		if (c->mode == CST_IRQOFF &&
		    cst_deadline_passed(window, CST_IRQ_WINDOW_MS)) {
			local_irq_restore(flags);
			cond_resched();
			local_irq_save(flags);
			window = ktime_get_mono_fast_ns();
		}
	}
	if (c->mode == CST_PREEMPTOFF)
		preempt_enable();
	if (c->mode == CST_IRQOFF)
		local_irq_restore(flags);
}

/*
 * Spin with known values in r12..r15, interrupts on, so a stop finds
 * them in the interrupted registers. The spin ends on unpark, or when
 * r12 is no longer what it set: the debugger changed it. It leaves the
 * loop to yield (cst_maybe_yield()) only while no hold is set. Softirqs
 * are off: an interrupt handler (interrupts off) returns straight to the
 * loop, so the stop's IPI always lands in it, never in a softirq.
 */
static noinline void cstest_regs_spin(struct cst_cpu *c)
{
	unsigned long *tif = &current_thread_info()->flags;
	unsigned long seen;

	preempt_disable();
	local_bh_disable();
	do {
		asm volatile("movq %[r12], %%r12\n\t"
			     "movq %[r13], %%r13\n\t"
			     "movq %[r14], %%r14\n\t"
			     "movq %[r15], %%r15\n"
			     "1:\tpause\n\t"
			     "cmpq %[r12], %%r12\n\t"
			     "jne 2f\n\t"
			     "cmpb $0, %[stop]\n\t"
			     "jne 2f\n\t"
			     "testq %[resched], %[tif]\n\t"
			     "jz 1b\n\t"
			     "cmpb $0, %[hold]\n\t"
			     "jne 1b\n"
			     "2:\tmovq %%r12, %[seen]\n\t"
			     : [seen] "=r" (seen)
			     : [r12] "r" (CST_R12), [r13] "r" (CST_R13),
			       [r14] "r" (CST_R14), [r15] "r" (CST_R15),
			       [stop] "m" (cst_unpark), [hold] "m" (cst_hold),
			       [tif] "m" (*tif),
			       [resched] "i" (_TIF_NEED_RESCHED)
			     : "r12", "r13", "r14", "r15", "cc", "memory");
		if (seen != CST_R12)
			break;
		cst_maybe_yield(c);
	} while (!READ_ONCE(cst_unpark));
	WRITE_ONCE(c->r12_seen, seen);
	local_bh_enable();
	preempt_enable();
}

static int cstest_park_thread(void *arg)
{
	struct cst_cpu *c = arg;

	if (c->mode == CST_NMI) {
		/*
		 * NMI ourselves from a running thread: the scheduler sees this
		 * CPU busy, not idle, and places no waking task on it while it
		 * is stuck in the handler. cstest_nmi() sets ready.
		 */
		WRITE_ONCE(c->nmi_wanted, true);
		/*
		 * No user TLB flush may wait for it (see cstest_spin()):
		 * nothing else runs here between leaving and the NMI.
		 */
		local_irq_disable();
		leave_mm();
		crash_stop_arch_send_nmi(cpumask_of(raw_smp_processor_id()));
		while (!READ_ONCE(c->ready) && !READ_ONCE(cst_unpark))
			cpu_relax();
		local_irq_enable();
	} else if (c->mode == CST_REGS) {
		WRITE_ONCE(c->ready, true);
		cstest_regs_spin(c);
	} else {
		WRITE_ONCE(c->ready, true);
		cstest_spin(c);
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

/* leavehold: the CPU armed for it, or -1; how far it got. */
static int cstest_leave_cpu = -1;
static int cstest_leave_state;

/*
 * Inside an NMI that landed on a parked CPU: stay until the stop has
 * been released and the next one has begun, then go on down the NMI
 * chain, on top of a park whose stop is over. The next master resets
 * every CPU's record to running before it waits for CPUs still on their
 * way out of the last stop: that is the sign (the master's own flag may
 * go down and up again too fast to be seen).
 */
static void cst_leave_hold(int cpu)
{
	const struct crash_stop_cpu *info = crash_stop_cpu_info(cpu);
	u64 start = ktime_get_mono_fast_ns();
	int state = 3;

	WRITE_ONCE(cstest_leave_state, 1);
	while (!cst_deadline_passed(start, CST_WAIT_MAX_MS)) {
		if (READ_ONCE(info->state) != CRASH_STOP_CPU_STOPPED &&
		    crash_stop_active()) {
			state = 2;
			break;
		}
		touch_nmi_watchdog();
		cpu_relax();
	}
	WRITE_ONCE(cstest_leave_state, state);
}

static bool cst_leave_wanted(int cpu)
{
	const struct crash_stop_cpu *info = crash_stop_cpu_info(cpu);

	return READ_ONCE(cstest_leave_cpu) == cpu && crash_stop_active() &&
	       info && info->state == CRASH_STOP_CPU_STOPPED &&
	       cmpxchg(&cstest_leave_cpu, cpu, -1) == cpu;
}

/* Stuck (or slow) inside an NMI handler, where NMIs are blocked. */
static int cstest_nmi(unsigned int type, struct pt_regs *regs)
{
	struct cst_cpu *c = &cst_cpus[smp_processor_id()];

	if (cst_leave_wanted(smp_processor_id())) {
		cst_leave_hold(smp_processor_id());
		return NMI_DONE;
	}
	if (!xchg(&c->nmi_wanted, false))
		return NMI_DONE;
	WRITE_ONCE(c->in_nmi, true);
	WRITE_ONCE(c->ready, true);
	while (!READ_ONCE(cst_unpark) &&
	       !(READ_ONCE(c->nmi_until_stop) && crash_stop_active()))
		cpu_relax();
	WRITE_ONCE(c->in_nmi, false);
	return NMI_HANDLED;
}

/* Wait for @flag to become @want, boundedly; -ETIMEDOUT if it never does. */
static int cst_wait_flag(bool *flag, bool want)
{
	unsigned int ms;

	for (ms = 0; ms < CST_WAIT_MAX_MS && READ_ONCE(*flag) != want; ms++)
		usleep_range(1000, 2000);
	return READ_ONCE(*flag) == want ? 0 : -ETIMEDOUT;
}

static int cst_wait_ready(struct cst_cpu *c)
{
	return cst_wait_flag(&c->ready, true);
}

/*
 * The task that asked for a hold, moved off every CPU a spinner holds
 * (and off a CPU about to be stuck in an NMI handler): such a CPU takes
 * no interrupt or runs nothing else, so a task woken there would never
 * run. Its own CPU mask comes back on release or unpark.
 */
static struct task_struct *cst_hold_task;
static struct cpumask cst_hold_task_mask;

static int cst_hold_move_self(int avoid)
{
	struct cpumask allowed;
	unsigned int cpu;
	int err;

	cpumask_copy(&allowed, cpu_online_mask);
	for (cpu = 0; cpu < CST_MAX_CPUS; cpu++)
		if (cpu == avoid || cst_cpus[cpu].mode != CST_NONE)
			cpumask_clear_cpu(cpu, &allowed);
	if (cpumask_empty(&allowed))
		return -EBUSY;
	if (!cst_hold_task)
		cpumask_copy(&cst_hold_task_mask, current->cpus_ptr);
	err = set_cpus_allowed_ptr(current, &allowed);
	if (err)
		return err;
	if (!cst_hold_task)
		cst_hold_task = get_task_struct(current);
	return 0;
}

static void cst_hold_restore_task(void)
{
	if (!cst_hold_task)
		return;
	set_cpus_allowed_ptr(cst_hold_task, &cst_hold_task_mask);
	put_task_struct(cst_hold_task);
	cst_hold_task = NULL;
}

/* The next hold lasts until the next stop is over. */
static void cst_hold_once_arm(void)
{
	WRITE_ONCE(cst_hold_stops, cst_stops_now());
	WRITE_ONCE(cst_hold_once, true);
}

/*
 * Keep irqoff spinners' interrupts off (a stop that tests the NMI), and
 * every interrupts-on spinner in its loop.
 */
static int cst_hold_spinners(bool hold)
{
	unsigned int cpu;
	int err = 0;

	if (hold && !cst_hold_task)
		err = cst_hold_move_self(-1);
	if (err)
		return err;
	if (!hold)
		WRITE_ONCE(cst_hold_once, false);
	for (cpu = 0; cpu < CST_MAX_CPUS; cpu++)
		WRITE_ONCE(cst_cpus[cpu].hold_done, false);
	WRITE_ONCE(cst_hold, hold);
	smp_mb();	/* cst_hold before yielding is read; see cst_maybe_yield */
	for (cpu = 0; cpu < CST_MAX_CPUS; cpu++) {
		struct cst_cpu *c = &cst_cpus[cpu];

		if (hold && !err && (c->mode == CST_BUSY ||
				     c->mode == CST_PREEMPTOFF ||
				     c->mode == CST_REGS))
			err = cst_wait_flag(&c->yielding, false);
		if (c->mode != CST_IRQOFF)
			continue;
		if (hold && !err)
			err = cst_wait_flag(&c->held, true);
		if (!hold)
			WRITE_ONCE(c->held, false);
	}
	if (!hold)
		cst_hold_restore_task();
	return err;
}

static int cst_start(struct cst_cpu *c)
{
	unsigned int cpu = c - cst_cpus;

	c->thread = kthread_create(cstest_park_thread, c, "cstest/%u", cpu);
	if (IS_ERR(c->thread)) {
		c->mode = CST_NONE;
		return PTR_ERR(c->thread);
	}
	kthread_bind(c->thread, cpu);
	wake_up_process(c->thread);
	return cst_wait_ready(c);
}

static int cst_start_from_elsewhere(void *arg)
{
	return cst_start(arg);
}

static int cst_park(unsigned int cpu, enum cst_mode mode, bool until_stop)
{
	struct cst_cpu *c = &cst_cpus[cpu];

	if (cpu >= CST_MAX_CPUS || !cpu_online(cpu) || c->mode != CST_NONE)
		return -EINVAL;
	WRITE_ONCE(cst_unpark, false);
	c->ready = false;
	c->held = false;
	c->yielding = false;
	c->mode = mode;
	c->nmi_until_stop = until_stop;
	if (mode != CST_NMI)
		return cst_start(c);
	/*
	 * Wait from another CPU: a timer of ours queued on @cpu would not
	 * fire while it is stuck in the NMI handler.
	 */
	return smp_call_on_cpu(cpumask_any_but(cpu_online_mask, cpu),
			       cst_start_from_elsewhere, c, false);
}

static void cst_unpark_all(void)
{
	unsigned int cpu;

	WRITE_ONCE(cst_unpark, true);
	for (cpu = 0; cpu < CST_MAX_CPUS; cpu++) {
		struct cst_cpu *c = &cst_cpus[cpu];

		if (c->thread)
			kthread_stop(c->thread);
		if (c->thread && c->mode == CST_REGS)
			cst_out("cpu %u r12_seen 0x%lx\n", cpu, c->r12_seen);
		c->thread = NULL;
		c->nmi_wanted = false;
		c->mode = CST_NONE;
		/* A CPU still in our NMI handler leaves it now. */
		cst_wait_flag(&c->in_nmi, false);
	}
	WRITE_ONCE(cst_hold, false);
	WRITE_ONCE(cst_hold_once, false);
	cst_hold_restore_task();
}

/* --- one stop, and what it saw ------------------------------------ */

struct cst_snap {
	int master;
	struct crash_stop_cpu cpu[CST_MAX_CPUS];
	char comm[CST_MAX_CPUS][TASK_COMM_LEN];	/* of each CPU's task */
	struct crash_stop_stats stats;
};

static void cst_snapshot(void *data)
{
	struct cst_snap *s = data;
	unsigned int cpu;

	s->master = smp_processor_id();
	for (cpu = 0; cpu < CST_MAX_CPUS && cpu < nr_cpu_ids; cpu++) {
		s->cpu[cpu] = *crash_stop_cpu_info(cpu);
		/* Copied while stopped: the task may be gone by the report. */
		memset(s->comm[cpu], 0, TASK_COMM_LEN);
		if (s->cpu[cpu].task)
			memcpy(s->comm[cpu], s->cpu[cpu].task->comm,
			       TASK_COMM_LEN - 1);
	}
	crash_stop_get_stats(&s->stats);
}

static void cst_report(const struct cst_snap *s)
{
	unsigned int cpu;

	cst_out("master %d\n", s->master);
	for (cpu = 0; cpu < CST_MAX_CPUS && cpu < nr_cpu_ids; cpu++) {
		const struct crash_stop_cpu *c = &s->cpu[cpu];
		void *pc = (void *)instruction_pointer((struct pt_regs *)&c->regs);

		if (!cpu_possible(cpu))
			continue;
		if (c->state != CRASH_STOP_CPU_STOPPED &&
		    c->state != CRASH_STOP_CPU_MASTER)
			pc = NULL;
		cst_out("cpu %u %s %s %s %s %llu %pS mode=%s task=%s\n", cpu,
			crash_stop_state_name(c->state),
			crash_stop_method_name(c->method),
			crash_stop_context_name(c->context),
			crash_stop_reason_name(c->reason), c->latency_ns, pc,
			cst_mode_names[cst_cpus[cpu].mode],
			s->comm[cpu][0] ? s->comm[cpu] : "-");
	}
}

static struct cst_snap cst_snap;

static int cst_stop_on_cpu(void *arg)
{
	struct crash_stop_request req = {
		.reason = CRASH_STOP_REASON_TEST,
		.fn = cst_snapshot,
		.data = arg,
	};

	return crash_stop(&req);
}

static int cst_first_unparked(void)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (cpu < CST_MAX_CPUS && cst_cpus[cpu].mode == CST_NONE)
			return cpu;
	return -ENODEV;
}

static int cst_stop(int master)
{
	int ret;

	if (master < 0)
		master = cst_first_unparked();
	if (master < 0 || master >= CST_MAX_CPUS || !cpu_online(master))
		return -EINVAL;
	memset(&cst_snap, 0, sizeof(cst_snap));
	/*
	 * An irqoff CPU must meet this stop with interrupts off, and only
	 * this stop: anything that waits for it meanwhile is answered after.
	 */
	cst_hold_once_arm();
	ret = cst_hold_spinners(true);
	if (!ret)
		ret = smp_call_on_cpu(master, cst_stop_on_cpu, &cst_snap,
				      false);
	cst_hold_spinners(false);
	cst_out("ret %d\n", ret);
	cst_report(&cst_snap);
	return 0;
}

/* --- nesting ------------------------------------------------------ */

struct cst_nested {
	struct crash_stop_catch catch;
	int inner_ret;
	int calls;
	enum crash_stop_reason reasons[4];
	unsigned long fault_ip;
	bool recovered;
};

static bool cst_nested_handler(void *data, enum crash_stop_reason reason,
			       struct pt_regs *regs)
{
	struct cst_nested *n = data;

	if (n->calls < ARRAY_SIZE(n->reasons))
		n->reasons[n->calls] = reason;
	n->calls++;
	if (reason != CRASH_STOP_REASON_OOPS || !regs)
		return false;
	n->fault_ip = instruction_pointer(regs);
	crash_stop_recover(regs, &n->catch);
	return true;
}

/* A bad pointer, as a buggy command would follow one. */
static noinline unsigned long cstest_bad_read(unsigned long addr)
{
	return READ_ONCE(*(unsigned long *)addr);
}

static void cst_nested_fn(void *data)
{
	struct cst_nested *n = data;
	struct crash_stop_request inner = {
		.reason = CRASH_STOP_REASON_TEST,
		.fn = cst_snapshot,
		.data = &cst_snap,
	};

	n->inner_ret = crash_stop(&inner);
	if (crash_stop_catch(&n->catch) == 0) {
		cstest_bad_read(0x18);
		return;
	}
	n->recovered = true;
	cst_snapshot(&cst_snap);
}

static int cst_nested_on_cpu(void *arg)
{
	struct crash_stop_request req = {
		.reason = CRASH_STOP_REASON_TEST,
		.fn = cst_nested_fn,
		.nested = cst_nested_handler,
		.data = arg,
	};

	return crash_stop(&req);
}

static int cst_nested(void)
{
	static struct cst_nested n;
	struct crash_stop_stats before, after;
	int ret, i;

	memset(&n, 0, sizeof(n));
	crash_stop_get_stats(&before);
	ret = smp_call_on_cpu(cst_first_unparked(), cst_nested_on_cpu, &n,
			      false);
	crash_stop_get_stats(&after);
	cst_out("ret %d\ninner_ret %d\nrecovered %d\nfault_ip %pS\n", ret,
		n.inner_ret, n.recovered, (void *)n.fault_ip);
	cst_out("handler_calls %d reasons", n.calls);
	for (i = 0; i < n.calls && i < ARRAY_SIZE(n.reasons); i++)
		cst_out(" %s", crash_stop_reason_name(n.reasons[i]));
	cst_out("\nstops_added %lu\nnested_added %lu\n",
		after.stops - before.stops, after.nested - before.nested);
	cst_report(&cst_snap);
	return 0;
}

/* --- concurrent triggers ------------------------------------------ */

struct cst_race {
	atomic_t arrived;
	atomic_t go;
	int ret[2];
	int cpu[2];
	bool debugger;
	struct completion done[2];
	struct cst_snap snap;
};

static struct cst_race cst_race;

struct cst_racer {
	struct cst_race *race;
	int idx;
};

static int cstest_racer(void *arg)
{
	struct cst_racer *r = arg;
	struct cst_race *race = r->race;
	struct crash_stop_request req = {
		.reason = CRASH_STOP_REASON_TEST,
		.fn = cst_snapshot,
		.data = &race->snap,
	};
	unsigned long flags;
	u64 start = ktime_get_mono_fast_ns();

	local_irq_save(flags);
	atomic_inc(&race->arrived);
	/* Both CPUs leave this spin within a few cycles of each other. */
	while (atomic_read(&race->arrived) < 2 &&
	       !cst_deadline_passed(start, 2000))
		cpu_relax();
	if (race->debugger) {
		/* Interrupts stay off: no IPI can park us before the int3. */
		dbg_arch_break(CRASH_STOP_REASON_BREAKPOINT);
		local_irq_restore(flags);
		race->ret[r->idx] = 0;
	} else {
		race->ret[r->idx] = crash_stop(&req);
		local_irq_restore(flags);
	}
	complete(&race->done[r->idx]);
	return 0;
}

/*
 * One round; returns the master's index, 2 if the two calls did not
 * overlap (a vCPU descheduled past the rendezvous: two stops one after
 * the other, each with its own master, is then right), or -1 if it went
 * wrong.
 */
static int cst_race_once(int a, int b, bool debugger)
{
	static struct cst_racer racers[2];
	struct task_struct *t[2];
	int i;

	memset(&cst_race, 0, sizeof(cst_race));
	cst_race.cpu[0] = a;
	cst_race.cpu[1] = b;
	cst_race.debugger = debugger;
	for (i = 0; i < 2; i++) {
		init_completion(&cst_race.done[i]);
		racers[i].race = &cst_race;
		racers[i].idx = i;
		t[i] = kthread_create(cstest_racer, &racers[i], "cstest_race/%d",
				      cst_race.cpu[i]);
		if (IS_ERR(t[i]))
			return -1;
		kthread_bind(t[i], cst_race.cpu[i]);
	}
	wake_up_process(t[0]);
	wake_up_process(t[1]);
	for (i = 0; i < 2; i++)
		wait_for_completion(&cst_race.done[i]);
	if (debugger)
		return 0;
	if (cst_race.ret[0] == 0 && cst_race.ret[1] == 0)
		return 2;
	/* Exactly one master; the other parked in its stop, reason kept. */
	for (i = 0; i < 2; i++) {
		const struct crash_stop_cpu *o;

		if (cst_race.ret[i] != 0 ||
		    cst_race.ret[!i] != CRASH_STOP_WAS_STOPPED)
			continue;
		o = &cst_race.snap.cpu[cst_race.cpu[!i]];
		if (cst_race.snap.master != cst_race.cpu[i] ||
		    o->state != CRASH_STOP_CPU_STOPPED ||
		    o->method != CRASH_STOP_BY_SELF ||
		    o->reason != CRASH_STOP_REASON_TEST)
			return -1;
		return i;
	}
	return -1;
}

static int cst_two(int a, int b, int rounds, bool debugger)
{
	int i, bad = 0, wins[3] = { 0, 0, 0 };

	if (a == b || a < 0 || b < 0 || a >= CST_MAX_CPUS ||
	    b >= CST_MAX_CPUS || !cpu_online(a) || !cpu_online(b) ||
	    rounds < 1 || rounds > CST_BENCH_MAX)
		return -EINVAL;
	for (i = 0; i < rounds; i++) {
		int m = cst_race_once(a, b, debugger);

		if (m < 0) {
			if (!bad++) {
				cst_out("bad round %d: ret %d %d\n", i,
					cst_race.ret[0], cst_race.ret[1]);
				cst_report(&cst_race.snap);
			}
		} else {
			wins[m]++;
		}
	}
	cst_out("rounds %d bad %d wins_%d %d wins_%d %d apart %d\n", rounds,
		bad, a, wins[0], b, wins[1], wins[2]);
	return 0;
}

/* --- soak and benchmark ------------------------------------------- */

/* Load every CPU but @master: busy, and @irqoff_cpu with irqs off. */
static int cst_park_others(int master, int irqoff_cpu)
{
	unsigned int cpu;
	int err;

	for_each_online_cpu(cpu) {
		if (cpu == master || cpu >= CST_MAX_CPUS)
			continue;
		err = cst_park(cpu, cpu == irqoff_cpu ? CST_IRQOFF : CST_BUSY,
			       0);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Every loaded CPU's heartbeat moves on after the release. A beat that
 * has not come within CST_BEAT_LOST_MS is lost (a CPU that did not come
 * back); the longest wait is reported, since under TCG a loaded vCPU can
 * be slow to get the host CPU back.
 */
#define CST_BEAT_LOST_MS	CST_WAIT_MAX_MS

static u64 cst_beat_wait_max_ns;

static int cst_beats_advance(unsigned long *last)
{
	u64 start = ktime_get_mono_fast_ns();
	unsigned int cpu, lost = 0;

	for (cpu = 0; cpu < CST_MAX_CPUS; cpu++) {
		if (cst_cpus[cpu].mode != CST_BUSY)
			continue;
		while (READ_ONCE(cst_cpus[cpu].beats) == last[cpu] &&
		       !cst_deadline_passed(start, CST_BEAT_LOST_MS))
			cond_resched();
		if (READ_ONCE(cst_cpus[cpu].beats) == last[cpu])
			lost++;
		last[cpu] = READ_ONCE(cst_cpus[cpu].beats);
	}
	cst_beat_wait_max_ns = max(cst_beat_wait_max_ns,
				   ktime_get_mono_fast_ns() - start);
	return lost;
}

static int cst_u64_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 cst_samples[CST_BENCH_MAX];
static u64 cst_samples2[CST_BENCH_MAX];

static void cst_out_dist(const char *name, u64 *v, int n)
{
	if (!n)
		return;
	sort(v, n, sizeof(*v), cst_u64_cmp, NULL);
	cst_out("%s n=%d median_ns=%llu p90_ns=%llu p99_ns=%llu max_ns=%llu\n",
		name, n, v[n / 2], v[n * 9 / 10], v[n * 99 / 100], v[n - 1]);
}

static u64 cst_all_parked(const struct cst_snap *s, int skip)
{
	u64 max = 0;
	unsigned int cpu;

	for (cpu = 0; cpu < CST_MAX_CPUS && cpu < nr_cpu_ids; cpu++)
		if (cpu != skip && s->cpu[cpu].state == CRASH_STOP_CPU_STOPPED)
			max = max(max, s->cpu[cpu].latency_ns);
	return max;
}

static unsigned int cst_not_stopped(const struct cst_snap *s)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu)
		if (cpu < CST_MAX_CPUS && cpu != s->master &&
		    s->cpu[cpu].state != CRASH_STOP_CPU_STOPPED)
			n++;
	return n;
}

static int cst_soak(int rounds)
{
	static unsigned long last[CST_MAX_CPUS];
	int master = 0, i, err, bad = 0, lost = 0, n = 0;
	unsigned int cpu;

	if (rounds < 1 || rounds > CST_BENCH_MAX)
		return -EINVAL;
	cst_beat_wait_max_ns = 0;
	err = cst_park_others(master, -1);
	if (err)
		return err;
	for (cpu = 0; cpu < CST_MAX_CPUS; cpu++)
		last[cpu] = READ_ONCE(cst_cpus[cpu].beats);
	for (i = 0; i < rounds; i++) {
		memset(&cst_snap, 0, sizeof(cst_snap));
		err = smp_call_on_cpu(master, cst_stop_on_cpu, &cst_snap,
				      false);
		if (err || cst_not_stopped(&cst_snap)) {
			if (!bad++) {
				cst_out("bad round %d: ret %d\n", i, err);
				cst_report(&cst_snap);
			}
		} else {
			cst_samples[n++] = cst_all_parked(&cst_snap, -1);
		}
		lost += cst_beats_advance(last);
	}
	cst_unpark_all();
	cst_out("rounds %d bad %d lost_beats %d beat_wait_max_ms %llu\n",
		rounds, bad, lost, cst_beat_wait_max_ns / NSEC_PER_MSEC);
	cst_out_dist("all_parked", cst_samples, n);
	return 0;
}

static void cst_ipi_nop(void *unused)
{
}

static int cst_ipi_round_trip(void *arg)
{
	u64 *out = arg;
	u64 t0 = ktime_get_mono_fast_ns();

	smp_call_function(cst_ipi_nop, NULL, 1);
	*out = ktime_get_mono_fast_ns() - t0;
	return 0;
}

/* CPU 0 is master; in irqoff mode CPU 1 spins with interrupts off. */
static int cst_bench(int rounds, enum cst_mode mode)
{
	int master = 0, spinner = mode == CST_IRQOFF ? 1 : -1;
	int i, err, n = 0, bad = 0, spinner_by_nmi = 0;
	u64 t;

	if (rounds < 1 || rounds > CST_BENCH_MAX || num_online_cpus() < 2)
		return -EINVAL;
	/* Baseline: a plain IPI to all others and back, same machine. */
	err = cst_park_others(master, -1);
	for (i = 0; !err && i < rounds; i++) {
		smp_call_on_cpu(master, cst_ipi_round_trip, &t, false);
		cst_samples[i] = t;
	}
	if (!err)
		cst_out_dist("baseline_ipi_round_trip", cst_samples, rounds);
	cst_unpark_all();
	if (err)
		return err;

	err = cst_park_others(master, spinner);
	for (i = 0; !err && i < rounds; i++) {
		memset(&cst_snap, 0, sizeof(cst_snap));
		err = smp_call_on_cpu(master, cst_stop_on_cpu, &cst_snap,
				      false);
		if (err || cst_not_stopped(&cst_snap)) {
			bad++;
			err = 0;
			continue;
		}
		cst_samples[n] = cst_all_parked(&cst_snap, spinner);
		if (spinner > 0) {
			cst_samples2[n] = cst_snap.cpu[spinner].latency_ns;
			spinner_by_nmi += cst_snap.cpu[spinner].method ==
					  CRASH_STOP_BY_NMI;
		}
		n++;
	}
	cst_unpark_all();
	cst_out("mode %s rounds %d bad %d err %d\n", cst_mode_names[mode],
		rounds, bad, err);
	cst_out_dist("responsive_all_parked", cst_samples, n);
	if (spinner > 0) {
		cst_out("irqoff_cpu_by_nmi %d of %d\n", spinner_by_nmi, n);
		cst_out_dist("irqoff_cpu_parked", cst_samples2, n);
	}
	return err;
}

/* --- panic -------------------------------------------------------- */

static int cst_panic_on_cpu(void *arg)
{
	panic("cstest: panic with every other CPU busy");
	return 0;
}

static int cst_panic(void)
{
	/* CPU 1 spins with interrupts off: it is stopped by NMI. */
	int err = cst_park_others(0, 1);

	if (!err)
		err = cst_hold_spinners(true);
	if (err)
		return err;
	return smp_call_on_cpu(0, cst_panic_on_cpu, NULL, false);
}

/* --- oops ----------------------------------------------------------- */

/* A bad pointer, followed: the kernel oopses in this function. */
static noinline __noclone int cstest_oops_read(unsigned long addr)
{
	return READ_ONCE(*(int *)addr);
}


/* Returns 42 with one mov: a test changes its immediate through kdb. */
static noinline int cstest_answer(void)
{
	int v;

	asm volatile("movl $42, %0" : "=a" (v));
	return v;
}

/*
 * What breakpoint tests stop in: called with a known argument, it writes
 * it where the test can check it (a RIP-relative store, for the copy a
 * breakpoint runs out of line) and returns a value derived from it.
 */
unsigned long cstest_bp_sink;

static noinline unsigned long cstest_bp_target(unsigned long arg)
{
	WRITE_ONCE(cstest_bp_sink, arg);
	return arg * 2 + 1;
}

/* CPUs of an "all" round that reached the call; they go on together. */
static atomic_t cst_bp_arrived;

static void cst_bp_call(void *arg)
{
	unsigned long *sum = arg;
	u64 start = ktime_get_mono_fast_ns();

	atomic_inc(&cst_bp_arrived);
	while (sum[2] && atomic_read(&cst_bp_arrived) < num_online_cpus() &&
	       !cst_deadline_passed(start, CST_WAIT_MAX_MS))
		cpu_relax();
	/* Each CPU adds what it got back: the test checks the total. */
	atomic_long_add(cstest_bp_target(sum[0]), (atomic_long_t *)(sum + 1));
}

/* bpcall FIRST N [all]: call the target with FIRST..FIRST+N-1. */
static int cst_bpcall(unsigned long first, unsigned long n, bool all)
{
	unsigned long arg[3], i, total = 0;

	for (i = 0; i < n; i++) {
		arg[0] = first + i;
		arg[1] = 0;
		arg[2] = all;
		atomic_set(&cst_bp_arrived, 0);
		if (all)
			on_each_cpu(cst_bp_call, arg, 1);
		else
			cst_bp_call(arg);
		total += arg[1];
	}
	cst_out("bpcall %lu calls, sum %lu\n", n, total);
	return 0;
}

/*
 * bpbench N: N calls of the target on this CPU, timed: what a breakpoint
 * that does not stop (or that stops and goes on) costs each call, for
 * make bench, against the same without a breakpoint.
 */
static int cst_bpbench(unsigned long n)
{
	unsigned long arg[3] = { 0, 0, 0 }, i;
	u64 t0, t1;

	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		arg[0] = i;
		cst_bp_call(arg);
	}
	t1 = ktime_get_ns();
	cst_out("bpbench %lu calls, %llu ns per call\n", n,
		n ? (t1 - t0) / n : 0);
	return 0;
}

/*
 * Watchpoint targets. A kthread (on a given CPU, or any) writes
 * cstest_watch_var with base+1..base+N, each by one store in
 * cstest_watch_write(), then reads cstest_watch_ro (set at load, never
 * written again) in cstest_watch_read(); the test checks what the
 * debugger shows against these values and objdump of those functions.
 */
u64 cstest_watch_var;
u32 cstest_watch_ro;

static noinline void cstest_watch_write(u64 v)
{
	WRITE_ONCE(cstest_watch_var, v);
}

static noinline u32 cstest_watch_read(void)
{
	return READ_ONCE(cstest_watch_ro);
}

struct cst_watch {
	u64 base;
	unsigned long n;
	u64 sum;
	struct completion done;
};

static int cst_watch_thread(void *arg)
{
	struct cst_watch *w = arg;
	unsigned long i;

	for (i = 1; i <= w->n; i++)
		cstest_watch_write(w->base + i);
	w->sum = cstest_watch_read();
	complete(&w->done);
	return 0;
}

/* watch BASE N [cpu]: a kthread writes BASE+1..BASE+N, then reads. */
static int cst_watch(u64 base, unsigned long n, int cpu)
{
	static struct cst_watch w;
	struct task_struct *t;

	w.base = base;
	w.n = n;
	init_completion(&w.done);
	t = kthread_create(cst_watch_thread, &w, "cstest_watch");
	if (IS_ERR(t))
		return PTR_ERR(t);
	if (cpu >= 0)
		kthread_bind(t, cpu);
	wake_up_process(t);
	wait_for_completion(&w.done);
	cst_out("watch %lu writes, var %llu, read %llu\n", n,
		READ_ONCE(cstest_watch_var), w.sum);
	return 0;
}

/*
 * The debugger console's raw rate: its polled output, nothing else. Only
 * with the machine stopped: the 8250's polled put_char saves and restores
 * the UART's interrupt enables without the port's lock, so while the
 * machine runs it races the driver and can leave the transmit interrupt
 * off for good (the console's tty then hangs).
 */
static void cst_rawout_stopped(void *data)
{
	static char line[64];
	unsigned long n = *(unsigned long *)data, done;
	size_t len;

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\n';
	dbg_write("RAWOUT-BEGIN\n", 13);
	for (done = 0; done < n; done += len) {
		len = min_t(unsigned long, n - done, sizeof(line));
		dbg_write(line, len);
	}
	dbg_write("RAWOUT-END\n", 11);
}

static int cst_rawout_on_cpu(void *data)
{
	struct crash_stop_request req = {
		.reason = CRASH_STOP_REASON_TEST,
		.fn = cst_rawout_stopped,
		.data = data,
	};

	return crash_stop(&req);
}

static int cst_rawout(unsigned long n)
{
	if (n > (64UL << 20))
		return -EINVAL;
	return smp_call_on_cpu(0, cst_rawout_on_cpu, &n, false);
}

/* --- the control file --------------------------------------------- */

static int cst_mode_parse(const char *s)
{
	int i;

	for (i = CST_BUSY; i < ARRAY_SIZE(cst_mode_names); i++)
		if (!strcmp(s, cst_mode_names[i]))
			return i;
	return -EINVAL;
}

static int cst_command(char *line)
{
	char cmd[16], word[16];
	int a = -1, b = -1, n = 0, mode;

	n = sscanf(line, "%15s", cmd);
	if (n != 1)
		return -EINVAL;
	if (!strcmp(cmd, "park")) {
		n = sscanf(line, "%*s %d %15s", &a, word);
		if (n < 2 || a < 0)
			return -EINVAL;
		mode = cst_mode_parse(word);
		if (mode < 0)
			return mode;
		/* Userspace in between could wait for that CPU: stuckstop. */
		if (mode == CST_NMI)
			return -EINVAL;
		return cst_park(a, mode, false);
	}
	if (!strcmp(cmd, "nmistop") || !strcmp(cmd, "stuckstop")) {
		if (sscanf(line, "%*s %d", &a) != 1 || a < 0 ||
		    a >= CST_MAX_CPUS)
			return -EINVAL;
		n = cst_hold_move_self(a);
		if (!n)
			n = cst_park(a, CST_NMI, !strcmp(cmd, "nmistop"));
		if (n) {
			cst_unpark_all();
			return n;
		}
		n = cst_stop(-1);
		cst_unpark_all();
		return n;
	}
	if (!strcmp(cmd, "hold")) {
		if (sscanf(line, "%*s %15s", word) == 1) {
			if (strcmp(word, "once"))
				return -EINVAL;
			cst_hold_once_arm();
		}
		return cst_hold_spinners(true);
	}
	if (!strcmp(cmd, "release"))
		return cst_hold_spinners(false);
	if (!strcmp(cmd, "unpark")) {
		cst_unpark_all();
		return 0;
	}
	if (!strcmp(cmd, "stop")) {
		if (sscanf(line, "%*s %d", &a) != 1)
			a = -1;
		return cst_stop(a);
	}
	if (!strcmp(cmd, "nested"))
		return cst_nested();
	if (!strcmp(cmd, "two")) {
		if (sscanf(line, "%*s %d %d %d", &a, &b, &n) != 3)
			return -EINVAL;
		return cst_two(a, b, n, false);
	}
	if (!strcmp(cmd, "dbgtwo")) {
		if (sscanf(line, "%*s %d %d", &a, &b) != 2)
			return -EINVAL;
		return cst_two(a, b, 1, true);
	}
	if (!strcmp(cmd, "soak")) {
		if (sscanf(line, "%*s %d", &n) != 1)
			return -EINVAL;
		return cst_soak(n);
	}
	if (!strcmp(cmd, "bench")) {
		if (sscanf(line, "%*s %d %15s", &n, word) != 2)
			return -EINVAL;
		mode = cst_mode_parse(word);
		if (mode != CST_BUSY && mode != CST_IRQOFF)
			return -EINVAL;
		return cst_bench(n, mode);
	}
	if (!strcmp(cmd, "panic"))
		return cst_panic();
	if (!strcmp(cmd, "rawout")) {
		unsigned long n;

		if (sscanf(line, "%*s %lu %15s", &n, word) != 2 ||
		    strcmp(word, "stopped"))
			return -EINVAL;
		return cst_rawout(n);
	}
	if (!strcmp(cmd, "leavehold")) {
		if (sscanf(line, "%*s %d", &a) != 1 || a < 0 ||
		    a >= nr_cpu_ids)
			return -EINVAL;
		WRITE_ONCE(cstest_leave_state, 0);
		WRITE_ONCE(cstest_leave_cpu, a);
		return 0;
	}
	if (!strcmp(cmd, "bpcall")) {
		unsigned long first, count;

		word[0] = '\0';
		if (sscanf(line, "%*s %lu %lu %15s", &first, &count, word) < 2 ||
		    count > 1000000)
			return -EINVAL;
		return cst_bpcall(first, count, !strcmp(word, "all"));
	}
	if (!strcmp(cmd, "bpbench")) {
		unsigned long count;

		if (sscanf(line, "%*s %lu", &count) != 1 || count > 10000000)
			return -EINVAL;
		return cst_bpbench(count);
	}
	if (!strcmp(cmd, "watch")) {
		unsigned long long base;
		unsigned long count;

		a = -1;
		if (sscanf(line, "%*s %llu %lu %d", &base, &count, &a) < 2 ||
		    count > 1000000 || a >= (int)nr_cpu_ids ||
		    (a >= 0 && !cpu_online(a)))
			return -EINVAL;
		return cst_watch(base, count, a);
	}
	if (!strcmp(cmd, "answer")) {
		cst_out("answer %d\n", cstest_answer());
		return 0;
	}

	return -EINVAL;
}

static ssize_t cst_ctl_write(struct file *f, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	char line[64];
	int err;

	if (len >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, len))
		return -EFAULT;
	line[len] = '\0';
	/* Outside the lock: the oops kills this task, which keeps no lock. */
	if (!strncmp(line, "oops", 4))
		return cstest_oops_read(0x18) ? -EIO : -EFAULT;
	mutex_lock(&cst_lock);
	cst_len = 0;
	cst_result[0] = '\0';
	err = cst_command(line);
	mutex_unlock(&cst_lock);
	return err ? err : len;
}

static ssize_t cst_result_read(struct file *f, char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&cst_lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, cst_result, cst_len);
	mutex_unlock(&cst_lock);
	return ret;
}

static const struct file_operations cst_ctl_fops = {
	.owner = THIS_MODULE,
	.write = cst_ctl_write,
};

static const struct file_operations cst_result_fops = {
	.owner = THIS_MODULE,
	.read = cst_result_read,
};

static struct dentry *cst_dir;

static int __init cstest_init(void)
{
	int err;

	err = register_nmi_handler(NMI_LOCAL, cstest_nmi, 0, "cstest");
	if (err)
		return err;
	cstest_watch_ro = 0x5eed1234;
	cst_dir = debugfs_create_dir("cstest", NULL);
	debugfs_create_file("ctl", 0200, cst_dir, NULL, &cst_ctl_fops);
	debugfs_create_file("result", 0400, cst_dir, NULL, &cst_result_fops);
	return 0;
}

static void __exit cstest_exit(void)
{
	debugfs_remove_recursive(cst_dir);
	cst_unpark_all();
	unregister_nmi_handler(NMI_LOCAL, "cstest");
}

module_init(cstest_init);
module_exit(cstest_exit);
MODULE_DESCRIPTION("crash_stop test module: parks CPUs, triggers stops");
MODULE_LICENSE("GPL");
