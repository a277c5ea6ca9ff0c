/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kdb shell's files share. Portable: the shell sees the machine
 * only through <linux/dbg_core.h>, so it also builds in userspace against
 * a fake core for its unit tests and fuzzer.
 */
#ifndef _KDB_PRIVATE_H
#define _KDB_PRIVATE_H

#include <linux/dbg_core.h>

#include "../dbg_portable.h"
#include "kdb_fmt.h"
#include "kdb_line.h"
#include "kdb_out.h"
#include "kdb_parse.h"

/* Permission categories of kdb.cmd_enable, with mainline kdb's values. */
#define KDB_ENABLE_ALL		0x001
#define KDB_ENABLE_MEM_READ	0x002
#define KDB_ENABLE_MEM_WRITE	0x004
#define KDB_ENABLE_REG_READ	0x008
#define KDB_ENABLE_REG_WRITE	0x010
#define KDB_ENABLE_INSPECT	0x020
#define KDB_ENABLE_FLOW_CTRL	0x040
#define KDB_ENABLE_SIGNAL	0x080
#define KDB_ENABLE_REBOOT	0x100
#define KDB_ENABLE_ALWAYS_SAFE	0x200
#define KDB_ENABLE_MASK		0x3ff
#define KDB_NO_ARGS_SHIFT	10	/* the same bits, for "no arguments" */

extern unsigned int kdb_cmd_enable;

/**
 * struct kdb_state - the shell's state for the session in progress
 * @ev: why the machine stopped
 * @task: the selected task: what rd, rm, bt and $reg see
 * @cpu: the selected CPU, or -1 when a task was selected by pid
 * @perm: categories allowed in this session (cmd_enable less lockdown)
 * @md_next: where a repeated md continues
 * @md_width: the last md unit width (1, 2, 4, 8)
 * @md_lines: lines the last md showed
 * @md_radix: radix of the last md
 * @md_phys: the last md was mdp
 * @md_symbolic: the last md was mds
 * @mdr_len: bytes the last mdr showed (a repeated mdr shows as many)
 * @repeat: the command an empty line repeats ("" for none)
 * @quoted: bit i set: word i of the command running had quotes
 * @ss_left: steps still to make of an `ss N`
 * @stepping: the session ends for a single-step, not a resume
 * @to_gdb: kgdb was typed: the GDB stub takes over when the session ends
 * @to_gdb_quiet: ...because gdb's first packet came: nothing is printed
 * @capturing: running a command for another front-end (kdb_command())
 * @macro_depth: macros being run inside each other
 * @out: the output pipeline (grep, pager)
 * @line: the line editor
 */
struct kdb_state {
	const struct dbg_event *ev;
	u64 task;
	int cpu;
	unsigned int perm;
	u64 md_next;
	unsigned int md_width;
	unsigned int md_lines;
	unsigned int md_radix;
	bool md_phys;
	bool md_symbolic;
	u64 mdr_len;
	char repeat[KDB_LINE_MAX];
	unsigned int quoted;
	unsigned int macro_depth;
	u64 ss_left;
	bool stepping;
	bool to_gdb;		/* kgdb: the GDB stub takes over */
	bool to_gdb_quiet;
	bool capturing;		/* a command run for another front-end */
	struct kdb_out out;
	struct kdb_line line;
};

extern struct kdb_state kdb;

/* Output, through grep and the pager. */
__printf(1, 2) void kdb_printf(const char *fmt, ...);
void kdb_puts(const char *s);
bool kdb_stopped(void);
bool kdb_interrupted(void);
int kdb_wait_key(void);
__printf(2, 3) int kdb_error(const char *cmd, const char *fmt, ...);
int kdb_core_error(const char *cmd, const char *what, int err);
const char *kdb_errstr(int err);

/* Arguments. */
int kdb_arg_addr(const char *cmd, const char *arg, u64 *val);
int kdb_arg_num(const char *cmd, const char *arg, u64 min, u64 max,
		u64 *val);
int kdb_arg_signed(const char *cmd, const char *arg, s64 *val);
int kdb_arg_cpu(const char *cmd, const char *arg, unsigned int *cpu);
const char *kdb_sym(u64 addr);
const char *kdb_sym_ret(u64 addr);
bool kdb_has_sym(u64 addr);
void kdb_task_line_header(void);
void kdb_task_line(const struct dbg_task *t);
char kdb_ps_state(const struct dbg_task *t);
bool kdb_ps_match(const char *mask, char state);
int kdb_select_task(u64 task, int cpu);
int kdb_run_line(char *line);
bool kdb_is_command(const char *name);
extern struct dbg_frontend kdb_frontend;

/* Commands, by file. */
int kdb_cmd_md(int argc, char **argv);
int kdb_cmd_mdr(int argc, char **argv);
int kdb_cmd_mm(int argc, char **argv);
int kdb_cmd_search(int argc, char **argv);
int kdb_cmd_whatis(int argc, char **argv);
int kdb_cmd_per_cpu(int argc, char **argv);
int kdb_cmd_rd(int argc, char **argv);
int kdb_cmd_rm(int argc, char **argv);
int kdb_cmd_ef(int argc, char **argv);
int kdb_cmd_ps(int argc, char **argv);
int kdb_cmd_pid(int argc, char **argv);
int kdb_cmd_cpu(int argc, char **argv);
int kdb_cmd_cpus(int argc, char **argv);
int kdb_cmd_bt(int argc, char **argv);
int kdb_cmd_btp(int argc, char **argv);
int kdb_cmd_btt(int argc, char **argv);
int kdb_cmd_bta(int argc, char **argv);
int kdb_cmd_btc(int argc, char **argv);
int kdb_cmd_stacks(int argc, char **argv);
int kdb_cmd_findstack(int argc, char **argv);
int kdb_cmd_kill(int argc, char **argv);
int kdb_cmd_dmesg(int argc, char **argv);
int kdb_cmd_lsmod(int argc, char **argv);
int kdb_cmd_summary(int argc, char **argv);
int kdb_cmd_dump(int argc, char **argv);
int kdb_cmd_sr(int argc, char **argv);
int kdb_cmd_env(int argc, char **argv);
int kdb_cmd_set(int argc, char **argv);
int kdb_cmd_defcmd(int argc, char **argv);
int kdb_cmd_bp(int argc, char **argv);
int kdb_cmd_bph(int argc, char **argv);
int kdb_cmd_bl(int argc, char **argv);
int kdb_cmd_bc(int argc, char **argv);
bool kdb_bp_banner(const struct dbg_event *ev, struct dbg_bp *hit);
int kdb_cmd_ss(int argc, char **argv);
int kdb_cmd_so(int argc, char **argv);
int kdb_cmd_finish(int argc, char **argv);
int kdb_cmd_until(int argc, char **argv);
int kdb_ss_continue(const struct dbg_event *ev);

#endif /* _KDB_PRIVATE_H */
