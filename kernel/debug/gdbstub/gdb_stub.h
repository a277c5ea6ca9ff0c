/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GDB stub: a front-end of the debug core speaking gdb's remote
 * serial protocol on the debug console. Portable: it uses the core's
 * API only (include/linux/dbg_core.h) and builds in userspace against
 * the fake core for unit tests and fuzzing.
 */
#ifndef _GDB_STUB_H
#define _GDB_STUB_H

#include <linux/dbg_core.h>

/*
 * Packets up to 16 KiB of data: gdb then reads memory 8 KiB at a time
 * (it asks for PacketSize / 2 bytes as hex), which is where a serial
 * line's time per byte, not per round trip, dominates; qXfer replies are
 * at most 4 KiB whatever the size. Both buffers are static.
 */
#define GDB_PACKET_SIZE		16384

/* Idle tasks have pid 0: their thread ids are this plus the CPU. */
#define GDB_IDLE_TID_BASE	0x400000

extern struct dbg_frontend gdb_frontend;

/*
 * Offer the thread list as qXfer:threads XML (names and CPUs in one
 * transfer). gdb reads the list again at every stop: on a slow line,
 * false makes that the packed qfThreadInfo list, and gdb then asks
 * qThreadExtraInfo for each thread it shows (gdbstub.xfer_threads).
 */
extern bool gdb_xfer_threads;

enum dbg_action gdb_session(const struct dbg_event *ev);
void gdb_stub_reset(void);

#endif /* _GDB_STUB_H */
