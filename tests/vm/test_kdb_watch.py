# SPDX-License-Identifier: GPL-2.0
"""kdb, part 2: hardware breakpoints and watchpoints (issue 8).

The test module's `watch BASE N [cpu]` starts a kthread (on that CPU, or
any) that stores BASE+1..BASE+N into cstest_watch_var, one store each in
cstest_watch_write(), then reads cstest_watch_ro (0x5eed1234, written
once at load) in cstest_watch_read(). What the debugger shows is checked
against those values, /proc/kallsyms and objdump of the module.
"""
import os
import re
import subprocess

import pytest

from vm import BUILD, KDB_PROMPT, SHELL_PROMPT

from test_kdb_bp import ENTRY, finish_bpcall, go_on, kallsyms, start_bpcall

RIP = re.compile(r"\brip\s*[:=]?\s*(?:0x)?([0-9a-f]{16})")
CSTEST_KO = os.path.join(BUILD, "kmod", "cstest.ko")


def entry(vm, timeout=120):
    """Wait for an entry: (cpu, reason, where, the banner's text)."""
    vm.child.expect(ENTRY, timeout=timeout)
    cpu, reason, where = vm.child.match.groups()
    vm.child.expect(KDB_PROMPT, timeout=timeout)
    banner = vm.child.before.replace("\r", "")
    vm.kdb_sync()
    return int(cpu), reason, where, banner


def start_watch(vm, args):
    vm.child.sendline(f"echo watch {args} > /sys/kernel/debug/cstest/ctl;"
                      " cat /sys/kernel/debug/cstest/result")


def finish_watch(vm, timeout=120):
    vm.child.expect(r"watch (\d+) writes, var (\d+), read (\d+)\r*\n",
                    timeout=timeout)
    res = tuple(int(g) for g in vm.child.match.groups())
    vm.child.expect(SHELL_PROMPT, timeout=timeout)
    return res


def after_access(func, var):
    """Offset in func of the instruction after the one that accesses var
    (the one holding var's relocation), from objdump -dr of the module."""
    dis = subprocess.run(["objdump", "-dr", CSTEST_KO,
                          f"--disassemble={func}"],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"^([0-9a-f]+) <" + re.escape(func) + r">:\n(.*?)(?:\n\n|\Z)",
                  dis, re.M | re.S)
    assert m, dis
    start = int(m.group(1), 16)
    insns = [int(a, 16) for a in
             re.findall(r"^\s*([0-9a-f]+):\t", m.group(2), re.M)]
    relocs = [int(a, 16) for a in
              re.findall(r"^\s*([0-9a-f]+): R_X86_64_\S+\s+" +
                         re.escape(var) + r"\b", m.group(2), re.M)]
    for r in relocs:
        for a, b in zip(insns, insns[1:]):
            if a <= r < b:
                return b - start
    raise AssertionError(dis)


