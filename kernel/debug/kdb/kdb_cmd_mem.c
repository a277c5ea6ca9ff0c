// SPDX-License-Identifier: GPL-2.0
/*
 * kdb memory commands: md, mdr, mdp, mds, mm, search, whatis, per_cpu.
 * Portable: memory is read and written through the debug core only.
 */

#include "kdb_env.h"
#include "kdb_private.h"

#define KDB_MD_MAX_LINES	4096
#define KDB_MDR_MAX		(1 << 20)
#define KDB_MDR_LINE		64
#define KDB_SEARCH_CHUNK	4096
#define KDB_SEARCH_PAT		256
#define KDB_SEARCH_SHOWN	64

static char kdb_line_buf[256];
static u8 kdb_md_data[KDB_MD_BYTES];

static int kdb_read(bool phys, u64 addr, void *buf, size_t len, size_t *done)
{
	return phys ? dbg_phys_read(addr, buf, len, done) :
		      dbg_mem_read(addr, buf, len, done);
}

static bool kdb_all_zero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static void kdb_md_zeros(unsigned int zeros)
{
	if (zeros > 1)
		kdb_printf("... %u more line%s of zeros\n", zeros - 1,
			   zeros > 2 ? "s" : "");
}

/* Print the md lines from @addr; returns 0 or KDB_ERR_REPORTED. */
static int kdb_md_show(const char *cmd, u64 addr, unsigned int lines,
		       u64 bytes)
{
	const char *prefix = kdb.md_phys ? "phys " : "";
	size_t per_line = kdb.md_symbolic ? 8 : KDB_MD_BYTES;
	unsigned int i, zeros = 0;
	size_t n, done;
	int err = 0;
	u64 v;

	for (i = 0; i < lines && !kdb_stopped(); i++) {
		n = per_line;
		if (bytes && bytes - (u64)i * per_line < n)
			n = bytes - (u64)i * per_line;
		err = kdb_read(kdb.md_phys, addr, kdb_md_data, n, &done);
		if (err)
			n = done;
		if (!n)
			break;
		if (!err && n == KDB_MD_BYTES &&
		    kdb_all_zero(kdb_md_data, n)) {
			/* A run of zero lines: show the first, count the rest. */
			if (zeros++) {
				addr += n;
				continue;
			}
		} else {
			kdb_md_zeros(zeros);
			zeros = 0;
		}
		if (kdb.md_symbolic) {
			v = kdb_fmt_get(kdb_md_data, 8);
			kdb_printf("%s0x%016llx 0x%016llx %s\n", prefix, addr,
				   v, kdb_has_sym(v) ? kdb_sym(v) : "");
		} else {
			kdb_fmt_md_line(kdb_line_buf, sizeof(kdb_line_buf),
					prefix, addr, kdb_md_data, n,
					kdb.md_width, kdb.md_radix);
			kdb_printf("%s\n", kdb_line_buf);
		}
		addr += n;
		if (err)
			break;
	}
	kdb_md_zeros(zeros);
	kdb.md_next = addr;
	if (err)
		return kdb_error(cmd, "%s0x%llx: %s", prefix, addr,
				 kdb_errstr(err));
	return 0;
}

/**
 * kdb_cmd_md - md, mdWcN, mdp, mds: show memory
 * @argc: words
 * @argv: md[W][cN] [addr [lines [radix]]]
 *
 * Return: 0 or an error.
 */
