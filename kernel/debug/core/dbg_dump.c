// SPDX-License-Identifier: GPL-2.0
/*
 * The dump hook: the stopped machine's memory and every CPU's registers
 * as an ELF vmcore that gdb and crash open, sent over the debug line to
 * a receiver (kdbmon) with the protocol of dbg_dump_wire.h.
 *
 * Runs while the machine is stopped: polled I/O only, no allocation, no
 * locks. What it needs is set aside at boot: the table of RAM ranges
 * (the iomem walkers take a lock a stopped CPU may hold), the buffer the
 * ELF header is built in, the page list.
 *
 * Two passes over RAM. The first decides which pages go in (the dump
 * level, read from each page's struct page, and zero pages from their
 * contents) and builds runs of consecutive pages, one PT_LOAD each. The
 * second sends the header, then the runs' pages in file order. Frame n's
 * content follows from n alone (a binary search over the runs), which
 * is what lets the sender go back when a frame is lost.
 */
#include <linux/crash_stop.h>
#include <linux/dbg_core.h>
#include <linux/delay.h>
#include <linux/elf.h>
#include <linux/init.h>
#include <linux/ioport.h>
#include <linux/lz4.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/nmi.h>
#include <linux/page-flags.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/threads.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <linux/vmcore_info.h>
#include <asm/sections.h>

#include "dbg_dump_wire.h"
#include "dbg_elfcore.h"
#include "dbg_internal.h"

#define DUMP_RAM_MAX		128
/* PT_LOADs a dump may have; more runs than this merge across gaps. */
#define DUMP_RUNS_MAX		4000
#define DUMP_CHUNK		4096

/* Resend after this long without an ack; give up after the others. */
#define DUMP_RESEND_MS		2000
#define DUMP_HELLO_MS		5000
#define DUMP_GIVEUP_MS		15000
#define DUMP_WINDOW		128
#define DUMP_PROGRESS_MS	10000

struct dump_ram {
	u64 start;		/* first pfn */
	u64 end;		/* pfn after the last */
};

/*
 * One PT_LOAD: @pages pages from @pfn, at @file_off in the file, and the
 * pages left out after them up to @mem_end, which read as zeros (the
 * segment's p_memsz is larger than its p_filesz, as makedumpfile's are:
 * crash and gdb both zero-fill). @pages is 0 for a range that starts
 * with pages left out.
 */
struct dump_run {
	u64 pfn;
	u64 pages;
	u64 mem_end;
	u64 file_off;
};

static struct dump_ram dump_ram[DUMP_RAM_MAX];
static unsigned int dump_nr_ram;
static bool dump_ram_truncated;
static struct dump_run *dump_runs;
static u8 *dump_hdr;
static size_t dump_hdr_max;

/**
 * struct dump_state - the dump being written
 * @level: DBG_DUMP_* bits of what is left out
 * @nruns: runs in dump_runs
 * @min_gap: runs are joined across gaps shorter than this many pages
 * @pages: pages in the file
 * @left_out: pages left out, by reason
 * @ram_pages: pages of RAM
 * @hdr_len: bytes of ELF header, program headers and notes, page aligned
 * @file_size: bytes of the whole file
 * @hdr_frames: frames the header takes
 * @frames: frames of the whole transfer
 * @id: tells this transfer from others
 * @start_ms: when sending began
 * @last_progress_ms: when progress was last shown
 * @unreadable: pages that could not be read when sent (sent as zeros)
 * @compress: pages go LZ4-compressed when that is smaller
 * @line_bytes: bytes put on the line, frames sent again included
 * @tx: the sender
 */
struct dump_state {
	unsigned int level;
	unsigned int nruns;
	u64 min_gap;
	u64 pages;
	u64 left_out[DBG_DUMP_REASONS];
	u64 ram_pages;
	size_t hdr_len;
	u64 file_size;
	u32 hdr_frames;
	u32 frames;
	u32 id;
	u64 start_ms;
	u64 last_progress_ms;
	u64 unreadable;
	bool compress;
	u64 line_bytes;
	struct dw_tx tx;
};

