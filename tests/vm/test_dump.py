# SPDX-License-Identifier: GPL-2.0
"""The dump hook (issue 11): kdb's `dump` writes the stopped machine as an
ELF vmcore over the serial line to kdbmon, as `make run` starts them.
The file is opened by gdb 13.1 (and by crash 8.0.6 when scripts/crash.sh
provides it) and what they read is checked against the machine itself:
kdb's view in the same stop, System.map, /proc.
"""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

from vm import BUILD, SHELL_PROMPT, TOP, VM, VMLINUX, sym
from test_kdbmon import GDB_JUNK, KDBMON, KDB_PROMPT_RE, Kdbmon, kdbmon_on


@pytest.fixture
def gdbvm_kdb(request):
    """kdb on ttyS1 (a socket of its own), the shell on ttyS0."""
    machine = VM(cmdline="dbg_core.port=ttyS1", second_serial=True)
    machine.set_log(request.node.name)
    yield machine
    machine.close()

DUMPED = re.compile(r"dump: written (\d+) bytes in ([\d.]+) s")
RECEIVED = re.compile(r"kdbmon: dump written: (\S+?),")


def kdb_pcs(cpus_text):
    """({cpu: pc}, master) from kdb's `cpus`: symbol+off resolved with
    System.map, user:0x... as is."""
    pcs = {}
    master = None
    for line in cpus_text.splitlines():
        if line.startswith("*"):
            master = int(line[1:].split()[0])
        m = re.match(r"[* ]\s*(\d+)\s+(master|stopped)\s", line)
        pc = re.search(r"\s(user:0x[0-9a-f]+|[\w.]+\+0x[0-9a-f]+/0x[0-9a-f]+)",
                       line)
        if not m or not pc:
            continue
        pc = pc.group(1)
        u = re.match(r"user:0x([0-9a-f]+)", pc)
        if u:
            pcs[int(m.group(1))] = int(u.group(1), 16)
            continue
        s = re.match(r"([\w.]+)\+0x([0-9a-f]+)/", pc)
        pcs[int(m.group(1))] = sym(s.group(1)) + int(s.group(2), 16)
    return pcs, master


def gdb_core(core, cmds, timeout=300, offset=0):
    """gdb on vmlinux and @core; symbols moved by @offset (KASLR)."""
    args = ["gdb", "-nx", "-batch", "-ex", "set pagination off",
            "-ex", "set print thread-events off"]
    if offset:
        args += ["-ex", f"symbol-file -o {offset:#x} {VMLINUX}",
                 "-ex", f"core-file {core}"]
    else:
        args += [VMLINUX, core]
    for c in cmds:
        args += ["-ex", c]
    out = subprocess.run(args, capture_output=True, text=True,
                         timeout=timeout)
    return out.stdout + out.stderr


def crash_binary():
    """crash 8.0.6 from scripts/crash.sh (built once, cached), or None."""
    r = subprocess.run([os.path.join(TOP, "scripts/crash.sh")],
                       capture_output=True, text=True)
    return r.stdout.strip().splitlines()[-1] if r.returncode == 0 else None


def crash_core(crash, core, cmds):
    with tempfile.NamedTemporaryFile("w", suffix=".crash") as f:
        f.write("\n".join(cmds + ["quit"]) + "\n")
        f.flush()
        r = subprocess.run([crash, "-s", "-i", f.name, VMLINUX, core],
                           capture_output=True, text=True, timeout=600)
    return r.stdout + r.stderr


def gdb_core_lx(core, cmds, timeout=300):
    """gdb with the kernel's own scripts (lx-*) loaded, on @core."""
    args = ["gdb", "-batch", "-iex", f"add-auto-load-safe-path {BUILD}",
            VMLINUX, core]
    for c in cmds:
        args += ["-ex", c]
    out = subprocess.run(args, capture_output=True, text=True,
                         timeout=timeout, cwd=os.path.dirname(VMLINUX))
    return out.stdout + out.stderr


def check_bt_all(c, ncpus):
    """crash's bt -a: a backtrace for every CPU, no read errors."""
    for cpu in range(ncpus):
        assert re.search(rf"PID: \d+\s+TASK: \w+\s+CPU: {cpu}\s", c), (cpu, c)
    assert "read of stack" not in c and "invalid size request" not in c, c


