// SPDX-License-Identifier: GPL-2.0
/*
 * kdb system commands: dmesg, lsmod, summary, sr, env, set, defcmd.
 * Portable: the log, modules and system facts come from the debug core.
 */

#include "kdb_env.h"
#include "kdb_macro.h"
#include "kdb_private.h"

static char kdb_log_line[1024];

/* Show the log records [first, first + count) of the whole log. */
static void kdb_dmesg_show(u64 first, u64 count)
{
	struct dbg_log_iter it;
	size_t len;
	u64 i = 0;

	dbg_log_rewind(&it);
	while ((i < first || i - first < count) && !kdb_stopped() &&
	       dbg_log_next(&it, kdb_log_line, sizeof(kdb_log_line), &len)) {
		if (i++ < first)
			continue;
		kdb_out_write(&kdb.out, kdb_log_line, len);
		if (len && kdb_log_line[len - 1] != '\n')
			kdb_puts("\n");
	}
}

/**
 * kdb_cmd_dmesg - show the kernel log
 * @argc: words
 * @argv: dmesg [lines [adjust]]
 *
 * With no argument, all of it. lines > 0: the last lines records,
 * ending adjust records before the end; lines < 0: the first -lines
 * records, starting adjust records after the start (mainline's rules).
 *
 * Return: 0 or an error.
 */
int kdb_cmd_dmesg(int argc, char **argv)
{
	struct dbg_log_iter it;
	s64 lines = 0, adjust = 0;
	u64 total = 0, first, count;
	size_t len;
	int err;

	if (argc > 3)
		return KDB_ERR_USAGE;
	if (argc > 1) {
		err = kdb_arg_signed(argv[0], argv[1], &lines);
		if (err)
			return err;
	}
	if (argc > 2) {
		err = kdb_arg_signed(argv[0], argv[2], &adjust);
		if (err)
			return err;
		if (adjust < 0)
			return kdb_error(argv[0], "adjust must not be negative");
	}
	if (!lines && !adjust) {
		/* All of it: no need to count first. */
		kdb_dmesg_show(0, ~0ULL);
		return 0;
	}
	dbg_log_rewind(&it);
	while (dbg_log_next(&it, kdb_log_line, sizeof(kdb_log_line), &len))
		total++;
	if (!lines) {
		first = adjust;
		count = total;
	} else if (lines > 0) {
		count = (u64)lines;
		first = total > count + adjust ? total - count - adjust : 0;
		if ((u64)adjust >= total)
			count = 0;
		else if (first + count > total - adjust)
			count = total - adjust - first;
	} else {
		first = adjust;
		count = 0 - (u64)lines;
	}
	if (first >= total || !count)
		return kdb_error(argv[0], "no records in that range (the log has %llu)",
				 total);
	kdb_dmesg_show(first, count);
	return 0;
}

/**
 * kdb_cmd_lsmod - list the loaded modules
 * @argc: words
 * @argv: lsmod
 *
 * Return: 0 or an error.
 */
int kdb_cmd_lsmod(int argc, char **argv)
{
	struct dbg_module_iter it = {};
	struct dbg_module m;
	int ret = 0;

	if (argc > 1)
		return KDB_ERR_USAGE;
	kdb_printf("%-20s %8s  %-18s  %-8s %4s  %s\n", "Module", "Size",
		   "Address", "State", "Refs", "struct module");
	while (!kdb_stopped() && (ret = dbg_module_next(&it, &m)) == 1)
		kdb_printf("%-20s %8llu  0x%016llx  %-8s %4d  0x%016llx\n",
			   m.name, m.size, m.base, m.state, m.refcount,
			   m.addr);
	if (ret < 0)
		return kdb_core_error(argv[0], "module list", ret);
	return 0;
}

static struct dbg_sysinfo kdb_sysinfo;

/**
 * kdb_cmd_summary - summary of the machine
 * @argc: words
 * @argv: summary
 *
 * Return: 0 or an error.
 */
