# SPDX-License-Identifier: GPL-2.0
"""Drive the test machine's serial console from the host.

A VM is QEMU started by scripts/qemu.sh under pexpect: the serial line is
QEMU's stdio (Ctrl-A b sends a serial BREAK); the tests reach QEMU's
monitor on a socket of its own. Every wait has a timeout, and close()
always kills QEMU.
"""
import bisect
import functools
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

import pexpect

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))
BZIMAGE = os.environ.get("BZIMAGE", os.path.join(BUILD, "kobj/arch/x86/boot/bzImage"))
INITRAMFS = os.environ.get("INITRAMFS", os.path.join(BUILD, "initramfs.cpio.gz"))

SHELL_PROMPT = "dbgsh# "
KDB_PROMPT = re.compile(r"\[(\d+)\]kdb> ")
# A CPU row of kdb's `cpus`: marker, cpu, state, how, context, parked,
# pid, command, pc, optional [reason].
CPU_ROW = re.compile(
    r"^(?P<mark>[ *])\s*(?P<cpu>\d+)\s+(?P<state>\S+)\s+(?P<how>\S+)\s+"
    r"(?P<ctx>\S+)\s+(?P<parked>\S+)\s+(?P<pid>-?\d+)\s+(?P<comm>\S+)\s+"
    r"(?P<pc>\S+(?: \[\w+\])?)(?:\s+\[(?P<reason>[^\]]+)\])?\s*$")
KSYM = re.compile(r"^[A-Za-z_][\w.]*\+0x[0-9a-f]+/0x[0-9a-f]+(\s*\[\w+\])?$")
KOBJ = os.path.join(BUILD, "kobj")
VMLINUX = os.path.join(KOBJ, "vmlinux")
KDB_ERROR = re.compile(r"^kdb: ")


# --- facts about the kernel, from the host's build (outside the debugger) --
@functools.lru_cache(maxsize=None)
def system_map():
    """name -> address, from System.map (the kernel boots with nokaslr)."""
    syms = {}
    with open(os.path.join(KOBJ, "System.map")) as f:
        for line in f:
            addr, _, name = line.split()[:3]
            syms.setdefault(name, int(addr, 16))
    return syms


def sym(name):
    return system_map()[name]


@functools.lru_cache(maxsize=None)
def gdb_eval(expr):
    """Evaluate a C expression on vmlinux's debug info with the host's gdb
    (struct offsets and sizes): e.g. '&((struct task_struct *)0)->tasks'."""
    out = subprocess.run(
        ["gdb", "-nx", "-batch", "-ex", f"print/x (unsigned long)({expr})",
         VMLINUX], capture_output=True, text=True, timeout=120).stdout
    m = re.search(r"= (0x[0-9a-f]+)", out)
    assert m, (expr, out)
    return int(m.group(1), 16)


@functools.lru_cache(maxsize=None)
def _sorted_symbols():
    return sorted((a, n) for n, a in system_map().items())


def symbolize(addr):
    """sym+0xoff (address) for a kernel address, from System.map; the
    bare address when no symbol is near below it."""
    syms = _sorted_symbols()
    i = bisect.bisect_right(syms, (addr, "\U0010ffff")) - 1
    if i < 0 or addr - syms[i][0] > 0x100000:
        return f"{addr:#x}"
    return f"{syms[i][1]}+{addr - syms[i][0]:#x} ({addr:#x})"


def config_has(option):
    with open(os.path.join(KOBJ, ".config")) as f:
        return f"{option}=y\n" in f.read()


