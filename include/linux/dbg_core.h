/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The debug core's face: the one API through which front-ends (the kdb
 * shell, the GDB stub, the dump writer) see and control the stopped
 * machine. Front-ends never touch hardware or kernel internals.
 *
 * The front-end part uses plain types only (addresses are u64, a task is
 * the address of its task_struct), so a front-end also builds in
 * userspace against a fake core, where it is unit-tested and fuzzed.
 * Everything here is for the master CPU while the machine is stopped
 * unless it says otherwise. Errors are negative errnos; the ones the
 * core gives have one meaning everywhere:
 *
 *   -EFAULT  the address is not mapped (or faulted)
 *   -ENXIO   the address is not canonical
 *   -EACCES  a user-space address (the core reads kernel memory only)
 *   -EPERM   refused: kernel lockdown
 *   -EBUSY   kernel text is being patched by a stopped CPU, or a CPU is
 *            still busy with an earlier request: try later
 *   -ESRCH   no such task
 *   -ENODEV  no such CPU, or it is not stopped
 *   -EAGAIN  the task runs on a CPU that did not stop
 *   -ENOENT  no such symbol, register or module
 *   -ELOOP   a kernel list is corrupted (a walk went past its bound)
 *   -EINVAL  malformed argument
 *   -ENOSPC  a fixed-size table is full
 *   -EROFS   read-only: text or data that cannot change, a register of a
 *            task that is not running on a stopped CPU
 *   -EIO     a physical address that is not RAM
 *   -ECANCELED  the machine will not resume (panic): nothing can wait for it
 *   -EDEADLK no CPU takes interrupts after the release: nothing queued
 *            for then would run
 */
#ifndef _LINUX_DBG_CORE_H
#define _LINUX_DBG_CORE_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/types.h>
#else
#include "dbg_portable.h"
#endif

/* What a front-end's session asks the core to do when it returns. */
enum dbg_action {
	DBG_ACTION_RESUME,		/* release every CPU */
	DBG_ACTION_REBOOT,		/* emergency reboot, CPUs held */
	DBG_ACTION_SWITCH,		/* run dbg_frontend_switch()'s choice */
};

/**
 * struct dbg_event - why the machine stopped
 * @cpu: the master CPU, which runs the front-end
 * @reason: short name of the reason ("sysrq", "oops", "panic", ...)
 * @pc: the master's interrupted program counter
 * @task: the task the master was running
 * @msg: the panic or oops message, else NULL
 * @fatal: a panic: resuming lets the panic go on, it cannot be undone
 * @can_resume_at: the master's PC may be changed before resuming
 */
struct dbg_event {
	int cpu;
	const char *reason;
	u64 pc;
	u64 task;
	const char *msg;
	bool fatal;
	bool can_resume_at;
};

/**
 * struct dbg_frontend - a user interface on the debug console
 * @name: short name
 * @session: runs while the machine is stopped: polled I/O only, no
 *	sleeping, no allocation, no locks; returns what to do next
 * @command: optional; runs one command line of this front-end for
 *	another one (gdb's monitor runs kdb commands), its output to @out
 * @poll_byte: optional; while the machine runs and no program has the
 *	debug line open, each byte received on it (from a timer, every
 *	50 ms), and bytes another front-end passes on (dbg_frontend_input());
 *	returns true to enter the debugger, or to take the line over
 * @message: optional; the core's messages (a breakpoint it could not
 *	set, a fault while stopped) while this front-end has the line;
 *	without it they go to the line as they are
 * @keepalive: optional; about once a second while a command run for this
 *	front-end works long (a dump), between what it puts on the line:
 *	tells the user's tool (gdb gives up waiting after a few seconds)
 *	that the machine still works
 */
struct dbg_frontend {
	const char *name;
	enum dbg_action (*session)(const struct dbg_event *ev);
	bool (*poll_byte)(int c);
	void (*message)(const char *s, size_t n);
	void (*keepalive)(void);
	int (*command)(const struct dbg_event *ev, const char *line,
		       void (*out)(const char *s, size_t n, void *ctx),
		       void *ctx);
};

int dbg_register_frontend(struct dbg_frontend *fe);
int dbg_frontend_switch(const char *name);
int dbg_frontend_input(const char *name, int c);
int dbg_frontend_command(const char *name, const struct dbg_event *ev,
			 const char *line,
			 void (*out)(const char *s, size_t n, void *ctx),
			 void *ctx);

