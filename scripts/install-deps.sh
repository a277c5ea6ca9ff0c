#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages the build and the tests need, if any
# are missing. Needs root (apt-get) only when something is missing.
set -euo pipefail

# The kernel source we overlay, the kernel build, QEMU and busybox for
# the test machine, cmocka and clang's sanitizer/fuzzer runtime for the
# unit tests (liblz4 stands in for the kernel's LZ4 there), pytest and
# pexpect for the VM tests, libedit and zlib for kdbmon.
pkgs=(
	linux-source-6.12
	build-essential bc bison flex libelf-dev libssl-dev cpio kmod
	xz-utils rsync ccache sparse
	qemu-system-x86
	busybox-static
	libcmocka-dev clang-14 libclang-rt-14-dev liblz4-dev zlib1g-dev
	python3-pytest python3-pexpect
	libedit-dev
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages and not root; run as root or:" >&2
	echo "  sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
