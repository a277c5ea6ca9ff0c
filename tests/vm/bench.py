#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""`make bench`: figures, not tests, measured in the test machine.

1. crash_stop's stop latency. In the same boot, a baseline (a plain IPI
   to every other CPU and back, smp_call_function() with wait), then
   1000 stops with every other CPU busy, and 1000 stops with CPU 1
   spinning with interrupts off; the ratios.
2. kdb's output rate. In the same boot, the raw rate of the debugger's
   polled serial output (the test module writes lines through it from a
   stop's callback, every other CPU parked as when kdb runs), then the
   rate of `bta A`, of `dmesg` (the whole log) and of `md` at the kdb
   prompt; the ratios. The target is that the shell is limited by the
   line: at least 90% of the raw rate. There is no figure with the
   machine running: the polled output races the serial driver then
   (see dbg_write()).

3. A breakpoint hit that does not stop the machine. In the same boot,
   N calls of the test module's target without a breakpoint, then with
   a breakpoint whose condition is false (the hit runs the condition on
   the hitting CPU and the instruction out of line: no stop), then with
   one whose hits are skipped, then a tracing one (`do "go"`: every hit
   stops the machine, shows the banner and resumes); each against
   crash_stop's own all-parked time measured in the same boot.
   The target is a false condition at 20 µs or less, no stop at all.

4. The GDB stub against mainline kgdb, built from the same source with
   the same config (scripts/build-mainline.sh), each booted in the same
   QEMU setup with the debugger on ttyS1, set up the same way
   (dbg_core.port=ttyS1,115200 and kgdboc=ttyS1,115200, as kgdb's
   documentation has it; BENCH_LINE= gives no options to either), a
   unix socket gdb connects to (QEMU's TCP chardev sends a TCP segment
   per byte: 3x slower); one gdb script (tests/vm/bench_gdb.py) against
   each: connect, 100 small-packet round trips, info threads (then
   again in the same stop: gdb's own work, no packets; then with caches
   flushed and frames' arguments not printed), bt, thread apply all bt,
   read 256 KiB, lx-dmesg, 100 stepi; then, in the same boot, ours with
   gdbstub.xfer_threads=0: connect, info threads, 100 stepi (the packed
   thread list gdb reads again at each stop). In our boot, first, the
   line's raw rate (polled output from a stop, as part 2) that memory
   reads are compared with. Targets: info threads 50x faster than mainline, bt
   0.1 s or less, reads at 50% of the raw rate or more.

5. kdbmon's cost: gdb's info threads, bt and a 256 KiB read straight on
   the stub's socket and through kdbmon on the same socket, alternating,
   KDBMON_ROUNDS (3) each, in one boot. Target: 5% or less.

6. gdb on QEMU's plain TCP serial port (-serial tcp:...,server=on, how
   QEMU's users and the kernel's kgdb documentation attach gdb; Nagle
   on, QEMU's default): mainline, ours, and ours through kdbmon, which
   asks its host for quick ACKs; connect, round trips, info threads, bt.
   QEMU writes a byte per send(): after a reply's first byte the rest
   waits for gdb's host to ACK it, which Linux delays by up to 40 ms.

7. The dump: the line's raw rate (stopped, polled output on ttyS1),
   then kdb's dump at level 31 through kdbmon, LZ4 and not compressed,
   in the same boot: line bytes per second against the raw rate (target
   80% or more), the file against MemTotal-MemFree and a full ELF, and
   what zlib (levels 1 and 6) would make of the same pages.

BENCH_PARTS=stop,kdb,bp,gdb,kdbmon,tcp,dump chooses parts.

Under TCG the figures are dominated by how the host schedules the vCPU
threads; compare the ratios, not the absolute times, across machines.
"""
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import pexpect

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import KDB_PROMPT, VM, free_tcp_port  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1000"))
SMP = int(os.environ.get("SMP", "4"))
# The debug line's options, the same for both kernels: the speed, and
# on a 16550A its receive FIFO. Without them QEMU's 16550 takes a byte
# per round of its main loop: mainline's round trip is 3x slower, ours 2x.
LINE = os.environ.get("BENCH_LINE", "115200")


def port(name):
    """ttyS1 with the bench's line options, as a kernel parameter."""
    return f"{name}=ttyS1" + (f",{LINE}" if LINE else "")


OURS_GDB = port("dbg_core.port") + " dbg_core.frontend=gdb"
THEIRS_GDB = port("kgdboc")


def dist(lines, name):
    for l in lines:
        if l.startswith(name + " "):
            return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", l)}
    raise RuntimeError(f"no {name} in {lines}")


def ms(ns):
    return f"{ns / 1e6:.3f} ms"


BP_CALLS = int(os.environ.get("BENCH_BP_CALLS", "20000"))
BP_TRACED = int(os.environ.get("BENCH_BP_TRACED", "200"))
# Which parts to run: stop, kdb, bp, gdb, kdbmon, tcp, dump.
PARTS = os.environ.get("BENCH_PARTS",
                       "stop,kdb,bp,gdb,kdbmon,tcp,dump").split(",")

RAW_BYTES = int(os.environ.get("BENCH_RAW_BYTES", str(256 << 10)))
KDB_ROUNDS = int(os.environ.get("BENCH_KDB_ROUNDS", "3"))
KDB_CMDS = ("bta A", "dmesg", "md linux_banner 2048")


def timed(vm, start, end, timeout=1200):
    """Bytes received between @start and @end, and the time they took.
    @start is searched for in all that came (little, before it): pexpect
    searches only the last searchwindowsize bytes of a long read, and
    one read may bring @start with more than that after it. @end comes
    last, so a window will do, and keeps the long output's search
    cheap."""
    vm.child.expect(start, timeout=timeout)
    t0 = time.monotonic()
    vm.child.expect(end, timeout=timeout, searchwindowsize=4096)
    return len(vm.child.before), time.monotonic() - t0


def raw_rate(vm):
    vm.child.sendline("echo rawout %d stopped > /sys/kernel/debug/cstest/ctl"
                      % RAW_BYTES)
    n, t = timed(vm, "RAWOUT-BEGIN", "RAWOUT-END")
    vm.child.expect_exact("dbgsh# ")
    return n / t


def kdb_rates(vm):
    """Rounds of: the line's raw rate with the machine stopped, then each
    kdb command's rate, so a noisy host affects both alike; the ratio of
    each round. Returns (raw rate, {cmd: [ratio...]}, {cmd: bytes})."""
    vm.child.logfile_read = None        # the log would slow the host side
    vm.child.maxread = 65536
    # Enough log for dmesg to take a while.
    vm.sh("for i in $(seq 400); do echo dbgbench line $i of the kernel "
          "log, long enough to look like a real one > /dev/kmsg; done")
    raws, ratios, sizes = [], {c: [] for c in KDB_CMDS}, {}
    for _ in range(KDB_ROUNDS):
        raw = raw_rate(vm)
        raws.append(raw)
        vm.enter_by_sysrq_trigger()
        for cmd in KDB_CMDS:
            vm.child.send(cmd + "\r")
            n, t = timed(vm, cmd, KDB_PROMPT)
            ratios[cmd].append(n / t / raw)
            sizes[cmd] = n
        vm.go()
    return statistics.median(raws), ratios, sizes


def bp_ns(vm, calls):
    line = vm.cstest(f"bpbench {calls}", timeout=3600)[-1]
    return int(re.match(r"bpbench \d+ calls, (\d+) ns per call", line)
               .group(1))


def bp_costs(vm):
    """Per-call time of the target without a breakpoint and with each
    kind; the breakpoint's cost per hit is the difference."""
    base = bp_ns(vm, BP_CALLS)
    costs = {}
    for name, spec, calls in (
            ("false condition", "if $rdi == 0xffffffffffff", BP_CALLS),
            ("no condition, skip count (hits let run)", "skip 0xffffffff",
             BP_CALLS),
            ("tracing (do \"go\": stops and resumes)", 'do "go"',
             BP_TRACED)):
        vm.enter_by_sysrq_trigger()
        vm.kdb_ok(f"bp cstest_bp_target {spec}")
        vm.go()
        costs[name] = bp_ns(vm, calls) - base
        vm.enter_by_sysrq_trigger()
        vm.kdb_ok("bc *")
        vm.go()
    return base, costs


HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("BUILD", os.path.join(HERE, "../../build"))
MAINLINE = os.path.join(BUILD, "mainline/kobj")
GDB_OPS = ("connect", "round_trips", "info_threads", "info_threads_cached",
           "info_threads_noargs", "bt",
           "thread_apply_all_bt", "read_256k", "lx_dmesg", "stepi_100")


def line_raw_rate(vm):
    """Bytes per second of the debugger's polled output on ttyS1 with the
    machine stopped, read on its socket."""
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(vm.serial2_path)
        vm.child.sendline("echo rawout %d stopped > "
                          "/sys/kernel/debug/cstest/ctl" % RAW_BYTES)
        s.settimeout(600)
        # Only a tail is searched for the markers: the reader must not be
        # slower than the line.
        tail, n, t0 = b"", 0, None
        while True:
            data = s.recv(1 << 16)
            if not data:
                raise RuntimeError("ttyS1 closed")
            tail = tail[-16:] + data
            if t0 is None:
                if b"RAWOUT-BEGIN" in tail:
                    t0 = time.monotonic()
                    tail = tail.split(b"RAWOUT-BEGIN", 1)[1]
                    n = len(tail)
                continue
            n += len(data)
            if b"RAWOUT-END" in tail:
                break
        t = time.monotonic() - t0
    vm.child.expect_exact("dbgsh# ")
    return (n - len(b"RAWOUT-END\r\n")) / t


def gdb_run(vm, vmlinux, scripts, target=None, ops=None):
    """Stop the machine (sysrq-g), run bench_gdb.py against it (on
    ttyS1's socket, or @target; all operations, or @ops), check it runs
    on after gdb detaches; {op: (seconds, detail)}."""
    vm.child.sendline("echo g > /proc/sysrq-trigger")
    vm.child.expect("sysrq: DEBUG", timeout=60)
    env = dict(os.environ, BENCH_TARGET=target or vm.serial2_path)
    if scripts:
        env["BENCH_SCRIPTS"] = scripts
    if ops:
        env["BENCH_OPS"] = ",".join(ops)
    r = subprocess.run(["gdb", "-nx", "-batch", "-x",
                        os.path.join(HERE, "bench_gdb.py"), vmlinux],
                       env=env, capture_output=True, text=True, timeout=3600)
    res = {}
    # (seconds, detail, gdb's own processor seconds or None)
    for m in re.finditer(r"^BENCH (\w+) (\S+) ?(?:cpu=(\S+) ?)?(.*)$",
                         r.stdout, re.M):
        res[m.group(1)] = (m.group(2), m.group(4), m.group(3))
    if "done" not in res:
        raise RuntimeError("gdb failed:\n" + r.stdout[-3000:] +
                           r.stderr[-3000:])
    # Reported, not raised: the figures are measured by then.
    try:
        alive = vm.sh("echo alive").strip() == "alive"
    except pexpect.TIMEOUT:
        alive = False
    res["detach"] = ("0", "ran on" if alive else
                     "did NOT run on after detach (no shell in 60 s)")
    return res


VMLINUX_OURS = os.path.join(BUILD, "kobj/vmlinux")
PACKED_OPS = ("connect", "info_threads", "stepi_100")


def gdb_compare():
    """Ours, then mainline's: (raw line rate, ours, mainline's)."""
    vm = VM(smp=SMP, cmdline=OURS_GDB,
            second_serial=True)
    vm.set_log("bench-gdb-ours")
    try:
        raw = line_raw_rate(vm)
        ours = gdb_run(vm, os.path.join(BUILD, "kobj/vmlinux"),
                       os.path.join(BUILD, "kobj/vmlinux-gdb.py"))
        # The packed thread list for slow lines, from gdb's next connection.
        vm.sh("echo 0 > /sys/module/gdbstub/parameters/xfer_threads")
        packed = gdb_run(vm, VMLINUX_OURS, None, None, PACKED_OPS)
        for op in PACKED_OPS:
            if op in packed:
                ours[op + "_packed"] = packed[op]
    finally:
        vm.close()
    vm = VM(smp=SMP, cmdline=THEIRS_GDB, second_serial=True,
            bzimage=os.path.join(MAINLINE, "arch/x86/boot/bzImage"))
    vm.set_log("bench-gdb-mainline")
    try:
        theirs = gdb_run(vm, os.path.join(MAINLINE, "vmlinux"),
                         os.path.join(MAINLINE, "vmlinux-gdb.py"))
    finally:
        vm.close()
    return raw, ours, theirs


KDBMON = os.path.join(BUILD, "kdbmon/kdbmon")
KDBMON_OPS = ("info_threads", "bt", "read_256k")
KDBMON_ROUNDS = int(os.environ.get("KDBMON_ROUNDS", "3"))


def kdbmon_compare():
    """gdb straight on the stub's socket, then through kdbmon on the same
    socket, alternating, in one boot: ({op: [s]}, {op: [s]})."""
    vm = VM(smp=SMP, cmdline=OURS_GDB,
            second_serial=True)
    vm.set_log("bench-kdbmon")
    direct = {op: [] for op in KDBMON_OPS}
    via = {op: [] for op in KDBMON_OPS}
    try:
        for _ in range(KDBMON_ROUNDS):
            for who, times in (("direct", direct), ("kdbmon", via)):
                km = None
                target = vm.serial2_path
                if who == "kdbmon":
                    port = free_tcp_port()
                    target = ":%d" % port
                    # QEMU's socket takes one client: kdbmon only now.
                    km = subprocess.Popen(
                        [KDBMON, "-p", str(port), "unix:" + vm.serial2_path],
                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
                    time.sleep(1)
                try:
                    res = gdb_run(vm, VMLINUX_OURS, None, target,
                                  ("connect",) + KDBMON_OPS)
                finally:
                    if km:
                        km.terminate()
                        km.wait()
                for op in KDBMON_OPS:
                    if res.get(op, ("failed",))[0] != "failed":
                        times[op].append(float(res[op][0]))
    finally:
        vm.close()
    return direct, via


TCP_OPS = ("connect", "round_trips", "info_threads", "bt")


def gdb_tcp_compare():
    """gdb on QEMU's plain TCP serial port: ours straight and through
    kdbmon (one boot), then mainline: {who: {op: (s, detail)}}."""
    res = {}
    vm = VM(smp=SMP, cmdline=OURS_GDB,
            second_serial="tcp")
    vm.set_log("bench-tcp-ours")
    try:
        res["ours"] = gdb_run(vm, VMLINUX_OURS, None, vm.serial2_target,
                              TCP_OPS)
        port = free_tcp_port()
        km = subprocess.Popen([KDBMON, "-p", str(port), vm.serial2_target],
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        time.sleep(1)
        try:
            res["kdbmon"] = gdb_run(vm, VMLINUX_OURS, None, ":%d" % port,
                                    TCP_OPS)
        finally:
            km.terminate()
            km.wait()
    finally:
        vm.close()
    vm = VM(smp=SMP, cmdline=THEIRS_GDB, second_serial="tcp",
            bzimage=os.path.join(MAINLINE, "arch/x86/boot/bzImage"))
    vm.set_log("bench-tcp-mainline")
    try:
        res["mainline"] = gdb_run(vm, os.path.join(MAINLINE, "vmlinux"),
                                  None, vm.serial2_target, TCP_OPS)
    finally:
        vm.close()
    return res


def print_tcp(res):
    print(f"=== gdb on QEMU's TCP serial port (Nagle on), {SMP} vCPUs, "
          f"{port('kgdboc')} ===")
    print(f"   {'operation':14} {'mainline':>10} {'ours':>10} {'ratio':>8} "
          f"{'via kdbmon':>11} {'ratio':>8}")

    def sec(who, op):
        x = res.get(who, {}).get(op)
        return float(x[0]) if x and x[0] != "failed" else None
    for op in TCP_OPS:
        m, o, k = (sec(w, op) for w in ("mainline", "ours", "kdbmon"))
        cells = []
        for t in (o, k):
            cells.append(f"{t:.3f} s" if t is not None else "failed")
            cells.append(f"{m / t:.1f}x" if m and t else "-")
        fm = f"{m:.3f} s" if m is not None else "failed"
        print(f"   {op:14} {fm:>10} {cells[0]:>10} {cells[1]:>8} "
              f"{cells[2]:>11} {cells[3]:>8}")
    for who in ("mainline", "ours", "kdbmon"):
        rt = res.get(who, {}).get("round_trips")
        if rt:
            print(f"-- {who}: {rt[1]}")
        if "detach" in res.get(who, {}):
            print(f"-- {who}, after gdb's detach: {res[who]['detach'][1]}")


def dump_bench():
    """One boot, kdb on ttyS1: the line's raw rate, then kdb's dump at
    level 31 through kdbmon, LZ4 and raw. Returns what to print."""
    import pexpect
    vm = VM(smp=SMP, cmdline="dbg_core.port=ttyS1", second_serial=True)
    vm.set_log("bench-dump")
    out = {}
    d = tempfile.mkdtemp(prefix="bench-dump-")
    try:
        meminfo = dict((l.split(":")[0], int(l.split()[1]))
                       for l in vm.sh("cat /proc/meminfo").splitlines()
                       if ":" in l and len(l.split()) >= 2)
        out["used"] = (meminfo["MemTotal"] - meminfo["MemFree"]) * 1024
        out["raw_rate"] = line_raw_rate(vm)
        km = pexpect.spawn(KDBMON, ["-p", "0", "--dump-dir", d,
                                    "unix:" + vm.serial2_path],
                           encoding="utf-8", codec_errors="replace",
                           timeout=900, env=dict(os.environ, HOME=d))
        km.logfile_read = open(os.path.join(BUILD, "vmtest-logs",
                                            "bench-dump-kdbmon.log"), "w")
        vm.child.sendline("echo g > /proc/sysrq-trigger")
        km.send("\r")
        km.expect(r"\[\d+\]kdb> ")
        for how in ("lz4", "raw"):
            km.send("dump 31%s\r" % (" raw" if how == "raw" else ""))
            km.expect(r"kdbmon: dump written: (\S+?),")
            path = km.match.group(1)
            km.expect(r"dump: (\d+) of (\d+) pages of RAM in (\d+) program")
            out["pages"], out["ram_pages"] = (int(km.match.group(1)),
                                              int(km.match.group(2)))
            km.expect(r"dump: written (\d+) bytes in ([\d.]+) s, .*? "
                      r"(\d+) bytes on the line")
            out[how] = (int(km.match.group(1)), float(km.match.group(2)),
                        int(km.match.group(3)))
            km.expect(r"\[\d+\]kdb> ")
            if how == "lz4":
                out["zlib"] = zlib_page_sizes(path)
        km.send("go\r")
        km.expect("Resuming")
        km.terminate(force=True)
    finally:
        vm.close()
        shutil.rmtree(d, ignore_errors=True)
    return out


def zlib_page_sizes(path):
    """The pages of a vmcore ELF compressed one by one with zlib at
    levels 1 and 6, as the kernel would if it used zlib instead of LZ4:
    {level: bytes}, and the pages' own bytes. On the host: a ratio, not
    the kernel's speed."""
    import struct
    import zlib
    with open(path, "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from("<Q", data, 32)
    phnum, = struct.unpack_from("<H", data, 56)
    start = min(struct.unpack_from("<Q", data, phoff + 56 * i + 8)[0]
                for i in range(phnum)
                if struct.unpack_from("<I", data, phoff + 56 * i)[0] == 1)
    sizes = {1: 0, 6: 0, "pages": 0}
    for off in range(start, len(data), 4096):
        page = data[off:off + 4096]
        sizes["pages"] += len(page)
        for level in (1, 6):
            sizes[level] += min(len(zlib.compress(page, level)), len(page))
    return sizes


def print_dump(r):
    raw = r["raw_rate"]
    print(f"=== dump at level 31 to kdbmon on ttyS1 ({SMP} vCPUs, 256 MiB, "
          f"idle; the line's raw rate in the same boot {raw / 1024:.0f} "
          f"KiB/s) ===")
    full = r["ram_pages"] * 4096
    for how in ("lz4", "raw"):
        size, secs, line = r[how]
        print(f"-- {how:3}: file {size} bytes in {secs:.1f} s "
              f"({size / secs / 1024:.0f} KiB/s of file); {line} bytes on "
              f"the line ({100 * line / size:.0f}% of the file), "
              f"{line / secs / 1024:.0f} KiB/s = "
              f"{100 * line / secs / raw:.0f}% of the raw rate")
    z = r["zlib"]
    print(f"   the same pages through zlib (on the host, page by page, "
          f"before framing): level 1 {100 * z[1] / z['pages']:.0f}%, "
          f"level 6 {100 * z[6] / z['pages']:.0f}% of their bytes; LZ4 "
          f"put {100 * r['lz4'][2] / r['lz4'][0]:.0f}% of the file on the "
          f"line, framing included")
    size = r["lz4"][0]
    print(f"   file: {r['pages']} of {r['ram_pages']} pages; "
          f"{100 * size / full:.1f}% of a full ELF ({full} bytes); "
          f"{size / r['used']:.2f} x MemTotal-MemFree ({r['used']} bytes)")


def print_kdbmon(direct, via):
    print(f"=== gdb through kdbmon against gdb on the stub's socket (same "
          f"boot, {KDBMON_ROUNDS} rounds each, alternating; best) ===")
    for op in KDBMON_OPS:
        a, b = direct[op], via[op]
        if not a or not b:
            print(f"   {op:22} failed")
            continue
        print(f"   {op:22} direct {min(a):.3f} s   kdbmon {min(b):.3f} s   "
              f"cost {100 * (min(b) / min(a) - 1):+.1f}%   (all: "
              f"{', '.join(f'{x:.3f}' for x in a)} / "
              f"{', '.join(f'{x:.3f}' for x in b)})")


def print_gdb(raw, ours, theirs):
    print(f"=== GDB stub against mainline kgdb (same source and config, "
          f"{SMP} vCPUs, TCG, gdb on QEMU's unix socket, "
          f"{port('kgdboc')}) ===")
    print(f"-- the line's raw rate (polled output, stopped): "
          f"{raw / 1024:.1f} KiB/s")
    print(f"   {'operation':22} {'ours':>10} {'mainline':>10} "
          f"{'ratio':>8} {'gdb cpu, ours / mainline':>26}   "
          f"detail (ours / mainline)")

    def sec(x):
        return float(x[0]) if x and x[0] != "failed" else None

    def cpu(x):
        return f"{float(x[2]):.3f}" if x and x[2] else "-"
    for op in GDB_OPS:
        a, b = ours.get(op), theirs.get(op)
        ta, tb = sec(a), sec(b)
        ratio = f"{tb / ta:.1f}x" if ta and tb else "-"
        fa = f"{ta:.3f} s" if ta is not None else "failed"
        fb = f"{tb:.3f} s" if tb is not None else "failed"
        cpus = f"{cpu(a)} / {cpu(b)} s"
        print(f"   {op:22} {fa:>10} {fb:>10} {ratio:>8} {cpus:>26}   "
              f"{a[1] if a else ''} / {b[1] if b else ''}")
    a, b = ours.get("info_threads"), theirs.get("info_threads")
    if sec(b) and a and a[2]:
        # Its work on the frames, and its reading of the replies, which
        # QEMU hands over a byte per write.
        print(f"-- info threads: gdb's own processor time on ours, "
              f"{float(a[2]):.3f} s, is 1/{sec(b) / float(a[2]):.1f} of "
              f"mainline's whole time")
    print("-- ours with gdbstub.xfer_threads=0 (the packed thread list, "
          "for a slow line):")
    for op in PACKED_OPS:
        a, b = ours.get(op + "_packed"), theirs.get(op)
        ta = float(a[0]) if a and a[0] != "failed" else None
        tb = float(b[0]) if b and b[0] != "failed" else None
        ratio = f"{tb / ta:.1f}x" if ta and tb else "-"
        fa = f"{ta:.3f} s" if ta is not None else "failed"
        print(f"   {op:22} {fa:>10} {'':>10} {ratio:>8}")
    for who, r in (("ours", ours), ("mainline", theirs)):
        print(f"-- {who}, after gdb's detach: {r['detach'][1]}")
    n = int(os.environ.get("BENCH_READ", str(256 << 10)))
    for who, r in (("ours", ours), ("mainline", theirs)):
        if r.get("read_256k", ("failed",))[0] != "failed":
            t = float(r["read_256k"][0])
            m = re.search(r"(\d+) run-length encoded", r["read_256k"][1])
            wire = int(m.group(1)) if m else 2 * n
            print(f"-- memory read, {who}: {n / t / 1024:.1f} KiB/s of data, "
                  f"{100 * n / t / raw:.0f}% of the raw rate")
            if who == "ours":
                print(f"   the line carried about {wire / t / 1024:.1f} "
                      f"KiB/s of run-length encoded hex: "
                      f"{100 * wire / t / raw:.0f}% of the raw rate")


def main():
    if PARTS == ["dump"]:
        print_dump(dump_bench())
        return
    if "kdbmon" in PARTS and len(PARTS) == 1:
        print_kdbmon(*kdbmon_compare())
        return
    if PARTS == ["gdb"]:
        print_gdb(*gdb_compare())
        return
    if PARTS == ["tcp"]:
        print_tcp(gdb_tcp_compare())
        return
    vm = VM(smp=SMP)
    vm.set_log("bench")
    busy = irqoff = kdb = bp = None
    try:
        delay = int(vm.sh("cat /sys/module/crash_stop/parameters/"
                          "nmi_delay_ms").strip())
        # crash_stop's own stop time is the reference of parts 1 and 3.
        busy = vm.cstest(f"bench {ROUNDS} busy", timeout=1200)
        if "stop" in PARTS:
            irqoff = vm.cstest(f"bench {ROUNDS} irqoff", timeout=1200)
        if "bp" in PARTS:
            bp = bp_costs(vm)
        if "kdb" in PARTS:
            kdb = kdb_rates(vm)
    finally:
        vm.close()
    print(f"=== crash_stop benchmark: {SMP} vCPUs (TCG), {ROUNDS} stops "
          f"per mode, nmi_delay_ms={delay} ===")
    for title, lines in (("all other CPUs busy, interrupts on", busy),
                         ("CPU 1 spinning with interrupts off", irqoff)):
        if lines is None:
            continue
        base = dist(lines, "baseline_ipi_round_trip")
        resp = dist(lines, "responsive_all_parked")
        print(f"-- {title}")
        print(f"   baseline IPI round trip: median {ms(base['median_ns'])}, "
              f"max {ms(base['max_ns'])}")
        print(f"   responsive CPUs all parked: median "
              f"{ms(resp['median_ns'])}, p90 {ms(resp['p90_ns'])}, "
              f"max {ms(resp['max_ns'])}; median ratio to baseline "
              f"{resp['median_ns'] / base['median_ns']:.2f}")
        if any(l.startswith("irqoff_cpu_parked") for l in lines):
            irq = dist(lines, "irqoff_cpu_parked")
            by_nmi = [l for l in lines if l.startswith("irqoff_cpu_by_nmi")]
            over = irq["median_ns"] - delay * 1_000_000
            print(f"   irqs-off CPU parked: median {ms(irq['median_ns'])}, "
                  f"p90 {ms(irq['p90_ns'])}, max {ms(irq['max_ns'])}; "
                  f"median beyond the escalation delay {ms(over)}; "
                  f"{by_nmi[0] if by_nmi else ''}")
        bad = [l for l in lines if l.startswith("mode ")]
        print(f"   {bad[0] if bad else ''}")
    if bp:
        base, costs = bp
        parked = dist(busy, "responsive_all_parked")["median_ns"]
        print(f"=== breakpoint hit cost (target alone: {base} ns per call; "
              f"crash_stop all parked, same boot: median {ms(parked)}) ===")
        for name, c in costs.items():
            print(f"-- {name}: {c / 1000:.1f} us per hit, "
                  f"{c / parked:.4f} x a stop")
    if kdb is not None:
        print_kdb(kdb)
    if "gdb" in PARTS:
        print_gdb(*gdb_compare())
    if "kdbmon" in PARTS:
        print_kdbmon(*kdbmon_compare())
    if "tcp" in PARTS:
        print_tcp(gdb_tcp_compare())
    if "dump" in PARTS:
        print_dump(dump_bench())


def print_kdb(kdb):
    stopped, ratios, sizes = kdb
    print(f"=== kdb output rate against the line's raw rate "
          f"({KDB_ROUNDS} rounds) ===")
    print(f"-- raw polled output, machine stopped: median "
          f"{stopped / 1024:.1f} KiB/s")
    for cmd, r in ratios.items():
        print(f"-- {cmd} ({sizes[cmd]} bytes): median "
              f"{100 * statistics.median(r):.0f}% of the raw rate "
              f"(rounds: {', '.join(f'{100 * x:.0f}%' for x in r)})")


if __name__ == "__main__":
    main()
