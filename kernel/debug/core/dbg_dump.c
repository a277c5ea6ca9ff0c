// SPDX-License-Identifier: GPL-2.0
/*
 * The dump hook: the stopped machine's memory and every CPU's registers
 * as an ELF vmcore that gdb and crash open, sent over the debug line to
 * a receiver (kdbmon) with the protocol of dbg_dump_wire.h, or kept in a
 * RAM region reserved at boot (reserve_mem=SIZE:4096:dbgdump) that the
 * next kernel, after a warm reboot, offers as a file.
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
#include <linux/debugfs.h>
#include <linux/dbg_core.h>
#include <linux/delay.h>
#include <linux/elf.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/lz4.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/nmi.h>
#include <linux/page-flags.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/security.h>
#include <linux/string.h>
#include <linux/uaccess.h>
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
/* PT_LOADs for pages mapped outside the direct map (vmalloc, modules). */
#define DUMP_ALIAS_MAX		4096

/* Resend after this long without an ack; give up after the others. */
#define DUMP_RESEND_MS		2000
#define DUMP_HELLO_MS		5000
#define DUMP_GIVEUP_MS		15000
#define DUMP_WINDOW		32
#define DUMP_PROGRESS_MS	10000
#define DUMP_ALIVE_MS		1000
/* A clock that stands still this long is not counted on alone. */
#define DUMP_STILL_MS		100
/* The kernel log's note keeps the newest text that fits. */
#define DUMP_LOG_NOTE_MAX	(128 * 1024)

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

/*
 * Pages in the file that the kernel also maps outside the direct map
 * (vmalloc, vmap'ed stacks, modules): one more PT_LOAD each, pointing
 * at the same file bytes, since gdb reads only by virtual address.
 */
struct dump_alias {
	u64 vaddr;
	u64 pfn;
	u64 pages;
	bool in_file;	/* else pages left out, which read as zeros */
};

static struct dump_ram dump_ram[DUMP_RAM_MAX];
static struct dump_alias *dump_aliases;
/* The RAM target's region (none: dump_ram_base is NULL). */
static u8 *dump_ram_base;
/* A new dump went over the one the vmcore file reads. */
static bool dump_saved_stale;
static phys_addr_t dump_ram_phys;
static u64 dump_ram_size;
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
 * @naliases: PT_LOADs in dump_aliases
 * @phnum: program headers in all
 * @alias_pages: pages they map
 * @alias_zero: of those, pages left out (which read as zeros)
 * @alias_dropped: mapped pages left without one (dump_aliases full)
 * @hdr_len: bytes of ELF header, program headers and notes, page aligned
 * @file_size: bytes of the whole file
 * @hdr_frames: frames the header takes
 * @frames: frames of the whole transfer
 * @id: tells this transfer from others
 * @start_ms: when sending began
 * @last_progress_ms: when progress was last shown
 * @last_alive_ms: when the front-end was last told the dump goes on
 * @unreadable: pages that could not be read when sent (sent as zeros)
 * @compress: pages go LZ4-compressed when that is smaller
 * @line_bytes: bytes put on the line, frames sent again included
 * @clock_ms: the clock when dump_tx_now() last saw it move
 * @still_us: time spent waiting since then
 * @still_ms: waiting counted while the clock stood still, before that
 * @target: where it goes
 * @ram_used: bytes of records written to the RAM region
 * @tx: the sender
 */
struct dump_state {
	unsigned int level;
	unsigned int nruns;
	u64 min_gap;
	u64 pages;
	u64 left_out[DBG_DUMP_REASONS];
	u64 ram_pages;
	unsigned int naliases;
	unsigned int phnum;
	u64 alias_pages;
	u64 alias_zero;
	u64 alias_dropped;
	size_t hdr_len;
	u64 file_size;
	u32 hdr_frames;
	u32 frames;
	u32 id;
	u64 start_ms;
	u64 last_progress_ms;
	u64 last_alive_ms;
	u64 unreadable;
	bool compress;
	u64 line_bytes;
	u64 clock_ms;
	u64 still_us;
	u64 still_ms;
	enum dbg_dump_target target;
	u64 ram_used;
	struct dw_tx tx;
};

static struct dump_state ds;
static u8 dump_payload[DW_PAYLOAD_MAX];
static u8 dump_wire[DW_WIRE_MAX];
static u8 dump_page_buf[PAGE_SIZE];
static u8 dump_lz4_work[LZ4_MEM_COMPRESS] __aligned(8);
static char dump_info[VMCOREINFO_BYTES + 64];
static char dump_log_line[1024];

