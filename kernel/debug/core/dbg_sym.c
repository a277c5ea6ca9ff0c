// SPDX-License-Identifier: GPL-2.0
/*
 * Symbols, modules, the kernel log and a summary of the system, for the
 * debug core while the machine is stopped. Everything here uses the
 * kernel's lockless paths: kallsyms, the module list read fault-safely,
 * the printk ring buffer's lockless reader.
 */

#include <linux/cpumask.h>
#include <linux/dbg_core.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kmsg_dump.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nmi.h>
#include <linux/panic.h>
#include <linux/percpu.h>
#include <linux/sched/loadavg.h>
#include <linux/sched/stat.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <linux/vmstat.h>
#include <asm/sections.h>
#include <asm/setup.h>

#include "dbg_internal.h"

#ifdef CONFIG_MODULES
#include "../../module/internal.h"
#endif

static_assert(DBG_SYM_NAME_LEN >= KSYM_NAME_LEN);
static_assert(DBG_MODNAME_LEN >= MODULE_NAME_LEN);

/**
 * dbg_sym_by_addr - the symbol an address is in
 * @addr: a kernel or module address
 * @out: filled in
 *
 * Return: 0, or -ENOENT if no symbol covers @addr.
 */
int dbg_sym_by_addr(u64 addr, struct dbg_sym *out)
{
	unsigned long size, offset;
	char *modname = NULL;

	out->name[0] = '\0';
	out->module[0] = '\0';
	if (!kallsyms_lookup(addr, &size, &offset, &modname, out->name))
		return -ENOENT;
	out->addr = addr - offset;
	out->size = size;
	out->offset = offset;
	if (modname)
		strscpy(out->module, modname, sizeof(out->module));
	return 0;
}

/**
 * dbg_sym_by_name - the address of a symbol
 * @name: the kernel's or a module's symbol; "module:symbol" picks a
 *	module's
 * @addr: set to its address
 *
 * Return: 0; -ENOENT; -ELOOP or -EFAULT if the module list is corrupted.
 */
int dbg_sym_by_name(const char *name, u64 *addr)
{
	struct dbg_module_iter it = {};
	struct dbg_module m;
	unsigned long a;
	int ret;

	if (!*name || strlen(name) >= KSYM_NAME_LEN)
		return -ENOENT;
	/*
	 * A name the kernel does not have is looked for in every module,
	 * by a walk of the module list that is neither bounded nor
	 * fault-safe: walk it the safe way first.
	 */
	while ((ret = dbg_module_next(&it, &m)) == 1)
		;
	if (ret)
		return ret;
	a = kallsyms_lookup_name(name);
	if (!a)
		return -ENOENT;
	*addr = a;
	return 0;
}

static struct dbg_sym dbg_sym_scratch;

/*
 * Backtraces of every task name the same few return addresses again and
 * again; kallsyms takes a binary search and a name decompression for
 * each. Nothing moves while the machine is stopped, so the names are
 * kept for the session (cleared at each entry).
 */
#define DBG_SYM_CACHE		64
#define DBG_SYM_CACHE_NAME	96

static struct {
	u64 addr;
	bool ret;
	int err;
	char text[DBG_SYM_CACHE_NAME];
} dbg_sym_cache[DBG_SYM_CACHE];

/**
 * dbg_sym_cache_reset - forget the names kept by dbg_symbolize()
 */
void dbg_sym_cache_reset(void)
{
	memset(dbg_sym_cache, 0, sizeof(dbg_sym_cache));
}

/**
 * dbg_kaslr_offset - how far the kernel was moved from where it was linked
 *
 * Return: the offset to add to vmlinux's addresses (0 without KASLR).
 */
u64 dbg_kaslr_offset(void)
{
	return kaslr_offset();
}

/* @ret: name @addr by the byte before it (a return address). */
static int dbg_sym_format(u64 addr, bool ret, char *buf, size_t len)
{
	struct dbg_sym *s = &dbg_sym_scratch;
	unsigned int slot = hash_64(addr + ret, ilog2(DBG_SYM_CACHE));
	int err = 0, n;
	bool back;

	if (addr && dbg_sym_cache[slot].addr == addr &&
	    dbg_sym_cache[slot].ret == ret) {
		scnprintf(buf, len, "%s", dbg_sym_cache[slot].text);
		return dbg_sym_cache[slot].err;
	}
	/* With no symbol before it, a return address is named as it is. */
	back = ret && addr && !dbg_sym_by_addr(addr - 1, s);

	if (!back && dbg_sym_by_addr(addr, s)) {
		n = scnprintf(buf, len, "0x%llx", addr);
		err = -ENOENT;
	} else {
		n = scnprintf(buf, len, "%s+0x%llx/0x%llx%s%s%s", s->name,
			      s->offset + back, s->size,
			      s->module[0] ? " [" : "", s->module,
			      s->module[0] ? "]" : "");
	}
	if (addr && n < DBG_SYM_CACHE_NAME && (size_t)n + 1 < len) {
		dbg_sym_cache[slot].addr = addr;
		dbg_sym_cache[slot].ret = ret;
		dbg_sym_cache[slot].err = err;
		memcpy(dbg_sym_cache[slot].text, buf, n + 1);
	}
	return err;
}

