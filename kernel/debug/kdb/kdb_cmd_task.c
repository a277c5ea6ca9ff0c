// SPDX-License-Identifier: GPL-2.0
/*
 * kdb task and CPU commands: ps, pid, cpu, cpus, the backtraces (bt,
 * btp, btt, bta, btc), stacks, findstack, kill. Portable: tasks, stacks
 * and CPUs come from the debug core.
 */

#include "kdb_env.h"
#include "kdb_private.h"

#define KDB_STACKS_MAX		256	/* distinct stacks it groups */
#define KDB_STACKS_DEPTH	24	/* frames compared and kept */
#define KDB_STACKS_PIDS		8	/* pids listed per group */

static struct dbg_task kdb_t;
static struct dbg_frame kdb_frames[DBG_BT_MAX];

/**
 * kdb_ps_state - the state letter ps shows for a task
 * @t: the task
 *
 * Return: R S D T t X Z P I as /proc has them, '-' for an idle task, and
 * lower case for a kernel thread sleeping (s, i), as mainline kdb shows
 * them.
 */
char kdb_ps_state(const struct dbg_task *t)
{
	if (t->idle)
		return '-';
	if (t->kthread && (t->state == 'S' || t->state == 'I'))
		return (char)tolower(t->state);
	return t->state;
}

/**
 * kdb_ps_match - does a task state letter pass a ps/bta state filter?
 * @mask: the letters to show; 'A' shows all; NULL or "" hides idle tasks
 *	and sleeping kernel threads ("-ims")
 * @state: a letter from kdb_ps_state()
 *
 * Return: true if the task is shown.
 */
bool kdb_ps_match(const char *mask, char state)
{
	if (!mask || !*mask)
		return !strchr("-ims", state);
	if (strchr(mask, 'A'))
		return true;
	return strchr(mask, state);
}

/* The mask a command uses: its argument, else env PS. */
static const char *kdb_ps_mask(int argc, char **argv)
{
	return argc > 1 ? argv[1] : kdb_env_get("PS");
}

/**
 * kdb_task_line_header - the column titles of kdb_task_line()
 */
void kdb_task_line_header(void)
{
	kdb_printf("%-18s %7s %7s %7s %4s %-3s %s\n", "Task Addr", "Pid",
		   "Tgid", "Parent", "Cpu", "St", "Command");
}

/**
 * kdb_task_line - one line describing a task, as ps shows it
 * @t: the task
 *
 * A '*' after the state marks a task running on a CPU, '>' the task the
 * shell has selected.
 */
void kdb_task_line(const struct dbg_task *t)
{
	kdb_printf("0x%016llx %7d %7d %7d %4d %c%c%c %s\n", t->addr, t->pid,
		   t->tgid, t->ppid, t->cpu, kdb_ps_state(t),
		   t->running ? '*' : ' ', t->addr == kdb.task ? '>' : ' ',
		   t->comm);
}

/**
 * kdb_cmd_ps - list tasks
 * @argc: words
 * @argv: ps [state chars|A]
 *
 * Return: 0 or an error.
 */
int kdb_cmd_ps(int argc, char **argv)
{
	const char *mask = kdb_ps_mask(argc, argv);
	struct dbg_task_iter it = {};
	unsigned int hidden = 0;
	int ret = 0;

	if (argc > 2)
		return KDB_ERR_USAGE;
	kdb_task_line_header();
	while (!kdb_stopped() && (ret = dbg_task_next(&it, &kdb_t)) == 1) {
		if (kdb_ps_match(mask, kdb_ps_state(&kdb_t)))
			kdb_task_line(&kdb_t);
		else
			hidden++;
	}
	if (ret < 0)
		return kdb_core_error(argv[0], "task list", ret);
	if (hidden && (!mask || !*mask))
		kdb_printf("%u idle tasks (-) and sleeping kernel threads (i, s) not shown: 'ps A' shows all\n",
			   hidden);
	return 0;
}

/**
 * kdb_cmd_pid - select a task for rd, rm, bt and $reg
 * @argc: words
 * @argv: pid pid|R
 *
 * Return: 0 or an error.
 */
