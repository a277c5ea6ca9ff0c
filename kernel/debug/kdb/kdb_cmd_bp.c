// SPDX-License-Identifier: GPL-2.0
/*
 * kdb's breakpoint commands: bp, bph, bl, bc, be, bd, and what kdb shows
 * and does when a CPU stops at a breakpoint. The table is the debug
 * core's (the GDB stub sets and sees the same one).
 *
 *   bp <addr> [if <expr>] [cpu <n>] [skip <n>] [count <n>] [once]
 *      [do "<cmd>; <cmd>"]
 *   bph <addr> [inst|dataw|datar] [<len>] [the same modifiers]
 */

#include "kdb_private.h"

/* Words that end an `if` expression. */
static const char *const kdb_bp_keywords[] = {
	"if", "cpu", "skip", "count", "once", "do",
};

static bool kdb_bp_keyword(const char *w)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kdb_bp_keywords); i++)
		if (!strcmp(w, kdb_bp_keywords[i]))
			return true;
	return false;
}

/* Append @word to @buf (of @size), with a space before it if not first. */
static int kdb_bp_append(char *buf, size_t size, const char *word)
{
	size_t used = strlen(buf), n = strlen(word);

	if (used + !!used + n + 1 > size)
		return -ENOSPC;
	if (used)
		buf[used++] = ' ';
	memcpy(buf + used, word, n + 1);
	return 0;
}

/* A condition must at least parse and name things that exist. */
static int kdb_bp_check_cond(const char *cmd, const char *cond)
{
	static char err[DBG_EXPR_ERR_LEN];
	u64 val;
	int ret = dbg_eval(cond, kdb.task, 0, &val, err, sizeof(err));

	if (ret == -EINVAL || ret == -ENOENT || ret == -ERANGE ||
	    ret == -E2BIG)
		return kdb_error(cmd, "condition: %s", err);
	return 0;
}

/* bph's kinds, by mainline kdb's names (datar also sees writes: x86). */
static const struct {
	const char *word;
	u8 type;
	const char *shown;
} kdb_bp_kinds[] = {
	{ "inst", DBG_BP_HW_EXEC, "inst" },
	{ "dataw", DBG_BP_HW_WRITE, "dataw" },
	{ "datar", DBG_BP_HW_ACCESS, "datar" },
};

static const char *kdb_bp_kind(const struct dbg_bp *bp)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kdb_bp_kinds); i++)
		if (kdb_bp_kinds[i].type == bp->type)
			return kdb_bp_kinds[i].shown;
	return "soft";
}

/* bp's and bph's modifiers, from argv[@first] on. */
static int kdb_bp_parse(int argc, char **argv, int first, struct dbg_bp *bp)
{
	const char *cmd = argv[0];
	u64 v;
	int i, err;

	for (i = first; i < argc; i++) {
		const char *w = argv[i];
		bool has_value = i + 1 < argc;

		if (!strcmp(w, "once")) {
			bp->temporary = true;
		} else if (!strcmp(w, "if")) {
			if (bp->cond[0])
				return kdb_error(cmd, "two conditions");
			while (i + 1 < argc && !kdb_bp_keyword(argv[i + 1])) {
				if (kdb_bp_append(bp->cond, sizeof(bp->cond),
						  argv[++i]))
					return kdb_error(cmd, "condition longer than %d characters",
							 DBG_BP_COND_LEN - 1);
			}
			if (!bp->cond[0])
				return kdb_error(cmd, "'if' needs an expression");
			err = kdb_bp_check_cond(cmd, bp->cond);
			if (err)
				return err;
		} else if (!strcmp(w, "do")) {
			if (!has_value)
				return kdb_error(cmd, "'do' needs commands, e.g. do \"bt; go\"");
			if (strlen(argv[i + 1]) >= sizeof(bp->cmds))
				return kdb_error(cmd, "commands longer than %d characters",
						 DBG_BP_CMDS_LEN - 1);
			scnprintf(bp->cmds, sizeof(bp->cmds), "%s", argv[++i]);
		} else if (!strcmp(w, "cpu")) {
			unsigned int cpu;

			if (!has_value)
				return kdb_error(cmd, "'cpu' needs a CPU number");
			err = kdb_arg_cpu(cmd, argv[++i], &cpu);
			if (err)
				return err;
			bp->cpu = cpu;
		} else if (!strcmp(w, "skip") || !strcmp(w, "count")) {
			if (!has_value)
				return kdb_error(cmd, "'%s' needs a number", w);
			err = kdb_arg_num(cmd, argv[++i], w[0] == 'c', 0xffffffff,
					  &v);
			if (err)
				return err;
			if (w[0] == 's')
				bp->skip = v;
			else
				bp->stop_limit = v;
		} else {
			return kdb_error(cmd, "unknown word '%s' (if, cpu, skip, count, once, do)",
					 w);
		}
	}
	return 0;
}