/* --- console --------------------------------------------------------- */

int dbg_getc(void);
void dbg_write(const char *s, size_t len);
void dbg_idle(void);

/*
 * What the front-ends showed their user, newest kept: the dump takes it
 * along, as FreeBSD's textdump takes ddb's output.
 */
#define DBG_TRANSCRIPT_BYTES	(64 * 1024)
void dbg_transcript_add(const char *s, size_t len);
size_t dbg_transcript_copy(char *buf, size_t len);

/* --- CPUs -------------------------------------------------------------- */

enum dbg_cpu_state {
	DBG_CPU_OFFLINE,
	DBG_CPU_MASTER,
	DBG_CPU_STOPPED,
	DBG_CPU_MISSING,		/* answered neither IPI nor NMI */
	DBG_CPU_RUNNING,		/* not part of the stop */
};

#define DBG_COMM_LEN	16

/**
 * struct dbg_cpu - what a front-end may know of one CPU while stopped
 * @cpu: CPU number
 * @state: see &enum dbg_cpu_state
 * @state_name: its name for people ("master", "stopped", "MISSING", ...)
 * @method: how it was stopped ("self", "ipi", "nmi", "-")
 * @context: what it was doing ("kernel", "user", "irq", "idle", ...)
 * @reason: its own trigger reason, or NULL if it did not ask for the stop
 * @user: it was interrupted in user mode
 * @pc: interrupted program counter (when stopped or master)
 * @task: the task it was running (0 if unknown)
 * @pid: that task's pid, -1 if unknown
 * @comm: that task's command name
 * @latency_ns: time from the start of the stop until it parked
 */
struct dbg_cpu {
	unsigned int cpu;
	enum dbg_cpu_state state;
	const char *state_name;
	const char *method;
	const char *context;
	const char *reason;
	bool user;
	u64 pc;
	u64 task;
	int pid;
	char comm[DBG_COMM_LEN];
	u64 latency_ns;
};

unsigned int dbg_nr_cpus(void);
int dbg_get_cpu(unsigned int cpu, struct dbg_cpu *out);

/* --- memory ------------------------------------------------------------ */

int dbg_mem_read(u64 addr, void *buf, size_t len, size_t *done);
int dbg_mem_write(u64 addr, const void *buf, size_t len, size_t *done);
int dbg_phys_read(u64 paddr, void *buf, size_t len, size_t *done);
int dbg_virt_to_phys(u64 addr, u64 *paddr);

/* --- symbols and modules ---------------------------------------------- */

#define DBG_SYM_NAME_LEN	512	/* KSYM_NAME_LEN */
#define DBG_MODNAME_LEN		56	/* MODULE_NAME_LEN */

/**
 * struct dbg_sym - a symbol an address falls in
 * @addr: the symbol's start
 * @size: its size (up to the next symbol)
 * @offset: of the looked-up address from @addr
 * @name: its name
 * @module: the module it is in, "" for the kernel itself
 */
struct dbg_sym {
	u64 addr;
	u64 size;
	u64 offset;
	char name[DBG_SYM_NAME_LEN];
	char module[DBG_MODNAME_LEN];
};

int dbg_sym_by_addr(u64 addr, struct dbg_sym *out);
int dbg_sym_by_name(const char *name, u64 *addr);
int dbg_symbolize(u64 addr, char *buf, size_t len);
int dbg_symbolize_ret(u64 addr, char *buf, size_t len);
u64 dbg_kaslr_offset(void);
int dbg_sym_complete(const char *prefix,
		     int (*fn)(void *ctx, const char *name), void *ctx);

/**
 * struct dbg_module - one loaded module
 * @addr: its struct module
 * @name: its name
 * @base: start of its text, as /proc/modules shows it
 * @size: bytes of all its memory (text, data, read-only data, init)
 * @state: "live", "coming", "going" or "unformed"
 * @refcount: users holding a reference, -1 if unknown
 */
struct dbg_module {
	u64 addr;
	char name[DBG_MODNAME_LEN];
	u64 base;
	u64 size;
	const char *state;
	int refcount;
};

/* Walk state for dbg_module_next(); start zeroed. */
struct dbg_module_iter {
	u64 pos;
	unsigned int n;
};

int dbg_module_next(struct dbg_module_iter *it, struct dbg_module *out);

/* --- tasks ------------------------------------------------------------- */

