# SPDX-License-Identifier: GPL-2.0
"""kdbmon (issue 10) against the test machine, as `make run` starts it:
scripts/run.sh boots QEMU with the console on a socket in telnet mode
and runs kdbmon on a pty this test drives; gdb 13.1 attaches to
kdbmon's port. What is shown is checked against the machine's own view
(System.map, /proc), not against kdbmon's.
"""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import pexpect

from vm import (BUILD, BZIMAGE, INITRAMFS, KOBJ, SHELL_PROMPT, TOP, VM,
                VMLINUX, free_tcp_port, sym)

KDBMON = os.path.join(BUILD, "kdbmon/kdbmon")
HOT = "\x1d"                    # Ctrl-]
KDB_PROMPT_RE = r"\[\d+\]kdb> "
# kdbmon redraws kdb's prompt as libedit's: then the keys are edited here.
EDITING = "\r\x1b[K"


class Kdbmon(VM):
    """`make run`'s pair (QEMU + kdbmon) on a pty; the shell and kdb
    through kdbmon. VM's shell helpers work on it."""

    def __init__(self, name, args="", home=None, run_dir=None,
                 extra_env=None):
        self.marker = 0
        self.kdb_ready = False
        self.monitor_sock = None
        # The socket's path names the history file: the same run_dir, the
        # same target.
        self.own_dir = run_dir is None
        self.monitor_dir = run_dir or tempfile.mkdtemp(prefix="kdbmon-")
        self.home = home or self.monitor_dir
        self.port = free_tcp_port()
        self.log_path = os.path.join(BUILD, "vmtest-logs")
        os.makedirs(self.log_path, exist_ok=True)
        env = dict(os.environ, GDBPORT=str(self.port), KDBMON_ARGS=args,
                   RUN_DIR=self.monitor_dir, HOME=self.home, SMP="4",
                   MEM="256M", KASLR="0", TERM="xterm")
        env.update(extra_env or {})
        self.logfile = open(os.path.join(self.log_path, name + ".log"), "w")
        # QEMU 7.2's rare crash while the guest enumerates PCI (see VM):
        # the boot is made again, once.
        for attempt in (1, 2):
            self.child = pexpect.spawn(
                os.path.join(TOP, "scripts/run.sh"),
                [BUILD, KOBJ, KDBMON, BZIMAGE, INITRAMFS], env=env,
                encoding="utf-8", codec_errors="replace", timeout=60,
                dimensions=(50, 200))
            self.child.logfile_read = self.logfile
            try:
                self.child.expect("dbgtest: READY", timeout=180)
                break
            except pexpect.EOF:
                crashed = "QEMU ended with status 139" in self.child.before
                self.child.close()
                if attempt == 2 or not crashed:
                    raise
                with open(os.path.join(BUILD, "qemu-crashes"), "a") as f:
                    f.write("SIGSEGV during boot (kdbmon)\n")
        self.child.expect_exact(SHELL_PROMPT, timeout=60)
        self.wait_boot_settled()

    def hot(self, key):
        self.child.send(HOT)
        self.child.send(key)

    def break_in(self):
        """Hot key + b; returns once kdbmon edits kdb's line."""
        self.hot("b")
        self.child.expect(KDB_PROMPT_RE, timeout=60)
        self.child.expect_exact(EDITING, timeout=30)
        self.child.expect(KDB_PROMPT_RE, timeout=30)

    def kdb_line(self, keys):
        """Type @keys and Enter at kdb's prompt; what kdb printed."""
        self.child.send(keys)
        self.child.send("\r")
        self.child.expect_exact(EDITING, timeout=60)
        out = self.child.before
        self.child.expect(KDB_PROMPT_RE, timeout=30)
        return out.replace("\r", "")

    def go(self):
        self.child.send("go\r")
        self.child.expect("Resuming", timeout=60)
        assert self.sh("echo running").strip() == "running"

    def given_back(self):
        """After gdb left: kdbmon gave kdb the line, kdb resumed, the
        shell answers."""
        self.child.expect_exact("console is back", timeout=60)
        self.child.expect_exact("Resuming", timeout=60)
        assert self.sh("echo alive").strip() == "alive"

    def pending_output(self, wait=2):
        """What kdbmon wrote to its terminal that no expect has read
        (its notes while a test waited on something else)."""
        out = ""
        end = time.monotonic() + wait
        while time.monotonic() < end:
            try:
                out += self.child.read_nonblocking(65536, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
        return out

    def quit(self):
        self.hot("q")
        self.child.expect(pexpect.EOF, timeout=60)

    def close(self):
        try:
            if self.child.isalive():
                self.child.terminate(force=True)
        finally:
            self.logfile.close()
            if self.own_dir:
                shutil.rmtree(self.monitor_dir, ignore_errors=True)


def test_console_both_ways_break_in_and_log():
    """The terminal is the console both ways; hot key + b stops the
    machine into kdb, whose command runs, and go resumes; the log file
    holds what came on the line, each line stamped; hot key + q ends
    kdbmon and QEMU."""
    logdir = tempfile.mkdtemp(prefix="kdbmon-log-")
    log = os.path.join(logdir, "line.log")
    km = Kdbmon("kdbmon_console", args=f"-l {log}")
    try:
        assert km.sh("echo hello $((6*7))").strip() == "hello 42"
        km.break_in()
        out = km.kdb_line("ps")
        assert "Stack" not in out and re.search(r"\bsh\b", out), out
        km.go()
        km.quit()
        # QEMU is gone with kdbmon.
        assert "qemu" not in subprocess.run(
            ["pgrep", "-f", km.monitor_dir], capture_output=True,
            text=True).stdout
        with open(log, errors="replace", newline="") as f:
            text = f.read()
        lines = [l for l in text.split("\n") if l.strip()]
        stamp = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] ")
        assert all(stamp.match(l) for l in lines), lines[:5]
        body = "\n".join(stamp.sub("", l) for l in lines)
        for want in ("hello 42", "Entering kdb", "Resuming", "running"):
            assert want in body, want
        # kdb's echo of the command came on the line: logged, not shown.
        assert re.search(KDB_PROMPT_RE + r"ps\r", body), body[-2000:]
    finally:
        km.close()
        shutil.rmtree(logdir, ignore_errors=True)


