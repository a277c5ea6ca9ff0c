// SPDX-License-Identifier: GPL-2.0
/*
 * An ELF vmcore as the kdump-compressed ("KDUMP   ", diskdump) format
 * that crash reads and makedumpfile writes: the small file, asked for
 * with kdbmon --kdump (or --to-kdump IN OUT). Pages are zlib-compressed
 * one by one, pages of zeros share one copy.
 *
 * The ELF is the dump hook's (dbg_dump.c): one PT_NOTE, then PT_LOADs
 * whose p_memsz may run past p_filesz (pages left out, which read as
 * zeros). Those pages are written as zero pages here, so both files
 * read the same; only the RAM between ranges is a hole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <zlib.h>

#include "km_kdump.h"

#define BLOCK		4096
#define HDR_VERSION	6
#define COMPRESSED_ZLIB	0x1
#define SUB_HDR_LEN	104
#define DESC_LEN	24
#define NOTES_AT	512	/* in the sub-header's block */

struct elf_load {
	uint64_t offset, paddr, filesz, memsz;
};

struct km_elf {
	FILE *f;
	uint8_t *notes;
	uint64_t notes_len;
	struct elf_load *loads;
	unsigned int nloads;
	uint64_t max_pfn;
	unsigned int ncpus;
	const uint8_t *info;	/* VMCOREINFO text, in notes */
	uint64_t info_off;	/* its offset in notes */
	uint32_t info_len;
	/* The debugger's text notes, by type (dbg_elfcore.h's "KDBG"). */
	const uint8_t *text[KM_TEXT_NOTES + 1];
	uint32_t text_len[KM_TEXT_NOTES + 1];
};

