#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""`make bench`: figures, not tests, measured in the test machine.

1. crash_stop's stop latency. In the same boot, a baseline (a plain IPI
   to every other CPU and back, smp_call_function() with wait), then
   1000 stops with every other CPU busy, and 1000 stops with CPU 1
   spinning with interrupts off; the ratios.
2. kdb's output rate. In the same boot, the raw rate of the debugger's
   polled serial output (the test module writes lines through it from a
   stop's callback, every other CPU parked as when kdb runs; and, for
   reference, with the machine running), then the rate of `bta A`, of
   `dmesg` (the whole log) and of `md` at the kdb prompt; the ratios.
   The target is that the shell is limited by the line: at least 90%
   of the raw rate. Under TCG the parked vCPUs spin on host cores, so
   the stopped rate is the baseline that compares like with like.

3. A breakpoint hit that does not stop the machine. In the same boot,
   N calls of the test module's target without a breakpoint, then with
   a breakpoint whose condition is false (the hit runs the condition on
   the hitting CPU and the instruction out of line: no stop), then with
   one whose hits are skipped, then a tracing one (`do "go"`: every hit
   stops the machine, shows the banner and resumes); each against
   crash_stop's own all-parked time measured in the same boot.
   The target is a false condition at 20 µs or less, no stop at all.

Under TCG the figures are dominated by how the host schedules the vCPU
threads; compare the ratios, not the absolute times, across machines.
"""
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import KDB_PROMPT, VM  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1000"))
SMP = int(os.environ.get("SMP", "4"))


def dist(lines, name):
    for l in lines:
        if l.startswith(name + " "):
            return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", l)}
    raise RuntimeError(f"no {name} in {lines}")


def ms(ns):
    return f"{ns / 1e6:.3f} ms"


BP_CALLS = int(os.environ.get("BENCH_BP_CALLS", "20000"))
BP_TRACED = int(os.environ.get("BENCH_BP_TRACED", "200"))
# Which parts to run: stop, kdb, bp.
PARTS = os.environ.get("BENCH_PARTS", "stop,kdb,bp").split(",")

RAW_BYTES = int(os.environ.get("BENCH_RAW_BYTES", str(256 << 10)))
KDB_ROUNDS = int(os.environ.get("BENCH_KDB_ROUNDS", "3"))
KDB_CMDS = ("bta A", "dmesg", "md linux_banner 2048")


def timed(vm, start, end, timeout=1200):
    """Bytes received between @start and @end, and the time they took."""
    vm.child.expect(start, timeout=timeout, searchwindowsize=4096)
    t0 = time.monotonic()
    vm.child.expect(end, timeout=timeout, searchwindowsize=4096)
    return len(vm.child.before), time.monotonic() - t0


def raw_rate(vm, how):
    vm.child.sendline("echo rawout %d %s > /sys/kernel/debug/cstest/ctl"
                      % (RAW_BYTES, how))
    n, t = timed(vm, "RAWOUT-BEGIN", "RAWOUT-END")
    vm.child.expect_exact("dbgsh# ")
    return n / t


def kdb_rates(vm):
    """Rounds of: the line's raw rate with the machine stopped, then each
    kdb command's rate, so a noisy host affects both alike; the ratio of
    each round, and the raw rate with the machine running, for
    reference. Returns (raw stopped, raw running, {cmd: [ratio...]},
    {cmd: bytes})."""
    vm.child.logfile_read = None        # the log would slow the host side
    vm.child.maxread = 65536
    # Enough log for dmesg to take a while.
    vm.sh("for i in $(seq 400); do echo dbgbench line $i of the kernel "
          "log, long enough to look like a real one > /dev/kmsg; done")
    raws, ratios, sizes = [], {c: [] for c in KDB_CMDS}, {}
    running = raw_rate(vm, "running")
    for _ in range(KDB_ROUNDS):
        raw = raw_rate(vm, "stopped")
        raws.append(raw)
        vm.enter_by_sysrq_trigger()
        for cmd in KDB_CMDS:
            vm.child.send(cmd + "\r")
            n, t = timed(vm, cmd, KDB_PROMPT)
            ratios[cmd].append(n / t / raw)
            sizes[cmd] = n
        vm.go()
    return statistics.median(raws), running, ratios, sizes


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


def main():
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
    if kdb is None:
        return
    stopped, running, ratios, sizes = kdb
    print(f"=== kdb output rate against the line's raw rate "
          f"({KDB_ROUNDS} rounds) ===")
    print(f"-- raw polled output, machine stopped: median "
          f"{stopped / 1024:.1f} KiB/s (running: {running / 1024:.1f} "
          f"KiB/s; under TCG the parked vCPUs take host time)")
    for cmd, r in ratios.items():
        print(f"-- {cmd} ({sizes[cmd]} bytes): median "
              f"{100 * statistics.median(r):.0f}% of the raw rate "
              f"(rounds: {', '.join(f'{100 * x:.0f}%' for x in r)})")


if __name__ == "__main__":
    main()
