// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB stub (see gdb_stub.h): gdb's remote serial protocol on top of
 * the debug core's API, for gdb 13.1 and later.
 *
 * Speed comes from round trips saved, not from bytes: a 16 KiB packet
 * size, no waiting for acks (and none at all after QStartNoAckMode),
 * run-length encoded replies, the thread list with names in one
 * qXfer:threads transfer (no qThreadExtraInfo per thread), and stop
 * replies that carry the registers gdb needs first (rbp, rsp, rip).
 *
 * Threads are tasks: the thread id is the pid, an idle task's is
 * GDB_IDLE_TID_BASE plus its CPU. The task each CPU runs is listed
 * first, in CPU order, so gdb's thread N is CPU N-1's (the kernel's gdb
 * scripts take the CPU from the thread number). A sleeping task's
 * registers are those its switch frame saved, PC included.
 */

#include "gdb_packet.h"
#include "gdb_stub.h"

/*
 * gdb's numbering of the x86-64 registers, and the target.xml made from
 * it: the core feature must hold the x87 registers or gdb 13.1 rejects
 * the description; the system feature has what the kernel's gdb scripts
 * (translate-vm) read.
 */
enum gdb_feature { GDB_F_CORE, GDB_F_LINUX, GDB_F_SEGMENTS, GDB_F_SYSTEM };

static const char *const gdb_features[] = {
	[GDB_F_CORE] = "org.gnu.gdb.i386.core",
	[GDB_F_LINUX] = "org.gnu.gdb.i386.linux",
	[GDB_F_SEGMENTS] = "org.gnu.gdb.i386.segments",
	[GDB_F_SYSTEM] = "org.linux.dbg.x86.system",
};

struct gdb_reg {
	const char *name;	/* gdb's, and the core's */
	u8 size;		/* bytes */
	u8 feature;
	const char *type;
};

#define R64(n)	{ n, 8, GDB_F_CORE, "int64" }
#define R32(n)	{ n, 4, GDB_F_CORE, "int32" }
#define ST(n)	{ n, 10, GDB_F_CORE, "i387_ext" }
#define FPU(n)	{ n, 4, GDB_F_CORE, "int" }
#define SYS(n)	{ n, 8, GDB_F_SYSTEM, "int" }

static const struct gdb_reg gdb_regs[] = {
	R64("rax"), R64("rbx"), R64("rcx"), R64("rdx"),
	R64("rsi"), R64("rdi"), { "rbp", 8, GDB_F_CORE, "data_ptr" },
	{ "rsp", 8, GDB_F_CORE, "data_ptr" },
	R64("r8"), R64("r9"), R64("r10"), R64("r11"),
	R64("r12"), R64("r13"), R64("r14"), R64("r15"),
	{ "rip", 8, GDB_F_CORE, "code_ptr" },
	{ "eflags", 4, GDB_F_CORE, "i386_eflags" },
	R32("cs"), R32("ss"), R32("ds"), R32("es"), R32("fs"), R32("gs"),
	ST("st0"), ST("st1"), ST("st2"), ST("st3"),
	ST("st4"), ST("st5"), ST("st6"), ST("st7"),
	FPU("fctrl"), FPU("fstat"), FPU("ftag"), FPU("fiseg"),
	FPU("fioff"), FPU("foseg"), FPU("fooff"), FPU("fop"),
	{ "orig_rax", 8, GDB_F_LINUX, "int" },
	{ "fs_base", 8, GDB_F_SEGMENTS, "int" },
	{ "gs_base", 8, GDB_F_SEGMENTS, "int" },
	SYS("k_gs_base"), SYS("cr0"), SYS("cr2"), SYS("cr3"), SYS("cr4"),
	SYS("cr8"), SYS("efer"),
};

/* The eflags bits gdb shows by name. */
static const struct {
	const char *name;
	u8 bit;
} gdb_eflags[] = {
	{ "CF", 0 }, { "PF", 2 }, { "AF", 4 }, { "ZF", 6 }, { "SF", 7 },
	{ "TF", 8 }, { "IF", 9 }, { "DF", 10 }, { "OF", 11 }, { "AC", 18 },
};

/* The 'g' packet: up to the segment registers; the rest by 'p'. */
#define GDB_G_REGS	24
#define GDB_REG_RBP	6
#define GDB_REG_RSP	7
#define GDB_REG_RIP	16

/* The stub's state: set aside at build time, nothing allocated. */
static char gdb_rx_buf[GDB_PACKET_SIZE + 1];
static char gdb_tx_buf[GDB_PACKET_SIZE + GDB_FRAME_LEN];
static size_t gdb_tx_len;		/* the last reply, for a '-' */
static u8 gdb_mem_buf[GDB_PACKET_SIZE / 2];

static struct {
	const struct dbg_event *ev;
	bool noack;
	bool waiting;		/* gdb resumed us and waits for a stop */
	u64 g_task;		/* Hg: whose registers */
	int reg_index[ARRAY_SIZE(gdb_regs)];	/* the core's numbers */
	bool regs_mapped;
	/* vCont range step under way on the entering CPU. */
	bool range;
	u64 range_start, range_end;
} gdb;

/*
 * While the machine runs: gdb's Ctrl-C, or a whole good packet (gdb
 * attaching), enter the debugger; the packet is then answered first.
 * Received on the polling CPU, kept apart from the session's buffer.
 */
static char gdb_poll_buf[1024];
static struct gdb_rx gdb_poll_rx = {
	.buf = gdb_poll_buf, .size = sizeof(gdb_poll_buf),
};
static bool gdb_poll_pending;

/* Text for gdb to show, sent as one O packet. */
struct gdb_text {
	char buf[1024];
	size_t len;
};

/* The core's messages kept for gdb (gdb_message()). */
static struct gdb_text gdb_msg;
static bool gdb_in_session;
/* A monitor command runs: its output (gdb_mon_out()). */
static struct gdb_text gdb_mon;
static bool gdb_in_command;