static const char *const dump_reason_names[DBG_DUMP_REASONS] = {
	[DBG_DUMP_R_ZERO] = "zero",
	[DBG_DUMP_R_CACHE] = "cache",
	[DBG_DUMP_R_CACHE_PRIVATE] = "private cache",
	[DBG_DUMP_R_USER] = "user",
	[DBG_DUMP_R_FREE] = "free",
	[DBG_DUMP_R_UNUSABLE] = "offline or poisoned",
	[DBG_DUMP_R_REGION] = "dump region",
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

/* Long work: the watchdog, and the front-end's user, told it goes on. */
static void dump_alive(void)
{
	u64 now = dump_now_ms();

	touch_nmi_watchdog();
	if (now - ds.last_alive_ms >= DUMP_ALIVE_MS) {
		ds.last_alive_ms = now;
		dbg_keepalive();
	}
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
	struct page *page, probe;
	struct folio *folio;
	unsigned int order;
	bool anon;

	*span = 1;
	/* The RAM target's region: the dump is written there. */
	if (dump_ram_base && pfn >= PHYS_PFN(dump_ram_phys) &&
	    pfn < PFN_UP(dump_ram_phys + dump_ram_size)) {
		*span = PFN_UP(dump_ram_phys + dump_ram_size) - pfn;
		return DBG_DUMP_R_REGION;
	}
	/* The kernel image always goes in: gdb reads its variables. */
	if (dump_in_kernel_image(pfn))
		return -1;
	if (!pfn_valid(pfn))
		return -1;
	page = pfn_to_page(pfn);
	/* The page and its head (a corrupt one after a bad panic) readable. */
	if (dbg_read_nofault(&probe, (unsigned long)page, sizeof(*page)) ||
	    dbg_read_nofault(&probe, (unsigned long)compound_head(page),
			     sizeof(*page)))
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
	/* A hugetlb folio keeps its poisoned subpages' list, not the flag. */
	if (folio_test_hugetlb(folio) && folio_test_hwpoison(folio))
		return DBG_DUMP_R_UNUSABLE;
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
	bool barrier;
	int why;

	ds.nruns = 0;
	ds.pages = 0;
	ds.ram_pages = 0;
	memset(ds.left_out, 0, sizeof(ds.left_out));
	for (i = 0; i < dump_nr_ram; i++) {
		/* An empty run first: the range's leading pages left out. */
		barrier = false;
		run_pfn = dump_ram[i].start;
		run_end = run_pfn;
		ds.ram_pages += dump_ram[i].end - dump_ram[i].start;
		for (pfn = dump_ram[i].start; pfn < dump_ram[i].end;
		     pfn += span) {
			if (!(++n & 4095))
				dump_alive();
			why = dump_left_out(pfn, ds.level, &span);
			span = min(span, dump_ram[i].end - pfn);
			if (why < 0 && (ds.level & DBG_DUMP_ZERO) &&
			    !dump_in_kernel_image(pfn) && dump_page_is_zero(pfn))
				why = DBG_DUMP_R_ZERO;
			if (why >= 0) {
				ds.left_out[why] += span;
				/* Never read, so never in a joined gap. */
				if (why == DBG_DUMP_R_UNUSABLE ||
				    why == DBG_DUMP_R_REGION)
					barrier = true;
				continue;
			}
			if (!barrier && run_end > run_pfn &&
			    pfn - run_end < ds.min_gap) {
				run_end = pfn + 1;
				continue;
			}
			if ((run_end > run_pfn || pfn > run_pfn) &&
			    dump_add_run(run_pfn, run_end, pfn))
				return -ENOSPC;
			run_pfn = pfn;
			run_end = pfn + 1;
			barrier = false;
		}
		if (dump_add_run(run_pfn, run_end, dump_ram[i].end))
			return -ENOSPC;
	}
	return 0;
}

/* --- the ELF header ---------------------------------------------------- */

/* The run holding @pfn, or NULL. */
/* The run whose pages in the file hold @pfn, or NULL. */
static struct dump_run *dump_run_of(u64 pfn)
{
	unsigned int lo = 0, hi = ds.nruns, mid;
	struct dump_run *r;

	/* Runs go up by pfn; an empty one sorts before its successor. */
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (dump_runs[mid].pfn <= pfn)
			lo = mid;
		else
			hi = mid;
	}
	r = ds.nruns ? &dump_runs[lo] : NULL;
	if (!r || pfn < r->pfn || pfn >= r->pfn + r->pages)
		return NULL;
	return r;
}