def dump_through_kdbmon(km, level=""):
    """kdb's dump at @level; returns (kdb's output, path of the file)."""
    km.child.send(f"dump {level}".strip() + "\r")
    km.child.expect(r"kdbmon: receiving a dump of .*", timeout=120)
    km.child.expect(RECEIVED, timeout=900)
    path = km.child.match.group(1)
    km.child.expect(KDB_PROMPT_RE, timeout=60)
    out = km.child.before
    return out, path


def test_dump_to_kdbmon_opens_in_gdb(keep=os.environ.get("KEEP_DUMP")):
    """Busy CPUs; dump at level 31: gdb shows one thread per CPU at the
    PCs kdb's `cpus` showed, the master's backtrace, and jiffies,
    init_task.comm and linux_banner as kdb reads them in the same stop."""
    crash = crash_binary()      # before the boot: a cold build is long
    d = tempfile.mkdtemp(prefix="dump-")
    km = Kdbmon("dump_gdb", args=f"--dump-dir {d}")
    try:
        pids = km.start_busy_loops(4)
        meminfo = dict((l.split(":")[0], int(l.split()[1]))
                       for l in km.sh("cat /proc/meminfo").splitlines()
                       if ":" in l and len(l.split()) >= 2)
        version = km.sh("cat /proc/version")
        km.sh("echo dump-log-marker-4711 > /dev/kmsg")
        module = re.search(r"^cstest (\d+) .* (0x[0-9a-f]+)",
                           km.sh("cat /proc/modules"), re.M)
        spin = int(re.search(r"^([0-9a-f]{16}) t cstest_spin",
                             km.sh("grep -w cstest_spin /proc/kallsyms"),
                             re.M).group(1), 16)
        km.break_in()
        pcs, master = kdb_pcs(km.kdb_line("cpus"))
        assert len(pcs) == 4, pcs
        md = km.kdb_line("md8c1 jiffies")
        jiffies = int(re.search(r"^0x[0-9a-f]+\s+([0-9a-f]+)", md, re.M)
                      .group(1), 16)
        out, path = dump_through_kdbmon(km)
        m = DUMPED.search(out)
        assert m, out
        size = int(m.group(1))
        assert os.path.getsize(path) == size
        km.go()
        # The text notes, as kdbmon writes them beside the dump: what
        # kdb showed up to the dump, the kernel log up to the stop.
        assert f"kdbmon: dump text: {path}.console.txt" in out, out
        with open(path + ".console.txt") as f:
            console = f.read()
        assert re.search(r"kdb> md8c1 jiffies\n0x[0-9a-f]+\s+0*%x\s" % jiffies,
                         console), console
        assert "kdb> cpus\n" in console and "kdb> dump\n" in console, \
            console
        with open(path + ".dmesg.txt") as f:
            log = f.read()
        assert re.search(r"\] dump-log-marker-4711\n(.*\n)*.*\] sysrq: DEBUG",
                         log), log[-2000:]
        used = (meminfo["MemTotal"] - meminfo["MemFree"] -
                meminfo["Cached"]) * 1024
        pages = re.search(r"dump: (\d+) of (\d+) pages of RAM", out)
        kept, ram = int(pages.group(1)), int(pages.group(2))
        print(f"level 31: {size} bytes, {kept} of {ram} pages "
              f"({100 * kept / ram:.1f}%); MemTotal-MemFree-Cached "
              f"{used} bytes; {float(m.group(2))} s")
        # Free pages (most of an idle guest) are left out. What stays is
        # what the kernel uses, reserved memory (image, memmap) included,
        # which MemTotal does not count.
        assert kept < ram * 0.15, out

        g = gdb_core(path, ["info threads", "p/x jiffies",
                            "p init_task.comm", "x/s linux_banner",
                            f"thread {master + 1}", "bt"])
        threads = re.findall(r"^\*?\s+(\d+)\s+(?:LWP|process) \d+\s+"
                             r"(0x[0-9a-f]+|\w+)", g, re.M)
        assert len(threads) == 4, g
        # gdb numbers threads in note order: CPU 0, 1, 2, 3.
        got = {}
        for line in re.findall(r"^\*?\s+\d+\s+(?:LWP|process) \d+\s+.*$",
                               g, re.M):
            a = re.search(r"\s(0x[0-9a-f]+) in ", line)
            got[len(got)] = int(a.group(1), 16) if a else None
        for cpu, pc in pcs.items():
            assert got[cpu] == pc, (cpu, hex(pc), g)
        assert f"= 0x{jiffies:x}" in g, (hex(jiffies), g)
        assert '= "swapper/0\\000' in g, g
        assert version.strip().replace("\r", "") in g.replace("\\n", ""), \
            (version, g)
        assert "dbg_arch_break" in g or "sysrq" in g, g
        # The kernel's gdb scripts on the file: its log, its tasks, and
        # the module, whose memory (vmalloc'ed, outside the direct map)
        # gdb reads through the dump's PT_LOADs for mapped pages.
        mapped = re.search(r"dump: (\d+) pages also at their vmalloc", out)
        assert mapped and int(mapped.group(1)) > 0, out
        lx = gdb_core_lx(path, ["lx-dmesg", "lx-ps", "lx-lsmod",
                                "lx-symbols " + os.path.join(BUILD, "kmod"),
                                f"info symbol {spin:#x}"])
        assert "sysrq: DEBUG" in lx, lx
        for pid in pids:
            assert re.search(rf"\s{pid}\s+sh\b", lx), (pid, lx)
        assert re.search(r"^%s cstest\s+%s\s" % module.group(2, 1), lx,
                         re.M), (module.group(0), lx)
        assert re.search(r"^cstest_spin in section \.text of .*cstest\.ko",
                         lx, re.M), lx

        if not crash:
            print("crash 8.0.6 unavailable (scripts/crash.sh failed): "
                  "checked with gdb only")
            return
        # The ELF, and the same rewritten kdump-compressed by kdbmon.
        small = path + ".kdump"
        subprocess.run([KDBMON, "--to-kdump", path, small], check=True)
        print(f"kdump-compressed: {os.path.getsize(small)} bytes")
        for f in (path, small):
            c = crash_core(crash, f, ["sys", "ps", "log", "kmem -i",
                                      "bt -a"])
            check_bt_all(c, 4)
            assert re.search(r"CPUS: 4\b", c), c
            assert "RELEASE: 6.12" in c, c
            assert re.search(r"^>?\s*1\s+0\s+\d+\s+\S+\s+\w+.*\binit\b",
                             c, re.M), c
            assert "sysrq: DEBUG" in c, c
            free = re.search(r"^\s*FREE\s+(\d+)", c, re.M)
            assert free and int(free.group(1)) > 0, c
    finally:
        km.close()
        if not keep:
            shutil.rmtree(d, ignore_errors=True)


