// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-only part of kdb: its boot parameter and its registration
 * with the debug core. Everything else in kdb is portable.
 */

#include <linux/dbg_core.h>
#include <linux/init.h>
#include <linux/moduleparam.h>

#include "kdb_private.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "kdb."

/* Root only at run time, as mainline's. */
module_param_named(cmd_enable, kdb_cmd_enable, uint, 0600);
MODULE_PARM_DESC(cmd_enable, "kdb command categories allowed (mainline kdb's bits; 1: all)");

static int __init kdb_init(void)
{
	return dbg_register_frontend(&kdb_frontend);
}
device_initcall(kdb_init);
