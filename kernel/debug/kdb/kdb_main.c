// SPDX-License-Identifier: GPL-2.0
/*
 * kdb: the console shell front-end of the debug core.
 *
 * Runs on the master CPU while every other CPU is stopped, with polled
 * console I/O only. Everything it knows of the machine comes from the
 * debug core's API (include/linux/dbg_core.h). Portable: this file and
 * the other kdb_*.c files except kdb_kernel.c also build in userspace,
 * against a fake core, for unit tests and fuzzing.
 *
 * Every buffer is static: kdb may run on a 4 KB NMI or #DB stack.
 */

#include "kdb_env.h"
#include "kdb_macro.h"
#include "kdb_private.h"

/* Categories of kdb.cmd_enable; mainline's default is everything. */
unsigned int kdb_cmd_enable = KDB_ENABLE_ALL;

struct kdb_state kdb;

#define KDB_MACRO_DEPTH	4

static char kdb_fmtbuf[512];
/* A work copy of each line being run and its words, one per macro depth. */
static char kdb_work[KDB_MACRO_DEPTH + 1][KDB_LINE_MAX];
static char *kdb_argv[KDB_MACRO_DEPTH + 1][KDB_MAXARGS];
static char kdb_repeat_line[KDB_LINE_MAX];
static char kdb_errbuf[DBG_EXPR_ERR_LEN];

/* --- output ------------------------------------------------------------ */

/**
 * kdb_printf - print through the output pipeline (grep, pager)
 * @fmt: printf format
 */
void kdb_printf(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(kdb_fmtbuf, sizeof(kdb_fmtbuf), fmt, args);
	va_end(args);
	kdb_out_write(&kdb.out, kdb_fmtbuf, n);
}

/**
 * kdb_puts - print a string through the output pipeline
 * @s: the string
 */
void kdb_puts(const char *s)
{
	kdb_out_write(&kdb.out, s, strlen(s));
}

/**
 * kdb_stopped - should the running command stop printing?
 *
 * Return: true after 'q' at the pager or Ctrl-C.
 */
bool kdb_stopped(void)
{
	return kdb_out_stopped(&kdb.out);
}

/**
 * kdb_interrupted - has the user asked a long silent command to stop?
 *
 * For loops that print little (search, stacks): reads what was typed for
 * Ctrl-C or 'q'. Other keys are kept for the next prompt.
 *
 * Return: true if the command should stop.
 */
bool kdb_interrupted(void)
{
	if (kdb.out.quit)
		return true;
	if (kdb_out_check_keys(&kdb.out, "q") >= 0) {
		kdb_puts("^C\n");
		kdb.out.quit = true;
	}
	return kdb.out.quit;
}

/**
 * kdb_wait_key - wait for a key, typed ahead or new
 *
 * Return: the key, 0..255.
 */
int kdb_wait_key(void)
{
	int c;

	while ((c = kdb_out_getc(&kdb.out)) < 0)
		dbg_idle();
	return c;
}

/* The console, for the output pipeline. */
static void kdb_console_write(const char *s, size_t n, void *ctx)
{
	dbg_write(s, n);
	dbg_transcript_add(s, n);
}

static int kdb_console_getc(void *ctx)
{
	return dbg_getc();
}

static void kdb_console_idle(void *ctx)
{
	dbg_idle();
}

static const struct kdb_out_ops kdb_console_ops = {
	.write = kdb_console_write,
	.getc = kdb_console_getc,
	.idle = kdb_console_idle,
};

/* --- errors ------------------------------------------------------------ */

static const struct {
	int err;
	const char *text;
} kdb_errors[] = {
	{ KDB_ERR_NOTFOUND, "unknown command" },
	{ KDB_ERR_AMBIGUOUS, "ambiguous command" },
	{ KDB_ERR_TOOMANY, "too many words" },
	{ KDB_ERR_QUOTE, "unterminated quote" },
	{ KDB_ERR_USAGE, "wrong arguments" },
	{ KDB_ERR_FAULT, "faulted, abandoned" },
	{ KDB_ERR_PERM, "not allowed" },
	{ KDB_ERR_PIPE, "bad '|' clause" },
	{ -EFAULT, "not mapped" },
	{ -ENXIO, "non-canonical address" },
	{ -EACCES, "user-space address (kdb reads kernel addresses only)" },
	{ -EPERM, "refused by kernel lockdown" },
	{ -EBUSY, "busy: kernel text is being patched by a stopped CPU, or a CPU is still busy; try again" },
	{ -ESRCH, "no such task" },
	{ -ENODEV, "no such CPU, or it is not stopped" },
	{ -EAGAIN, "the task runs on a CPU that did not stop: its state is live, unknown" },
	{ -ENOENT, "not found" },
	{ -ELOOP, "kernel list corrupted (walk went past its bound)" },
	{ -EINVAL, "invalid argument" },
	{ -ENOSPC, "table full" },
	{ -EROFS, "read-only" },
	{ -EIO, "not RAM" },
	{ -ECANCELED, "the machine does not resume after this panic" },
	{ -EDEADLK, "no CPU takes interrupts after go (all stopped with them off): it would never run" },
	{ -ETIMEDOUT, "the CPU did not answer in time" },
	{ -ENODATA, "value not known" },
	{ -ERANGE, "out of range" },
};

/**
 * kdb_errstr - text for a kdb error or a debug core errno
 * @err: negative
 *
 * Return: a static string.
 */
const char *kdb_errstr(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kdb_errors); i++)
		if (kdb_errors[i].err == err)
			return kdb_errors[i].text;
	return "error";
}

/**
 * kdb_error - print "kdb: CMD: message" and return KDB_ERR_REPORTED
 * @cmd: the command's name
 * @fmt: printf format of the message
 *
 * Errors go to the console past any '| grep' and the pager: a filter
 * must not hide why a command failed.
 *
 * Return: KDB_ERR_REPORTED, for the command to return.
 */