int kdb_cmd_summary(int argc, char **argv)
{
	struct dbg_sysinfo *s = &kdb_sysinfo;
	char buf[48];

	if (argc > 1)
		return KDB_ERR_USAGE;
	dbg_sysinfo(s);
	kdb_printf("sysname    %s\nrelease    %s\nversion    %s\nmachine    %s\nnodename   %s\n",
		   s->sysname, s->release, s->version, s->machine,
		   s->nodename);
	kdb_fmt_date(buf, sizeof(buf), s->realtime_sec);
	kdb_printf("date       %s\n", buf);
	kdb_fmt_uptime(buf, sizeof(buf), s->uptime_ns);
	kdb_printf("uptime     %s\n", buf);
	kdb_printf("load avg   %lu.%02lu %lu.%02lu %lu.%02lu\n",
		   s->loadavg[0] / 100, s->loadavg[0] % 100,
		   s->loadavg[1] / 100, s->loadavg[1] % 100,
		   s->loadavg[2] / 100, s->loadavg[2] % 100);
	kdb_printf("MemTotal:  %8llu kB\nMemFree:   %8llu kB\n",
		   s->mem_total_kb, s->mem_free_kb);
	kdb_printf("cpus       %u online, %u possible\n", s->cpus_online,
		   s->cpus_possible);
	kdb_printf("tasks      %d\ntainted    %s\ncmdline    %s\n",
		   s->nr_threads, s->tainted, s->cmdline);
	return 0;
}

static struct dbg_log_iter kdb_sr_log;

/* Sysrq keys that do more than show things, and the category they need. */
static const struct {
	const char *keys;
	unsigned int perm;
	const char *what;
} kdb_sr_perms[] = {
	{ "bco", KDB_ENABLE_REBOOT, "reboot" },
	{ "eikf", KDB_ENABLE_SIGNAL, "signals" },
	{ "sujnr", KDB_ENABLE_FLOW_CTRL, "flow control" },
};

/**
 * kdb_cmd_sr - a magic sysrq key
 * @argc: words
 * @argv: sr key
 *
 * Keys that are safe while stopped run now and their messages are shown
 * from the log; the others run as soon as the machine resumes. Keys
 * that reboot, signal or change the system's state need that category
 * of kdb.cmd_enable; unless kdb.cmd_enable allows everything, sysrq's
 * own enable mask applies too, as mainline does.
 *
 * Return: 0 or an error.
 */
int kdb_cmd_sr(int argc, char **argv)
{
	enum dbg_sysrq_how how = DBG_SYSRQ_DONE;
	const char *why;
	size_t len;
	int err;

	size_t i;

	if (argc != 2 || strlen(argv[1]) != 1)
		return KDB_ERR_USAGE;
	for (i = 0; i < ARRAY_SIZE(kdb_sr_perms); i++)
		if (strchr(kdb_sr_perms[i].keys, argv[1][0]) &&
		    !(kdb.perm & kdb_sr_perms[i].perm))
			return kdb_error(argv[0], "'%s' refused: %s are disabled (kdb.cmd_enable=0x%x)",
					 argv[1], kdb_sr_perms[i].what,
					 kdb_cmd_enable);
	dbg_log_end(&kdb_sr_log);
	/* As mainline: sysrq's own mask applies unless everything is on. */
	err = dbg_sysrq(argv[1][0], !(kdb_cmd_enable & KDB_ENABLE_ALL), &how,
			&why);
	if (err == -ENOENT)
		return kdb_error(argv[0], "'%s' is not a sysrq key (sr h lists them)",
				 argv[1]);
	if (err == -EPERM && why)
		return kdb_error(argv[0], "'%s' refused: %s", argv[1], why);
	if (err)
		return kdb_core_error(argv[0], argv[1], err);
	if (how == DBG_SYSRQ_QUEUED) {
		kdb_printf("sysrq '%s' queued: it runs when the machine resumes (go)\n",
			   argv[1]);
		return 0;
	}
	while (!kdb_stopped() && dbg_log_next(&kdb_sr_log, kdb_log_line,
					      sizeof(kdb_log_line), &len))
		kdb_out_write(&kdb.out, kdb_log_line, len);
	return 0;
}

static void kdb_env_show(void *ctx, const char *name, const char *value)
{
	kdb_printf("%s=%s\n", name, value);
}

/**
 * kdb_cmd_env - show the environment variables
 * @argc: words
 * @argv: env
 *
 * Return: 0 or an error.
 */
int kdb_cmd_env(int argc, char **argv)
{
	if (argc > 1)
		return KDB_ERR_USAGE;
	kdb_env_foreach(kdb_env_show, NULL);
	return 0;
}

/**
 * kdb_cmd_set - set, show or unset an environment variable
 * @argc: words
 * @argv: set NAME=VALUE, set NAME VALUE, set NAME (show), set NAME= (unset)
 *
 * Return: 0 or an error.
 */