static bool dump_pfn_is_ram(u64 pfn)
{
	unsigned int i;

	for (i = 0; i < dump_nr_ram; i++)
		if (pfn >= dump_ram[i].start && pfn < dump_ram[i].end)
			return true;
	return false;
}

/* One page mapped at @vaddr: onto the last alias, or a new one. */
static void dump_alias_add(u64 vaddr, u64 pfn)
{
	const struct dump_run *r = dump_run_of(pfn);
	struct dump_alias *a = ds.naliases ?
			       &dump_aliases[ds.naliases - 1] : NULL;
	bool in_file = r;

	/* Not RAM (ioremap): nothing to read. */
	if (!in_file && !dump_pfn_is_ram(pfn))
		return;
	/* One PT_LOAD for what follows on in the same run of the file. */
	if (a && a->in_file == in_file &&
	    a->vaddr + (a->pages << PAGE_SHIFT) == vaddr &&
	    a->pfn + a->pages == pfn && (!in_file || a->pfn >= r->pfn)) {
		a->pages++;
	} else if (ds.naliases < DUMP_ALIAS_MAX) {
		a = &dump_aliases[ds.naliases++];
		a->vaddr = vaddr;
		a->pfn = pfn;
		a->pages = 1;
		a->in_file = in_file;
	} else {
		ds.alias_dropped++;
		return;
	}
	ds.alias_pages++;
	if (!in_file)
		ds.alias_zero++;
}

/* Every page the kernel maps in its vmalloc and module areas. */
static void dump_find_aliases(void)
{
	struct dbg_area areas[4];
	unsigned int i, n = dbg_arch_mapped_areas(areas, ARRAY_SIZE(areas));
	u64 addr, end, paddr, span, off;
	bool mapped;

	ds.naliases = 0;
	ds.alias_pages = 0;
	ds.alias_zero = 0;
	ds.alias_dropped = 0;
	for (i = 0; i < n; i++) {
		addr = areas[i].start;
		end = areas[i].end;
		while (addr < end) {
			dump_alive();
			mapped = !dbg_arch_kernel_map(addr, &paddr, &span);
			for (off = 0; mapped && off < span && off < end - addr;
			     off += PAGE_SIZE)
				dump_alias_add(addr + off,
					       PHYS_PFN(paddr + off));
			/* The last entry may reach the top of the space. */
			if (span >= end - addr)
				break;
			addr += span;
		}
	}
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
			if (reg >= 0 && dbg_reg_known(&r, reg))
				regs[i] = r.val[reg];
		}
	}
	/* gdb wants one thread id per note: idle tasks are all pid 0. */
	return t.pid > 0 ? t.pid : PID_MAX_LIMIT + cpu;
}

/* The newest records of the kernel log that fit in @cap bytes. */
static size_t dump_log_text(char *p, size_t cap)
{
	struct dbg_log_iter it;
	size_t len, total = 0, n = 0;

	dbg_log_rewind(&it);
	while (dbg_log_next(&it, dump_log_line, sizeof(dump_log_line), &len))
		total += len;
	dbg_log_rewind(&it);
	while (total > cap &&
	       dbg_log_next(&it, dump_log_line, sizeof(dump_log_line), &len))
		total -= len;
	while (dbg_log_next(&it, dump_log_line, sizeof(dump_log_line), &len) &&
	       n + len <= cap) {
		memcpy(p + n, dump_log_line, len);
		n += len;
	}
	return n;
}

static size_t dump_notes(u8 *p)
{
	u8 desc[EC_PRSTATUS_LEN];
	u64 regs[EC_PR_NREGS];
	size_t len = 0, n, at;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		ec_prstatus(desc, dump_cpu_regs(cpu, regs), regs);
		len += ec_note(p + len, "CORE", EC_NT_PRSTATUS, desc,
			       sizeof(desc));
	}
	/*
	 * A panic's task, which kexec's kdump does not say but crash reads.
	 * crash finds its value n_namesz bytes after the name, unrounded:
	 * the name's padding is counted in n_namesz so both agree.
	 */
	if (dbg_session.fatal && dbg_session.task) {
		u64 task = (unsigned long)dbg_session.task;

		n = ec_note(p + len, "CORE", EC_NT_TASKSTRUCT, &task,
			    sizeof(task));
		dw_put_le32(p + len, 8);
		len += n;
	}
	n = 0;
	if (vmcoreinfo_data && vmcoreinfo_size <= VMCOREINFO_BYTES) {
		memcpy(dump_info, vmcoreinfo_data, vmcoreinfo_size);
		n = vmcoreinfo_size;
	}
	n += scnprintf(dump_info + n, sizeof(dump_info) - n,
		       "CRASHTIME=%lld\n", ktime_get_real_seconds());
	len += ec_note(p + len, "VMCOREINFO", 0, dump_info, n);
	/* Text for a reader without a debugger, built where it goes. */
	at = ec_note_desc(EC_KDBG_NAME);
	n = dbg_transcript_copy(p + len + at, DBG_TRANSCRIPT_BYTES);
	len += ec_note_head(p + len, EC_KDBG_NAME, EC_NT_KDBG_CONSOLE, n);
	n = dump_log_text(p + len + at, DUMP_LOG_NOTE_MAX);
	len += ec_note_head(p + len, EC_KDBG_NAME, EC_NT_KDBG_LOG, n);
	return len;
}