def test_write_watchpoint_stops_after_the_store_with_the_new_value(vm):
    """bph dataw 8 on a variable a kthread writes: each store stops the
    machine right after the storing instruction (objdump says which),
    with the value just written; every CPU has it (a kthread bound to
    each CPU in turn); bc removes it and the kthread runs free."""
    var = kallsyms(vm, "cstest_watch_var")
    write = kallsyms(vm, "cstest_watch_write")
    after = after_access("cstest_watch_write", "cstest_watch_var")
    vm.enter_by_sysrq_trigger()
    out = vm.kdb_text("bph cstest_watch_var dataw 8")
    assert re.search(r"^Watchpoint 0: write to 8 bytes at "
                     r"cstest_watch_var\+0x0/", out, re.M), out
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    for cpu in range(4):
        start_watch(vm, f"{1000 * (cpu + 1)} 2 {cpu}")
        for i in (1, 2):
            entry_cpu, reason, where, banner = entry(vm)
            assert (entry_cpu, reason) == (cpu, "watchpoint"), where
            m = re.search(r"^Watchpoint 0 \(write 8 bytes at "
                          r"cstest_watch_var\+0x0/\S+ \[cstest\]\) hit on "
                          r"CPU (\d+) \((\d+) hits\)\n"
                          r"    value now 0x([0-9a-f]{16})\n"
                          r"    accessed by the instruction before "
                          r"cstest_watch_write\+0x([0-9a-f]+)/", banner, re.M)
            assert m, banner
            hit_cpu, hits, value, off = m.groups()
            assert int(hit_cpu) == cpu
            assert int(hits) == 2 * cpu + i
            assert int(value, 16) == 1000 * (cpu + 1) + i
            assert int(off, 16) == after
            rd = vm.kdb_text("rd")
            assert int(RIP.search(rd).group(1), 16) == write + after, rd
            # Memory agrees with the banner.
            md = vm.kdb_text("md8c1 0x%x" % var)
            assert "%016x" % (1000 * (cpu + 1) + i) in md, md
            go_on(vm)
        assert finish_watch(vm) == (2, 1000 * (cpu + 1) + 2, 0x5eed1234)
    vm.enter_by_sysrq_trigger()
    listing = vm.kdb_text("bl")
    assert re.search(r"^\s*0\s+on\s+dataw 8\s+8\s+8\s+cstest_watch_var",
                     listing, re.M), listing
    assert "Debug registers: 1 of 4 in use" in listing, listing
    assert "cleared" in vm.kdb_text("bc 0")
    vm.go()
    assert vm.cstest("watch 5 3") == ["watch 3 writes, var 8, read %d" % 0x5eed1234]


def test_read_watchpoint_and_condition(vm):
    """bph datar 4 stops on a read (x86 watches reads and writes
    together): value and place checked; with `if` on the value being
    written, a write watchpoint stops only on the matching store."""
    read = kallsyms(vm, "cstest_watch_read")
    after = after_access("cstest_watch_read", "cstest_watch_ro")
    vm.enter_by_sysrq_trigger()
    out = vm.kdb_text("bph cstest_watch_ro datar 4")
    assert "Watchpoint 0: read or write of 4 bytes at cstest_watch_ro" in out
    vm.kdb_ok("bph cstest_watch_var dataw 8 if *cstest_watch_var == 0x103")
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_watch(vm, "256 5")
    cpu, reason, where, banner = entry(vm)
    assert reason == "watchpoint", where
    assert re.search(r"^Watchpoint 1 \(write 8 bytes at cstest_watch_var\S+ "
                     r"\[cstest\]\) hit on CPU \d+ \(3 hits\)\n"
                     r"    value now 0x0*103\n", banner, re.M), banner
    go_on(vm)
    cpu, reason, where, banner = entry(vm)
    assert reason == "watchpoint", where
    m = re.search(r"^Watchpoint 0 \(read or write 4 bytes at "
                  r"cstest_watch_ro\S+ \[cstest\]\) hit on CPU \d+ "
                  r"\(1 hits\)\n"
                  r"    value now 0x5eed1234\n"
                  r"    accessed by the instruction before "
                  r"cstest_watch_read\+0x([0-9a-f]+)/", banner, re.M)
    assert m, banner
    assert int(m.group(1), 16) == after
    rip = int(RIP.search(vm.kdb_text("rd")).group(1), 16)
    assert rip == read + after
    # Entered from a #DB: a text poke (the bp) must not turn the debug
    # registers back on here, or reading the watched data would nest a
    # #DB on the #DB stack.
    vm.kdb_ok("bp cstest_bp_target")
    md = vm.kdb_text("md4c1 cstest_watch_ro")
    assert "5eed1234" in md and "while stopped" not in md, md
    vm.kdb_ok("bc cstest_bp_target")
    listing = vm.kdb_text("bl")
    assert re.search(r"^\s*1\s+on\s+dataw 8\s+5\s+1\s+cstest_watch_var",
                     listing, re.M), listing
    go_on(vm)
    assert finish_watch(vm) == (5, 261, 0x5eed1234)
    del cpu, where


