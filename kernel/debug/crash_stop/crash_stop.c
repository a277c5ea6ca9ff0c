// SPDX-License-Identifier: GPL-2.0
/*
 * crash_stop: bring every CPU to a stop with its state saved.
 *
 * The first CPU to call crash_stop() becomes the master. It asks every
 * other online CPU to park with a normal IPI (so a CPU that can take an
 * interrupt stops at a clean point), escalates to an NMI for the CPUs
 * that have not parked after nmi_delay_ms, and gives up on the ones that
 * still have not after wait_ms more. Then it runs the caller's function,
 * and finally releases the parked CPUs.
 *
 * Each CPU's progress through a stop is one atomic per-CPU word, moved
 * only by cmpxchg, so the IPI, the NMI, a self-park and the master's
 * give-up can race and exactly one of them wins:
 *
 *   IDLE --master--> PENDING --IPI/NMI/self--> PARKING --> PARKED --> IDLE
 *    ^                   \--master gives up--> MISSING (left alone)
 *    +-- MISSING is made PENDING again by the next stop
 *
 * Only the master moves a CPU into PENDING or MISSING, only the CPU
 * itself moves out of PARKING and PARKED. Stops are numbered; a parked
 * CPU leaves once the released number reaches its own.
 *
 * See Documentation/debug/crash_stop.rst.
 */

#include <linux/array_size.h>
#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/clocksource.h>
#include <linux/console.h>
#include <linux/cpumask.h>
#include <linux/crash_stop.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/irq_work.h>
#include <linux/jiffies.h>
#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/nmi.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>

enum cs_park_state {
	PARK_IDLE,
	PARK_PENDING,	/* the master wants this CPU stopped */
	PARK_PARKING,	/* claimed by one of the stop paths, saving state */
	PARK_PARKED,	/* state saved, waiting (halted or spinning) for release */
	PARK_MISSING,	/* given up by the master for this stop */
};

/* A function the master asked a parked CPU to run. */
enum cs_call_state {
	CALL_IDLE,
	CALL_POSTED,	/* set by the master, not yet taken */
	CALL_RUNNING,	/* taken by the parked CPU */
	CALL_DONE,	/* finished; the master reads call_ret */
};

struct cs_pcpu {
	atomic_t park;			/* enum cs_park_state */
	atomic_t nmi_pending;		/* our NMI was sent, not yet seen */
	unsigned long parked_gen;	/* the stop this CPU parked in */
	bool in_ipi_park;		/* inside the IPI path, about to claim */
	unsigned int nmi_defers;	/* NMIs that left it to the IPI */
	bool ipi_sent;			/* this stop's IPI was queued */
	call_single_data_t csd;
	struct irq_work self_ipi;
	/* Set while this CPU waits to join another master's stop. */
	bool trigger_armed;
	bool trigger_parked;
	enum crash_stop_reason trigger_reason;
	struct pt_regs *trigger_regs;
	bool trigger_live;
	bool trigger_in_nmi;
	/* Why it asked, noted for the stop it is about to join or start. */
	enum crash_stop_reason early_reason;
	/*
	 * After waiting in an NMI handler: the next NMI, if it interrupts
	 * the same instruction on the same stack, is one that arrived
	 * meanwhile, held back until the handler returned.
	 */
	bool tail;
	unsigned long tail_ip;
	unsigned long tail_sp;
	unsigned long late_nmis;	/* such NMIs absorbed */
	unsigned long nmis_deferred;	/* NMIs that left the park to the IPI */
	unsigned int trigger_entry_count;
	struct crash_stop_cpu info;
	/* The master changed info.regs: write them back to the live frame. */
	bool regs_dirty;
	atomic_t call_state;		/* enum cs_call_state */
	void (*call_fn)(void *data);
	void *call_data;
	int call_ret;
	bool in_call;			/* a fault goes back to call_catch */
	struct crash_stop_catch call_catch;
	/* Parked in hlt (interrupts off): an NMI from the master wakes it. */
	bool halted;
	unsigned long woken;		/* times it left the hlt */
	unsigned long woken_seen;	/* the master's: woken before its NMI */
	unsigned long wake_sent;	/* wake-up NMIs sent (by the master) */
	unsigned long wake_seen;	/* ...and taken (by its NMI handler) */
	/* The NMI handler's: wake_sent and the time at its last claim. */
	unsigned long claim_sent;
	u64 claim_ns;
};

static DEFINE_PER_CPU(struct cs_pcpu, cs_pcpu);

static atomic_t cs_master = ATOMIC_INIT(-1);
static enum crash_stop_reason cs_stop_reason;	/* the master's, this stop */
static unsigned long cs_gen;		/* number of the current/last stop */
static unsigned long cs_release_gen;	/* stops up to this one released */
static u64 cs_start_ns;
static bool cs_text_changed;
static unsigned long cs_halt_gen;	/* released into a halt, not a resume */
static const struct crash_stop_request *cs_req;	/* the master's request */
static struct crash_stop_stats cs_stats;	/* written by masters only */
static ATOMIC_NOTIFIER_HEAD(cs_notifier);
static struct cpumask cs_waiting;	/* used by the master only */
static struct cpumask cs_nmi_mask;	/* used by the master only */
static int cs_call_late = -1;		/* CPU still running an abandoned call */
static bool cs_hold_asked;		/* fn asked to keep the others parked */
static bool cs_held;			/* they are: the master is stepping */

/*
 * Escalation delay: how long CPUs get to answer the IPI before an NMI.
 * An interruptible CPU answers in microseconds, so this only delays the
 * stop of CPUs spinning with interrupts off.
 */
static unsigned int nmi_delay_ms = 10;
module_param(nmi_delay_ms, uint, 0644);
MODULE_PARM_DESC(nmi_delay_ms, "ms to wait for the IPI before sending an NMI (max 100)");

/* A deferred NMI is followed by another one this much later. */
#define CS_NMI_RETRY_US 200
/* How often an NMI landing inside an interrupt handler defers. */
#define CS_NMI_MAX_IRQ_DEFERS 10
/*
 * How often an NMI that finds interrupts enabled leaves the stop to the
 * IPI: a CPU waits for the release inside an NMI handler only when it
 * must, since NMIs are held back there.
 */
#define CS_NMI_MAX_IRQON_DEFERS 10

/* How long CPUs get to answer the NMI before they are given up. */
static unsigned int wait_ms = 1000;
module_param(wait_ms, uint, 0644);
MODULE_PARM_DESC(wait_ms, "ms to wait for the NMI before giving a CPU up");

/* CPUs parked from the IPI wait in hlt, not spinning (cs_park_halt()). */
static bool park_halt = true;
module_param(park_halt, bool, 0644);
MODULE_PARM_DESC(park_halt, "CPUs parked from the IPI halt until woken by an NMI (default on)");

/* Wake-up NMIs (cs_wake()): sent, sent again, CPUs not woken in wait_ms. */
static unsigned long cs_wake_nmis, cs_wake_resent, cs_not_woken;

static u64 cs_now(void)
{
	return ktime_get_mono_fast_ns();
}

/*
 * How long after a claimed NMI a wake-up credit no new wake-up explains
 * still stands for the partner NMI that arrives right behind it (the
 * master sending a stop's NMI, descheduled between nmi_pending and the
 * send); past that, it was left unused by two NMIs that arrived as one
 * and must not swallow a press.
 */
#define CS_NMI_PARTNER_NS	(1000 * NSEC_PER_MSEC)

static bool cs_released(unsigned long gen)
{
	/* Generations only grow: a later release also releases @gen. */
	return (long)(READ_ONCE(cs_release_gen) - gen) >= 0;
}

/*
 * Bounded wait of the master. The clock bounds it normally; a count of
 * 1 us delays, which do not depend on timekeeping, bounds it even if the
 * clock stopped (e.g. a jiffies clocksource whose tick CPU is parked).
 */
struct cs_deadline {
	u64 end_ns;
	u64 spins_left;
};

static void cs_deadline_start(struct cs_deadline *d, u64 start_ns, u64 us)
{
	d->end_ns = start_ns + us * NSEC_PER_USEC;
	d->spins_left = 4 * us + 1000;
}

static bool cs_deadline_passed(struct cs_deadline *d)
{
	if (cs_now() >= d->end_ns || !d->spins_left--)
		return true;
	touch_nmi_watchdog();
	udelay(1);
	return false;
}

static void cs_touch_watchdogs(void)
{
	touch_softlockup_watchdog_sync();
	clocksource_touch_watchdog();
	rcu_cpu_stall_reset();
	touch_nmi_watchdog();
}

