# SPDX-License-Identifier: GPL-2.0
"""Bad input at the kdb prompt: each gets a clear one-line error, never an
oops, a hang or a fault the last-resort recovery has to catch, and the
machine is alive afterwards (issue 7)."""
import re
import time

from vm import KDB_PROMPT, gdb_eval

# (command, text its error must contain). Every one must print a line
# starting with "kdb: ".
CATALOGUE = [
    # Addresses: user, non-canonical, unmapped, vsyscall, garbage.
    ("md 0", "user-space address"),
    ("md 0x7fffffffe000", "user-space address"),
    ("md 0x800000000000", "non-canonical"),
    ("md 0xdead000000000000", "non-canonical"),
    ("md 0xffffffffff600000", "user-space address"),
    ("md 0xffffc8fffffff000", "not mapped"),
    ("md -1", "not mapped"),
    ("mds 0xffffea0fffff0000", "not mapped"),
    ("mdr 0xffffc8fffffff000 16", "not mapped"),
    ("mdp 0xfffffffff000", "not RAM"),
    ("mdp 0xfee00000", "not RAM"),          # the local APIC: device memory
    ("md *0", "cannot read"),
    ("ef 0x1000", "user-space address"),
    # Expressions.
    ("md nosuchsymbol_xyz", "unknown symbol 'nosuchsymbol_xyz'"),
    ("md 1f", "bad number '1f'"),
    ("md 0x", "bad number '0x'"),
    ("md 0x1ffffffffffffffff", "number too large"),
    ("md (1+", "missing operand at column 4"),
    ("md (1", "expected ')'"),
    ("md 1)", "unexpected ')' at column 2"),
    ("md 1 2 3 4", "wrong arguments"),
    ("md 1/0", "division by zero"),
    ("md 5%0", "division by zero"),
    ("md $nosuchreg", "unknown register"),
    ("md #", "unexpected character"),
    ("md " + "(" * 20 + "1" + ")" * 20, "too deeply nested"),
    ("md " + "a" * 200, "too long"),
    # Counts and sizes.
    ("md linux_banner 100000", "out of range"),
    ("md linux_banner 0", "out of range"),
    ("md linux_banner 8 7", "radix must be 8, 10 or 16"),
    ("md3 linux_banner", "wrong arguments"),
    ("md8c0 linux_banner", "wrong arguments"),
    ("md8c99999999 linux_banner", "wrong arguments"),
    ("md8c9999 linux_banner", "count too large"),
    ("mdr linux_banner 0", "out of range"),
    ("mdr linux_banner 0x7fffffff", "out of range"),
    ("mdr linux_banner", "wrong arguments"),
    # Writes.
    ("mm linux_banner", "wrong arguments"),
    ("mm 0 1", "user-space address"),
    ("mm1 jiffies 0x1ff", "does not fit in 1 byte"),
    ("mm linux_banner 0", "read-only"),
    ("mm 0xffffc8fffffff000 0", "not mapped"),
    ("mm3 jiffies 0", "wrong arguments"),
    # Registers.
    ("rm", "wrong arguments"),
    ("rm nosuch 1", "no register 'nosuch'"),
    ("rm cs 1", "cs is read-only"),
    ("rm rip nosuchsymbol_xyz", "unknown symbol"),
    # A PC or stack pointer the CPU could not return to (issue 7 review).
    ("rm rip 0x1", "the CPU could not return there"),
    ("rm rip jiffies", "the CPU could not return there"),
    ("rm rsp 0xffffc8fffffff000", "the CPU could not return there"),
    ("rm rip 0x7fffffffe000", "the CPU could not return there"),
    ("go 0x10", "the CPU could not resume there"),
    ("go jiffies", "the CPU could not resume there"),
    ("rd now", "wrong arguments"),
    # Tasks and CPUs.
    ("btp 999999", "no task with pid 999999"),
    ("btp -1", "out of range"),
    ("btp nosuchsymbol_xyz", "unknown symbol"),
    ("btt 0xffff888000000000", "is not a task"),
    ("btt 0", "is not a task"),
    ("btc 99", "no CPU 99"),
    ("cpu 99", "no CPU 99"),
    ("cpu abc_nosuch", "unknown symbol"),
    ("pid 999999", "no task with pid 999999"),
    ("pid", "wrong arguments"),
    ("bt 1 2", "wrong arguments"),
    ("stacks -c nosuchsymbol_xyz", "unknown symbol"),
    ("findstack 0x1000", "on no task's or CPU's kernel stack"),
    ("kill 9 1", "wrong arguments"),
    ("kill -99 1", "out of range"),
    ("kill -9 999999", "no task with pid 999999"),
    ("kill -BOGUS 1", "unknown symbol"),
    # The rest.
    ("sr", "wrong arguments"),
    ("sr xy", "wrong arguments"),
    ("sr g", "refused: the debugger is already running"),
    ("sr b", "refused: use the reboot command"),
    ("sr X", "not a sysrq key"),
    ("set RADIX 7", "RADIX must be 8, 10 or 16"),
    ("set LINES abc", "LINES must be"),
    ("set ABCDEFGHIJKLMNOPQRSTUVWXYZ=1", "name too long"),
    ("set", "wrong arguments"),
    ("defcmd md", "md is a command"),
    ("defcmd -d nosuchmacro", "nosuchmacro"),
    ("dmesg 10 -1", "adjust must not be negative"),
    ("dmesg 10 100000", "no records in that range"),
    ("per_cpu nosuchsymbol_xyz", "unknown symbol"),
    ("per_cpu jiffies 3", "bytes must be 1, 2, 4 or 8"),
    ("per_cpu jiffies 8 77", "no CPU 77"),
    ("search linux_banner 0 1", "out of range"),
    ("search linux_banner", "wrong arguments"),
    ("search1 linux_banner 16 0x1ff", "does not fit in 1 bytes"),
    ("whatis nosuchsymbol_xyz", "unknown symbol"),
    ("help nosuchcommand", "unknown command"),
    ("frobnicate 1 2", "unknown command"),
    ("frobnicate", "unknown command, and not an expression"),
    ("c", "ambiguous command"),
    ("go 1 2", "wrong arguments"),
    ('cpus "unterminated', "unterminated quote"),
    ("ps | sort", "only '| grep"),
    ("ps | grep", "only '| grep"),
    ("ps |", "nothing after '|'"),
    ("| grep x", "no command before '|'"),
    ("ps | grep a | grep b | grep c | grep d | grep e", "at most 4 filters"),
    (" ".join(["x"] * 20), "too many words"),
]


