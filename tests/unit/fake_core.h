/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake debug core: every front-end function of <linux/dbg_core.h>,
 * over a small fake x86_64 machine, so the whole kdb shell runs in
 * userspace for its unit tests and its fuzzer.
 *
 * The machine: 5 possible CPUs (0 master, 1 and 2 stopped, 3 MISSING,
 * 4 offline); a 64 KB kernel image (text, a read-only rodata page with
 * linux_banner, data), two modules, per-CPU areas, task_structs and the
 * top page of every kernel stack mapped; everything else unmapped. The
 * tasks, their registers and backtraces, the log and the sysinfo are
 * fixed tables that fake_reset() restores.
 *
 * Console input is a byte buffer. By default it is typed like a person
 * would: the bytes of a line only arrive once the shell waits for input
 * (calls dbg_idle()), so a command polling for Ctrl-C does not eat the
 * lines typed after it; fake_set_typeahead() makes everything arrive at
 * once. When the input is used up and the shell waits, dbg_idle() ends
 * the session with a longjmp back to fake_session().
 */
#ifndef _FAKE_CORE_H
#define _FAKE_CORE_H

#include <linux/dbg_core.h>

#define FAKE_PAGE_SIZE		0x1000ULL

/* CPUs */
#define FAKE_NR_CPUS		5
#define FAKE_CPU_MASTER		0
#define FAKE_CPU_MISSING	3
#define FAKE_CPU_OFFLINE	4

/* The kernel image: text, one read-only rodata page, then data. */
#define FAKE_KERNEL_BASE	0xffffffff81000000ULL
#define FAKE_KERNEL_SIZE	0x10000ULL
#define FAKE_KERNEL_PHYS	0x1000000ULL
#define FAKE_TEXT_SIZE		0x4000ULL
#define FAKE_RODATA_BASE	(FAKE_KERNEL_BASE + 0x4000)
#define FAKE_DATA_BASE		(FAKE_KERNEL_BASE + 0x5000)

/* Modules: text then data pages, each module at its own base. */
#define FAKE_MODULES_BASE	0xffffffffc0002000ULL

/* The direct map: per-CPU areas and task_structs live there. */
#define FAKE_PAGE_OFFSET	0xffff888000000000ULL
#define FAKE_PERCPU_BASE	0xffff888002000000ULL
#define FAKE_PERCPU_OFFSET	0x10000ULL	/* CPU n's copy: + n * this */
#define FAKE_TASK_BASE		0xffff888003000000ULL
#define FAKE_TASK_STRUCT_SIZE	0x400ULL

/* Stacks, in vmalloc space; only their top page is mapped. */
#define FAKE_IRQ_STACK_BASE	0xffffc90000000000ULL
#define FAKE_TASK_STACK_BASE	0xffffc90000100000ULL
#define FAKE_STACK_STRIDE	0x10000ULL
#define FAKE_STACK_SIZE		0x4000ULL

/* A user-space address, a non-canonical one, and an unmapped kernel one. */
#define FAKE_USER_ADDR		0x0000000000401000ULL
#define FAKE_NONCANON_ADDR	0x0000900000000000ULL
#define FAKE_UNMAPPED_ADDR	(FAKE_KERNEL_BASE + FAKE_KERNEL_SIZE)

/* The value fake_pattern is filled with, more times than search shows. */
#define FAKE_PATTERN_VALUE	0xfeedfacecafebeefULL
#define FAKE_PATTERN_WORDS	100
/* A string that starts 4 bytes before a page boundary of the data. */
#define FAKE_CROSSING_TEXT	"CROSSPAGE-needle"
#define FAKE_CROSSING_ADDR	(FAKE_KERNEL_BASE + 0x7ffc)
/* A log line the tests look for. */
#define FAKE_LOG_MARKER		"fake: marker line for the kdb tests"

/* The tasks, in the order dbg_task_next() walks them. */
enum fake_task_id {
	FT_SWAPPER0, FT_SWAPPER1, FT_SWAPPER2, FT_SWAPPER3,
	FT_INIT, FT_KTHREADD, FT_KWORKER0, FT_KWORKER1, FT_KSOFTIRQD,
	FT_SYNC, FT_ZOMBIE, FT_SH, FT_CSTEST, FT_STRESS, FT_STRESS_THREAD,
	FT_SPINNER,
	FAKE_NR_TASKS
};

/* The registers, in dbg_reg_name() order (x86_64 as gdb names them). */
enum fake_reg {
	FR_RAX, FR_RBX, FR_RCX, FR_RDX, FR_RSI, FR_RDI, FR_RBP, FR_RSP,
	FR_R8, FR_R9, FR_R10, FR_R11, FR_R12, FR_R13, FR_R14, FR_R15,
	FR_RIP, FR_EFLAGS, FR_CS, FR_SS, FR_ORIG_RAX,
	FAKE_NR_REGS
};

/* The flags an eflags write may change, as the real core allows. */
#define FAKE_EFLAGS_USER	0x50fd5ULL

/* --- the machine -------------------------------------------------------- */

void fake_reset(void);
void fake_bp_stopped_at(unsigned int cpu, int num, u64 hits);
unsigned int fake_steps(void);
void fake_set_lockdown(unsigned int deny);
void fake_set_corrupt_tasks(bool on);
/* Work a session may do (core calls) before it is ended; 0: default. */
void fake_set_budget(unsigned long calls);

/* Facts of the fake, for tests to compute what the shell must show. */
u64 fake_sym(const char *name);
u64 fake_sym_size(const char *name);
u64 fake_task_addr(enum fake_task_id id);
const struct dbg_task *fake_task(enum fake_task_id id);
int fake_task_frames(enum fake_task_id id, const struct dbg_frame **frames);
u64 fake_reg_value(u64 task, unsigned int reg);
u64 fake_reg_valid(u64 task);
int fake_mem_peek(u64 addr, void *buf, size_t len);
unsigned int fake_log_count(void);
const char *fake_log_line(unsigned int i);
const struct dbg_sysinfo *fake_sysinfo(void);

/* What the shell did. */
unsigned int fake_signals_queued(int *pids, int *sigs, unsigned int max);
unsigned int fake_sysrq_queued(int *keys, unsigned int max);
unsigned long fake_mem_reads(void);
unsigned long fake_mem_writes(void);
unsigned long fake_set_reg_calls(void);

/* --- the console -------------------------------------------------------- */

void fake_input(const char *bytes, size_t n);
size_t fake_input_left(void);
void fake_set_typeahead(bool on);
const char *fake_output(void);
size_t fake_output_len(void);
void fake_output_clear(void);
void fake_set_output_limit(size_t bytes);
unsigned long fake_output_bytes(unsigned char c);

/* --- sessions ----------------------------------------------------------- */

#define FAKE_SESSION_EOF	(-1)	/* the input ran out */
#define FAKE_SESSION_BUDGET	(-2)	/* the work budget ran out */

void fake_set_event(const char *reason, const char *msg, bool fatal,
		    bool can_resume_at);
void fake_set_frame_fixed(bool fixed);
const struct dbg_event *fake_event(void);
int fake_session(void);
int fake_session_of(struct dbg_frontend *fe);
const char *fake_switched_to(void);
int fake_run_session(const char *input, size_t n);
void fake_shell_reset(void);

#endif /* _FAKE_CORE_H */
