/* SPDX-License-Identifier: GPL-2.0 */
/* kdb output formatting helpers. Portable. */
#ifndef _KDB_FMT_H
#define _KDB_FMT_H

#include "../dbg_portable.h"

#define KDB_MD_BYTES	16	/* bytes on one md line */

int kdb_fmt_duration(char *buf, size_t len, u64 ns);
int kdb_fmt_md_line(char *buf, size_t len, const char *prefix, u64 addr,
		    const u8 *data, size_t n, unsigned int width,
		    unsigned int radix);
u64 kdb_fmt_get(const u8 *data, unsigned int width);
int kdb_fmt_date(char *buf, size_t len, u64 epoch_sec);
int kdb_fmt_uptime(char *buf, size_t len, u64 ns);

#endif /* _KDB_FMT_H */