int kdb_error(const char *cmd, const char *fmt, ...)
{
	va_list args;
	int n;

	kdb_out_end(&kdb.out);
	n = scnprintf(kdb_fmtbuf, sizeof(kdb_fmtbuf), "kdb: %s: ", cmd);
	va_start(args, fmt);
	n += vscnprintf(kdb_fmtbuf + n, sizeof(kdb_fmtbuf) - n, fmt, args);
	va_end(args);
	n += scnprintf(kdb_fmtbuf + n, sizeof(kdb_fmtbuf) - n, "\n");
	/* Past the filters, not past the output's destination. */
	kdb.out.ops->write(kdb_fmtbuf, n, kdb.out.ctx);
	return KDB_ERR_REPORTED;
}

/**
 * kdb_core_error - report an error of the debug core
 * @cmd: the command's name
 * @what: what failed, e.g. the address in text (may be NULL)
 * @err: the negative errno
 *
 * Return: KDB_ERR_REPORTED.
 */
int kdb_core_error(const char *cmd, const char *what, int err)
{
	if (what)
		return kdb_error(cmd, "%s: %s", what, kdb_errstr(err));
	return kdb_error(cmd, "%s", kdb_errstr(err));
}

/* --- arguments ---------------------------------------------------------- */

/*
 * What an expression may use: memory and symbols need memory reads (or
 * flow control, for symbols, as mainline), $reg needs register reads.
 */
static unsigned int kdb_eval_flags(void)
{
	unsigned int flags = 0;

	if (!(kdb.perm & KDB_ENABLE_MEM_READ))
		flags |= DBG_EVAL_NO_MEMORY;
	if (!(kdb.perm & (KDB_ENABLE_MEM_READ | KDB_ENABLE_FLOW_CTRL)))
		flags |= DBG_EVAL_NO_SYMBOLS;
	if (!(kdb.perm & KDB_ENABLE_REG_READ))
		flags |= DBG_EVAL_NO_REGISTERS;
	return flags;
}

/**
 * kdb_arg_addr - evaluate an address expression argument
 * @cmd: the command, for the error message
 * @arg: the expression
 * @val: set to its value
 *
 * Return: 0, or KDB_ERR_REPORTED after printing why.
 */
int kdb_arg_addr(const char *cmd, const char *arg, u64 *val)
{
	if (dbg_eval(arg, kdb.task, kdb_eval_flags(), val, kdb_errbuf,
		     sizeof(kdb_errbuf)))
		return kdb_error(cmd, "%s", kdb_errbuf);
	return 0;
}

/**
 * kdb_arg_num - evaluate a count or size argument within bounds
 * @cmd: the command, for the error message
 * @arg: the expression
 * @min: smallest value accepted
 * @max: largest value accepted
 * @val: set to its value
 *
 * Return: 0, or KDB_ERR_REPORTED after printing why.
 */
int kdb_arg_num(const char *cmd, const char *arg, u64 min, u64 max, u64 *val)
{
	int err = kdb_arg_addr(cmd, arg, val);

	if (err)
		return err;
	if (*val < min || *val > max)
		return kdb_error(cmd, "'%s' is out of range (%llu..%llu)", arg,
				 min, max);
	return 0;
}

/**
 * kdb_arg_signed - evaluate a signed number argument
 * @cmd: the command, for the error message
 * @arg: the expression ("-5" is minus five)
 * @val: set to its value
 *
 * Return: 0, or KDB_ERR_REPORTED after printing why.
 */
int kdb_arg_signed(const char *cmd, const char *arg, s64 *val)
{
	u64 v;
	int err = kdb_arg_addr(cmd, arg, &v);

	if (!err)
		*val = (s64)v;
	return err;
}

/**
 * kdb_arg_cpu - a CPU number argument
 * @cmd: the command, for the error message
 * @arg: the number
 * @cpu: set to it
 *
 * Return: 0, or KDB_ERR_REPORTED after printing why.
 */
int kdb_arg_cpu(const char *cmd, const char *arg, unsigned int *cpu)
{
	u64 v;
	int err = kdb_arg_addr(cmd, arg, &v);

	if (err)
		return err;
	if (v >= dbg_nr_cpus())
		return kdb_error(cmd, "no CPU %s (CPUs are 0..%u)", arg,
				 dbg_nr_cpus() - 1);
	*cpu = (unsigned int)v;
	return 0;
}

/* Symbol names for output, a few in flight at once (one printf line). */
#define KDB_SYMBUFS	4
static char kdb_symbuf[KDB_SYMBUFS][DBG_SYM_NAME_LEN + DBG_MODNAME_LEN + 48];
static unsigned int kdb_symbuf_next;

/**
 * kdb_sym - an address as symbol+offset/size [module]
 * @addr: the address
 *
 * Return: a static string, valid until KDB_SYMBUFS more calls; the
 * address in hex if no symbol covers it.
 */
const char *kdb_sym(u64 addr)
{
	char *buf = kdb_symbuf[kdb_symbuf_next++ % KDB_SYMBUFS];

	dbg_symbolize(addr, buf, sizeof(kdb_symbuf[0]));
	return buf;
}

/**
 * kdb_sym_ret - a return address as kdb_sym() names an address
 * @addr: the return address
 *
 * Return: as kdb_sym(), named after the call (dbg_symbolize_ret()).
 */
const char *kdb_sym_ret(u64 addr)
{
	char *buf = kdb_symbuf[kdb_symbuf_next++ % KDB_SYMBUFS];

	dbg_symbolize_ret(addr, buf, sizeof(kdb_symbuf[0]));
	return buf;
}

/**
 * kdb_has_sym - does a symbol cover an address?
 * @addr: the address
 *
 * Return: true if kdb_sym() would name a symbol.
 */
bool kdb_has_sym(u64 addr)
{
	char *buf = kdb_symbuf[kdb_symbuf_next++ % KDB_SYMBUFS];

	return !dbg_symbolize(addr, buf, sizeof(kdb_symbuf[0]));
}

/**
 * kdb_select_task - make a task the one rd, rm, bt and $reg see
 * @task: the task
 * @cpu: the CPU it was selected by, or -1
 *
 * Return: 0.
 */
int kdb_select_task(u64 task, int cpu)
{
	kdb.task = task;
	kdb.cpu = cpu;
	return 0;
}

/* --- the commands ------------------------------------------------------- */

static int kdb_cmd_help(int argc, char **argv);
static int kdb_cmd_grephelp(int argc, char **argv);
static int kdb_cmd_go(int argc, char **argv);
static int kdb_cmd_reboot(int argc, char **argv);
static int kdb_cmd_kgdb(int argc, char **argv);

