// SPDX-License-Identifier: GPL-2.0
/*
 * A fake debug core for the kdb shell's unit tests and fuzzer: the whole
 * front-end API of <linux/dbg_core.h> over a small, fixed, fake x86_64
 * machine (see fake_core.h). Errors are the ones the real core gives, in
 * the same cases, and address expressions are evaluated by the real
 * evaluator with callbacks that mirror kernel/debug/core/dbg_core.c.
 *
 * It is fuzzed together with the shell, so every function checks its
 * arguments and never reads or writes out of its own tables.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <strings.h>

#include "fake_core.h"

#include "dbg_expr.h"
#include "kdb_env.h"
#include "kdb_macro.h"
#include "kdb_private.h"

#define PAGE_MASK_LOW		(FAKE_PAGE_SIZE - 1)
#define FAKE_SIGMAX		64	/* SIGRTMAX */
#define FAKE_DEFERRED_MAX	16	/* as the real core's queue */
#define FAKE_CORRUPT_AFTER	6	/* tasks a corrupted walk gives */
/* The front-end dbg_frontend_switch() chose last. */
static char fake_switch_to[8];

#define FAKE_BUDGET_DEFAULT	50000000UL
#define FAKE_EOF_POLLS_MAX	200000UL
#define FAKE_IN_MAX		(1 << 16)
#define FAKE_OUT_MAX		(1 << 20)
#define FAKE_LOG_MAX		128
#define FAKE_LOG_LEN		256
#define FAKE_USER_CS		0x33
#define FAKE_USER_SS		0x2b
#define FAKE_KERNEL_CS		0x10
#define FAKE_KERNEL_SS		0x18

static void fake_work(void);

/* --- symbols -------------------------------------------------------------- */

#define K(off)		(FAKE_KERNEL_BASE + (off))
#define CSTEST_TEXT	FAKE_MODULES_BASE
#define CSTEST_DATA	(FAKE_MODULES_BASE + 0x1000)
#define E1000_TEXT	(FAKE_MODULES_BASE + 0x10000)

struct fake_sym {
	const char *name;
	u64 addr;
	u64 size;
	const char *module;
};

/* Kernel symbols by address, then the modules'. */
static const struct fake_sym fake_syms[] = {
	{ "startup_64", K(0x0000), 0x100, "" },
	{ "default_idle", K(0x0100), 0x080, "" },
	{ "do_idle", K(0x0180), 0x180, "" },
	{ "cpu_startup_entry", K(0x0300), 0x040, "" },
	{ "__schedule", K(0x0340), 0x400, "" },
	{ "schedule", K(0x0740), 0x080, "" },
	{ "schedule_timeout", K(0x07c0), 0x0c0, "" },
	{ "io_schedule", K(0x0880), 0x040, "" },
	{ "worker_thread", K(0x08c0), 0x200, "" },
	{ "smpboot_thread_fn", K(0x0ac0), 0x1a0, "" },
	{ "kthread", K(0x0c60), 0x120, "" },
	{ "ret_from_fork", K(0x0d80), 0x040, "" },
	{ "ret_from_fork_asm", K(0x0dc0), 0x020, "" },
	{ "do_wait", K(0x0de0), 0x180, "" },
	{ "folio_wait_bit", K(0x0f60), 0x200, "" },
	{ "sync_inodes_sb", K(0x1160), 0x100, "" },
	{ "ksys_sync", K(0x1260), 0x080, "" },
	{ "n_tty_read", K(0x12e0), 0x300, "" },
	{ "do_syscall_64", K(0x15e0), 0x100, "" },
	{ "entry_SYSCALL_64_after_hwframe", K(0x16e0), 0x080, "" },
	{ "sysrq_handle_dbg", K(0x1760), 0x040, "" },
	{ "__handle_sysrq", K(0x17a0), 0x140, "" },
	{ "serial8250_handle_irq", K(0x18e0), 0x180, "" },
	{ "handle_irq_event", K(0x1a60), 0x0c0, "" },
	{ "common_interrupt", K(0x1b20), 0x0a0, "" },
	{ "asm_common_interrupt", K(0x1bc0), 0x020, "" },
	{ "panic", K(0x1be0), 0x200, "" },
	{ "do_exit", K(0x1de0), 0x300, "" },
	{ "kthreadd", K(0x20e0), 0x100, "" },
	{ "linux_banner", K(0x4000), 0x100, "" },
	{ "fake_rodata_table", K(0x4100), 0x040, "" },
	{ "jiffies", K(0x5000), 0x008, "" },
	{ "fake_ptrs", K(0x5040), 0x040, "" },
	{ "empty_zero_page", K(0x6000), 0x1000, "" },
	{ "fake_pattern", K(0x7000), 0x400, "" },
	{ "fake_crossing", K(0x7ff0), 0x020, "" },
	{ "fake_strings", K(0x8100), 0x100, "" },
	{ "current_task", FAKE_PERCPU_BASE + 0x00, 0x008, "" },
	{ "cpu_number", FAKE_PERCPU_BASE + 0x08, 0x004, "" },
	{ "fake_pcpu_counter", FAKE_PERCPU_BASE + 0x10, 0x008, "" },
	{ "cstest_spin", CSTEST_TEXT + 0x000, 0x080, "cstest" },
	{ "cstest_thread", CSTEST_TEXT + 0x080, 0x100, "cstest" },
	{ "cstest_count", CSTEST_DATA + 0x000, 0x008, "cstest" },
	{ "e1000_intr", E1000_TEXT + 0x000, 0x100, "e1000e" },
	{ "e1000_watchdog", E1000_TEXT + 0x100, 0x200, "e1000e" },
};

static const struct fake_sym *fake_sym_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fake_syms); i++)
		if (!strcmp(fake_syms[i].name, name))
			return &fake_syms[i];
	return NULL;
}

static const struct fake_sym *fake_sym_at(u64 addr)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fake_syms); i++)
		if (addr - fake_syms[i].addr < fake_syms[i].size)
			return &fake_syms[i];
	return NULL;
}

/* A symbol's address plus an offset; the tables below are built with it. */
static u64 fake_sym_off(const char *name, u64 off)
{
	const struct fake_sym *s = fake_sym_find(name);

	if (!s || off >= s->size)
		abort();	/* a mistake in the fake's own tables */
	return s->addr + off;
}

/* --- memory --------------------------------------------------------------- */

enum fake_kind {
	MK_TEXT, MK_RODATA, MK_DATA, MK_MODTEXT, MK_MODDATA, MK_PERCPU,
	MK_TASKS, MK_STACK,
};

static const char *const fake_kind_names[] = {
	[MK_TEXT] = "kernel text",
	[MK_RODATA] = "kernel rodata",
	[MK_DATA] = "kernel data",
	[MK_MODTEXT] = "module text",
	[MK_MODDATA] = "module data",
	[MK_PERCPU] = "direct map",
	[MK_TASKS] = "direct map",
	[MK_STACK] = "vmalloc",
};

struct fake_region {
	u64 va;
	u64 size;
	u64 pa;
	enum fake_kind kind;
	u8 *mem;
};

#define FAKE_MAX_REGIONS	48
#define FAKE_MAX_PAGES		64

static u8 fake_pages[FAKE_MAX_PAGES][FAKE_PAGE_SIZE];
static unsigned int fake_npages;
static struct fake_region fake_regions[FAKE_MAX_REGIONS];
static unsigned int fake_nregions;

static void fake_map(u64 va, u64 size, u64 pa, enum fake_kind kind)
{
	unsigned int pages = size / FAKE_PAGE_SIZE;
	struct fake_region *r;

	if (fake_nregions >= FAKE_MAX_REGIONS ||
	    fake_npages + pages > FAKE_MAX_PAGES || (va | size) & PAGE_MASK_LOW)
		abort();
	r = &fake_regions[fake_nregions++];
	r->va = va;
	r->size = size;
	r->pa = pa;
	r->kind = kind;
	r->mem = fake_pages[fake_npages];
	fake_npages += pages;
}

static struct fake_region *fake_region_of(u64 addr)
{
	unsigned int i;

	for (i = 0; i < fake_nregions; i++)
		if (addr - fake_regions[i].va < fake_regions[i].size)
			return &fake_regions[i];
	return NULL;
}

static struct fake_region *fake_region_of_phys(u64 paddr)
{
	unsigned int i;

	for (i = 0; i < fake_nregions; i++)
		if (paddr - fake_regions[i].pa < fake_regions[i].size)
			return &fake_regions[i];
	return NULL;
}

/* As dbg_arch_addr_check(): user, non-canonical, or a kernel range. */
static int fake_addr_check(u64 addr, size_t len)
{
	u64 last = addr + (len ? len - 1 : 0);

	if (last < addr)
		return -ENXIO;
	if (addr < 0x0000800000000000ULL)
		return last < 0x0000800000000000ULL ? -EACCES : -ENXIO;
	if (addr < 0xffff800000000000ULL)
		return -ENXIO;
	if (addr >> 12 == 0xffffffffff600ULL)	/* the vsyscall page */
		return -EACCES;
	return 0;
}

static size_t fake_chunk(u64 addr, size_t len)
{
	size_t room = FAKE_PAGE_SIZE - (addr & PAGE_MASK_LOW);

	return len < room ? len : room;
}

/* A page of mapped memory for [addr, addr + n), n within one page. */
static u8 *fake_page_ptr(u64 addr, size_t n, struct fake_region **rp)
{
	struct fake_region *r = fake_region_of(addr);

	if (!r || addr - r->va + n > r->size)
		return NULL;
	if (rp)
		*rp = r;
	return r->mem + (addr - r->va);
}

static unsigned int fake_deny;
static unsigned long fake_nreads, fake_nwrites, fake_nsetregs;
static bool fake_mem_dirty;

/* Page by page, as the real core: stops at the first page that fails. */
static int fake_read(u64 addr, void *buf, size_t len, size_t *done)
{
	size_t got = 0, n;
	int err = 0;
	u8 *p;

	while (got < len) {
		n = fake_chunk(addr + got, len - got);
		err = fake_addr_check(addr + got, n);
		if (err)
			break;
		p = fake_page_ptr(addr + got, n, NULL);
		if (!p) {
			err = -EFAULT;
			break;
		}
		memcpy((u8 *)buf + got, p, n);
		got += n;
	}
	if (done)
		*done = got;
	return err;
}

int dbg_mem_read(u64 addr, void *buf, size_t len, size_t *done)
{
	fake_work();
	if (done)
		*done = 0;
	if (!buf && len)
		return -EINVAL;
	fake_nreads++;
	if (fake_deny & DBG_DENY_READ)
		return -EPERM;
	return fake_read(addr, buf, len, done);
}