/**
 * struct dbg_task - a snapshot of one task, read fault-safely
 * @addr: its task_struct
 * @pid: its pid (thread id)
 * @tgid: its thread group (process) id
 * @ppid: its parent's tgid, -1 if unknown
 * @cpu: the CPU it runs on or last ran on
 * @running: it is the current task of @cpu
 * @cpu_stopped: when @running: @cpu is stopped, its registers are known
 * @kthread: a kernel thread (no user memory)
 * @idle: an idle task (swapper/N)
 * @state: R S D T t X Z P I, as /proc shows it
 * @comm: its command name
 * @stack: lowest address of its kernel stack, 0 if it has none (exited)
 * @stack_size: size of its kernel stack
 */
struct dbg_task {
	u64 addr;
	int pid;
	int tgid;
	int ppid;
	int cpu;
	bool running;
	bool cpu_stopped;
	bool kthread;
	bool idle;
	char state;
	char comm[DBG_COMM_LEN];
	u64 stack;
	u64 stack_size;
};

/* Walk state for dbg_task_next(); start zeroed. */
struct dbg_task_iter {
	u64 proc;
	u64 thread;
	unsigned int cpu;
	unsigned int phase;
	unsigned long n;
};

int dbg_task_next(struct dbg_task_iter *it, struct dbg_task *out);
int dbg_task_by_pid(int pid, struct dbg_task *out);
int dbg_task_by_addr(u64 addr, struct dbg_task *out);
int dbg_cpu_task(unsigned int cpu, struct dbg_task *out);

/* --- registers --------------------------------------------------------- */

#define DBG_REGS_MAX	40	/* at most 64: a bit each in the masks */

/**
 * struct dbg_regs - one register set, indexed as dbg_reg_name() says
 * @val: the values
 * @valid: bit i set: @val[i] is known (dbg_reg_known())
 * @writable: bit i set: dbg_set_reg() may change register i
 * @frame_fixed: the CPU returns through a copy of its PC, stack pointer
 *	and flags out of the debugger's reach (stopped inside an NMI handler
 *	taken in kernel mode): only the other registers can change
 */
struct dbg_regs {
	u64 val[DBG_REGS_MAX];
	u64 valid;
	u64 writable;
	bool frame_fixed;
};

/**
 * dbg_reg_known - is a register's value in a set known?
 * @regs: the set
 * @reg: the register's number
 *
 * Return: true if @regs->val[@reg] holds its value.
 */
static inline bool dbg_reg_known(const struct dbg_regs *regs, unsigned int reg)
{
	return reg < DBG_REGS_MAX && (regs->valid & BIT_ULL(reg));
}

/* Registers with a role, for front-ends that need one. */
enum dbg_reg_role {
	DBG_REG_PC,
	DBG_REG_SP,
	DBG_REG_FP,
	DBG_REG_FLAGS,
	DBG_REG_ARG0,
};

unsigned int dbg_reg_count(void);
const char *dbg_reg_name(unsigned int reg);
int dbg_reg_find(const char *name);
int dbg_reg_role(enum dbg_reg_role role);
int dbg_task_regs(u64 task, struct dbg_regs *out);
int dbg_set_reg(u64 task, unsigned int reg, u64 val);
int dbg_regs_at(u64 addr, struct dbg_regs *out);

/* --- stacks ------------------------------------------------------------ */

/* The kinds of stack a frame can be on. */
enum dbg_stack_type {
	DBG_STACK_UNKNOWN,
	DBG_STACK_TASK,
	DBG_STACK_IRQ,
	DBG_STACK_SOFTIRQ,
	DBG_STACK_ENTRY,
	DBG_STACK_NMI,
	DBG_STACK_EXCEPTION,		/* #DB, #DF, #MC, #VC */
};

/**
 * struct dbg_frame - one frame of a backtrace
 * @pc: return address (or the interrupted PC of an entry frame)
 * @sp: where on the stack the unwinder found it
 * @stack: &enum dbg_stack_type of the stack it is on
 * @entry: the frame is an interrupt or exception entry: @pc is where
 *	the interrupted code was
 */
struct dbg_frame {
	u64 pc;
	u64 sp;
	u8 stack;
	bool entry;
};

#define DBG_BT_MAX	64

int dbg_backtrace(u64 task, u64 first_frame, struct dbg_frame *frames,
		  unsigned int max, unsigned int *n);
const char *dbg_stack_name(unsigned int type);