def test_hardware_instruction_breakpoint(vm):
    """bph (inst) on a function: stops at its first instruction before it
    runs (rip is the function, rdi its argument); go runs it (the sum is
    right); a skip count is honoured; listed as inst."""
    target = kallsyms(vm, "cstest_bp_target")
    vm.enter_by_sysrq_trigger()
    out = vm.kdb_text("bph cstest_bp_target skip 2")
    assert re.search(r"^Hardware breakpoint 0 at cstest_bp_target\+0x0/",
                     out, re.M), out
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_bpcall(vm, "5 4")
    cpu, reason, where, banner = entry(vm)
    assert reason == "breakpoint" and where.startswith("cstest_bp_target+0x0")
    assert re.search(r"^Hardware breakpoint 0 at cstest_bp_target\+0x0/\S+ "
                     r"\[cstest\] hit on CPU \d+ \(3 hits\)", banner,
                     re.M), banner
    rd = vm.kdb_text("rd")
    assert int(RIP.search(rd).group(1), 16) == target, rd
    assert re.search(r"\brdi\s*[:=]?\s*(?:0x)?0*7\b", rd), rd
    # The instruction is not replaced: memory shows it as it is.
    assert not vm.kdb_text("mdr cstest_bp_target 1").replace(" ", "") \
        .endswith("cc")
    go_on(vm)
    # One more hit (8), then it is cleared from the stop.
    cpu, reason, where, banner = entry(vm)
    assert re.search(r"^Hardware breakpoint 0 at cstest_bp_target\+0x0/\S+ "
                     r"\[cstest\] hit on CPU \d+ \(4 hits\)", banner,
                     re.M), banner
    listing = vm.kdb_text("bl")
    assert re.search(r"^\s*0\s+on\s+inst\s+4\s+2\s+cstest_bp_target",
                     listing, re.M), listing
    vm.kdb_ok("bc 0")
    go_on(vm)
    assert finish_bpcall(vm) == (4, sum(2 * a + 1 for a in range(5, 9)))
    assert vm.cstest("bpcall 1 2") == ["bpcall 2 calls, sum 8"]
    del cpu


def test_bph_bad_input_and_slots_exhausted(vm):
    """Bad lengths, alignment, kinds and places are refused with a reason;
    the four debug registers run out with a clear error; nothing is left
    set and the machine runs on."""
    vm.enter_by_sysrq_trigger()
    cases = [
        ("bph cstest_watch_var+1 dataw 8", "aligned to the length"),
        ("bph cstest_watch_var+2 datar 4", "aligned to the length"),
        ("bph cstest_watch_var dataw 3", "1, 2, 4 or 8"),
        ("bph cstest_watch_var dataw 16", "kdb:"),
        ("bph cstest_watch_var dataw 0", "kdb:"),
        ("bph cstest_bp_target inst 4", "only data has a length"),
        ("bph cstest_bp_target datax", "the kind is inst, dataw or datar"),
        ("bph __per_cpu_offset dataw 8", "CPU entry area"),
        ("bph dbg_enter", "kprobes blacklist"),
        ("bph jiffies", "not kernel or module text"),
        ("bph 0x10 dataw", "not a kernel address"),
        ("bph 0x8000000000000000 dataw 8", "non-canonical"),
        ("bph cstest_watch_var dataw 8 cpu 9", "no CPU 9"),
        ("bph", "kdb:"),
    ]
    for cmd, want in cases:
        out = vm.kdb_text(cmd)
        assert want in out and out.startswith("kdb:"), (cmd, out)
    assert "No breakpoints set" in vm.kdb_text("bl")
    for i, off in enumerate((0, 8, 16, 24)):
        out = vm.kdb_text(f"bph jiffies+{off} dataw 8")
        assert out.startswith(f"Watchpoint {i}:"), out
    out = vm.kdb_text("bph cstest_watch_var dataw 8")
    assert "all 4 debug registers the debugger reserved are in use" in out
    assert "Debug registers: 4 of 4 in use" in vm.kdb_text("bl")
    # A software breakpoint still works; one slot freed takes a watchpoint.
    vm.kdb_ok("bp cstest_bp_target")
    vm.kdb_ok("bc 1")
    out = vm.kdb_text("bph cstest_watch_var dataw 8")
    assert out.startswith("Watchpoint 1:"), out
    assert "5 breakpoints cleared" in vm.kdb_text("bc *")
    assert "Debug registers: 0 of 4 in use" in vm.kdb_text("bl")
    vm.go()
    assert vm.cstest("watch 1 1") == ["watch 1 writes, var 2, read %d" % 0x5eed1234]
    assert vm.cstest("bpcall 3 1") == ["bpcall 1 calls, sum 7"]