int kdb_cmd_md(int argc, char **argv)
{
	const char *base = !strncmp(argv[0], "mdp", 3) ? "mdp" :
			   !strcmp(argv[0], "mds") ? "mds" : "md";
	unsigned int width, count, lines, radix;
	bool keep_width = argv[0][strlen(base)] == '0';
	u64 addr, v, bytes = 0;
	int err;

	if (kdb_parse_md_name(argv[0], base, &width, &count) || argc > 4)
		return KDB_ERR_USAGE;
	if (argc == 1) {
		/* Go on from where the last md stopped, as it was. */
		if (!kdb.md_next)
			return kdb_error(argv[0], "no address given yet");
		if (kdb.md_symbolic != !strcmp(base, "mds") ||
		    kdb.md_phys != !strcmp(base, "mdp"))
			return kdb_error(argv[0], "give an address");
		return kdb_md_show(argv[0], kdb.md_next, kdb.md_lines, 0);
	}
	radix = kdb_env_get_num("RADIX", 16);
	lines = kdb_env_get_num("MDCOUNT", 8);
	if (!width)
		width = keep_width && kdb.md_width ? kdb.md_width :
			kdb_env_get_num("BYTESPERWORD", 8);
	err = kdb_arg_addr(argv[0], argv[1], &addr);
	if (err)
		return err;
	if (argc > 2) {
		err = kdb_arg_num(argv[0], argv[2], 1, KDB_MD_MAX_LINES, &v);
		if (err)
			return err;
		lines = v;
	}
	if (argc > 3) {
		err = kdb_arg_addr(argv[0], argv[3], &v);
		if (err)
			return err;
		if (v != 8 && v != 10 && v != 16)
			return kdb_error(argv[0], "radix must be 8, 10 or 16");
		radix = v;
	}
	if (radix != 8 && radix != 10 && radix != 16)
		radix = 16;
	if (width != 1 && width != 2 && width != 4 && width != 8)
		width = 8;
	if (!strcmp(base, "mds"))
		width = 8;
	if (count) {
		bytes = (u64)count * width;
		lines = (bytes + KDB_MD_BYTES - 1) / KDB_MD_BYTES;
		if (lines > KDB_MD_MAX_LINES)
			return kdb_error(argv[0], "count too large (at most %u lines)",
					 KDB_MD_MAX_LINES);
	}
	kdb.md_phys = !strcmp(base, "mdp");
	kdb.md_symbolic = !strcmp(base, "mds");
	kdb.md_width = width;
	kdb.md_radix = radix;
	kdb.md_lines = lines;
	addr &= ~(u64)(width - 1);
	return kdb_md_show(argv[0], addr, lines, bytes);
}

/**
 * kdb_cmd_mdr - show memory as raw hex bytes, 64 a line
 * @argc: words
 * @argv: mdr addr bytes
 *
 * Return: 0 or an error.
 */
int kdb_cmd_mdr(int argc, char **argv)
{
	u64 addr, len, off;
	size_t n, done, i;
	int err, out;

	if (argc == 1) {
		/* An empty line: the next bytes, as many as last time. */
		if (!kdb.mdr_len)
			return kdb_error(argv[0], "no address given yet");
		addr = kdb.md_next;
		len = kdb.mdr_len;
	} else if (argc == 3) {
		err = kdb_arg_addr(argv[0], argv[1], &addr);
		if (!err)
			err = kdb_arg_num(argv[0], argv[2], 1, KDB_MDR_MAX,
					  &len);
		if (err)
			return err;
	} else {
		return KDB_ERR_USAGE;
	}
	kdb.mdr_len = len;
	for (off = 0; off < len && !kdb_stopped(); off += n) {
		n = min_t(u64, len - off, KDB_MDR_LINE);
		err = dbg_mem_read(addr + off, kdb_line_buf, n, &done);
		for (i = 0, out = 0; i < done; i++)
			out += scnprintf(kdb_line_buf + KDB_MDR_LINE + out,
					 sizeof(kdb_line_buf) - KDB_MDR_LINE - out,
					 "%02x", (u8)kdb_line_buf[i]);
		if (done)
			kdb_printf("%.*s\n", out, kdb_line_buf + KDB_MDR_LINE);
		if (err)
			return kdb_error(argv[0], "0x%llx: %s", addr + off + done,
					 kdb_errstr(err));
	}
	kdb.md_next = addr + len;
	return 0;
}

/**
 * kdb_cmd_mm - change memory
 * @argc: words
 * @argv: mm[W] addr value
 *
 * Return: 0 or an error.
 */