/**
 * dbg_symbolize - format an address as symbol+offset/size [module]
 * @addr: the address
 * @buf: output, always NUL-terminated
 * @len: size of @buf
 *
 * Return: 0; -ENOENT if no symbol covers it (@buf then holds the address
 * in hex).
 */
int dbg_symbolize(u64 addr, char *buf, size_t len)
{
	return dbg_sym_format(addr, false, buf, len);
}

/**
 * dbg_symbolize_ret - format a return address as dbg_symbolize() does
 * @addr: the return address
 * @buf: output, always NUL-terminated
 * @len: size of @buf
 *
 * Named after the call it returns from, as the kernel's %pB does: a call
 * to a function that does not return may end its caller, and its return
 * address is then the first byte of the next function.
 *
 * Return: as dbg_symbolize().
 */
int dbg_symbolize_ret(u64 addr, char *buf, size_t len)
{
	return dbg_sym_format(addr, true, buf, len);
}

#ifdef CONFIG_MODULES
/* Bounds far beyond any real system, short of a hang. */
#define DBG_MODULES_MAX		65536
#define DBG_MODULE_SYMS_MAX	(1U << 20)

static int dbg_module_syms(struct module *mod, const char *prefix,
			   size_t plen, int (*fn)(void *, const char *),
			   void *ctx)
{
	static char name[KSYM_NAME_LEN];
	struct mod_kallsyms *ks;
	unsigned int i, num;
	Elf_Sym *symtab, sym;
	char *strtab;
	int ret;

	if (dbg_read_val(ks, mod->kallsyms) || !ks ||
	    dbg_read_val(num, ks->num_symtab) ||
	    dbg_read_val(symtab, ks->symtab) ||
	    dbg_read_val(strtab, ks->strtab))
		return 0;
	num = min(num, DBG_MODULE_SYMS_MAX);
	for (i = 0; i < num; i++) {
		if (!(i & 255))
			touch_nmi_watchdog();
		if (dbg_read_val(sym, symtab[i]) || !sym.st_name ||
		    dbg_arch_addr_check((unsigned long)strtab + sym.st_name,
					sizeof(name)))
			continue;
		if (strncpy_from_kernel_nofault(name, strtab + sym.st_name,
						sizeof(name)) <= 0 ||
		    strncmp(name, prefix, plen))
			continue;
		ret = fn(ctx, name);
		if (ret)
			return ret;
	}
	return 0;
}
#endif

/**
 * dbg_sym_complete - every symbol that starts with a prefix
 * @prefix: the prefix
 * @fn: called with each name; a non-zero return stops the walk
 * @ctx: passed to @fn
 *
 * Walks the kernel's symbols by address (kallsyms lookups, which take no
 * lock and never reschedule), then each module's symbol table. A name
 * may come more than once.
 *
 * Return: what @fn last returned, 0 if it never stopped the walk.
 */
int dbg_sym_complete(const char *prefix,
		     int (*fn)(void *ctx, const char *name), void *ctx)
{
	struct dbg_sym *s = &dbg_sym_scratch;
	size_t plen = strlen(prefix);
	unsigned long addr = (unsigned long)_stext, end = (unsigned long)_end;
	unsigned long size, offset, next;
	unsigned int n = 0;
	char *modname;
	int ret;
#ifdef CONFIG_MODULES
	struct dbg_module_iter it = {};
	struct dbg_module m;
#endif

	while (addr < end) {
		if (!(++n & 255))
			touch_nmi_watchdog();
		if (!kallsyms_lookup(addr, &size, &offset, &modname, s->name))
			break;
		next = addr - offset + size;
		addr = next > addr ? next : addr + 1;
		if (!strncmp(s->name, prefix, plen)) {
			ret = fn(ctx, s->name);
			if (ret)
				return ret;
		}
	}
#ifdef CONFIG_MODULES
	while (dbg_module_next(&it, &m) == 1) {
		ret = dbg_module_syms((struct module *)(unsigned long)m.addr,
				      prefix, plen, fn, ctx);
		if (ret)
			return ret;
	}
#endif
	return 0;
}

/**
 * dbg_module_next - the next module of a walk over the loaded modules
 * @it: walk state, zeroed before the first call
 * @out: filled with the module
 *
 * Return: 1 with @out filled; 0 at the end; -ELOOP or -EFAULT if the
 * module list is corrupted.
 */