static void kdb_bp_show(unsigned int num, const struct dbg_bp *bp)
{
	char kind[16];

	if (bp->type == DBG_BP_HW_WRITE || bp->type == DBG_BP_HW_ACCESS)
		scnprintf(kind, sizeof(kind), "%s %u", kdb_bp_kind(bp),
			  bp->len);
	else
		scnprintf(kind, sizeof(kind), "%s", kdb_bp_kind(bp));
	kdb_printf("%3u  %-5s  %-8s  %5llu  %5llu  %s\n", num,
		   bp->enabled ? "on" : "off", kind, bp->hits, bp->stops,
		   kdb_sym(bp->addr));
	if (bp->cond[0])
		kdb_printf("       if %s\n", bp->cond);
	if (bp->cpu >= 0)
		kdb_printf("       only on CPU %d\n", bp->cpu);
	if (bp->skip)
		kdb_printf("       skips the first %u hits\n", bp->skip);
	if (bp->stop_limit)
		kdb_printf("       disabled after %u stops\n", bp->stop_limit);
	if (bp->temporary)
		kdb_printf("       once: cleared at its first stop\n");
	if (bp->cmds[0])
		kdb_printf("       do \"%s\"\n", bp->cmds);
}

static int kdb_bp_list(void)
{
	struct dbg_bp bp;
	unsigned int i, n = 0;

	for (i = 0; i < DBG_BP_MAX && !kdb_stopped(); i++) {
		if (dbg_bp_get(i, &bp))
			continue;
		if (!n++)
			kdb_printf("  #  STATE  KIND       HITS  STOPS  WHERE\n");
		kdb_bp_show(i, &bp);
	}
	if (!n)
		kdb_printf("No breakpoints set\n");
	i = dbg_bp_hw_slots(&n);
	kdb_printf("Debug registers: %u of %u in use\n", n, i);
	return 0;
}

/* A new breakpoint of @type at argv[1], enabled, on any CPU. */
static int kdb_bp_new(char **argv, u8 type, struct dbg_bp *bp)
{
	memset(bp, 0, sizeof(*bp));
	bp->type = type;
	bp->len = 1;
	bp->enabled = true;
	bp->cpu = -1;
	return kdb_arg_addr(argv[0], argv[1], &bp->addr);
}

/* Set @bp, and say what came of it. */
static int kdb_bp_set(const char *cmd, const char *where,
		      const struct dbg_bp *bp)
{
	const char *why;
	unsigned int num;
	int err;

	err = dbg_bp_set(bp, &num, &why);
	if (err == -EEXIST)
		return kdb_error(cmd, "breakpoint %u is already at %s", num,
				 kdb_sym(bp->addr));
	if (err && why)
		return kdb_error(cmd, "%s refused: %s", where, why);
	if (err == -ENOSPC)
		return kdb_error(cmd, "all %d breakpoints are in use (bc one)",
				 DBG_BP_MAX);
	if (err)
		return kdb_core_error(cmd, where, err);
	if (bp->type == DBG_BP_SOFT || bp->type == DBG_BP_HW_EXEC)
		kdb_printf("%s %u at %s\n",
			   bp->type == DBG_BP_SOFT ? "Breakpoint" :
			   "Hardware breakpoint", num, kdb_sym(bp->addr));
	else
		kdb_printf("Watchpoint %u: %s %u bytes at %s\n", num,
			   bp->type == DBG_BP_HW_WRITE ? "write to" :
			   "read or write of", bp->len, kdb_sym(bp->addr));
	return 0;
}

/**
 * kdb_cmd_bp - set a breakpoint, or list them
 * @argc: word count
 * @argv: words
 *
 * Return: 0 or a KDB_ERR_* code.
 */