/* Run the function the master posted for this parked CPU, if any. */
static void cs_run_call(struct cs_pcpu *me)
{
	if (atomic_cmpxchg_acquire(&me->call_state, CALL_POSTED,
				   CALL_RUNNING) != CALL_POSTED)
		return;
	if (crash_stop_catch(&me->call_catch)) {
		/* Back from crash_stop_recover(): the function faulted. */
		me->call_ret = -EFAULT;
	} else {
		WRITE_ONCE(me->in_call, true);
		barrier();
		me->call_fn(me->call_data);
		me->call_ret = 0;
	}
	barrier();
	WRITE_ONCE(me->in_call, false);
	atomic_set_release(&me->call_state, CALL_DONE);
}
NOKPROBE_SYMBOL(cs_run_call);

/*
 * This CPU waited for a release inside an NMI handler and is about to
 * return through @regs: an NMI that arrived meanwhile was held back and
 * is delivered before the first instruction at @regs runs, interrupting
 * that instruction on that stack. Watch for it, so it is taken as part of
 * the stop that is over instead of starting another. The watch ends with
 * the next NMI; a new NMI that happens to interrupt the same instruction
 * on the same stack is taken for the old one (see crash_stop.rst).
 */
static void cs_tail_open(struct cs_pcpu *me, struct pt_regs *regs)
{
	me->tail_ip = instruction_pointer(regs);
	me->tail_sp = kernel_stack_pointer(regs);
	WRITE_ONCE(me->tail, true);
}
NOKPROBE_SYMBOL(cs_tail_open);

/* The next NMI ends the watch; true if it is the held-back one. */
static bool cs_tail_close(struct cs_pcpu *me, struct pt_regs *regs)
{
	WRITE_ONCE(me->tail, false);
	return instruction_pointer(regs) == me->tail_ip &&
	       kernel_stack_pointer(regs) == me->tail_sp;
}
NOKPROBE_SYMBOL(cs_tail_close);

/**
 * crash_stop_note_reason - why this CPU is about to join or start a stop
 * @reason: the reason, e.g. %CRASH_STOP_REASON_NMI
 *
 * For an NMI handler that leaves the stop to code that runs after it
 * returns (with NMIs no longer held back): if a stop parks this CPU
 * first, the reason is recorded in that stop, and
 * crash_stop_take_reason() then finds it gone.
 */
void crash_stop_note_reason(enum crash_stop_reason reason)
{
	cmpxchg(&this_cpu_ptr(&cs_pcpu)->early_reason,
		CRASH_STOP_REASON_NONE, reason);
}
EXPORT_SYMBOL_GPL(crash_stop_note_reason);
NOKPROBE_SYMBOL(crash_stop_note_reason);

/**
 * crash_stop_take_reason - take back a reason noted on this CPU
 * @reason: the reason crash_stop_note_reason() was given
 *
 * Return: true if it was still noted (no stop has parked this CPU since:
 * the caller starts or joins one now); false if a stop recorded it.
 */
bool crash_stop_take_reason(enum crash_stop_reason reason)
{
	return cmpxchg(&this_cpu_ptr(&cs_pcpu)->early_reason, reason,
		       CRASH_STOP_REASON_NONE) == reason;
}
EXPORT_SYMBOL_GPL(crash_stop_take_reason);
NOKPROBE_SYMBOL(crash_stop_take_reason);

/* Why this CPU is in the stop when it did not trigger it. */
static enum crash_stop_reason cs_park_reason(struct cs_pcpu *me)
{
	enum crash_stop_reason r = xchg(&me->early_reason,
					CRASH_STOP_REASON_NONE);

	if (r != CRASH_STOP_REASON_NONE)
		return r;
	/*
	 * An external NMI reaches every CPU wired for it at once. When one
	 * started this stop, it reached this CPU too: first, with crash_stop's
	 * own NMI (two NMIs pending together are delivered as one), or held
	 * back while this CPU waits in an NMI handler.
	 */
	if (READ_ONCE(cs_stop_reason) == CRASH_STOP_REASON_NMI &&
	    crash_stop_arch_extnmi_wired())
		return CRASH_STOP_REASON_NMI;
	return CRASH_STOP_REASON_NONE;
}
NOKPROBE_SYMBOL(cs_park_reason);

/*
 * A CPU parked from the IPI (NMIs get through) waits halted, interrupts
 * off, until an NMI wakes it: the master sends one for a release or a
 * posted call, and again every CS_WAKE_RETRY_US while the CPU has not
 * left the hlt (one that lands between the check and the hlt is lost).
 * On hardware a halted CPU leaves its core to a hyperthread sibling that
 * may run the debugger; under KVM or QEMU its vCPU leaves the host CPU
 * (QEMU's TCG, 4 vCPUs on 2 host cores: gdb's info threads 5x faster
 * than with the parked vCPUs spinning).
 */
static void cs_park_halt(struct cs_pcpu *me, unsigned long gen)
{
	WRITE_ONCE(me->halted, true);
	/* halted is visible before the re-check; pairs with cs_wake(). */
	smp_mb();
	if (!cs_released(gen) &&
	    atomic_read(&me->call_state) != CALL_POSTED)
		crash_stop_arch_wait_nmi();
	WRITE_ONCE(me->halted, false);
	WRITE_ONCE(me->woken, me->woken + 1);
	touch_nmi_watchdog();
}
NOKPROBE_SYMBOL(cs_park_halt);

/*
 * Save this CPU's state, wait until the master releases it. @live says
 * @regs is the real interrupted frame, which the CPU returns through:
 * registers the master changes are written back to it on release.
 */
static void cs_park(struct cs_pcpu *me, struct pt_regs *regs, bool live,
		    enum crash_stop_method method, unsigned int entry_count)
{
	/* The claim was a full barrier: this is the claimed stop's number. */
	unsigned long gen = READ_ONCE(cs_gen);
	struct crash_stop_cpu *info = &me->info;
	/* The NMI frame it returns through, if it waits in an NMI handler. */
	struct pt_regs *nmi_frame = method == CRASH_STOP_BY_NMI ? regs : NULL;
	enum crash_stop_reason early;
	bool halt;

	me->parked_gen = gen;
	info->reason = CRASH_STOP_REASON_NONE;
	if (me->trigger_armed && me->trigger_in_nmi)
		nmi_frame = me->trigger_regs;
	if (me->trigger_armed) {
		/* It asked for a stop itself; keep why and where. */
		method = CRASH_STOP_BY_SELF;
		regs = me->trigger_regs;
		live = me->trigger_live;
		info->reason = me->trigger_reason;
		/* Also what an NMI parking it on top of the wait added. */
		entry_count += me->trigger_entry_count;
	}
	if (info->reason == CRASH_STOP_REASON_NONE)
		info->reason = cs_park_reason(me);
	info->regs = *regs;
	info->sregs_valid = crash_stop_arch_save_sregs(info->sregs, regs);
	info->regs_live = live;
	info->regs_frame_fixed = nmi_frame &&
				 crash_stop_arch_nmi_frame_fixed(nmi_frame);
	me->regs_dirty = false;
	info->task = current;
	info->method = method;
	info->context = crash_stop_arch_context(regs, current, entry_count);
	/* The fast clock may step back a little when the clocksource changes. */
	info->latency_ns = max_t(s64, cs_now() - READ_ONCE(cs_start_ns), 0);
	info->state = CRASH_STOP_CPU_STOPPED;
	/* The record is complete before the master can see PARKED. */
	atomic_set_release(&me->park, PARK_PARKED);
	/*
	 * An NMI that landed on us after the reason was taken above found
	 * PARKING and noted its reason: it belongs to this stop, not to the
	 * next one. (Once PARKED, an NMI writes the record itself.)
	 */
	early = xchg(&me->early_reason, CRASH_STOP_REASON_NONE);
	if (early != CRASH_STOP_REASON_NONE &&
	    READ_ONCE(info->reason) == CRASH_STOP_REASON_NONE)
		WRITE_ONCE(info->reason, early);