int dbg_mem_write(u64 addr, const void *buf, size_t len, size_t *done)
{
	struct fake_region *r = NULL;
	size_t put = 0, n;
	int err = 0;
	u8 *p;

	fake_work();
	if (done)
		*done = 0;
	if (!buf && len)
		return -EINVAL;
	fake_nwrites++;
	if (fake_deny & DBG_DENY_WRITE)
		return -EPERM;
	while (put < len) {
		n = fake_chunk(addr + put, len - put);
		err = fake_addr_check(addr + put, n);
		if (err)
			break;
		p = fake_page_ptr(addr + put, n, &r);
		if (!p) {
			err = -EFAULT;
			break;
		}
		/* Text is poked; other read-only data is refused. */
		if (r->kind == MK_RODATA) {
			err = -EROFS;
			break;
		}
		memcpy(p, (const u8 *)buf + put, n);
		fake_mem_dirty = true;
		put += n;
	}
	if (done)
		*done = put;
	return err;
}

int dbg_phys_read(u64 paddr, void *buf, size_t len, size_t *done)
{
	struct fake_region *r;
	size_t got = 0, n;
	int err = 0;

	fake_work();
	if (done)
		*done = 0;
	if (!buf && len)
		return -EINVAL;
	fake_nreads++;
	if (fake_deny & DBG_DENY_READ)
		return -EPERM;
	/* RAM is what the fake backs; anything else is not RAM. */
	while (got < len) {
		n = fake_chunk(paddr + got, len - got);
		r = fake_region_of_phys(paddr + got);
		if (paddr + got < paddr || !r ||
		    paddr + got - r->pa + n > r->size) {
			err = -EIO;
			break;
		}
		memcpy((u8 *)buf + got, r->mem + (paddr + got - r->pa), n);
		got += n;
	}
	if (done)
		*done = got;
	return err;
}

int dbg_virt_to_phys(u64 addr, u64 *paddr)
{
	struct fake_region *r;
	int err;

	if (!paddr)
		return -EINVAL;
	if (fake_deny & DBG_DENY_READ)
		return -EPERM;
	err = fake_addr_check(addr, 1);
	if (err)
		return err;
	r = fake_region_of(addr);
	if (!r)
		return -EFAULT;
	*paddr = r->pa + (addr - r->va);
	return 0;
}

/**
 * fake_mem_peek - read the fake's memory as a test sees it
 * @addr: virtual address
 * @buf: destination
 * @len: bytes
 *
 * No lockdown, no counting: for checking what mm did.
 *
 * Return: 0 or the error a read would give.
 */
int fake_mem_peek(u64 addr, void *buf, size_t len)
{
	return fake_read(addr, buf, len, NULL);
}

/* --- symbols (API) -------------------------------------------------------- */

static void fake_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (!size)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int dbg_sym_by_addr(u64 addr, struct dbg_sym *out)
{
	const struct fake_sym *s;

	if (!out)
		return -EINVAL;
	out->name[0] = '\0';
	out->module[0] = '\0';
	s = fake_sym_at(addr);
	if (!s)
		return -ENOENT;
	out->addr = s->addr;
	out->size = s->size;
	out->offset = addr - s->addr;
	fake_strlcpy(out->name, s->name, sizeof(out->name));
	fake_strlcpy(out->module, s->module, sizeof(out->module));
	return 0;
}

/* "name", or "module:name" for a module's own. */
int dbg_sym_by_name(const char *name, u64 *addr)
{
	const char *colon;
	size_t i, mlen;

	if (!name || !addr || !*name || strnlen(name, DBG_SYM_NAME_LEN) >=
	    DBG_SYM_NAME_LEN)
		return -ENOENT;
	colon = strchr(name, ':');
	for (i = 0; i < ARRAY_SIZE(fake_syms); i++) {
		const struct fake_sym *s = &fake_syms[i];

		if (colon) {
			mlen = colon - name;
			if (strlen(s->module) != mlen ||
			    strncmp(s->module, name, mlen) ||
			    strcmp(s->name, colon + 1))
				continue;
		} else if (strcmp(s->name, name)) {
			continue;
		}
		*addr = s->addr;
		return 0;
	}
	return -ENOENT;
}

static int fake_symbolize(u64 addr, bool ret, char *buf, size_t len)
{
	static struct dbg_sym s;
	bool back = ret && addr && !dbg_sym_by_addr(addr - 1, &s);

	if (!back && dbg_sym_by_addr(addr, &s)) {
		if (buf && len)
			scnprintf(buf, len, "0x%llx", addr);
		return -ENOENT;
	}
	if (buf && len)
		scnprintf(buf, len, "%s+0x%llx/0x%llx%s%s%s", s.name,
			  s.offset + back, s.size, s.module[0] ? " [" : "",
			  s.module, s.module[0] ? "]" : "");
	return 0;
}

int dbg_symbolize(u64 addr, char *buf, size_t len)
{
	return fake_symbolize(addr, false, buf, len);
}

int dbg_symbolize_ret(u64 addr, char *buf, size_t len)
{
	return fake_symbolize(addr, true, buf, len);
}

int dbg_sym_complete(const char *prefix,
		     int (*fn)(void *ctx, const char *name), void *ctx)
{
	size_t i, plen;
	int ret;

	fake_work();
	if (!prefix || !fn)
		return -EINVAL;
	plen = strlen(prefix);
	for (i = 0; i < ARRAY_SIZE(fake_syms); i++) {
		if (strncmp(fake_syms[i].name, prefix, plen))
			continue;
		ret = fn(ctx, fake_syms[i].name);
		if (ret)
			return ret;
	}
	return 0;
}

/* --- modules -------------------------------------------------------------- */

static const struct dbg_module fake_modules[] = {
	{ 0xffffffffc0008000ULL, "cstest", CSTEST_TEXT, 0x2000, "live", 0 },
	{ 0xffffffffc0018000ULL, "e1000e", E1000_TEXT, 0x1000, "live", 1 },
};

int dbg_module_next(struct dbg_module_iter *it, struct dbg_module *out)
{
	if (!it || !out)
		return -EINVAL;
	if (it->pos >= ARRAY_SIZE(fake_modules))
		return 0;
	*out = fake_modules[it->pos++];
	it->n++;
	return 1;
}

/* --- tasks ---------------------------------------------------------------- */

struct fake_task_def {
	const char *comm;
	int pid, tgid, ppid, cpu;
	bool running, cpu_stopped, kthread, idle;
	char state;
	bool no_stack;
};

static const struct fake_task_def fake_task_defs[FAKE_NR_TASKS] = {
	[FT_SWAPPER0] = { "swapper/0", 0, 0, 0, 0, false, false, true, true, 'R' },
	[FT_SWAPPER1] = { "swapper/1", 0, 0, 0, 1, false, false, true, true, 'R' },
	[FT_SWAPPER2] = { "swapper/2", 0, 0, 0, 2, false, false, true, true, 'R' },
	[FT_SWAPPER3] = { "swapper/3", 0, 0, 0, 3, false, false, true, true, 'R' },
	[FT_INIT] = { "init", 1, 1, 0, 2, false, false, false, false, 'S' },
	[FT_KTHREADD] = { "kthreadd", 2, 2, 0, 1, false, false, true, false, 'S' },
	[FT_KWORKER0] = { "kworker/0:1", 12, 12, 2, 0, false, false, true, false, 'I' },
	[FT_KWORKER1] = { "kworker/1:0", 31, 31, 2, 1, false, false, true, false, 'I' },
	[FT_KSOFTIRQD] = { "ksoftirqd/0", 14, 14, 2, 0, false, false, true, false, 'S' },
	[FT_SYNC] = { "sync", 812, 812, 1000, 1, false, false, false, false, 'D' },
	[FT_ZOMBIE] = { "defunct", 900, 900, 1, 2, false, false, false, false, 'Z', true },
	[FT_SH] = { "sh", 1000, 1000, 1, 0, true, true, false, false, 'R' },
	[FT_CSTEST] = { "cstest", 1010, 1010, 2, 1, true, true, true, false, 'R' },
	[FT_STRESS] = { "stress", 1020, 1020, 1000, 2, true, true, false, false, 'R' },
	[FT_STRESS_THREAD] = { "stress", 1021, 1020, 1000, 1, false, false, false, false, 'S' },
	[FT_SPINNER] = { "spinner", 1030, 1030, 1000, 3, true, false, false, false, 'R' },
};

static bool fake_corrupt;

u64 fake_task_addr(enum fake_task_id id)
{
	return FAKE_TASK_BASE + (u64)id * FAKE_TASK_STRUCT_SIZE;
}

static u64 fake_stack_top(unsigned int id)
{
	return FAKE_TASK_STACK_BASE + id * FAKE_STACK_STRIDE + FAKE_STACK_SIZE;
}

static u64 fake_irq_stack_top(unsigned int cpu)
{
	return FAKE_IRQ_STACK_BASE + cpu * FAKE_STACK_STRIDE + FAKE_STACK_SIZE;
}

/* The task at @addr, or -1. */
static int fake_task_id(u64 addr)
{
	u64 off = addr - FAKE_TASK_BASE;

	if (off % FAKE_TASK_STRUCT_SIZE ||
	    off / FAKE_TASK_STRUCT_SIZE >= FAKE_NR_TASKS)
		return -1;
	return off / FAKE_TASK_STRUCT_SIZE;
}

static void fake_task_fill(unsigned int id, struct dbg_task *out)
{
	const struct fake_task_def *d = &fake_task_defs[id];

	memset(out, 0, sizeof(*out));
	out->addr = fake_task_addr(id);
	out->pid = d->pid;
	out->tgid = d->tgid;
	out->ppid = d->ppid;
	out->cpu = d->cpu;
	out->running = d->running;
	out->cpu_stopped = d->cpu_stopped;
	out->kthread = d->kthread;
	out->idle = d->idle;
	out->state = d->state;
	fake_strlcpy(out->comm, d->comm, sizeof(out->comm));
	if (!d->no_stack) {
		out->stack = fake_stack_top(id) - FAKE_STACK_SIZE;
		out->stack_size = FAKE_STACK_SIZE;
	}
}

const struct dbg_task *fake_task(enum fake_task_id id)
{
	static struct dbg_task t;

	if ((unsigned int)id >= FAKE_NR_TASKS)
		return NULL;
	fake_task_fill(id, &t);
	return &t;
}