int kdb_cmd_set(int argc, char **argv)
{
	static char name[KDB_ENV_NAME_MAX + 1];
	const char *value, *eq, *cur, *why;
	size_t nlen;
	int err;

	if (argc < 2 || argc > 3)
		return KDB_ERR_USAGE;
	eq = strchr(argv[1], '=');
	nlen = eq ? (size_t)(eq - argv[1]) : strlen(argv[1]);
	if (nlen >= sizeof(name) || (eq && argc == 3))
		return nlen >= sizeof(name) ?
		       kdb_error(argv[0], "name too long") : KDB_ERR_USAGE;
	memcpy(name, argv[1], nlen);
	name[nlen] = '\0';
	if (!eq && argc == 2) {
		cur = kdb_env_get(name);
		if (!cur)
			return kdb_error(argv[0], "%s is not set", name);
		kdb_printf("%s=%s\n", name, cur);
		return 0;
	}
	value = eq ? eq + 1 : argv[2];
	why = *value ? kdb_env_check(name, value) : NULL;
	if (why)
		return kdb_error(argv[0], "%s: %s", name, why);
	err = kdb_env_set(name, value);
	if (err)
		return kdb_error(argv[0], "%s: %s", name, kdb_env_strerror(err));
	/* The pager of the output in progress (a macro's) follows at once. */
	if (!strcmp(name, "LINES"))
		kdb.out.page_lines = kdb_env_get_num("LINES", 24);
	else if (!strcmp(name, "COLUMNS"))
		kdb.out.columns = kdb_env_get_num("COLUMNS", 80);
	else if (!strcmp(name, "MOREPROMPT"))
		kdb.out.more_prompt = kdb_env_get("MOREPROMPT");
	return 0;
}

static void kdb_macro_list(const struct kdb_macro *m)
{
	unsigned int i;

	kdb_printf("defcmd %s \"%s\" \"%s\"%s\n", m->name, m->usage, m->help,
		   m->builtin ? "  (built in)" : "");
	for (i = 0; i < m->nlines; i++)
		kdb_printf("  %s\n", m->lines[i]);
	kdb_printf("endefcmd\n");
}

/**
 * kdb_cmd_defcmd - define, delete or list macros
 * @argc: words
 * @argv: defcmd; defcmd NAME ["usage" ["help"]]; defcmd -d NAME
 *
 * A definition takes the lines typed after it, up to endefcmd; Ctrl-C
 * drops it. Unlike mainline kdb this works at the prompt, and defining
 * a macro again replaces it.
 *
 * Return: 0 or an error.
 */
int kdb_cmd_defcmd(int argc, char **argv)
{
	const struct kdb_macro *m;
	unsigned int i;
	int err;

	if (kdb.macro_depth)
		return kdb_error(argv[0], "not inside a macro");
	if (argc == 1) {
		for (i = 0; i < KDB_MACROS && !kdb_stopped(); i++) {
			m = kdb_macro_at(i);
			if (m)
				kdb_macro_list(m);
		}
		return 0;
	}
	if (!strcmp(argv[1], "-d")) {
		if (argc != 3)
			return KDB_ERR_USAGE;
		err = kdb_macro_delete(argv[2]);
		if (err)
			return kdb_error(argv[0], "%s: %s", argv[2],
					 kdb_macro_strerror(err));
		kdb_printf("macro %s deleted\n", argv[2]);
		return 0;
	}
	if (argc > 4)
		return KDB_ERR_USAGE;
	if (kdb_is_command(argv[1]))
		return kdb_error(argv[0], "%s is a command: a macro cannot hide it",
				 argv[1]);
	err = kdb_macro_begin(argv[1], argc > 2 ? argv[2] : "",
			      argc > 3 ? argv[3] : "", false);
	if (err)
		return kdb_error(argv[0], "%s: %s", argv[1],
				 kdb_macro_strerror(err));
	kdb_printf("Type the commands of %s, one a line, then endefcmd (Ctrl-C drops it)\n",
		   argv[1]);
	return 0;
}

static const struct {
	const char *name;
	enum dbg_dump_target target;
} kdb_dump_targets[] = {
	{ "serial", DBG_DUMP_SERIAL },
	{ "ram", DBG_DUMP_RAM },
};

