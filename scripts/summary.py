#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Print the end-of-check summary: test counts, kernel build time,
median VM boot time. Usage: scripts/summary.py BUILD_DIR"""
import os
import re
import statistics
import sys
import xml.etree.ElementTree as ET

build = sys.argv[1]


def read(name):
    try:
        with open(os.path.join(build, name)) as f:
            return f.read()
    except OSError:
        return ""


unit_log = read("unit.log")
unit = sum(int(n) for n in re.findall(r"PASSED\s*\]\s*(\d+) test", unit_log))
unit_failed = sum(int(n) for n in re.findall(r"FAILED\s*\]\s*(\d+) test", unit_log))
fuzz = [l for l in unit_log.splitlines() if l.startswith("Done ")]

vm_passed = vm_failed = vm_skipped = 0
try:
    root = ET.parse(os.path.join(build, "vmtest.xml")).getroot()
    suite = root.find("testsuite")
    suite = suite if suite is not None else root
    tests = int(suite.get("tests"))
    vm_failed = int(suite.get("failures")) + int(suite.get("errors"))
    vm_skipped = int(suite.get("skipped"))
    vm_passed = tests - vm_failed - vm_skipped
except (OSError, ET.ParseError, TypeError):
    vm_failed = 1
    print("vm tests: no results (build/vmtest.xml missing)")

boots = [float(x) for x in read("boot-times").split()]
print("=== summary ===")
print(f"unit tests: {unit} passed, {unit_failed} failed"
      + (f"; fuzzer: {fuzz[-1]}" if fuzz else ""))
print(f"vm tests: {vm_passed} passed, {vm_failed} failed, {vm_skipped} skipped")
print(f"kernel build time: {read('kernel-build-time').strip() or '?'}")
if boots:
    print(f"median VM boot time: {statistics.median(boots):.2f} s "
          f"(QEMU start to /init's READY line, over {len(boots)} boots)")
else:
    print("median VM boot time: no boots recorded")
crashes = read("qemu-crashes").count("\n")
if crashes:
    print(f"QEMU crashed during {crashes} boot(s), booted again "
          "(see tests/vm/vm.py)")
print(f"{unit + vm_passed} passed, {unit_failed + vm_failed} failed")
sys.exit(1 if unit_failed or vm_failed or vm_skipped else 0)