	/* From the IPI, NMIs get through: it may halt where that is safe. */
	halt = method == CRASH_STOP_BY_IPI && READ_ONCE(park_halt) &&
	       crash_stop_arch_can_wait_nmi();
	while (!cs_released(gen)) {
		if (atomic_read(&me->call_state) == CALL_POSTED)
			cs_run_call(me);
		if (halt) {
			cs_park_halt(me, gen);
		} else {
			touch_nmi_watchdog();
			cpu_relax();
		}
	}
	/* Order the release before reading what the master changed. */
	smp_rmb();
	/* Registers the master changed take effect as we return. */
	if (me->regs_dirty) {
		*regs = info->regs;
		me->regs_dirty = false;
	}
	/* The master may have patched kernel text we are about to run. */
	if (READ_ONCE(cs_text_changed))
		crash_stop_arch_sync_core();
	/* Panic or reboot: go offline for good, the record stays valid. */
	if (READ_ONCE(cs_halt_gen) == gen)
		crash_stop_arch_halt();
	touch_softlockup_watchdog_sync();
	if (nmi_frame)
		cs_tail_open(me, nmi_frame);
	if (me->trigger_armed)
		me->trigger_parked = true;
	info->state = CRASH_STOP_CPU_RUNNING;
	/* Last: the next stop waits for this before it begins. */
	atomic_set_release(&me->park, PARK_IDLE);
}
NOKPROBE_SYMBOL(cs_park);

static bool cs_claim(struct cs_pcpu *me)
{
	return atomic_cmpxchg(&me->park, PARK_PENDING, PARK_PARKING) ==
		PARK_PENDING;
}

/* IPI path, in hard interrupt context, inside cs_ipi_enter/exit. */
static void cs_park_from_irq(struct cs_pcpu *me)
{
	struct pt_regs *regs, own;

	/*
	 * A CPU going offline runs its queued IPI callbacks and irq_work
	 * outside interrupt context: no interrupted registers to save, and
	 * it will not be back. The NMI or the give-up deals with it.
	 */
	if (!in_hardirq() || !cpu_online(smp_processor_id()))
		return;
	if (cs_claim(me)) {
		regs = crash_stop_arch_ipi_regs();
		if (!regs) {
			crash_stop_arch_save_regs(&own);
			cs_park(me, &own, false, CRASH_STOP_BY_IPI,
				HARDIRQ_OFFSET);
			return;
		}
		cs_park(me, regs, true, CRASH_STOP_BY_IPI, HARDIRQ_OFFSET);
	}
}
NOKPROBE_SYMBOL(cs_park_from_irq);

static void cs_ipi_body(struct cs_pcpu *me)
{
	/*
	 * A polling idle CPU runs IPI callbacks from the idle loop, not from
	 * an interrupt, so there are no interrupted registers. Raise a real
	 * interrupt on ourselves instead; it is taken, and the CPU parks,
	 * as soon as that code enables interrupts again.
	 */
	if (!in_hardirq()) {
		if (atomic_read(&me->park) == PARK_PENDING)
			irq_work_queue(&me->self_ipi);
		return;
	}
	cs_park_from_irq(me);
}
NOKPROBE_SYMBOL(cs_ipi_body);

/*
 * An NMI landing while in_ipi_park is set must not park the CPU itself:
 * it would save our IPI handler as the interrupted state. It leaves the
 * claim to the IPI path, a few instructions on.
 */
static void cs_ipi_enter(struct cs_pcpu *me)
{
	WRITE_ONCE(me->in_ipi_park, true);
	barrier();
}

static void cs_ipi_exit(struct cs_pcpu *me)
{
	barrier();
	WRITE_ONCE(me->in_ipi_park, false);
}

static void cs_self_ipi(struct irq_work *work)
{
	struct cs_pcpu *me = this_cpu_ptr(&cs_pcpu);

	cs_ipi_enter(me);
	cs_park_from_irq(me);
	cs_ipi_exit(me);
}

static void cs_ipi(void *unused)
{
	struct cs_pcpu *me = this_cpu_ptr(&cs_pcpu);

	cs_ipi_enter(me);
	cs_ipi_body(me);
	cs_ipi_exit(me);
}

/*
 * This CPU's NMI handler claimed an NMI: what had been sent, and when. At
 * most one NMI more can be on its way behind a claimed one (one held while
 * another is taken): wake-ups sent again that arrived together leave one
 * credit, no more.
 */
static void cs_nmi_claimed(struct cs_pcpu *me, unsigned long sent)
{
	if ((long)(sent - me->wake_seen) > 1)
		WRITE_ONCE(me->wake_seen, sent - 1);
	me->claim_sent = sent;
	me->claim_ns = cs_now();
}
NOKPROBE_SYMBOL(cs_nmi_claimed);

/* Was the code this NMI interrupted inside a hard interrupt handler? */
static bool cs_nmi_hit_hardirq(void)
{
	/* NMI entry itself added one HARDIRQ_OFFSET. */
	return (preempt_count() & HARDIRQ_MASK) > HARDIRQ_OFFSET;
}

/**
 * crash_stop_nmi - NMI handler of the stop layer
 * @regs: the interrupted registers
 *
 * Called by the architecture's NMI handler.
 *
 * Return: true if the NMI was sent by crash_stop, false if not ours.
 */
bool crash_stop_nmi(struct pt_regs *regs)
{
	struct cs_pcpu *me = this_cpu_ptr(&cs_pcpu);

	/* Held back while this CPU waited in an NMI: the last stop's. */
	if (READ_ONCE(me->tail) && cs_tail_close(me, regs) &&
	    !atomic_read(&me->nmi_pending)) {
		WRITE_ONCE(me->late_nmis, me->late_nmis + 1);
		return true;
	}
	/* Not a stop's NMI: a wake-up from cs_wake(), or not ours. */
	if (!atomic_xchg(&me->nmi_pending, 0)) {
		unsigned long sent = READ_ONCE(me->wake_sent);

		if (me->wake_seen == sent)
			return false;
		/*
		 * A wake-up sent since the last claim is on its way: this is
		 * it. Otherwise the credit is one the last claim left to a
		 * partner right behind it, or one left unused: it lapses.
		 */
		if (sent == me->claim_sent &&
		    (s64)(cs_now() - me->claim_ns) > (s64)CS_NMI_PARTNER_NS) {
			WRITE_ONCE(me->wake_seen, sent);
			return false;
		}
		WRITE_ONCE(me->wake_seen, me->wake_seen + 1);
		cs_nmi_claimed(me, sent);
		return true;
	}
	/*
	 * A stop's NMI, or a wake-up still on its way when the stop set
	 * nmi_pending, or both arriving as one: which, nothing tells. The
	 * wake-up credits stay. A wake-up that came alone leaves the stop's
	 * NMI to come right behind it, which then takes a credit instead of
	 * entering the debugger as a press.
	 */
	cs_nmi_claimed(me, READ_ONCE(me->wake_sent));
	if (READ_ONCE(me->in_ipi_park)) {
		/* The IPI path claims, or the master's next NMI parks us. */
		WRITE_ONCE(me->nmi_defers, me->nmi_defers + 1);
		WRITE_ONCE(me->nmis_deferred, me->nmis_deferred + 1);
		return true;
	}
	/*
	 * Interrupts are enabled where it stopped: the IPI is taken the
	 * moment this NMI returns, and the CPU waits for the release in the
	 * IPI's handler, where NMIs are not held back (an external NMI that
	 * arrives meanwhile is seen, and recorded, at once). A few times, in
	 * case the IPI was lost.
	 */
	if (me->ipi_sent && !crash_stop_arch_irqs_disabled(regs) &&
	    me->nmi_defers < CS_NMI_MAX_IRQON_DEFERS) {
		WRITE_ONCE(me->nmi_defers, me->nmi_defers + 1);
		WRITE_ONCE(me->nmis_deferred, me->nmis_deferred + 1);
		return true;
	}
	/*
	 * Kernel code with interrupts off while our IPI was sent may be the
	 * IPI's own delivery, not yet in our handler: parking here would
	 * save that as the interrupted state. Defer; the master sends
	 * another NMI CS_NMI_RETRY_US later if the IPI has not parked us by
	 * then. Once, for code outside interrupt handlers (a CPU spinning
	 * with interrupts off must not wait long); a few times for code in
	 * one (the IPI's delivery, which a descheduled vCPU can stretch),
	 * bounded so a handler that never returns is still caught.
	 */
	if (me->ipi_sent && !user_mode(regs) &&
	    crash_stop_arch_irqs_disabled(regs) &&
	    (!me->nmi_defers ||
	     (cs_nmi_hit_hardirq() &&
	      me->nmi_defers < CS_NMI_MAX_IRQ_DEFERS))) {
		WRITE_ONCE(me->nmi_defers, me->nmi_defers + 1);
		WRITE_ONCE(me->nmis_deferred, me->nmis_deferred + 1);
		return true;
	}
	if (cs_claim(me))
		cs_park(me, regs, true, CRASH_STOP_BY_NMI,
			NMI_OFFSET + HARDIRQ_OFFSET);
	return true;
}
NOKPROBE_SYMBOL(crash_stop_nmi);

