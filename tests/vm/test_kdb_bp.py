# SPDX-License-Identifier: GPL-2.0
"""kdb, part 2: breakpoints (issue 8).

The test module's cstest_bp_target(arg) stores arg and returns 2*arg+1;
`bpcall FIRST N [all]` calls it with FIRST..FIRST+N-1 (on every CPU at
once with "all") and reports the sum of what it returned, so a wrong
out-of-line run of the breakpoint's instruction shows as a wrong sum.
Addresses come from /proc/kallsyms and objdump, not from the debugger.
"""
import os
import re
import subprocess
import time

from vm import BUILD, SHELL_PROMPT, config_has

# Up to the line's end: pexpect may see a line before all of it came.
ENTRY = re.compile(
    r"Entering kdb on CPU (\d+) \(reason: (\S+)\) at ([^\r\n]+)\r*\n")
HIT = re.compile(r"^Breakpoint (\d+) at (\S+) hit on CPU (\d+) \((\d+) hits\)",
                 re.M)


def kallsyms(vm, name):
    out = vm.sh(f"grep -w '{name}' /proc/kallsyms")
    m = re.search(r"^([0-9a-f]{16}) \w " + re.escape(name) + r"(\s|$)", out,
                  re.M)
    assert m, out
    return int(m.group(1), 16)


def objdump_bytes(path, func):
    """The first instruction's bytes of a function, from objdump."""
    dis = subprocess.run(["objdump", "-d", path], capture_output=True,
                         text=True, check=True).stdout
    body = dis.split(f"<{func}>:\n")[1]
    first = body.split("\n")[0]
    return bytes(int(b, 16) for b in first.split("\t")[1].split())


def start_bpcall(vm, args):
    """Write a bpcall command; the shell waits until it is done."""
    vm.child.sendline(f"echo bpcall {args} > /sys/kernel/debug/cstest/ctl;"
                      " cat /sys/kernel/debug/cstest/result")


def expect_entry(vm, timeout=120):
    vm.child.expect(ENTRY, timeout=timeout)
    cpu, reason, where = vm.child.match.groups()
    vm.kdb_sync()
    return int(cpu), reason, where


def finish_bpcall(vm, timeout=120):
    vm.child.expect(r"bpcall (\d+) calls, sum (\d+)\r*\n", timeout=timeout)
    n, total = int(vm.child.match.group(1)), int(vm.child.match.group(2))
    vm.child.expect(SHELL_PROMPT, timeout=timeout)
    return n, total


def go_on(vm):
    vm.child.send("go\r")
    vm.child.expect_exact("Resuming", timeout=120)


def test_bp_stops_resumes_and_clears(vm):
    """A breakpoint in module text: the hit names it, on the right PC,
    with the call's argument in rdi; memory shows the real bytes while
    stopped; go runs the real instruction (the sum is right); it hits
    again; bc removes it."""
    assert config_has("CONFIG_STRICT_KERNEL_RWX")
    target = kallsyms(vm, "cstest_bp_target")
    sink = kallsyms(vm, "cstest_bp_sink")
    real = objdump_bytes(os.path.join(BUILD, "kmod", "cstest.ko"),
                         "cstest_bp_target")
    vm.enter_by_sysrq_trigger()
    out = vm.kdb_text("bp cstest_bp_target")
    assert re.search(r"^Breakpoint 0 at cstest_bp_target\+0x0/", out,
                     re.M), out
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_bpcall(vm, "7 1")
    cpu, reason, where = expect_entry(vm)
    assert reason == "breakpoint" and where.startswith("cstest_bp_target+0x0/")
    rd = vm.kdb_text("rd")
    assert re.search(r"\brip\s*[:=]?\s*0x%016x" % target, rd) or \
        ("%016x" % target) in rd, rd
    assert re.search(r"\brdi\s*[:=]?\s*0x0*7\b", rd), rd
    # While stopped the int3 is out of the text: the real bytes, those of
    # objdump's "mov %rdi,cstest_bp_sink(%rip)" with the displacement the
    # module loader filled in (the .ko has zeros there).
    assert real[:3] == bytes.fromhex("48893d") and len(real) == 7, real
    disp = (sink - (target + 7)) & 0xffffffff
    shown = vm.kdb("mdr cstest_bp_target 7")[-1].replace(" ", "")
    assert shown == real[:3].hex() + disp.to_bytes(4, "little").hex(), shown
    go_on(vm)
    assert finish_bpcall(vm) == (1, 15)
    start_bpcall(vm, "8 1")
    expect_entry(vm)
    listing = vm.kdb_text("bp")
    assert re.search(r"^\s*0\s+on\s+soft\s+2\s+2\s+cstest_bp_target",
                     listing, re.M), listing
    out = vm.kdb_text("bc 0")
    assert "Breakpoint 0 at cstest_bp_target+0x0/" in out and "cleared" in out
    go_on(vm)
    assert finish_bpcall(vm) == (1, 17)
    assert vm.cstest("bpcall 9 1") == ["bpcall 1 calls, sum 19"]
    assert cpu in range(4)


