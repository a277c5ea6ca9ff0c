/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the debug core's files share with each other, and nothing else
 * sees: the state of the session in progress and the internal accessors.
 */
#ifndef _DBG_INTERNAL_H
#define _DBG_INTERNAL_H

#include <linux/dbg_core.h>
#include <linux/build_bug.h>
#include <linux/percpu.h>
#include <linux/types.h>

struct pt_regs;
struct task_struct;

/**
 * struct dbg_session_state - the stop the core is running a session in
 * @active: a front-end session runs: the machine is stopped
 * @master: the CPU it runs on
 * @regs: the master's live trap frame (NULL if it has none)
 * @task: the task the master interrupted
 * @deny: DBG_DENY_* bits, from kernel lockdown at entry
 * @fatal: the machine will not resume (panic)
 * @can_step: the master's frame is its trap's own (breakpoint, step,
 *	sysrq): setting the trap flag in it steps the interrupted code
 * @step: the session asked for one instruction to be stepped on the
 *	master, the other CPUs held (dbg_step())
 * @can_resume_at: the master may resume at another PC (not after an oops
 *	or a panic, which go on from where they are)
 */
struct dbg_session_state {
	bool active;
	int master;
	struct pt_regs *regs;
	struct task_struct *task;
	unsigned int deny;
	bool fatal;
	bool can_resume_at;
	bool can_step;
	bool step;
};

extern struct dbg_session_state dbg_session;

/* dbg_read_nofault() (dbg_core.h): the core's reads, no lockdown check. */

/* Nonzero while this CPU is inside dbg_enter() (dbg_core.c). */
DECLARE_PER_CPU(unsigned int, dbg_busy);

/* Breakpoints (dbg_bp.c). */
void dbg_bp_stop_begin(bool new_stop);
void dbg_bp_stop_end(void);
void dbg_bp_retire(void);
bool dbg_bp_any_armed(void);
void dbg_bp_patch_view(unsigned long addr, u8 *buf, size_t len);
bool dbg_bp_covers(unsigned long addr, size_t len);

/* Read the kernel variable or field @src into @dst, of the same size. */
#define dbg_read_val(dst, src) ({					\
	BUILD_BUG_ON(sizeof(dst) != sizeof(src));			\
	dbg_read_nofault(&(dst), (unsigned long)&(src), sizeof(dst));	\
})

struct task_struct *dbg_cpu_current(unsigned int cpu, bool *stopped);
int dbg_task_read(u64 task, struct dbg_task *out);
void dbg_sym_cache_reset(void);
void dbg_message(const char *s);
void dbg_keepalive(void);

/* The dump on panic (dbg_dump.c). */
bool dbg_dump_panic_wanted(void);
void dbg_dump_panic(void);

#endif /* _DBG_INTERNAL_H */