/* Sets of park states, as bit masks, for the master's waits. */
#define CS_ON_THE_WAY	(BIT(PARK_PENDING) | BIT(PARK_PARKING))
#define CS_IN_A_STOP	(CS_ON_THE_WAY | BIT(PARK_PARKED))

static bool cs_in_states(int cpu, unsigned int states)
{
	/* Acquire: pairs with the release that published the record. */
	return BIT(atomic_read_acquire(&per_cpu(cs_pcpu, cpu).park)) & states;
}

/* Wait while any CPU of @mask is in @states; false on timeout. */
static bool cs_wait_while(const struct cpumask *mask, unsigned int states,
			  struct cs_deadline *d)
{
	int cpu;

	for (;;) {
		bool any = false;

		for_each_cpu(cpu, mask) {
			if (cs_in_states(cpu, states)) {
				any = true;
				break;
			}
		}
		if (!any)
			return true;
		if (cs_deadline_passed(d))
			return false;
	}
}

/* NMI the CPUs of cs_waiting still PENDING; only deferred ones if asked. */
static void cs_send_nmis(bool deferred_only)
{
	int cpu;

	cpumask_clear(&cs_nmi_mask);
	for_each_cpu(cpu, &cs_waiting) {
		struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);

		if (atomic_read(&pc->park) != PARK_PENDING)
			continue;
		if (deferred_only &&
		    (!READ_ONCE(pc->nmi_defers) ||
		     atomic_read(&pc->nmi_pending)))
			continue;
		atomic_set(&pc->nmi_pending, 1);
		cpumask_set_cpu(cpu, &cs_nmi_mask);
	}
	/* nmi_pending must be visible before the NMI can arrive. */
	smp_mb();
	if (!cpumask_empty(&cs_nmi_mask))
		crash_stop_arch_send_nmi(&cs_nmi_mask);
}

static void cs_stop_others(void)
{
	struct cs_deadline d;
	unsigned int slice;
	int cpu;

	for_each_cpu(cpu, &cs_waiting) {
		struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);

		/* -EBUSY: an IPI of an earlier stop is still undelivered. */
		pc->ipi_sent = !smp_call_function_single_async(cpu, &pc->csd);
	}
	cs_deadline_start(&d, cs_start_ns,
			  min(nmi_delay_ms, 100U) * USEC_PER_MSEC);
	if (cs_wait_while(&cs_waiting, CS_ON_THE_WAY, &d))
		return;

	cs_send_nmis(false);
	/* Wait in slices, re-sending to CPUs whose first NMI deferred. */
	for (slice = 0; slice < wait_ms * (USEC_PER_MSEC / CS_NMI_RETRY_US);
	     slice++) {
		cs_deadline_start(&d, cs_now(), CS_NMI_RETRY_US);
		if (cs_wait_while(&cs_waiting, CS_ON_THE_WAY, &d))
			return;
		cs_send_nmis(true);
	}

	for_each_cpu(cpu, &cs_waiting) {
		struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);

		if (atomic_cmpxchg(&pc->park, PARK_PENDING, PARK_MISSING) ==
		    PARK_PENDING)
			pc->info.state = CRASH_STOP_CPU_MISSING;
	}
	/* A CPU caught between claim and parked finishes in microseconds. */
	cs_deadline_start(&d, cs_now(), 10 * USEC_PER_MSEC);
	cs_wait_while(&cs_waiting, CS_ON_THE_WAY, &d);
}

/*
 * Wake the CPUs of @cpus that are halted in cs_park_halt(): an NMI each,
 * and another every CS_WAKE_RETRY_US to one that took the last (its
 * handler counted it) and still has not left the hlt: that NMI came
 * before the hlt. Never two at once, except one long unseen, sent again
 * every CS_WAKE_LOST_ROUNDS: those may arrive as one, and the handler
 * keeps at most one credit after a claim. For at most wait_ms (10 ms at least),
 * counted in rounds so that a stopped clock cannot make it longer. The
 * master only.
 */
#define CS_WAKE_RETRY_US	500
#define CS_WAKE_LOST_ROUNDS	20

static struct cpumask cs_wake_send;	/* used by the master only */

static struct cpumask cs_wake_mask;	/* used by the master only */

/* Has @cpu left the hlt it was in when cs_wake() looked? */
static bool cs_woke(int cpu)
{
	const struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);

	return !READ_ONCE(pc->halted) || READ_ONCE(pc->woken) != pc->woken_seen;
}
NOKPROBE_SYMBOL(cs_woke);

static bool cs_all_woke(const struct cpumask *cpus)
{
	int cpu;

	for_each_cpu(cpu, cpus) {
		if (!cs_woke(cpu))
			return false;
	}
	return true;
}
NOKPROBE_SYMBOL(cs_all_woke);

static void cs_wake(const struct cpumask *cpus)
{
	unsigned int round, rounds;
	struct cs_deadline retry;
	int cpu;

	rounds = max(wait_ms, 10U) * (USEC_PER_MSEC / CS_WAKE_RETRY_US);
	/* Why they are woken is visible before halted is read. */
	smp_mb();
	cpumask_clear(&cs_wake_mask);
	for_each_cpu(cpu, cpus) {
		struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);

		if (READ_ONCE(pc->halted)) {
			pc->woken_seen = READ_ONCE(pc->woken);
			cpumask_set_cpu(cpu, &cs_wake_mask);
		}
	}
	for (round = 0; !cpumask_empty(&cs_wake_mask); round++) {
		if (round == rounds) {
			for_each_cpu(cpu, &cs_wake_mask) {
				pr_warn("crash_stop: CPU %d did not wake from its halt\n",
					cpu);
				WRITE_ONCE(cs_not_woken, cs_not_woken + 1);
			}
			return;
		}
		cpumask_clear(&cs_wake_send);
		for_each_cpu(cpu, &cs_wake_mask) {
			struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);

			/* The last one is on its way (or, long unseen, lost). */
			if (READ_ONCE(pc->wake_seen) != pc->wake_sent &&
			    round % CS_WAKE_LOST_ROUNDS)
				continue;
			WRITE_ONCE(pc->wake_sent, pc->wake_sent + 1);
			cpumask_set_cpu(cpu, &cs_wake_send);
			WRITE_ONCE(cs_wake_nmis, cs_wake_nmis + 1);
			if (round)
				WRITE_ONCE(cs_wake_resent, cs_wake_resent + 1);
		}
		/* wake_sent is visible before the NMI can arrive. */
		smp_mb();
		if (!cpumask_empty(&cs_wake_send))
			crash_stop_arch_send_nmi(&cs_wake_send);
		cs_deadline_start(&retry, cs_now(), CS_WAKE_RETRY_US);
		while (!cs_all_woke(&cs_wake_mask) &&
		       !cs_deadline_passed(&retry))
			cpu_relax();
		for_each_cpu(cpu, &cs_wake_mask) {
			if (cs_woke(cpu))
				cpumask_clear_cpu(cpu, &cs_wake_mask);
		}
	}
}
NOKPROBE_SYMBOL(cs_wake);

/*
 * CPUs still leaving the previous stop may yet read its generation and
 * text flag: wait for them, boundedly; one that never finishes is left
 * out of the new stop and reported missing.
 */
static void cs_wait_previous(void)
{
	struct cs_deadline d;
	int cpu;

	/* One the last release could not wake is woken now. */
	cs_wake(&cs_waiting);
	cs_deadline_start(&d, cs_now(), wait_ms * USEC_PER_MSEC);
	if (cs_wait_while(&cs_waiting, CS_IN_A_STOP, &d))
		return;
	for_each_cpu(cpu, &cs_waiting) {
		if (cs_in_states(cpu, CS_IN_A_STOP)) {
			cpumask_clear_cpu(cpu, &cs_waiting);
			per_cpu(cs_pcpu, cpu).info.state = CRASH_STOP_CPU_MISSING;
		}
	}
}

/*
 * After a long stop jiffies is stale until one CPU's tick catches it up
 * in one jump: the timekeeping CPU's, or another's after a few ticks
 * (MAX_STALLED_JIFFIES). A grace period that starts in between records
 * its stall deadline from the stale value, undoing rcu_cpu_stall_reset(),
 * and the jump then reports a false RCU stall. So stall reports stay off
 * until jiffies has moved, and the reset is made again after it.
 */
