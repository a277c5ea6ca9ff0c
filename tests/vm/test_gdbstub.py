# SPDX-License-Identifier: GPL-2.0
"""The GDB stub (issue 9), driven by Debian's real gdb 13.1.

The debugger has ttyS1 to itself (dbg_core.port=ttyS1, the stub first),
its unix socket gdb connects to; the shell stays on ttyS0. What gdb
shows is checked against the machine's own view (/proc, /proc/kallsyms,
what the test module wrote), not against other answers of the stub.
"""
import os
import re
import socket
import subprocess
import time

import pexpect
import pytest

from vm import BUILD, SHELL_PROMPT, VM, VMLINUX, sym

from test_kdb_bp import kallsyms



def gdb_args(vm, cmds):
    # TCG on a shared host: a stop can take longer than gdb's 2 s.
    args = ["gdb", "-nx", "-batch", "-ex", "set pagination off",
            "-ex", "set confirm off", "-ex", "set remotetimeout 10",
            "-ex", "target remote %s" % vm.serial2_target]
    for c in cmds:
        args += ["-ex", c]
    return args + [VMLINUX]


def gdb_batch(vm, cmds, timeout=300):
    r = subprocess.run(gdb_args(vm, cmds), capture_output=True, text=True,
                       timeout=timeout)
    return r.stdout + r.stderr


class GdbRun:
    """A gdb running its commands on a pty (so its output comes as it is
    printed), for a test that acts while gdb waits for a stop."""

    def __init__(self, vm, cmds):
        args = gdb_args(vm, cmds)
        self.child = pexpect.spawn(args[0], args[1:], encoding="utf-8",
                                   codec_errors="replace", timeout=120,
                                   dimensions=(50, 200))

        self.seen = ""

    def wait_for(self, text, timeout=120):
        self.child.expect_exact(text, timeout=timeout)
        self.seen += self.child.before + self.child.after

    def finish(self, timeout=300):
        """Wait for gdb to end; everything it printed."""
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.seen += self.child.before
        self.child.close()
        return self.seen


def enter(vm):
    """Stop the machine from the shell; the stub waits on ttyS1."""
    vm.child.sendline("echo g > /proc/sysrq-trigger")
    vm.child.expect(r"sysrq: DEBUG", timeout=60)


def test_gdb_sees_registers_memory_threads_and_stacks(gdbvm):
    """Attach, read the banner string (equal to /proc/version), jiffies,
    the stopped CPU's registers and backtrace (the sysrq write), and the
    thread list: every task /proc has, plus the four idle tasks, with
    their names; a sleeping kthread's backtrace starts in the scheduler."""
    vm = gdbvm
    version = vm.sh("cat /proc/version").strip()
    listing = vm.sh("ls -d /proc/[0-9]*/task/[0-9]*")
    proc = {int(p) for p in re.findall(r"/task/(\d+)", listing)}
    kthreadd = "Thread 2 "
    enter(vm)
    out = gdb_batch(vm, ["x/s linux_banner", "p jiffies > 0",
                         "info registers rip rsp", "bt 6", "info threads",
                         "thread find kthreadd", "thread 6", "bt 3",
                         "detach"])
    vm.child.expect(SHELL_PROMPT)
    m = re.search(r'<linux_banner>:\s+"(.*)\\n"', out)
    assert m and m.group(1) == version, out
    assert "$1 = 1" in out, out
    assert re.search(r"rip\s+0xffffffff[0-9a-f]+\s+0x[0-9a-f]+ <dbg_arch_break",
                     out), out
    assert "write_sysrq_trigger" in out and "__handle_sysrq" in out, out
    rows = re.findall(r"^[ *]\s+\d+\s+Thread (\d+) \"([^\"]*)\" "
                      r"\(\S (?:pid (\d+))?", out, re.M)
    # Every task /proc had, and one idle task (pid 0) per CPU, each once;
    # /proc's listing also had itself (ls), gone since, and gdb may see
    # tasks started after it.
    pids = [int(r[2]) for r in rows]
    assert len(pids) == len(set(pids)) + 3, out      # four idle, pid 0
    seen = set(pids) - {0}
    assert all(p > max(proc) for p in seen - proc), (seen - proc, out)
    assert all(p >= sorted(proc)[-2] for p in proc - seen), (proc - seen)
    assert sum(1 for r in rows if r[1].startswith("swapper/")) == 4, out
    assert kthreadd in out, out
    # Thread 6: a sleeping task (init); its frame #0 is where it sleeps.
    sleeping = out.split("[Switching to thread 6 ", 1)[1]
    assert re.search(r"#0 .*(context_switch|__schedule|__switch_to)",
                     sleeping), out
    assert "[Inferior 1 (Remote target) detached]" in out, out
    # The machine runs on.
    assert vm.sh("echo alive").strip() == "alive"