def free_tcp_port():
    """A TCP port on localhost nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VMError(Exception):
    pass


class VM:
    def __init__(self, smp=4, mem="256M", cmdline="", boot_timeout=180,
                 second_serial=False, bzimage=None, kaslr=False,
                 reboot=False):
        bzimage = bzimage or BZIMAGE
        for f in (bzimage, INITRAMFS):
            if not os.path.exists(f):
                raise VMError(f"{f} missing: run 'make kernel initramfs'")
        self.log_path = os.path.join(BUILD, "vmtest-logs")
        os.makedirs(self.log_path, exist_ok=True)
        env = dict(os.environ, SMP=str(smp), MEM=mem,
                   KASLR="1" if kaslr else "0",
                   REBOOT="1" if reboot else "0")
        # QEMU's monitor on a socket of its own: on the serial line (Ctrl-A
        # c) switching to it and back prints a newline that can land in
        # the middle of the guest's output. The serial line stays QEMU's
        # mux (mon:stdio), for Ctrl-A b (BREAK).
        self.monitor_dir = tempfile.mkdtemp(prefix="dbgvm-")
        self.monitor_path = os.path.join(self.monitor_dir, "monitor")
        self.monitor_sock = None
        args = [bzimage, INITRAMFS] + cmdline.split() + [
            "--", "-serial", "mon:stdio", "-monitor",
            f"unix:{self.monitor_path},server=on,wait=off"]
        # ttyS1 on a socket of its own (for a debugger that has the
        # line to itself: dbg_core.port=ttyS1); gdb connects to it
        # directly (target remote PATH).
        # second_serial="telnet": on a TCP port in telnet mode instead,
        # where gdb's interrupt-sequence BREAK-g (telnet's IAC BREAK)
        # becomes a serial BREAK on the line.
        self.serial2_path = os.path.join(self.monitor_dir, "ttyS1")
        self.serial2_target = self.serial2_path
        if second_serial == "telnet":
            port = free_tcp_port()
            self.serial2_target = f"tcp:127.0.0.1:{port}"
            args += ["-serial",
                     f"telnet:127.0.0.1:{port},server=on,wait=off"]
        elif second_serial in ("tcp", "tcp-nodelay"):
            # Plain TCP, as QEMU's users attach gdb to a serial port
            # (with Nagle, QEMU's default, or without).
            port = free_tcp_port()
            self.serial2_target = f"tcp:127.0.0.1:{port}"
            args += ["-serial", f"tcp:127.0.0.1:{port},server=on,wait=off"
                     + (",nodelay=on" if second_serial != "tcp" else "")]
        elif second_serial:
            args += ["-serial",
                     f"unix:{self.serial2_path},server=on,wait=off"]
        self.logfile = None
        self.marker = 0
        self.kdb_ready = False
        t0 = time.monotonic()
        # Debian 12's QEMU 7.2 (TCG) has been seen to segfault while the
        # guest enumerates PCI (memory_region_dispatch_write): that is
        # QEMU's crash before the machine exists, not the test's, so the
        # boot is made again, once, and the crash is recorded.
        for attempt in (1, 2):
            self.child = pexpect.spawn(
                os.path.join(TOP, "scripts/qemu.sh"), args, env=env,
                encoding="utf-8", codec_errors="replace", timeout=60,
                dimensions=(50, 200))
            try:
                self.child.expect("dbgtest: READY", timeout=boot_timeout)
                break
            except pexpect.TIMEOUT:
                self.boot_hang(boot_timeout)
            except pexpect.EOF:
                self.child.close()
                if attempt == 2 or self.child.signalstatus != 11:
                    raise
                with open(os.path.join(BUILD, "qemu-crashes"), "a") as f:
                    f.write("SIGSEGV during boot\n")
        self.boot_time = time.monotonic() - t0
        with open(os.path.join(BUILD, "boot-times"), "a") as f:
            f.write(f"{self.boot_time:.3f}\n")
        self.child.expect_exact(SHELL_PROMPT, timeout=60)
        self.wait_boot_settled()

    def boot_hang(self, waited):
        """The boot never said READY: diagnose, keep the console's text
        and the report in vmtest-logs/, stop QEMU and fail."""
        console = self.child.before or ""
        try:
            report = self.diagnose("dbgtest: READY")
        finally:
            self.close()
        path = os.path.join(self.log_path,
                            time.strftime("boot-hang-%Y%m%d-%H%M%S.log"))
        with open(path, "w") as f:
            f.write(f"{console}\n=== no READY after {waited} s\n{report}\n")
        raise VMError(f"the boot never said READY in {waited} s (console "
                      f"and diagnosis in {path}):\n{console[-1500:]}\n"
                      f"{report}")

    def wait_boot_settled(self, timeout=60):
        """Wait for the boot-time switch from the tsc-early clocksource:
        it runs stop_machine, which a test holding a CPU in a loop (cstest
        hold) would otherwise meet at a random point of the test."""
        cur = "/sys/devices/system/clocksource/clocksource0/" \
              "current_clocksource"
        end = time.monotonic() + timeout
        while self.sh(f"cat {cur}").strip() == "tsc-early":
            assert time.monotonic() < end, "still on tsc-early"
            time.sleep(0.2)

    def set_log(self, name):
        self.logfile = open(os.path.join(self.log_path, name + ".log"), "w")
        self.child.logfile_read = self.logfile

    def close(self):
        try:
            if self.monitor_sock is not None:
                self.monitor_sock.close()
            if self.child.isalive():
                self.child.terminate(force=True)
        finally:
            if self.logfile:
                self.logfile.close()
            shutil.rmtree(self.monitor_dir, ignore_errors=True)

    # --- the shell ---------------------------------------------------
    def sh(self, cmd, timeout=60):
        """Run a shell command, return its output (without the echo)."""
        self.marker += 1
        n = self.marker
        # The marker is split in the typed line so only the output matches.
        self.child.sendline(f'{cmd}; echo "@@""{n}@@"')
        self.child.expect(f"@@{n}@@\r*\n", timeout=timeout)
        out = self.child.before.replace("\r", "")
        self.child.expect_exact(SHELL_PROMPT, timeout=timeout)
        # Output starts after the terminal's echo of what we typed (kernel
        # messages may come before it); the echo may be wrapped.
        end = out.rfind(f'"@@""{n}@@"')
        if end >= 0:
            out = out[end:].split("\n", 1)[1] if "\n" in out[end:] else ""
        return out

    def heartbeat(self):
        nums = [l.strip() for l in self.sh("cat /run/hb").split("\n")
                if l.strip().isdigit()]
        assert nums, "no heartbeat read"
        return int(nums[-1])

    def heartbeat_moves_on(self, since, timeout=60):
        """Wait until the heartbeat passes `since`: userspace runs again.
        Polled, not slept for: a loaded host slows the guest, and a fixed
        sleep would test the host's load, not the debugger's resume."""
        end = time.monotonic() + timeout
        while True:
            now = self.heartbeat()
            if now > since:
                return now
            assert time.monotonic() < end, \
                f"heartbeat stuck at {now} for {timeout} s"
            time.sleep(0.2)

    def start_busy_loops(self, n=4):
        self.sh(f"for i in $(seq {n}); do (while :; do :; done) & done")
        pids = self.sh("jobs -p").split()
        assert len(pids) >= n, pids
        return pids

    # --- entering the debugger ---------------------------------------
    def entered(self):
        """At the first prompt of a boot, turn kdb's pager off (the tests
        that test the pager turn it on again): the environment lasts."""
        cpu = int(self.child.match.group(1))
        if not self.kdb_ready:
            self.kdb_ready = True
            self.kdb("set LINES 0")
        return cpu

    def enter_by_sysrq_trigger(self, timeout=60):
        self.child.sendline("echo g > /proc/sysrq-trigger")
        self.child.expect(KDB_PROMPT, timeout=timeout)
        return self.entered()

    def enter_by_serial_break(self, timeout=60):
        self.child.send("\x01b")        # QEMU mux: serial BREAK
        time.sleep(0.3)
        self.child.send("g")            # the sysrq key, within 5 s
        self.child.expect(KDB_PROMPT, timeout=timeout)
        return self.entered()

    def enter_with(self, shell_cmd, timeout=60):
        """Run a shell command that enters the debugger (its output up to
        the prompt is returned, banner included)."""
        self.child.sendline(shell_cmd)
        self.child.expect(KDB_PROMPT, timeout=timeout)
        before = self.child.before.replace("\r", "")
        self.entered()
        return before

    def kdb_sync(self, timeout=60):
        """Get in step with the kdb prompt after an asynchronous entry
        (kernel messages printed before kdb took the console may sit
        around the banner): run one line whose output is known, and wait
        for the prompt after it."""
        self.child.send("0x4242\r")
        self.child.expect_exact("0x4242 = 0x4242 (16962)", timeout=timeout)
        self.child.expect(KDB_PROMPT, timeout=timeout)
        return int(self.child.match.group(1))

    def console_tx_check(self, waited_for=SHELL_PROMPT, timeout=10):
        """For a test whose shell went quiet: is ttyS0's transmit
        interrupt lost? Reads the 16550's interrupt enables (IER, port
        0x3f9) through QEMU's monitor, turns THRI off and on (QEMU raises
        the interrupt again on that edge) and says whether the text the
        test waited for (the shell's prompt) then came. If it did not,
        IER is put back as it was."""
        m = re.search(r"= (0x[0-9a-f]+)", self.monitor("i /b 0x3f9"))
        if not m:
            return "IER unreadable"
        ier = int(m.group(1), 16)
        self.monitor(f"o /b 0x3f9 {ier & ~2:#x}")
        self.monitor(f"o /b 0x3f9 {ier | 2:#x}")
        try:
            self.child.expect_exact(waited_for, timeout=timeout)
            came = "came: the transmit interrupt was lost"
        except pexpect.TIMEOUT:
            came = "did not come"
            self.monitor(f"o /b 0x3f9 {ier:#x}")
        return (f"ttyS0 IER {ier:#04x}; after THRI off and on "
                f"{waited_for.strip()!r} {came}")

    def diagnose_uart_registers(self):
        """ttyS0's IER, LSR and MCR, read by QEMU's monitor (reads of
        these have no effect on the UART, but LSR's error bits)."""
        return "; ".join(
            f"{name} " + self.monitor(f"i /b {port:#x}").split("= ")[-1]
            .split()[0] for name, port in (("IER", 0x3f9), ("LSR", 0x3fd),
                                           ("MCR", 0x3fc)))

    def vcpu_report(self):
        """Each vCPU's instruction pointer, privilege level and halt
        state, read by QEMU's monitor (the guest need not answer), the
        instruction pointer named from System.map."""
        text = self.monitor("info registers -a")
        rows = []
        for m in re.finditer(r"CPU#(\d+)\s.*?RIP=([0-9a-f]+).*?"
                             r"CPL=(\d).*?HLT=(\d)", text, re.S):
            cpu, rip, cpl, hlt = m.groups()
            rows.append(f"vCPU {cpu}: {symbolize(int(rip, 16))} CPL {cpl}"
                        f"{' halted' if hlt == '1' else ''}")
        return "\n".join(rows) or text

    def diagnose(self, waited_for=SHELL_PROMPT, timeout=60):
        """For a machine whose console went quiet (a boot that never said
        READY, a shell that never prompted): what the host can learn
        without the guest's interrupts. The vCPUs through QEMU's monitor;
        ttyS0's IER and LSR; whether `waited_for` comes when THRI is
        turned off and on; then kdb's view through QEMU's NMI (its output
        is polled): every CPU, its stack, the tasks, the blocked tasks'
        stacks, the log's end. Returns the report; the caller still
        fails the test."""
        parts = []

        def step(title, fn):
            try:
                parts.append(f"--- {title}\n{fn()}")
                return True
            except (VMError, OSError, pexpect.ExceptionPexpect) as e:
                parts.append(f"--- {title}: failed: {e!r}"[:500])
                return False

        def resume():
            self.child.send("go\r")
            self.child.expect_exact("Resuming", timeout=timeout)
            return "resumed"

        step("vCPUs (QEMU monitor)", self.vcpu_report)
        step("ttyS0 registers", self.diagnose_uart_registers)
        if step("kdb through an NMI", lambda:
                f"entered on CPU {self.enter_by_monitor_nmi(timeout)}"):
            for cmd in ("cpus", "btc", "ps", "bta D", "dmesg 60"):
                if not step(f"kdb: {cmd}",
                            lambda c=cmd: self.kdb_text(c, timeout)):
                    break
            else:
                if step("ttyS0 as its driver sees it (kdb)",
                        lambda: self.uart_driver_state(timeout)):
                    step("kdb: go", resume)
        # Last: it changes IER, and the driver's view is read above.
        step("transmit interrupt",
             lambda: self.console_tx_check(waited_for))
        return "\n".join(parts)

    def uart_driver_state(self, timeout=30):
        """ttyS0 as the 8250 driver sees it, read at a kdb prompt: the
        IER it believes it wrote and the bytes in its transmit queue
        (offsets from vmlinux's debug info). The driver sends only while
        it believes THRI is on: a hardware IER without THRI under a
        cached one with it is a lost transmit interrupt."""
        port = "serial8250_ports[0]"
        ier = self.kdb_text(f"mdr {gdb_eval(f'&{port}.ier'):#x} 1", timeout)
        state = gdb_eval(f"&{port}.port.state")
        fifo = gdb_eval("&((struct uart_state *)0)->port.xmit_fifo")
        raw = self.kdb_text(f"mdr *{state:#x}+{fifo:#x} 8", timeout)
        m = re.search(r"^([0-9a-f]{16})$", raw, re.M)
        if not m or not re.search(r"^[0-9a-f]{2}$", ier, re.M):
            return f"unreadable: {ier!r} {raw!r}"
        b = bytes.fromhex(m.group(1))
        put, got = int.from_bytes(b[:4], "little"), \
            int.from_bytes(b[4:], "little")
        return (f"cached IER 0x{ier.split()[-1]}; transmit queue in {put} "
                f"out {got}: {(put - got) & 0xffffffff} bytes waiting")

    def enter_by_monitor_nmi(self, timeout=120):
        """QEMU's external NMI; returns the CPU that entered."""
        self.monitor("nmi")
        self.child.expect(r"Entering kdb on CPU (\d+)", timeout=timeout)
        cpu = int(self.child.match.group(1))
        self.kdb_sync(timeout)
        if not self.kdb_ready:
            self.kdb_ready = True
            self.kdb("set LINES 0")
        return cpu

    def kdb(self, cmd, timeout=30):
        """Run a kdb command, return its output lines."""
        self.child.send(cmd + "\r")
        self.child.expect(KDB_PROMPT, timeout=timeout)
        lines = self.child.before.replace("\r", "").split("\n")
        return [l for l in lines[1:] if l.strip()]

    def kdb_text(self, cmd, timeout=30):
        return "\n".join(self.kdb(cmd, timeout))

    def kdb_ok(self, cmd, timeout=30):
        """Run a kdb command that must not report an error."""
        lines = self.kdb(cmd, timeout)
        errors = [l for l in lines if KDB_ERROR.match(l)]
        assert not errors, (cmd, errors)
        return lines

    def cpus(self):
        rows = {}
        for line in self.kdb("cpus"):
            m = CPU_ROW.match(line)
            if m:
                rows[int(m.group("cpu"))] = m.groupdict()
        return rows

    def _monitor_until_prompt(self, timeout):
        """Read the monitor socket up to its next prompt; the text."""
        data = b""
        deadline = time.monotonic() + timeout
        while not data.endswith(b"(qemu) "):
            left = deadline - time.monotonic()
            if left <= 0:
                raise VMError(f"QEMU monitor: no prompt; got {data!r}")
            self.monitor_sock.settimeout(left)
            chunk = self.monitor_sock.recv(4096)
            if not chunk:
                raise VMError("QEMU monitor closed")
            data += chunk
        return data.decode(errors="replace")

    def monitor(self, cmd, timeout=30):
        """Run a QEMU monitor command on the monitor's own socket."""
        if self.monitor_sock is None:
            self.monitor_sock = socket.socket(socket.AF_UNIX)
            self.monitor_sock.connect(self.monitor_path)
            self._monitor_until_prompt(timeout)
        self.monitor_sock.sendall(cmd.encode() + b"\n")
        return self._monitor_until_prompt(timeout)

    # --- the test module (tests/kmod) ----------------------------------
    def cstest(self, cmd, timeout=120):
        """Run a cstest command; return its report as a list of lines."""
        out = self.sh(f"echo {cmd} > /sys/kernel/debug/cstest/ctl && "
                      "echo CMD-OK; cat /sys/kernel/debug/cstest/result",
                      timeout=timeout)
        lines = [l for l in out.split("\n") if l.strip()]
        assert "CMD-OK" in lines, (cmd, out)
        return lines[lines.index("CMD-OK") + 1:]

    def cstest_stop(self, master=""):
        """One stop by the test module: (ret, master, {cpu: row})."""
        return parse_stop(self.cstest(f"stop {master}".strip()))

    def expect_reboot(self, timeout=240):
        """The guest rebooted and is back at its shell (VM(reboot=True))."""
        self.child.expect("dbgtest: READY", timeout=timeout)
        self.child.expect_exact(SHELL_PROMPT, timeout=60)
        self.kdb_ready = False
        self.wait_boot_settled()

    def expect_machine_gone(self, timeout=120):
        """QEMU exits: the guest rebooted (QEMU runs with -no-reboot)."""
        self.child.expect(pexpect.EOF, timeout=timeout)

    def go(self, timeout=60):
        self.child.send("go\r")
        self.child.expect_exact("Resuming", timeout=timeout)
        # The shell that wrote to /proc/sysrq-trigger prompts again.
        self.child.expect_exact(SHELL_PROMPT, timeout=timeout)


# A CPU line of the test module's report (see tests/kmod/cstest.c).
STOP_ROW = re.compile(
    r"^cpu (?P<cpu>\d+) (?P<state>\S+) (?P<how>\S+) (?P<ctx>\S+) "
    r"(?P<reason>\S+) (?P<latency>\d+) (?P<pc>\S+(?: \[\w+\])?) "
    r"mode=(?P<mode>\S+) task=(?P<task>.*)$")


def check_in_park_loop(row, cpu, loop="cstest_spin"):
    """A CPU the test module parked with interrupts on was running its
    park thread: in `loop`, or in an interrupt (or the softirqs run on its
    way out) that came during the loop, which is then what a stop finds
    interrupted. Works on test module and kdb `cpus` rows."""
    assert row.get("task", row.get("comm")) == f"cstest/{cpu}", row
    if row["ctx"] in ("irq", "softirq"):
        return
    assert row["ctx"] == "kernel", row
    assert row["pc"].startswith(loop + "+0x"), row


def parse_stop(lines):
    """The test module's report of one stop: (ret, master, {cpu: row})."""
    ret = master = None
    rows = {}
    for l in lines:
        if l.startswith("ret "):
            ret = int(l.split()[1])
        elif l.startswith("master "):
            master = int(l.split()[1])
        else:
            m = STOP_ROW.match(l)
            if m:
                r = m.groupdict()
                r["latency"] = int(r["latency"])
                rows[int(r["cpu"])] = r
    assert ret is not None and master is not None, lines
    return ret, master, rows


def report_values(lines):
    """'key value [key value...]' lines of a test module report."""
    out = {}
    for l in lines:
        parts = l.split()
        for k, v in zip(parts[::2], parts[1::2]):
            out.setdefault(k, v)
    return out


def check_cpu_rows(rows, ncpus, master, reason="sysrq",
                   master_pc="dbg_arch_break+0x", others=("ipi", "nmi")):
    """All CPUs stopped, with plausible interrupted state."""
    assert sorted(rows) == list(range(ncpus)), rows
    for cpu, r in rows.items():
        where = f"cpu {cpu}: {r}"
        if cpu == master:
            assert r["mark"] == "*" and r["state"] == "master", where
            assert r["how"] == "self" and r["reason"] == reason, where
            assert r["pc"].startswith(master_pc), where
            continue
        assert r["state"] == "stopped", where
        assert r["how"] in others, where
        assert int(r["pid"]) >= 0, where
        if r["ctx"] == "user":
            m = re.match(r"^user:0x([0-9a-f]{16})$", r["pc"])
            assert m and int(m.group(1), 16) < 0x800000000000, where
        else:
            assert r["ctx"] in ("kernel", "idle", "irq", "softirq"), where
            assert KSYM.match(r["pc"]), where
            # The interrupted PC, not where crash_stop parked the CPU.
            assert not re.match(r"^(cs_|crash_stop)", r["pc"]), where
        if r["ctx"] == "idle":
            assert r["comm"].startswith("swapper/"), where