static struct dump_state ds;
static u8 dump_payload[DW_PAYLOAD_MAX];
static u8 dump_wire[DW_WIRE_MAX];
static u8 dump_page_buf[PAGE_SIZE];
static u8 dump_lz4_work[LZ4_MEM_COMPRESS];
static char dump_info[VMCOREINFO_BYTES + 64];

static const char *const dump_reason_names[DBG_DUMP_REASONS] = {
	[DBG_DUMP_R_ZERO] = "zero",
	[DBG_DUMP_R_CACHE] = "cache",
	[DBG_DUMP_R_CACHE_PRIVATE] = "private cache",
	[DBG_DUMP_R_USER] = "user",
	[DBG_DUMP_R_FREE] = "free",
	[DBG_DUMP_R_UNUSABLE] = "offline or poisoned",
};

/**
 * dbg_dump_reason_name - what a reason for leaving pages out is called
 * @reason: DBG_DUMP_R_*
 *
 * Return: its name.
 */
const char *dbg_dump_reason_name(unsigned int reason)
{
	return reason < DBG_DUMP_REASONS ? dump_reason_names[reason] : "?";
}

static u64 dump_now_ms(void)
{
	return ktime_get_mono_fast_ns() / NSEC_PER_MSEC;
}

/* --- which pages ------------------------------------------------------ */

static bool dump_in_kernel_image(u64 pfn)
{
	return pfn >= PHYS_PFN(__pa_symbol(_text)) &&
	       pfn < PFN_UP(__pa_symbol(_end));
}

/*
 * Is page @pfn left out at @level? Returns the reason, or -1 if it goes
 * in. *@span is set to the pages the answer covers (a free block's
 * pages at once).
 */
static int dump_left_out(u64 pfn, unsigned int level, u64 *span)
{
	struct page *page;
	struct folio *folio;
	unsigned long probe;
	unsigned int order;
	bool anon;

	*span = 1;
	/* The kernel image always goes in: gdb reads its variables. */
	if (dump_in_kernel_image(pfn))
		return -1;
	if (!pfn_valid(pfn))
		return -1;
	page = pfn_to_page(pfn);
	if (dbg_read_nofault(&probe, (unsigned long)page, sizeof(probe)))
		return -1;
	/* Reading these could fault or machine-check: never read. */
	if (PageHWPoison(page) || PageOffline(page))
		return DBG_DUMP_R_UNUSABLE;
	if (PageBuddy(page)) {
		if (!(level & DBG_DUMP_FREE))
			return -1;
		order = page_private(page);
		if (order <= MAX_PAGE_ORDER)
			*span = 1UL << order;
		return DBG_DUMP_R_FREE;
	}
	if (PageSlab(page) || PageTable(page))
		return -1;
	folio = page_folio(page);
	anon = folio_test_anon(folio);
	if (anon || folio_test_hugetlb(folio))
		return level & DBG_DUMP_USER ? DBG_DUMP_R_USER : -1;
	if (folio_test_lru(folio) || folio_test_swapcache(folio)) {
		if (!folio_test_private(folio))
			return level & DBG_DUMP_CACHE ? DBG_DUMP_R_CACHE : -1;
		return level & DBG_DUMP_CACHE_PRIVATE ?
		       DBG_DUMP_R_CACHE_PRIVATE : -1;
	}
	return -1;
}

static bool dump_page_is_zero(u64 pfn)
{
	if (dbg_phys_read(PFN_PHYS(pfn), dump_page_buf, PAGE_SIZE, NULL))
		return false;
	return !memchr_inv(dump_page_buf, 0, PAGE_SIZE);
}

