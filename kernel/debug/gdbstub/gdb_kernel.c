// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-only part of the GDB stub: its boot parameter and its
 * registration with the debug core. Everything else in the stub is
 * portable.
 */

#include <linux/dbg_core.h>
#include <linux/init.h>
#include <linux/moduleparam.h>

#include "gdb_stub.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "gdbstub."

/* Read at gdb's qSupported: a change counts from gdb's next connection. */
module_param_named(xfer_threads, gdb_xfer_threads, bool, 0644);
MODULE_PARM_DESC(xfer_threads, "thread list as qXfer XML, read again at every stop (default 1; 0 for a slow line: packed ids)");

static int __init gdb_stub_init(void)
{
	return dbg_register_frontend(&gdb_frontend);
}
device_initcall(gdb_stub_init);