def vmcoreinfo(path):
    """The VMCOREINFO note's KEY=value lines of an ELF vmcore."""
    with open(path, "rb") as f:
        head = f.read(1 << 20)
    at = head.index(b"VMCOREINFO\0")
    text = head[at:head.index(b"\0", at + 12 + 1)].decode()
    return dict(l.split("=", 1) for l in text.splitlines() if "=" in l)


def test_monitor_dump_from_gdb_through_kdbmon():
    """A kernel booted with KASLR; gdb attached through kdbmon asks
    `monitor dump 16` (free pages left out, zero, cache and user pages
    kept). kdbmon takes the frames, gdb gets kdb's output and, while the
    dump goes on, keepalive packets, so it neither times out nor sees
    junk with its default remotetimeout. The dump's KERNELOFFSET is the
    one /proc/kallsyms shows, and with it gdb reads the file as it read
    the live machine in the same stop."""
    crash = crash_binary()
    d = tempfile.mkdtemp(prefix="dump-mon-")
    km = Kdbmon("dump_monitor", args=f"--dump-dir {d}",
                extra_env={"KASLR": "1"})
    try:
        text = int(re.search(r"^([0-9a-f]{16}) T _text$",
                             km.sh("grep -w _text /proc/kallsyms"),
                             re.M).group(1), 16)
        offset = text - sym("_text")
        assert offset, "KASLR did not move the kernel"
        args = ["gdb", "-nx", "-batch", "-ex", "set pagination off",
                "-ex", "target remote :%d" % km.port]
        for c in ("p/x jiffies", "p/x init_task.stack", "monitor dump 16",
                  "detach"):
            args += ["-ex", c]
        args.append(VMLINUX)
        try:
            r = subprocess.run(args, capture_output=True, text=True,
                               timeout=600)
        except subprocess.TimeoutExpired as e:
            # Once (of many runs) gdb waited here to the end: what gdb
            # and kdbmon had said, for the next time.
            raise AssertionError(("gdb timed out", e.stdout, e.stderr,
                                  km.pending_output())) from None
        seen = r.stdout + r.stderr
        km.given_back()
        # kdbmon showed its progress while nobody read its terminal (the
        # test waited on gdb): as long as it fitted, never blocking (a
        # full terminal once stopped kdbmon, and the dump with it).
        km.logfile.flush()
        with open(km.logfile.name, errors="replace", newline="") as f:
            shown = f.read()
        assert re.search(r"\rdump: \S+ \S+ of \S+ \S+ \(\d+%\)", shown), \
            shown[-2000:]
        jiffies = re.search(r"\$1 = (0x[0-9a-f]+)", seen)
        stack = re.search(r"\$2 = (0x[0-9a-f]+)", seen)
        assert jiffies and stack, seen
        m = re.search(r"dump: written (\d+) bytes", seen)
        assert m, seen
        left = re.search(r"left out: (.*)", seen).group(1)
        assert re.fullmatch(r"free \d+\s*", left), left
        for junk in GDB_JUNK + ("Ignoring packet error",):
            assert junk not in seen, (junk, seen)
        assert "[Inferior 1 (Remote target) detached]" in seen, seen
        files = [f for f in os.listdir(d) if not f.endswith(".txt")]
        assert len(files) == 1, os.listdir(d)
        path = os.path.join(d, files[0])
        assert os.path.getsize(path) == int(m.group(1))
        assert int(vmcoreinfo(path)["KERNELOFFSET"], 16) == offset
        g = gdb_core(path, ["p/x jiffies", "p/x init_task.stack",
                            "p init_task.comm", "info threads"],
                     offset=offset)
        assert f"= {jiffies.group(1)}" in g, (jiffies.group(1), g)
        assert f"= {stack.group(1)}" in g, (stack.group(1), g)
        assert '= "swapper/0\\000' in g, g
        assert len(re.findall(r"^\*?\s+\d+\s+(?:LWP|process) \d+", g,
                              re.M)) == 4, g
        if crash:
            c = crash_core(crash, path, ["sys", "bt -a"])
            check_bt_all(c, 4)
    finally:
        km.close()
        shutil.rmtree(d, ignore_errors=True)


