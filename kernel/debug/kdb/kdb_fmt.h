/* SPDX-License-Identifier: GPL-2.0 */
/* kdb output formatting helpers. Portable. */
#ifndef _KDB_FMT_H
#define _KDB_FMT_H

#include "../dbg_portable.h"

int kdb_fmt_duration(char *buf, size_t len, u64 ns);

#endif /* _KDB_FMT_H */
