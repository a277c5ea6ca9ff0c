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
import subprocess
import tempfile

from vm import TOP, VMLINUX, sym
from test_kdbmon import KDB_PROMPT_RE, Kdbmon

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


def gdb_core(core, cmds, timeout=300):
    args = ["gdb", "-nx", "-batch", "-ex", "set pagination off",
            "-ex", "set print thread-events off", VMLINUX, core]
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
        km.start_busy_loops(4)
        meminfo = dict((l.split(":")[0], int(l.split()[1]))
                       for l in km.sh("cat /proc/meminfo").splitlines()
                       if ":" in l and len(l.split()) >= 2)
        version = km.sh("cat /proc/version")
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

        if not crash:
            print("crash 8.0.6 unavailable (scripts/crash.sh failed): "
                  "checked with gdb only")
            return
        c = crash_core(crash, path, ["sys", "ps", "log", "kmem -i"])
        assert re.search(r"CPUS: 4\b", c), c
        assert "RELEASE: 6.12" in c, c
        # ps: the busy loops are there, on the CPUs kdb saw them on.
        assert re.search(r"^>?\s*1\s+0\s+\d+\s+\S+\s+\w+.*\binit\b", c,
                         re.M), c
        assert "sysrq: DEBUG" in c, c
        free = re.search(r"^\s*FREE\s+(\d+)", c, re.M)
        assert free and int(free.group(1)) > 0, c
    finally:
        km.close()
        if not keep:
            shutil.rmtree(d, ignore_errors=True)