/**
 * struct dbg_stack_owner - whose stack an address is on
 * @type: &enum dbg_stack_type
 * @cpu: for CPU stacks (IRQ, NMI, exception), whose
 * @task: for task stacks, whose (addr of its task_struct)
 * @pid: that task's pid
 * @comm: that task's command name
 * @base: lowest address of the stack
 * @size: its size
 */
struct dbg_stack_owner {
	unsigned int type;
	int cpu;
	u64 task;
	int pid;
	char comm[DBG_COMM_LEN];
	u64 base;
	u64 size;
};

int dbg_stack_owner(u64 addr, struct dbg_stack_owner *out);

/* --- what an address is ------------------------------------------------ */

#define DBG_WHAT_SYMBOL		BIT(0)	/* @sym is set */
#define DBG_WHAT_STACK		BIT(1)	/* @stack is set */
#define DBG_WHAT_PHYS		BIT(2)	/* @phys and @pfn are set */
#define DBG_WHAT_SLAB		BIT(3)	/* @slab_* are set */
#define DBG_WHAT_PERCPU		BIT(4)	/* @percpu_cpu is set */
#define DBG_WHAT_MAPPED		BIT(5)	/* a read of it succeeds */

/**
 * struct dbg_whatis - what dbg_whatis() could tell about an address
 * @what: DBG_WHAT_* bits
 * @region: the kernel's name for the region ("kernel text",
 *	"direct map", "vmalloc", "user", "non-canonical", ...)
 * @sym: the symbol it is in (kernel or module)
 * @stack: the stack it is on
 * @phys: its physical address
 * @pfn: its page frame number
 * @slab_cache: the slab cache of the object it is in
 * @slab_obj: start of that object
 * @slab_size: size of that cache's objects
 * @percpu_cpu: the CPU whose per-CPU area it is in
 */
struct dbg_whatis {
	u32 what;
	const char *region;
	struct dbg_sym sym;
	struct dbg_stack_owner stack;
	u64 phys;
	u64 pfn;
	char slab_cache[32];
	u64 slab_obj;
	u64 slab_size;
	int percpu_cpu;
};

int dbg_whatis(u64 addr, struct dbg_whatis *out);

/* --- the kernel log ---------------------------------------------------- */

/* Read position in the log; dbg_log_rewind() or dbg_log_end() first. */
struct dbg_log_iter {
	u64 seq;
};

void dbg_log_rewind(struct dbg_log_iter *it);
void dbg_log_end(struct dbg_log_iter *it);
int dbg_log_next(struct dbg_log_iter *it, char *buf, size_t len,
		 size_t *outlen);

/* --- the system -------------------------------------------------------- */

/**
 * struct dbg_sysinfo - what a summary of the machine shows
 * @sysname: utsname fields
 * @nodename: utsname fields
 * @release: utsname fields
 * @version: utsname fields
 * @machine: utsname fields
 * @realtime_sec: wall clock, seconds since the epoch
 * @uptime_ns: time since boot, suspend included
 * @loadavg: 1, 5 and 15 minute load averages, in hundredths
 * @mem_total_kb: RAM the kernel manages
 * @mem_free_kb: free RAM
 * @cpus_online: CPUs online
 * @cpus_possible: CPUs possible
 * @nr_threads: tasks (threads) in the system
 * @cmdline: the kernel command line
 * @tainted: the taint flags, as an oops shows them
 */
struct dbg_sysinfo {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	u64 realtime_sec;
	u64 uptime_ns;
	unsigned long loadavg[3];
	u64 mem_total_kb;
	u64 mem_free_kb;
	unsigned int cpus_online;
	unsigned int cpus_possible;
	int nr_threads;
	char cmdline[256];
	char tainted[32];
};

int dbg_sysinfo(struct dbg_sysinfo *out);
int dbg_per_cpu_addr(u64 addr, unsigned int cpu, u64 *out);

/* --- actions after the machine resumes --------------------------------- */

/* How dbg_sysrq() dealt with a key. */
enum dbg_sysrq_how {
	DBG_SYSRQ_DONE,		/* handled now, while stopped */
	DBG_SYSRQ_QUEUED,	/* runs right after the machine resumes */
};

int dbg_queue_signal(int pid, int sig);
int dbg_sysrq(int key, bool check_mask, enum dbg_sysrq_how *how,
	      const char **why);

/* --- dump ------------------------------------------------------------- */