int kdb_cmd_mm(int argc, char **argv)
{
	unsigned int width, count;
	u64 addr, val, old = 0;
	u8 bytes[8];
	unsigned int i;
	int err;

	if (kdb_parse_md_name(argv[0], "mm", &width, &count) || count ||
	    argc != 3)
		return KDB_ERR_USAGE;
	if (!width)
		width = kdb_env_get_num("BYTESPERWORD", 8);
	if (width != 1 && width != 2 && width != 4 && width != 8)
		width = 8;
	err = kdb_arg_addr(argv[0], argv[1], &addr);
	if (!err)
		err = kdb_arg_addr(argv[0], argv[2], &val);
	if (err)
		return err;
	if (width < 8 && val >> (8 * width))
		return kdb_error(argv[0], "0x%llx does not fit in %u byte%s",
				 val, width, width > 1 ? "s" : "");
	err = dbg_mem_read(addr, bytes, width, NULL);
	if (err)
		return kdb_error(argv[0], "0x%llx: %s", addr, kdb_errstr(err));
	old = kdb_fmt_get(bytes, width);
	for (i = 0; i < width; i++)
		bytes[i] = val >> (8 * i);
	err = dbg_mem_write(addr, bytes, width, NULL);
	if (err)
		return kdb_error(argv[0], "0x%llx: %s", addr, kdb_errstr(err));
	kdb_printf("0x%016llx = 0x%0*llx (was 0x%0*llx)\n", addr, 2 * width,
		   val, 2 * width, old);
	return 0;
}

static u8 kdb_search_buf[KDB_SEARCH_CHUNK + KDB_SEARCH_PAT];
static u8 kdb_search_pat[KDB_SEARCH_PAT];

/**
 * kdb_cmd_search - find a value or a string in memory
 * @argc: words
 * @argv: search[W] start len value, or search start len "text"
 *
 * Values are matched at W-aligned addresses (W defaults to 8); a quoted
 * text is matched at any byte. Unmapped pages are skipped and counted.
 *
 * Return: 0 or an error.
 */
int kdb_cmd_search(int argc, char **argv)
{
	unsigned int width, count, shown = 0, skipped = 0;
	size_t plen, keep = 0, done, i, total;
	u64 start, len, val, off, chunk;
	bool text = kdb.quoted & BIT(3);
	int err;

	if (kdb_parse_md_name(argv[0], "search", &width, &count) || count ||
	    argc != 4)
		return KDB_ERR_USAGE;
	if (text && width)
		return kdb_error(argv[0], "a width applies to values, not to a quoted text");
	if (!width)
		width = 8;
	err = kdb_arg_addr(argv[0], argv[1], &start);
	if (!err)
		err = kdb_arg_num(argv[0], argv[2], 1, 1ULL << 40, &len);
	if (err)
		return err;
	if (text) {
		plen = strlen(argv[3]);
		if (!plen || plen > KDB_SEARCH_PAT)
			return kdb_error(argv[0], "text must be 1..%d bytes",
					 KDB_SEARCH_PAT);
		memcpy(kdb_search_pat, argv[3], plen);
	} else {
		err = kdb_arg_addr(argv[0], argv[3], &val);
		if (err)
			return err;
		if (width < 8 && val >> (8 * width))
			return kdb_error(argv[0], "0x%llx does not fit in %u bytes",
					 val, width);
		plen = width;
		for (i = 0; i < width; i++)
			kdb_search_pat[i] = val >> (8 * i);
		start &= ~(u64)(width - 1);
	}
	for (off = 0; off < len; off += chunk) {
		if (kdb_interrupted())
			break;
		/* Whole pages, so an unmapped one is skipped whole. */
		chunk = KDB_SEARCH_CHUNK - ((start + off) % KDB_SEARCH_CHUNK);
		if (chunk > len - off)
			chunk = len - off;
		err = dbg_mem_read(start + off, kdb_search_buf + keep, chunk,
				   &done);
		if (err && !done) {
			if (err == -EPERM || err == -EACCES || err == -ENXIO)
				return kdb_error(argv[0], "0x%llx: %s",
						 start + off, kdb_errstr(err));
			skipped++;
			keep = 0;
			continue;
		}
		for (i = 0; i + plen <= keep + done; i += text ? 1 : width) {
			if (memcmp(kdb_search_buf + i, kdb_search_pat, plen))
				continue;
			if (++shown > KDB_SEARCH_SHOWN) {
				kdb_printf("... stopped after %d matches; search again from 0x%llx\n",
					   KDB_SEARCH_SHOWN,
					   start + off - keep + i);
				return 0;
			}
			kdb_printf("0x%016llx %s\n", start + off - keep + i,
				   kdb_sym(start + off - keep + i));
		}
		if (err) {
			skipped++;
			keep = 0;
			continue;
		}
		/* A text may cross into the next chunk: carry its start. */
		total = keep + done;
		keep = text ? min(plen - 1, total) : 0;
		memmove(kdb_search_buf, kdb_search_buf + total - keep, keep);
	}
	kdb_printf("%u match%s%s", shown, shown == 1 ? "" : "es",
		   skipped ? "" : "\n");
	if (skipped)
		kdb_printf("; %u unmapped page%s skipped\n", skipped,
			   skipped == 1 ? "" : "s");
	return 0;
}