def test_gdb_thread_list_packed_for_a_slow_line(gdbvm):
    """gdbstub.xfer_threads=0, set while the machine runs and read at
    gdb's next connection: gdb is not offered the XML thread list and
    reads the packed one, at connection and again after a stepi; info
    threads still shows every task, named as /proc names it, through
    qThreadExtraInfo."""
    vm = gdbvm
    param = "/sys/module/gdbstub/parameters/xfer_threads"
    assert vm.sh(f"cat {param}").strip() == "Y"
    vm.sh(f"echo 0 > {param}")
    listing = vm.sh("for t in /proc/[0-9]*/task/[0-9]*; do "
                    "echo ${t##*/} $(cat $t/comm); done")
    # A task gone before its comm was read (the loop's own) says so.
    comm = dict(re.findall(r"^(\d+) (\S.*?)\s*$", listing, re.M))
    enter(vm)
    out = gdb_batch(vm, ["set debug remote 1", "info threads", "stepi",
                         "set debug remote 0", "detach"])
    vm.child.expect(SHELL_PROMPT)
    assert "qXfer:threads" not in out, out[-3000:]
    assert out.count("Sending packet: $qfThreadInfo") >= 2, out[-3000:]
    rows = re.findall(r"^[ *]\s+\d+\s+Thread (\d+) \((.*) \[(\w)\]\)",
                      out, re.M)
    tids = [int(r[0]) for r in rows]
    assert len(tids) == len(set(tids)), out[-3000:]
    # Every task of the listing (but the shell's own, gone since); each
    # idle task once.
    missing = {int(t) for t in comm} - set(tids)
    assert len(missing) <= 2, (missing, out[-3000:])
    assert sum(1 for r in rows if r[1].startswith("swapper/")) == 4, out
    named = [r for r in rows if r[0] in comm]
    assert len(named) >= len(comm) - 2, out[-3000:]
    # task->comm: /proc shows a kthread's longer name (the task keeps 15
    # characters) and a kworker's with what it works for after a '-'.
    for tid, name, _ in named:
        assert (name == comm[tid][:15] or
                comm[tid].startswith(name + "-")), (tid, name, comm[tid])
    assert "[Inferior 1 (Remote target) detached]" in out, out[-3000:]
    assert vm.sh("echo alive").strip() == "alive"


def test_gdb_breakpoint_step_and_continue(gdbvm):
    """break on uname's system call, continue, run uname: gdb stops there
    (swbreak: no PC fix-up writes), steps two instructions, deletes the
    breakpoint and detaches; uname then prints the right release."""
    vm = gdbvm
    release = vm.sh("uname -r").strip()
    target = kallsyms(vm, "__x64_sys_newuname")
    enter(vm)
    g = GdbRun(vm, ["break *__x64_sys_newuname", "echo CONTINUING\\n",
                    "continue", "info registers rip", "x/2i $pc", "stepi",
                    "info registers rip", "delete", "detach"])
    # gdb -batch prints nothing at continue: say it with echo. The machine
    # is stopped until gdb's vCont, so what the shell is sent meanwhile
    # runs only after the breakpoints are in.
    g.wait_for("CONTINUING")
    vm.child.expect(SHELL_PROMPT)
    vm.child.sendline("uname -r")
    out = g.finish()
    assert "hit Breakpoint 1, " in out and "__x64_sys_newuname" in out, out
    rips = [int(x, 16) for x in
            re.findall(r"^rip\s+(0x[0-9a-f]+)", out, re.M)]
    assert rips[0] == target, (hex(target), out)
    # One instruction: to the next one, or where a jump or call goes.
    insns = re.findall(r"^(?:=> )?\s*(0x[0-9a-f]+) <[^>]*>:\s+(\S+)\s*(.*)$",
                       out, re.M)
    assert len(insns) >= 2, out
    op, arg = insns[0][1], insns[0][2]
    dest = re.match(r"(0x[0-9a-f]+)", arg)
    want = {int(insns[1][0], 16)}
    if op.startswith(("call", "jmp")) and dest:
        want = {int(dest.group(1), 16)}
    assert rips[1] in want, (hex(rips[1]), out)
    vm.child.expect_exact(release)
    vm.child.expect(SHELL_PROMPT)


