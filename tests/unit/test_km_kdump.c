// SPDX-License-Identifier: GPL-2.0
/*
 * kdbmon's ELF to kdump-compressed rewrite: a small ELF core made with
 * the kernel's own builder (dbg_elfcore.c), rewritten, then read back
 * as crash reads the format: header, sub-header, notes, both bitmaps,
 * one descriptor per page in pfn order, zlib pages, shared zero page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "core/dbg_elfcore.h"
#include "km_kdump.h"

#define PG 4096

static u8 elf[4 * PG + 3 * PG];
static u8 out[1 << 20];

static u64 get(const u8 *p, int n)
{
	u64 v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/*
 * RAM pfns 1-3 (3 pages: data, zeros, data) with pfn 4 left out (memsz
 * past filesz), and pfns 8-9 (data, data); pfns 0, 5-7 are holes.
 */
static size_t make_elf(void)
{
	static const char info[] = "OSRELEASE=6.12.117\nNUMBER(phys_base)=-4096\n";
	u8 desc[EC_PRSTATUS_LEN];
	u64 regs[EC_PR_NREGS] = { 0 };
	size_t notes = 64 + 3 * 56, n = 0;
	size_t data = PG;
	int i;

	memset(elf, 0, sizeof(elf));
	ec_ehdr(elf, 3);
	regs[16] = 0xffffffff81000000ULL;
	ec_prstatus(desc, 1, regs);
	n += ec_note(elf + notes + n, "CORE", EC_NT_PRSTATUS, desc, sizeof(desc));
	ec_prstatus(desc, 2, regs);
	n += ec_note(elf + notes + n, "CORE", EC_NT_PRSTATUS, desc, sizeof(desc));
	n += ec_note(elf + notes + n, "VMCOREINFO", 0, info, sizeof(info) - 1);
	ec_phdr(elf + 64, EC_PT_NOTE, notes, 0, 0, n, n);
	ec_phdr(elf + 120, EC_PT_LOAD, data, 0xffff888000001000ULL, 1 * PG,
		3 * PG, 4 * PG);
	ec_phdr(elf + 176, EC_PT_LOAD, data + 3 * PG, 0xffff888000008000ULL,
		8 * PG, 2 * PG, 2 * PG);
	for (i = 0; i < PG; i++) {
		elf[data + i] = i % 251;		/* pfn 1 */
		elf[data + 2 * PG + i] = 7;		/* pfn 3 */
		elf[data + 3 * PG + i] = i & 1;		/* pfn 8 */
		elf[data + 4 * PG + i] = i % 13;	/* pfn 9 */
	}
	return data + 5 * PG;
}

static void test_rewrite_reads_back(void **state)
{
	char in_path[] = "/tmp/km_kdump_inXXXXXX";
	char out_path[] = "/tmp/km_kdump_outXXXXXX";
	char err[256];
	size_t len = make_elf(), got;
	int fd_in = mkstemp(in_path), fd_out = mkstemp(out_path);
	FILE *f;
	u64 sub_blocks, bitmap_blocks, desc_off, pfn, k = 0;
	const u8 *sub, *bm1, *bm2;
	static const int ram[] = { 1, 2, 3, 4, 8, 9 };
	u8 page[PG];

	assert_true(fd_in >= 0 && fd_out >= 0);
	assert_int_equal(write(fd_in, elf, len), (ssize_t)len);
	close(fd_in);
	close(fd_out);
	assert_int_equal(km_kdump_convert(in_path, out_path, 31,
					  KM_KDUMP_MAX_PFN, err, sizeof(err)), 0);
	f = fopen(out_path, "rb");
	got = fread(out, 1, sizeof(out), f);
	fclose(f);
	unlink(in_path);
	unlink(out_path);

	assert_memory_equal(out, "KDUMP   ", 8);
	assert_int_equal(get(out + 8, 4), 6);
	assert_string_equal((char *)out + 12 + 2 * 65, "6.12.117");
	assert_string_equal((char *)out + 12 + 4 * 65, "x86_64");
	assert_int_equal(get(out + 428, 4), PG);
	assert_int_equal(get(out + 460, 4), 2);		/* nr_cpus */
	sub_blocks = get(out + 432, 4);
	bitmap_blocks = get(out + 436, 4);
	assert_int_equal(get(out + 440, 4), 10);	/* max_mapnr */
	sub = out + PG;
	assert_int_equal((s64)get(sub, 8), -4096);	/* phys_base */
	assert_int_equal(get(sub + 8, 4), 31);
	assert_int_equal(get(sub + 96, 8), 10);
	/* VMCOREINFO's text where the sub-header says. */
	assert_memory_equal(out + get(sub + 32, 8), "OSRELEASE=6.12.117\n", 19);
	assert_int_equal(get(sub + 40, 8), 43);
	/* Both bitmaps: RAM pfns; the left-out pfn 4 reads as zeros. */
	bm1 = out + PG * (1 + sub_blocks);
	bm2 = bm1 + bitmap_blocks / 2 * PG;
	assert_int_equal(bm1[0], 0x1e);
	assert_int_equal(bm1[1], 0x03);
	assert_memory_equal(bm1, bm2, bitmap_blocks / 2 * PG);
	desc_off = PG * (1 + sub_blocks + bitmap_blocks);
	for (pfn = 0; pfn < ARRAY_SIZE(ram); pfn++) {
		const u8 *d = out + desc_off + 24 * k++;
		u64 off = get(d, 8), size = get(d + 8, 4);
		uLongf plen = PG;
		int p = ram[pfn];

		assert_true(off + size <= got);
		if (get(d + 12, 4) & 1)
			assert_int_equal(uncompress(page, &plen, out + off, size),
					 Z_OK);
		else
			memcpy(page, out + off, PG);
		assert_int_equal(plen, PG);
		if (p == 2 || p == 4) {
			u8 zero[PG] = { 0 };

			assert_memory_equal(page, zero, PG);
			continue;
		}
		assert_memory_equal(page, elf + PG + (p >= 8 ? 3 + p - 8 : p - 1) * PG,
				    PG);
	}
	/* pfns 2 and 4 are one zero page. */
	assert_memory_equal(out + desc_off + 24, out + desc_off + 3 * 24, 16);
}

static void test_not_a_core_is_refused(void **state)
{
	char path[] = "/tmp/km_kdump_badXXXXXX";
	char err[256];
	int fd = mkstemp(path);

	assert_int_equal(write(fd, "hello", 5), 5);
	close(fd);
	assert_int_equal(km_kdump_convert(path, "/tmp/km_kdump_never", 31,
					  KM_KDUMP_MAX_PFN, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not an x86-64 ELF core"));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewrite_reads_back),
		cmocka_unit_test(test_not_a_core_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