#define R	KDB_CMD_REPEAT
#define P	KDB_CMD_PREFIX
#define MRD	KDB_ENABLE_MEM_READ
#define MWR	KDB_ENABLE_MEM_WRITE
#define RRD	KDB_ENABLE_REG_READ
#define RWR	KDB_ENABLE_REG_WRITE
#define INS	KDB_ENABLE_INSPECT
#define FLO	KDB_ENABLE_FLOW_CTRL
#define SIG	KDB_ENABLE_SIGNAL
#define RBT	KDB_ENABLE_REBOOT
#define SAFE	KDB_ENABLE_ALWAYS_SAFE

static const struct kdb_cmd kdb_commands[] = {
	{ "md", "<addr> [lines [radix]]",
	  "show memory; mdWcN: W-byte units, N of them (md1c16, md8c4)",
	  kdb_cmd_md, 1, R | P, MRD, 0 },
	{ "mdr", "<addr> <bytes>", "show memory as raw hex bytes",
	  kdb_cmd_mdr, 0, R, MRD, 0 },
	{ "mdp", "<paddr> [lines [radix]]", "show physical memory (RAM)",
	  kdb_cmd_md, 0, R | P, MRD, 0 },
	{ "mds", "<addr> [lines]", "show memory one word a line, as symbols",
	  kdb_cmd_md, 0, R, MRD, 0 },
	{ "mm", "<addr> <value>", "change memory; mm1..mm8 for the width",
	  kdb_cmd_mm, 0, P, MWR, 0 },
	{ "search", "<addr> <len> <value|\"text\">",
	  "find a value (search1..8: width) or a string in memory",
	  kdb_cmd_search, 0, P, MRD, 0 },
	{ "whatis", "<addr>", "what an address belongs to",
	  kdb_cmd_whatis, 0, 0, MRD, 0 },
	{ "per_cpu", "<sym> [bytes] [cpu]", "a per-CPU variable, every CPU",
	  kdb_cmd_per_cpu, 3, 0, MRD, 0 },
	{ "bp", "[<addr> [if <expr>] [cpu <n>] [skip <n>] [count <n>] [once] [do \"<cmds>\"]]",
	  "set a breakpoint; list them", kdb_cmd_bp, 0, 0, FLO, INS },
	{ "bph", "<addr> [inst|dataw|datar] [len] [bp's modifiers]",
	  "set a hardware breakpoint or watchpoint (datar: read or write)",
	  kdb_cmd_bph, 0, 0, FLO, 0 },
	{ "bl", "", "list breakpoints", kdb_cmd_bl, 0, 0, INS, 0 },
	{ "bc", "<n|addr|*>", "clear a breakpoint", kdb_cmd_bc, 0, 0, FLO, 0 },
	{ "be", "<n|addr|*>", "enable a breakpoint", kdb_cmd_bc, 0, 0, FLO,
	  0 },
	{ "bd", "<n|addr|*>", "disable a breakpoint", kdb_cmd_bc, 0, 0, FLO,
	  0 },
	{ "ss", "[count]", "single-step the entering CPU, the others held",
	  kdb_cmd_ss, 1, 0, FLO, 0 },
	{ "so", "", "step over: a call runs to the next instruction",
	  kdb_cmd_so, 0, 0, FLO, 0 },
	{ "finish", "", "run until the current function returns",
	  kdb_cmd_finish, 0, 0, FLO, 0 },
	{ "until", "<addr>", "run until the entering CPU reaches addr",
	  kdb_cmd_until, 0, 0, FLO, 0 },
	{ "rd", "", "registers of the selected task", kdb_cmd_rd, 0, 0,
	  RRD, 0 },
	{ "rm", "<reg> <value>", "change a register (takes effect on go)",
	  kdb_cmd_rm, 0, 0, RWR, 0 },
	{ "ef", "<addr>", "registers saved in an exception frame",
	  kdb_cmd_ef, 0, 0, MRD, 0 },
	{ "bt", "[<stack addr>]", "backtrace of the selected task",
	  kdb_cmd_bt, 1, 0, MRD, INS },
	{ "btp", "<pid>", "backtrace of the task with this pid",
	  kdb_cmd_btp, 0, 0, INS, 0 },
	{ "btt", "<task addr>", "backtrace of the task at this address",
	  kdb_cmd_btt, 0, 0, INS, 0 },
	{ "bta", "[<state chars>|A]", "backtrace of every task (ps states)",
	  kdb_cmd_bta, 0, 0, INS, 0 },
	{ "btc", "[<cpu>]", "backtrace of the task each CPU runs",
	  kdb_cmd_btc, 0, 0, INS, 0 },
	{ "stacks", "[-c <func>] [<state chars>|A]",
	  "tasks grouped by identical stacks, with counts and pids",
	  kdb_cmd_stacks, 0, 0, INS, 0 },
	{ "findstack", "<addr>", "whose stack an address is on",
	  kdb_cmd_findstack, 0, 0, INS, 0 },
	{ "ps", "[<state chars>|A]", "list tasks", kdb_cmd_ps, 0, 0,
	  INS, 0 },
	{ "pid", "<pid>|R", "select a task for rd and bt (R: the entry task)",
	  kdb_cmd_pid, 0, 0, INS, 0 },
	{ "cpu", "[<cpu>]", "select a CPU's task for rd and bt; list CPUs",
	  kdb_cmd_cpu, 0, 0, INS, 0 },
	{ "cpus", "", "every CPU: state, how stopped, task, PC",
	  kdb_cmd_cpus, 0, 0, INS, 0 },
	{ "dmesg", "[<lines> [<adjust>]]", "the kernel log (last lines)",
	  kdb_cmd_dmesg, 0, 0, SAFE, 0 },
	{ "lsmod", "", "loaded modules", kdb_cmd_lsmod, 0, 0, INS, 0 },
	{ "summary", "", "summary of the machine", kdb_cmd_summary, 4, 0,
	  SAFE, 0 },
	{ "dump", "[<level>] [serial|ram] [raw]",
	  "write the machine as an ELF vmcore (to kdbmon); level: what to leave out, 0-31",
	  kdb_cmd_dump, 0, 0, MRD, 0 },
	{ "kill", "-<signal> <pid>", "send a signal, delivered on go",
	  kdb_cmd_kill, 0, 0, SIG, 0 },
	{ "sr", "<key>", "magic sysrq key (safe ones now, others on go)",
	  kdb_cmd_sr, 0, 0, SAFE, 0 },
	{ "env", "", "show environment variables", kdb_cmd_env, 0, 0,
	  SAFE, 0 },
	{ "set", "<name>[=]<value>", "set (empty value: unset) a variable",
	  kdb_cmd_set, 0, 0, SAFE, 0 },
	{ "defcmd", "[<name> \"usage\" \"help\" | -d <name>]",
	  "define a macro (lines up to endefcmd); list macros",
	  kdb_cmd_defcmd, 0, 0, SAFE, 0 },
	{ "help", "[<command>]", "list the commands", kdb_cmd_help, 1, 0,
	  SAFE, 0 },
	{ "?", "", "list the commands", kdb_cmd_help, 0, 0, SAFE, 0 },
	{ "grephelp", "", "help on | grep", kdb_cmd_grephelp, 0, 0, SAFE, 0 },
	{ "go", "[<addr>]", "resume the machine (at addr)", kdb_cmd_go, 1, 0,
	  RWR | FLO, SAFE },
	{ "reboot", "", "reboot now, every other CPU held", kdb_cmd_reboot,
	  0, 0, RBT, 0 },
	{ "kgdb", "", "hand the console to the GDB stub (gdb's \"monitor kdb\" comes back)",
	  kdb_cmd_kgdb, 0, 0, FLO, 0 },
};