int kdb_cmd_bp(int argc, char **argv)
{
	struct dbg_bp bp;
	int err;

	if (argc == 1)
		return kdb_bp_list();
	err = kdb_bp_new(argv, DBG_BP_SOFT, &bp);
	if (err)
		return err;
	err = kdb_bp_parse(argc, argv, 2, &bp);
	if (err)
		return err;
	return kdb_bp_set(argv[0], argv[1], &bp);
}

/**
 * kdb_cmd_bph - set a hardware breakpoint or watchpoint
 * @argc: word count
 * @argv: bph addr [inst|dataw|datar] [len] [modifiers as bp]
 *
 * Return: 0 or a KDB_ERR_* code.
 */
int kdb_cmd_bph(int argc, char **argv)
{
	struct dbg_bp bp;
	unsigned int i;
	int first = 2, err;
	u64 len;

	if (argc < 2)
		return KDB_ERR_USAGE;
	err = kdb_bp_new(argv, DBG_BP_HW_EXEC, &bp);
	if (err)
		return err;
	for (i = 0; first < argc && i < ARRAY_SIZE(kdb_bp_kinds); i++) {
		if (!strcmp(argv[first], kdb_bp_kinds[i].word)) {
			bp.type = kdb_bp_kinds[i].type;
			first++;
			break;
		}
	}
	if (first < argc && !kdb_bp_keyword(argv[first])) {
		if (bp.type == DBG_BP_HW_EXEC)
			return kdb_error(argv[0], "'%s': the kind is inst, dataw or datar; only data has a length",
					 argv[first]);
		err = kdb_arg_num(argv[0], argv[first], 1, 8, &len);
		if (err)
			return err;
		bp.len = len;
		first++;
	}
	err = kdb_bp_parse(argc, argv, first, &bp);
	if (err)
		return err;
	return kdb_bp_set(argv[0], argv[1], &bp);
}

/**
 * kdb_cmd_bl - list breakpoints
 * @argc: word count
 * @argv: words
 *
 * Return: 0 or a KDB_ERR_* code.
 */
int kdb_cmd_bl(int argc, char **argv)
{
	if (argc > 1)
		return kdb_error(argv[0], "bl only lists; bp sets");
	return kdb_bp_list();
}

/* Apply @fn to breakpoint @arg: its number, its address, or '*' for all. */
static int kdb_bp_each(const char *cmd, const char *arg,
		       int (*fn)(unsigned int num), const char *done)
{
	struct dbg_bp bp;
	unsigned int i, n = 0;
	u64 v;
	int err;

	if (!strcmp(arg, "*")) {
		for (i = 0; i < DBG_BP_MAX; i++) {
			if (dbg_bp_get(i, &bp))
				continue;
			err = fn(i);
			if (err)
				return kdb_core_error(cmd, NULL, err);
			n++;
		}
		kdb_printf("%u breakpoints %s\n", n, done);
		return 0;
	}
	err = kdb_arg_addr(cmd, arg, &v);
	if (err)
		return err;
	if (v >= DBG_BP_MAX) {
		/* An address: the breakpoint set there. */
		for (i = 0; i < DBG_BP_MAX; i++)
			if (!dbg_bp_get(i, &bp) && bp.addr == v)
				break;
		if (i == DBG_BP_MAX)
			return kdb_error(cmd, "no breakpoint at %s", kdb_sym(v));
		v = i;
	}
	if (dbg_bp_get(v, &bp))
		return kdb_error(cmd, "no breakpoint %llu", v);
	err = fn(v);
	if (err)
		return kdb_core_error(cmd, arg, err);
	kdb_printf("Breakpoint %llu at %s %s\n", v, kdb_sym(bp.addr), done);
	return 0;
}

static int kdb_bp_do_enable(unsigned int num)
{
	return dbg_bp_enable(num, true);
}

static int kdb_bp_do_disable(unsigned int num)
{
	return dbg_bp_enable(num, false);
}

/**
 * kdb_cmd_bc - clear, enable or disable breakpoints (bc, be, bd)
 * @argc: word count
 * @argv: words
 *
 * Return: 0 or a KDB_ERR_* code.
 */