/**
 * gdb_stub_reset - forget the connection (for tests)
 */
void gdb_stub_reset(void)
{
	memset(&gdb, 0, sizeof(gdb));
	gdb_tx_len = 0;
	gdb_rx_init(&gdb_poll_rx, gdb_poll_buf, sizeof(gdb_poll_buf));
	gdb_poll_pending = false;
	gdb_msg.len = 0;
	gdb_mon.len = 0;
	gdb_in_session = false;
	gdb_in_command = false;
}

static void gdb_map_regs(void)
{
	unsigned int i;

	if (gdb.regs_mapped)
		return;
	for (i = 0; i < ARRAY_SIZE(gdb_regs); i++)
		gdb.reg_index[i] = dbg_reg_find(gdb_regs[i].name);
	gdb.regs_mapped = true;
}

/* --- threads ------------------------------------------------------------ */

static u64 gdb_tid(const struct dbg_task *t)
{
	return t->idle ? GDB_IDLE_TID_BASE + t->cpu : (u64)t->pid;
}

/* The idle task of @cpu: the walk gives every CPU's first. */
static int gdb_idle_task(unsigned int cpu, struct dbg_task *out)
{
	struct dbg_task_iter it = {};

	while (dbg_task_next(&it, out) > 0 && out->idle)
		if ((unsigned int)out->cpu == cpu)
			return 0;
	return -ESRCH;
}

/* The task of a thread id; 0 and -1 ("any", "all") are the entering CPU's. */
static int gdb_task_of(u64 tid, struct dbg_task *out)
{
	if (tid == 0 || tid == (u64)-1)
		return dbg_task_by_addr(gdb.ev->task, out);
	if (tid >= GDB_IDLE_TID_BASE) {
		if (tid - GDB_IDLE_TID_BASE >= dbg_nr_cpus())
			return -ESRCH;
		return gdb_idle_task(tid - GDB_IDLE_TID_BASE, out);
	}
	return dbg_task_by_pid((int)tid, out);
}

/*
 * Every thread, in gdb's order: each CPU's current task by CPU, then the
 * others. @w->fn returns nonzero to stop early. Returns 0 at the end,
 * what @w->fn returned if it stopped the walk, or the walk's error.
 */
struct gdb_walk {
	int (*fn)(void *ctx, const struct dbg_task *t);
	void *ctx;
};

static int gdb_walk_threads(const struct gdb_walk *w)
{
	struct dbg_task_iter it = {};
	struct dbg_task t;
	unsigned int cpu;
	int err;

	for (cpu = 0; cpu < dbg_nr_cpus(); cpu++) {
		if (dbg_cpu_task(cpu, &t) || !t.running || !t.cpu_stopped)
			continue;
		err = w->fn(w->ctx, &t);
		if (err)
			return err;
	}
	while ((err = dbg_task_next(&it, &t)) > 0) {
		if (t.running && t.cpu_stopped)
			continue;
		err = w->fn(w->ctx, &t);
		if (err)
			return err;
	}
	return err;
}

/* --- replies ------------------------------------------------------------ */

static struct gdb_tx gdb_tx;

static void gdb_begin(void)
{
	gdb_tx_begin(&gdb_tx, gdb_tx_buf, sizeof(gdb_tx_buf));
}

static void gdb_send(void)
{
	gdb_tx_len = gdb_tx_end(&gdb_tx);
	dbg_write(gdb_tx_buf, gdb_tx_len);
}

static void gdb_reply(const char *s)
{
	gdb_begin();
	gdb_tx_str(&gdb_tx, s);
	gdb_send();
}

/* An error reply: "Exx" with the errno, as gdbserver does. */
static void gdb_error(int err)
{
	gdb_begin();
	gdb_tx_fmt(&gdb_tx, "E%02x", (err < 0 ? -err : err) & 0xff);
	gdb_send();
}

/* One register of @regs as gdb wants it: little-endian, or "xx" unknown. */
static void gdb_put_reg(const struct dbg_regs *regs, unsigned int n)
{
	int idx = gdb.reg_index[n];
	unsigned int i;

	if (idx < 0 || !dbg_reg_known(regs, idx)) {
		for (i = 0; i < gdb_regs[n].size; i++)
			gdb_tx_str(&gdb_tx, "xx");
		return;
	}
	/* The core's values are u64; wider registers are never known. */
	gdb_tx_hex(&gdb_tx, &regs->val[idx], min_t(size_t, 8, gdb_regs[n].size));
}