int kdb_cmd_pid(int argc, char **argv)
{
	u64 pid;
	int err;

	if (argc != 2)
		return KDB_ERR_USAGE;
	if (!strcmp(argv[1], "R")) {
		err = dbg_task_by_addr(kdb.ev->task, &kdb_t);
	} else {
		err = kdb_arg_num(argv[0], argv[1], 0, 0x7fffffff, &pid);
		if (err)
			return err;
		err = dbg_task_by_pid((int)pid, &kdb_t);
		if (err == -ESRCH)
			return kdb_error(argv[0], "no task with pid %s",
					 argv[1]);
	}
	if (err)
		return kdb_core_error(argv[0], argv[1], err);
	kdb_select_task(kdb_t.addr, kdb_t.running && kdb_t.cpu_stopped ?
			kdb_t.cpu : -1);
	kdb_printf("Selected pid %d (%s)", kdb_t.pid, kdb_t.comm);
	if (kdb_t.running)
		kdb_printf(", running on CPU %d%s\n", kdb_t.cpu,
			   kdb_t.cpu_stopped ? "" : " (which did not stop)");
	else
		kdb_printf(", not running (state %c)\n", kdb_t.state);
	return 0;
}

static void kdb_print_cpu(const struct dbg_cpu *c)
{
	static char pc[DBG_SYM_NAME_LEN + DBG_MODNAME_LEN + 48];
	char lat[16];
	bool master = c->state == DBG_CPU_MASTER;

	if (c->state == DBG_CPU_OFFLINE) {
		kdb_printf(" %3u  offline\n", c->cpu);
		return;
	}
	if (c->state != DBG_CPU_STOPPED && !master) {
		kdb_printf(" %3u  %-8s %-5s (state unknown: not stopped)\n",
			   c->cpu, c->state_name, c->method);
		return;
	}
	if (master)
		memcpy(lat, "-", 2);
	else
		kdb_fmt_duration(lat, sizeof(lat), c->latency_ns);
	if (c->user)
		scnprintf(pc, sizeof(pc), "user:0x%016llx", c->pc);
	else
		dbg_symbolize(c->pc, pc, sizeof(pc));
	kdb_printf("%c%3u  %-8s %-5s %-9s %-7s %6d %-15s %s",
		   master ? '*' : (int)c->cpu == kdb.cpu ? '>' : ' ', c->cpu,
		   c->state_name, c->method, c->context, lat, c->pid, c->comm,
		   pc);
	if (c->reason)
		kdb_printf("  [%s]", c->reason);
	kdb_printf("\n");
}

/**
 * kdb_cmd_cpus - every CPU: state, how it was stopped, task, PC
 * @argc: words
 * @argv: cpus
 *
 * Return: 0 or an error.
 */
int kdb_cmd_cpus(int argc, char **argv)
{
	unsigned int cpu, nr = dbg_nr_cpus();
	struct dbg_cpu c;

	if (argc > 1)
		return KDB_ERR_USAGE;
	kdb_printf(" CPU  STATE    HOW   CONTEXT   PARKED     PID COMMAND         PC\n");
	for (cpu = 0; cpu < nr && !kdb_stopped(); cpu++)
		if (!dbg_get_cpu(cpu, &c))
			kdb_print_cpu(&c);
	return 0;
}

/**
 * kdb_cmd_cpu - select a CPU's task, or list the CPUs
 * @argc: words
 * @argv: cpu [n]
 *
 * Unlike mainline kdb the shell stays on the CPU it entered on; the
 * selection says whose registers and stack rd and bt show.
 *
 * Return: 0 or an error.
 */
int kdb_cmd_cpu(int argc, char **argv)
{
	unsigned int cpu;
	struct dbg_cpu c;
	int err;

	if (argc > 2)
		return KDB_ERR_USAGE;
	if (argc == 1) {
		kdb_cmd_cpus(1, argv);
		kdb_printf("Selected: %s%d\n", kdb.cpu >= 0 ? "CPU " : "pid ",
			   kdb.cpu >= 0 ? kdb.cpu :
			   (dbg_task_by_addr(kdb.task, &kdb_t) ? -1 :
			    kdb_t.pid));
		return 0;
	}
	err = kdb_arg_cpu(argv[0], argv[1], &cpu);
	if (err)
		return err;
	if (dbg_get_cpu(cpu, &c))
		return kdb_error(argv[0], "no CPU %u", cpu);
	if (c.state != DBG_CPU_STOPPED && c.state != DBG_CPU_MASTER)
		return kdb_error(argv[0], "CPU %u is %s: %s", cpu, c.state_name,
				 c.state == DBG_CPU_OFFLINE ? "nothing to see" :
				 "it did not stop, its state is unknown");
	err = dbg_cpu_task(cpu, &kdb_t);
	if (err)
		return kdb_core_error(argv[0], argv[1], err);
	kdb_select_task(kdb_t.addr, cpu);
	kdb_printf("Selected CPU %u: pid %d (%s)\n", cpu, kdb_t.pid,
		   kdb_t.comm);
	return 0;
}

