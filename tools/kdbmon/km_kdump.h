/* SPDX-License-Identifier: GPL-2.0 */
/* An ELF vmcore rewritten as kdump-compressed (crash's diskdump). */
#ifndef KM_KDUMP_H
#define KM_KDUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Memory a file may describe: 16 TiB of 4 KiB pages. */
#define KM_KDUMP_MAX_PFN	(1ull << 32)

/* Text notes of a dump: 1 what kdb showed, 2 the kernel log. */
#define KM_TEXT_NOTES		2

int km_kdump_convert(const char *in, const char *out, int level,
		     uint64_t max_pfn, char *err, size_t errlen);

int km_elf_text(const char *in, const char *base, uint64_t max_pfn,
		char *err, size_t errlen);
const char *km_text_suffix(int type);

#endif /* KM_KDUMP_H */