/* Idle tasks first, then the processes: one index per call. */
int dbg_task_next(struct dbg_task_iter *it, struct dbg_task *out)
{
	fake_work();
	if (!it || !out)
		return -EINVAL;
	if (it->phase >= 2)
		return 0;
	if (fake_corrupt && it->n >= FAKE_CORRUPT_AFTER) {
		it->phase = 2;
		return -ELOOP;
	}
	if (it->n >= FAKE_NR_TASKS) {
		it->phase = 2;
		return 0;
	}
	fake_task_fill(it->n, out);
	it->phase = it->n < FT_INIT ? 0 : 1;
	it->cpu = out->idle ? out->cpu + 1 : FAKE_NR_CPUS;
	it->thread = out->addr;
	it->n++;
	return 1;
}

/* As the real core: a walk, so a corrupted list shows here too. */
static int fake_task_find(bool by_pid, u64 key, struct dbg_task *out)
{
	struct dbg_task_iter it = {};
	int ret;

	if (!out)
		return -EINVAL;
	while ((ret = dbg_task_next(&it, out)) == 1)
		if (by_pid ? out->pid == (int)key : out->addr == key)
			return 0;
	return ret ? ret : -ESRCH;
}

int dbg_task_by_pid(int pid, struct dbg_task *out)
{
	return fake_task_find(true, (unsigned int)pid, out);
}

int dbg_task_by_addr(u64 addr, struct dbg_task *out)
{
	return fake_task_find(false, addr, out);
}

/* The task CPU @cpu runs, when it is stopped (or the master); else -1. */
static int fake_cpu_current(unsigned int cpu)
{
	unsigned int i;

	if (cpu >= FAKE_NR_CPUS || cpu == FAKE_CPU_MISSING ||
	    cpu == FAKE_CPU_OFFLINE)
		return -1;
	for (i = 0; i < FAKE_NR_TASKS; i++)
		if (fake_task_defs[i].running && fake_task_defs[i].cpu_stopped &&
		    fake_task_defs[i].cpu == (int)cpu)
			return i;
	return -1;
}

int dbg_cpu_task(unsigned int cpu, struct dbg_task *out)
{
	int id;

	if (!out)
		return -EINVAL;
	id = fake_cpu_current(cpu);
	if (id < 0)
		return -ENODEV;
	fake_task_fill(id, out);
	return 0;
}

/* --- backtraces ----------------------------------------------------------- */

struct fake_frame_def {
	const char *sym;	/* NULL: @off is a user-space address */
	u64 off;
	u8 stack;
	bool entry;
};

#define FF(s, o, t, e)	{ s, o, DBG_STACK_##t, e }
#define SLEEP_HEAD	FF("__schedule", 0x2f0, TASK, false), \
			FF("schedule", 0x3c, TASK, false)
#define KTHREAD_TAIL	FF("kthread", 0xe0, TASK, false), \
			FF("ret_from_fork", 0x30, TASK, false), \
			FF("ret_from_fork_asm", 0x1a, TASK, false)
#define SYSCALL_TAIL(u)	FF("do_syscall_64", 0x5c, TASK, false), \
			FF("entry_SYSCALL_64_after_hwframe", 0x76, TASK, false), \
			FF(NULL, u, UNKNOWN, true)

static const struct fake_frame_def fake_bt_idle[] = {
	FF("default_idle", 0x20, TASK, false),
	FF("do_idle", 0x120, TASK, false),
	FF("cpu_startup_entry", 0x20, TASK, false),
	/*
	 * cpu_startup_entry() does not return: the call ends the function
	 * before it, and the return address is default_idle's first byte.
	 */
	FF("default_idle", 0x0, TASK, false),
};

static const struct fake_frame_def fake_bt_init[] = {
	SLEEP_HEAD, FF("do_wait", 0xd0, TASK, false),
	SYSCALL_TAIL(0x7f9876543210ULL),
};

static const struct fake_frame_def fake_bt_kthreadd[] = {
	SLEEP_HEAD, FF("kthreadd", 0xa0, TASK, false),
	FF("ret_from_fork", 0x30, TASK, false),
	FF("ret_from_fork_asm", 0x1a, TASK, false),
};

/* The two kworkers sleep in the same place: stacks groups them. */
static const struct fake_frame_def fake_bt_kworker[] = {
	SLEEP_HEAD, FF("worker_thread", 0x1c0, TASK, false), KTHREAD_TAIL,
};

static const struct fake_frame_def fake_bt_ksoftirqd[] = {
	SLEEP_HEAD, FF("smpboot_thread_fn", 0x150, TASK, false), KTHREAD_TAIL,
};

static const struct fake_frame_def fake_bt_sync[] = {
	SLEEP_HEAD, FF("io_schedule", 0x12, TASK, false),
	FF("folio_wait_bit", 0x150, TASK, false),
	FF("sync_inodes_sb", 0x80, TASK, false),
	FF("ksys_sync", 0x40, TASK, false),
	SYSCALL_TAIL(0x7f11aa22bb33ULL),
};

/* The master: sysrq from the serial interrupt, on CPU 0's IRQ stack. */
static const struct fake_frame_def fake_bt_sh[] = {
	FF("sysrq_handle_dbg", 0x12, IRQ, true),
	FF("__handle_sysrq", 0x8f, IRQ, false),
	FF("serial8250_handle_irq", 0x150, IRQ, false),
	FF("handle_irq_event", 0x3c, IRQ, false),
	FF("common_interrupt", 0x7e, IRQ, false),
	FF("n_tty_read", 0x150, TASK, true),
	SYSCALL_TAIL(0x7f3a1c2b4d5eULL),
};

static const struct fake_frame_def fake_bt_cstest[] = {
	FF("cstest_spin", 0x24, TASK, true),
	FF("cstest_thread", 0x40, TASK, false),
	KTHREAD_TAIL,
};

/* Stopped in user mode. */
static const struct fake_frame_def fake_bt_stress[] = {
	FF(NULL, 0x401a2c, UNKNOWN, true),
};

static const struct fake_frame_def fake_bt_stress_thread[] = {
	SLEEP_HEAD, FF("schedule_timeout", 0x80, TASK, false),
	SYSCALL_TAIL(0x7f0012345678ULL),
};

static const struct {
	const struct fake_frame_def *defs;
	unsigned int n;
} fake_bt_defs[FAKE_NR_TASKS] = {
#define BT(id, a)	[id] = { a, ARRAY_SIZE(a) }
	BT(FT_SWAPPER0, fake_bt_idle), BT(FT_SWAPPER1, fake_bt_idle),
	BT(FT_SWAPPER2, fake_bt_idle), BT(FT_SWAPPER3, fake_bt_idle),
	BT(FT_INIT, fake_bt_init), BT(FT_KTHREADD, fake_bt_kthreadd),
	BT(FT_KWORKER0, fake_bt_kworker), BT(FT_KWORKER1, fake_bt_kworker),
	BT(FT_KSOFTIRQD, fake_bt_ksoftirqd), BT(FT_SYNC, fake_bt_sync),
	BT(FT_SH, fake_bt_sh), BT(FT_CSTEST, fake_bt_cstest),
	BT(FT_STRESS, fake_bt_stress),
	BT(FT_STRESS_THREAD, fake_bt_stress_thread),
#undef BT
};

#define FAKE_BT_FRAMES_MAX	16
#define FAKE_USER_SP		0x7ffd4a3c1e00ULL

static struct dbg_frame fake_frames[FAKE_NR_TASKS][FAKE_BT_FRAMES_MAX];
static unsigned int fake_nframes[FAKE_NR_TASKS];

/* Where frame @i of task @id is on its stack. */
static u64 fake_frame_sp(unsigned int id, unsigned int i,
			 const struct fake_frame_def *d)
{
	if (d->stack == DBG_STACK_IRQ)
		return fake_irq_stack_top(fake_task_defs[id].cpu) - 0x800 +
		       i * 0x100;
	if (d->stack == DBG_STACK_UNKNOWN)
		/* User mode: its pt_regs at the top, or the user's sp. */
		return i ? fake_stack_top(id) - 21 * 8 : FAKE_USER_SP;
	return fake_stack_top(id) - 0xc00 + i * 0x100;
}

static void fake_frames_init(void)
{
	unsigned int id, i;

	for (id = 0; id < FAKE_NR_TASKS; id++) {
		fake_nframes[id] = fake_bt_defs[id].n;
		for (i = 0; i < fake_bt_defs[id].n; i++) {
			const struct fake_frame_def *d = &fake_bt_defs[id].defs[i];
			struct dbg_frame *f = &fake_frames[id][i];

			f->pc = d->sym ? fake_sym_off(d->sym, d->off) : d->off;
			f->sp = fake_frame_sp(id, i, d);
			f->stack = d->stack;
			f->entry = d->entry;
		}
	}
}

int fake_task_frames(enum fake_task_id id, const struct dbg_frame **frames)
{
	if ((unsigned int)id >= FAKE_NR_TASKS || !frames)
		return -EINVAL;
	*frames = fake_frames[id];
	return fake_nframes[id];
}

int dbg_backtrace(u64 task, u64 first_frame, struct dbg_frame *frames,
		  unsigned int max, unsigned int *n)
{
	struct dbg_task t;
	unsigned int i, id;
	int err;

	fake_work();
	if (!n)
		return -EINVAL;
	*n = 0;
	if (!frames && max)
		return -EINVAL;
	err = dbg_task_by_addr(task, &t);
	if (err)
		return err;
	if (t.running && !t.cpu_stopped)
		return -EAGAIN;
	if (!t.stack)
		return -ESRCH;
	id = fake_task_id(task);
	if (max > DBG_BT_MAX)
		max = DBG_BT_MAX;
	for (i = 0; i < fake_nframes[id] && *n < max; i++) {
		if (first_frame && fake_frames[id][i].sp < first_frame)
			continue;
		frames[(*n)++] = fake_frames[id][i];
	}
	return 0;
}

static const char *const fake_stack_names[] = {
	[DBG_STACK_UNKNOWN] = "?",
	[DBG_STACK_TASK] = "task",
	[DBG_STACK_IRQ] = "IRQ",
	[DBG_STACK_SOFTIRQ] = "softirq",
	[DBG_STACK_ENTRY] = "entry",
	[DBG_STACK_NMI] = "NMI",
	[DBG_STACK_EXCEPTION] = "exception",
};

const char *dbg_stack_name(unsigned int type)
{
	return type < ARRAY_SIZE(fake_stack_names) ? fake_stack_names[type] :
	       "?";
}