/*
 * The frames of a backtrace, at most BTDEPTH; n set; *cut set when there
 * were more (one more is asked for, to know). 0 or a core error.
 */
static int kdb_get_bt(u64 task, u64 first, unsigned int *n, bool *cut)
{
	long depth = kdb_env_get_num("BTDEPTH", 32);
	int err;

	if (depth < 1 || depth > DBG_BT_MAX)
		depth = DBG_BT_MAX;
	err = dbg_backtrace(task, first, kdb_frames,
			    min_t(long, depth + 1, DBG_BT_MAX), n);
	*cut = *n > depth || *n == DBG_BT_MAX;
	if (*n > depth)
		*n = depth;
	return err;
}

/* Print @t's backtrace; errors are printed as part of it. */
static void kdb_bt_task(const struct dbg_task *t, u64 first)
{
	unsigned int i, n;
	int err, last_stack = -1;
	bool cut;

	kdb_printf("Stack traceback for pid %d (%s)", t->pid, t->comm);
	if (t->running)
		kdb_printf(", running on CPU %d", t->cpu);
	else
		kdb_printf(", state %c", t->state);
	kdb_printf(":\n");
	err = kdb_get_bt(t->addr, first, &n, &cut);
	if (err) {
		kdb_printf("  no backtrace: %s\n", kdb_errstr(err));
		return;
	}
	for (i = 0; i < n && !kdb_stopped(); i++) {
		const struct dbg_frame *f = &kdb_frames[i];

		if (f->stack != last_stack && f->stack != DBG_STACK_UNKNOWN) {
			if (last_stack >= 0)
				kdb_printf("  -- %s stack --\n",
					   dbg_stack_name(f->stack));
			last_stack = f->stack;
		}
		if (f->entry && f->stack == DBG_STACK_UNKNOWN)
			kdb_printf(" #%-2u 0x%016llx (user mode)\n", i, f->pc);
		else if (f->entry)
			kdb_printf(" #%-2u 0x%016llx %s  (interrupted here)\n",
				   i, f->pc, kdb_sym(f->pc));
		else
			kdb_printf(" #%-2u 0x%016llx %s\n", i, f->pc,
				   kdb_sym_ret(f->pc));
	}
	if (cut)
		kdb_printf("  (stopped at %u frames: BTDEPTH, at most %d)\n", n,
			   DBG_BT_MAX);
}

/**
 * kdb_cmd_bt - backtrace of the selected task
 * @argc: words
 * @argv: bt [stack addr]
 *
 * Return: 0 or an error.
 */
int kdb_cmd_bt(int argc, char **argv)
{
	u64 first = 0;
	int err;

	if (argc > 2)
		return KDB_ERR_USAGE;
	if (argc == 2) {
		err = kdb_arg_addr(argv[0], argv[1], &first);
		if (err)
			return err;
	}
	err = dbg_task_by_addr(kdb.task, &kdb_t);
	if (err)
		return kdb_core_error(argv[0], "selected task", err);
	kdb_bt_task(&kdb_t, first);
	return 0;
}

/**
 * kdb_cmd_btp - backtrace of a task by pid
 * @argc: words
 * @argv: btp pid
 *
 * Return: 0 or an error.
 */
int kdb_cmd_btp(int argc, char **argv)
{
	u64 pid;
	int err;

	if (argc != 2)
		return KDB_ERR_USAGE;
	err = kdb_arg_num(argv[0], argv[1], 0, 0x7fffffff, &pid);
	if (err)
		return err;
	err = dbg_task_by_pid((int)pid, &kdb_t);
	if (err == -ESRCH)
		return kdb_error(argv[0], "no task with pid %s", argv[1]);
	if (err)
		return kdb_core_error(argv[0], argv[1], err);
	kdb_bt_task(&kdb_t, 0);
	return 0;
}

/**
 * kdb_cmd_btt - backtrace of a task by task_struct address
 * @argc: words
 * @argv: btt addr
 *
 * Return: 0 or an error.
 */