#define CS_LONG_STOP_NS		NSEC_PER_SEC

static void cs_wait_jiffies_move(unsigned long stale)
{
	u64 tick_us = TICK_NSEC / NSEC_PER_USEC;
	struct cs_deadline d;

	cs_deadline_start(&d, cs_now(), 10 * tick_us + 20 * USEC_PER_MSEC);
	while (READ_ONCE(jiffies) == stale && !cs_deadline_passed(&d))
		cpu_relax();
	/* A writer that read the stale value finishes its update. */
	cs_deadline_start(&d, cs_now(), tick_us);
	while (!cs_deadline_passed(&d))
		cpu_relax();
}

static void cs_release(unsigned long gen, bool halt)
{
	bool long_stop = cs_now() - READ_ONCE(cs_start_ns) > CS_LONG_STOP_NS;
	unsigned long stale = READ_ONCE(jiffies);

	if (halt)
		WRITE_ONCE(cs_halt_gen, gen);
	/* Before any CPU runs: its timers must find the watchdogs touched. */
	cs_touch_watchdogs();
	if (long_stop)
		rcu_sysrq_start();
	/* Everything the master did is visible before CPUs leave. */
	smp_mb();
	WRITE_ONCE(cs_release_gen, gen);
	cs_wake(cpu_online_mask);
	if (!long_stop)
		return;
	if (!halt && num_online_cpus() > 1)
		cs_wait_jiffies_move(stale);
	rcu_cpu_stall_reset();
	rcu_sysrq_end();
}

/* Add the stop just made (@gen) to the statistics; the master only. */
static void cs_count(int this, unsigned long gen)
{
	u64 all_parked = 0;
	int cpu;

	cs_stats.stops++;
	for_each_possible_cpu(cpu) {
		const struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);
		const struct crash_stop_cpu *c = &pc->info;

		/* CPUs halted by an earlier stop keep their old record. */
		if (cpu == this || (c->state == CRASH_STOP_CPU_STOPPED &&
				    pc->parked_gen != gen))
			continue;
		if (c->state == CRASH_STOP_CPU_MISSING) {
			cs_stats.missing++;
			continue;
		}
		if (c->state != CRASH_STOP_CPU_STOPPED)
			continue;
		if (c->method == CRASH_STOP_BY_IPI)
			cs_stats.by_ipi++;
		else if (c->method == CRASH_STOP_BY_NMI)
			cs_stats.by_nmi++;
		else
			cs_stats.by_self++;
		all_parked = max(all_parked, c->latency_ns);
	}
	cs_stats.last_all_parked_ns = all_parked;
	cs_stats.max_all_parked_ns = max(cs_stats.max_all_parked_ns,
					 all_parked);
}

static bool cs_halted(const struct cs_pcpu *pc)
{
	return READ_ONCE(cs_halt_gen) &&
	       atomic_read(&pc->park) == PARK_PARKED &&
	       pc->parked_gen == READ_ONCE(cs_halt_gen);
}

/* The master's own record: why and where it entered. */
static void cs_master_record(const struct crash_stop_request *req,
			     struct pt_regs *regs)
{
	struct crash_stop_cpu *info = this_cpu_ptr(&cs_pcpu.info);

	info->state = CRASH_STOP_CPU_MASTER;
	info->method = CRASH_STOP_BY_SELF;
	info->reason = req->reason;
	info->regs = *regs;
	info->sregs_valid = crash_stop_arch_save_sregs(info->sregs, regs);
	info->regs_live = req->regs && !(req->flags & CRASH_STOP_REGS_COPY);
	info->regs_frame_fixed = (req->flags & CRASH_STOP_IN_NMI) &&
				 crash_stop_arch_nmi_frame_fixed(regs);
	info->task = current;
	info->context = crash_stop_arch_context(regs, current,
						req->entry_count);
	info->latency_ns = 0;
}
NOKPROBE_SYMBOL(cs_master_record);

/*
 * Run @req's function; release the others after it, unless it asked to
 * keep them parked (crash_stop_hold()). Returns true if they are held.
 */
static bool cs_run_fn(const struct crash_stop_request *req, unsigned long gen)
{
	struct crash_stop_cpu *info = this_cpu_ptr(&cs_pcpu.info);

	cs_hold_asked = false;
	WRITE_ONCE(cs_req, req);
	req->fn(req->data);
	WRITE_ONCE(cs_req, NULL);
	if (cs_hold_asked && !(req->flags & CRASH_STOP_HALT)) {
		cs_held = true;
		return true;
	}
	cs_held = false;
	cs_release(gen, req->flags & CRASH_STOP_HALT);
	info->state = CRASH_STOP_CPU_RUNNING;
	return false;
}
NOKPROBE_SYMBOL(cs_run_fn);

static int cs_run_master(const struct crash_stop_request *req,
			 struct pt_regs *regs, int this)
{
	unsigned long gen = cs_gen + 1;
	int cpu;

	WRITE_ONCE(cs_start_ns, cs_now());
	cpumask_clear(&cs_waiting);
	for_each_possible_cpu(cpu) {
		struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);

		/* Halted for good (panic): keep its record for a dump. */
		if (cpu == this || cs_halted(pc))
			continue;
		pc->info.state = CRASH_STOP_CPU_RUNNING;
		pc->info.method = CRASH_STOP_BY_NONE;
		pc->info.reason = CRASH_STOP_REASON_NONE;
		pc->info.context = CRASH_STOP_CTX_UNKNOWN;
		pc->info.task = NULL;
		pc->info.latency_ns = 0;
		pc->nmi_defers = 0;
		if (cpu_online(cpu))
			cpumask_set_cpu(cpu, &cs_waiting);
	}

	cs_master_record(req, regs);

	/* Parked CPUs of the last stop may still be reading these. */
	cs_wait_previous();
	WRITE_ONCE(cs_text_changed, false);
	WRITE_ONCE(cs_stop_reason, req->reason);
	WRITE_ONCE(cs_gen, gen);
	/* The number is visible before any CPU can claim PENDING. */
	smp_mb();
	for_each_cpu(cpu, &cs_waiting) {
		atomic_t *park = &per_cpu(cs_pcpu, cpu).park;
		int st = atomic_read(park);

		/* Only the master leaves IDLE or MISSING: cannot fail. */
		if (atomic_cmpxchg(park, st, PARK_PENDING) != st)
			cpumask_clear_cpu(cpu, &cs_waiting);
	}
	/* PENDING is visible before the IPIs asking CPUs to look at it. */
	smp_mb();

	cs_stop_others();
	cs_count(this, gen);
	cs_run_fn(req, gen);
	return 0;
}

/* A trap or call on the master while it is stopped: to the stop's user. */
static bool cs_nested(enum crash_stop_reason reason, struct pt_regs *regs)
{
	const struct crash_stop_request *req = READ_ONCE(cs_req);

	cs_stats.nested++;
	return req && req->nested && req->nested(req->data, reason, regs);
}
NOKPROBE_SYMBOL(cs_nested);

/**
 * crash_stop - stop every other CPU, run a function, release them
 * @req: reason, registers of the trigger, and the function to run
 *
 * May be called from any context, including NMI and with interrupts
 * off. If another CPU is already master, this CPU joins that stop as a
 * stopped CPU with its own reason and registers recorded, so the user
 * of the stop sees it immediately.
 *
 * Return: 0 if this CPU was the master and @req->fn ran;
 * %CRASH_STOP_WAS_STOPPED if another CPU was master and this CPU was
 * parked in its stop (@req->fn did not run here), or was already parked
 * in it and only had @req->reason recorded; -EDEADLK if this CPU is the
 * master of the stop in progress (a nested trap while the machine is
 * stopped), in which case no second stop was started and the event was
 * handed to the current stop's @nested handler (with @req->regs, which
 * it may have changed to recover); -EBUSY if this CPU is already
 * inside crash_stop() waiting to join a stop (a trap or NMI nested in
 * that wait), in which case nothing was done either; -EAGAIN if this
 * CPU is still on its way out of a stop that has been released (an NMI
 * on top of that code): @req->reason is noted, and the caller should
 * call again with %CRASH_STOP_NOTED from a context that runs after that
 * code is done, such as an interrupt raised now.
 */
