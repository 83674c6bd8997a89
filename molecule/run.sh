#!/usr/bin/env bash
# Runs Molecule scenarios one after another on throwaway Debian 12 systemd hosts and prints each
# scenario's wall time. Test hosts are removed before (leftovers of an interrupted run) and after,
# whatever happens in between: a failure, Ctrl-C or a kill.
#
#   molecule/run.sh default split
#
# Needs root (it boots containers) and `make ops-venv`.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv-ops/bin:$PATH"  # molecule runs ansible-config etc. from PATH

# Molecule's hosts are all named mol-*; a `make demo-host` host (mt-demo) is left alone.
remove_test_hosts() { python3 scripts/testhost gc --prefix mol-; }

trap remove_test_hosts EXIT
trap 'exit 130' INT TERM HUP  # turn signals into a normal exit, so the EXIT trap runs

remove_test_hosts
summary=()
status=0
run_start=$SECONDS
for scenario in "$@"; do
    start=$SECONDS
    if molecule test --scenario-name "$scenario"; then
        result=passed
    else
        result=FAILED
        status=1
    fi
    summary+=("molecule scenario ${scenario}: ${result} in $((SECONDS - start))s")
done

echo
printf '%s\n' "${summary[@]}"
echo "molecule total: $((SECONDS - run_start))s"
exit "$status"