def test_bp_in_read_only_kernel_text(vm):
    """Core kernel text, read-only under STRICT_KERNEL_RWX: the int3 goes
    in through text_poke; uname's answer is right after go."""
    release = vm.sh("uname -r").strip()
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok("bp __x64_sys_newuname")
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    vm.child.sendline("uname -r")
    cpu, reason, where = expect_entry(vm)
    assert reason == "breakpoint" and where.startswith("__x64_sys_newuname+0x0")
    vm.kdb_ok("bc 0")
    go_on(vm)
    vm.child.expect_exact(release)
    vm.child.expect(SHELL_PROMPT)
    del cpu


def test_bp_hit_on_every_cpu_at_once(vm):
    """Four CPUs call the target at the same instant, 200 rounds: every
    CPU's hit is reported in a stop (none lost, none reported twice),
    every call ran the real code, and the machine keeps going."""
    rounds = 200
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok("bp cstest_bp_target")
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_bpcall(vm, f"1 {rounds} all")
    reported = {}
    stops = 0
    while sum(reported.values()) < 4 * rounds:
        expect_entry(vm, timeout=300)
        stops += 1
        text = vm.kdb_text("cpus")
        for cpu in map(int, re.findall(r"^[ *]\s*(\d+)\s+\S+.*\[breakpoint\]",
                                       text, re.M)):
            reported[cpu] = reported.get(cpu, 0) + 1
        go_on(vm)
    assert finish_bpcall(vm, timeout=300) == (rounds, 4 * sum(
        2 * a + 1 for a in range(1, rounds + 1)))
    assert reported == {0: rounds, 1: rounds, 2: rounds, 3: rounds}, reported
    print(f"{rounds} rounds, {stops} stops, {4 * rounds} hits reported")
    vm.sh("true")


def test_bp_condition_skip_and_count(vm):
    """A condition evaluated on the hitting CPU stops exactly when it
    holds; skip lets the first hits run; count disables after N stops."""
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok("bp cstest_bp_target if $rdi == 499")
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_bpcall(vm, "0 1000")
    expect_entry(vm)
    assert re.search(r"\brdi\s*[:=]?\s*0x0*1f3\b", vm.kdb_text("rd"))
    go_on(vm)
    assert finish_bpcall(vm) == (1000, 1000 * 1000)
    vm.enter_by_sysrq_trigger()
    listing = vm.kdb_text("bp")
    assert re.search(r"^\s*0\s+on\s+soft\s+1000\s+1\s", listing,
                     re.M), listing
    vm.kdb_ok("bc 0")
    vm.kdb_ok("bp cstest_bp_target skip 9 count 1")
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_bpcall(vm, "0 100")
    expect_entry(vm)
    assert re.search(r"\brdi\s*[:=]?\s*0x0*9\b", vm.kdb_text("rd"))
    go_on(vm)
    # Disabled after its one stop: the other 90 calls run through.
    assert finish_bpcall(vm) == (100, 100 * 100)