/* Built-in macros, as mainline kdb's kdb_cmds has them. */
static const struct {
	const char *name, *usage, *help, *lines[6];
} kdb_builtin_macros[] = {
	{ "dumpcommon", "", "common kdb debugging",
	  { "set BTAPROMPT 0", "set LINES 10000", "summary", "cpus", "ps",
	    "dmesg 600" } },
	{ "dumpall", "", "first line debugging",
	  { "pid R", "dumpcommon", "bt", "bta" } },
	{ "dumpcpu", "", "same as dumpall but only tasks on CPUs",
	  { "pid R", "dumpcommon", "btc" } },
};

static void kdb_macros_init(void)
{
	size_t i, j;

	kdb_macro_reset();
	for (i = 0; i < ARRAY_SIZE(kdb_builtin_macros); i++) {
		kdb_macro_begin(kdb_builtin_macros[i].name,
				kdb_builtin_macros[i].usage,
				kdb_builtin_macros[i].help, true);
		for (j = 0; j < ARRAY_SIZE(kdb_builtin_macros[i].lines) &&
		     kdb_builtin_macros[i].lines[j]; j++)
			kdb_macro_add_line(kdb_builtin_macros[i].lines[j]);
		kdb_macro_end();
	}
}

/**
 * kdb_is_command - is a word the exact name of a command?
 * @name: the word
 *
 * Return: true if it is (a macro of that name would hide it).
 */
bool kdb_is_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kdb_commands); i++)
		if (!strcmp(kdb_commands[i].name, name))
			return true;
	return !strcmp(name, "endefcmd");
}

/* The categories that allow @c now. */
static bool kdb_allowed(const struct kdb_cmd *c, bool no_args)
{
	if (c->perm & kdb.perm)
		return true;
	return no_args && (c->perm_no_args & kdb.perm);
}

static const char *const kdb_perm_names[] = {
	"all", "memory reads", "memory writes", "register reads",
	"register writes", "inspection", "flow control", "signals",
	"reboot", "safe commands",
};

/* Why a category is not allowed: "memory reads are disabled (...)". */
static const char *kdb_why_not(unsigned int perm)
{
	static char why[96];
	unsigned int bit, deny = dbg_lockdown();
	unsigned int locked = 0;

	if (deny & DBG_DENY_READ)
		locked |= KDB_ENABLE_MEM_READ | KDB_ENABLE_REG_READ;
	if (deny & DBG_DENY_WRITE)
		locked |= KDB_ENABLE_MEM_WRITE | KDB_ENABLE_REG_WRITE |
			  KDB_ENABLE_FLOW_CTRL;
	for (bit = 1; bit < ARRAY_SIZE(kdb_perm_names); bit++) {
		if (!(perm & (1U << bit)))
			continue;
		if (locked & (1U << bit))
			scnprintf(why, sizeof(why),
				  "%s are forbidden by kernel lockdown (%s)",
				  kdb_perm_names[bit],
				  (locked & (1U << bit) &
				   (KDB_ENABLE_MEM_READ | KDB_ENABLE_REG_READ)) ?
				  "confidentiality" : "integrity");
		else
			scnprintf(why, sizeof(why),
				  "%s are disabled (kdb.cmd_enable=0x%x)",
				  kdb_perm_names[bit], kdb_cmd_enable);
		return why;
	}
	scnprintf(why, sizeof(why), "disabled (kdb.cmd_enable=0x%x)",
		  kdb_cmd_enable);
	return why;
}

static int kdb_refuse(const struct kdb_cmd *c)
{
	return kdb_error(c->name, "refused: %s", kdb_why_not(c->perm));
}

/* Categories this session allows: kdb.cmd_enable less lockdown. */
static unsigned int kdb_session_perm(void)
{
	unsigned int p = kdb_cmd_enable & KDB_ENABLE_MASK;
	unsigned int deny = dbg_lockdown();

	if (p & KDB_ENABLE_ALL)
		p = KDB_ENABLE_MASK & ~KDB_ENABLE_ALL;
	if (deny & DBG_DENY_READ)
		p &= ~(KDB_ENABLE_MEM_READ | KDB_ENABLE_REG_READ);
	if (deny & DBG_DENY_WRITE)
		p &= ~(KDB_ENABLE_MEM_WRITE | KDB_ENABLE_REG_WRITE |
		       KDB_ENABLE_FLOW_CTRL);
	return p | KDB_ENABLE_ALWAYS_SAFE;
}