def test_kdb_line_editing_history_and_completion():
    """At kdb's prompt: emacs keys edit the line, Tab completes a command
    (from kdb's help) and a symbol (from System.map), ^P recalls the
    last line, ^R finds an older one; the history is there again after
    kdbmon and the machine start anew."""
    home = tempfile.mkdtemp(prefix="kdbmon-home-")
    run_dir = tempfile.mkdtemp(prefix="kdbmon-run-")
    banner = sym("linux_banner")
    km = Kdbmon("kdbmon_editing", home=home, run_dir=run_dir)
    try:
        km.break_in()
        # "lsm" + Tab: "lsmod " (kdb's help gives the names).
        out = km.kdb_line("lsm\t")
        # (libedit redraws with cursor moves: the command's output shows
        # what ran.)
        assert "Module" in out and "cstest" in out, out
        # A symbol: "md linux_ban" + Tab; what md shows is at
        # System.map's address of linux_banner.
        out = km.kdb_line("md linux_ban\t 1")
        assert "%016x" % banner in out or "0x%x" % banner in out, out
        # Emacs keys: typed "1 ps", ^A to the start, ^D deletes "1 ".
        out = km.kdb_line("1 ps\x01\x04\x04")
        assert re.search(r"\bsh\b", out), out
        # ^P: the last line again.
        out = km.kdb_line("\x10")
        assert re.search(r"\bsh\b", out), out
        km.go()
        km.quit()
    finally:
        km.close()
    assert os.listdir(os.path.join(home, ".kdbmon")), "no history file"
    km = Kdbmon("kdbmon_editing_again", home=home, run_dir=run_dir)
    try:
        km.break_in()
        # The history of the last run: ^R finds "md linux_banner 1".
        out = km.kdb_line("\x12md lin\r")
        assert "%016x" % banner in out or "0x%x" % banner in out, out
        km.go()
        km.quit()
    finally:
        km.close()
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(run_dir, ignore_errors=True)


def test_symbols_completed_by_the_target_without_a_symbol_file():
    """No --symbols: Tab asks the target's kdb (its own completion, then
    ^U empties its line): a unique symbol is completed, an ambiguous
    prefix lists what kdb knows; kdb's line is empty after."""
    banner = sym("linux_banner")
    km = Kdbmon("kdbmon_target_symbols", extra_env={"KDBMON_SYMBOLS": ""})
    try:
        km.break_in()
        out = km.kdb_line("md linux_ban\t 1")
        assert "%016x" % banner in out or "0x%x" % banner in out, out
        km.child.send("md jiffies\t")
        km.child.expect(r"jiffies_64", timeout=60)
        # Empty the line here (^U), then a command: nothing of the
        # completion was left on kdb's line.
        km.child.send("\x15lsmod\r")
        km.child.expect_exact("Module", timeout=60)
        assert "kdb:" not in km.child.before, km.child.before
        km.child.expect_exact(EDITING, timeout=60)
        km.child.expect(KDB_PROMPT_RE, timeout=30)
        km.go()
    finally:
        km.close()


