#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Verify that every option of a config fragment is what the final .config
# has, so a dependency that silently drops one fails the build.
#   scripts/check-config.sh FRAGMENT DOTCONFIG
set -euo pipefail
frag=$1 cfg=$2 bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF -- "$line" "$cfg" || { echo "config: want '$line', have '$(grep -E "^(# )?${line%%=*}[= ]" "$cfg" || echo unset)'" >&2; bad=1; } ;;
	'# CONFIG_'*' is not set')
		sym=${line#\# }; sym=${sym%% *}
		if grep -q "^$sym=" "$cfg"; then echo "config: want $sym unset" >&2; bad=1; fi ;;
	esac
done < "$frag"
exit $bad
