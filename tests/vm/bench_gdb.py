# SPDX-License-Identifier: GPL-2.0
"""gdb's half of `make bench`'s GDB stub comparison: run inside gdb
(gdb -batch -x bench_gdb.py vmlinux) against a stopped kernel, the same
script for our stub and for mainline kgdb. Environment: BENCH_TARGET
(what `target remote` is given), BENCH_SCRIPTS (vmlinux-gdb.py, for
lx-dmesg), BENCH_READ (bytes to read), BENCH_STEPS, BENCH_RTS (how many
small packets, qC, for the round-trip time), BENCH_OPS (which
operations, by name; all if unset).

Prints one line per operation: "BENCH <name> <seconds> cpu=<seconds>
<detail>", the second figure being gdb's own processor time (all its
threads): what no stub can take away.
"""
import os
import sys
import time

import gdb


def timed(name, fn):
    t0, c0 = time.monotonic(), time.process_time()
    detail = fn()
    print("BENCH %s %.4f cpu=%.4f %s" % (name, time.monotonic() - t0,
                                         time.process_time() - c0, detail),
          flush=True)


def run(cmd):
    return gdb.execute(cmd, to_string=True)


def connect():
    run("target remote " + os.environ["BENCH_TARGET"])
    return ""


def round_trip():
    n = int(os.environ.get("BENCH_RTS", "100"))
    t0 = time.monotonic()
    for _ in range(n):
        run("maint packet qC")
    return "%.2f ms per round trip (%d qC)" % (
        (time.monotonic() - t0) * 1e3 / n, n)


def info_threads():
    out = run("info threads")
    rows = [l for l in out.splitlines() if "Thread " in l]
    return "%d threads" % len(rows)


def info_threads_cached():
    """The same again in the same stop: gdb sends nothing, so this is
    gdb's own work (symbols, unwinding, printing frames' arguments)."""
    return info_threads()


def info_threads_noargs():
    """With gdb's caches flushed and frames' arguments not printed:
    the packets again, less of gdb's own work."""
    run("maint flush dcache")
    run("maint flush register-cache")
    run("set print frame-arguments none")
    try:
        return info_threads()
    finally:
        run("set print frame-arguments scalars")


def bt():
    out = run("bt")
    return "%d frames" % out.count("\n#")


def all_bt():
    out = run("thread apply all bt")
    return "%d frames" % (out.count("\n#") + out.startswith("#"))


def rle_len(s):
    """Length of @s run-length encoded as the remote protocol allows
    (c*N: a run of 4 to 98, counts 6 and 7 not used), about what a stub
    that encodes its replies sends."""
    i = n = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i] and j - i < 98:
            j += 1
        run = j - i
        if run < 4:
            n += run
            i = j
            continue
        if run in (7, 8):
            run = 6
        n += 3
        i += run
    return n


def read_memory():
    n = int(os.environ.get("BENCH_READ", str(256 << 10)))
    start = int(gdb.parse_and_eval("(unsigned long)&_text"))
    data = bytes(gdb.selected_inferior().read_memory(start, n))
    # What a stub that encodes runs puts on the line: kernel text has
    # some (int3 and nop padding).
    return "%d bytes, %d in hex, %d run-length encoded" % (
        len(data), 2 * len(data), rle_len(data.hex()))


def dmesg():
    out = run("lx-dmesg")
    return "%d lines" % out.count("\n")


def stepi():
    n = int(os.environ.get("BENCH_STEPS", "100"))
    pcs = set()
    for _ in range(n):
        run("stepi")
        pcs.add(int(gdb.parse_and_eval("$pc")))
    return "%d steps, %d distinct pcs" % (n, len(pcs))


def main():
    for cmd in ("set pagination off", "set confirm off",
                "set remotetimeout 30", "set width 0"):
        run(cmd)
    scripts = os.environ.get("BENCH_SCRIPTS")
    if scripts:
        # The loader finds its package from __file__, which is this
        # script's here; and it is not run to a string: its own check
        # runs gdb.execute() so.
        sys.path.insert(0, os.path.join(os.path.dirname(scripts),
                                        "scripts/gdb"))
        gdb.execute("source " + scripts)
    only = os.environ.get("BENCH_OPS")
    for name, fn in (("connect", connect), ("round_trips", round_trip),
                     ("info_threads", info_threads),
                     ("info_threads_cached", info_threads_cached),
                     ("info_threads_noargs", info_threads_noargs),
                     ("bt", bt), ("thread_apply_all_bt", all_bt),
                     ("read_256k", read_memory), ("lx_dmesg", dmesg),
                     ("stepi_100", stepi)):
        if only and name not in only.split(","):
            continue
        try:
            timed(name, fn)
        except gdb.error as e:
            print("BENCH %s failed %s" % (name, str(e).replace("\n", " ")),
                  flush=True)
    run("detach")
    print("BENCH done 0", flush=True)


main()