def test_kdb_pager_takes_keys_as_they_are():
    """kdb's pager ("more> ") gets the user's keys one by one, not a
    line editor: space pages on, q ends it; the prompt is edited
    again after."""
    km = Kdbmon("kdbmon_pager")
    try:
        km.break_in()
        km.kdb_line("set LINES 6")
        km.child.send("ps A\r")
        km.child.expect_exact("more> ", timeout=60)
        km.child.send(" ")
        km.child.expect_exact("more> ", timeout=60)
        km.child.send("q")
        km.child.expect_exact(EDITING, timeout=60)
        km.child.expect(KDB_PROMPT_RE, timeout=30)
        km.kdb_line("set LINES 24")
        km.go()
    finally:
        km.close()


def gdb_args(port, cmds):
    args = ["gdb", "-nx", "-batch", "-ex", "set pagination off",
            "-ex", "set confirm off", "-ex", "set remotetimeout 10",
            "-ex", "target remote :%d" % port]
    for c in cmds:
        args += ["-ex", c]
    return args + [VMLINUX]


def gdb_spawn(port, cmds):
    """gdb attached through kdbmon's @port, running @cmds, on a pty."""
    args = gdb_args(port, cmds)
    return pexpect.spawn(args[0], args[1:], encoding="utf-8",
                         codec_errors="replace", timeout=120,
                         dimensions=(50, 200))


GDB_JUNK = ("Ignoring packet error", "unexpected", "Bogus", "junk",
            "Remote failure", "Malformed", "invalid")


def test_gdb_attaches_through_kdbmon_and_ctrl_c_five_times():
    """gdb attaches to kdbmon's port while the machine runs (kdbmon
    breaks in, kdb hands the line to the stub), reads jiffies and the
    threads (the shell's pid among them); continues, and gdb's Ctrl-C
    stops the machine five times in a row while the console keeps
    working, with packet-like text on the console that never reaches
    gdb; detach gives the console back with the machine running."""
    km = Kdbmon("kdbmon_gdb")
    try:
        shpid = km.sh("echo $$").strip()
        g = gdb_spawn(km.port, ["p jiffies > 0", "info threads"] +
                      ["echo CONT\\n", "continue", "p 40+2"] * 5 +
                      ["detach"])
        seen = ""
        for i in range(5):
            g.expect_exact("CONT")
            seen += g.before
            # Console text shaped like packets, while gdb waits.
            out = km.sh("echo '$OK#9a $T05#b9 x'%d" % i)
            assert "$OK#9a $T05#b9 x%d" % i in out, out
            g.sendintr()
            g.expect("received signal SIGINT", timeout=60)
            seen += g.before + g.after
            g.expect(r"\$\d+ = 42", timeout=60)
            seen += g.before + g.after
        g.expect(pexpect.EOF, timeout=120)
        seen += g.before
        assert "$1 = 1" in seen, seen
        assert re.search(r'Thread %s "sh"' % shpid, seen), seen
        assert seen.count("= 42") == 5, seen
        assert "[Inferior 1 (Remote target) detached]" in seen, seen
        for junk in GDB_JUNK:
            assert junk not in seen, (junk, seen)
        km.given_back()
        # The next break-in is kdb's again.
        km.break_in()
        km.go()
    finally:
        km.close()