static int dump_add_run(u64 pfn, u64 end, u64 mem_end)
{
	struct dump_run *r;

	if (ds.nruns == DUMP_RUNS_MAX)
		return -ENOSPC;
	r = &dump_runs[ds.nruns++];
	r->pfn = pfn;
	r->pages = end - pfn;
	r->mem_end = mem_end;
	ds.pages += r->pages;
	return 0;
}

/* The first pass: runs of the pages that go in. */
static int dump_plan(void)
{
	u64 pfn, span, run_pfn = 0, run_end = 0;
	unsigned int i, n = 0;
	int why;

	ds.nruns = 0;
	ds.pages = 0;
	ds.ram_pages = 0;
	memset(ds.left_out, 0, sizeof(ds.left_out));
	for (i = 0; i < dump_nr_ram; i++) {
		/* An empty run first: the range's leading pages left out. */
		run_pfn = dump_ram[i].start;
		run_end = run_pfn;
		ds.ram_pages += dump_ram[i].end - dump_ram[i].start;
		for (pfn = dump_ram[i].start; pfn < dump_ram[i].end;
		     pfn += span) {
			if (!(++n & 4095))
				touch_nmi_watchdog();
			why = dump_left_out(pfn, ds.level, &span);
			span = min(span, dump_ram[i].end - pfn);
			if (why < 0 && (ds.level & DBG_DUMP_ZERO) &&
			    !dump_in_kernel_image(pfn) && dump_page_is_zero(pfn))
				why = DBG_DUMP_R_ZERO;
			if (why >= 0) {
				ds.left_out[why] += span;
				continue;
			}
			if (run_end > run_pfn && pfn - run_end < ds.min_gap) {
				run_end = pfn + 1;
				continue;
			}
			if ((run_end > run_pfn || pfn > run_pfn) &&
			    dump_add_run(run_pfn, run_end, pfn))
				return -ENOSPC;
			run_pfn = pfn;
			run_end = pfn + 1;
		}
		if (dump_add_run(run_pfn, run_end, dump_ram[i].end))
			return -ENOSPC;
	}
	return 0;
}

/* --- the ELF header ---------------------------------------------------- */

/* The run holding @pfn, or NULL. */
static struct dump_run *dump_run_of(u64 pfn)
{
	unsigned int i;

	for (i = 0; i < ds.nruns; i++)
		if (dump_runs[i].pages && pfn >= dump_runs[i].pfn &&
		    pfn < dump_runs[i].pfn + dump_runs[i].pages)
			return &dump_runs[i];
	return NULL;
}

/* Registers of @cpu in NT_PRSTATUS order; its pid for gdb. */
static int dump_cpu_regs(unsigned int cpu, u64 *regs)
{
	struct dbg_task t;
	struct dbg_regs r;
	unsigned int i;
	int reg;

	memset(regs, 0, EC_PR_NREGS * sizeof(*regs));
	if (dbg_cpu_task(cpu, &t))
		return PID_MAX_LIMIT + cpu;
	if (!dbg_task_regs(t.addr, &r)) {
		for (i = 0; i < EC_PR_NREGS; i++) {
			reg = dbg_reg_find(ec_prstatus_regs[i]);
			if (reg >= 0 && (r.valid & BIT(reg)))
				regs[i] = r.val[reg];
		}
	}
	/* gdb wants one thread id per note: idle tasks are all pid 0. */
	return t.pid > 0 ? t.pid : PID_MAX_LIMIT + cpu;
}

static size_t dump_notes(u8 *p)
{
	u8 desc[EC_PRSTATUS_LEN];
	u64 regs[EC_PR_NREGS];
	size_t len = 0, n;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		ec_prstatus(desc, dump_cpu_regs(cpu, regs), regs);
		len += ec_note(p + len, "CORE", EC_NT_PRSTATUS, desc,
			       sizeof(desc));
	}
	n = 0;
	if (vmcoreinfo_data && vmcoreinfo_size <= VMCOREINFO_BYTES) {
		memcpy(dump_info, vmcoreinfo_data, vmcoreinfo_size);
		n = vmcoreinfo_size;
	}
	n += scnprintf(dump_info + n, sizeof(dump_info) - n,
		       "CRASHTIME=%lld\n", ktime_get_real_seconds());
	len += ec_note(p + len, "VMCOREINFO", 0, dump_info, n);
	return len;
}