def read_until(sock, pattern, timeout):
    """Bytes from @sock until @pattern (bytes regex) matches; returns
    (everything read, seconds it took)."""
    t0 = time.monotonic()
    data = b""
    while not re.search(pattern, data):
        left = timeout - (time.monotonic() - t0)
        assert left > 0, (pattern, data[-2000:])
        sock.settimeout(left)
        chunk = sock.recv(65536)
        assert chunk, ("line closed", data[-2000:])
        data += chunk
    return data, time.monotonic() - t0


def test_dump_survives_damage_and_gives_up_when_kdbmon_dies(gdbvm_kdb):
    """kdb on ttyS1 through kdbmon (the shell on ttyS0). A dump with
    every 7th frame damaged on the way arrives whole (frames asked
    again; the file reads right in gdb). A second dump, kdbmon killed in
    the middle: the kernel gives up within its 15 s bound, says so, and
    the machine resumes."""
    vm = gdbvm_kdb
    d = tempfile.mkdtemp(prefix="dump-")
    home = tempfile.mkdtemp(prefix="dump-home-")
    km = kdbmon_on("unix:" + vm.serial2_path, home, "dump_faults_kdbmon.log",
                   "--dump-dir", d, "--dump-damage", "7")
    try:
        vm.child.sendline("echo g > /proc/sysrq-trigger")
        km.send("\r")
        km.expect(KDB_PROMPT_RE, timeout=60)
        km.send("md8c1 jiffies\r")
        km.expect(r"0x[0-9a-f]+\s+([0-9a-f]{16})", timeout=30)
        jiffies = int(km.match.group(1), 16)
        km.expect(KDB_PROMPT_RE, timeout=30)
        km.send("dump\r")
        km.expect(RECEIVED, timeout=600)
        path = km.match.group(1)
        km.expect(r"dump: written \d+ bytes.*?(\d+) frames sent again",
                  timeout=60)
        assert int(km.match.group(1)) > 0
        km.expect(KDB_PROMPT_RE, timeout=30)
        g = gdb_core(path, ["p/x jiffies", "p init_task.comm"])
        assert f"= 0x{jiffies:x}" in g, (hex(jiffies), g)
        assert '= "swapper/0\\000' in g, g

        # kdbmon dies mid-transfer.
        km.send("dump\r")
        km.expect(r"dump: [\d.]+ MiB of", timeout=120)
        km.kill(9)
        km.close()
        t0 = time.monotonic()
        s = socket.socket(socket.AF_UNIX)
        s.connect(vm.serial2_path)
        data, took = read_until(
            s, rb"receiver stopped answering: gave up with \d+ of \d+ bytes",
            timeout=60)
        took = time.monotonic() - t0
        # DUMP_GIVEUP_MS is 15 s since the last answer: not much less,
        # not much more.
        print(f"kdbmon killed: the kernel gave up {took:.1f} s later")
        assert 10 <= took <= 30, took
        s.sendall(b"go\r")
        read_until(s, rb"Resuming", timeout=60)
        s.close()
        vm.child.expect_exact(SHELL_PROMPT, timeout=60)
        assert vm.sh("echo alive").strip() == "alive"
    finally:
        if km.isalive():
            km.terminate(force=True)
        shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


