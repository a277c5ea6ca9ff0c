// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-only part of the GDB stub: its registration with the debug
 * core. Everything else in the stub is portable.
 */

#include <linux/dbg_core.h>
#include <linux/init.h>

#include "gdb_stub.h"

static int __init gdb_stub_init(void)
{
	return dbg_register_frontend(&gdb_frontend);
}
device_initcall(gdb_stub_init);