def test_bp_do_commands_trace_1000_hits(vm):
    """A tracing breakpoint: `do "bt; go"` prints a trace and resumes at
    each of 1000 hits, with nobody typing; the machine keeps going."""
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok('bp cstest_bp_target do "bt; go"')
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    t0 = time.monotonic()
    start_bpcall(vm, "0 1000")
    n, total = finish_bpcall(vm, timeout=1800)
    took = time.monotonic() - t0
    assert (n, total) == (1000, 1000 * 1000)
    vm.logfile.flush()
    log = open(vm.logfile.name).read()
    assert log.count("(reason: breakpoint) at cstest_bp_target") == 1000
    assert log.count("cstest_bp_target+0x0/") >= 2000
    print(f"1000 traced hits in {took:.1f} s: {took:.3f} ms per hit")
    beat = vm.heartbeat()
    vm.heartbeat_moves_on(beat)


def test_bp_bad_input(vm):
    """Each refusal says why and leaves nothing set."""
    vm.enter_by_sysrq_trigger()
    cases = [
        ("bp jiffies", "not kernel or module text"),
        ("bp cstest_bp_target+1", "inside an instruction"),
        ("bp crash_stop", "kprobes blacklist"),
        ("bp dbg_enter", "kprobes blacklist"),
        ("bp asm_exc_int3", "kprobes blacklist"),
        ("bp 0x10", "user-space address"),
        ("bp 0x8000000000000000", "non-canonical"),
        ("bp cstest_bp_target cpu 9", "no CPU 9"),
        ("bp cstest_bp_target if", "'if' needs an expression"),
        ("bp cstest_bp_target if no_such_symbol == 1", "condition"),
        ("bp cstest_bp_target frob", "unknown word 'frob'"),
        ("bc 7", "no breakpoint 7"),
        ("be 0x1234", "no breakpoint at"),
        ("bl 1", "bl only lists"),
    ]
    for cmd, want in cases:
        out = vm.kdb_text(cmd)
        assert want in out and out.startswith("kdb:"), (cmd, out)
    assert "No breakpoints set" in vm.kdb_text("bp")
    vm.kdb_ok("bp cstest_bp_target")
    out = vm.kdb_text("bp cstest_bp_target")
    assert "breakpoint 0 is already at cstest_bp_target" in out, out
    # mm on the instruction under a breakpoint would make its copy stale.
    out = vm.kdb_text("mm1 cstest_bp_target 0x90")
    assert "busy" in out, out
    out = vm.kdb_text("bc *")
    assert "1 breakpoints cleared" in out, out
    vm.go()
    assert vm.cstest("bpcall 3 1") == ["bpcall 1 calls, sum 7"]


def test_bp_table_full(vm):
    """64 breakpoints, the 65th refused: the table is fixed in size."""
    vmlinux = os.path.join(BUILD, "kobj", "vmlinux")
    addrs = []
    for func in ("do_sys_openat2", "vfs_read", "vfs_write"):
        dis = subprocess.run(["objdump", "-d", "--no-show-raw-insn", vmlinux,
                              f"--disassemble={func}"],
                             capture_output=True, text=True,
                             check=True).stdout
        addrs += [int(a, 16) for a in
                  re.findall(r"^(ffffffff[0-9a-f]+):", dis, re.M)]
    vm.enter_by_sysrq_trigger()
    n = 0
    for a in addrs:
        out = vm.kdb_text("bp 0x%x" % a)
        if out.startswith("Breakpoint"):
            n += 1
        if n == 64:
            break
    assert n == 64, n
    out = vm.kdb_text("bp cstest_bp_target")
    assert "all 64 breakpoints are in use" in out, out
    assert "64 breakpoints cleared" in vm.kdb_text("bc *")
    vm.go()