def test_gdb_hbreak_next_step_finish_and_data(gdbvm):
    """A hardware breakpoint on uname's system call, hit from the shell;
    source-level next and step (range stepping) go to down_read() and
    into it, finish returns to the system call (not further: the entry
    code around it is noinstr, where breakpoints are refused); init_task's name
    and linux_banner's bytes are what the kernel says; uname then prints
    the right release."""
    vm = gdbvm
    release = vm.sh("uname -r").strip()
    version = vm.sh("cat /proc/version").strip()
    enter(vm)
    g = GdbRun(vm, ["p init_task.comm", "x/16xb &linux_banner",
                    "hbreak __x64_sys_newuname", "echo CONTINUING\\n",
                    "continue", "next", "next", "step", "bt", "finish",
                    "delete", "detach"])
    g.wait_for("CONTINUING")
    vm.child.expect(SHELL_PROMPT)
    vm.child.sendline("uname -r")
    out = g.finish()
    assert re.search(r'^\$1 = "swapper', out, re.M), out
    got = bytes(int(b, 16) for b in
                re.findall(r"\t(0x[0-9a-f]{2})", out.split("$1 = ")[1])[:16])
    assert got == version.encode()[:16], (got, out)
    assert "Hardware assisted breakpoint 1" in out, out
    assert re.search(r"Breakpoint 1, .*__x64_sys_newuname", out), out
    # next, next: to uname's down_read(); step: into it, under the
    # system call's entry; finish: back out, to the system call.
    stepped = out.split("Breakpoint 1, ", 1)[1]
    assert re.search(r"^#0 .*down_read", stepped, re.M), out
    assert re.search(r"^#\d+ .*do_syscall_64", stepped, re.M), out
    # (gdb -batch does not say "Run till exit"; where it stops, it does.)
    after_bt = stepped.split("#0 ", 1)[1]
    assert re.search(r"^(__do_sys_newuname|__x64_sys_newuname) \(.* at "
                     r".*sys\.c:\d+", after_bt, re.M), out
    vm.child.expect_exact(release)
    vm.child.expect(SHELL_PROMPT)
    assert vm.sh("echo alive").strip() == "alive"


def test_gdb_hardware_watchpoint_reports_old_and_new(gdbvm):
    """A gdb watch on the test module's variable (an address: gdb has no
    module symbols here) is a debug register (Z2): the kthread's store
    stops the machine and gdb shows the old and the new value."""
    vm = gdbvm
    var = kallsyms(vm, "cstest_watch_var")
    enter(vm)
    g = GdbRun(vm, ["watch *(long *)0x%x" % var, "echo CONTINUING\\n",
                    "continue", "delete", "detach"])
    # gdb -batch prints nothing at continue: say it with echo. The machine
    # is stopped until gdb's vCont, so what the shell is sent meanwhile
    # runs only after the breakpoints are in.
    g.wait_for("CONTINUING")
    vm.child.expect(SHELL_PROMPT)
    vm.child.sendline("echo watch 700 1 > /sys/kernel/debug/cstest/ctl")
    out = g.finish()
    assert "Hardware watchpoint 1: *(long *)0x%x" % var in out, out
    assert re.search(r"Old value = 0\s+New value = 701", out), out
    vm.child.expect(SHELL_PROMPT)
    assert vm.cstest("watch 1 1") == ["watch 1 writes, var 2, read %d" %
                                      0x5eed1234]