static size_t dump_notes_max(void)
{
	return num_possible_cpus() * ec_note_len("CORE", EC_PRSTATUS_LEN) +
	       ec_note_len("VMCOREINFO", sizeof(dump_info));
}

/* Program headers and notes into dump_hdr; file offsets of the runs. */
static int dump_layout(void)
{
	u64 text_pfn = PHYS_PFN(__pa_symbol(_text));
	struct dump_run *image = dump_run_of(text_pfn);
	unsigned int phnum = 1 + ds.nruns + (image ? 1 : 0);
	size_t notes_off = EC_EHDR_LEN + (size_t)phnum * EC_PHDR_LEN;
	size_t notes_len, need;
	u64 off;
	u8 *ph;
	unsigned int i;

	need = notes_off + dump_notes_max();
	if (need > dump_hdr_max)
		return -ENOSPC;
	memset(dump_hdr, 0, PAGE_ALIGN(need));
	notes_len = dump_notes(dump_hdr + notes_off);
	ds.hdr_len = PAGE_ALIGN(notes_off + notes_len);
	ec_ehdr(dump_hdr, phnum);
	ph = dump_hdr + EC_EHDR_LEN;
	ec_phdr(ph, EC_PT_NOTE, notes_off, 0, 0, notes_len, notes_len);
	ph += EC_PHDR_LEN;
	off = ds.hdr_len;
	for (i = 0; i < ds.nruns; i++) {
		u64 pa = PFN_PHYS(dump_runs[i].pfn);
		u64 len = dump_runs[i].pages << PAGE_SHIFT;
		u64 mem = (dump_runs[i].mem_end - dump_runs[i].pfn) << PAGE_SHIFT;

		dump_runs[i].file_off = off;
		ec_phdr(ph, EC_PT_LOAD, off, (u64)__va(pa), pa, len, mem);
		ph += EC_PHDR_LEN;
		off += len;
	}
	/* The kernel image at its own addresses too: gdb's symbols. */
	if (image) {
		u64 pa = __pa_symbol(_text);
		u64 len = (u64)(_end - _text);

		ec_phdr(ph, EC_PT_LOAD,
			image->file_off + pa - PFN_PHYS(image->pfn),
			(u64)_text, pa, len, len);
	}
	ds.file_size = off;
	ds.hdr_frames = DIV_ROUND_UP(ds.hdr_len, DUMP_CHUNK);
	ds.frames = 2 + ds.hdr_frames + ds.pages;
	return 0;
}

/* --- sending ------------------------------------------------------------ */

