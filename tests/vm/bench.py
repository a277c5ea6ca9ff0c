#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""`make bench`: crash_stop's stop latency in the test machine.

Not a test: it prints figures. Each run measures, in the same boot, a
baseline (a plain IPI to every other CPU and back, smp_call_function()
with wait) and then 1000 stops with every other CPU busy, and 1000 stops
with CPU 1 spinning with interrupts off, and reports the ratios.
Under TCG the figures are dominated by how the host schedules the vCPU
threads; compare the ratios, not the absolute times, across machines.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import VM  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1000"))
SMP = int(os.environ.get("SMP", "4"))


def dist(lines, name):
    for l in lines:
        if l.startswith(name + " "):
            return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", l)}
    raise RuntimeError(f"no {name} in {lines}")


def ms(ns):
    return f"{ns / 1e6:.3f} ms"


def main():
    vm = VM(smp=SMP)
    vm.set_log("bench")
    try:
        delay = int(vm.sh("cat /sys/module/crash_stop/parameters/"
                          "nmi_delay_ms").strip())
        busy = vm.cstest(f"bench {ROUNDS} busy", timeout=1200)
        irqoff = vm.cstest(f"bench {ROUNDS} irqoff", timeout=1200)
    finally:
        vm.close()
    print(f"=== crash_stop benchmark: {SMP} vCPUs (TCG), {ROUNDS} stops "
          f"per mode, nmi_delay_ms={delay} ===")
    for title, lines in (("all other CPUs busy, interrupts on", busy),
                         ("CPU 1 spinning with interrupts off", irqoff)):
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


if __name__ == "__main__":
    main()