int dbg_stack_owner(u64 addr, struct dbg_stack_owner *out)
{
	struct dbg_task_iter it = {};
	struct dbg_task t;
	unsigned int cpu;
	int ret;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->cpu = -1;
	out->pid = -1;
	/* The IRQ stacks of the CPUs that are up. */
	for (cpu = 0; cpu < FAKE_CPU_OFFLINE; cpu++) {
		u64 base = fake_irq_stack_top(cpu) - FAKE_STACK_SIZE;

		if (addr - base < FAKE_STACK_SIZE) {
			out->type = DBG_STACK_IRQ;
			out->cpu = cpu;
			out->base = base;
			out->size = FAKE_STACK_SIZE;
			return 0;
		}
	}
	while ((ret = dbg_task_next(&it, &t)) == 1) {
		if (!t.stack || addr - t.stack >= t.stack_size)
			continue;
		out->type = DBG_STACK_TASK;
		out->task = t.addr;
		out->pid = t.pid;
		memcpy(out->comm, t.comm, sizeof(out->comm));
		out->base = t.stack;
		out->size = t.stack_size;
		return 0;
	}
	return ret ? ret : -ENOENT;
}

/* --- registers ------------------------------------------------------------ */

static const struct {
	const char *name;
	const char *alias;
	bool writable;
} fake_reg_defs[FAKE_NR_REGS] = {
	[FR_RAX] = { "rax", "ax", true }, [FR_RBX] = { "rbx", "bx", true },
	[FR_RCX] = { "rcx", "cx", true }, [FR_RDX] = { "rdx", "dx", true },
	[FR_RSI] = { "rsi", "si", true }, [FR_RDI] = { "rdi", "di", true },
	[FR_RBP] = { "rbp", "bp", true }, [FR_RSP] = { "rsp", "sp", true },
	[FR_R8] = { "r8", NULL, true }, [FR_R9] = { "r9", NULL, true },
	[FR_R10] = { "r10", NULL, true }, [FR_R11] = { "r11", NULL, true },
	[FR_R12] = { "r12", NULL, true }, [FR_R13] = { "r13", NULL, true },
	[FR_R14] = { "r14", NULL, true }, [FR_R15] = { "r15", NULL, true },
	[FR_RIP] = { "rip", "ip", true },
	[FR_EFLAGS] = { "eflags", "flags", true },
	[FR_CS] = { "cs", NULL, false }, [FR_SS] = { "ss", NULL, false },
	[FR_ORIG_RAX] = { "orig_rax", "orig_ax", true },
};

/* struct pt_regs, slot by slot, for dbg_regs_at() and the stack images. */
static const u8 fake_ptregs_order[FAKE_NR_REGS] = {
	FR_R15, FR_R14, FR_R13, FR_R12, FR_RBP, FR_RBX, FR_R11, FR_R10,
	FR_R9, FR_R8, FR_RAX, FR_RCX, FR_RDX, FR_RSI, FR_RDI, FR_ORIG_RAX,
	FR_RIP, FR_CS, FR_EFLAGS, FR_RSP, FR_SS,
};

#define FAKE_SLEEPING_VALID	(BIT(FR_RIP) | BIT(FR_RSP) | BIT(FR_RBP) | \
				 BIT(FR_RBX) | BIT(FR_R12) | BIT(FR_R13) | \
				 BIT(FR_R14) | BIT(FR_R15) | BIT(FR_CS) | \
				 BIT(FR_SS))
#define FAKE_ALL_REGS		(BIT_ULL(FAKE_NR_REGS) - 1)
#define FAKE_WRITABLE_REGS	(FAKE_ALL_REGS & ~(BIT_ULL(FR_CS) | BIT_ULL(FR_SS)))
/* What an NMI frame taken in kernel mode keeps out of reach. */
#define FAKE_FRAME_REGS		((u32)(BIT(FR_RIP) | BIT(FR_RSP) | \
				       BIT(FR_EFLAGS)))
#define FAKE_USER_LIMIT		0x00007ffffffff000ULL

/* The event of the session being run (fake_set_event()). */
static struct dbg_event fake_ev;
static bool fake_frame_fixed;

/* The entering CPU stopped inside an NMI taken in kernel mode. */
static bool fake_is_frame_fixed(u64 task)
{
	return fake_frame_fixed && task == fake_ev.task;
}

/**
 * fake_set_frame_fixed - the entering CPU returns through an NMI frame
 * @fixed: true: its PC, stack pointer and flags cannot change
 */
void fake_set_frame_fixed(bool fixed)
{
	fake_frame_fixed = fixed;
}

static u64 fake_regs[FAKE_NR_TASKS][FAKE_NR_REGS];

static void fake_regs_init(void)
{
	unsigned int id, r;

	for (id = 0; id < FAKE_NR_TASKS; id++) {
		const struct dbg_frame *f0 = &fake_frames[id][0];
		bool on_cpu = fake_task_defs[id].running &&
			      fake_task_defs[id].cpu_stopped;
		u64 valid = on_cpu ? FAKE_ALL_REGS : FAKE_SLEEPING_VALID;

		memset(fake_regs[id], 0, sizeof(fake_regs[id]));
		for (r = 0; r < FAKE_NR_REGS; r++)
			if (valid & BIT(r))
				fake_regs[id][r] = 0xffff888004000000ULL +
						   id * 0x1000 + r * 8;
		fake_regs[id][FR_CS] = FAKE_KERNEL_CS;
		fake_regs[id][FR_SS] = FAKE_KERNEL_SS;
		if (!fake_nframes[id])
			continue;
		fake_regs[id][FR_RIP] = f0->pc;
		fake_regs[id][FR_RSP] = on_cpu ? f0->sp : f0->sp + 8;
		fake_regs[id][FR_RBP] = f0->sp + 0x40;
		if (on_cpu) {
			fake_regs[id][FR_EFLAGS] = 0x246;
			fake_regs[id][FR_ORIG_RAX] = ~0ULL;
		}
		if (f0->entry && f0->stack == DBG_STACK_UNKNOWN) {
			fake_regs[id][FR_CS] = FAKE_USER_CS;
			fake_regs[id][FR_SS] = FAKE_USER_SS;
			fake_regs[id][FR_EFLAGS] = 0x202;
			fake_regs[id][FR_RBP] = FAKE_USER_SP + 0x40;
		}
	}
}

unsigned int dbg_reg_count(void)
{
	return FAKE_NR_REGS;
}

const char *dbg_reg_name(unsigned int reg)
{
	return reg < FAKE_NR_REGS ? fake_reg_defs[reg].name : NULL;
}

static const int fake_reg_roles[] = {
	[DBG_REG_PC] = FR_RIP,
	[DBG_REG_SP] = FR_RSP,
	[DBG_REG_FP] = FR_RBP,
	[DBG_REG_FLAGS] = FR_EFLAGS,
	[DBG_REG_ARG0] = FR_RDI,
};

int dbg_reg_role(enum dbg_reg_role role)
{
	if ((unsigned int)role >= ARRAY_SIZE(fake_reg_roles))
		return -ENOENT;
	return fake_reg_roles[role];
}

int dbg_reg_find(const char *name)
{
	unsigned int i;

	if (!name)
		return -ENOENT;
	if (!strcasecmp(name, "pc"))
		return FR_RIP;
	if (!strcasecmp(name, "fp"))
		return FR_RBP;
	for (i = 0; i < FAKE_NR_REGS; i++)
		if (!strcasecmp(name, fake_reg_defs[i].name) ||
		    (fake_reg_defs[i].alias &&
		     !strcasecmp(name, fake_reg_defs[i].alias)))
			return i;
	return -ENOENT;
}

int dbg_task_regs(u64 task, struct dbg_regs *out)
{
	const struct fake_task_def *d;
	unsigned int r;
	int id;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (fake_deny & DBG_DENY_READ)
		return -EPERM;
	id = fake_task_id(task);
	if (id < 0)
		return -ESRCH;
	d = &fake_task_defs[id];
	if (d->running && !d->cpu_stopped)
		return -EAGAIN;
	if (d->no_stack)
		return -EFAULT;		/* no switch frame to read */
	out->valid = d->running ? FAKE_ALL_REGS : FAKE_SLEEPING_VALID;
	out->writable = d->running ? FAKE_WRITABLE_REGS : 0;
	if (d->running && fake_is_frame_fixed(task)) {
		out->writable &= ~FAKE_FRAME_REGS;
		out->frame_fixed = true;
	}
	for (r = 0; r < FAKE_NR_REGS; r++)
		if (out->valid & BIT(r))
			out->val[r] = fake_regs[id][r];
	return 0;
}

/*
 * As the real core checks a new PC and stack pointer: the CPU must be
 * able to return there (kernel or module text; readable memory; any
 * user address below the user limit in user mode).
 */
static int fake_check_reg(int id, unsigned int reg, u64 val)
{
	const struct fake_region *r = fake_region_of(val);
	bool user = fake_regs[id][FR_CS] == FAKE_USER_CS;

	if (reg != FR_RIP && reg != FR_RSP)
		return 0;
	if (user)
		return val < FAKE_USER_LIMIT ? 0 : -EINVAL;
	if (reg == FR_RIP)
		return r && (r->kind == MK_TEXT || r->kind == MK_MODTEXT) ?
		       0 : -EINVAL;
	return r ? 0 : -EINVAL;
}

int dbg_set_reg(u64 task, unsigned int reg, u64 val)
{
	const struct fake_task_def *d;
	int id;

	fake_nsetregs++;
	if (fake_deny & DBG_DENY_WRITE)
		return -EPERM;
	if (reg >= FAKE_NR_REGS)
		return -ENOENT;
	if (!fake_reg_defs[reg].writable)
		return -EROFS;
	id = fake_task_id(task);
	if (id < 0)
		return -EROFS;
	d = &fake_task_defs[id];
	if (!d->running || !d->cpu_stopped)
		return -EROFS;
	/* As the real core: an oops or panic goes on from where it is. */
	if (task == fake_ev.task && reg == FR_RIP && !fake_ev.can_resume_at)
		return -EROFS;
	if (fake_is_frame_fixed(task) && (BIT(reg) & FAKE_FRAME_REGS))
		return -EROFS;
	if (fake_check_reg(id, reg, val))
		return -EINVAL;
	if (reg == FR_EFLAGS)
		val = (fake_regs[id][reg] & ~FAKE_EFLAGS_USER) |
		      (val & FAKE_EFLAGS_USER);
	fake_regs[id][reg] = val;
	return 0;
}