int crash_stop(const struct crash_stop_request *req)
{
	struct cs_pcpu *me;
	struct pt_regs own, *regs = req->regs;
	unsigned long flags;
	int this, ret, st;

	local_irq_save(flags);
	this = smp_processor_id();
	me = this_cpu_ptr(&cs_pcpu);

	if (atomic_read(&cs_master) == this && cs_held) {
		/* Back from what it ran with the others held: the same stop. */
		if (!regs) {
			crash_stop_arch_save_regs(&own);
			regs = &own;
		}
		cs_master_record(req, regs);
		if (!cs_run_fn(req, READ_ONCE(cs_gen)))
			atomic_set_release(&cs_master, -1);
		ret = 0;
		goto out;
	}
	if (atomic_read(&cs_master) == this) {
		cs_nested(req->reason, req->regs);
		ret = -EDEADLK;
		goto out;
	}
	/*
	 * Claimed but not yet parked (an NMI between the claim and the
	 * park; parked_gen is still the last stop's): the frame below parks
	 * in the current stop as soon as we return, and takes the reason
	 * noted for it. Waiting here instead would keep it from ever
	 * parking.
	 */
	st = atomic_read(&me->park);
	if (st == PARK_PARKING) {
		crash_stop_note_reason(req->reason);
		ret = CRASH_STOP_WAS_STOPPED;
		goto out;
	}
	/*
	 * Parked in a stop not yet released: keep the reason for the user
	 * of the stop and return; the frame below goes on waiting.
	 */
	if (st == PARK_PARKED && !cs_released(me->parked_gen)) {
		if (req->flags & CRASH_STOP_NOTED)
			crash_stop_take_reason(req->reason);
		if (me->info.reason == CRASH_STOP_REASON_NONE)
			me->info.reason = req->reason;
		ret = CRASH_STOP_WAS_STOPPED;
		goto out;
	}
	/*
	 * Released, not yet out (the frame below has a few instructions
	 * left, which a descheduled vCPU can stretch to seconds): this is a
	 * new event, but joining or starting a stop here would keep the
	 * frame below from getting out, and the next master waits for that.
	 */
	if (st == PARK_PARKED) {
		crash_stop_note_reason(req->reason);
		ret = -EAGAIN;
		goto out;
	}
	if (me->trigger_armed) {
		ret = -EBUSY;
		goto out;
	}
	if (!regs) {
		crash_stop_arch_save_regs(&own);
		regs = &own;
	}

	me->trigger_reason = req->reason;
	me->trigger_in_nmi = req->flags & CRASH_STOP_IN_NMI;
	me->trigger_regs = regs;
	me->trigger_live = req->regs && !(req->flags & CRASH_STOP_REGS_COPY);
	me->trigger_entry_count = req->entry_count;
	me->trigger_parked = false;
	/* The fields above are set before an NMI can see the flag. */
	barrier();
	WRITE_ONCE(me->trigger_armed, true);
	/*
	 * Taken back only now: a stop that parks this CPU from here on
	 * parks it as a trigger, one that parked it before took the reason.
	 */
	if ((req->flags & CRASH_STOP_NOTED) &&
	    !crash_stop_take_reason(req->reason)) {
		ret = CRASH_STOP_WAS_STOPPED;
		goto disarm;
	}
	for (;;) {
		if (me->trigger_parked) {
			ret = CRASH_STOP_WAS_STOPPED;
			break;
		}
		if (atomic_cmpxchg(&cs_master, -1, this) == -1) {
			WRITE_ONCE(me->trigger_armed, false);
			ret = cs_run_master(req, regs, this);
			/* Held: the master comes back with its next call. */
			if (!cs_held)
				atomic_set_release(&cs_master, -1);
			/* It ran the stop inside an NMI handler. */
			if ((req->flags & CRASH_STOP_IN_NMI) &&
			    !(req->flags & CRASH_STOP_HALT))
				cs_tail_open(me, regs);
			break;
		}
		/* Another CPU is master: join its stop if it wants us. */
		if (cs_claim(me))
			cs_park(me, regs, me->trigger_live, CRASH_STOP_BY_SELF,
				0);
		touch_nmi_watchdog();
		cpu_relax();
	}
disarm:
	WRITE_ONCE(me->trigger_armed, false);
out:
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL_GPL(crash_stop);
NOKPROBE_SYMBOL(crash_stop);

/**
 * crash_stop_nested_trap - offer a trap or fault to the stop in progress
 * @reason: what it is (e.g. %CRASH_STOP_REASON_OOPS for a kernel fault)
 * @regs: its registers, which the stop's user may change to recover
 *
 * For the architecture's trap handlers: a fault taken on the master
 * while the machine is stopped must not start a second stop; it goes to
 * the @nested handler of the request that started the stop.
 *
 * A fault inside a function crash_stop_call_on_cpu() runs on a parked
 * CPU is recovered the same way: the call returns -EFAULT to the master.
 *
 * Return: true if this CPU is the master of a stop in progress and that
 * handler recovered, or runs a call that is abandoned (@regs now say
 * where to return to); false otherwise, and the trap must be handled as
 * usual.
 */
bool crash_stop_nested_trap(enum crash_stop_reason reason,
			    struct pt_regs *regs)
{
	struct cs_pcpu *me = this_cpu_ptr(&cs_pcpu);

	if (atomic_read(&cs_master) == raw_smp_processor_id())
		return cs_nested(reason, regs);
	/* A fault in a function the master had this parked CPU run. */
	if (reason == CRASH_STOP_REASON_OOPS && regs && READ_ONCE(me->in_call)) {
		WRITE_ONCE(me->in_call, false);
		crash_stop_recover(regs, &me->call_catch);
		return true;
	}
	return false;
}
NOKPROBE_SYMBOL(crash_stop_nested_trap);

/**
 * crash_stop_active - is a stop in progress?
 *
 * Return: true between the election of a master and the release.
 */
bool crash_stop_active(void)
{
	return atomic_read(&cs_master) >= 0;
}
EXPORT_SYMBOL_GPL(crash_stop_active);

/**
 * crash_stop_master_cpu - the master of the stop in progress
 *
 * Return: its CPU number, or -1 if no stop is in progress.
 */
int crash_stop_master_cpu(void)
{
	return atomic_read(&cs_master);
}
EXPORT_SYMBOL_GPL(crash_stop_master_cpu);

/**
 * crash_stop_cpu_info - one CPU's state in the current or last stop
 * @cpu: CPU number
 *
 * Return: the CPU's record, or NULL if @cpu is not a possible CPU.
 */
const struct crash_stop_cpu *crash_stop_cpu_info(unsigned int cpu)
{
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return NULL;
	return &per_cpu(cs_pcpu, cpu).info;
}
EXPORT_SYMBOL_GPL(crash_stop_cpu_info);

/**
 * crash_stop_get_stats - counters over every stop since boot
 * @out: filled in
 *
 * Exact while the caller is the master of a stop or no stop runs.
 */
void crash_stop_get_stats(struct crash_stop_stats *out)
{
	*out = cs_stats;
}
EXPORT_SYMBOL_GPL(crash_stop_get_stats);

/**
 * crash_stop_hold - keep the other CPUs parked after this function
 *
 * For the master, inside its request's function: when the function
 * returns, crash_stop() returns on the master without releasing the
 * others, so it can run a little (one instruction, single-stepped) with
 * the machine otherwise stopped. Its next crash_stop() call (from the
 * trap that ends that run) continues the same stop: its function runs
 * at once, the others still parked with their records; it releases
 * them unless it holds again. Not with %CRASH_STOP_HALT.
 */
void crash_stop_hold(void)
{
	if (atomic_read(&cs_master) == raw_smp_processor_id())
		cs_hold_asked = true;
}
EXPORT_SYMBOL_GPL(crash_stop_hold);
NOKPROBE_SYMBOL(crash_stop_hold);

/**
 * crash_stop_held - is this CPU a master running with the others held?
 *
 * Return: true between a crash_stop_hold() and the next crash_stop()
 * call on this CPU: the stop is still on, and an event here (a fault in
 * the stepped instruction) must continue it rather than go on as if the
 * machine ran.
 */
bool crash_stop_held(void)
{
	return cs_held && atomic_read(&cs_master) == raw_smp_processor_id();
}
EXPORT_SYMBOL_GPL(crash_stop_held);
NOKPROBE_SYMBOL(crash_stop_held);

/**
 * crash_stop_text_changed - note that the master changed kernel text
 *
 * Every released CPU then executes a serialising instruction before it
 * runs kernel code again, so it cannot execute stale prefetched text.
 */
void crash_stop_text_changed(void)
{
	WRITE_ONCE(cs_text_changed, true);
}

/* Is @cpu parked in the stop in progress, spinning in cs_park()? */
static bool cs_parked_now(int cpu)
{
	const struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);

	return atomic_read_acquire(&pc->park) == PARK_PARKED &&
	       pc->parked_gen == READ_ONCE(cs_gen) && !cs_halted(pc);
}

