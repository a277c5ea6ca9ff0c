#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernel coding style and kernel-doc checks of our kernel C files.
#   scripts/lint.sh KERNEL_TREE
set -euo pipefail
ktree=$1
cd "$(dirname "$0")/.."
files=$(find kernel arch include tests/kmod -name '*.[ch]' | sort)
bad=0
for f in $files; do
	if ! out=$("$ktree/scripts/checkpatch.pl" --no-tree --quiet \
		--show-types --ignore SPDX_LICENSE_TAG -f "$f" 2>&1); then
		echo "$out"
		bad=1
	fi
	# kernel-doc on every documented function must be complete.
	if out=$("$ktree/scripts/kernel-doc" -none -Wall "$f" 2>&1) &&
		[ -n "$out" ]; then
		echo "$out"
		bad=1
	fi
done
n=$(echo "$files" | wc -l)
if [ $bad = 0 ]; then
	echo "lint: $n files checkpatch and kernel-doc clean"
else
	echo "lint: problems found" >&2
fi
exit $bad