def test_terminal_not_read_does_not_stop_kdbmon():
    """Nobody reads kdbmon's terminal (a test waiting on something else,
    a terminal stopped with ^S) while the machine prints 160 KB on the
    console: kdbmon holds the text back instead of blocking in write(),
    so it keeps serving the line and gdb (which attaches, reads jiffies
    and detaches), and once the terminal reads again it shows all of the
    text, in order. Blocked in write(), kdbmon stopped after the 16 KiB
    a pty holds, and gdb and a dump with it."""
    km = Kdbmon("kdbmon_unread")
    try:
        km.child.sendline('seq 100000 120000; echo SEQ""-DONE')
        time.sleep(3)
        r = subprocess.run(gdb_args(km.port, ["p jiffies > 0", "detach"]),
                           capture_output=True, text=True, timeout=300)
        seen = r.stdout + r.stderr
        assert "$1 = 1" in seen, seen
        assert "[Inferior 1 (Remote target) detached]" in seen, seen
        shown = ""
        end = time.monotonic() + 180
        while not ("SEQ-DONE" in shown and "Resuming" in shown):
            assert time.monotonic() < end, shown[-2000:]
            shown += km.pending_output()
        nums = [int(l) for l in shown.replace("\r", "").split("\n")
                if l.strip().isdigit() and len(l.strip()) == 6]
        assert nums == list(range(100000, 120001)), \
            (len(nums), nums[:3], nums[-3:])
        assert "not shown" not in shown, shown[-2000:]
        assert km.sh("echo alive").strip() == "alive"
    finally:
        km.close()


def test_gdb_killed_mid_session_gives_the_console_back():
    """A second gdb is refused while one is attached; then the first
    vanishes (killed) while the machine is stopped under it: kdbmon
    hands the line back to kdb, which lets the machine run."""
    km = Kdbmon("kdbmon_gdb_killed")
    try:
        g = gdb_spawn(km.port, ["p jiffies > 0", "echo ATTACHED\\n",
                                "shell sleep 600"])
        g.expect_exact("ATTACHED", timeout=120)
        r = subprocess.run(gdb_args(km.port, ["info registers rip"]),
                           capture_output=True, text=True, timeout=120)
        assert "no registers" in r.stdout + r.stderr, r.stdout + r.stderr
        km.child.expect_exact("second gdb connection refused", timeout=30)
        g.kill(9)
        g.close()
        km.given_back()
    finally:
        km.close()


def kdbmon_on(line, home, log, *args):
    """kdbmon alone on @line (no gdb port), until the test machine's
    shell prompt."""
    km = pexpect.spawn(KDBMON, ["-p", "0"] + list(args) + [line],
                       encoding="utf-8", codec_errors="replace",
                       timeout=180, env=dict(os.environ, HOME=home))
    km.logfile_read = open(os.path.join(BUILD, "vmtest-logs", log), "w")
    return km


def until_shell(km):
    km.expect("dbgtest: READY")
    km.expect_exact(SHELL_PROMPT, timeout=60)


class LineCutter:
    """A unix-socket relay between kdbmon and QEMU's socket, that can
    drop the line and bring it back (a USB adapter pulled and put back
    in)."""

    def __init__(self, path, upstream):
        self.path, self.upstream = path, upstream
        self.listener = None
        self.conns = []
        self.up()

    def up(self):
        self.listener = socket.socket(socket.AF_UNIX)
        self.listener.bind(self.path)
        self.listener.listen(1)
        threading.Thread(target=self._accept, args=(self.listener,),
                         daemon=True).start()

    def _accept(self, listener):
        try:
            a, _ = listener.accept()
        except OSError:
            return
        b = socket.socket(socket.AF_UNIX)
        b.connect(self.upstream)
        self.conns += [a, b]
        for x, y in ((a, b), (b, a)):
            threading.Thread(target=self._pump, args=(x, y),
                             daemon=True).start()

    @staticmethod
    def _pump(x, y):
        try:
            while True:
                d = x.recv(4096)
                if not d:
                    break
                y.sendall(d)
        except OSError:
            pass
        for s in (x, y):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def down(self):
        self.listener.close()
        os.unlink(self.path)
        for c in self.conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()
        self.conns = []


