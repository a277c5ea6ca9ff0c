// SPDX-License-Identifier: GPL-2.0
/*
 * kdb: the console shell front-end of the debug core.
 *
 * Runs on the master CPU while every other CPU is stopped, with polled
 * console I/O only. Everything it knows of the machine comes from the
 * debug core's API (include/linux/dbg_core.h).
 */

#include <linux/array_size.h>
#include <linux/dbg_core.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/nmi.h>
#include <linux/processor.h>
#include <linux/stdarg.h>

#include "kdb_fmt.h"
#include "kdb_line.h"
#include "kdb_parse.h"

/* Used only by the master CPU while stopped: no locking needed. */
static char kdb_out[512];
static struct kdb_line kdb_line_state;

static __printf(1, 2) void kdb_printf(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(kdb_out, sizeof(kdb_out), fmt, args);
	va_end(args);
	dbg_write(kdb_out, n);
}

static void kdb_echo(const char *s, size_t n, void *ctx)
{
	dbg_write(s, n);
}

static int kdb_cmd_help(int argc, char **argv);

static int kdb_cmd_go(int argc, char **argv)
{
	if (argc > 1)
		return KDB_ERR_USAGE;
	return KDB_CMD_RESUME;
}

static int kdb_cmd_reboot(int argc, char **argv)
{
	if (argc > 1)
		return KDB_ERR_USAGE;
	return KDB_CMD_REBOOT;
}

static void kdb_print_cpu(const struct dbg_cpu *c)
{
	/* Static: kdb may run on a small NMI stack; master only. */
	static char pc[KSYM_SYMBOL_LEN];
	char lat[16];
	bool master = c->state == CRASH_STOP_CPU_MASTER;

	if (!c->online) {
		kdb_printf(" %3u  offline\n", c->cpu);
		return;
	}
	if (c->state != CRASH_STOP_CPU_STOPPED && !master) {
		kdb_printf(" %3u  %-8s %-5s (state unknown: not stopped)\n",
			   c->cpu, crash_stop_state_name(c->state),
			   crash_stop_method_name(c->method));
		return;
	}
	if (master)
		strscpy(lat, "-", sizeof(lat));
	else
		kdb_fmt_duration(lat, sizeof(lat), c->latency_ns);
	if (c->context == CRASH_STOP_CTX_USER)
		snprintf(pc, sizeof(pc), "user:0x%016lx", c->pc);
	else
		dbg_symbolize(c->pc, pc, sizeof(pc));
	kdb_printf("%c%3u  %-8s %-5s %-9s %-7s %6d %-15s %s",
		   master ? '*' : ' ', c->cpu,
		   crash_stop_state_name(c->state),
		   crash_stop_method_name(c->method),
		   crash_stop_context_name(c->context), lat, c->pid,
		   c->comm, pc);
	if (c->reason != CRASH_STOP_REASON_NONE)
		kdb_printf("  [%s]", crash_stop_reason_name(c->reason));
	kdb_printf("\n");
}

static int kdb_cmd_cpus(int argc, char **argv)
{
	unsigned int cpu, nr = dbg_nr_cpus();
	struct dbg_cpu c;

	if (argc > 1)
		return KDB_ERR_USAGE;
	kdb_printf(" CPU  STATE    HOW   CONTEXT   PARKED     PID COMMAND         PC\n");
	for (cpu = 0; cpu < nr; cpu++) {
		if (dbg_get_cpu(cpu, &c))
			continue;
		kdb_print_cpu(&c);
	}
	return KDB_CMD_CONTINUE;
}

static const struct kdb_cmd kdb_commands[] = {
	{ "help", "", "list the commands", kdb_cmd_help },
	{ "cpus", "", "every CPU: state, how stopped, task, PC", kdb_cmd_cpus },
	{ "go", "", "resume the machine (a panic goes on)", kdb_cmd_go },
	{ "reboot", "", "reboot now, every other CPU held", kdb_cmd_reboot },
};

static int kdb_cmd_help(int argc, char **argv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kdb_commands); i++)
		kdb_printf("%-6s %-10s %s\n", kdb_commands[i].name,
			   kdb_commands[i].usage, kdb_commands[i].help);
	return KDB_CMD_CONTINUE;
}

/* Read one line with polled input; false if it was cancelled. */
static bool kdb_read_line(struct kdb_line *l)
{
	kdb_line_clear(l);
	for (;;) {
		int c = dbg_getc();

		if (c < 0) {
			touch_nmi_watchdog();
			cpu_relax();
			continue;
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

static int kdb_run(char *line)
{
	char *argv[KDB_MAXARGS];
	const struct kdb_cmd *cmd;
	struct kdb_call call;
	int argc, err;

	argc = kdb_tokenize(line, argv, ARRAY_SIZE(argv));
	if (argc < 0) {
		kdb_printf("kdb: %s\n", kdb_strerror(argc));
		return KDB_CMD_CONTINUE;
	}
	if (!argc)
		return KDB_CMD_CONTINUE;
	cmd = kdb_lookup(kdb_commands, ARRAY_SIZE(kdb_commands), argv[0], &err);
	if (!cmd) {
		kdb_printf("kdb: %s: '%s' (try 'help')\n", kdb_strerror(err),
			   argv[0]);
		return KDB_CMD_CONTINUE;
	}
	call = (struct kdb_call){ .cmd = cmd, .argc = argc, .argv = argv };
	err = dbg_call_protected(kdb_call_cmd, &call);
	if (err == -EFAULT) {
		kdb_printf("kdb: %s: %s\n", cmd->name,
			   kdb_strerror(KDB_ERR_FAULT));
		return KDB_CMD_CONTINUE;
	}
	if (err < 0) {
		kdb_printf("kdb: %s: %s; usage: %s %s\n", cmd->name,
			   kdb_strerror(err), cmd->name, cmd->usage);
		return KDB_CMD_CONTINUE;
	}
	return err;
}

static enum dbg_action kdb_session(const struct dbg_event *ev)
{
	struct kdb_line *l = &kdb_line_state;
	int ret;

	kdb_line_init(l, kdb_echo, NULL);
	kdb_printf("\nEntering kdb on CPU %d (reason: %s)\n", ev->cpu,
		   crash_stop_reason_name(ev->reason));
	if (ev->msg)
		kdb_printf("%s: %s\n", crash_stop_reason_name(ev->reason),
			   ev->msg);
	for (;;) {
		kdb_printf("[%d]kdb> ", ev->cpu);
		if (!kdb_read_line(l))
			continue;
		ret = kdb_run(l->buf);
		if (ret == KDB_CMD_REBOOT) {
			kdb_printf("Rebooting\n");
			return DBG_ACTION_REBOOT;
		}
		if (ret == KDB_CMD_RESUME)
			break;
	}
	if (ev->reason == CRASH_STOP_REASON_PANIC)
		kdb_printf("Resuming the panic; the other CPUs stay halted\n");
	else
		kdb_printf("Resuming\n");
	return DBG_ACTION_RESUME;
}

static struct dbg_frontend kdb_frontend = {
	.name = "kdb",
	.session = kdb_session,
};

static int __init kdb_init(void)
{
	return dbg_register_frontend(&kdb_frontend);
}
device_initcall(kdb_init);