int kdb_cmd_btt(int argc, char **argv)
{
	u64 addr;
	int err;

	if (argc != 2)
		return KDB_ERR_USAGE;
	err = kdb_arg_addr(argv[0], argv[1], &addr);
	if (err)
		return err;
	err = dbg_task_by_addr(addr, &kdb_t);
	if (err == -ESRCH)
		return kdb_error(argv[0], "0x%llx is not a task (ps shows their addresses)",
				 addr);
	if (err)
		return kdb_core_error(argv[0], argv[1], err);
	kdb_bt_task(&kdb_t, 0);
	return 0;
}

/* bta's pause between tasks, when BTAPROMPT is 1; false to stop. */
static bool kdb_bta_prompt(void)
{
	int c;

	/* Nobody to answer a command run for another front-end. */
	if (kdb.capturing)
		return true;
	dbg_write("Enter <q> to end, <cr> or <space> to continue:", 46);
	c = kdb_wait_key();
	dbg_write("\n", 1);
	return c != 'q' && c != 'Q' && c != 3;
}

/**
 * kdb_cmd_bta - backtrace of every task whose state matches
 * @argc: words
 * @argv: bta [state chars|A]
 *
 * Return: 0 or an error.
 */
int kdb_cmd_bta(int argc, char **argv)
{
	const char *mask = kdb_ps_mask(argc, argv);
	struct dbg_task_iter it = {};
	bool prompt = kdb_env_get_num("BTAPROMPT", 0) == 1;
	int ret = 0;

	if (argc > 2)
		return KDB_ERR_USAGE;
	while (!kdb_stopped() && (ret = dbg_task_next(&it, &kdb_t)) == 1) {
		if (!kdb_ps_match(mask, kdb_ps_state(&kdb_t)))
			continue;
		kdb_bt_task(&kdb_t, 0);
		kdb_printf("\n");
		if (prompt && !kdb_bta_prompt())
			break;
	}
	if (ret < 0)
		return kdb_core_error(argv[0], "task list", ret);
	return 0;
}

/**
 * kdb_cmd_btc - backtrace of the task each stopped CPU runs
 * @argc: words
 * @argv: btc [cpu]
 *
 * Return: 0 or an error.
 */
int kdb_cmd_btc(int argc, char **argv)
{
	unsigned int cpu, first = 0, last = dbg_nr_cpus() - 1;
	struct dbg_cpu c;
	int err;

	if (argc > 2)
		return KDB_ERR_USAGE;
	if (argc == 2) {
		err = kdb_arg_cpu(argv[0], argv[1], &first);
		if (err)
			return err;
		last = first;
	}
	for (cpu = first; cpu <= last && !kdb_stopped(); cpu++) {
		if (dbg_get_cpu(cpu, &c) || c.state == DBG_CPU_OFFLINE) {
			if (argc == 2)
				return kdb_error(argv[0], "CPU %u is offline",
						 cpu);
			continue;
		}
		kdb_printf("CPU %u:\n", cpu);
		if (c.state != DBG_CPU_STOPPED && c.state != DBG_CPU_MASTER) {
			kdb_printf("  %s: it did not stop, no backtrace\n\n",
				   c.state_name);
			continue;
		}
		err = dbg_cpu_task(cpu, &kdb_t);
		if (err) {
			kdb_printf("  no task: %s\n\n", kdb_errstr(err));
			continue;
		}
		kdb_bt_task(&kdb_t, 0);
		kdb_printf("\n");
	}
	return 0;
}

/* --- stacks: tasks grouped by identical stacks --------------------------- */

struct kdb_stack_group {
	u64 pc[KDB_STACKS_DEPTH];
	u32 entry;		/* bit i: pc[i] is an interrupted PC */
	unsigned int depth;
	unsigned int count;
	int pids[KDB_STACKS_PIDS];
	char state;
	bool mixed_states;
};

static struct kdb_stack_group kdb_groups[KDB_STACKS_MAX];
static unsigned int kdb_ngroups;