def test_line_lost_and_back_keeps_what_was_typed():
    """The line goes away (a relay between kdbmon and QEMU is cut):
    kdbmon says so and keeps trying; what the user types meanwhile is
    sent when the line is back, and the console works on."""
    d = tempfile.mkdtemp(prefix="kdbmon-cut-")
    qsock, relay = os.path.join(d, "qemu.sock"), os.path.join(d, "relay")
    qemu = subprocess.Popen(
        [os.path.join(TOP, "scripts/qemu.sh"), BZIMAGE, INITRAMFS, "--",
         "-chardev", f"socket,id=c0,path={qsock},server=on,wait=off,"
         "telnet=on", "-serial", "chardev:c0", "-monitor", "none"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    km = None
    try:
        for _ in range(100):
            if os.path.exists(qsock):
                break
            time.sleep(0.1)
        cut = LineCutter(relay, qsock)
        km = kdbmon_on("unix:" + relay, d, "kdbmon_line_lost.log",
                       "--telnet")
        until_shell(km)
        km.sendline("echo before")
        km.expect("\nbefore")
        cut.down()
        km.expect_exact("closed; reconnecting", timeout=30)
        km.send("echo typed-while-down-$((2+3))\r")
        time.sleep(1)
        cut.up()
        km.expect_exact("connected to unix:", timeout=30)
        km.expect("typed-while-down-5", timeout=60)
        km.sendline("echo after")
        km.expect("\nafter")
        km.send(HOT + "q")
        km.expect(pexpect.EOF, timeout=30)
    finally:
        if km is not None and km.isalive():
            km.terminate(force=True)
        qemu.terminate()
        qemu.wait()
        shutil.rmtree(d, ignore_errors=True)


def test_qemu_restarted_under_kdbmon():
    """QEMU ends and a new one starts on the same TCP port: kdbmon, left
    running, connects to it by itself and is its console. (The other
    tests use unix sockets: this one keeps kdbmon's TCP line tested.)"""
    d = tempfile.mkdtemp(prefix="kdbmon-restart-")
    port = free_tcp_port()

    def boot():
        return subprocess.Popen(
            [os.path.join(TOP, "scripts/qemu.sh"), BZIMAGE, INITRAMFS, "--",
             "-chardev", f"socket,id=c0,host=127.0.0.1,port={port},"
             "server=on,wait=off,telnet=on", "-serial", "chardev:c0",
             "-monitor", "none"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
    km = kdbmon_on(f"tcp:127.0.0.1:{port}", d, "kdbmon_qemu_restart.log",
                   "--telnet")
    qemu = None
    try:
        # kdbmon first: it waits for the line.
        km.expect_exact("waiting for it", timeout=30)
        for i in range(2):
            qemu = boot()
            km.expect_exact("connected to tcp:", timeout=60)
            until_shell(km)
            km.sendline("echo boot-$((%d+1))" % i)
            km.expect("\nboot-%d" % (i + 1))
            qemu.terminate()
            qemu.wait()
            km.expect_exact("closed; reconnecting", timeout=30)
        km.send(HOT + "q")
        km.expect(pexpect.EOF, timeout=30)
    finally:
        if qemu and qemu.poll() is None:
            qemu.terminate()
            qemu.wait()
        if km.isalive():
            km.terminate(force=True)
        shutil.rmtree(d, ignore_errors=True)


def test_line_noise_from_the_target_with_gdb_attached():
    """Random bytes on the console while gdb waits for the machine: gdb
    sees none of it (no junk, no false stop), Ctrl-C still stops the
    machine, and kdbmon stays the console after."""
    km = Kdbmon("kdbmon_noise")
    try:
        g = gdb_spawn(km.port, ["echo CONT\\n", "continue", "p 40+2",
                                "detach"])
        g.expect_exact("CONT")
        # 20 KB of noise with every packet character in it, and what
        # would open a telnet subnegotiation (QEMU sends the guest's
        # 0xff bytes raw): the console after it must not be lost.
        km.sh("head -c 20000 /dev/urandom > /dev/console; "
              "printf '$T05#b9+-$\\003#\\377\\372\\n' > /dev/console")
        g.sendintr()
        g.expect("received signal SIGINT", timeout=60)
        g.expect(pexpect.EOF, timeout=120)
        seen = g.before
        assert "$1 = 42" in seen, seen
        for junk in GDB_JUNK:
            assert junk not in seen, (junk, seen)
        km.given_back()
    finally:
        km.close()


def test_make_gdb_through_kdbmon_has_the_lx_scripts():
    """`make gdb` (the README's second terminal): gdb on vmlinux with the
    kernel's scripts loaded, attached through kdbmon; lx-ps lists the
    shell's pid, $lx_current() is a task; quit lets the target run."""
    km = Kdbmon("kdbmon_make_gdb")
    try:
        shpid = km.sh("echo $$").strip()
        g = pexpect.spawn("make", ["-s", "-C", TOP, "gdb",
                                   "GDBPORT=%d" % km.port, "B=" + BUILD],
                          encoding="utf-8", codec_errors="replace",
                          timeout=120, dimensions=(50, 200),
                          env=dict(os.environ, HOME=km.home))
        g.logfile_read = km.logfile
        g.expect_exact("(gdb) ", timeout=120)
        g.sendline("set pagination off")
        g.expect_exact("(gdb) ")
        g.sendline("lx-ps")
        g.expect_exact("(gdb) ", timeout=120)
        assert re.search(r"\s%s\s+sh\b" % shpid, g.before), g.before
        g.sendline("p $lx_current().comm")
        g.expect_exact("(gdb) ", timeout=60)
        # A name, however gdb ends it: "sh\000...", "mv", '\000' <repeats 13
        # times>, or a full 15 characters.
        assert re.search(r'= "[\w/:.+-]+["\\]', g.before), g.before
        g.sendline("quit")
        g.expect_exact("Quit anyway? (y or n) ", timeout=60)
        g.sendline("y")
        g.expect(pexpect.EOF, timeout=60)
        km.given_back()
    finally:
        km.close()


def test_gdb_console_option_sends_console_output_to_gdb():
    """--gdb-console: while gdb lets the machine run, console output is
    gdb's to print (O packets), not the terminal's."""
    km = Kdbmon("kdbmon_gdb_console", args="--gdb-console")
    try:
        g = gdb_spawn(km.port, ["echo CONT\\n", "continue", "p 40+2",
                                "detach"])
        g.expect_exact("CONT")
        km.child.sendline("echo console-to-$((6*7))")
        g.expect_exact("console-to-42", timeout=60)
        g.sendintr()
        g.expect("received signal SIGINT", timeout=60)
        g.expect(pexpect.EOF, timeout=120)
        assert "$1 = 42" in g.before, g.before
        km.child.expect_exact("console is back", timeout=60)
        # It went to gdb, not to the terminal.
        assert "console-to-42" not in km.child.before
        km.child.expect_exact("Resuming", timeout=60)
        assert km.sh("echo alive").strip() == "alive"
    finally:
        km.close()


def test_a_tty_line_is_a_console():
    """A serial device (QEMU's pty stands in for /dev/ttyUSB0): kdbmon
    opens it raw at the given baud and is the console both ways."""
    d = tempfile.mkdtemp(prefix="kdbmon-tty-")
    qemu = pexpect.spawn(os.path.join(TOP, "scripts/qemu.sh"),
                         [BZIMAGE, INITRAMFS, "--", "-serial", "pty",
                          "-monitor", "none"],
                         encoding="utf-8", codec_errors="replace",
                         timeout=60)
    km = None
    try:
        qemu.expect(r"char device redirected to (/dev/pts/\d+)")
        pts = qemu.match.group(1)
        km = kdbmon_on(pts + ",115200", d, "kdbmon_tty.log")
        until_shell(km)
        km.sendline("echo tty-$((40+2))")
        km.expect("\ntty-42")
        # No BREAK through QEMU's pty: the sysrq comes from the shell.
        km.sendline("echo g > /proc/sysrq-trigger")
        km.expect(KDB_PROMPT_RE, timeout=60)
        km.expect_exact(EDITING, timeout=30)
        km.send("go\r")
        km.expect("Resuming", timeout=60)
        km.send(HOT + "q")
        km.expect(pexpect.EOF, timeout=30)
    finally:
        if km is not None and km.isalive():
            km.terminate(force=True)
        qemu.terminate(force=True)
        shutil.rmtree(d, ignore_errors=True)


def test_errors_are_clear():
    """No target needed: a gdb port in use, a bad option, a line that is
    not there yet (waited for), --help."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = subprocess.run([KDBMON, "-p", str(port), "unix:/nonexistent"],
                           capture_output=True, text=True, timeout=30,
                           stdin=subprocess.DEVNULL)
        assert r.returncode == 1, r
        assert "gdb port %d: Address already in use" % port in r.stderr, r
    r = subprocess.run([KDBMON, "--baud", "9600", "unix:x"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "unknown option '--baud'" in r.stderr, r
    r = subprocess.run([KDBMON, "/dev/ttyS0,1234"], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode == 2 and "unknown baud rate" in r.stderr, r
    km = pexpect.spawn(KDBMON, ["-p", "0", "unix:/nonexistent/sock"],
                       encoding="utf-8", timeout=30)
    km.expect_exact("/nonexistent/sock: No such file or directory "
                    "(waiting for it)")
    km.send(HOT + "b")
    km.expect_exact("the line is down: nothing sent")
    km.send(HOT + "q")
    km.expect(pexpect.EOF)
    r = subprocess.run([KDBMON, "--help"], capture_output=True, text=True,
                       timeout=30)
    assert r.returncode == 0 and "Hot key" in r.stdout, r