static int kdb_cmd_help(int argc, char **argv)
{
	const struct kdb_macro *m;
	const struct kdb_cmd *c;
	unsigned int i;
	int err;

	if (argc > 2)
		return KDB_ERR_USAGE;
	if (argc == 2) {
		c = kdb_lookup(kdb_commands, ARRAY_SIZE(kdb_commands), argv[1],
			       &err);
		m = kdb_macro_find(argv[1]);
		if (c) {
			kdb_printf("%s %s\n    %s\n", c->name, c->usage, c->help);
		} else if (m) {
			kdb_printf("%s %s (macro)\n    %s\n", m->name, m->usage,
				   m->help);
			for (i = 0; i < m->nlines; i++)
				kdb_printf("    %s\n", m->lines[i]);
		} else {
			return kdb_error(argv[0], "%s: '%s'", kdb_errstr(err),
					 argv[1]);
		}
		return 0;
	}
	kdb_printf("%-15s %-30s %s\n", "Command", "Usage", "Description");
	for (i = 0; i < ARRAY_SIZE(kdb_commands) && !kdb_stopped(); i++) {
		c = &kdb_commands[i];
		if (kdb_allowed(c, true) || kdb_allowed(c, false))
			kdb_printf("%-15s %-30s %s\n", c->name, c->usage,
				   c->help);
	}
	for (i = 0; i < KDB_MACROS && !kdb_stopped(); i++) {
		m = kdb_macro_at(i);
		if (m)
			kdb_printf("%-15s %-30s %s (macro)\n", m->name, m->usage,
				   m->help);
	}
	kdb_printf("Addresses are expressions: symbols, 0x hex, decimal, $reg, *addr, + - * / ( ).\n"
		   "Append '| grep [-v] [-i] PATTERN' to filter any command (see grephelp).\n");
	return 0;
}

static int kdb_cmd_grephelp(int argc, char **argv)
{
	if (argc > 1)
		return KDB_ERR_USAGE;
	kdb_puts("Filter any command's output: <command> | grep [-v] [-i] PATTERN\n"
		 "  PATTERN is a plain substring; quote it to include spaces.\n"
		 "  ^PATTERN matches at the start of a line, PATTERN$ at its end.\n"
		 "  -v keeps the lines that do not match, -i ignores case.\n"
		 "  Several filters chain: ps A | grep kworker | grep -v idle\n");
	return 0;
}

static int kdb_cmd_go(int argc, char **argv)
{
	u64 addr;
	int err;

	if (argc > 2)
		return KDB_ERR_USAGE;
	if (argc == 2) {
		if (!kdb.ev->can_resume_at)
			return kdb_error(argv[0], "the entering CPU cannot resume elsewhere (%s entry): it returns to where it stopped",
					 kdb.ev->reason);
		err = kdb_arg_addr(argv[0], argv[1], &addr);
		if (err)
			return err;
		err = dbg_set_reg(kdb.ev->task, dbg_reg_role(DBG_REG_PC), addr);
		if (err == -EINVAL)
			return kdb_error(argv[0], "%s refused: the CPU could not resume there (not kernel or module text)",
					 argv[1]);
		if (err)
			return kdb_core_error(argv[0], argv[1], err);
		kdb_printf("Resuming at %s\n", kdb_sym(addr));
	}
	return KDB_CMD_RESUME;
}

static int kdb_cmd_reboot(int argc, char **argv)
{
	if (argc > 1)
		return KDB_ERR_USAGE;
	return KDB_CMD_REBOOT;
}

/* Hand the console to the GDB stub, in this stop and at later entries. */
static int kdb_cmd_kgdb(int argc, char **argv)
{
	if (argc > 1)
		return KDB_ERR_USAGE;
	if (dbg_frontend_switch("gdb"))
		return kdb_error(argv[0], "no GDB stub in this kernel (CONFIG_DBG_GDBSTUB)");
	kdb.to_gdb = true;
	return KDB_CMD_RESUME;
}

/* --- running a line ----------------------------------------------------- */

struct kdb_call {
	const struct kdb_cmd *cmd;
	int argc;
	char **argv;
};

static int kdb_call_cmd(void *arg)
{
	struct kdb_call *call = arg;

	return call->cmd->fn(call->argc, call->argv);
}

/* A word that is not a command: show the expression's value. */
static int kdb_eval_word(int argc, char **argv)
{
	u64 val;

	if (!(kdb.perm & (KDB_ENABLE_MEM_READ | KDB_ENABLE_FLOW_CTRL)))
		return kdb_error(argv[0], "unknown command; expressions are refused: %s",
				 kdb_why_not(KDB_ENABLE_MEM_READ));
	if (argc > 1)
		return kdb_error(argv[0], "unknown command (try 'help')");
	if (dbg_eval(argv[0], kdb.task, kdb_eval_flags(), &val, kdb_errbuf,
		     sizeof(kdb_errbuf)))
		return kdb_error(argv[0], "unknown command, and not an expression: %s",
				 kdb_errbuf);
	kdb_printf("%s = 0x%llx (%llu)", argv[0], val, val);
	if (kdb_has_sym(val))
		kdb_printf(" %s", kdb_sym(val));
	kdb_printf("\n");
	return 0;
}

static int kdb_run_macro(const struct kdb_macro *m)
{
	char *work;
	unsigned int i;
	int ret = 0;

	if (kdb.macro_depth >= KDB_MACRO_DEPTH)
		return kdb_error(m->name, "macros nested too deeply (%d)",
				 KDB_MACRO_DEPTH);
	kdb.macro_depth++;
	for (i = 0; i < m->nlines && !kdb_stopped(); i++) {
		kdb_printf("[%s]kdb> %s\n", m->name, m->lines[i]);
		work = kdb_work[kdb.macro_depth];
		memcpy(work, m->lines[i], KDB_MACRO_LINE_MAX);
		ret = kdb_run_line(work);
		if (ret == KDB_CMD_RESUME || ret == KDB_CMD_REBOOT)
			break;
		ret = 0;
	}
	kdb.macro_depth--;
	return ret;
}

