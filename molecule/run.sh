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
if [ $# -eq 0 ]; then
    echo "usage: $0 SCENARIO..." >&2
    exit 2
fi
export PATH="$PWD/.venv-ops/bin:$PATH"  # molecule runs ansible-config etc. from PATH

# The hosts these scenarios boot (their platforms), and only those: other test hosts on the
# machine, such as `make demo-host`'s, are left alone.
platforms=""
for scenario in "$@"; do
    # Molecule itself resolves the names (molecule.yml may take them from the environment).
    names=$(molecule list --scenario-name "$scenario" --format plain 2>/dev/null | awk '{print $1}')
    if [ -z "$names" ]; then
        echo "run.sh: scenario ${scenario} has no platforms (or does not exist)" >&2
        exit 2
    fi
    platforms="$platforms $names"
done
# shellcheck disable=SC2086 # one word per host name
remove_test_hosts() { python3 scripts/testhost down $platforms; }

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