static struct kdb_stack_group *kdb_group_find(const struct dbg_frame *f,
					      unsigned int n)
{
	unsigned int i, j;

	for (i = 0; i < kdb_ngroups; i++) {
		if (kdb_groups[i].depth != n)
			continue;
		for (j = 0; j < n && kdb_groups[i].pc[j] == f[j].pc; j++)
			;
		if (j == n)
			return &kdb_groups[i];
	}
	if (kdb_ngroups == KDB_STACKS_MAX)
		return NULL;
	kdb_groups[kdb_ngroups].depth = n;
	kdb_groups[kdb_ngroups].count = 0;
	kdb_groups[kdb_ngroups].entry = 0;
	for (j = 0; j < n; j++) {
		kdb_groups[kdb_ngroups].pc[j] = f[j].pc;
		if (f[j].entry)
			kdb_groups[kdb_ngroups].entry |= BIT(j);
	}
	return &kdb_groups[kdb_ngroups++];
}

static bool kdb_stack_has(const struct dbg_frame *f, unsigned int n,
			  u64 start, u64 size)
{
	unsigned int i;

	/* A return address counts for the function its call is in. */
	for (i = 0; i < n; i++)
		if (f[i].pc - !f[i].entry - start < size)
			return true;
	return false;
}

static void kdb_group_print(const struct kdb_stack_group *g)
{
	unsigned int i;

	kdb_printf("%u task%s, state %c%s, pid%s", g->count,
		   g->count == 1 ? "" : "s", g->state,
		   g->mixed_states ? " (and others)" : "",
		   g->count == 1 ? "" : "s");
	for (i = 0; i < g->count && i < KDB_STACKS_PIDS; i++)
		kdb_printf(" %d", g->pids[i]);
	if (g->count > KDB_STACKS_PIDS)
		kdb_printf(" ... (%u more)", g->count - KDB_STACKS_PIDS);
	kdb_printf("\n");
	for (i = 0; i < g->depth && !kdb_stopped(); i++)
		kdb_printf("    %s\n", g->entry & BIT(i) ?
			   kdb_sym(g->pc[i]) : kdb_sym_ret(g->pc[i]));
	kdb_printf("\n");
}

/**
 * kdb_cmd_stacks - every task's stack, identical ones grouped
 * @argc: words
 * @argv: stacks [-c func] [state chars|A]
 *
 * As illumos mdb's ::stacks: one entry per distinct stack, with how many
 * tasks have it and their pids, the most common first. -c keeps only
 * the stacks that pass through a function.
 *
 * Return: 0 or an error.
 */
int kdb_cmd_stacks(int argc, char **argv)
{
	unsigned int i, n, done = 0, failed = 0, dropped = 0, best;
	struct dbg_task_iter it = {};
	struct kdb_stack_group *g;
	const char *mask = "A";
	u64 fstart = 0, fsize = 0;
	struct dbg_sym *sym = NULL;
	static struct dbg_sym fsym;
	int ret, arg = 1;
	bool cut;

	if (argc > 1 && !strcmp(argv[1], "-c")) {
		if (argc < 3)
			return KDB_ERR_USAGE;
		ret = kdb_arg_addr(argv[0], argv[2], &fstart);
		if (ret)
			return ret;
		sym = &fsym;
		if (dbg_sym_by_addr(fstart, sym))
			return kdb_error(argv[0], "%s is not in a function",
					 argv[2]);
		fstart = sym->addr;
		fsize = sym->size;
		arg = 3;
	}
	if (argc > arg + 1)
		return KDB_ERR_USAGE;
	if (argc == arg + 1)
		mask = argv[arg];
	kdb_ngroups = 0;
	while ((ret = dbg_task_next(&it, &kdb_t)) == 1) {
		if (kdb_interrupted())
			return 0;
		if (!kdb_ps_match(mask, kdb_ps_state(&kdb_t)))
			continue;
		if (kdb_get_bt(kdb_t.addr, 0, &n, &cut)) {
			failed++;
			continue;
		}
		if (n > KDB_STACKS_DEPTH)
			n = KDB_STACKS_DEPTH;
		if (sym && !kdb_stack_has(kdb_frames, n, fstart, fsize))
			continue;
		g = kdb_group_find(kdb_frames, n);
		if (!g) {
			dropped++;
			continue;
		}
		if (g->count < KDB_STACKS_PIDS)
			g->pids[g->count] = kdb_t.pid;
		if (!g->count) {
			g->state = kdb_ps_state(&kdb_t);
			g->mixed_states = false;
		} else if (g->state != kdb_ps_state(&kdb_t)) {
			g->mixed_states = true;
		}
		g->count++;
		done++;
	}
	if (ret < 0)
		kdb_printf("task list: %s; showing what was read\n",
			   kdb_errstr(ret));
	/* Most common first: pick the largest remaining group each time. */
	for (i = 0; i < kdb_ngroups && !kdb_stopped(); i++) {
		unsigned int j;

		best = i;
		for (j = i + 1; j < kdb_ngroups; j++)
			if (kdb_groups[j].count > kdb_groups[best].count)
				best = j;
		if (best != i) {
			/* Static: a group is too big for a small stack. */
			static struct kdb_stack_group tmp;

			tmp = kdb_groups[i];
			kdb_groups[i] = kdb_groups[best];
			kdb_groups[best] = tmp;
		}
		kdb_group_print(&kdb_groups[i]);
	}
	kdb_printf("%u tasks in %u distinct stacks", done, kdb_ngroups);
	if (failed)
		kdb_printf(", %u without a backtrace", failed);
	if (dropped)
		kdb_printf(", %u not grouped (more than %d distinct stacks)",
			   dropped, KDB_STACKS_MAX);
	kdb_printf("\n");
	return 0;
}