/* Parse the '| grep ...' clauses after the command. */
static int kdb_add_pipes(char *rest)
{
	/* Static: kdb may run on a small NMI stack; master only. */
	static char *argv[KDB_MAXARGS];
	static struct kdb_grep g;
	char *next;
	int argc, err;

	while (rest) {
		next = kdb_split_pipe(rest);
		argc = kdb_tokenize(rest, argv, KDB_MAXARGS);
		if (argc <= 0)
			return kdb_error("|", "nothing after '|' (try grephelp)");
		err = kdb_grep_parse(&g, argc, argv);
		if (err == -E2BIG)
			return kdb_error("|", "pattern too long");
		if (err)
			return kdb_error("|", "only '| grep [-v] [-i] PATTERN' is supported (try grephelp)");
		if (kdb_out_add_grep(&kdb.out, &g))
			return kdb_error("|", "at most %d filters", KDB_GREP_MAX);
		rest = next;
	}
	return 0;
}

static int kdb_dispatch(int argc, char **argv)
{
	const struct kdb_macro *m;
	const struct kdb_cmd *c;
	struct kdb_call call;
	int err;

	/* mainline's "-cmd": run it, whatever its errors (macros go on). */
	if (argv[0][0] == '-' && argv[0][1] &&
	    (kdb_macro_find(argv[0] + 1) ||
	     kdb_lookup(kdb_commands, ARRAY_SIZE(kdb_commands), argv[0] + 1,
			&err)))
		argv[0]++;
	m = kdb_macro_find(argv[0]);
	if (m) {
		if (argc > 1)
			return kdb_error(argv[0], "macros take no arguments");
		return kdb_run_macro(m);
	}
	c = kdb_lookup(kdb_commands, ARRAY_SIZE(kdb_commands), argv[0], &err);
	if (!c) {
		if (err == KDB_ERR_AMBIGUOUS)
			return kdb_error(argv[0], "ambiguous command (try 'help')");
		return kdb_eval_word(argc, argv);
	}
	/* An abbreviation ("m") reaches the command as its name ("md"). */
	if (strncmp(argv[0], c->name, strlen(c->name)))
		argv[0] = (char *)c->name;
	if (!kdb_allowed(c, argc == 1))
		return kdb_refuse(c);
	if (c->flags & KDB_CMD_REPEAT && !kdb.macro_depth)
		memcpy(kdb.repeat, c->name, strlen(c->name) + 1);
	else if (!kdb.macro_depth)
		kdb.repeat[0] = '\0';
	call = (struct kdb_call){ .cmd = c, .argc = argc, .argv = argv };
	err = dbg_call_protected(kdb_call_cmd, &call);
	if (err == -EFAULT)
		return kdb_error(c->name, "%s", kdb_errstr(KDB_ERR_FAULT));
	if (err == KDB_ERR_USAGE)
		return kdb_error(c->name, "wrong arguments; usage: %s%s%s",
				 c->name, c->usage[0] ? " " : "", c->usage);
	if (err < 0 && err != KDB_ERR_REPORTED)
		return kdb_core_error(c->name, NULL, err);
	return err;
}

/**
 * kdb_run_line - run one command line
 * @line: the line; modified (split into words in place)
 *
 * Handles '| grep' clauses, macros, commands and expressions. An empty
 * line at the prompt repeats the last md-like command, continuing where
 * it stopped.
 *
 * Return: KDB_CMD_CONTINUE, KDB_CMD_RESUME or KDB_CMD_REBOOT.
 */
int kdb_run_line(char *line)
{
	unsigned int saved_grep = kdb.out.ngrep;
	char **argv = kdb_argv[kdb.macro_depth];
	char *rest;
	int argc, ret;

	rest = kdb_split_pipe(line);
	argc = kdb_tokenize_quoted(line, argv, KDB_MAXARGS, &kdb.quoted);
	if (argc < 0) {
		ret = kdb_error("kdb", "%s", kdb_errstr(argc));
		goto out;
	}
	if (!argc && rest) {
		ret = kdb_error("|", "no command before '|'");
		goto out;
	}
	if (!argc) {
		ret = 0;
		if (kdb.macro_depth || !kdb.repeat[0])
			goto out;
		memcpy(kdb_repeat_line, kdb.repeat, sizeof(kdb_repeat_line));
		argv[0] = kdb_repeat_line;
		argc = 1;
	}
	ret = kdb_add_pipes(rest);
	if (!ret)
		ret = kdb_dispatch(argc, argv);
out:
	kdb_out_end(&kdb.out);
	kdb.out.ngrep = saved_grep;
	return ret == KDB_CMD_RESUME || ret == KDB_CMD_REBOOT ? ret : 0;
}

/* --- completion --------------------------------------------------------- */

static int kdb_complete_sym(void *ctx, const char *name)
{
	kdb_completion_add(ctx, name);
	return 0;
}

static void kdb_complete(struct kdb_completion *c, void *ctx)
{
	const struct kdb_macro *m;
	unsigned int i;
	char name[24];

	if (c->word[0] == '$' || c->word[0] == '%') {
		for (i = 0; i < dbg_reg_count(); i++) {
			scnprintf(name, sizeof(name), "%c%s", c->word[0],
				  dbg_reg_name(i));
			kdb_completion_add(c, name);
		}
		return;
	}
	if (c->first_word) {
		for (i = 0; i < ARRAY_SIZE(kdb_commands); i++)
			kdb_completion_add(c, kdb_commands[i].name);
		for (i = 0; i < KDB_MACROS; i++) {
			m = kdb_macro_at(i);
			if (m)
				kdb_completion_add(c, m->name);
		}
		if (c->count)
			return;
	}
	if (c->word_len && (kdb.perm & KDB_ENABLE_MEM_READ))
		dbg_sym_complete(c->word, kdb_complete_sym, c);
}

static void kdb_echo(const char *s, size_t n, void *ctx)
{
	dbg_write(s, n);
}

static const struct kdb_line_ops kdb_line_ops = {
	.echo = kdb_echo,
	.complete = kdb_complete,
};

/* --- the session --------------------------------------------------------- */

/* Read one line with polled input; false if it was cancelled. */
/* The longest gdb packet taken at the prompt (its first is ~200 bytes). */
#define KDB_GDB_PACKET_MAX	2048

/*
 * How gdb's first packet begins (gdb 7 and later send qSupported first;
 * "?" is what older ones and tools send), after gdb's ack, '+'.
 */
static const char *const kdb_gdb_hello[] = { "$qSupported", "$?#3f" };
#define KDB_GDB_HELD_MAX	16