int dbg_regs_at(u64 addr, struct dbg_regs *out)
{
	u64 slots[FAKE_NR_REGS];
	unsigned int i;
	int err;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	err = dbg_mem_read(addr, slots, sizeof(slots), NULL);
	if (err)
		return err;
	for (i = 0; i < FAKE_NR_REGS; i++)
		out->val[fake_ptregs_order[i]] = slots[i];
	out->valid = FAKE_ALL_REGS;
	return 0;
}

u64 fake_reg_value(u64 task, unsigned int reg)
{
	int id = fake_task_id(task);

	if (id < 0 || reg >= FAKE_NR_REGS)
		return 0;
	return fake_regs[id][reg];
}

u64 fake_reg_valid(u64 task)
{
	int id = fake_task_id(task);

	if (id < 0)
		return 0;
	return fake_task_defs[id].running ? FAKE_ALL_REGS : FAKE_SLEEPING_VALID;
}

/* --- CPUs ----------------------------------------------------------------- */


unsigned int dbg_nr_cpus(void)
{
	return FAKE_NR_CPUS;
}

int dbg_get_cpu(unsigned int cpu, struct dbg_cpu *out)
{
	static const char *const methods[FAKE_NR_CPUS] = {
		"self", "ipi", "nmi", "nmi", "-",
	};
	static const char *const contexts[FAKE_NR_CPUS] = {
		"irq", "kernel", "user", "?", "-",
	};
	static const u64 latency[FAKE_NR_CPUS] = { 0, 12345, 1250000, 0, 0 };
	int id;

	if (!out)
		return -EINVAL;
	if (cpu >= FAKE_NR_CPUS)
		return -ENODEV;
	memset(out, 0, sizeof(*out));
	out->cpu = cpu;
	out->pid = -1;
	out->state = DBG_CPU_OFFLINE;
	out->state_name = "offline";
	out->method = methods[cpu];
	out->context = contexts[cpu];
	if (cpu == FAKE_CPU_OFFLINE)
		return 0;
	if (cpu == FAKE_CPU_MISSING) {
		out->state = DBG_CPU_MISSING;
		out->state_name = "MISSING";
		return 0;
	}
	out->state = cpu == FAKE_CPU_MASTER ? DBG_CPU_MASTER : DBG_CPU_STOPPED;
	out->state_name = cpu == FAKE_CPU_MASTER ? "master" : "stopped";
	out->reason = cpu == FAKE_CPU_MASTER ? fake_ev.reason : NULL;
	out->latency_ns = latency[cpu];
	id = fake_cpu_current(cpu);
	if (id < 0)
		return 0;
	out->user = fake_regs[id][FR_CS] == FAKE_USER_CS;
	out->pc = fake_regs[id][FR_RIP];
	out->task = fake_task_addr(id);
	out->pid = fake_task_defs[id].pid;
	fake_strlcpy(out->comm, fake_task_defs[id].comm, sizeof(out->comm));
	return 0;
}

/* --- what an address is --------------------------------------------------- */

static const char *fake_region_name(u64 addr, int err)
{
	struct fake_region *r;

	if (err == -EACCES)
		return "user space";
	if (err == -ENXIO)
		return "non-canonical";
	r = fake_region_of(addr);
	if (r)
		return fake_kind_names[r->kind];
	if (addr - FAKE_PAGE_OFFSET < (1ULL << 46))
		return "direct map";
	if (addr - FAKE_IRQ_STACK_BASE < (32ULL << 40))
		return "vmalloc";
	return "kernel (unclassified)";
}

int dbg_whatis(u64 addr, struct dbg_whatis *out)
{
	unsigned int cpu;
	u64 off;
	int err;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->percpu_cpu = -1;
	if (fake_deny & DBG_DENY_READ)
		return -EPERM;
	err = fake_addr_check(addr, 1);
	out->region = fake_region_name(addr, err);
	if (err)
		return 0;
	if (fake_region_of(addr))
		out->what |= DBG_WHAT_MAPPED;
	if (!dbg_virt_to_phys(addr, &out->phys)) {
		out->pfn = out->phys >> 12;
		out->what |= DBG_WHAT_PHYS;
	}
	for (cpu = 0; cpu < FAKE_NR_CPUS; cpu++) {
		off = cpu * FAKE_PERCPU_OFFSET;
		if (addr - (FAKE_PERCPU_BASE + off) < FAKE_PAGE_SIZE) {
			out->what |= DBG_WHAT_PERCPU;
			out->percpu_cpu = cpu;
			if (!dbg_sym_by_addr(addr - off, &out->sym))
				out->what |= DBG_WHAT_SYMBOL;
			break;
		}
	}
	if (!(out->what & DBG_WHAT_SYMBOL) && !dbg_sym_by_addr(addr, &out->sym))
		out->what |= DBG_WHAT_SYMBOL;
	if (!dbg_stack_owner(addr, &out->stack))
		out->what |= DBG_WHAT_STACK;
	off = addr - FAKE_TASK_BASE;
	if (off < FAKE_NR_TASKS * FAKE_TASK_STRUCT_SIZE) {
		fake_strlcpy(out->slab_cache, "task_struct",
			     sizeof(out->slab_cache));
		out->slab_obj = FAKE_TASK_BASE + off / FAKE_TASK_STRUCT_SIZE *
				FAKE_TASK_STRUCT_SIZE;
		out->slab_size = FAKE_TASK_STRUCT_SIZE;
		out->what |= DBG_WHAT_SLAB;
	}
	return 0;
}

/* --- the log -------------------------------------------------------------- */

static char fake_log[FAKE_LOG_MAX][FAKE_LOG_LEN];
static u64 fake_log_first, fake_log_next_seq;
static u64 fake_log_usec;

static void fake_log_add(const char *msg)
{
	char *line;

	if (fake_log_next_seq - fake_log_first == FAKE_LOG_MAX)
		fake_log_first++;
	line = fake_log[fake_log_next_seq++ % FAKE_LOG_MAX];
	snprintf(line, FAKE_LOG_LEN, "[%5llu.%06llu] %s\n",
		 fake_log_usec / 1000000, fake_log_usec % 1000000, msg);
	fake_log_usec += 1234;
}

static const char *const fake_boot_log[] = {
	"Linux version 6.12.0-fake (kdb@fake) (clang 14) #1 SMP PREEMPT_DYNAMIC",
	"Command line: console=ttyS0,115200 dbg_core.port=ttyS0 nokaslr",
	"BIOS-provided physical RAM map:",
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable",
	"BIOS-e820: [mem 0x0000000000100000-0x00000001ffffffff] usable",
	"NX (Execute Disable) protection: active",
	"DMI: QEMU Standard PC (Q35 + ICH9, 2009)",
	"tsc: Detected 2995.200 MHz processor",
	"last_pfn = 0x200000 max_arch_pfn = 0x400000000",
	"ACPI: Early table checksum verification disabled",
	"Zone ranges:",
	"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
	"  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]",
	"smpboot: Allowing 5 CPUs, 1 hotplug CPUs",
	"percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u262144",
	"Kernel command line: console=ttyS0,115200 dbg_core.port=ttyS0",
	"Memory: 8155004K/8388088K available",
	"rcu: Hierarchical RCU implementation.",
	"NR_IRQS: 524544, nr_irqs: 456, preallocated irqs: 16",
	"Console: colour dummy device 80x25",
	FAKE_LOG_MARKER,
	"printk: legacy console [ttyS0] enabled",
	"Calibrating delay loop (skipped), value calculated using timer frequency",
	"pid_max: default: 32768 minimum: 301",
	"smp: Bringing up secondary CPUs ...",
	"smp: Brought up 1 node, 4 CPUs",
	"devtmpfs: initialized",
	"clocksource: jiffies: mask: 0xffffffff max_cycles: 0xffffffff",
	"NET: Registered PF_NETLINK/PF_ROUTE protocol family",
	"PCI: Using configuration type 1 for base access",
	"Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled",
	"00:05: ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A",
	"dbg: debugger on ttyS0, front-end kdb; sysrq-g enters",
	"e1000e: Intel(R) PRO/1000 Network Driver",
	"EXT4-fs (sda1): mounted filesystem with ordered data mode",
	"VFS: Mounted root (ext4 filesystem) readonly on device 8:1.",
	"Freeing unused kernel image (initmem) memory: 3244K",
	"Run /sbin/init as init process",
	"cstest: loading out-of-tree module taints kernel.",
	"sysrq: DEBUG",
};

static void fake_log_init(void)
{
	size_t i;

	fake_log_first = 0;
	fake_log_next_seq = 0;
	fake_log_usec = 0;
	for (i = 0; i < ARRAY_SIZE(fake_boot_log); i++) {
		fake_log_add(fake_boot_log[i]);
		fake_log_usec = (i + 1) * 123457ULL + (i > 30 ? 9000000 : 0);
	}
}

void dbg_log_rewind(struct dbg_log_iter *it)
{
	if (it)
		it->seq = fake_log_first;
}

void dbg_log_end(struct dbg_log_iter *it)
{
	if (it)
		it->seq = fake_log_next_seq;
}

int dbg_log_next(struct dbg_log_iter *it, char *buf, size_t len,
		 size_t *outlen)
{
	const char *line;
	size_t n;

	fake_work();
	if (!it || !buf || !outlen || !len)
		return 0;
	if (it->seq < fake_log_first)
		it->seq = fake_log_first;	/* overwritten: the oldest left */
	if (it->seq >= fake_log_next_seq)
		return 0;
	line = fake_log[it->seq++ % FAKE_LOG_MAX];
	n = strnlen(line, FAKE_LOG_LEN);
	if (n > len)
		n = len;
	memcpy(buf, line, n);
	*outlen = n;
	return 1;
}

unsigned int fake_log_count(void)
{
	return fake_log_next_seq - fake_log_first;
}

const char *fake_log_line(unsigned int i)
{
	if (i >= fake_log_count())
		return NULL;
	return fake_log[(fake_log_first + i) % FAKE_LOG_MAX];
}

/* --- the system ----------------------------------------------------------- */

static const struct dbg_sysinfo fake_sys = {
	.sysname = "Linux",
	.nodename = "fakehost",
	.release = "6.12.0-fake",
	.version = "#1 SMP PREEMPT_DYNAMIC Thu Jan  1 00:00:00 UTC 2026",
	.machine = "x86_64",
	.realtime_sec = 1767272523ULL,	/* 2026-01-01 13:02:03 UTC */
	.uptime_ns = ((3 * 86400ULL + 4 * 3600 + 5 * 60 + 6) * 1000000000ULL) +
		     7,
	.loadavg = { 123, 45, 6 },
	.mem_total_kb = 8155004,
	.mem_free_kb = 6012345,
	.cpus_online = 4,
	.cpus_possible = FAKE_NR_CPUS,
	.nr_threads = FAKE_NR_TASKS - 4,
	.cmdline = "console=ttyS0,115200 dbg_core.port=ttyS0 nokaslr",
	.tainted = "Tainted: [O]=OOT_MODULE",
};

