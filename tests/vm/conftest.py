# SPDX-License-Identifier: GPL-2.0
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from vm import VM  # noqa: E402


@pytest.fixture
def vm(request):
    """A freshly booted 4-CPU test machine, killed after the test. A test
    parametrized indirectly gives extra kernel parameters."""
    machine = VM(cmdline=getattr(request, "param", ""))
    machine.set_log(request.node.name)
    yield machine
    machine.close()


@pytest.fixture
def gdbvm(request):
    """A test machine whose debugger has ttyS1 to itself, the GDB stub
    first (the shell stays on ttyS0), the line set up as gdbstub.rst
    advises (the tests that make their own machine leave it as it is);
    extra kernel parameters as vm."""
    machine = VM(cmdline="dbg_core.port=ttyS1,115200 dbg_core.frontend=gdb " +
                 getattr(request, "param", ""), second_serial=True)
    machine.set_log(request.node.name)
    yield machine
    machine.close()


@pytest.fixture(scope="session", autouse=True)
def host_load():
    """HOSTLOAD=N: N busy processes on the host for the whole run, so the
    VM's vCPUs are descheduled as on a loaded machine."""
    n = int(os.environ.get("HOSTLOAD", "0") or 0)
    hogs = [subprocess.Popen(["sh", "-c", "while :; do :; done"])
            for _ in range(n)]
    yield n
    for h in hogs:
        h.kill()
        h.wait()