static const char *const text_suffix[KM_TEXT_NOTES + 1] = {
	[1] = ".console.txt", [2] = ".dmesg.txt",
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void put(uint8_t *p, uint64_t v, int n)
{
	while (n--) {
		*p++ = v;
		v >>= 8;
	}
}

static int read_at(FILE *f, uint64_t off, void *buf, size_t len)
{
	return fseeko(f, off, SEEK_SET) || fread(buf, 1, len, f) != len ?
	       -1 : 0;
}

/* The notes: count NT_PRSTATUS, find VMCOREINFO's text. */
static int scan_notes(struct km_elf *e, char *err, size_t errlen)
{
	uint64_t off = 0;

	while (off + 12 <= e->notes_len) {
		const uint8_t *n = e->notes + off;
		uint32_t namesz = le(n, 4), descsz = le(n + 4, 4);
		uint32_t type = le(n + 8, 4);
		uint64_t name_pad = (namesz + 3) & ~3u;
		uint64_t desc_pad = ((uint64_t)descsz + 3) & ~3ull;

		if (12 + name_pad + desc_pad > e->notes_len - off)
			return fail(err, errlen, "a note runs past the notes");
		if (namesz == 5 && !memcmp(n + 12, "CORE", 5) && type == 1)
			e->ncpus++;
		if (namesz == 5 && !memcmp(n + 12, "KDBG", 5) && type >= 1 &&
		    type <= KM_TEXT_NOTES) {
			e->text[type] = n + 12 + name_pad;
			e->text_len[type] = descsz;
		}
		if (namesz == 11 && !memcmp(n + 12, "VMCOREINFO", 11)) {
			e->info_off = off + 12 + name_pad;
			e->info = e->notes + e->info_off;
			e->info_len = descsz;
		}
		off += 12 + name_pad + desc_pad;
	}
	if (!e->info)
		return fail(err, errlen, "no VMCOREINFO note");
	return 0;
}

static int read_elf(struct km_elf *e, const char *path, uint64_t max_pfn,
		    char *err, size_t errlen)
{
	uint8_t eh[64], ph[56];
	unsigned int i, phnum;

	e->f = fopen(path, "rb");
	if (!e->f)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	if (read_at(e->f, 0, eh, sizeof(eh)) || memcmp(eh, "\177ELF\2\1", 6) ||
	    le(eh + 16, 2) != 4 || le(eh + 18, 2) != 62)
		return fail(err, errlen, "%s: not an x86-64 ELF core file", path);
	phnum = le(eh + 56, 2);
	e->loads = calloc(phnum, sizeof(*e->loads));
	if (!e->loads)
		return fail(err, errlen, "out of memory");
	for (i = 0; i < phnum; i++) {
		uint64_t type, off, filesz, memsz, paddr;

		if (read_at(e->f, le(eh + 32, 8) + 56ull * i, ph, sizeof(ph)))
			return fail(err, errlen, "%s: program headers cut short",
				    path);
		type = le(ph, 4);
		off = le(ph + 8, 8);
		paddr = le(ph + 24, 8);
		filesz = le(ph + 32, 8);
		memsz = le(ph + 40, 8);
		if (type == 4 && !e->notes) {
			if (filesz > (64 << 20))
				return fail(err, errlen, "notes too large");
			e->notes = malloc(filesz ? filesz : 1);
			e->notes_len = filesz;
			if (!e->notes || read_at(e->f, off, e->notes, filesz))
				return fail(err, errlen, "%s: cannot read the notes",
					    path);
		} else if (type == 1 && memsz && filesz <= memsz &&
			   !(paddr % BLOCK) && !(memsz % BLOCK) &&
			   paddr < (1ull << 52) && memsz < (1ull << 52)) {
			e->loads[e->nloads++] = (struct elf_load){
				off, paddr, filesz, memsz };
			if ((paddr + memsz) / BLOCK > e->max_pfn)
				e->max_pfn = (paddr + memsz) / BLOCK;
		}
	}
	if (!e->notes)
		return fail(err, errlen, "%s: no PT_NOTE", path);
	if (!e->nloads)
		return fail(err, errlen, "%s: no usable PT_LOAD", path);
	if (e->max_pfn > max_pfn)
		return fail(err, errlen, "%s: memory beyond %llu GiB", path,
			    (unsigned long long)(max_pfn * BLOCK >> 30));
	return scan_notes(e, err, errlen);
}

/* A VMCOREINFO value: "KEY=value\n". */
static int info_value(const struct km_elf *e, const char *key, char *out,
		      size_t size)
{
	size_t klen = strlen(key), i = 0;

	while (i < e->info_len) {
		const char *line = (const char *)e->info + i;
		size_t n = 0;

		while (i + n < e->info_len && line[n] != '\n')
			n++;
		if (n > klen && !memcmp(line, key, klen) && line[klen] == '=') {
			n -= klen + 1;
			if (n >= size)
				n = size - 1;
			memcpy(out, line + klen + 1, n);
			out[n] = '\0';
			return 0;
		}
		i += n + 1;
	}
	return -1;
}

/* The PT_LOAD with @pfn's file bytes, or NULL (it reads as zeros). */
static const struct elf_load *load_of(const struct km_elf *e, uint64_t pfn,
				      bool *in_ram)
{
	uint64_t pa = pfn * BLOCK;
	unsigned int i;

	*in_ram = false;
	for (i = 0; i < e->nloads; i++) {
		const struct elf_load *l = &e->loads[i];

		if (pa < l->paddr || pa >= l->paddr + l->memsz)
			continue;
		*in_ram = true;
		if (pa < l->paddr + l->filesz)
			return l;
	}
	return NULL;
}

static void set_bit64(uint8_t *map, uint64_t bit)
{
	map[bit / 8] |= 1 << (bit % 8);
}

/**
 * km_kdump_convert - write the ELF vmcore @in as kdump-compressed @out
 * @in: the ELF file
 * @out: the file to write
 * @level: the dump level to record
 * @max_pfn: refuse a file whose memory reaches beyond this page frame
 * @err: a one-line reason on failure
 * @errlen: room in @err
 *
 * Return: 0, or -1 with @err set.
 */
int km_kdump_convert(const char *in, const char *out, int level,
		     uint64_t max_pfn, char *err, size_t errlen)
{
	struct km_elf e = { 0 };
	uint8_t *bitmap = NULL, *page = NULL, *zbuf = NULL;
	uint8_t hdr[BLOCK], sub[SUB_HDR_LEN], zero_desc[DESC_LEN];
	uint64_t max_mapnr, bitmap_len, pfn, ndesc = 0, data_off, desc_off;
	uint64_t sub_blocks, k;
	uLongf zlen;
	int o = -1;
	char val[80];
	struct timeval tv;
	int rc = -1;
	bool in_ram, zero_written = false;

	if (read_elf(&e, in, max_pfn, err, errlen))
		goto out;
	max_mapnr = e.max_pfn;
	bitmap_len = ((max_mapnr + 7) / 8 + BLOCK - 1) / BLOCK * BLOCK;
	bitmap = calloc(2, bitmap_len);
	page = malloc(BLOCK);
	zbuf = malloc(compressBound(BLOCK));
	if (!bitmap || !page || !zbuf) {
		fail(err, errlen, "out of memory");
		goto out;
	}
	for (pfn = 0; pfn < max_mapnr; pfn++) {
		load_of(&e, pfn, &in_ram);
		if (in_ram) {
			set_bit64(bitmap, pfn);
			set_bit64(bitmap + bitmap_len, pfn);
			ndesc++;
		}
	}
	o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (o < 0) {
		fail(err, errlen, "%s: %s", out, strerror(errno));
		goto out;
	}
	sub_blocks = (NOTES_AT + e.notes_len + BLOCK - 1) / BLOCK;
	desc_off = BLOCK * (1 + sub_blocks) + 2 * bitmap_len;
	data_off = desc_off + ndesc * DESC_LEN;

	/* Page data after the descriptors, each written as its page is. */
	k = 0;
	for (pfn = 0; pfn < max_mapnr; pfn++) {
		const struct elf_load *l = load_of(&e, pfn, &in_ram);
		uint8_t d[DESC_LEN];
		uint32_t size, flags = 0;
		const uint8_t *src = page;
		bool zero;

		if (!in_ram)
			continue;
		if (l) {
			if (read_at(e.f, l->offset + pfn * BLOCK - l->paddr, page,
				    BLOCK)) {
				fail(err, errlen, "%s: page data cut short", in);
				goto out;
			}
		} else {
			memset(page, 0, BLOCK);
		}
		/* Pages of zeros: one copy for all of them. */
		zero = !page[0] && !memcmp(page, page + 1, BLOCK - 1);
		if (zero && zero_written) {
			if (pwrite(o, zero_desc, DESC_LEN,
				   desc_off + k++ * DESC_LEN) != DESC_LEN)
				goto io;
			continue;
		}
		zlen = compressBound(BLOCK);
		size = BLOCK;
		if (compress2(zbuf, &zlen, page, BLOCK, 1) == Z_OK &&
		    zlen < BLOCK) {
			src = zbuf;
			size = zlen;
			flags = COMPRESSED_ZLIB;
		}
		if (pwrite(o, src, size, data_off) != (ssize_t)size)
			goto io;
		put(d, data_off, 8);
		put(d + 8, size, 4);
		put(d + 12, flags, 4);
		put(d + 16, 0, 8);
		data_off += size;
		if (pwrite(o, d, DESC_LEN, desc_off + k++ * DESC_LEN) != DESC_LEN)
			goto io;
		if (zero) {
			memcpy(zero_desc, d, DESC_LEN);
			zero_written = true;
		}
	}

	/* The header, block 0. */
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, "KDUMP   ", 8);
	put(hdr + 8, HDR_VERSION, 4);
	memcpy(hdr + 12, "Linux", 5);
	memcpy(hdr + 12 + 65, "(none)", 6);
	if (!info_value(&e, "OSRELEASE", val, sizeof(val)))
		memcpy(hdr + 12 + 2 * 65, val, strnlen(val, 64));
	memcpy(hdr + 12 + 4 * 65, "x86_64", 6);
	gettimeofday(&tv, NULL);
	if (!info_value(&e, "CRASHTIME", val, sizeof(val)))
		tv.tv_sec = strtoll(val, NULL, 10);
	put(hdr + 408, tv.tv_sec, 8);
	put(hdr + 416, 0, 8);
	put(hdr + 424, COMPRESSED_ZLIB, 4);
	put(hdr + 428, BLOCK, 4);
	put(hdr + 432, sub_blocks, 4);
	put(hdr + 436, 2 * bitmap_len / BLOCK, 4);
	put(hdr + 440, max_mapnr > 0xffffffffu ? 0xffffffffu : max_mapnr, 4);
	put(hdr + 444, ndesc, 4);
	put(hdr + 448, 0, 4);
	put(hdr + 452, ndesc, 4);
	put(hdr + 456, 0, 4);
	put(hdr + 460, e.ncpus, 4);

	/* The sub-header, block 1, and the notes after it. */
	memset(sub, 0, sizeof(sub));
	if (!info_value(&e, "NUMBER(phys_base)", val, sizeof(val)))
		put(sub, (uint64_t)strtoll(val, NULL, 10), 8);
	put(sub + 8, level, 4);
	put(sub + 32, BLOCK + NOTES_AT + e.info_off, 8);
	put(sub + 40, e.info_len, 8);
	put(sub + 48, BLOCK + NOTES_AT, 8);
	put(sub + 56, e.notes_len, 8);
	put(sub + 80, 0, 8);
	put(sub + 88, max_mapnr, 8);
	put(sub + 96, max_mapnr, 8);
	if (pwrite(o, hdr, BLOCK, 0) != BLOCK ||
	    pwrite(o, sub, SUB_HDR_LEN, BLOCK) != SUB_HDR_LEN ||
	    pwrite(o, e.notes, e.notes_len, BLOCK + NOTES_AT) !=
	    (ssize_t)e.notes_len ||
	    pwrite(o, bitmap, 2 * bitmap_len, BLOCK * (1 + sub_blocks)) !=
	    (ssize_t)(2 * bitmap_len))
		goto io;
	if (close(o)) {
		o = -1;
		goto io;
	}
	o = -1;
	rc = 0;
	goto out;
io:
	fail(err, errlen, "%s: %s", out, strerror(errno));
out:
	if (o >= 0)
		close(o);
	if (e.f)
		fclose(e.f);
	free(e.notes);
	free(e.loads);
	free(bitmap);
	free(page);
	free(zbuf);
	return rc;
}