/**
 * crash_stop_set_regs - change a stopped CPU's interrupted registers
 * @cpu: the CPU: the master itself or one parked in this stop
 * @regs: the new registers
 *
 * For the master of a stop in progress only. The CPU's record is
 * updated at once; the CPU returns to the new registers when it is
 * released (the master: when its trap returns).
 *
 * Return: 0; -EPERM if not called by the master; -ENODEV if @cpu is not
 * stopped in this stop; -EROFS if its record is a copy that it does not
 * return through (&crash_stop_cpu.regs_live is false).
 */
int crash_stop_set_regs(unsigned int cpu, const struct pt_regs *regs)
{
	int this = raw_smp_processor_id();
	const struct crash_stop_request *req = READ_ONCE(cs_req);
	struct cs_pcpu *pc;

	if (atomic_read(&cs_master) != this || !req)
		return -EPERM;
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -ENODEV;
	pc = per_cpu_ptr(&cs_pcpu, cpu);
	if (cpu == this) {
		if (!pc->info.regs_live)
			return -EROFS;
		*req->regs = *regs;
		pc->info.regs = *regs;
		return 0;
	}
	if (!cs_parked_now(cpu))
		return -ENODEV;
	if (!pc->info.regs_live)
		return -EROFS;
	pc->info.regs = *regs;
	pc->regs_dirty = true;
	return 0;
}
EXPORT_SYMBOL_GPL(crash_stop_set_regs);

/* Wait until @pc's call is no longer in @state, boundedly. */
static bool cs_call_wait(struct cs_pcpu *pc, unsigned int cpu, int state,
			 u64 us)
{
	struct cs_deadline d;

	cs_deadline_start(&d, cs_now(), us);
	while (atomic_read_acquire(&pc->call_state) == state) {
		if (cs_deadline_passed(&d))
			return false;
		/* A halted CPU takes a posted call once woken. */
		if (state == CALL_POSTED && READ_ONCE(pc->halted))
			cs_wake(cpumask_of(cpu));
	}
	return true;
}

/**
 * crash_stop_call_late - is a call that timed out still running?
 *
 * Return: true while an earlier crash_stop_call_on_cpu() call runs on:
 * the data it was given is still in use.
 */
bool crash_stop_call_late(void)
{
	int cpu = READ_ONCE(cs_call_late);

	return cpu >= 0 &&
	       atomic_read_acquire(&per_cpu(cs_pcpu, cpu).call_state) ==
	       CALL_RUNNING;
}
EXPORT_SYMBOL_GPL(crash_stop_call_late);

/**
 * crash_stop_call_on_cpu - run a function on a parked CPU
 * @cpu: a CPU parked in the stop in progress (not the master)
 * @fn: the function; it runs on @cpu in the context @cpu parked in
 *	(interrupt or NMI), so it sees that CPU's own stacks and per-CPU
 *	data, e.g. for an unwinder. Same rules as the stop's callback: no
 *	sleeping, no allocation, no locks.
 * @data: passed to @fn; must stay valid until the call completes, even
 *	after a timeout (static storage)
 *
 * For the master of a stop in progress. Waits up to wait_ms for @cpu to
 * take the call and as long again for it to finish. A fault inside @fn is
 * recovered on @cpu (after the kernel's oops report) and abandons the
 * call. A call that timed out while running finishes later; until then
 * no other call can be made.
 *
 * Return: 0 when @fn ran; -EFAULT if it faulted; -ETIMEDOUT; -EPERM if
 * not called by the master; -ENODEV if @cpu is not parked in this stop;
 * -EBUSY while an earlier call that timed out still runs.
 */
int crash_stop_call_on_cpu(unsigned int cpu, void (*fn)(void *data),
			   void *data)
{
	int this = raw_smp_processor_id();
	u64 us = max(wait_ms, 10U) * USEC_PER_MSEC;
	struct cs_pcpu *pc;
	int ret;

	if (atomic_read(&cs_master) != this)
		return -EPERM;
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu) || cpu == this ||
	    !cs_parked_now(cpu))
		return -ENODEV;
	if (cs_call_late >= 0) {
		if (atomic_read_acquire(&per_cpu(cs_pcpu, cs_call_late).call_state) ==
		    CALL_RUNNING)
			return -EBUSY;
		cs_call_late = -1;
	}
	pc = per_cpu_ptr(&cs_pcpu, cpu);
	pc->call_fn = fn;
	pc->call_data = data;
	pc->call_ret = -ETIMEDOUT;
	atomic_set_release(&pc->call_state, CALL_POSTED);

	if (!cs_call_wait(pc, cpu, CALL_POSTED, us) &&
	    atomic_cmpxchg(&pc->call_state, CALL_POSTED, CALL_IDLE) ==
	    CALL_POSTED)
		return -ETIMEDOUT;		/* never taken */
	if (!cs_call_wait(pc, cpu, CALL_RUNNING, us)) {
		cs_call_late = cpu;
		return -ETIMEDOUT;
	}
	ret = pc->call_ret;
	atomic_set(&pc->call_state, CALL_IDLE);
	return ret;
}
EXPORT_SYMBOL_GPL(crash_stop_call_on_cpu);

static const char *const cs_reason_names[CRASH_STOP_REASON_NR] = {
	[CRASH_STOP_REASON_NONE] = "none",
	[CRASH_STOP_REASON_SYSRQ] = "sysrq",
	[CRASH_STOP_REASON_BREAKPOINT] = "breakpoint",
	[CRASH_STOP_REASON_SINGLESTEP] = "single-step",
	[CRASH_STOP_REASON_WATCHPOINT] = "watchpoint",
	[CRASH_STOP_REASON_OOPS] = "oops",
	[CRASH_STOP_REASON_PANIC] = "panic",
	[CRASH_STOP_REASON_NMI] = "nmi",
	[CRASH_STOP_REASON_DUMP] = "dump",
	[CRASH_STOP_REASON_REBOOT] = "reboot",
	[CRASH_STOP_REASON_TEST] = "test",
};

static const char *const cs_state_names[] = {
	[CRASH_STOP_CPU_RUNNING] = "running",
	[CRASH_STOP_CPU_MASTER] = "master",
	[CRASH_STOP_CPU_STOPPED] = "stopped",
	[CRASH_STOP_CPU_MISSING] = "MISSING",
};

static const char *const cs_method_names[] = {
	[CRASH_STOP_BY_NONE] = "-",
	[CRASH_STOP_BY_SELF] = "self",
	[CRASH_STOP_BY_IPI] = "ipi",
	[CRASH_STOP_BY_NMI] = "nmi",
};

static const char *const cs_context_names[] = {
	[CRASH_STOP_CTX_UNKNOWN] = "?",
	[CRASH_STOP_CTX_USER] = "user",
	[CRASH_STOP_CTX_KERNEL] = "kernel",
	[CRASH_STOP_CTX_SOFTIRQ] = "softirq",
	[CRASH_STOP_CTX_IRQ] = "irq",
	[CRASH_STOP_CTX_NMI] = "nmi",
	[CRASH_STOP_CTX_EXCEPTION] = "exception",
	[CRASH_STOP_CTX_IDLE] = "idle",
};

/* Entry @value of a name table, "?" if out of range or unnamed. */
static const char *cs_name(const char *const *names, size_t n,
			   unsigned int value)
{
	return value < n && names[value] ? names[value] : "?";
}

/**
 * crash_stop_reason_name - short name of a stop reason
 * @reason: the reason
 *
 * Return: a static string, "?" for an unknown value.
 */
const char *crash_stop_reason_name(enum crash_stop_reason reason)
{
	return cs_name(cs_reason_names, ARRAY_SIZE(cs_reason_names), reason);
}
EXPORT_SYMBOL_GPL(crash_stop_reason_name);

/**
 * crash_stop_state_name - short name of a CPU state
 * @state: the state
 *
 * Return: a static string, "?" for an unknown value.
 */
const char *crash_stop_state_name(enum crash_stop_cpu_state state)
{
	return cs_name(cs_state_names, ARRAY_SIZE(cs_state_names), state);
}
EXPORT_SYMBOL_GPL(crash_stop_state_name);