static size_t dump_notes_max(void)
{
	return num_possible_cpus() * ec_note_len("CORE", EC_PRSTATUS_LEN) +
	       ec_note_len("CORE", sizeof(u64)) +
	       ec_note_len("VMCOREINFO", sizeof(dump_info)) +
	       ec_note_len(EC_KDBG_NAME, DBG_TRANSCRIPT_BYTES) +
	       ec_note_len(EC_KDBG_NAME, DUMP_LOG_NOTE_MAX);
}

/* Program headers and notes into dump_hdr; file offsets of the runs. */
static int dump_layout(void)
{
	u64 text_pfn = PHYS_PFN(__pa_symbol(_text));
	struct dump_run *image = dump_run_of(text_pfn);
	unsigned int phnum, i;
	size_t notes_off, notes_len, need;
	u64 off;
	u8 *ph;

	dump_find_aliases();
	phnum = 1 + ds.nruns + (image ? 1 : 0) + ds.naliases;
	notes_off = EC_EHDR_LEN + (size_t)phnum * EC_PHDR_LEN;

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
		ph += EC_PHDR_LEN;
	}
	for (i = 0; i < ds.naliases; i++) {
		const struct dump_alias *a = &dump_aliases[i];
		const struct dump_run *r = dump_run_of(a->pfn);
		u64 len = a->pages << PAGE_SHIFT;

		if (a->in_file)
			ec_phdr(ph, EC_PT_LOAD,
				r->file_off + ((a->pfn - r->pfn) << PAGE_SHIFT),
				a->vaddr, PFN_PHYS(a->pfn), len, len);
		else
			ec_phdr(ph, EC_PT_LOAD, 0, a->vaddr, PFN_PHYS(a->pfn),
				0, len);
		ph += EC_PHDR_LEN;
	}
	ds.phnum = phnum;
	ds.file_size = off;
	ds.hdr_frames = DIV_ROUND_UP(ds.hdr_len, DUMP_CHUNK);
	/* Frame numbers are 32 bits: 16 TiB of pages at most. */
	if (ds.pages > U32_MAX - 2 - ds.hdr_frames)
		return -E2BIG;
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

/*
 * The time the sender's bounds count: the clock, plus the time spent
 * waiting while the clock stood still for longer than DUMP_STILL_MS (a
 * jiffies clocksource stands still while stopped, and the bounds must
 * still end). Waiting is counted in udelay()s, which run short or long
 * under emulation: so only when the clock does not move at all.
 */
static u64 dump_tx_now(void *ctx)
{
	u64 now = dump_now_ms(), still = ds.still_us / USEC_PER_MSEC;
	u64 extra = still > DUMP_STILL_MS ? still - DUMP_STILL_MS : 0;

	if (now != ds.clock_ms) {
		ds.clock_ms = now;
		ds.still_us = 0;
		ds.still_ms += extra;
		extra = 0;
	}
	return now + ds.still_ms + extra;
}

static void dump_idle(void *ctx)
{
	dump_alive();
	udelay(20);
	ds.still_us += 20;
}