def test_bp_cleared_when_its_module_unloads(vm):
    """Unloading the module takes its breakpoint out before its memory is
    freed and says so; the module loads again and runs."""
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok("bp cstest_bp_target")
    vm.go()
    out = vm.sh("rmmod cstest && dmesg | grep 'module cstest unloaded'")
    assert re.search(r"breakpoint 0 at cstest_bp_target\+0x0/\S+ \[cstest\] "
                     r"cleared: module cstest unloaded", out), out
    vm.sh("insmod /lib/modules/cstest.ko")
    assert vm.cstest("bpcall 2 1") == ["bpcall 1 calls, sum 5"]
    vm.enter_by_sysrq_trigger()
    assert "No breakpoints set" in vm.kdb_text("bp")
    vm.go()


def insn_starts(func, module):
    """Offsets of the instructions of a function, from objdump."""
    path = os.path.join(BUILD, "kmod", module + ".ko") if module else \
        os.path.join(BUILD, "kobj", "vmlinux")
    dis = subprocess.run(["objdump", "-d", "--no-show-raw-insn", path,
                          f"--disassemble={func}"],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"^([0-9a-f]+) <" + re.escape(func) + r">:\n(.*?)(?:\n\n|\Z)",
                  dis, re.M | re.S)
    assert m, (func, module)
    start = int(m.group(1), 16)
    return {int(a, 16) - start for a in
            re.findall(r"^\s*([0-9a-f]+):", m.group(2), re.M)}


def test_ss_20_instructions_match_objdump(vm):
    """From a breakpoint, 20 single-steps: every PC is an instruction
    boundary objdump gives for its function; through the target's four
    instructions and its ret back to the caller, right after the call.
    The other CPUs stay stopped; go finishes the call correctly."""
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok("bp cstest_bp_target")
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_bpcall(vm, "5 1")
    expect_entry(vm)
    vm.child.send("ss 20\r")
    pcs = []
    for _ in range(20):
        vm.child.expect(ENTRY, timeout=120)
        cpu, reason, where = vm.child.match.groups()
        assert reason == "single-step", where
        pcs.append(where)
    vm.kdb_sync()
    for where in pcs:
        m = re.match(r"^([\w.]+)\+0x([0-9a-f]+)/0x[0-9a-f]+(?: \[(\w+)\])?$",
                     where)
        assert m, where
        func, off, module = m.group(1), int(m.group(2), 16), m.group(3)
        assert off in insn_starts(func, module), (where, pcs)
    assert [p.split("/")[0] for p in pcs[:3]] == [
        "cstest_bp_target+0x7", "cstest_bp_target+0xa",
        "cstest_bp_target+0xe"], pcs
    assert pcs[3].startswith("cst_bp_call+"), pcs
    # The others were held: every other CPU still shows stopped.
    rows = [l for l in vm.kdb("cpus") if re.match(r"^[ *]\s*\d+\s", l)]
    assert sum(" stopped " in r for r in rows) == 3, rows
    go_on(vm)
    assert finish_bpcall(vm) == (1, 11)