/**
 * kdb_cmd_findstack - whose stack an address is on
 * @argc: words
 * @argv: findstack addr
 *
 * Return: 0 or an error.
 */
int kdb_cmd_findstack(int argc, char **argv)
{
	struct dbg_stack_owner o;
	u64 addr;
	int err;

	if (argc != 2)
		return KDB_ERR_USAGE;
	err = kdb_arg_addr(argv[0], argv[1], &addr);
	if (err)
		return err;
	err = dbg_stack_owner(addr, &o);
	if (err == -ENOENT)
		return kdb_error(argv[0], "0x%llx is on no task's or CPU's kernel stack",
				 addr);
	if (err)
		return kdb_core_error(argv[0], argv[1], err);
	if (o.type == DBG_STACK_TASK)
		kdb_printf("0x%llx is on the kernel stack of pid %d (%s), task 0x%llx",
			   addr, o.pid, o.comm, o.task);
	else
		kdb_printf("0x%llx is on the %s stack of CPU %d", addr,
			   dbg_stack_name(o.type), o.cpu);
	kdb_printf(": 0x%llx below its top (stack 0x%llx-0x%llx)\n",
		   o.base + o.size - addr, o.base, o.base + o.size);
	return 0;
}

/* --- kill ------------------------------------------------------------------ */

static const struct {
	const char *name;
	int sig;
} kdb_signals[] = {
	{ "HUP", 1 }, { "INT", 2 }, { "QUIT", 3 }, { "ILL", 4 },
	{ "TRAP", 5 }, { "ABRT", 6 }, { "BUS", 7 }, { "FPE", 8 },
	{ "KILL", 9 }, { "USR1", 10 }, { "SEGV", 11 }, { "USR2", 12 },
	{ "PIPE", 13 }, { "ALRM", 14 }, { "TERM", 15 }, { "CHLD", 17 },
	{ "CONT", 18 }, { "STOP", 19 }, { "TSTP", 20 },
};

/**
 * kdb_cmd_kill - send a signal, delivered when the machine resumes
 * @argc: words
 * @argv: kill -SIGNAL pid (SIGNAL a number or a name such as KILL)
 *
 * Return: 0 or an error.
 */
int kdb_cmd_kill(int argc, char **argv)
{
	const char *s;
	u64 pid, sig = 0;
	size_t i;
	int err;

	if (argc != 3 || argv[1][0] != '-' || !argv[1][1])
		return KDB_ERR_USAGE;
	s = argv[1] + 1;
	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (i = 0; i < ARRAY_SIZE(kdb_signals); i++)
		if (!strcmp(s, kdb_signals[i].name))
			sig = kdb_signals[i].sig;
	if (!sig) {
		err = kdb_arg_num(argv[0], argv[1] + 1, 1, 64, &sig);
		if (err)
			return err;
	}
	err = kdb_arg_num(argv[0], argv[2], 1, 0x7fffffff, &pid);
	if (err)
		return err;
	err = dbg_queue_signal((int)pid, (int)sig);
	if (err == -ESRCH)
		return kdb_error(argv[0], "no task with pid %s", argv[2]);
	if (err)
		return kdb_core_error(argv[0], NULL, err);
	kdb_printf("Signal %llu to pid %llu queued: it is sent when the machine resumes (go)\n",
		   sig, pid);
	return 0;
}