/* What a dump leaves out, makedumpfile's -d bits. */
#define DBG_DUMP_ZERO		BIT(0)	/* pages of zeros */
#define DBG_DUMP_CACHE		BIT(1)	/* page cache, without private data */
#define DBG_DUMP_CACHE_PRIVATE	BIT(2)	/* page cache, with private data */
#define DBG_DUMP_USER		BIT(3)	/* user process pages */
#define DBG_DUMP_FREE		BIT(4)	/* free pages */
#define DBG_DUMP_ALL		0x1f

/*
 * Why pages were left out (offline and poisoned pages, and the RAM
 * target's own region: always).
 */
enum {
	DBG_DUMP_R_ZERO,
	DBG_DUMP_R_CACHE,
	DBG_DUMP_R_CACHE_PRIVATE,
	DBG_DUMP_R_USER,
	DBG_DUMP_R_FREE,
	DBG_DUMP_R_UNUSABLE,
	DBG_DUMP_R_REGION,
	DBG_DUMP_REASONS
};

/* How: pages as they are, not LZ4-compressed (to compare rates). */
#define DBG_DUMP_F_RAW		BIT(0)

enum dbg_dump_target {
	DBG_DUMP_SERIAL,	/* to kdbmon, on the debug line */
	DBG_DUMP_RAM,		/* to RAM kept across a warm reboot */
};

/**
 * struct dbg_dump_result - how a dump went
 * @err: 0 or the error dbg_dump() returned
 * @file_size: bytes of the vmcore
 * @sent: bytes the receiver has
 * @pages: pages of memory in it
 * @ram_pages: pages of RAM the machine has
 * @left_out: pages left out, by DBG_DUMP_R_* reason
 * @ms: milliseconds the transfer took
 * @phdrs: program headers: PT_NOTE, a PT_LOAD per run of pages, the
 *	kernel image's and those of @mapped_pages
 * @mapped_pages: pages in the file also at their vmalloc or module
 *	addresses (PT_LOADs of their own, for gdb)
 * @mapped_left_out: of those, pages left out by the level (they read
 *	as zeros there, as in the direct map)
 * @mapped_left: such pages without one (too many pieces)
 * @min_gap: runs were joined across gaps shorter than this (pages)
 * @resent: frames sent more than once
 * @go_backs: times the sender went back
 * @unreadable: pages that could not be read when sent (zeros instead)
 * @line_bytes: bytes put on the line, frames sent again included
 * @ram_region: bytes of the RAM region (RAM target)
 * @ram_needed: bytes of region the dump needs, when it was counted
 * @ram_used: bytes of the region written
 * @ram_truncated: the machine has more RAM ranges than the table holds
 */
struct dbg_dump_result {
	int err;
	u64 file_size;
	u64 sent;
	u64 pages;
	u64 ram_pages;
	u64 left_out[DBG_DUMP_REASONS];
	u64 ms;
	unsigned int phdrs;
	u64 mapped_pages;
	u64 mapped_left_out;
	u64 mapped_left;
	u64 min_gap;
	u64 resent;
	u64 go_backs;
	u64 unreadable;
	u64 line_bytes;
	u64 ram_region;
	u64 ram_needed;
	u64 ram_used;
	bool ram_truncated;
};

int dbg_dump(unsigned int level, enum dbg_dump_target target,
	     unsigned int flags, struct dbg_dump_result *res);
const char *dbg_dump_reason_name(unsigned int reason);

/* --- breakpoints -------------------------------------------------------- */

/*
 * One table of breakpoints for every front-end, fixed at build time (no
 * allocation while stopped). Software breakpoints are an int3 written
 * through the kernel's text-poke path: armed while the machine runs,
 * taken out while it is stopped, so memory reads show the real bytes.
 * A hit that does not stop (condition false, hits skipped, another
 * CPU's breakpoint) and the resume from one that did run the original
 * instruction out of line on the hitting CPU alone: the int3 stays in
 * place and no hit on another CPU is lost.
 */
#define DBG_BP_MAX		64
#define DBG_BP_COND_LEN		96
#define DBG_BP_CMDS_LEN		160
#define DBG_BP_ERR_LEN		96

enum dbg_bp_type {
	DBG_BP_SOFT,			/* int3 in kernel or module text */
	DBG_BP_HW_EXEC,			/* debug register: instruction */
	DBG_BP_HW_WRITE,		/* debug register: data written */
	DBG_BP_HW_ACCESS,		/* debug register: data read or written */
	DBG_BP_TYPE_NR,
};