/**
 * crash_stop_method_name - short name of a stop method
 * @method: the method
 *
 * Return: a static string, "?" for an unknown value.
 */
const char *crash_stop_method_name(enum crash_stop_method method)
{
	return cs_name(cs_method_names, ARRAY_SIZE(cs_method_names), method);
}
EXPORT_SYMBOL_GPL(crash_stop_method_name);

/**
 * crash_stop_context_name - short name of an interrupted context
 * @ctx: the context
 *
 * Return: a static string, "?" for an unknown value.
 */
const char *crash_stop_context_name(enum crash_stop_context ctx)
{
	return cs_name(cs_context_names, ARRAY_SIZE(cs_context_names), ctx);
}
EXPORT_SYMBOL_GPL(crash_stop_context_name);

/**
 * crash_stop_notifier_register - be called on panic and emergency reboot
 * @nb: called on the master with every other CPU stopped; the action is
 *	the &enum crash_stop_reason, the data a &struct crash_stop_event
 *
 * For the debugger and the dump writer. Callbacks run with the machine
 * stopped: no sleeping, no allocation, no locks a stopped CPU may hold.
 *
 * Return: 0.
 */
int crash_stop_notifier_register(struct notifier_block *nb)
{
	return atomic_notifier_chain_register(&cs_notifier, nb);
}
EXPORT_SYMBOL_GPL(crash_stop_notifier_register);

static void cs_notify(void *data)
{
	struct crash_stop_event *ev = data;

	atomic_notifier_call_chain(&cs_notifier, READ_ONCE(cs_req)->reason,
				   ev);
}

/* A fault inside a notifier callback goes to the one running. */
static bool cs_notify_nested(void *data, enum crash_stop_reason reason,
			     struct pt_regs *regs)
{
	struct crash_stop_event *ev = data;

	return ev->nested && ev->nested(ev->nested_data, reason, regs);
}

/*
 * One line on what the stop just made caught, for the console. Outside
 * panic (which has its own ways past a held console), a CPU halted in
 * the middle of a console write keeps the console locked and printk
 * would wait for it forever: then the line only goes to the log. With
 * every other CPU halted, nobody can take the lock after our check.
 */
static void cs_report(const char *what, int this, bool check_console)
{
	unsigned int n = 0, ipi = 0, nmi = 0, self = 0, missing = 0;
	unsigned long gen = READ_ONCE(cs_gen);
	int cpu;

	if (check_console && !console_trylock()) {
		printk_deferred("crash_stop: %s: console held by a stopped CPU\n",
				what);
		return;
	}
	if (check_console)
		console_unlock();
	for_each_possible_cpu(cpu) {
		const struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);
		const struct crash_stop_cpu *c = &pc->info;

		/* Only what this stop caught, not CPUs halted before it. */
		if (cpu == this || (c->state == CRASH_STOP_CPU_STOPPED &&
				    pc->parked_gen != gen))
			continue;
		if (c->state == CRASH_STOP_CPU_MISSING) {
			pr_emerg("crash_stop: %s: CPU %d answered neither IPI nor NMI, left running\n",
				 what, cpu);
			missing++;
		}
		if (c->state != CRASH_STOP_CPU_STOPPED)
			continue;
		n++;
		ipi += c->method == CRASH_STOP_BY_IPI;
		nmi += c->method == CRASH_STOP_BY_NMI;
		self += c->method == CRASH_STOP_BY_SELF;
	}
	if (n + missing)
		pr_emerg("crash_stop: %s: %u CPUs stopped (ipi %u, nmi %u, self %u), %u missing\n",
			 what, n, ipi, nmi, self, missing);
}

/* Stop, tell the notifier chain, halt the others; for panic and reboot. */
static void cs_stop_for_good(enum crash_stop_reason reason, const char *msg,
			     struct pt_regs *regs, const char *what)
{
	struct crash_stop_event ev = { .msg = msg, .regs = regs };
	struct crash_stop_request req = {
		.reason = reason,
		.regs = regs,
		.flags = CRASH_STOP_HALT | CRASH_STOP_REGS_COPY,
		.fn = cs_notify,
		.nested = cs_notify_nested,
		.data = &ev,
	};

	if (crash_stop(&req) == 0)
		cs_report(what, raw_smp_processor_id(),
			  reason != CRASH_STOP_REASON_PANIC);
}

/**
 * crash_stop_panic - stop the machine for panic()
 * @msg: the panic message
 *
 * Called by panic() before it stops the other CPUs its own way, which
 * would throw their state away: every other CPU is stopped with its
 * interrupted state saved, the notifier chain (the debugger, a dump
 * writer) runs, and the other CPUs are then taken offline and halted,
 * their records kept. Called on a master that is already stopped (a
 * panic inside the debugger), it hands the event to the stop's user and
 * returns.
 */
noinline void crash_stop_panic(const char *msg)
{
	struct pt_regs regs;

	crash_stop_arch_save_regs(&regs);
	cs_stop_for_good(CRASH_STOP_REASON_PANIC, msg, &regs, "panic");
}
NOKPROBE_SYMBOL(crash_stop_panic);

/**
 * crash_stop_emergency_restart - stop the machine before a reboot
 *
 * Called by emergency_restart() (sysrq-b, panic's reboot, watchdogs):
 * the other CPUs are stopped and halted so they do not run on, or write
 * to devices, while the machine resets, and the notifier chain sees
 * their state first. Nothing is done if this CPU already holds the
 * machine stopped (a reboot command of the debugger).
 */
noinline void crash_stop_emergency_restart(void)
{
	struct pt_regs regs;

	if (crash_stop_master_cpu() == raw_smp_processor_id())
		return;
	crash_stop_arch_save_regs(&regs);
	cs_stop_for_good(CRASH_STOP_REASON_REBOOT, "emergency restart", &regs,
			 "reboot");
}
NOKPROBE_SYMBOL(crash_stop_emergency_restart);

static int cs_stats_show(struct seq_file *m, void *unused)
{
	struct crash_stop_stats st = cs_stats;
	unsigned long gen = READ_ONCE(cs_gen), late, deferred;
	int cpu;

	seq_printf(m, "stops %lu\nby_ipi %lu\nby_nmi %lu\nby_self %lu\n",
		   st.stops, st.by_ipi, st.by_nmi, st.by_self);
	seq_printf(m, "missing %lu\nnested %lu\n", st.missing, st.nested);
	late = deferred = 0;
	for_each_possible_cpu(cpu) {
		late += READ_ONCE(per_cpu(cs_pcpu, cpu).late_nmis);
		deferred += READ_ONCE(per_cpu(cs_pcpu, cpu).nmis_deferred);
	}
	seq_printf(m, "late_nmis %lu\nnmis_deferred %lu\n", late, deferred);
	seq_printf(m, "wake_nmis %lu\nwake_resent %lu\nnot_woken %lu\n",
		   READ_ONCE(cs_wake_nmis), READ_ONCE(cs_wake_resent),
		   READ_ONCE(cs_not_woken));
	seq_printf(m, "last_all_parked_ns %llu\nmax_all_parked_ns %llu\n",
		   st.last_all_parked_ns, st.max_all_parked_ns);
	seq_printf(m, "nmi_delay_ms %u\nwait_ms %u\n", nmi_delay_ms, wait_ms);
	seq_printf(m, "\nlast stop %lu:\ncpu state method context reason latency_ns\n",
		   gen);
	for_each_possible_cpu(cpu) {
		const struct crash_stop_cpu *c = &per_cpu(cs_pcpu, cpu).info;

		seq_printf(m, "%d %s %s %s %s %llu\n", cpu,
			   crash_stop_state_name(c->state),
			   crash_stop_method_name(c->method),
			   crash_stop_context_name(c->context),
			   crash_stop_reason_name(c->reason), c->latency_ns);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cs_stats);

static int __init crash_stop_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("crash_stop", NULL);

	debugfs_create_file("stats", 0444, dir, NULL, &cs_stats_fops);
	return 0;
}
late_initcall(crash_stop_debugfs_init);

static int __init crash_stop_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct cs_pcpu *pc = per_cpu_ptr(&cs_pcpu, cpu);

		INIT_CSD(&pc->csd, cs_ipi, NULL);
		/* Hard: the callback needs real interrupted registers. */
		pc->self_ipi = IRQ_WORK_INIT_HARD(cs_self_ipi);
	}
	return 0;
}
early_initcall(crash_stop_init);