static void kdb_dump_failed(const struct dbg_dump_result *r)
{
	switch (r->err) {
	case -ENXIO:
		kdb_printf("dump: no receiver answered: run kdbmon on this line (tools/kdbmon)\n");
		break;
	case -ETIMEDOUT:
		kdb_printf("dump: the receiver stopped answering: gave up with %llu of %llu bytes received\n",
			   r->sent, r->file_size);
		break;
	case -ECANCELED:
		kdb_printf("dump: the receiver gave up (kdbmon says why) with %llu of %llu bytes received\n",
			   r->sent, r->file_size);
		break;
	case -ENOMEM:
		kdb_printf("dump: no buffers were set aside at boot\n");
		break;
	case -ENOSPC:
		if (r->ram_needed)
			kdb_printf("dump: the RAM region (%llu KiB) is too small: this dump needs %llu KiB; nothing was written\n",
				   r->ram_region >> 10, r->ram_needed >> 10);
		else if (r->ram_region)
			kdb_printf("dump: the RAM region (%llu KiB) is full: the dump there is incomplete and will not be offered\n",
				   r->ram_region >> 10);
		else
			kdb_printf("dump: the ELF header does not fit its buffer\n");
		break;
	case -ENODEV:
		kdb_printf("dump: no RAM region: boot with reserve_mem=<size>:4096:dbgdump\n");
		break;
	default:
		kdb_core_error("dump", NULL, r->err);
		break;
	}
}

/**
 * kdb_cmd_dump - write the stopped machine as an ELF vmcore
 * @argc: words
 * @argv: dump [level] [target] [raw]: level 0-31 (makedumpfile's -d
 *	bits, default 31), target "serial" (to kdbmon on this line, the
 *	default) or "ram" (the region kept across a reboot), "raw": pages
 *	not compressed
 *
 * Return: 0 or an error.
 */
int kdb_cmd_dump(int argc, char **argv)
{
	enum dbg_dump_target target = DBG_DUMP_SERIAL;
	struct dbg_dump_result r;
	u64 level = DBG_DUMP_ALL, rate;
	unsigned int i, flags = 0;
	int a, err;
	bool first;

	if (argc > 4)
		return KDB_ERR_USAGE;
	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "raw")) {
			flags |= DBG_DUMP_F_RAW;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(kdb_dump_targets); i++)
			if (!strcmp(argv[a], kdb_dump_targets[i].name))
				break;
		if (i < ARRAY_SIZE(kdb_dump_targets)) {
			target = kdb_dump_targets[i].target;
			continue;
		}
		err = kdb_arg_num(argv[0], argv[a], 0, DBG_DUMP_ALL, &level);
		if (err)
			return err;
	}
	kdb_printf("dump: level %llu, %s, %s\n", level,
		   flags & DBG_DUMP_F_RAW ? "not compressed" : "LZ4",
		   target == DBG_DUMP_RAM ? "into the RAM region" :
		   "to kdbmon on this line");
	dbg_dump(level, target, flags, &r);
	if (r.pages) {
		kdb_printf("dump: %llu of %llu pages of RAM in %u program headers; left out:",
			   r.pages, r.ram_pages, r.phdrs);
		first = true;
		for (i = 0; i < DBG_DUMP_REASONS; i++) {
			if (!r.left_out[i])
				continue;
			kdb_printf("%s %s %llu", first ? "" : ",",
				   dbg_dump_reason_name(i), r.left_out[i]);
			first = false;
		}
		kdb_printf("%s\n", first ? " nothing" : "");
		kdb_printf("dump: %llu pages also at their vmalloc and module addresses (%llu of them left out)",
			   r.mapped_pages, r.mapped_left_out);
		if (r.mapped_left)
			kdb_printf(", %llu more not (too many pieces)",
				   r.mapped_left);
		kdb_printf("\n");
	}
	if (r.err) {
		kdb_dump_failed(&r);
		return 0;
	}
	rate = r.ms ? r.file_size * 1000 / r.ms : 0;
	if (target == DBG_DUMP_RAM) {
		kdb_printf("dump: written %llu bytes in %llu.%llu s as %llu bytes of the %llu KiB RAM region; after a warm reboot: /sys/kernel/debug/dbg_dump/vmcore\n",
			   r.file_size, r.ms / 1000, r.ms % 1000 / 100,
			   r.ram_used, r.ram_region >> 10);
		return 0;
	}
	kdb_printf("dump: written %llu bytes in %llu.%llu s, %llu KiB/s of file; %llu bytes on the line (%llu%%), %llu KiB/s; %llu frames sent again\n",
		   r.file_size, r.ms / 1000, r.ms % 1000 / 100, rate >> 10,
		   r.line_bytes, r.file_size ? r.line_bytes * 100 / r.file_size : 0,
		   r.ms ? r.line_bytes * 1000 / r.ms >> 10 : 0, r.resent);
	if (r.unreadable)
		kdb_printf("dump: %llu pages could not be read and are zeros\n",
			   r.unreadable);
	return 0;
}