def test_gdb_bad_packets_do_not_hurt(gdbvm):
    """Line noise, bad checksums, malformed and unknown packets, reads of
    unmapped memory: each answered or ignored, then gdb attaches fine."""
    vm = gdbvm
    enter(vm)
    s = socket.socket(socket.AF_UNIX)
    s.connect(vm.serial2_path)

    def frame(p):
        return b"$" + p + b"#%02x" % (sum(p) & 0xff)
    s.sendall(b"\x00\xff$garbage#zz" + b"+" * 10 + frame(b"m0,10") +
              frame(b"mffffffffffffffff,ffffffff") + frame(b"Z0,1,1") +
              frame(b"qNoSuchThing") + frame(b"g" * 5000))
    time.sleep(3)
    s.close()
    out = gdb_batch(vm, ["x/2i $pc", "detach"])
    assert "[Inferior 1 (Remote target) detached]" in out, out
    assert vm.sh("echo alive").strip() == "alive"


@pytest.mark.parametrize("gdbvm", ["dbg_core.frontend=kdb"], indirect=True)
def test_gdb_attaches_at_a_kdb_prompt_and_both_ways_back(gdbvm):
    """One line, two front-ends: kdb's prompt on ttyS1, where its own
    lines beginning with '$' stay kdb's; gdb attaches right there (its
    first packet hands the line to the stub, which answers it), reads
    memory and registers; `monitor kdb` gives the line back to kdb;
    kdb's `kgdb` hands it to the stub again, and mainline's "$3#33"
    back; kdb's `go` resumes."""
    vm = gdbvm
    enter(vm)

    def connect():
        s = socket.socket(socket.AF_UNIX)
        s.connect(vm.serial2_path)
        s.settimeout(60)
        return s

    # What a read brought past the text waited for is the next wait's:
    # on a fast line "$rip = 0x..." and the prompt after it come in one.
    left = {}

    def read_until(s, text):
        data = left.pop(s, b"")
        while text not in data:
            data += s.recv(4096)
        end = data.index(text) + len(text)
        left[s] = data[end:]
        return data[:end]
    s = connect()
    s.sendall(b"\r")
    read_until(s, b"kdb> ")
    s.sendall(b"$rip\r")
    read_until(s, b"$rip = 0x")
    read_until(s, b"kdb> ")
    s.close()
    out = gdb_batch(vm, ["p jiffies > 0", "info symbol $pc",
                         "monitor kdb", "disconnect"])
    assert "$1 = 1" in out and "kdb has the console" in out, out
    assert re.search(r"sysrq_handle_dbg|dbg_arch_break", out), out
    s = connect()
    s.sendall(b"\r")
    read_until(s, b"kdb> ")
    s.sendall(b"kgdb\r")
    assert b"Entering the GDB stub" in read_until(s, b"connect gdb")
    s.sendall(b"$3#33")
    read_until(s, b"kdb> ")
    s.sendall(b"go\r")
    assert b"Resuming" in read_until(s, b"Resuming")
    s.close()
    vm.child.expect(SHELL_PROMPT)
    assert vm.sh("echo alive").strip() == "alive"


def test_gdb_ctrl_c_breaks_in_while_the_machine_runs(gdbvm):
    """gdb continues, the machine runs (the shell answers), then gdb's
    Ctrl-C (a raw 0x03 on the line) stops it: SIGINT, and gdb reads its
    registers; after detach it runs on. Twice, for a second break-in."""
    interrupt_twice(gdbvm, [])
    assert gdbvm.sh("echo alive").strip() == "alive"


def interrupt_twice(vm, setup):
    """Stop the machine, attach gdb (running @setup first), continue and
    interrupt twice, each time with the shell answering while gdb waits;
    gdb reads registers after each stop, then detaches."""
    enter(vm)
    g = GdbRun(vm, setup + ["echo CONTINUING\\n", "continue",
                            "p jiffies > 0", "echo CONTINUING\\n",
                            "continue", "p $pc != 0", "detach"])
    for i in range(2):
        g.wait_for("CONTINUING")
        if i == 0:
            vm.child.expect(SHELL_PROMPT)
        assert vm.sh("echo running").strip() == "running"
        g.child.sendintr()
        g.wait_for("received signal SIGINT")
    out = g.finish()
    assert "$1 = 1" in out and "$2 = 1" in out, out
    assert "[Inferior 1 (Remote target) detached]" in out, out