/* Console text between frames: kdbmon shows it, others see it. */
static void dump_progress(void *ctx, u32 acked)
{
	u64 now = dump_now_ms(), ms = now - ds.start_ms;
	u64 done = (u64)acked * DUMP_CHUNK, rate;
	char line[128];
	int n;

	dump_alive();
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

/* --- the RAM target -------------------------------------------------- */

/*
 * The region: a header, then from DUMP_RAM_DATA the frames as records
 * (type, length, payload, padded to 8 bytes), in file order. The header
 * is written last, its magic after everything else, so a dump cut short
 * (or the region's old contents) is never taken for a good one.
 */
#define DUMP_RAM_MAGIC		"KDBGDMP1"
#define DUMP_RAM_VERSION	1
#define DUMP_RAM_DATA		PAGE_SIZE
#define DUMP_REC_HDR		8
/* Pages whose contents change while a dump is made (buffers, stack). */
#define DUMP_RAM_SLACK		64

struct dump_ram_hdr {
	char magic[8];
	__le32 version;
	__le32 data_crc;	/* dw_crc32 of the records */
	__le64 data_len;	/* bytes of records */
	__le64 file_size;	/* bytes of the vmcore they make */
	__le64 time;		/* when, seconds since the epoch */
	__le32 records;
	__le32 hdr_crc;		/* dw_crc32 of the header up to here */
};

static char dump_ram_name[32] = "dbgdump";
module_param_string(ram_region, dump_ram_name, sizeof(dump_ram_name), 0444);
MODULE_PARM_DESC(ram_region, "name of the reserve_mem= region dumps go to (default dbgdump)");

/* A dump when a panic is about to reboot: the unattended box's record. */
static char dump_panic_target[8] = "none";
module_param_string(panic, dump_panic_target, sizeof(dump_panic_target),
		    0644);
MODULE_PARM_DESC(panic, "dump on panic: none (default), ram or serial");
static uint dump_panic_level = DBG_DUMP_ALL;
module_param_named(panic_level, dump_panic_level, uint, 0644);
MODULE_PARM_DESC(panic_level, "dump level on panic (default 31)");


static u64 dump_rec_len(u32 len)
{
	return ALIGN(DUMP_REC_HDR + len, 8);
}

/* Bytes of records the whole dump takes: each frame made, none stored. */
static u64 dump_ram_need(void)
{
	enum dw_type type;
	u64 need = 0;
	u32 seq;

	for (seq = 0; seq < ds.frames; seq++) {
		need += dump_rec_len(dump_make_frame(seq, &type));
		if (!(seq & 255))
			dump_alive();
	}
	return need;
}

static void dump_ram_progress(u32 seq)
{
	u64 now = dump_now_ms(), ms = now - ds.start_ms;
	u64 done = min_t(u64, (u64)seq * DUMP_CHUNK, ds.file_size);
	char line[128];
	int n;

	if (now - ds.last_progress_ms < DUMP_PROGRESS_MS / 2 || !ms)
		return;
	ds.last_progress_ms = now;
	n = scnprintf(line, sizeof(line),
		      "dump: %llu of %llu KiB into RAM, %llu KiB/s\n",
		      done >> 10, ds.file_size >> 10, (done * 1000 / ms) >> 10);
	dbg_message(line);
}

static int dump_to_ram(struct dbg_dump_result *res)
{
	struct dump_ram_hdr *h = (struct dump_ram_hdr *)dump_ram_base;
	u64 room = dump_ram_size - DUMP_RAM_DATA, off = 0, worst;
	enum dw_type type;
	u32 seq, len, crc = 0;
	u8 *rec;

	if (!dump_ram_base)
		return -ENODEV;
	res->ram_region = dump_ram_size;
	/* Uncompressed it surely fits; else count first, writing nothing. */
	worst = (u64)ds.frames * (DUMP_REC_HDR + 8 + 8) + ds.hdr_len +
		(ds.pages << PAGE_SHIFT) + DW_START_LEN + DW_END_LEN;
	if (worst > room) {
		/*
		 * Pages that change between the count and the writing (this
		 * code's buffers, the stack) may compress worse: room for
		 * them to be stored whole.
		 */
		res->ram_needed = dump_ram_need() + DUMP_RAM_DATA +
				  DUMP_RAM_SLACK * (PAGE_SIZE + 24);
		ds.unreadable = 0;
		if (res->ram_needed > dump_ram_size)
			return -ENOSPC;
		res->ram_needed = 0;
	}
	/* The old dump is gone from here on: never offer a half-new one. */
	dump_saved_stale = true;
	memset(h->magic, 0, sizeof(h->magic));
	for (seq = 0; seq < ds.frames; seq++) {
		len = dump_make_frame(seq, &type);
		if (off + dump_rec_len(len) > room)
			return -ENOSPC;
		rec = dump_ram_base + DUMP_RAM_DATA + off;
		rec[0] = type;
		rec[1] = 0;
		dw_put_le16(rec + 2, 0);
		dw_put_le32(rec + 4, len);
		memcpy(rec + DUMP_REC_HDR, dump_payload, len);
		memset(rec + DUMP_REC_HDR + len, 0,
		       dump_rec_len(len) - DUMP_REC_HDR - len);
		crc = dw_crc32(crc, rec, dump_rec_len(len));
		off += dump_rec_len(len);
		ds.ram_used = off;
		if (!(seq & 63)) {
			dump_alive();
			dump_ram_progress(seq);
		}
	}
	h->version = cpu_to_le32(DUMP_RAM_VERSION);
	h->data_crc = cpu_to_le32(crc);
	h->data_len = cpu_to_le64(off);
	h->file_size = cpu_to_le64(ds.file_size);
	h->time = cpu_to_le64(ktime_get_real_seconds());
	h->records = cpu_to_le32(ds.frames);
	h->hdr_crc = cpu_to_le32(dw_crc32(0, &h->version,
					  offsetof(struct dump_ram_hdr, hdr_crc) -
					  offsetof(struct dump_ram_hdr, version)));
	/*
	 * Everything else is in RAM, not only in this CPU's cache (a reset
	 * may drop it), before the magic says it is good; then the magic.
	 */
	dbg_arch_flush_dcache(dump_ram_base, DUMP_RAM_DATA + off);
	memcpy(h->magic, DUMP_RAM_MAGIC, sizeof(h->magic));
	dbg_arch_flush_dcache(h, sizeof(*h));
	return 0;
}

/* The dump a previous kernel left, as a file: its records' index. */
struct dump_rec_idx {
	u64 file_off;
	u64 data_off;		/* of the payload, from DUMP_RAM_DATA */
	u32 len;		/* of the payload */
	u8 type;
};

static struct dump_rec_idx *dump_saved;
static unsigned int dump_saved_nr;
static u64 dump_saved_size;
static DEFINE_MUTEX(dump_saved_lock);
static u8 dump_saved_page[DW_DATA_MAX];

static ssize_t dump_saved_read(struct file *file, char __user *buf,
			       size_t count, loff_t *ppos)
{
	const u8 *data = dump_ram_base + DUMP_RAM_DATA;
	size_t done = 0;
	ssize_t err = 0;

	mutex_lock(&dump_saved_lock);
	if (READ_ONCE(dump_saved_stale))
		err = -ESTALE;
	while (!err && done < count && *ppos < dump_saved_size) {
		unsigned int lo = 0, hi = dump_saved_nr;
		const struct dump_rec_idx *r;
		const u8 *src;
		int n;
		u64 at;
		size_t k;

		while (hi - lo > 1) {
			unsigned int mid = (lo + hi) / 2;

			if (dump_saved[mid].file_off <= *ppos)
				lo = mid;
			else
				hi = mid;
		}
		r = &dump_saved[lo];
		src = data + r->data_off + 8;
		n = r->len - 8;
		if (r->type == DW_DATA_LZ4) {
			n = dw_lz4_decode(src, n, dump_saved_page,
					  sizeof(dump_saved_page));
			src = dump_saved_page;
		}
		at = *ppos - r->file_off;
		if (n < 0 || at >= n) {
			err = -EIO;
			break;
		}
		k = min_t(u64, n - at, count - done);
		if (copy_to_user(buf + done, src + at, k)) {
			err = -EFAULT;
			break;
		}
		done += k;
		*ppos += k;
	}
	mutex_unlock(&dump_saved_lock);
	return done ? done : err;
}

/* The previous boot's memory: not while the kernel is locked down. */
static int dump_saved_open(struct inode *inode, struct file *file)
{
	int err = security_locked_down(LOCKDOWN_KCORE);

	return err ?: simple_open(inode, file);
}

static const struct file_operations dump_saved_fops = {
	.owner = THIS_MODULE,
	.open = dump_saved_open,
	.read = dump_saved_read,
	.llseek = default_llseek,
};

/* Is the region's header a good dump's? Returns its record bytes, or 0. */
static u64 __init dump_saved_check(void)
{
	const struct dump_ram_hdr *h = (const void *)dump_ram_base;
	u64 len = le64_to_cpu(h->data_len);
	u32 crc;

	if (memcmp(h->magic, DUMP_RAM_MAGIC, sizeof(h->magic)))
		return 0;
	crc = dw_crc32(0, &h->version, offsetof(struct dump_ram_hdr, hdr_crc) -
				       offsetof(struct dump_ram_hdr, version));
	if (crc != le32_to_cpu(h->hdr_crc) ||
	    le32_to_cpu(h->version) != DUMP_RAM_VERSION ||
	    len > dump_ram_size - DUMP_RAM_DATA ||
	    dw_crc32(0, dump_ram_base + DUMP_RAM_DATA, len) !=
	    le32_to_cpu(h->data_crc)) {
		pr_err("dbg_dump: the dump in RAM at %pa is damaged (checksum mismatch): not offered\n",
		       &dump_ram_phys);
		return 0;
	}
	return len;
}

/* Index the records of a good dump; their file offsets must be dense. */
static int __init dump_saved_index(u64 len)
{
	const struct dump_ram_hdr *h = (const void *)dump_ram_base;
	const u8 *data = dump_ram_base + DUMP_RAM_DATA;
	u64 off = 0, file_off = 0;
	unsigned int nr = 0;
	u64 max = min_t(u64, le32_to_cpu(h->records), len / DUMP_REC_HDR);
	u32 rlen;

	dump_saved = kvmalloc_array(max, sizeof(*dump_saved), GFP_KERNEL);
	if (!dump_saved)
		return -ENOMEM;
	while (off + DUMP_REC_HDR <= len && nr < max) {
		rlen = dw_get_le32(data + off + 4);
		if (rlen > len - off - DUMP_REC_HDR)
			break;
		if ((data[off] == DW_DATA || data[off] == DW_DATA_LZ4) &&
		    rlen >= 8) {
			if (dw_get_le64(data + off + DUMP_REC_HDR) != file_off)
				break;
			/* A compressed page must come out a page. */
			if (data[off] == DW_DATA_LZ4 &&
			    dw_lz4_decode(data + off + DUMP_REC_HDR + 8,
					  rlen - 8, dump_saved_page,
					  sizeof(dump_saved_page)) != PAGE_SIZE)
				break;
			dump_saved[nr].file_off = file_off;
			dump_saved[nr].data_off = off + DUMP_REC_HDR;
			dump_saved[nr].len = rlen;
			dump_saved[nr].type = data[off];
			file_off += data[off] == DW_DATA ? rlen - 8 : PAGE_SIZE;
			nr++;
		}
		off += dump_rec_len(rlen);
	}
	if (!nr || file_off != le64_to_cpu(h->file_size)) {
		pr_err("dbg_dump: the dump in RAM at %pa does not add up: not offered\n",
		       &dump_ram_phys);
		kvfree(dump_saved);
		dump_saved = NULL;
		return -EINVAL;
	}
	dump_saved_nr = nr;
	dump_saved_size = file_off;
	return 0;
}

static void __init dump_ram_init(void)
{
	phys_addr_t start, size;
	u64 len;

	if (!reserve_mem_find_by_name(dump_ram_name, &start, &size))
		return;
	if (size < 2 * DUMP_RAM_DATA) {
		pr_err("dbg_dump: RAM region %s is too small\n", dump_ram_name);
		return;
	}
	dump_ram_base = memremap(start, size, MEMREMAP_WB);
	if (!dump_ram_base)
		return;
	dump_ram_phys = start;
	dump_ram_size = size;
	pr_info("dbg_dump: dumps can go to RAM at %pa, %llu KiB (%s)\n",
		&start, (u64)size >> 10, dump_ram_name);
	len = dump_saved_check();
	if (!len || dump_saved_index(len))
		return;
	debugfs_create_file_size("vmcore", 0400,
				 debugfs_create_dir("dbg_dump", NULL), NULL,
				 &dump_saved_fops, dump_saved_size);
	pr_info("dbg_dump: a dump from the previous boot is in RAM: /sys/kernel/debug/dbg_dump/vmcore, %llu bytes\n",
		dump_saved_size);
}

/**
 * dbg_dump - write the stopped machine as an ELF vmcore
 * @level: DBG_DUMP_* bits: the kinds of page left out (31: all of them)
 * @target: where to (DBG_DUMP_SERIAL: to kdbmon on the debug line;
 *	DBG_DUMP_RAM: the RAM region reserved at boot)
 * @flags: DBG_DUMP_F_* (DBG_DUMP_F_RAW: pages not compressed)
 * @res: what happened, for the front-end to tell
 *
 * Only while stopped. Every CPU's registers come from its stop.
 *
 * Return: 0, or a negative errno (also in @res->err): -ENXIO no receiver
 * answered, -ETIMEDOUT the receiver stopped answering, -ECANCELED it
 * gave up, -ENOMEM no buffers were set aside at boot, -ENOSPC the
 * header does not fit or the dump not in the RAM region (nothing was
 * written then), -ENODEV no RAM region, -EINVAL bad level or target,
 * -EPERM lockdown.
 */
int dbg_dump(unsigned int level, enum dbg_dump_target target,
	     unsigned int flags, struct dbg_dump_result *res)
{
	int err;

	memset(res, 0, sizeof(*res));
	res->err = -EINVAL;
	if (level & ~DBG_DUMP_ALL || target > DBG_DUMP_RAM ||
	    flags & ~DBG_DUMP_F_RAW)
		return -EINVAL;
	res->err = -EPERM;
	if (dbg_session.deny & DBG_DENY_READ)
		return -EPERM;
	res->err = -ENOMEM;
	if (!dump_runs || !dump_hdr || !dump_nr_ram)
		return -ENOMEM;
	res->err = -ENODEV;
	if (target == DBG_DUMP_RAM && !dump_ram_base)
		return -ENODEV;
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
	ds.target = target;
	if (!err && target == DBG_DUMP_RAM) {
		ds.start_ms = dump_now_ms();
		ds.last_progress_ms = ds.start_ms;
		err = dump_to_ram(res);
		res->ms = dump_now_ms() - ds.start_ms;
	} else if (!err) {
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
	res->ram_used = ds.ram_used;
	res->pages = ds.pages;
	res->ram_pages = ds.ram_pages;
	memcpy(res->left_out, ds.left_out, sizeof(res->left_out));
	res->phdrs = ds.phnum;
	res->mapped_pages = ds.alias_pages;
	res->mapped_left_out = ds.alias_zero;
	res->mapped_left = ds.alias_dropped;
	res->min_gap = ds.min_gap;
	res->resent = ds.tx.resent;
	res->go_backs = ds.tx.go_backs;
	res->unreadable = ds.unreadable;
	res->line_bytes = ds.line_bytes;
	res->ram_truncated = dump_ram_truncated;
	return err;
}

/**
 * dbg_dump_panic_wanted - is a dump on panic asked for (dbg_dump.panic)?
 *
 * Return: true if a target is set.
 */
bool dbg_dump_panic_wanted(void)
{
	return !strcmp(dump_panic_target, "ram") ||
	       !strcmp(dump_panic_target, "serial");
}

static struct {
	enum dbg_dump_target target;
	struct dbg_dump_result *res;
} dump_panic_args;

static int dump_panic_call(void *arg)
{
	typeof(dump_panic_args) *a = arg;

	return dbg_dump(dump_panic_level & DBG_DUMP_ALL, a->target, 0,
			a->res);
}

/**
 * dbg_dump_panic - the dump a panic writes before the machine reboots
 *
 * Called by the core in a panic's stop, before any front-end runs. Says
 * on the console what it wrote, or why nothing.
 */
void dbg_dump_panic(void)
{
	enum dbg_dump_target target = strcmp(dump_panic_target, "ram") ?
				      DBG_DUMP_SERIAL : DBG_DUMP_RAM;
	struct dbg_dump_result r;
	char line[160];

	if (!dbg_dump_panic_wanted())
		return;
	dbg_message("dump: panic: writing a dump\n");
	dump_panic_args.target = target;
	dump_panic_args.res = &r;
	/* A fault (memory a panic left corrupt) abandons it, not the box. */
	if (dbg_call_protected(dump_panic_call, &dump_panic_args))
		r.err = r.err ?: -EFAULT;
	if (r.err)
		scnprintf(line, sizeof(line),
			  "dump: panic: no dump written (error %d)\n", r.err);
	else
		scnprintf(line, sizeof(line),
			  "dump: panic: %llu bytes written to %s\n",
			  r.file_size, target == DBG_DUMP_RAM ? "RAM" : "kdbmon");
	dbg_message(line);
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
	dump_aliases = vmalloc(DUMP_ALIAS_MAX * sizeof(*dump_aliases));
	dump_hdr_max = PAGE_ALIGN(EC_EHDR_LEN +
				  (DUMP_RUNS_MAX + 2 + DUMP_ALIAS_MAX) *
				  EC_PHDR_LEN + dump_notes_max());
	dump_hdr = vmalloc(dump_hdr_max);
	if (!dump_runs || !dump_hdr || !dump_aliases) {
		vfree(dump_runs);
		vfree(dump_hdr);
		vfree(dump_aliases);
		dump_runs = NULL;
		dump_hdr = NULL;
		dump_aliases = NULL;
		pr_warn("dbg_dump: no memory for dump buffers\n");
	}
	dump_ram_init();
	return 0;
}
late_initcall(dbg_dump_init);