/* 0: @held is not how gdb begins; 1: it may be; 2: it is. */
static int kdb_gdb_match(const char *held, unsigned int n)
{
	unsigned int i, skip = held[0] == '+';
	int match = 0;

	for (i = 0; i < ARRAY_SIZE(kdb_gdb_hello); i++) {
		size_t len = strlen(kdb_gdb_hello[i]);

		if (n - skip <= len &&
		    !strncmp(held + skip, kdb_gdb_hello[i], n - skip))
			match = max(match, n - skip == len ? 2 : 1);
	}
	return match;
}

/*
 * gdb attaching on the line kdb has: its first packet, whose beginning
 * (@held, not echoed) was read at an empty prompt, is handed to the GDB
 * stub byte by byte and the rest read on. Whole and good, the stub
 * acknowledges it and takes the line, answering it in this stop, as
 * mainline kdb lets gdb in. A CR or LF before the '#', a bad checksum or
 * a packet too long gives the line back to kdb.
 *
 * Return: true if the stub takes over.
 */
static bool kdb_gdb_packet(const char *held, unsigned int n)
{
	unsigned int i = held[0] == '+', sum_left = 0;
	bool in_sum = false;
	int c, ret;

	for (; i < KDB_GDB_PACKET_MAX; i++) {
		c = i < n ? held[i] : kdb_wait_key();
		if (!in_sum && (c == '\r' || c == '\n'))
			break;
		ret = dbg_frontend_input("gdb", c);
		if (ret < 0)
			break;
		if (ret > 0) {
			kdb.to_gdb = true;
			kdb.to_gdb_quiet = true;
			return dbg_frontend_switch("gdb") == 0;
		}
		if (!in_sum && c == '#') {
			in_sum = true;
			sum_left = 3;
		}
		if (in_sum && !--sum_left)
			break;
	}
	kdb.out.ops->write("\n", 1, kdb.out.ctx);
	kdb_error("gdb", "not a gdb packet: ignored");
	return false;
}

static bool kdb_read_line(const char *prompt)
{
	struct kdb_line *l = &kdb.line;
	char held[KDB_GDB_HELD_MAX];
	unsigned int n = 0, i;
	int c;

	kdb_line_start(l, prompt);
	for (;;) {
		c = kdb_wait_key();
		/*
		 * At an empty prompt, what may be gdb's first packet is held
		 * back, unechoed, until it is or is not ("$rip" is kdb's).
		 */
		if (!l->len && !l->esc && (n || c == '+' || c == '$')) {
			held[n++] = c;
			switch (kdb_gdb_match(held, n)) {
			case 1:
				continue;
			case 2:
				if (kdb_gdb_packet(held, n))
					return false;
				n = 0;
				kdb_line_start(l, prompt);
				continue;
			}
			/* Not gdb's: typed, late. */
			for (i = 0; i + 1 < n; i++)
				kdb_line_feed(l, held[i]);
			c = held[n - 1];
			n = 0;
		}
		switch (kdb_line_feed(l, c)) {
		case KDB_LINE_DONE:
			return true;
		case KDB_LINE_CANCEL:
			return false;
		case KDB_LINE_EDITING:
			break;
		}
	}
}

/* The prompt: PROMPT with the selected CPU for its %d. */
static const char *kdb_prompt(void)
{
	static char prompt[KDB_PROMPT_MAX];
	const char *fmt = kdb_env_get("PROMPT");
	int cpu = kdb.cpu >= 0 ? kdb.cpu : kdb.ev->cpu;

	if (kdb_macro_defining())
		return "defcmd> ";
	if (!fmt || kdb_env_check("PROMPT", fmt))
		fmt = "[%d]kdb> ";
	/* kdb_env_check() allows at most one %d and no other '%'. */
	scnprintf(prompt, sizeof(prompt), fmt, cpu);
	return prompt;
}

/* A line while a defcmd definition is open. */
static void kdb_define_line(char *line)
{
	char *argv[2];
	int err;

	if (kdb_tokenize(line, argv, 2) == 1 && !strcmp(argv[0], "endefcmd")) {
		err = kdb_macro_end();
		if (err)
			kdb_error("defcmd", "%s", kdb_macro_strerror(err));
		return;
	}
	/* The tokenizer wrote NULs into the line: put the spaces back. */
	err = kdb_macro_add_line(kdb.line.buf);
	if (err)
		kdb_error("defcmd", "%s (type endefcmd to end)",
			  kdb_macro_strerror(err));
}

static void kdb_begin_output(void)
{
	kdb_out_begin(&kdb.out, kdb_env_get_num("LINES", 24),
		      kdb_env_get_num("COLUMNS", 80),
		      kdb_env_get("MOREPROMPT"));
}

/* Returns true if the master stopped at a breakpoint (@hit set). */
static bool kdb_banner(const struct dbg_event *ev, struct dbg_bp *hit)
{
	unsigned int deny = dbg_lockdown();
	bool at_bp;

	kdb_printf("\nEntering kdb on CPU %d (reason: %s) at %s\n", ev->cpu,
		   ev->reason, kdb_sym(ev->pc));
	if (ev->msg)
		kdb_printf("%s: %s\n", ev->reason, ev->msg);
	at_bp = !(deny & DBG_DENY_READ) && kdb_bp_banner(ev, hit);
	if (deny & DBG_DENY_READ)
		kdb_printf("kernel lockdown (confidentiality): no memory or register reads\n");
	if (deny & DBG_DENY_WRITE)
		kdb_printf("kernel lockdown (integrity): no memory or register writes, no flow control\n");
	return at_bp;
}

/*
 * The commands of the breakpoint the master stopped at, one by one, as
 * if typed; a `go` among them resumes. Returns KDB_CMD_RESUME or 0.
 */
static int kdb_bp_run_cmds(const struct dbg_bp *bp)
{
	const char *p = bp->cmds, *end;
	size_t n;
	int ret;

	for (; *p; p = *end ? end + 1 : end) {
		while (*p == ' ')
			p++;
		end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		n = end - p;
		while (n && p[n - 1] == ' ')
			n--;
		if (!n)
			continue;
		memcpy(kdb_work[0], p, n);
		kdb_work[0][n] = '\0';
		kdb_begin_output();
		kdb_printf("%s%s\n", kdb_prompt(), kdb_work[0]);
		ret = kdb_run_line(kdb_work[0]);
		if (ret == KDB_CMD_RESUME || ret == KDB_CMD_REBOOT)
			return ret;
	}
	return 0;
}