def test_so_finish_until(vm):
    """finish from the target stops right after its call, with its return
    value in rax; until stops at the address given; so over the call
    stops at the next instruction with the call done."""
    starts = sorted(insn_starts("cst_bp_call", "cstest"))
    dis = subprocess.run(["objdump", "-d", os.path.join(BUILD, "kmod",
                                                        "cstest.ko"),
                          "--disassemble=cst_bp_call"],
                         capture_output=True, text=True, check=True).stdout
    base = int(re.search(r"^([0-9a-f]+) <cst_bp_call>:", dis, re.M)
               .group(1), 16)
    call = int(re.search(r"^\s*([0-9a-f]+):.*call.*<cstest_bp_target>", dis,
                         re.M).group(1), 16) - base
    after = starts[starts.index(call) + 1]
    later = starts[starts.index(call) + 2]
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok("bp cstest_bp_target")
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_bpcall(vm, "3 1")
    expect_entry(vm)
    vm.kdb_ok("bc 0")
    vm.child.send("finish\r")
    cpu, reason, where = expect_entry(vm)
    assert where.startswith("cst_bp_call+0x%x/" % after), where
    assert re.search(r"\brax\s*[:=]?\s*0x0*7\b", vm.kdb_text("rd"))
    vm.child.send("until cst_bp_call+0x%x\r" % later)
    cpu, reason, where = expect_entry(vm)
    assert where.startswith("cst_bp_call+0x%x/" % later), where
    go_on(vm)
    assert finish_bpcall(vm) == (1, 7)
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok("bp cst_bp_call+0x%x" % call)
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_bpcall(vm, "4 1")
    expect_entry(vm)
    vm.kdb_ok("bc *")
    vm.child.send("so\r")
    cpu, reason, where = expect_entry(vm)
    assert where.startswith("cst_bp_call+0x%x/" % after), where
    assert re.search(r"\brax\s*[:=]?\s*0x0*9\b", vm.kdb_text("rd"))
    go_on(vm)
    assert finish_bpcall(vm) == (1, 9)
    # One-shot: gone once the stop it made is over.
    vm.enter_by_sysrq_trigger()
    assert "No breakpoints set" in vm.kdb_text("bp")
    vm.go()


def test_bp_condition_that_faults_stops_and_says_why(vm):
    """A condition whose read fails at the hit does not wedge anything:
    the hit stops and the banner says why."""
    vm.enter_by_sysrq_trigger()
    # rdi << 60 is not canonical: the read fails at every hit.
    vm.kdb_ok("bp cstest_bp_target if *($rdi << 60) == 1")
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_bpcall(vm, "4 1")
    expect_entry(vm)
    vm.logfile.flush()
    log = open(vm.logfile.name).read()
    assert re.search(r"its condition could not be evaluated: .*"
                     r"non-canonical", log), log[-2000:]
    vm.kdb_ok("bc 0")
    go_on(vm)
    assert finish_bpcall(vm) == (1, 9)


def test_bp_on_the_hit_path_itself_does_not_recurse(vm):
    """A breakpoint on the expression evaluator, which every conditional
    hit runs: its hits inside a hit are counted and run through, never a
    stop or a recursion; the outer breakpoint stops as asked."""
    vm.enter_by_sysrq_trigger()
    vm.kdb_ok("bp dbg_expr_eval if 1")
    vm.kdb_ok("bp cstest_bp_target if $rdi == 6")
    go_on(vm)
    vm.child.expect(SHELL_PROMPT)
    start_bpcall(vm, "6 1")
    cpu, reason, where = expect_entry(vm)
    assert where.startswith("cstest_bp_target+0x0/"), where
    listing = vm.kdb_text("bp")
    m = re.search(r"^\s*0\s+on\s+soft\s+(\d+)\s+(\d+)\s+dbg_expr_eval",
                  listing, re.M)
    assert m and int(m.group(1)) >= 1 and int(m.group(2)) == 0, listing
    vm.kdb_ok("bc *")
    go_on(vm)
    assert finish_bpcall(vm) == (1, 13)


def test_ss_refused_after_an_nmi_entry(vm):
    """Entered from an NMI (through the interrupt it raises, or on its
    own frame), the entering CPU cannot be stepped: its step flag would
    first run the interrupt's exit with every other CPU stopped."""
    vm.start_busy_loops(4)
    vm.enter_by_monitor_nmi()
    out = vm.kdb_text("ss")
    assert "kdb: ss: the entering CPU cannot be stepped here" in out, out
    vm.child.send("go\r")
    vm.child.expect_exact("Resuming")
    assert vm.sh("echo alive", timeout=120).strip() == "alive"