int dbg_sysinfo(struct dbg_sysinfo *out)
{
	if (!out)
		return -EINVAL;
	*out = fake_sys;
	return 0;
}

const struct dbg_sysinfo *fake_sysinfo(void)
{
	return &fake_sys;
}

int dbg_per_cpu_addr(u64 addr, unsigned int cpu, u64 *out)
{
	if (!out)
		return -EINVAL;
	if (cpu >= FAKE_NR_CPUS)
		return -ENODEV;
	*out = addr + cpu * FAKE_PERCPU_OFFSET;
	return 0;
}

/* --- actions after the machine resumes ------------------------------------ */

static struct {
	int key;	/* 0 for a signal */
	int pid;
	int sig;
} fake_deferred[FAKE_DEFERRED_MAX];
static unsigned int fake_ndeferred;
static bool fake_active;

static int fake_defer(int key, int pid, int sig)
{
	if (!fake_active)
		return -EPERM;
	if (fake_ev.fatal)
		return -ECANCELED;
	if (fake_ndeferred >= FAKE_DEFERRED_MAX)
		return -ENOSPC;
	fake_deferred[fake_ndeferred].key = key;
	fake_deferred[fake_ndeferred].pid = pid;
	fake_deferred[fake_ndeferred].sig = sig;
	fake_ndeferred++;
	return 0;
}

int dbg_queue_signal(int pid, int sig)
{
	struct dbg_task t;

	if (fake_deny & DBG_DENY_WRITE)
		return -EPERM;
	if (sig < 1 || sig > FAKE_SIGMAX)
		return -EINVAL;
	if (pid <= 0 || dbg_task_by_pid(pid, &t))
		return -ESRCH;
	return fake_defer(0, pid, sig);
}

/* The real core's table: what runs now, what is refused and why. */
static const struct {
	char key;
	bool now;
	const char *refused;
} fake_sysrq_keys[] = {
	{ '0', true }, { '1', true }, { '2', true }, { '3', true },
	{ '4', true }, { '5', true }, { '6', true }, { '7', true },
	{ '8', true }, { '9', true }, { 'h', true }, { 'b', true },
	{ 'g', false, "the debugger is already running" },
	{ 'p', false, "it shows an interrupt's registers: use rd" },
	{ 'l', false, "the other CPUs are stopped: use btc" },
	{ 'c' }, { 'd' }, { 'e' }, { 'f' }, { 'i' }, { 'j' }, { 'k' },
	{ 'm' }, { 'n' }, { 'o' }, { 'q' }, { 'r' }, { 's' }, { 't' },
	{ 'u' }, { 'v' }, { 'w' }, { 'z' }, { 'R' },
};

/* What the kernel's handler of a key that runs now logs. */
static void fake_sysrq_now(int key)
{
	char msg[64];

	if (key >= '0' && key <= '9') {
		fake_log_add("sysrq: Changing Loglevel");
		snprintf(msg, sizeof(msg), "sysrq: Loglevel set to %c", key);
		fake_log_add(msg);
	} else if (key == 'h') {
		fake_log_add("sysrq: HELP : loglevel(0-9) reboot(b) crash(c) "
			     "show-all-locks(d) terminate-all-tasks(e) "
			     "show-memory-usage(m) sync(s) show-task-states(t) "
			     "unmount(u)");
	} else {
		fake_log_add("sysrq: Resetting");
	}
}

bool fake_sysrq_check_mask;

int dbg_sysrq(int key, bool check_mask, enum dbg_sysrq_how *how,
	      const char **why)
{
	fake_sysrq_check_mask = check_mask;
	size_t i;

	if (!how || !why)
		return -EINVAL;
	*why = NULL;
	for (i = 0; i < ARRAY_SIZE(fake_sysrq_keys); i++) {
		if (fake_sysrq_keys[i].key != key)
			continue;
		if (fake_sysrq_keys[i].refused) {
			*why = fake_sysrq_keys[i].refused;
			return -EPERM;
		}
		if (fake_sysrq_keys[i].now) {
			*how = DBG_SYSRQ_DONE;
			fake_sysrq_now(key);
			return 0;
		}
		*how = DBG_SYSRQ_QUEUED;
		return fake_defer(key, 0, 0);
	}
	return -ENOENT;
}

unsigned int fake_signals_queued(int *pids, int *sigs, unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; i < fake_ndeferred; i++) {
		if (fake_deferred[i].key)
			continue;
		if (n < max && pids)
			pids[n] = fake_deferred[i].pid;
		if (n < max && sigs)
			sigs[n] = fake_deferred[i].sig;
		n++;
	}
	return n;
}

unsigned int fake_sysrq_queued(int *keys, unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; i < fake_ndeferred; i++) {
		if (!fake_deferred[i].key)
			continue;
		if (n < max && keys)
			keys[n] = fake_deferred[i].key;
		n++;
	}
	return n;
}

/* --- lockdown, expressions, protection ------------------------------------ */

unsigned int dbg_lockdown(void)
{
	return fake_deny;
}

/* --- breakpoints ----------------------------------------------------------- */

static struct dbg_bp fake_bps[DBG_BP_MAX];
static bool fake_bp_used[DBG_BP_MAX];
static int fake_bp_hit_num[FAKE_NR_CPUS];	/* -1: not at a breakpoint */

/* The fake's text: every instruction is FAKE_INSN_LEN bytes long. */
#define FAKE_INSN_LEN	4

int dbg_bp_set(const struct dbg_bp *bp, unsigned int *num, const char **why)
{
	struct fake_region *r = fake_region_of(bp->addr);
	unsigned int i, free_slot = DBG_BP_MAX;

	bool data = bp->type == DBG_BP_HW_WRITE || bp->type == DBG_BP_HW_ACCESS;
	unsigned int len = data ? bp->len : 1;

	*why = NULL;
	if (fake_deny & DBG_DENY_WRITE)
		return -EPERM;
	if (bp->type >= DBG_BP_TYPE_NR || bp->cpu < -1 ||
	    bp->cpu >= (int)FAKE_NR_CPUS)
		return -EINVAL;
	for (i = 0; i < DBG_BP_MAX; i++) {
		if (fake_bp_used[i] && fake_bps[i].addr == bp->addr) {
			*num = i;
			return -EEXIST;
		}
		if (!fake_bp_used[i] && free_slot == DBG_BP_MAX)
			free_slot = i;
	}
	if (free_slot == DBG_BP_MAX)
		return -ENOSPC;
	if (bp->type != DBG_BP_SOFT) {
		unsigned int used;

		if (dbg_bp_hw_slots(&used) == used) {
			*why = "all 4 debug registers the debugger reserved are in use";
			return -ENOSPC;
		}
		if (len != 1 && len != 2 && len != 4 && len != 8) {
			*why = "the length must be 1, 2, 4 or 8 bytes";
			return -EINVAL;
		}
		if (bp->addr & (len - 1)) {
			*why = "the address must be aligned to the length";
			return -EINVAL;
		}
	}
	if (!r)
		return fake_addr_check(bp->addr, len) ?: -EFAULT;
	if (!data && r->kind != MK_TEXT && r->kind != MK_MODTEXT) {
		*why = "not kernel or module text";
		return -EPERM;
	}
	if (!data && (bp->addr - r->va) % FAKE_INSN_LEN) {
		*why = "inside an instruction";
		return -EINVAL;
	}
	fake_bps[free_slot] = *bp;
	fake_bps[free_slot].len = len;
	fake_bps[free_slot].hits = 0;
	fake_bps[free_slot].stops = 0;
	fake_bp_used[free_slot] = true;
	*num = free_slot;
	return 0;
}

int dbg_bp_get(unsigned int num, struct dbg_bp *out)
{
	if (num >= DBG_BP_MAX || !fake_bp_used[num])
		return -ENOENT;
	*out = fake_bps[num];
	return 0;
}

int dbg_bp_clear(unsigned int num)
{
	if (num >= DBG_BP_MAX || !fake_bp_used[num])
		return -ENOENT;
	if (fake_deny & DBG_DENY_WRITE)
		return -EPERM;
	fake_bp_used[num] = false;
	return 0;
}

int dbg_bp_enable(unsigned int num, bool on)
{
	if (num >= DBG_BP_MAX || !fake_bp_used[num])
		return -ENOENT;
	if (fake_deny & DBG_DENY_WRITE)
		return -EPERM;
	fake_bps[num].enabled = on;
	return 0;
}

int dbg_bp_hit(unsigned int cpu, struct dbg_bp_stop *out)
{
	int num;

	if (cpu >= FAKE_NR_CPUS)
		return -ENODEV;
	num = fake_bp_hit_num[cpu];
	if (num < 0 || !fake_bp_used[num])
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	out->num = num;
	out->addr = fake_bps[num].addr;
	out->type = fake_bps[num].type;
	out->len = fake_bps[num].len;
	if (out->type == DBG_BP_HW_WRITE || out->type == DBG_BP_HW_ACCESS)
		out->have_value = !dbg_mem_read(out->addr, &out->value,
						 out->len, NULL);
	return 0;
}

unsigned int dbg_bp_hw_slots(unsigned int *used)
{
	unsigned int i, n = 0;

	for (i = 0; i < DBG_BP_MAX; i++)
		n += fake_bp_used[i] && fake_bps[i].type != DBG_BP_SOFT;
	if (used)
		*used = n;
	return 4;
}

int dbg_bp_inst(u64 addr, u8 *buf, size_t len, size_t *n)
{
	int err;

	*n = 0;
	if (len < FAKE_INSN_LEN)
		return -EINVAL;
	err = dbg_mem_read(addr, buf, FAKE_INSN_LEN, NULL);
	if (!err)
		*n = FAKE_INSN_LEN;
	return err;
}

static unsigned int fake_nsteps;

/* A call is the fake's opcode 0xe8, as on x86. */
int dbg_insn_info(u64 addr, struct dbg_insn *out)
{
	u8 op;
	int err = dbg_mem_read(addr, &op, 1, NULL);

	if (err)
		return err;
	out->len = FAKE_INSN_LEN;
	out->is_call = op == 0xe8;
	return 0;
}