static void kdb_first_use(void)
{
	static bool initialised;

	if (initialised)
		return;
	kdb_env_reset();
	kdb_macros_init();
	kdb_line_init(&kdb.line, &kdb_line_ops, NULL);
	initialised = true;
}

/* Where a command run for another front-end writes (kdb_command()). */
static struct {
	void (*out)(const char *s, size_t n, void *ctx);
	void *ctx;
} kdb_capture;

static void kdb_capture_put(const char *s, size_t n, void *ctx)
{
	kdb_capture.out(s, n, kdb_capture.ctx);
	dbg_transcript_add(s, n);
}

/* No Ctrl-C and no pager: the other front-end's user cannot answer. */
static int kdb_capture_getc(void *ctx)
{
	return -1;
}

static const struct kdb_out_ops kdb_capture_ops = {
	.write = kdb_capture_put,
	.getc = kdb_capture_getc,
	.idle = kdb_console_idle,
};

/* Commands that end a session: the other front-end has its own. */
static const char *const kdb_not_for_others[] = {
	"go", "ss", "so", "finish", "until", "reboot", "kgdb",
};

/**
 * kdb_command - run one kdb command line for another front-end
 * @ev: the entry the machine is stopped at
 * @line: the command line
 * @out: where its output goes
 * @ctx: passed to @out
 *
 * gdb's "monitor <kdb command>". Commands that resume, step or reboot
 * are refused: the other front-end does that its own way.
 *
 * Return: 0, or -EINVAL for a refused command.
 */
static int kdb_command(const struct dbg_event *ev, const char *line,
		       void (*out)(const char *s, size_t n, void *ctx),
		       void *ctx)
{
	unsigned int i;
	size_t n;
	int ret;

	kdb_first_use();
	kdb_capture.out = out;
	kdb_capture.ctx = ctx;
	kdb.capturing = true;
	kdb_out_init(&kdb.out, &kdb_capture_ops, NULL);
	kdb_out_begin(&kdb.out, 0, kdb_env_get_num("COLUMNS", 80), "");
	for (i = 0; i < ARRAY_SIZE(kdb_not_for_others); i++) {
		n = strlen(kdb_not_for_others[i]);
		while (*line == ' ')
			line++;
		if (!strncmp(line, kdb_not_for_others[i], n) &&
		    (!line[n] || line[n] == ' ')) {
			kdb_printf("kdb: %s: not from here: use the debugger's own way to resume, step or reboot\n",
				   kdb_not_for_others[i]);
			kdb_out_end(&kdb.out);
			kdb.capturing = false;
			return -EINVAL;
		}
	}
	kdb.ev = ev;
	kdb.perm = kdb_session_perm();
	kdb.macro_depth = 0;
	kdb_select_task(ev->task, ev->cpu);
	scnprintf(kdb_work[0], sizeof(kdb_work[0]), "%s", line);
	ret = kdb_run_line(kdb_work[0]);
	kdb_out_end(&kdb.out);
	kdb.capturing = false;
	return ret == KDB_CMD_RESUME || ret == KDB_CMD_REBOOT ? -EINVAL : 0;
}

static enum dbg_action kdb_session(const struct dbg_event *ev)
{
	static struct dbg_bp hit;
	const char *prompt;
	bool at_bp;
	int ret = 0;

	kdb_first_use();
	kdb_out_init(&kdb.out, &kdb_console_ops, NULL);
	kdb.ev = ev;
	kdb.perm = kdb_session_perm();
	kdb.repeat[0] = '\0';
	kdb.macro_depth = 0;
	kdb.md_next = 0;
	kdb.mdr_len = 0;
	kdb_select_task(ev->task, ev->cpu);
	kdb_macro_abort();

	kdb_begin_output();
	at_bp = kdb_banner(ev, &hit);
	kdb_out_end(&kdb.out);
	ret = kdb_ss_continue(ev);
	if (!ret && at_bp && hit.cmds[0])
		ret = kdb_bp_run_cmds(&hit);
	while (ret != KDB_CMD_REBOOT && ret != KDB_CMD_RESUME) {
		prompt = kdb_prompt();
		if (!kdb_read_line(prompt)) {
			if (kdb.to_gdb)
				break;
			if (kdb_macro_defining()) {
				kdb_macro_abort();
				kdb_error("defcmd", "definition dropped");
			}
			continue;
		}
		memcpy(kdb_work[0], kdb.line.buf, sizeof(kdb.line.buf));
		/* The line as entered, not the editing keys' echo. */
		dbg_transcript_add(prompt, strlen(prompt));
		dbg_transcript_add(kdb_work[0], strlen(kdb_work[0]));
		dbg_transcript_add("\n", 1);
		if (kdb_macro_defining()) {
			kdb_define_line(kdb_work[0]);
			continue;
		}
		kdb_begin_output();
		ret = kdb_run_line(kdb_work[0]);
	}
	kdb_begin_output();
	if (kdb.to_gdb) {
		/* gdb's packet came: its reply is the next thing on the line. */
		if (!kdb.to_gdb_quiet)
			kdb_printf("Entering the GDB stub: connect gdb to this line\n");
		kdb.to_gdb = false;
		kdb.to_gdb_quiet = false;
		kdb_out_end(&kdb.out);
		return DBG_ACTION_SWITCH;
	}
	if (ret == KDB_CMD_REBOOT)
		kdb_printf("Rebooting\n");
	else if (ev->fatal)
		kdb_printf("Resuming the panic; the other CPUs stay halted\n");
	else if (!kdb.stepping)
		kdb_printf("Resuming\n");
	kdb_out_end(&kdb.out);
	return ret == KDB_CMD_REBOOT ? DBG_ACTION_REBOOT : DBG_ACTION_RESUME;
}

/* kdb as the debug core sees it. */
struct dbg_frontend kdb_frontend = {
	.name = "kdb",
	.session = kdb_session,
	.command = kdb_command,
};