static struct dbg_whatis kdb_whatis_buf;

/**
 * kdb_cmd_whatis - tell what an address belongs to
 * @argc: words
 * @argv: whatis addr
 *
 * Return: 0 or an error.
 */
int kdb_cmd_whatis(int argc, char **argv)
{
	struct dbg_whatis *w = &kdb_whatis_buf;
	u64 addr;
	int err;

	if (argc != 2)
		return KDB_ERR_USAGE;
	err = kdb_arg_addr(argv[0], argv[1], &addr);
	if (err)
		return err;
	err = dbg_whatis(addr, w);
	if (err)
		return kdb_core_error(argv[0], argv[1], err);
	kdb_printf("0x%016llx: %s", addr, w->region);
	if (w->what & DBG_WHAT_PHYS)
		kdb_printf(", phys 0x%llx (pfn 0x%llx)", w->phys, w->pfn);
	kdb_printf("%s\n", w->what & DBG_WHAT_MAPPED ? "" : ", not mapped");
	if (w->what & DBG_WHAT_SYMBOL)
		kdb_printf("  in symbol %s+0x%llx/0x%llx%s%s%s\n", w->sym.name,
			   w->sym.offset, w->sym.size,
			   w->sym.module[0] ? " [" : "", w->sym.module,
			   w->sym.module[0] ? "]" : "");
	if (w->what & DBG_WHAT_PERCPU)
		kdb_printf("  in the per-CPU area of CPU %d\n", w->percpu_cpu);
	if (w->what & DBG_WHAT_SLAB)
		kdb_printf("  in a slab object of cache %s: object 0x%llx, +0x%llx of %llu bytes\n",
			   w->slab_cache[0] ? w->slab_cache : "?", w->slab_obj,
			   addr - w->slab_obj, w->slab_size);
	if (w->what & DBG_WHAT_STACK) {
		if (w->stack.type == DBG_STACK_TASK)
			kdb_printf("  on the kernel stack of pid %d (%s)",
				   w->stack.pid, w->stack.comm);
		else
			kdb_printf("  on the %s stack of CPU %d",
				   dbg_stack_name(w->stack.type), w->stack.cpu);
		kdb_printf(", 0x%llx below its top (stack 0x%llx-0x%llx)\n",
			   w->stack.base + w->stack.size - addr, w->stack.base,
			   w->stack.base + w->stack.size);
	}
	return 0;
}

/**
 * kdb_cmd_per_cpu - show every CPU's copy of a per-CPU variable
 * @argc: words
 * @argv: per_cpu sym [bytes [cpu]]
 *
 * Return: 0 or an error.
 */
int kdb_cmd_per_cpu(int argc, char **argv)
{
	unsigned int cpu, first = 0, last = dbg_nr_cpus() - 1;
	u64 sym, bytes = 8, addr;
	u8 data[8];
	int err;

	if (argc < 2 || argc > 4)
		return KDB_ERR_USAGE;
	err = kdb_arg_addr(argv[0], argv[1], &sym);
	if (!err && argc > 2)
		err = kdb_arg_num(argv[0], argv[2], 1, 8, &bytes);
	if (err)
		return err;
	if (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8)
		return kdb_error(argv[0], "bytes must be 1, 2, 4 or 8");
	if (argc > 3) {
		err = kdb_arg_cpu(argv[0], argv[3], &first);
		if (err)
			return err;
		last = first;
	}
	for (cpu = first; cpu <= last && !kdb_stopped(); cpu++) {
		if (dbg_per_cpu_addr(sym, cpu, &addr))
			continue;
		err = dbg_mem_read(addr, data, bytes, NULL);
		if (err)
			kdb_printf("  [%u] 0x%016llx: %s\n", cpu, addr,
				   kdb_errstr(err));
		else
			kdb_printf("  [%u] 0x%016llx = 0x%0*llx\n", cpu, addr,
				   (int)(2 * bytes),
				   kdb_fmt_get(data, bytes));
	}
	return 0;
}