/**
 * km_text_suffix - what a text note's file name ends in
 * @type: the note's type, 1 to KM_TEXT_NOTES
 *
 * Return: ".console.txt" or ".dmesg.txt"; "" for another type.
 */
const char *km_text_suffix(int type)
{
	return type >= 1 && type <= KM_TEXT_NOTES ? text_suffix[type] : "";
}

/**
 * km_elf_text - write a dump's text notes out as files
 * @in: the ELF vmcore
 * @base: the files are @base.console.txt (what kdb showed) and
 *	@base.dmesg.txt (the kernel log)
 * @max_pfn: memory the file may describe
 * @err: why not, on failure
 * @errlen: size of @err
 *
 * Return: which were written, bit N for note type N (km_text_suffix());
 * 0 if the dump has no text; -1 on failure.
 */
int km_elf_text(const char *in, const char *base, uint64_t max_pfn,
		char *err, size_t errlen)
{
	struct km_elf e = { 0 };
	char path[4096];
	int type, n = 0;
	FILE *f;

	if (read_elf(&e, in, max_pfn, err, errlen)) {
		n = -1;
		goto out;
	}
	for (type = 1; type <= KM_TEXT_NOTES; type++) {
		if (!e.text[type])
			continue;
		if (snprintf(path, sizeof(path), "%s%s", base,
			     text_suffix[type]) >= (int)sizeof(path)) {
			n = fail(err, errlen, "%s: name too long", base);
			goto out;
		}
		f = fopen(path, "w");
		if (!f || fwrite(e.text[type], 1, e.text_len[type], f) !=
		    e.text_len[type] || fclose(f)) {
			n = fail(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
		n |= 1 << type;
	}
out:
	if (e.f)
		fclose(e.f);
	free(e.notes);
	free(e.loads);
	return n;
}