int dbg_module_next(struct dbg_module_iter *it, struct dbg_module *out)
{
#ifdef CONFIG_MODULES
	static const char *const states[] = {
		[MODULE_STATE_LIVE] = "live",
		[MODULE_STATE_COMING] = "coming",
		[MODULE_STATE_GOING] = "going",
		[MODULE_STATE_UNFORMED] = "unformed",
	};
	struct list_head *pos;
	enum module_state state;
	struct module *mod;
	unsigned int size;
	atomic_t refcnt;
	void *base;
	int type;

	pos = (struct list_head *)(unsigned long)it->pos;
	if (dbg_read_val(pos, (pos ? pos : &modules)->next))
		return -EFAULT;
	if (pos == &modules)
		return 0;
	if (++it->n > DBG_MODULES_MAX)
		return -ELOOP;
	it->pos = (unsigned long)pos;
	mod = list_entry(pos, struct module, list);
	memset(out, 0, sizeof(*out));
	out->addr = (unsigned long)mod;
	if (dbg_read_nofault(out->name, (unsigned long)mod->name,
			     sizeof(mod->name)) ||
	    dbg_read_val(state, mod->state) ||
	    dbg_read_val(base, mod->mem[MOD_TEXT].base))
		return -EFAULT;
	out->name[sizeof(out->name) - 1] = '\0';
	out->state = (unsigned int)state < ARRAY_SIZE(states) ?
		     states[state] : "?";
	out->base = (unsigned long)base;
	for (type = 0; type < MOD_MEM_NUM_TYPES; type++)
		if (!dbg_read_val(size, mod->mem[type].size))
			out->size += size;
	out->refcount = -1;
#ifdef CONFIG_MODULE_UNLOAD
	/* The kernel counts one reference for a module that is live. */
	if (!dbg_read_val(refcnt, mod->refcnt))
		out->refcount = atomic_read(&refcnt) - 1;
#endif
	return 1;
#else
	return 0;
#endif
}

/* --- the kernel log ---------------------------------------------------- */

/**
 * dbg_log_rewind - position a log reader at the oldest record
 * @it: the reader
 */
void dbg_log_rewind(struct dbg_log_iter *it)
{
	struct kmsg_dump_iter k;

	kmsg_dump_rewind(&k);
	it->seq = k.cur_seq;
}

/**
 * dbg_log_end - position a log reader after the newest record
 * @it: the reader; it then returns only records logged from now on
 */
void dbg_log_end(struct dbg_log_iter *it)
{
	struct kmsg_dump_iter k;

	kmsg_dump_rewind(&k);
	it->seq = k.next_seq;
}

/**
 * dbg_log_next - read the next record of the kernel log
 * @it: the reader
 * @buf: where the text goes, "[  time] message\n"; a record longer than
 *	@buf is cut
 * @len: size of @buf
 * @outlen: set to the bytes in @buf
 *
 * Return: 1 if a record was read, 0 at the end.
 */
int dbg_log_next(struct dbg_log_iter *it, char *buf, size_t len,
		 size_t *outlen)
{
	struct kmsg_dump_iter k = { .cur_seq = it->seq };
	size_t n = 0;

	if (!kmsg_dump_get_line(&k, false, buf, len, &n))
		return 0;
	it->seq = k.cur_seq;
	*outlen = n;
	return 1;
}

/* --- the system -------------------------------------------------------- */

/**
 * dbg_sysinfo - what a summary of the machine shows
 * @out: filled in
 *
 * Return: 0.
 */
int dbg_sysinfo(struct dbg_sysinfo *out)
{
	struct new_utsname *u = init_utsname();
	unsigned int i;

	memset(out, 0, sizeof(*out));
	memcpy(out->sysname, u->sysname, sizeof(out->sysname) - 1);
	memcpy(out->nodename, u->nodename, sizeof(out->nodename) - 1);
	memcpy(out->release, u->release, sizeof(out->release) - 1);
	memcpy(out->version, u->version, sizeof(out->version) - 1);
	memcpy(out->machine, u->machine, sizeof(out->machine) - 1);
	out->realtime_sec = ktime_get_real_fast_ns() / NSEC_PER_SEC;
	out->uptime_ns = ktime_get_boot_fast_ns();
	for (i = 0; i < 3; i++)
		out->loadavg[i] = LOAD_INT(avenrun[i] + FIXED_1 / 200) * 100 +
				  LOAD_FRAC(avenrun[i] + FIXED_1 / 200);
	out->mem_total_kb = totalram_pages() << (PAGE_SHIFT - 10);
	out->mem_free_kb = global_zone_page_state(NR_FREE_PAGES) <<
			   (PAGE_SHIFT - 10);
	out->cpus_online = num_online_cpus();
	out->cpus_possible = num_possible_cpus();
	out->nr_threads = READ_ONCE(nr_threads);
	if (saved_command_line)
		strscpy(out->cmdline, saved_command_line, sizeof(out->cmdline));
	strscpy(out->tainted, print_tainted(), sizeof(out->tainted));
	return 0;
}

/**
 * dbg_per_cpu_addr - where a CPU's copy of a per-CPU variable is
 * @addr: the variable's address, as its symbol gives it
 * @cpu: the CPU
 * @out: set to the address of @cpu's copy
 *
 * Return: 0, or -ENODEV if @cpu is not a possible CPU.
 */
int dbg_per_cpu_addr(u64 addr, unsigned int cpu, u64 *out)
{
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -ENODEV;
	*out = addr + per_cpu_offset(cpu);
	return 0;
}