/* Debug registers the debugger may reserve (x86: DR0-DR3). */
#define DBG_HW_SLOTS_MAX	4

/**
 * struct dbg_bp - one breakpoint
 * @addr: where (the first byte of an instruction), or the data watched
 * @type: &enum dbg_bp_type
 * @len: bytes watched by a data breakpoint (1, 2, 4 or 8, @addr aligned
 *	to it); 1 for the others
 * @enabled: armed when the machine resumes
 * @temporary: cleared at its first stop
 * @cpu: only hits on this CPU count, -1 for any CPU
 * @skip: hits (that pass @cpu and @cond) to let run before stopping
 * @stop_limit: disabled after this many stops, 0 for no limit
 * @hits: times it was reached, on any CPU, since it was set
 * @stops: times it stopped the machine
 * @cond: an expression evaluated at the hit on the hitting CPU, with its
 *	registers; "" for none; the hit stops if it is not 0, or if it
 *	cannot be evaluated (the stop says why)
 * @cmds: commands for the front-end to run when it stops; opaque to the
 *	core
 */
struct dbg_bp {
	u64 addr;
	u8 type;
	u8 len;
	bool enabled;
	bool temporary;
	int cpu;
	u32 skip;
	u32 stop_limit;
	u64 hits;
	u64 stops;
	char cond[DBG_BP_COND_LEN];
	char cmds[DBG_BP_CMDS_LEN];
};

/**
 * struct dbg_bp_stop - why one stopped CPU stopped at a breakpoint
 * @num: the breakpoint
 * @addr: its address
 * @type: its &enum dbg_bp_type
 * @len: bytes it watches
 * @value: for a data breakpoint, the @len bytes at @addr read by the
 *	hitting CPU right after the access (little-endian), if @have_value
 * @have_value: @value could be read
 * @cond_err: the condition could not be evaluated: why, else ""
 */
struct dbg_bp_stop {
	unsigned int num;
	u64 addr;
	u8 type;
	u8 len;
	bool have_value;
	u64 value;
	char cond_err[DBG_BP_ERR_LEN];
};

int dbg_bp_set(const struct dbg_bp *bp, unsigned int *num,
	       const char **why);
int dbg_bp_get(unsigned int num, struct dbg_bp *out);
int dbg_bp_clear(unsigned int num);
int dbg_bp_enable(unsigned int num, bool on);
int dbg_bp_hit(unsigned int cpu, struct dbg_bp_stop *out);
int dbg_bp_inst(u64 addr, u8 *buf, size_t len, size_t *n);
unsigned int dbg_bp_hw_slots(unsigned int *used);

/**
 * struct dbg_insn - what a front-end needs to know of one instruction
 * @len: its length in bytes
 * @is_call: a call (step over goes to the next instruction)
 */
struct dbg_insn {
	unsigned int len;
	bool is_call;
};

int dbg_insn_info(u64 addr, struct dbg_insn *out);
int dbg_step(const char **why);

/* --- lockdown, expressions, protection --------------------------------- */

#define DBG_DENY_READ	BIT(0)	/* confidentiality: no memory/register reads */
#define DBG_DENY_WRITE	BIT(1)	/* integrity: no writes, no flow control */

unsigned int dbg_lockdown(void);

/* Room for any message of dbg_eval(), a 127-character name quoted. */
#define DBG_EXPR_ERR_LEN	192

/* dbg_eval() flags: what a front-end's user may not do here. */
#define DBG_EVAL_NO_MEMORY	BIT(0)	/* '*addr' reads */
#define DBG_EVAL_NO_SYMBOLS	BIT(1)	/* symbol lookups */
#define DBG_EVAL_NO_REGISTERS	BIT(2)	/* $reg */

int dbg_eval(const char *expr, u64 task, unsigned int flags, u64 *val,
	     char *err, size_t len);
int dbg_call_protected(int (*fn)(void *arg), void *arg);

#ifdef __KERNEL__
/* --- for the architecture and the trap handlers ------------------------ */

#include <linux/crash_stop.h>

struct pt_regs;

int dbg_enter(enum crash_stop_reason reason, struct pt_regs *regs,
	      unsigned int entry_count, const char *msg);
int dbg_enter_noted(enum crash_stop_reason reason, struct pt_regs *regs,
		    unsigned int entry_count);
