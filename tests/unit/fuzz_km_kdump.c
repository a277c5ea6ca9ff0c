// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz kdbmon's ELF vmcore reader and kdump-compressed writer: any file
 * must give an error or a kdump file, never a crash, a read or write
 * out of bounds, or unbounded memory (the memory a file may describe is
 * capped low here so that each run stays quick).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "km_kdump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int in = -1, out = -1;
	char in_path[64], out_path[64], err[512];

	if (in < 0) {
		in = memfd_create("fuzz_km_kdump_in", 0);
		out = memfd_create("fuzz_km_kdump_out", 0);
		if (in < 0 || out < 0)
			return 0;
	}
	if (ftruncate(in, 0) || pwrite(in, data, size, 0) != (ssize_t)size)
		return 0;
	snprintf(in_path, sizeof(in_path), "/proc/self/fd/%d", in);
	snprintf(out_path, sizeof(out_path), "/proc/self/fd/%d", out);
	km_kdump_convert(in_path, out_path, 31, 4096, err, sizeof(err));
	return 0;
}