int kdb_cmd_bc(int argc, char **argv)
{
	if (argc != 2)
		return KDB_ERR_USAGE;
	if (!strcmp(argv[0], "be"))
		return kdb_bp_each(argv[0], argv[1], kdb_bp_do_enable,
				   "enabled");
	if (!strcmp(argv[0], "bd"))
		return kdb_bp_each(argv[0], argv[1], kdb_bp_do_disable,
				   "disabled");
	return kdb_bp_each(argv[0], argv[1], dbg_bp_clear, "cleared");
}

/* The instruction at @pc, as bytes. */
static void kdb_bp_show_inst(u64 pc)
{
	u8 buf[16];
	size_t n, i;

	if (dbg_bp_inst(pc, buf, sizeof(buf), &n) || !n)
		return;
	kdb_printf("%s:", kdb_sym(pc));
	for (i = 0; i < n; i++)
		kdb_printf(" %02x", buf[i]);
	kdb_printf("\n");
}

/**
 * kdb_bp_banner - what the entry banner adds for a breakpoint stop
 * @ev: the entry
 * @hit: set to the master's breakpoint, if it stopped at one
 *
 * Shows which breakpoint the master and every other stopped CPU hit,
 * and the instruction at the master's PC.
 *
 * Return: true if the master stopped at a breakpoint (@hit set).
 */
bool kdb_bp_banner(const struct dbg_event *ev, struct dbg_bp *hit)
{
	struct dbg_bp_stop at;
	struct dbg_cpu info;
	struct dbg_bp bp;
	unsigned int cpu;
	bool master_hit = false;

	for (cpu = 0; cpu < dbg_nr_cpus(); cpu++) {
		if (dbg_bp_hit(cpu, &at) || dbg_bp_get(at.num, &bp))
			continue;
		if (at.type == DBG_BP_HW_WRITE || at.type == DBG_BP_HW_ACCESS) {
			kdb_printf("Watchpoint %u (%s %u bytes at %s) hit on CPU %u (%llu hits)\n",
				   at.num, at.type == DBG_BP_HW_WRITE ?
				   "write" : "read or write", at.len,
				   kdb_sym(at.addr), cpu, bp.hits);
			/* Only where memory may be read (kdb.cmd_enable). */
			if (at.have_value && (kdb.perm & KDB_ENABLE_MEM_READ))
				kdb_printf("    value now 0x%0*llx\n", at.len * 2,
					   at.value);
			if (!dbg_get_cpu(cpu, &info))
				kdb_printf("    accessed by the instruction before %s\n",
					   kdb_sym(info.pc));
		} else {
			kdb_printf("%s %u at %s hit on CPU %u (%llu hits)\n",
				   at.type == DBG_BP_HW_EXEC ?
				   "Hardware breakpoint" : "Breakpoint",
				   at.num, kdb_sym(at.addr), cpu, bp.hits);
		}
		if (at.cond_err[0])
			kdb_printf("    its condition could not be evaluated: %s\n",
				   at.cond_err);
		if ((int)cpu == ev->cpu) {
			master_hit = true;
			*hit = bp;
		}
	}
	/* Only where memory may be read (kdb.cmd_enable). */
	if (ev->pc && (kdb.perm & KDB_ENABLE_MEM_READ))
		kdb_bp_show_inst(ev->pc);
	return master_hit;
}

/**
 * kdb_cmd_ss - single-step the entering CPU
 * @argc: word count
 * @argv: ss [count]
 *
 * Each step comes back with the banner (reason single-step) showing the
 * new PC and its instruction; with a count, the next steps follow
 * without a prompt.
 *
 * Return: KDB_CMD_RESUME to leave the session for the step, or an error.
 */
int kdb_cmd_ss(int argc, char **argv)
{
	const char *why;
	u64 count = 1;
	int err;

	if (argc > 2)
		return KDB_ERR_USAGE;
	if (argc == 2) {
		err = kdb_arg_num(argv[0], argv[1], 1, 100000, &count);
		if (err)
			return err;
	}
	if (kdb.cpu >= 0 && kdb.cpu != kdb.ev->cpu)
		return kdb_error(argv[0], "ss steps the CPU kdb runs on (%d); 'cpu %d' first",
				 kdb.ev->cpu, kdb.ev->cpu);
	err = dbg_step(&why);
	if (err && why)
		return kdb_error(argv[0], "%s", why);
	if (err)
		return kdb_core_error(argv[0], NULL, err);
	kdb.ss_left = count - 1;
	kdb.stepping = true;
	return KDB_CMD_RESUME;
}