bool dbg_enter_on_nmi(void);
bool dbg_enter_on_oops(void);

/* Implemented by the architecture (arch/x86/debug/). */
void dbg_arch_break(enum crash_stop_reason reason);

/**
 * struct dbg_arch_reg - one register of the architecture's register set
 * @name: its name, as gdb calls it
 * @alias: another name people use for it (the kernel's), or NULL
 * @offset: byte offset in struct pt_regs, or -1 if not in it
 * @writable: may be changed in a stopped CPU's interrupted state
 * @frame: part of the hardware's return frame (PC, stack pointer, flags),
 *	which some returns do not take from the saved registers
 * @sreg: for a register not in struct pt_regs (@offset -1): its slot in
 *	&crash_stop_cpu.sregs, known for a CPU's running task only; else -1
 */
struct dbg_arch_reg {
	const char *name;
	const char *alias;
	int offset;
	bool writable;
	bool frame;
	int sreg;
};

extern const struct dbg_arch_reg dbg_arch_regs[];
extern const unsigned int dbg_arch_nr_regs;
extern const int dbg_arch_reg_roles[];

int dbg_arch_sleeping_regs(struct task_struct *task, struct pt_regs *regs,
			   u64 *valid);
int dbg_arch_check_reg(unsigned int reg, struct pt_regs *regs,
		       u64 *val);
bool dbg_arch_irqs_on(const struct pt_regs *regs);
int dbg_arch_addr_check(unsigned long addr, size_t len);
void dbg_arch_flush_dcache(void *addr, size_t len);
bool dbg_arch_phys_is_ram(u64 paddr, size_t len);
int dbg_arch_virt_to_phys(unsigned long addr, u64 *paddr);
int dbg_arch_kernel_map(unsigned long addr, u64 *paddr, u64 *span);
/* A range of kernel addresses, [start, end). */
struct dbg_area {
	u64 start;
	u64 end;
};

unsigned int dbg_arch_mapped_areas(struct dbg_area *areas, unsigned int max);
int dbg_arch_cpu_stack(unsigned long addr, struct dbg_stack_owner *out);
unsigned int dbg_arch_stack_type(int kernel_type);
bool dbg_arch_exception_stack(unsigned long sp, unsigned long *begin,
			      unsigned long *end);

/* Breakpoints: the architecture keeps and runs each one's instruction. */
int dbg_arch_bp_init(void);
int dbg_arch_bp_prepare(unsigned int slot, unsigned long addr, char *why,
			size_t len);
unsigned int dbg_arch_bp_len(unsigned int slot);
bool dbg_arch_bp_slot_busy(unsigned int slot);
void dbg_arch_bp_step(struct pt_regs *regs, unsigned int slot);
int dbg_arch_insn_len(const u8 *buf, size_t len, unsigned int *ilen,
		      bool *is_call);
int dbg_arch_step_start(struct pt_regs *regs, char *why, size_t len);

/* For the architecture's int3 handler. */
bool dbg_bp_trap(struct pt_regs *regs, unsigned int entry_count);

/**
 * struct dbg_hw_slot - what one debug register is to hold on every CPU
 * @addr: address
 * @type: DBG_BP_HW_*
 * @len: bytes (1 for an instruction)
 * @on: in use; else the register is parked on something harmless
 */
struct dbg_hw_slot {
	u64 addr;
	u8 type;
	u8 len;
	bool on;
};

/* Hardware breakpoints: the architecture's debug registers. */
unsigned int dbg_arch_hw_init(unsigned int want);
int dbg_arch_hw_check(unsigned int type, unsigned long addr,
		      unsigned int len, const char **why);
void dbg_arch_hw_update(const struct dbg_hw_slot *slots);
void dbg_arch_hw_queue_load(void *unused);
unsigned long dbg_arch_hw_save(void);
void dbg_arch_hw_restore(unsigned long saved);
/* For the architecture's debug-exception handler. */
bool dbg_hw_wants_hit(unsigned int slot, unsigned long addr);
bool dbg_hw_trap(struct pt_regs *regs, unsigned long slots,
		 unsigned int entry_count);
/* The core's text poke, while stopped; and its fault-safe read. */
int dbg_text_poke(unsigned long addr, const void *src, size_t len);
int dbg_read_nofault(void *dst, unsigned long src, size_t len);
#endif /* __KERNEL__ */

#endif /* _LINUX_DBG_CORE_H */