def test_gdb_monitor_runs_kdb_commands(gdbvm):
    """monitor <kdb command>: the output comes back to gdb (lsmod shows
    the module /proc/modules has; ps shows init; a bad command says
    so); commands that would resume are refused and the machine stays
    stopped until gdb detaches."""
    vm = gdbvm
    mods = vm.sh("cat /proc/modules")
    assert "cstest" in mods
    enter(vm)
    out = gdb_batch(vm, ["monitor lsmod", "monitor ps", "monitor frob",
                         "monitor go", "p jiffies > 0", "detach"])
    assert re.search(r"^cstest\s", out, re.M), out
    assert re.search(r"\binit\b", out), out
    assert "kdb: frob:" in out, out
    assert "kdb: go: not from here" in out, out
    assert "$1 = 1" in out, out
    assert vm.sh("echo alive").strip() == "alive"


def test_lx_scripts_over_the_stub(gdbvm):
    """The kernel's own gdb scripts work through the stub: lx-dmesg shows
    what was just written to the log, lx-ps lists the tasks /proc has,
    lx-lsmod the module, $lx_current() is the task that entered;
    lx-symbols loads the test module's symbols where it was loaded."""
    vm = gdbvm
    vm.sh("echo lx-marker-4711 > /dev/kmsg")
    shell = int(vm.sh("echo $$").strip())
    spin = kallsyms(vm, "cstest_spin")
    enter(vm)
    # Built with the kernel (CONFIG_GDB_SCRIPTS), next to vmlinux.
    scripts = os.path.join(os.path.dirname(VMLINUX), "vmlinux-gdb.py")
    out = gdb_batch(vm, ["source " + scripts, "lx-dmesg", "lx-ps",
                         "lx-lsmod", "p $lx_current().comm",
                         "p $lx_current().pid",
                         "lx-symbols " + os.path.join(BUILD, "kmod"),
                         "info symbol 0x%x" % spin, "detach"])
    assert re.search(r"^cstest_spin in section \.text of .*cstest\.ko",
                     out, re.M), out[-3000:]
    assert "lx-marker-4711" in out, out[-3000:]
    assert re.search(r"\bkthreadd\b", out), out[-3000:]
    assert re.search(r"\bcstest\b", out), out[-3000:]
    assert re.search(r'= "sh", ', out), out[-3000:]
    m = re.search(r"^\$2 = (\d+)", out, re.M)
    assert m and int(m.group(1)) == shell, out[-3000:]


def test_gdb_system_registers_and_translate_vm(gdbvm):
    """The registers the stop saved besides the trap frame: paging on and
    long mode in cr0, cr4 and efer; gs_base is the entering CPU's per-CPU
    base (the kernel's __per_cpu_offset for it); ds and es are the
    shell's, 0 (a 64-bit program's start_thread() loads 0 and kernel
    entry leaves them), cr8 1 (setup_local_APIC() sets the task priority
    to 0x10 and never changes it); the kernel's translate-vm
    walks the page tables from cr3 to the physical page of jiffies that
    the kernel image's fixed mapping says (nokaslr: phys_base 0)."""
    vm = gdbvm
    jiffies = kallsyms(vm, "jiffies")
    enter(vm)
    out = gdb_batch(vm, [
        "source " + os.path.join(os.path.dirname(VMLINUX), "vmlinux-gdb.py"),
        "p ($cr0 & 0x80000001) == 0x80000001",
        "p ($efer & 0x500) == 0x500",
        "p ($cr4 & 0x20) != 0",
        "p $gs_base == __per_cpu_offset[$_thread - 1]",
        "p ($cr3 & ~0xfff) != 0",
        "p $ds == 0 && $es == 0 && $cr8 == 1",
        "translate-vm 0x%x" % jiffies,
        "detach"])
    for i in range(1, 7):
        assert f"${i} = 1" in out, (i, out[-3000:])
    phys = jiffies - 0xffffffff80000000
    pages = [int(x, 16) for x in
             re.findall(r"page physical address\s+(0x[0-9a-f]+)", out)]
    assert pages and pages[-1] <= phys < pages[-1] + (2 << 20), \
        (hex(phys), out[-3000:])