def test_watchpoint_on_jiffies_every_cpu_hits_at_once(vm):
    """A write watchpoint on jiffies (written by the timer tick): the
    machine stops in the tick with the new value; go lets it run on, a
    second stop shows a later value, and after bc it keeps time."""
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok("bph jiffies dataw 8")
    seen = []
    vm.child.send("go\r")
    for _ in range(2):
        cpu, reason, where, banner = entry(vm)
        m = re.search(r"^Watchpoint 0 \(write 8 bytes at jiffies\+0x0/\S+\) "
                      r"hit on CPU \d+ \(\d+ hits\)\n"
                      r"    value now 0x([0-9a-f]{16})\n", banner, re.M)
        assert reason == "watchpoint" and m, banner
        seen.append(int(m.group(1), 16))
        md = vm.kdb_text("md8c1 jiffies")
        assert "%016x" % seen[-1] in md, md
        vm.child.send("go\r")
    entry(vm)
    vm.kdb_ok("bc 0")
    # Whether the shell prompted before the first tick stopped it or
    # only now is a race: sync on a command's output instead.
    go_on(vm)
    vm.sh("true")
    assert seen[1] > seen[0], seen
    beat = vm.heartbeat()
    vm.heartbeat_moves_on(beat)


def test_debug_registers_shared_with_perf_users(vm):
    """With all four debug registers reserved (the default), a user's perf
    breakpoint is refused by the kernel's own slot accounting (ENOSPC),
    not given a register the debugger uses."""
    out = vm.sh("dmesg | grep 'debug registers reserved'")
    assert "4 of 4 debug registers reserved for hardware breakpoints, " \
        "0 left to perf and ptrace" in out, out
    vm.sh("mkfifo /tmp/f")
    vm.sh("hwbp_user 1 /tmp/f > /tmp/out & sleep 1; echo go > /tmp/f; wait")
    out = vm.sh("cat /tmp/out")
    assert "opened 0 of 1: No space left on device" in out, out


@pytest.mark.parametrize("vm", ["dbg_core.hw_slots=2"], indirect=True)
def test_two_slots_for_the_debugger_two_for_perf(vm):
    """dbg_core.hw_slots=2: the debugger has two (a third bph is refused),
    a user process gets the other two (a third is refused). A debugger
    watchpoint stops the machine while the user's breakpoints are set,
    and afterwards each user breakpoint counted exactly its 10 writes:
    loading the debugger's slots on every CPU clobbered neither."""
    out = vm.sh("dmesg | grep 'debug registers reserved'")
    assert "2 of 4 debug registers reserved" in out, out
    vm.sh("mkfifo /tmp/f")
    vm.child.sendline("hwbp_user 3 /tmp/f > /tmp/out &")
    vm.child.expect(SHELL_PROMPT)
    vm.sh("sleep 1")
    assert "opened 2 of 3: No space left on device" in vm.sh("cat /tmp/out")
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok("bph cstest_watch_var dataw 8")
    vm.kdb_ok("bph cstest_bp_target")
    out = vm.kdb_text("bph jiffies dataw 8")
    assert "all 2 debug registers the debugger reserved are in use" in out
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_watch(vm, "40 1")
    cpu, reason, where, banner = entry(vm)
    assert reason == "watchpoint" and "value now 0x0000000000000029" in \
        banner, banner
    vm.kdb_ok("bc *")
    go_on(vm)
    assert finish_watch(vm) == (1, 41, 0x5eed1234)
    vm.sh("echo go > /tmp/f; wait")
    assert "counts: 10 10" in vm.sh("cat /tmp/out")
    del cpu, where
