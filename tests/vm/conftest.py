# SPDX-License-Identifier: GPL-2.0
import os
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