def copy_out(vm, path, dest):
    """@path in the guest to @dest on the host: gzip'ed, over ttyS1."""
    vm.sh(f"gzip -1 -c {path} > /tmp/out.gz")
    size = int(vm.sh("wc -c < /tmp/out.gz").strip())
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(vm.serial2_path)
        vm.child.sendline("stty -F /dev/ttyS1 raw -echo && "
                          "cat /tmp/out.gz > /dev/ttyS1")
        data = b""
        s.settimeout(300)
        while len(data) < size:
            chunk = s.recv(1 << 16)
            assert chunk, "ttyS1 closed"
            data += chunk
    vm.child.expect_exact(SHELL_PROMPT, timeout=120)
    vm.sh("rm /tmp/out.gz")
    with open(dest + ".gz", "wb") as f:
        f.write(data[:size])
    subprocess.run(["gunzip", "-f", dest + ".gz"], check=True)


def region_phys(vm):
    m = re.search(r"dbg_dump: dumps can go to RAM at 0x([0-9a-f]+), (\d+) KiB",
                  vm.sh("dmesg | grep 'dbg_dump: dumps can go'"))
    assert m
    return int(m.group(1), 16), int(m.group(2)) * 1024


def test_dump_to_ram_survives_a_warm_reboot():
    """dump ram, kdb's reboot: the next boot offers the dump as a file,
    which opens in gdb (and crash) with the values of the stop before
    the reboot. Then a dump whose region is damaged before the reboot is
    refused with a message."""
    crash = crash_binary()
    d = tempfile.mkdtemp(prefix="dump-ram-")
    vm = VM(second_serial=True, reboot=True,
            cmdline="reserve_mem=40M:4096:dbgdump")
    vm.set_log("dump_ram")
    try:
        phys, size = region_phys(vm)
        assert "dbg_dump/vmcore" not in vm.sh("ls /sys/kernel/debug/dbg_dump "
                                             "2>&1 || true")
        version = vm.sh("cat /proc/version").strip()
        vm.enter_by_sysrq_trigger()
        md = "\n".join(vm.kdb("md8c1 jiffies"))
        jiffies = int(re.search(r"0x[0-9a-f]+\s+([0-9a-f]+)", md).group(1),
                      16)
        out = "\n".join(vm.kdb("dump 31 ram", timeout=600))
        m = re.search(r"dump: written (\d+) bytes in ([\d.]+) s as (\d+) "
                      r"bytes of the (\d+) KiB RAM region", out)
        assert m, out
        file_size, used = int(m.group(1)), int(m.group(3))
        print(f"RAM: {file_size} bytes stored as {used} in "
              f"{m.group(2)} s")
        vm.child.send("reboot\r")
        vm.expect_reboot()
        log = vm.sh("dmesg | grep dbg_dump")
        assert f"/sys/kernel/debug/dbg_dump/vmcore, {file_size} bytes" \
            in log, log
        assert vm.sh("wc -c < /sys/kernel/debug/dbg_dump/vmcore").strip() \
            == str(file_size)
        core = os.path.join(d, "vmcore")
        copy_out(vm, "/sys/kernel/debug/dbg_dump/vmcore", core)
        assert os.path.getsize(core) == file_size
        g = gdb_core(core, ["p/x jiffies", "p init_task.comm",
                            "x/s linux_banner", "info threads"])
        assert f"= 0x{jiffies:x}" in g, (hex(jiffies), g)
        assert '= "swapper/0\\000' in g, g
        assert version.replace("\r", "") in g.replace("\\n", ""), g
        assert len(re.findall(r"^\*?\s+\d+\s+(?:LWP|process) \d+", g,
                              re.M)) == 4, g
        if crash:
            # CPUs idle in the kernel: bt -a shows each one's idle loop.
            c = crash_core(crash, core, ["sys", "ps", "bt -a"])
            assert re.search(r"CPUS: 4\b", c) and "RELEASE: 6.12" in c, c
            check_bt_all(c, 4)
            assert c.count("do_idle at") >= 3, c

        # A dump damaged in RAM before the reboot: refused, said why.
        vm.enter_by_sysrq_trigger()
        vm.kdb("dump 31 ram", timeout=600)
        # One byte of the records, through the direct map.
        vm.kdb("mm1 0x%x 0x5a" % (0xffff888000000000 + phys + 4096 + 1000))
        vm.child.send("reboot\r")
        vm.expect_reboot()
        log = vm.sh("dmesg | grep dbg_dump")
        assert "damaged (checksum mismatch): not offered" in log, log
        assert "No such file" in vm.sh(
            "ls /sys/kernel/debug/dbg_dump/vmcore 2>&1 || true")
    finally:
        vm.close()
        shutil.rmtree(d, ignore_errors=True)