/**
 * kdb_ss_continue - at an entry, go on with an `ss N` under way
 * @ev: the entry
 *
 * Return: KDB_CMD_RESUME if another step was started, else 0.
 */
int kdb_ss_continue(const struct dbg_event *ev)
{
	const char *why;

	kdb.stepping = false;
	if (!kdb.ss_left || strcmp(ev->reason, "single-step"))
		return 0;
	kdb.ss_left--;
	if (dbg_step(&why)) {
		kdb.ss_left = 0;
		kdb_error("ss", "%s", why ? why : "refused");
		return 0;
	}
	kdb.stepping = true;
	return KDB_CMD_RESUME;
}

/* A one-shot breakpoint at @addr for the entering CPU, then resume. */
static int kdb_run_to(const char *cmd, u64 addr)
{
	struct dbg_bp bp;
	const char *why;
	unsigned int num;
	int err;

	if (addr == kdb.ev->pc)
		return kdb_error(cmd, "the CPU is already at %s", kdb_sym(addr));
	memset(&bp, 0, sizeof(bp));
	bp.addr = addr;
	bp.type = DBG_BP_SOFT;
	bp.enabled = true;
	bp.temporary = true;
	bp.cpu = kdb.ev->cpu;
	err = dbg_bp_set(&bp, &num, &why);
	if (err == -EEXIST) {
		if (dbg_bp_get(num, &bp) || !bp.enabled)
			return kdb_error(cmd, "breakpoint %u at %s is disabled: be %u first",
					 num, kdb_sym(addr), num);
		kdb_printf("Running to breakpoint %u at %s\n", num,
			   kdb_sym(addr));
		return KDB_CMD_RESUME;
	}
	if (err && why)
		return kdb_error(cmd, "cannot stop at %s: %s", kdb_sym(addr), why);
	if (err)
		return kdb_core_error(cmd, kdb_sym(addr), err);
	kdb_printf("Running to %s (one-shot breakpoint %u, CPU %d)\n",
		   kdb_sym(addr), num, kdb.ev->cpu);
	return KDB_CMD_RESUME;
}

/**
 * kdb_cmd_so - step over: a call runs to the next instruction
 * @argc: word count
 * @argv: so
 *
 * On a call instruction, the entering CPU runs until the instruction
 * after it (the rest of the machine too); on any other, one ss.
 *
 * Return: KDB_CMD_RESUME, or an error.
 */
int kdb_cmd_so(int argc, char **argv)
{
	struct dbg_insn insn;
	int err;

	if (argc != 1)
		return KDB_ERR_USAGE;
	err = dbg_insn_info(kdb.ev->pc, &insn);
	if (err)
		return kdb_core_error(argv[0], kdb_sym(kdb.ev->pc), err);
	if (!insn.is_call)
		return kdb_cmd_ss(1, argv);
	return kdb_run_to(argv[0], kdb.ev->pc + insn.len);
}

/**
 * kdb_cmd_finish - run until the current function returns
 * @argc: word count
 * @argv: finish
 *
 * A one-shot breakpoint at the return address the unwinder finds for
 * the entering CPU's frame.
 *
 * Return: KDB_CMD_RESUME, or an error.
 */
int kdb_cmd_finish(int argc, char **argv)
{
	static struct dbg_frame frames[2];
	unsigned int n;
	int err;

	if (argc != 1)
		return KDB_ERR_USAGE;
	err = dbg_backtrace(kdb.ev->task, 0, frames, 2, &n);
	if (err)
		return kdb_core_error(argv[0], "backtrace", err);
	if (n < 2)
		return kdb_error(argv[0], "no caller found");
	if (frames[1].entry)
		return kdb_error(argv[0], "the caller is an interrupted context (%s): use go",
				 kdb_sym(frames[1].pc));
	return kdb_run_to(argv[0], frames[1].pc);
}

/**
 * kdb_cmd_until - run until an address is reached on the entering CPU
 * @argc: word count
 * @argv: until addr
 *
 * Return: KDB_CMD_RESUME, or an error.
 */
int kdb_cmd_until(int argc, char **argv)
{
	u64 addr;
	int err;

	if (argc != 2)
		return KDB_ERR_USAGE;
	err = kdb_arg_addr(argv[0], argv[1], &addr);
	if (err)
		return err;
	return kdb_run_to(argv[0], addr);
}