static const char *gdb_signal_of(const char *reason)
{
	static const struct {
		const char *reason;
		const char *sig;
	} map[] = {
		{ "sysrq", "02" }, { "nmi", "02" }, { "oops", "0b" },
		{ "panic", "06" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(reason, map[i].reason))
			return map[i].sig;
	return "05";
}

/* The stop reply: signal, thread, why, and rbp, rsp, rip. */
static void gdb_stop_reply(void)
{
	static struct dbg_regs regs;
	static const unsigned int expedite[] = {
		GDB_REG_RBP, GDB_REG_RSP, GDB_REG_RIP,
	};
	struct dbg_bp_stop at;
	struct dbg_task t;
	unsigned int i;

	gdb_begin();
	gdb_tx_fmt(&gdb_tx, "T%s", gdb_signal_of(gdb.ev->reason));
	if (!dbg_task_by_addr(gdb.ev->task, &t)) {
		gdb_tx_str(&gdb_tx, "thread:");
		gdb_tx_hex_u64(&gdb_tx, gdb_tid(&t));
		gdb_tx_char(&gdb_tx, ';');
	}
	if (gdb.ev->cpu >= 0 && !dbg_bp_hit(gdb.ev->cpu, &at)) {
		static const char *const why[] = {
			[DBG_BP_SOFT] = "swbreak:",
			[DBG_BP_HW_EXEC] = "hwbreak:",
			[DBG_BP_HW_WRITE] = "watch:",
			[DBG_BP_HW_ACCESS] = "awatch:",
		};

		if (at.type < ARRAY_SIZE(why)) {
			gdb_tx_str(&gdb_tx, why[at.type]);
			if (at.type == DBG_BP_HW_WRITE ||
			    at.type == DBG_BP_HW_ACCESS)
				gdb_tx_hex_u64(&gdb_tx, at.addr);
			gdb_tx_char(&gdb_tx, ';');
		}
	}
	if (!dbg_task_regs(gdb.ev->task, &regs)) {
		for (i = 0; i < ARRAY_SIZE(expedite); i++) {
			gdb_tx_fmt(&gdb_tx, "%02x:", expedite[i]);
			gdb_put_reg(&regs, expedite[i]);
			gdb_tx_char(&gdb_tx, ';');
		}
	}
	gdb_send();
}

/* --- packets ------------------------------------------------------------ */

/* What a handler tells the session loop. */
enum gdb_next {
	GDB_STAY,		/* replied; wait for the next packet */
	GDB_RESUME,		/* let the machine go (gdb waits for a stop) */
	GDB_DETACH,		/* let it go; gdb is gone */
	GDB_TO_KDB,		/* hand the console to kdb, still stopped */
};

struct gdb_cmd {
	const char *prefix;
	enum gdb_next (*fn)(const char *args, size_t len);
};

/* "addr,len" at @p; @p is moved past it. */
static int gdb_parse_addr_len(const char **p, u64 *addr, u64 *len)
{
	if (gdb_parse_hex(p, addr) || **p != ',')
		return -EINVAL;
	(*p)++;
	return gdb_parse_hex(p, len);
}

static enum gdb_next gdb_cmd_status(const char *args, size_t len)
{
	gdb_stop_reply();
	return GDB_STAY;
}

static int gdb_regs_of_g(struct dbg_regs *regs)
{
	struct dbg_task t;
	int err;

	if (gdb.g_task) {
		err = dbg_task_by_addr(gdb.g_task, &t);
		if (err)
			return err;
	}
	return dbg_task_regs(gdb.g_task ? gdb.g_task : gdb.ev->task, regs);
}

static enum gdb_next gdb_cmd_g(const char *args, size_t len)
{
	static struct dbg_regs regs;
	unsigned int i;
	int err = gdb_regs_of_g(&regs);

	if (err) {
		gdb_error(err);
		return GDB_STAY;
	}
	gdb_begin();
	for (i = 0; i < GDB_G_REGS; i++)
		gdb_put_reg(&regs, i);
	gdb_send();
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_p(const char *args, size_t len)
{
	static struct dbg_regs regs;
	u64 n;
	int err;

	if (gdb_parse_hex(&args, &n) || *args || n >= ARRAY_SIZE(gdb_regs)) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	err = gdb_regs_of_g(&regs);
	if (err) {
		gdb_error(err);
		return GDB_STAY;
	}
	gdb_begin();
	gdb_put_reg(&regs, n);
	gdb_send();
	return GDB_STAY;
}

/* Set register @n to the little-endian hex at @hex, if it changes. */
static int gdb_set_reg(unsigned int n, const char *hex, size_t nhex,
		       const struct dbg_regs *cur)
{
	u8 bytes[8] = {};
	u64 v = 0;
	int idx = gdb.reg_index[n], k, i;

	if (nhex != 2 * gdb_regs[n].size)
		return -EINVAL;
	/* "xx": gdb does not know it either; leave it. */
	if (hex[0] == 'x')
		return 0;
	k = gdb_hex_decode(hex, min_t(size_t, nhex, 16), bytes, sizeof(bytes));
	if (k < 0)
		return k;
	for (i = k - 1; i >= 0; i--)
		v = v << 8 | bytes[i];
	if (idx >= 0 && (cur->valid & (1U << idx)) && cur->val[idx] == v)
		return 0;
	if (idx < 0)
		return -EROFS;
	return dbg_set_reg(gdb.g_task ? gdb.g_task : gdb.ev->task, idx, v);
}

static enum gdb_next gdb_cmd_P(const char *args, size_t len)
{
	static struct dbg_regs regs;
	const char *p = args;
	u64 n;
	int err;

	if (gdb_parse_hex(&p, &n) || *p != '=' || n >= ARRAY_SIZE(gdb_regs)) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	p++;
	err = gdb_regs_of_g(&regs);
	if (!err)
		err = gdb_set_reg(n, p, len - (p - args), &regs);
	if (err)
		gdb_error(err);
	else
		gdb_reply("OK");
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_G(const char *args, size_t len)
{
	static struct dbg_regs regs;
	unsigned int i;
	size_t off = 0;
	int err = gdb_regs_of_g(&regs);

	for (i = 0; !err && i < GDB_G_REGS && off < len; i++) {
		size_t n = 2 * gdb_regs[i].size;

		if (off + n > len) {
			err = -EINVAL;
			break;
		}
		err = gdb_set_reg(i, args + off, n, &regs);
		off += n;
	}
	if (err)
		gdb_error(err);
	else
		gdb_reply("OK");
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_m(const char *args, size_t len)
{
	u64 addr, n;
	size_t done = 0;
	int err;

	if (gdb_parse_addr_len(&args, &addr, &n) || *args) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	n = min_t(u64, n, sizeof(gdb_mem_buf));
	err = dbg_mem_read(addr, gdb_mem_buf, n, &done);
	/* What could be read before a fault is still an answer. */
	if (err && !done) {
		gdb_error(err);
		return GDB_STAY;
	}
	gdb_begin();
	gdb_tx_hex(&gdb_tx, gdb_mem_buf, err ? done : n);
	gdb_send();
	return GDB_STAY;
}

static void gdb_write_mem(u64 addr, const u8 *buf, size_t n)
{
	int err = n ? dbg_mem_write(addr, buf, n, NULL) : 0;

	if (err)
		gdb_error(err);
	else
		gdb_reply("OK");
}

static enum gdb_next gdb_cmd_M(const char *args, size_t len)
{
	const char *p = args;
	u64 addr, n;
	int k;

	if (gdb_parse_addr_len(&p, &addr, &n) || *p != ':' ||
	    n > sizeof(gdb_mem_buf)) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	p++;
	k = gdb_hex_decode(p, len - (p - args), gdb_mem_buf, sizeof(gdb_mem_buf));
	if (k < 0 || (u64)k != n) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	gdb_write_mem(addr, gdb_mem_buf, n);
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_X(const char *args, size_t len)
{
	const char *p = args;
	size_t got;
	u64 addr, n;

	if (gdb_parse_addr_len(&p, &addr, &n) || *p != ':' ||
	    n > sizeof(gdb_mem_buf)) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	p++;
	if (gdb_bin_unescape(p, len - (p - args), gdb_mem_buf,
			     sizeof(gdb_mem_buf), &got) || got != n) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	gdb_write_mem(addr, gdb_mem_buf, n);
	return GDB_STAY;
}

/* Resume, from a 'c' or 's' with an optional address. */
static enum gdb_next gdb_resume(const char *args, bool step)
{
	const char *why;
	u64 addr;
	int err;

	if (*args) {
		if (gdb_parse_hex(&args, &addr) || *args) {
			gdb_error(EINVAL);
			return GDB_STAY;
		}
		err = dbg_set_reg(gdb.ev->task, dbg_reg_role(DBG_REG_PC), addr);
		if (err) {
			gdb_error(err);
			return GDB_STAY;
		}
	}
	if (step) {
		err = dbg_step(&why);
		if (err) {
			gdb_error(err);
			return GDB_STAY;
		}
	}
	return GDB_RESUME;
}

static enum gdb_next gdb_cmd_c(const char *args, size_t len)
{
	return gdb_resume(args, false);
}

static enum gdb_next gdb_cmd_s(const char *args, size_t len)
{
	return gdb_resume(args, true);
}

/* Does a vCont action's thread part (":tid" or none) take in @tid? */
static bool gdb_vcont_for(const char *p, u64 tid)
{
	u64 t;

	if (*p != ':')
		return true;
	p++;
	if (p[0] == '-' && p[1] == '1')
		return true;
	return !gdb_parse_hex(&p, &t) && t == tid;
}

/*
 * vCont;action[:tid];...: all-stop, so only the entering CPU's task can
 * step; the first action that applies to it decides (c, s or r).
 */
static enum gdb_next gdb_cmd_vcont(const char *args, size_t len)
{
	struct dbg_task t;
	const char *p = args;
	u64 tid;

	if (dbg_task_by_addr(gdb.ev->task, &t)) {
		gdb_error(ESRCH);
		return GDB_STAY;
	}
	tid = gdb_tid(&t);
	while (*p == ';') {
		const char *act = ++p;
		const char *end = strchr(act, ';');
		const char *thr;
		u64 start, stop;

		if (!end)
			end = act + strlen(act);
		thr = act;
		while (thr < end && *thr != ':')
			thr++;
		if (gdb_vcont_for(thr, tid)) {
			if (*act == 'c' || *act == 'C')
				return GDB_RESUME;
			if (*act == 's' || *act == 'S')
				return gdb_resume("", true);
			if (*act == 'r') {
				const char *q = act + 1;

				if (gdb_parse_hex(&q, &start) || *q++ != ',' ||
				    gdb_parse_hex(&q, &stop)) {
					gdb_error(EINVAL);
					return GDB_STAY;
				}
				gdb.range = true;
				gdb.range_start = start;
				gdb.range_end = stop;
				return gdb_resume("", true);
			}
		}
		p = end;
	}
	/* Nothing for the entering CPU (e.g. only "t"): just go on. */
	return GDB_RESUME;
}

static enum gdb_next gdb_cmd_vcont_query(const char *args, size_t len)
{
	gdb_reply("vCont;c;C;s;S;r");
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_H(const char *args, size_t len)
{
	struct dbg_task t;
	const char *p = args + 1;
	u64 tid;
	int err;

	if (args[0] != 'g' && args[0] != 'c') {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	if (p[0] == '-' && p[1] == '1' && !p[2]) {
		tid = 0;
	} else if (gdb_parse_hex(&p, &tid) || *p) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	err = gdb_task_of(tid, &t);
	if (err) {
		gdb_error(err);
		return GDB_STAY;
	}
	/* Hc: all-stop, only the entering CPU runs a step; nothing to keep. */
	if (args[0] == 'g')
		gdb.g_task = tid ? t.addr : 0;
	gdb_reply("OK");
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_T(const char *args, size_t len)
{
	struct dbg_task t;
	u64 tid;

	if (gdb_parse_hex(&args, &tid) || *args || gdb_task_of(tid, &t))
		gdb_error(ESRCH);
	else
		gdb_reply("OK");
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_qC(const char *args, size_t len)
{
	struct dbg_task t;

	if (dbg_task_by_addr(gdb.ev->task, &t)) {
		gdb_error(ESRCH);
		return GDB_STAY;
	}
	gdb_begin();
	gdb_tx_str(&gdb_tx, "QC");
	gdb_tx_hex_u64(&gdb_tx, gdb_tid(&t));
	gdb_send();
	return GDB_STAY;
}

/*
 * Where KASLR put the kernel, as the new bases of vmlinux's first two
 * segments (text and rodata; data): gdb then moves every section by the
 * offset, where Text=/Data=/Bss= would move those three sections only,
 * leaving .rodata and the init sections behind. gdb moves the zero-based
 * per-CPU segment too, which KASLR does not (Documentation says so).
 */
static enum gdb_next gdb_cmd_qoffsets(const char *args, size_t len)
{
	u64 off = dbg_kaslr_offset(), text, data;

	gdb_begin();
	if (!dbg_sym_by_name("_text", &text) &&
	    !dbg_sym_by_name("_sdata", &data))
		gdb_tx_fmt(&gdb_tx, "TextSeg=%llx;DataSeg=%llx", text, data);
	else
		gdb_tx_fmt(&gdb_tx, "Text=%llx;Data=%llx;Bss=%llx", off, off,
			   off);
	gdb_send();
	return GDB_STAY;
}

bool gdb_xfer_threads = true;

static const char *const gdb_features_supported[] = {
	"QStartNoAckMode+", "qXfer:features:read+", "swbreak+", "hwbreak+",
	"vContSupported+",
};

static enum gdb_next gdb_cmd_qsupported(const char *args, size_t len)
{
	unsigned int i;

	gdb_begin();
	gdb_tx_fmt(&gdb_tx, "PacketSize=%x", GDB_PACKET_SIZE);
	for (i = 0; i < ARRAY_SIZE(gdb_features_supported); i++)
		gdb_tx_fmt(&gdb_tx, ";%s", gdb_features_supported[i]);
	if (gdb_xfer_threads)
		gdb_tx_fmt(&gdb_tx, ";qXfer:threads:read+");
	gdb_send();
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_noack(const char *args, size_t len)
{
	gdb_reply("OK");
	gdb.noack = true;
	return GDB_STAY;
}

/* Thread list, packed: as many ids as fit in one reply. */
struct gdb_list_ctx {
	unsigned long skip;	/* threads sent in earlier replies */
	unsigned long n;
	bool first;
	bool full;
};

static struct gdb_list_ctx gdb_list;

static int gdb_list_one(void *ctx, const struct dbg_task *t)
{
	struct gdb_list_ctx *l = ctx;

	if (l->n++ < l->skip)
		return 0;
	if (gdb_tx_room(&gdb_tx) < 24) {
		l->full = true;
		return 1;
	}
	if (!l->first)
		gdb_tx_char(&gdb_tx, ',');
	l->first = false;
	gdb_tx_hex_u64(&gdb_tx, gdb_tid(t));
	l->skip++;
	return 0;
}

static enum gdb_next gdb_thread_list(bool first)
{
	int err;

	/* qfThreadInfo starts the walk, qsThreadInfo goes on. */
	if (first)
		gdb_list.skip = 0;
	gdb_list.n = 0;
	gdb_list.first = true;
	gdb_list.full = false;
	gdb_begin();
	gdb_tx_char(&gdb_tx, 'm');
	err = gdb_walk_threads(&(struct gdb_walk){ gdb_list_one, &gdb_list });
	if (err < 0) {
		gdb_error(err);
		return GDB_STAY;
	}
	if (gdb_list.first) {
		gdb_begin();
		gdb_tx_char(&gdb_tx, 'l');
	}
	gdb_send();
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_qfthreadinfo(const char *args, size_t len)
{
	return gdb_thread_list(true);
}

static enum gdb_next gdb_cmd_qsthreadinfo(const char *args, size_t len)
{
	return gdb_thread_list(false);
}

static enum gdb_next gdb_cmd_extrainfo(const char *args, size_t len)
{
	struct dbg_task t;
	char text[48];
	u64 tid;
	int n;

	if (*args++ != ',' || gdb_parse_hex(&args, &tid) ||
	    gdb_task_of(tid, &t)) {
		gdb_error(ESRCH);
		return GDB_STAY;
	}
	n = scnprintf(text, sizeof(text), "%s [%c]", t.comm, t.state);
	gdb_begin();
	gdb_tx_hex(&gdb_tx, text, n);
	gdb_send();
	return GDB_STAY;
}

/*
 * qXfer reads: the object is produced from its start at each request,
 * and only the window [off, off + len) goes into the reply, so nothing
 * is stored between requests (the machine is stopped: it is the same
 * each time).
 */
struct gdb_xfer {
	u64 off, len;	/* the window */
	u64 pos;	/* bytes produced so far */
};

static void gdb_xfer_put(struct gdb_xfer *x, const char *s, size_t n)
{
	size_t from, to;

	if (x->pos + n > x->off && x->pos < x->off + x->len) {
		from = x->pos < x->off ? x->off - x->pos : 0;
		to = min_t(u64, n, x->off + x->len - x->pos);
		gdb_tx_bin(&gdb_tx, s + from, to - from);
	}
	x->pos += n;
}

/* XML text: no '<', '>', '&' or '"' from a task's name into it. */
static void gdb_xfer_text(struct gdb_xfer *x, const char *s)
{
	for (; *s; s++) {
		char c = *s;

		if (c == '<' || c == '>' || c == '&' || c == '"' ||
		    (u8)c < 0x20 || (u8)c > 0x7e)
			c = '?';
		gdb_xfer_put(x, &c, 1);
	}
}

static void gdb_xfer_fmt(struct gdb_xfer *x, const char *fmt, ...)
{
	char line[128];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	gdb_xfer_put(x, line, n);
}

static void gdb_xfer_target_xml(struct gdb_xfer *x)
{
	unsigned int i, k;

	gdb_xfer_fmt(x, "<?xml version=\"1.0\"?>");
	gdb_xfer_fmt(x, "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">");
	gdb_xfer_fmt(x, "<target version=\"1.0\">");
	gdb_xfer_fmt(x, "<architecture>i386:x86-64</architecture>");
	for (i = 0; i < ARRAY_SIZE(gdb_regs); i++) {
		const struct gdb_reg *r = &gdb_regs[i];

		if (!i || r->feature != gdb_regs[i - 1].feature) {
			if (i)
				gdb_xfer_fmt(x, "</feature>");
			gdb_xfer_fmt(x, "<feature name=\"%s\">",
				     gdb_features[r->feature]);
		}
		if (!strcmp(r->type, "i386_eflags")) {
			gdb_xfer_fmt(x, "<flags id=\"i386_eflags\" size=\"4\">");
			for (k = 0; k < ARRAY_SIZE(gdb_eflags); k++)
				gdb_xfer_fmt(x, "<field name=\"%s\" start=\"%u\" end=\"%u\"/>",
					     gdb_eflags[k].name, gdb_eflags[k].bit,
					     gdb_eflags[k].bit);
			gdb_xfer_fmt(x, "</flags>");
		}
		gdb_xfer_fmt(x, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"%s/>",
			     r->name, 8 * r->size, r->type, i,
			     r->feature == GDB_F_SYSTEM ? " group=\"system\"" : "");
	}
	gdb_xfer_fmt(x, "</feature></target>");
}

static int gdb_xfer_thread(void *ctx, const struct dbg_task *t)
{
	struct gdb_xfer *x = ctx;
	char line[64];
	int n;

	/* Past the window: the rest is not needed for this reply. */
	if (x->pos >= x->off + x->len)
		return 1;
	n = scnprintf(line, sizeof(line), "<thread id=\"%llx\" core=\"%d\" name=\"",
		      gdb_tid(t), t->cpu);
	gdb_xfer_put(x, line, n);
	gdb_xfer_text(x, t->comm);
	n = scnprintf(line, sizeof(line), "\">%c pid %d</thread>", t->state,
		      t->pid);
	gdb_xfer_put(x, line, n);
	return 0;
}

static enum gdb_next gdb_cmd_qxfer(const char *args, size_t len)
{
	static const char features[] = "features:read:target.xml:";
	static const char threads[] = "threads:read::";
	struct gdb_xfer x = {};
	const char *p;
	bool more;
	int err = 0;

	if (!strncmp(args, features, sizeof(features) - 1))
		p = args + sizeof(features) - 1;
	else if (gdb_xfer_threads &&
		 !strncmp(args, threads, sizeof(threads) - 1))
		p = args + sizeof(threads) - 1;
	else {
		gdb_reply("");
		return GDB_STAY;
	}
	if (gdb_parse_addr_len(&p, &x.off, &x.len) || *p) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	x.len = min_t(u64, x.len, GDB_PACKET_SIZE / 2);
	gdb_begin();
	gdb_tx_char(&gdb_tx, 'm');
	if (args[0] == 'f') {
		gdb_xfer_target_xml(&x);
	} else {
		gdb_xfer_put(&x, "<threads>", 9);
		err = gdb_walk_threads(&(struct gdb_walk){ gdb_xfer_thread, &x });
		if (!err)
			gdb_xfer_put(&x, "</threads>", 10);
	}
	if (err < 0) {
		gdb_error(err);
		return GDB_STAY;
	}
	/* 'l': the window reached the end of the object. */
	more = err > 0 || x.pos > x.off + x.len;
	if (!more)
		gdb_tx.buf[1] = 'l';
	gdb_send();
	return GDB_STAY;
}

/* Z/z type: 0 software, 1 hardware, 2 write, 3 read, 4 access. */
static const u8 gdb_bp_types[] = {
	DBG_BP_SOFT, DBG_BP_HW_EXEC, DBG_BP_HW_WRITE, DBG_BP_TYPE_NR,
	DBG_BP_HW_ACCESS,
};

static enum gdb_next gdb_breakpoint(const char *args, bool insert)
{
	const char *p = args + 1, *why;
	struct dbg_bp bp = {};
	unsigned int num, i;
	u64 addr, kind;
	int err;

	if (args[0] < '0' || args[0] > '4' || *p++ != ',' ||
	    gdb_parse_addr_len(&p, &addr, &kind)) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	bp.type = gdb_bp_types[args[0] - '0'];
	/* A read-only watch: x86 has none; gdb then says so. */
	if (bp.type == DBG_BP_TYPE_NR) {
		gdb_reply("");
		return GDB_STAY;
	}
	if (!insert) {
		for (i = 0; i < DBG_BP_MAX; i++) {
			if (dbg_bp_get(i, &bp) || bp.addr != addr ||
			    bp.type != gdb_bp_types[args[0] - '0'])
				continue;
			err = dbg_bp_clear(i);
			if (err)
				gdb_error(err);
			else
				gdb_reply("OK");
			return GDB_STAY;
		}
		/* Already gone (cleared from kdb, a module unloaded). */
		gdb_reply("OK");
		return GDB_STAY;
	}
	bp.addr = addr;
	bp.len = bp.type == DBG_BP_SOFT || bp.type == DBG_BP_HW_EXEC ? 1 : kind;
	bp.enabled = true;
	bp.cpu = -1;
	err = dbg_bp_set(&bp, &num, &why);
	if (err == -EEXIST)
		err = 0;
	if (err)
		gdb_error(err);
	else
		gdb_reply("OK");
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_Z(const char *args, size_t len)
{
	return gdb_breakpoint(args, true);
}

static enum gdb_next gdb_cmd_z(const char *args, size_t len)
{
	return gdb_breakpoint(args, false);
}

static enum gdb_next gdb_cmd_detach(const char *args, size_t len)
{
	gdb_reply("OK");
	return GDB_DETACH;
}

/* 'k', vKill: the kernel is not killed; gdb goes, the machine runs on. */
static enum gdb_next gdb_cmd_k(const char *args, size_t len)
{
	return GDB_DETACH;
}

static enum gdb_next gdb_cmd_vkill(const char *args, size_t len)
{
	gdb_reply("OK");
	return GDB_DETACH;
}

/* Send text to gdb's console, as an O packet. */
static void gdb_console(const char *s)
{
	gdb_begin();
	gdb_tx_char(&gdb_tx, 'O');
	gdb_tx_hex(&gdb_tx, s, strlen(s));
	gdb_send();
}

static void gdb_text_flush(struct gdb_text *t)
{
	if (!t->len)
		return;
	gdb_begin();
	gdb_tx_char(&gdb_tx, 'O');
	gdb_tx_hex(&gdb_tx, t->buf, t->len);
	gdb_send();
	t->len = 0;
}

/* Up to @n bytes of @s that fit; returns how many. */
static size_t gdb_text_add(struct gdb_text *t, const char *s, size_t n)
{
	n = min(n, sizeof(t->buf) - t->len);
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	return n;
}

/*
 * A monitor command's output, as O packets of at most 1024 characters
 * each (gdb prints them as they come).
 */
static void gdb_mon_out(const char *s, size_t n, void *ctx)
{
	size_t k;

	while (n) {
		k = gdb_text_add(&gdb_mon, s, n);
		s += k;
		n -= k;
		if (gdb_mon.len == sizeof(gdb_mon.buf))
			gdb_text_flush(&gdb_mon);
	}
}

/*
 * The core's messages while the stub has the line (a breakpoint it could
 * not set, a fault while stopped): O packets for gdb to show, sent when
 * gdb waits for the machine (it takes them then), so kept until then if
 * a session is on: at the next stop or monitor command. What does not
 * fit is dropped.
 */
static void gdb_message(const char *s, size_t n)
{
	gdb_text_add(&gdb_msg, s, n);
	if (!gdb_in_session && gdb.waiting)
		gdb_text_flush(&gdb_msg);
}

/*
 * A long monitor command (a dump) is still at work: what it printed so
 * far, or an empty O packet. gdb waits for a reply only 3 remotetimeouts
 * (6 s by default) before it says "Ignoring packet error"; any packet
 * starts its wait again.
 */
static void gdb_keepalive(void)
{
	if (!gdb_in_command)
		return;
	if (!gdb_mon.len && !gdb_msg.len)
		gdb_reply("O");
	gdb_text_flush(&gdb_mon);
	gdb_text_flush(&gdb_msg);
}

/*
 * monitor <cmd>: "kdb" gives the line back to kdb's prompt; anything
 * else is a kdb command, run here, its output shown by gdb.
 */
static enum gdb_next gdb_cmd_qrcmd(const char *args, size_t len)
{
	static char cmd[256];
	int n;

	if (*args++ != ',') {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	n = gdb_hex_decode(args, len - 1, (u8 *)cmd, sizeof(cmd) - 1);
	if (n < 0) {
		gdb_error(EINVAL);
		return GDB_STAY;
	}
	cmd[n] = '\0';
	if (!strcmp(cmd, "kdb") && !dbg_frontend_switch("kdb")) {
		gdb_console("Leaving the GDB stub: kdb has the console\n");
		gdb_reply("OK");
		return GDB_TO_KDB;
	}
	gdb_mon.len = 0;
	gdb_in_command = true;
	if (dbg_frontend_command("kdb", gdb.ev, cmd, gdb_mon_out, NULL) ==
	    -ENOENT)
		gdb_mon_out("monitor: no kdb in this kernel\n", 31, NULL);
	gdb_in_command = false;
	gdb_text_flush(&gdb_mon);
	gdb_text_flush(&gdb_msg);
	gdb_reply("OK");
	return GDB_STAY;
}

/*
 * "3" (sent as $3#33 by hand or by a tool, as mainline kgdb takes it):
 * back to kdb, still stopped. No reply: what answers is kdb's prompt.
 */
static enum gdb_next gdb_cmd_to_kdb(const char *args, size_t len)
{
	if (len || dbg_frontend_switch("kdb")) {
		gdb_reply("");
		return GDB_STAY;
	}
	gdb_tx_len = 0;
	return GDB_TO_KDB;
}

static enum gdb_next gdb_cmd_ok(const char *args, size_t len)
{
	gdb_reply("OK");
	return GDB_STAY;
}

static enum gdb_next gdb_cmd_one(const char *args, size_t len)
{
	gdb_reply("1");
	return GDB_STAY;
}

/* Longest prefix first where one is the start of another. */
static const struct gdb_cmd gdb_cmds[] = {
	{ "?", gdb_cmd_status },
	{ "g", gdb_cmd_g },
	{ "G", gdb_cmd_G },
	{ "p", gdb_cmd_p },
	{ "P", gdb_cmd_P },
	{ "m", gdb_cmd_m },
	{ "M", gdb_cmd_M },
	{ "X", gdb_cmd_X },
	{ "c", gdb_cmd_c },
	{ "s", gdb_cmd_s },
	{ "H", gdb_cmd_H },
	{ "T", gdb_cmd_T },
	{ "Z", gdb_cmd_Z },
	{ "z", gdb_cmd_z },
	{ "D", gdb_cmd_detach },
	{ "k", gdb_cmd_k },
	{ "vKill", gdb_cmd_vkill },
	{ "vCont?", gdb_cmd_vcont_query },
	{ "vCont", gdb_cmd_vcont },
	{ "qSupported", gdb_cmd_qsupported },
	{ "QStartNoAckMode", gdb_cmd_noack },
	{ "qXfer:", gdb_cmd_qxfer },
	{ "qfThreadInfo", gdb_cmd_qfthreadinfo },
	{ "qsThreadInfo", gdb_cmd_qsthreadinfo },
	{ "qThreadExtraInfo", gdb_cmd_extrainfo },
	{ "qC", gdb_cmd_qC },
	{ "qAttached", gdb_cmd_one },
	{ "qOffsets", gdb_cmd_qoffsets },
	{ "qSymbol", gdb_cmd_ok },
	{ "qRcmd", gdb_cmd_qrcmd },
	{ "3", gdb_cmd_to_kdb },
};

/* Packets whose name is the whole packet, not a prefix of arguments. */
static bool gdb_cmd_exact(const char *name)
{
	return name[0] == 'q' || name[0] == 'Q' || !strcmp(name, "vKill");
}

static enum gdb_next gdb_dispatch(const char *pkt, size_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(gdb_cmds); i++) {
		const char *name = gdb_cmds[i].prefix;
		size_t n = strlen(name);

		if (strncmp(pkt, name, n))
			continue;
		/* qC is not qCRC; qSupported takes ":features". */
		if (gdb_cmd_exact(name) && pkt[n] && pkt[n] != ':' &&
		    pkt[n] != ',' && pkt[n] != ';' && name[n - 1] != ':')
			continue;
		return gdb_cmds[i].fn(pkt + n, len - n);
	}
	/* Anything unknown: the empty reply, as the protocol says. */
	gdb_reply("");
	return GDB_STAY;
}

/* --- the session -------------------------------------------------------- */

/*
 * Ack a good packet, unless no-ack mode is on; a qSupported always: it
 * begins a connection, which starts in ack mode (an earlier gdb may have
 * gone without detaching).
 */
static void gdb_ack(const char *pkt)
{
	if (!strncmp(pkt, "qSupported", 10))
		gdb.noack = false;
	if (!gdb.noack)
		dbg_write("+", 1);
}

/*
 * Wait for the next packet; acks, naks and noise handled here. @partial,
 * if not NULL, is a packet the poller had begun to receive when the
 * machine stopped: its rest is on the line, so it is received on.
 */
static size_t gdb_next_packet(const struct gdb_rx *partial)
{
	static struct gdb_rx rx;
	int c;

	if (partial)
		gdb_rx_move(&rx, gdb_rx_buf, sizeof(gdb_rx_buf), partial);
	else
		gdb_rx_init(&rx, gdb_rx_buf, sizeof(gdb_rx_buf));
	for (;;) {
		c = dbg_getc();
		if (c < 0) {
			dbg_idle();
			continue;
		}
		switch (gdb_rx_byte(&rx, c)) {
		case GDB_RX_PACKET:
			gdb_ack(rx.buf);
			return rx.len;
		case GDB_RX_BAD:
			if (!gdb.noack)
				dbg_write("-", 1);
			break;
		case GDB_RX_NAK:
			if (gdb_tx_len)
				dbg_write(gdb_tx_buf, gdb_tx_len);
			break;
		default:
			/* Acks need no wait; a break while stopped is moot. */
			break;
		}
	}
}


static bool gdb_poll_byte(int c)
{
	if (READ_ONCE(gdb_poll_pending))
		return true;
	switch (gdb_rx_byte(&gdb_poll_rx, c)) {
	case GDB_RX_INTERRUPT:
		return true;
	case GDB_RX_PACKET:
		/* Now: gdb resends an unacknowledged packet after a while. */
		if (!gdb.noack || !strncmp(gdb_poll_buf, "qSupported", 10))
			dbg_write("+", 1);
		/* The packet is whole before the session can see it pending. */
		smp_store_release(&gdb_poll_pending, true);
		return true;
	default:
		return false;
	}
}

/* Is this entry one more step of a range step, not a stop for gdb? */
static bool gdb_range_goes_on(const struct dbg_event *ev)
{
	const char *why;

	if (!gdb.range)
		return false;
	if (strcmp(ev->reason, "single-step") || ev->pc < gdb.range_start ||
	    ev->pc >= gdb.range_end) {
		gdb.range = false;
		return false;
	}
	if (dbg_step(&why)) {
		gdb.range = false;
		return false;
	}
	return true;
}

/**
 * gdb_session - the stub's session while the machine is stopped
 * @ev: why it stopped
 *
 * If gdb let the machine run, it is told why it stopped; then packets
 * are answered until gdb resumes or detaches.
 *
 * Return: what the core is to do next.
 */
enum dbg_action gdb_session(const struct dbg_event *ev)
{
	enum gdb_next next = GDB_STAY;
	size_t len;

	gdb.ev = ev;
	gdb.g_task = 0;
	gdb_map_regs();
	if (gdb_range_goes_on(ev))
		return DBG_ACTION_RESUME;
	gdb_in_session = true;
	if (gdb.waiting) {
		gdb_text_flush(&gdb_msg);
		gdb_stop_reply();
	}
	gdb.waiting = false;
	/* The packet that made us enter (gdb attaching), if one did. */
	/* Pairs with the release in gdb_poll_byte(). */
	if (smp_load_acquire(&gdb_poll_pending)) {
		len = gdb_poll_rx.len;
		memcpy(gdb_rx_buf, gdb_poll_buf, len + 1);
		WRITE_ONCE(gdb_poll_pending, false);
		/* Acknowledged when it came; a qSupported begins anew. */
		if (!strncmp(gdb_rx_buf, "qSupported", 10))
			gdb.noack = false;
		next = gdb_dispatch(gdb_rx_buf, len);
	} else if (next == GDB_STAY) {
		len = gdb_next_packet(&gdb_poll_rx);
		next = gdb_dispatch(gdb_rx_buf, len);
	}
	while (next == GDB_STAY) {
		len = gdb_next_packet(NULL);
		next = gdb_dispatch(gdb_rx_buf, len);
	}
	gdb.waiting = next == GDB_RESUME;
	gdb_in_session = false;
	/* What came on the line during the stop is not for the poller. */
	gdb_rx_init(&gdb_poll_rx, gdb_poll_buf, sizeof(gdb_poll_buf));
	if (next == GDB_DETACH || next == GDB_TO_KDB) {
		gdb.noack = false;
		gdb.range = false;
	}
	return next == GDB_TO_KDB ? DBG_ACTION_SWITCH : DBG_ACTION_RESUME;
}

/* The stub as the debug core sees it. */
struct dbg_frontend gdb_frontend = {
	.name = "gdb",
	.session = gdb_session,
	.poll_byte = gdb_poll_byte,
	.message = gdb_message,
	.keepalive = gdb_keepalive,
};