def test_dump_to_a_region_too_small_says_so_and_writes_nothing():
    vm = VM(cmdline="reserve_mem=2M:4096:dbgdump")
    vm.set_log("dump_ram_small")
    try:
        vm.enter_by_sysrq_trigger()
        out = "\n".join(vm.kdb("dump 31 ram", timeout=600))
        assert re.search(r"the RAM region \(2048 KiB\) is too small: this "
                         r"dump needs \d+ KiB; nothing was written", out), out
        out = "\n".join(vm.kdb("dump 31 raw ram", timeout=600))
        assert "too small" in out, out
        vm.go()
        assert vm.sh("echo alive").strip() == "alive"
    finally:
        vm.close()


def test_panic_leaves_a_dump_in_ram_and_reboots():
    """dbg_dump.panic=ram, kdb not entered on panic: a panic with the
    other CPUs busy writes the dump, the machine reboots by itself, and
    the next boot offers it: every CPU is in it, the panicking one in
    panic()."""
    crash = crash_binary()
    d = tempfile.mkdtemp(prefix="dump-panic-")
    vm = VM(second_serial=True, reboot=True,
            cmdline="reserve_mem=40M:4096:dbgdump dbg_dump.panic=ram "
                    "dbg_core.panic=0")
    vm.set_log("dump_panic")
    try:
        vm.child.sendline("echo panic > /sys/kernel/debug/cstest/ctl")
        vm.child.expect(r"dump: panic: (\d+) bytes written to RAM",
                        timeout=600)
        file_size = int(vm.child.match.group(1))
        vm.expect_reboot()
        log = vm.sh("dmesg | grep dbg_dump")
        assert f"dbg_dump/vmcore, {file_size} bytes" in log, log
        core = os.path.join(d, "vmcore")
        copy_out(vm, "/sys/kernel/debug/dbg_dump/vmcore", core)
        g = gdb_core(core, ["info threads", "thread apply all bt 12"])
        assert len(re.findall(r"^\*?\s+\d+\s+(?:LWP|process) \d+", g,
                              re.M)) == 4, g
        # The panicking CPU stopped in panic's own stop, with its message.
        assert re.search(r"\b(crash_stop_panic|vpanic|panic) \(", g), g
        assert "cstest: panic with every other CPU busy" in g, g
        # Its text, read out by kdbmon --text: the log ends in the panic,
        # the console shows what the core said before writing.
        r = subprocess.run([KDBMON, "--text", core], capture_output=True,
                           text=True, check=True)
        assert r.stdout.split() == [core + ".console.txt",
                                    core + ".dmesg.txt"], r.stdout
        with open(core + ".dmesg.txt") as f:
            log = f.read()
        assert re.search(r"\] Kernel panic - not syncing: cstest: panic",
                         log), log[-2000:]
        with open(core + ".console.txt") as f:
            console = f.read()
        assert console.endswith("dump: panic: writing a dump\n"), console
        if crash:
            c = crash_core(crash, core, ["sys", "bt"])
            assert re.search(r"PANIC: .*cstest: panic", c), c
            # bt: the panic task (the NT_TASKSTRUCT note), in panic.
            assert re.search(r"#\d+ \[\w+\] (vpanic|panic) at", c), c
    finally:
        vm.close()
        shutil.rmtree(d, ignore_errors=True)