int dbg_step(const char **why)
{
	*why = NULL;
	if (fake_deny & DBG_DENY_WRITE)
		return -EPERM;
	if (!fake_ev.can_resume_at) {
		*why = "the entering CPU cannot be stepped";
		return -EINVAL;
	}
	fake_nsteps++;
	return 0;
}

/**
 * fake_steps - single-steps asked for since the last reset
 *
 * Return: the count.
 */
unsigned int fake_steps(void)
{
	return fake_nsteps;
}

/**
 * fake_bp_stopped_at - make a CPU one that stopped at a breakpoint
 * @cpu: the CPU
 * @num: the breakpoint, -1 for none
 * @hits: its hit count to show
 */
void fake_bp_stopped_at(unsigned int cpu, int num, u64 hits)
{
	fake_bp_hit_num[cpu] = num;
	if (num >= 0 && num < DBG_BP_MAX)
		fake_bps[num].hits = hits;
}

static void fake_bp_reset(void)
{
	unsigned int i;

	memset(fake_bp_used, 0, sizeof(fake_bp_used));
	fake_nsteps = 0;
	for (i = 0; i < FAKE_NR_CPUS; i++)
		fake_bp_hit_num[i] = -1;
}

/* dbg_eval() is the real core's: kernel/debug/core/dbg_eval.c. */

int dbg_call_protected(int (*fn)(void *arg), void *arg)
{
	if (!fn)
		return -EINVAL;
	return fn(arg);
}

static struct dbg_frontend *fake_frontend;

int dbg_register_frontend(struct dbg_frontend *fe)
{
	if (!fe)
		return -EINVAL;
	if (fake_frontend)
		return -EBUSY;
	fake_frontend = fe;
	return 0;
}

/* --- the console ---------------------------------------------------------- */

static char fake_in[FAKE_IN_MAX];
static size_t fake_in_len, fake_in_pos;
static bool fake_typeahead, fake_gate_open;
static unsigned long fake_eof_polls;

static char fake_out[FAKE_OUT_MAX + 1];
static size_t fake_out_len, fake_out_limit = FAKE_OUT_MAX;
static unsigned long fake_out_count[256];

static jmp_buf fake_jmp;
static bool fake_armed;
static unsigned long fake_calls, fake_budget = FAKE_BUDGET_DEFAULT;

/* Back to fake_session(): the session cannot go on. */
static void fake_end_session(int why)
{
	if (!fake_armed) {
		fprintf(stderr, "fake_core: the shell waits for input outside a session\n");
		abort();
	}
	fake_armed = false;
	longjmp(fake_jmp, why == FAKE_SESSION_EOF ? 1 : 2);
}

static void fake_work(void)
{
	if (fake_armed && ++fake_calls > fake_budget)
		fake_end_session(FAKE_SESSION_BUDGET);
}

int dbg_getc(void)
{
	unsigned char c;

	fake_work();
	if (fake_in_pos >= fake_in_len) {
		/* A command polling for Ctrl-C while nobody types. */
		if (++fake_eof_polls > FAKE_EOF_POLLS_MAX && fake_armed)
			fake_end_session(FAKE_SESSION_EOF);
		return -1;
	}
	if (!fake_typeahead && !fake_gate_open)
		return -1;
	c = fake_in[fake_in_pos++];
	/* A person waits for the output of a line before typing the next. */
	if (c == '\r' || c == '\n')
		fake_gate_open = false;
	return c;
}

/* What the front-ends showed, for the dump: appended until full. */
static char fake_transcript_buf[DBG_TRANSCRIPT_BYTES];
static size_t fake_transcript_len;

void dbg_transcript_add(const char *s, size_t len)
{
	len = min(len, sizeof(fake_transcript_buf) - fake_transcript_len);
	memcpy(fake_transcript_buf + fake_transcript_len, s, len);
	fake_transcript_len += len;
}

size_t dbg_transcript_copy(char *buf, size_t len)
{
	len = min(len, fake_transcript_len);
	memcpy(buf, fake_transcript_buf, len);
	return len;
}

void dbg_write(const char *s, size_t len)
{
	size_t i, keep;

	fake_work();
	if (!s)
		return;
	for (i = 0; i < len; i++)
		fake_out_count[(unsigned char)s[i]]++;
	if (len > fake_out_limit) {
		s += len - fake_out_limit;
		len = fake_out_limit;
	}
	if (fake_out_len + len > fake_out_limit) {
		/* Keep the tail: what a test or a crash report looks at. */
		keep = fake_out_limit / 2;
		if (keep + len > fake_out_limit)
			keep = fake_out_limit - len;
		if (keep > fake_out_len)
			keep = fake_out_len;
		memmove(fake_out, fake_out + fake_out_len - keep, keep);
		fake_out_len = keep;
	}
	memcpy(fake_out + fake_out_len, s, len);
	fake_out_len += len;
	fake_out[fake_out_len] = '\0';
}

void dbg_idle(void)
{
	if (fake_in_pos >= fake_in_len)
		fake_end_session(FAKE_SESSION_EOF);
	fake_gate_open = true;
}

void fake_input(const char *bytes, size_t n)
{
	if (!bytes)
		n = 0;
	if (n > sizeof(fake_in))
		n = sizeof(fake_in);
	if (n)
		memcpy(fake_in, bytes, n);
	fake_in_len = n;
	fake_in_pos = 0;
	fake_gate_open = false;
}

size_t fake_input_left(void)
{
	return fake_in_len - fake_in_pos;
}

void fake_set_typeahead(bool on)
{
	fake_typeahead = on;
}

const char *fake_output(void)
{
	return fake_out;
}

size_t fake_output_len(void)
{
	return fake_out_len;
}

void fake_output_clear(void)
{
	fake_out_len = 0;
	fake_out[0] = '\0';
	memset(fake_out_count, 0, sizeof(fake_out_count));
}

void fake_set_output_limit(size_t bytes)
{
	if (bytes < 1024)
		bytes = 1024;
	if (bytes > FAKE_OUT_MAX)
		bytes = FAKE_OUT_MAX;
	fake_out_limit = bytes;
	if (fake_out_len > bytes) {
		memmove(fake_out, fake_out + fake_out_len - bytes, bytes);
		fake_out_len = bytes;
		fake_out[fake_out_len] = '\0';
	}
}

unsigned long fake_output_bytes(unsigned char c)
{
	return fake_out_count[c];
}

/* --- the machine's memory image ------------------------------------------- */

static void fake_put64(u64 addr, u64 val)
{
	u8 *p = fake_page_ptr(addr, 8, NULL);

	if (!p)
		abort();
	memcpy(p, &val, 8);
}

static void fake_puts(u64 addr, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++) {
		u8 *p = fake_page_ptr(addr + i, 1, NULL);

		if (!p)
			abort();
		*p = s[i];
	}
}

/* A pt_regs at @addr, as an interrupt entry leaves it on the stack. */
static void fake_put_ptregs(u64 addr, const u64 *regs)
{
	unsigned int i;

	for (i = 0; i < FAKE_NR_REGS; i++)
		fake_put64(addr + i * 8, regs[fake_ptregs_order[i]]);
}

static void fake_regions_init(void)
{
	unsigned int i;

	fake_nregions = 0;
	fake_npages = 0;
	fake_map(FAKE_KERNEL_BASE, FAKE_TEXT_SIZE, FAKE_KERNEL_PHYS, MK_TEXT);
	fake_map(FAKE_RODATA_BASE, FAKE_PAGE_SIZE,
		 FAKE_KERNEL_PHYS + 0x4000, MK_RODATA);
	fake_map(FAKE_DATA_BASE, FAKE_KERNEL_SIZE - 0x5000,
		 FAKE_KERNEL_PHYS + 0x5000, MK_DATA);
	fake_map(CSTEST_TEXT, FAKE_PAGE_SIZE, 0x5000000, MK_MODTEXT);
	fake_map(CSTEST_DATA, FAKE_PAGE_SIZE, 0x5001000, MK_MODDATA);
	fake_map(E1000_TEXT, FAKE_PAGE_SIZE, 0x5002000, MK_MODTEXT);
	for (i = 0; i < FAKE_NR_CPUS; i++)
		fake_map(FAKE_PERCPU_BASE + i * FAKE_PERCPU_OFFSET,
			 FAKE_PAGE_SIZE, FAKE_PERCPU_BASE - FAKE_PAGE_OFFSET +
			 i * FAKE_PERCPU_OFFSET, MK_PERCPU);
	fake_map(FAKE_TASK_BASE, FAKE_NR_TASKS * FAKE_TASK_STRUCT_SIZE,
		 FAKE_TASK_BASE - FAKE_PAGE_OFFSET, MK_TASKS);
	for (i = 0; i < FAKE_CPU_OFFLINE; i++)
		fake_map(fake_irq_stack_top(i) - FAKE_PAGE_SIZE, FAKE_PAGE_SIZE,
			 0x6000000 + i * FAKE_PAGE_SIZE, MK_STACK);
	for (i = 0; i < FAKE_NR_TASKS; i++)
		if (!fake_task_defs[i].no_stack)
			fake_map(fake_stack_top(i) - FAKE_PAGE_SIZE,
				 FAKE_PAGE_SIZE,
				 0x7000000 + i * FAKE_PAGE_SIZE, MK_STACK);
}