def test_gdb_break_g_interrupt_sequence_breaks_in():
    """gdb's `set remote interrupt-sequence BREAK-g` on a line of the
    stub's own: gdb sends telnet's BREAK then 'g', QEMU (its telnet
    mode) makes that a serial BREAK, which leaves a NUL in the 16550;
    the stub's poller takes NUL then 'g' as gdb's interrupt. Twice; a
    plain 'g' typed on the line does not stop the machine."""
    vm = VM(cmdline="dbg_core.port=ttyS1 dbg_core.frontend=gdb",
            second_serial="telnet")
    vm.set_log("test_gdb_break_g_interrupt_sequence_breaks_in")
    try:
        interrupt_twice(vm, ["set remote interrupt-sequence BREAK-g"])
        # The line is the stub's again: a lone 'g' is not a break-in.
        host, port = vm.serial2_target.split(":")[1:]
        with socket.create_connection((host, int(port))) as s:
            s.sendall(b"g")
            time.sleep(0.5)
        # Stopped, the machine would not answer.
        assert vm.sh("echo alive").strip() == "alive"
    finally:
        vm.close()


def test_gdb_attaches_while_the_machine_runs(gdbvm):
    """No sysrq: gdb's first packet on the idle line stops the machine and
    is answered; detach lets it run (the shell answers), and a second gdb
    attaches the same way."""
    vm = gdbvm
    for _ in range(2):
        out = gdb_batch(vm, ["p jiffies > 0", "detach"])
        assert "$1 = 1" in out, out
        assert "[Inferior 1 (Remote target) detached]" in out, out
        assert vm.sh("echo running").strip() == "running"


def test_gdb_finds_the_kernel_where_kaslr_put_it():
    """KASLR on (no nokaslr): gdb, told the offset by qOffsets, finds
    vmlinux's symbols where the kernel really is: linux_banner's address
    is /proc/kallsyms', its text /proc/version's, the stop's PC is
    symbolised, and a backtrace walks the real stack; the kernel's gdb
    scripts find per-CPU variables (overlay edit G): $lx_current() is the
    shell that entered, and each CPU's pcpu_hot says its own number."""
    vm = VM(cmdline="dbg_core.port=ttyS1 dbg_core.frontend=gdb",
            second_serial=True, kaslr=True)
    vm.set_log("test_gdb_finds_the_kernel_where_kaslr_put_it")
    try:
        banner = kallsyms(vm, "linux_banner")
        jiffies = kallsyms(vm, "jiffies_64")
        version = vm.sh("cat /proc/version").strip()
        shell = int(vm.sh("echo $$").strip())
        enter(vm)
        scripts = os.path.join(os.path.dirname(VMLINUX), "vmlinux-gdb.py")
        out = gdb_batch(vm, ["p/x &linux_banner", "x/s linux_banner",
                             "info symbol $pc", "bt 8",
                             "p/x &jiffies_64", "source " + scripts,
                             "p $lx_current().pid"] +
                        ["p $lx_per_cpu(pcpu_hot, %d).cpu_number" % c
                         for c in range(4)] + ["detach"])
        vm.child.expect(SHELL_PROMPT)
        # One of KASLR's slots is where it was linked: such a boot
        # cannot show that gdb followed the kernel, so it says so.
        if banner == sym("linux_banner"):
            pytest.skip("KASLR chose the link address this boot")
        m = re.search(r"^\$1 = (0x[0-9a-f]+)", out, re.M)
        assert m and int(m.group(1), 16) == banner, (hex(banner), out)
        m = re.search(r'<linux_banner>:\s+"(.*)\\n"', out)
        assert m and m.group(1) == version, out
        # Text and rodata (segment 0), data (segment 1): both followed.
        assert "$2 = 0x%x" % jiffies in out, (hex(jiffies), out)
        assert re.search(r"^(dbg_arch_break|sysrq_handle_dbg)", out,
                         re.M), out
        assert "write_sysrq_trigger" in out, out
        m = re.search(r"^\$3 = (\d+)", out, re.M)
        assert m and int(m.group(1)) == shell, (shell, out[-3000:])
        for c in range(4):
            assert "$%d = %d\n" % (4 + c, c) in out, out[-3000:]
        assert vm.sh("echo alive").strip() == "alive"
    finally:
        vm.close()