/* The run holding file offset @off (page data only). */
static const struct dump_run *dump_run_at(u64 off)
{
	unsigned int lo = 0, hi = ds.nruns;

	/* Empty runs share the next one's offset and sort before it. */
	while (hi - lo > 1) {
		unsigned int mid = (lo + hi) / 2;

		if (dump_runs[mid].file_off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return &dump_runs[lo];
}

/*
 * The page at file offset @off into the payload, LZ4-compressed when
 * that makes it smaller: the line is the bottleneck by far.
 */
static u32 dump_page_data(u64 off, enum dw_type *type)
{
	const struct dump_run *r = dump_run_at(off);
	u64 pa = PFN_PHYS(r->pfn) + (off - r->file_off);
	int n;

	dw_put_le64(dump_payload, off);
	if (dbg_phys_read(pa, dump_page_buf, PAGE_SIZE, NULL)) {
		memset(dump_page_buf, 0, PAGE_SIZE);
		ds.unreadable++;
	}
	n = ds.compress ? LZ4_compress_default(dump_page_buf, dump_payload + 8,
					       PAGE_SIZE, PAGE_SIZE - 64,
					       dump_lz4_work) : 0;
	if (n > 0) {
		*type = DW_DATA_LZ4;
		return n;
	}
	memcpy(dump_payload + 8, dump_page_buf, PAGE_SIZE);
	return PAGE_SIZE;
}

static u32 dump_make_frame(u32 seq, enum dw_type *type)
{
	u64 off;

	if (!seq) {
		struct dw_start s = {
			.file_size = ds.file_size,
			.frames = ds.frames,
			.ram_bytes = ds.ram_pages << PAGE_SHIFT,
			.level = ds.level,
			.ncpus = num_online_cpus(),
			.id = ds.id,
		};

		scnprintf(s.name, sizeof(s.name), "%s-%s",
			  init_utsname()->nodename, init_utsname()->release);
		dw_start_encode(dump_payload, &s);
		*type = DW_START;
		return DW_START_LEN;
	}
	if (seq == ds.frames - 1) {
		struct dw_end e = { .file_size = ds.file_size };

		dw_end_encode(dump_payload, &e);
		*type = DW_END;
		return DW_END_LEN;
	}
	*type = DW_DATA;
	if (seq <= ds.hdr_frames) {
		u32 len;

		off = (u64)(seq - 1) * DUMP_CHUNK;
		len = min_t(u64, DUMP_CHUNK, ds.hdr_len - off);
		dw_put_le64(dump_payload, off);
		memcpy(dump_payload + 8, dump_hdr + off, len);
		return 8 + len;
	}
	off = ds.hdr_len + ((u64)(seq - 1 - ds.hdr_frames) << PAGE_SHIFT);
	return 8 + dump_page_data(off, type);
}

static int dump_send(void *ctx, u32 seq)
{
	enum dw_type type;
	u32 len = dump_make_frame(seq, &type);
	size_t n = dw_frame_encode(dump_wire, type, seq, dump_payload, len);

	dbg_write((const char *)dump_wire, n);
	ds.line_bytes += n;
	return 0;
}

static int dump_getc(void *ctx)
{
	return dbg_getc();
}

static u64 dump_tx_now(void *ctx)
{
	return dump_now_ms();
}

static void dump_idle(void *ctx)
{
	touch_nmi_watchdog();
	udelay(20);
}

/* Console text between frames: kdbmon shows it, others see it. */
static void dump_progress(void *ctx, u32 acked)
{
	u64 now = dump_now_ms(), ms = now - ds.start_ms;
	u64 done = (u64)acked * DUMP_CHUNK, rate;
	char line[128];
	int n;

	if (now - ds.last_progress_ms < DUMP_PROGRESS_MS || !ms)
		return;
	ds.last_progress_ms = now;
	done = min(done, ds.file_size);
	rate = done * 1000 / ms;
	n = scnprintf(line, sizeof(line),
		      "\ndump: %llu of %llu KiB, %llu KiB/s, %llu s to go\n",
		      done >> 10, ds.file_size >> 10, rate >> 10,
		      rate ? (ds.file_size - done) / rate : 0);
	dbg_write(line, n);
}

static const struct dw_tx_ops dump_tx_ops = {
	.send = dump_send,
	.getc = dump_getc,
	.now_ms = dump_tx_now,
	.idle = dump_idle,
	.progress = dump_progress,
};

/**
 * dbg_dump - write the stopped machine as an ELF vmcore
 * @level: DBG_DUMP_* bits: the kinds of page left out (31: all of them)
 * @target: where to (DBG_DUMP_SERIAL: to kdbmon on the debug line)
 * @flags: DBG_DUMP_F_* (DBG_DUMP_F_RAW: pages not compressed)
 * @res: what happened, for the front-end to tell
 *
 * Only while stopped. Every CPU's registers come from its stop.
 *
 * Return: 0, or a negative errno (also in @res->err): -ENXIO no receiver
 * answered, -ETIMEDOUT the receiver stopped answering, -ECANCELED it
 * gave up, -ENOMEM no buffers were set aside at boot, -ENOSPC the
 * header does not fit, -EINVAL bad level or target, -EPERM lockdown.
 */
int dbg_dump(unsigned int level, enum dbg_dump_target target,
	     unsigned int flags, struct dbg_dump_result *res)
{
	int err;

	memset(res, 0, sizeof(*res));
	res->err = -EINVAL;
	if (level & ~DBG_DUMP_ALL || target != DBG_DUMP_SERIAL ||
	    flags & ~DBG_DUMP_F_RAW)
		return -EINVAL;
	res->err = -EPERM;
	if (dbg_session.deny & DBG_DENY_READ)
		return -EPERM;
	res->err = -ENOMEM;
	if (!dump_runs || !dump_hdr || !dump_nr_ram)
		return -ENOMEM;
	memset(&ds, 0, sizeof(ds));
	ds.level = level;
	ds.compress = !(flags & DBG_DUMP_F_RAW);
	ds.id = (u32)ktime_get_mono_fast_ns() ^ (u32)jiffies;
	/* Too many runs: join them across ever larger gaps. */
	for (ds.min_gap = 1; ; ds.min_gap *= 4) {
		err = dump_plan();
		if (err != -ENOSPC)
			break;
	}
	err = err ?: dump_layout();
	if (!err) {
		ds.tx.ops = &dump_tx_ops;
		ds.tx.total = ds.frames;
		ds.tx.window = DUMP_WINDOW;
		ds.tx.resend_ms = DUMP_RESEND_MS;
		ds.tx.hello_ms = DUMP_HELLO_MS;
		ds.tx.giveup_ms = DUMP_GIVEUP_MS;
		ds.start_ms = dump_now_ms();
		ds.last_progress_ms = ds.start_ms;
		err = dw_tx_run(&ds.tx);
		res->ms = dump_now_ms() - ds.start_ms;
	}
	res->err = err;
	res->file_size = ds.file_size;
	res->sent = min_t(u64, (u64)ds.tx.acked * DUMP_CHUNK, ds.file_size);
	res->pages = ds.pages;
	res->ram_pages = ds.ram_pages;
	memcpy(res->left_out, ds.left_out, sizeof(res->left_out));
	res->phdrs = ds.nruns + 1;
	res->min_gap = ds.min_gap;
	res->resent = ds.tx.resent;
	res->go_backs = ds.tx.go_backs;
	res->unreadable = ds.unreadable;
	res->line_bytes = ds.line_bytes;
	res->ram_truncated = dump_ram_truncated;
	return err;
}

/* --- at boot -------------------------------------------------------------- */

static int __init dump_add_ram(struct resource *res, void *arg)
{
	u64 start = PFN_UP(res->start), end = PHYS_PFN(res->end + 1);

	if (end <= start)
		return 0;
	if (dump_nr_ram == DUMP_RAM_MAX) {
		dump_ram_truncated = true;
		return 0;
	}
	dump_ram[dump_nr_ram].start = start;
	dump_ram[dump_nr_ram].end = end;
	dump_nr_ram++;
	return 0;
}

static int __init dbg_dump_init(void)
{
	walk_system_ram_res(0, U64_MAX, NULL, dump_add_ram);
	dump_runs = vmalloc(DUMP_RUNS_MAX * sizeof(*dump_runs));
	dump_hdr_max = PAGE_ALIGN(EC_EHDR_LEN +
				  (DUMP_RUNS_MAX + 2) * EC_PHDR_LEN +
				  dump_notes_max());
	dump_hdr = vmalloc(dump_hdr_max);
	if (!dump_runs || !dump_hdr) {
		vfree(dump_runs);
		vfree(dump_hdr);
		dump_runs = NULL;
		dump_hdr = NULL;
		pr_warn("dbg_dump: no memory for dump buffers\n");
	}
	return 0;
}
late_initcall(dbg_dump_init);