static void fake_memory_init(void)
{
	static const char *const ptrs[] = {
		"schedule", "do_idle", "kthread", "cstest_spin", "linux_banner",
		"jiffies",
	};
	const struct fake_sym *s;
	unsigned int i, id;
	u64 regs[FAKE_NR_REGS];

	memset(fake_pages, 0, fake_npages * FAKE_PAGE_SIZE);
	/* Text: int3 filler, a push %rbp; mov %rsp,%rbp at each function. */
	memset(fake_regions[0].mem, 0xcc, FAKE_TEXT_SIZE);
	for (i = 0; i < ARRAY_SIZE(fake_syms); i++) {
		s = &fake_syms[i];
		if (s->addr - FAKE_KERNEL_BASE < FAKE_TEXT_SIZE)
			fake_puts(s->addr, "\x55\x48\x89\xe5");
	}
	fake_puts(fake_sym("linux_banner"),
		  "Linux version 6.12.0-fake (kdb@fake) (clang 14) #1 SMP PREEMPT_DYNAMIC\n");
	fake_put64(fake_sym("jiffies"), 0x00000001000a1b2cULL);
	for (i = 0; i < ARRAY_SIZE(ptrs); i++)
		fake_put64(fake_sym("fake_ptrs") + i * 8, fake_sym(ptrs[i]));
	fake_put64(fake_sym("fake_ptrs") + i * 8, 0x1234);
	for (i = 0; i < FAKE_PATTERN_WORDS; i++)
		fake_put64(fake_sym("fake_pattern") + i * 8, FAKE_PATTERN_VALUE);
	fake_puts(FAKE_CROSSING_ADDR, FAKE_CROSSING_TEXT);
	fake_puts(fake_sym("fake_strings"), "kdb test string\0second string");
	fake_put64(fake_sym("cstest_count"), 42);
	fake_puts(CSTEST_TEXT, "\x55\x48\x89\xe5\xf3\x90\xeb\xfc");
	for (i = 0; i < FAKE_NR_CPUS; i++) {
		u64 off = i * FAKE_PERCPU_OFFSET;
		int cur = fake_cpu_current(i);

		fake_put64(fake_sym("current_task") + off,
			   cur < 0 ? 0 : fake_task_addr(cur));
		fake_put64(fake_sym("cpu_number") + off, i);
		fake_put64(fake_sym("fake_pcpu_counter") + off, 1000 + i);
	}
	/* task_structs: pid at 0, comm at 0x10, stack at 0x20. */
	for (id = 0; id < FAKE_NR_TASKS; id++) {
		u64 t = fake_task_addr(id);

		fake_put64(t, fake_task_defs[id].pid);
		fake_puts(t + 0x10, fake_task_defs[id].comm);
		if (!fake_task_defs[id].no_stack)
			fake_put64(t + 0x20, fake_stack_top(id) -
					     FAKE_STACK_SIZE);
	}
	/* Stacks: return addresses where the frames say, pt_regs at entries. */
	for (id = 0; id < FAKE_NR_TASKS; id++) {
		for (i = 0; i < fake_nframes[id]; i++) {
			const struct dbg_frame *f = &fake_frames[id][i];

			if (!i && fake_task_defs[id].running)
				continue;	/* the CPU's registers */
			if (!f->entry) {
				fake_put64(f->sp, f->pc);
				continue;
			}
			memcpy(regs, fake_regs[id], sizeof(regs));
			regs[FR_RIP] = f->pc;
			regs[FR_RSP] = f->sp + 21 * 8;
			if (f->stack == DBG_STACK_UNKNOWN) {
				regs[FR_CS] = FAKE_USER_CS;
				regs[FR_SS] = FAKE_USER_SS;
				regs[FR_RSP] = 0x7ffc00001000ULL + id * 0x100;
				regs[FR_EFLAGS] = 0x246;
			}
			fake_put_ptregs(f->sp, regs);
		}
	}
	fake_mem_dirty = false;
}

/* --- setup ---------------------------------------------------------------- */

u64 fake_sym(const char *name)
{
	const struct fake_sym *s = name ? fake_sym_find(name) : NULL;

	if (!s) {
		fprintf(stderr, "fake_core: no symbol %s\n", name ? name : "(null)");
		abort();
	}
	return s->addr;
}

u64 fake_sym_size(const char *name)
{
	const struct fake_sym *s = name ? fake_sym_find(name) : NULL;

	if (!s)
		abort();
	return s->size;
}

void fake_set_lockdown(unsigned int deny)
{
	fake_deny = deny & (DBG_DENY_READ | DBG_DENY_WRITE);
}

void fake_set_corrupt_tasks(bool on)
{
	fake_corrupt = on;
}

void fake_set_budget(unsigned long calls)
{
	fake_budget = calls ? calls : FAKE_BUDGET_DEFAULT;
}

unsigned long fake_mem_reads(void)
{
	return fake_nreads;
}

unsigned long fake_mem_writes(void)
{
	return fake_nwrites;
}

unsigned long fake_set_reg_calls(void)
{
	return fake_nsetregs;
}

void fake_set_event(const char *reason, const char *msg, bool fatal,
		    bool can_resume_at)
{
	fake_ev.reason = reason ? reason : "sysrq";
	fake_ev.msg = msg;
	fake_ev.fatal = fatal;
	fake_ev.can_resume_at = can_resume_at;
}

const struct dbg_event *fake_event(void)
{
	return &fake_ev;
}

/**
 * fake_reset - put the machine back as it was at boot
 *
 * Memory, registers, log, queued actions, lockdown, the corrupted-list
 * mode, the event, the console; not the shell's own state (see
 * fake_shell_reset()).
 */
void fake_reset(void)
{
	static bool built;

	if (!built) {
		fake_regions_init();
		fake_frames_init();
		built = true;
		fake_mem_dirty = true;
	}
	fake_regs_init();
	if (fake_mem_dirty)
		fake_memory_init();
	fake_log_init();
	fake_ndeferred = 0;
	fake_bp_reset();
	fake_deny = 0;
	fake_corrupt = false;
	fake_budget = FAKE_BUDGET_DEFAULT;
	fake_nreads = fake_nwrites = fake_nsetregs = 0;
	fake_set_event("sysrq", NULL, false, true);
	fake_frame_fixed = false;
	fake_typeahead = false;
	fake_input(NULL, 0);
	fake_out_limit = FAKE_OUT_MAX;
	fake_output_clear();
	fake_transcript_len = 0;
	fake_switch_to[0] = '\0';
}

/**
 * fake_session - run one kdb session on the current input
 *
 * The event is fake_set_event()'s, on CPU 0 in the sh task. Actions
 * queued by an earlier session are dropped first (the machine ran them).
 *
 * Return: the session's enum dbg_action, FAKE_SESSION_EOF if the input
 * ran out, FAKE_SESSION_BUDGET if the work budget did.
 */
int fake_session(void)
{
	return fake_session_of(&kdb_frontend);
}

int dbg_frontend_switch(const char *name)
{
	if (strcmp(name, "kdb") && strcmp(name, "gdb"))
		return -ENOENT;
	snprintf(fake_switch_to, sizeof(fake_switch_to), "%s", name);
	return 0;
}

/**
 * fake_switched_to - the front-end last chosen by dbg_frontend_switch()
 *
 * Return: its name, "" if none; cleared by fake_reset().
 */
const char *fake_switched_to(void)
{
	return fake_switch_to;
}

int dbg_frontend_command(const char *name, const struct dbg_event *ev,
			 const char *line,
			 void (*out)(const char *s, size_t n, void *ctx),
			 void *ctx)
{
	if (strcmp(name, "kdb") || !kdb_frontend.command)
		return -ENOENT;
	return kdb_frontend.command(ev, line, out, ctx);
}

/* The GDB stub, when the program has it (its tests, not kdb's). */
extern struct dbg_frontend gdb_frontend __attribute__((weak));

int dbg_frontend_input(const char *name, int c)
{
	if (strcmp(name, "gdb") || !&gdb_frontend || !gdb_frontend.poll_byte)
		return -ENOENT;
	return gdb_frontend.poll_byte(c);
}

u64 dbg_kaslr_offset(void)
{
	return 0x1e000000;
}

/**
 * fake_session_of - run one session of a front-end on the current input
 * @fe: kdb's or the GDB stub's
 *
 * Return: as fake_session().
 */
int fake_session_of(struct dbg_frontend *fe)
{
	volatile int ret;
	int why;

	fake_ev.cpu = FAKE_CPU_MASTER;
	fake_ev.task = fake_task_addr(FT_SH);
	fake_ev.pc = fake_regs[FT_SH][FR_RIP];
	fake_ndeferred = 0;
	fake_active = true;
	fake_calls = 0;
	fake_eof_polls = 0;
	fake_gate_open = false;
	fake_armed = true;
	why = setjmp(fake_jmp);
	if (!why)
		ret = fe->session(&fake_ev);
	else
		ret = why == 1 ? FAKE_SESSION_EOF : FAKE_SESSION_BUDGET;
	fake_armed = false;
	fake_active = false;
	return ret;
}

int fake_run_session(const char *input, size_t n)
{
	fake_input(input, n);
	return fake_session();
}

/* --- the shell's own state, between tests and fuzz inputs ----------------- */

static struct kdb_macro fake_builtin_macros[KDB_MACROS];
static bool fake_shell_known;
static const struct kdb_line_ops *fake_line_ops;

/**
 * fake_shell_reset - the shell as it is after its first session
 *
 * The shell keeps its environment, macros and history across sessions,
 * on purpose. Tests and fuzz inputs must not see each other's, so this
 * restores the defaults, the built-in macros, an empty history and the
 * md state, and kdb.cmd_enable's default, through the shell's own API.
 */
void fake_shell_reset(void)
{
	const struct kdb_macro *m;
	unsigned int i, j;

	if (!fake_shell_known) {
		/* The first session sets the shell up; keep its macros. */
		fake_reset();
		fake_run_session(NULL, 0);
		for (i = 0; i < KDB_MACROS; i++) {
			m = kdb_macro_at(i);
			if (m)
				fake_builtin_macros[i] = *m;
		}
		fake_line_ops = kdb.line.ops;
		fake_shell_known = true;
	}
	kdb_env_reset();
	kdb_macro_reset();
	for (i = 0; i < KDB_MACROS; i++) {
		m = &fake_builtin_macros[i];
		if (!m->name[0])
			continue;
		kdb_macro_begin(m->name, m->usage, m->help, m->builtin);
		for (j = 0; j < m->nlines && j < KDB_MACRO_LINES; j++)
			kdb_macro_add_line(m->lines[j]);
		kdb_macro_end();
	}
	memset(&kdb, 0, sizeof(kdb));
	kdb_line_init(&kdb.line, fake_line_ops, NULL);
	kdb_cmd_enable = KDB_ENABLE_ALL;
}

/* A dump with no receiver: what the kdb command says when none answers. */
int dbg_dump(unsigned int level, enum dbg_dump_target target,
	     unsigned int flags, struct dbg_dump_result *res)
{
	memset(res, 0, sizeof(*res));
	if (level & ~DBG_DUMP_ALL || target > DBG_DUMP_RAM ||
	    flags & ~DBG_DUMP_F_RAW)
		return res->err = -EINVAL;
	res->pages = 1000;
	res->ram_pages = 4096;
	res->left_out[DBG_DUMP_R_FREE] = 3000;
	res->left_out[DBG_DUMP_R_ZERO] = 96;
	res->phdrs = 7;
	return res->err = -ENXIO;
}

const char *dbg_dump_reason_name(unsigned int reason)
{
	static const char *const names[] = {
		"zero", "cache", "private cache", "user", "free",
		"offline or poisoned", "dump region",
	};

	return reason < DBG_DUMP_REASONS ? names[reason] : "?";
}