def test_bad_input_catalogue(vm):
    """Each bad input gets its clear error; none is caught by the
    last-resort fault recovery; the machine is fine afterwards."""
    assert len(CATALOGUE) >= 40
    beat = vm.heartbeat()
    dmesg_before = vm.sh("dmesg | grep -c -i -E 'oops|BUG:' || true").strip()
    vm.enter_by_sysrq_trigger()
    failures = []
    for cmd, want in CATALOGUE:
        lines = vm.kdb(cmd)
        errs = [l for l in lines if l.startswith("kdb: ")]
        if not errs or not any(want in l for l in errs):
            failures.append((cmd, want, lines))
        if any("faulted" in l for l in lines):
            failures.append((cmd, "no fault recovery", lines))
    # Line noise and an overlong line: ignored, the shell goes on.
    noise = bytes(range(1, 256)).replace(b"\r", b"").replace(b"\n", b"")
    noise = noise.replace(b"\x03", b"").replace(b"\x01", b"")
    vm.child.send(noise.decode("latin-1"))
    vm.child.send("\x15" + "y" * 2000 + "\x15\r")
    # Noise redraws the prompt (Ctrl-L, Tab listings): resynchronise on
    # the output of one known line.
    vm.child.send("0x4242\r")
    vm.child.expect_exact("0x4242 = 0x4242 (16962)")
    vm.child.expect(KDB_PROMPT)
    assert len(vm.cpus()) == 4
    assert not failures, "\n".join(map(repr, failures))
    vm.go()
    vm.heartbeat_moves_on(beat)
    assert vm.sh("dmesg | grep -c -i -E 'oops|BUG:' || true").strip() == \
        dmesg_before
    print(f"{len(CATALOGUE)} bad inputs, each with its error")


def test_corrupted_task_list_and_stack_end_in_errors(vm):
    """The real task list corrupted while stopped (through kdb's own mm,
    restored before go): a loop and a wild pointer end the walk with an
    error, never a hang; a wild saved stack pointer fails one backtrace."""
    pid = int(vm.sh("sleep 1000 & echo $!").split()[-1])
    tasks_off = gdb_eval("&((struct task_struct *)0)->tasks")
    sp_off = gdb_eval("&((struct task_struct *)0)->thread.sp")
    vm.enter_by_sysrq_trigger()
    row = [l for l in vm.kdb("ps A") if re.search(rf"\s{pid}\s+{pid}\s", l)]
    task = int(row[0].split()[0], 16)
    nextp = task + tasks_off
    orig = vm.kdb("md8c1 0x%x" % nextp)[0].split()[1]
    # A loop: the task's next points at itself.
    vm.kdb_ok(f"mm 0x{nextp:x} 0x{nextp:x}")
    t0 = time.monotonic()
    out = vm.kdb_text("ps A")
    assert "kdb: ps: task list: kernel list corrupted" in out, out
    assert time.monotonic() - t0 < 60
    out = vm.kdb_text("bta A")
    assert "task list: kernel list corrupted" in out, out
    # A wild pointer.
    vm.kdb_ok(f"mm 0x{nextp:x} 0xffffc8fffff00000")
    out = vm.kdb_text("ps A")
    assert "kdb: ps: task list: not mapped" in out, out
    vm.kdb_ok(f"mm 0x{nextp:x} 0x{orig}")
    vm.kdb_ok("ps A")
    # A wild saved stack pointer: that task's backtrace fails, cleanly.
    spp = task + sp_off
    osp = vm.kdb("md8c1 0x%x" % spp)[0].split()[1]
    vm.kdb_ok(f"mm 0x{spp:x} 0xffffc8fffff00000")
    out = vm.kdb_text(f"btp {pid}")
    assert "no backtrace: not mapped" in out, out
    out = vm.kdb_text(f"pid {pid}")
    assert "not mapped" in vm.kdb_text("rd")
    vm.kdb_ok(f"mm 0x{spp:x} 0x{osp}")
    assert "do_nanosleep" in vm.kdb_text(f"btp {pid}")
    vm.go()
    assert vm.sh(f"kill {pid}; echo done").strip().endswith("done")
