#!/usr/bin/env bash
# Runs Molecule scenarios on throwaway systemd hosts and prints each run's wall time. `default`
# runs once per release (one all-in-one server each: by default Ubuntu 26.04 and Debian 12,
# MOLECULE_RELEASES to choose);
# the other scenarios name their release in their molecule.yml. Test hosts are removed before
# (leftovers of an interrupted run) and after, whatever happens in between: a failure, Ctrl-C or
# a kill.
#
#   molecule/run.sh default split
#   MOLECULE_RELEASES="debian-12" molecule/run.sh default     # one release of the matrix only
#
# Needs root (it boots containers); installs the controller tools it needs (make ops-venv, and
# scripts/testhost installs debootstrap, nftables and the rest).
set -uo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
    echo "usage: $0 SCENARIO..." >&2
    exit 2
fi
# A make of its own (MAKEFLAGS cleared): under `make -j2 test-app-pythons molecule` it would
# otherwise warn that the parent's jobserver is unavailable.
MAKEFLAGS= make --no-print-directory ops-venv >/dev/null || exit 1
export PATH="$PWD/.venv-ops/bin:$PATH"  # molecule runs ansible-config etc. from PATH

# The releases the README promises, each with its host name and network index for `default`.
declare -A MATRIX_HOST=(
    [ubuntu-24.04]="mol-u2404 11" [ubuntu-22.04]="mol-u2204 14" [debian-12]="mol-d12 15"
    [ubuntu-26.04]="mol-u2604 16" [debian-13]="mol-d13 17"
)
MATRIX_ORDER=(ubuntu-26.04 ubuntu-24.04 ubuntu-22.04 debian-13 debian-12)
# By default the newest Ubuntu and the oldest Debian, so that `make test` fits CI's time on two
# cores: split runs its database host on Debian 13 and its app/web host on Ubuntu 22.04,
# reliability runs on Ubuntu 24.04, so every release is converged and verified once.
# `make molecule-matrix` runs default on all of them.
read -r -a releases <<<"${MOLECULE_RELEASES:-ubuntu-26.04 debian-12}"

# One run = a scenario, plus for `default` the release's environment (host, network, release).
runs=()
for scenario in "$@"; do
    if [ "$scenario" = default ]; then
        for release in "${releases[@]}"; do
            if [ -z "${MATRIX_HOST[$release]:-}" ]; then
                echo "run.sh: ${release} is not in the matrix (${MATRIX_ORDER[*]})" >&2
                exit 2
            fi
            runs+=("default ${release}")
        done
    else
        runs+=("$scenario -")
    fi
done

# A run's environment for `env`: molecule.yml of `default` reads these names.
run_environment() {
    local release=$1 host index
    [ "$release" != - ] || return 0
    read -r host index <<<"${MATRIX_HOST[$release]}"
    echo "MOLECULE_RELEASE=$release MOLECULE_HOST=$host MOLECULE_INDEX=$index"
}

# The hosts these runs boot (their platforms), and only those: other test hosts on the
# machine, such as `make demo-host`'s, are left alone.
platforms=""
for run in "${runs[@]}"; do
    read -r scenario release <<<"$run"
    # Molecule itself resolves the names (molecule.yml takes them from the environment).
    # shellcheck disable=SC2046 # one word per variable
    names=$(env $(run_environment "$release") molecule list --scenario-name "$scenario" \
        --format plain 2>/dev/null | awk '{print $1}')
    if [ -z "$names" ]; then
        echo "run.sh: scenario ${scenario} has no platforms (or does not exist)" >&2
        exit 2
    fi
    platforms="$platforms $names"
done
# shellcheck disable=SC2086 # one word per host name
remove_test_hosts() { python3 scripts/testhost down $platforms; }
stop_runs() {
    # Each parallel run leads its own process group (setsid below): stop molecule and the
    # ansible-playbook it started, not only the shell waiting for them.
    local pid_file
    for pid_file in "$work_dir"/*.pid; do
        [ -e "$pid_file" ] && kill -TERM -- "-$(cat "$pid_file")" 2>/dev/null
    done
    wait
    remove_test_hosts
    rm -rf "$work_dir"
}

# MOLECULE_JOBS runs that many at once, each with its own log (printed whole when it fails).
# reliability always runs alone: it measures failures under load, which other runs would distort.
jobs_max=${MOLECULE_JOBS:-1}
work_dir=$(mktemp -d /tmp/molecule-run.XXXXXX)

trap stop_runs EXIT
trap 'exit 130' INT TERM HUP  # turn signals into a normal exit, so the EXIT trap runs

run_one() {
    local number=$1 scenario=$2 release=$3 start=$SECONDS rc
    # shellcheck disable=SC2046 # one word per variable
    if [ "$jobs_max" -eq 1 ]; then
        env $(run_environment "$release") molecule test --scenario-name "$scenario"
    else
        # Several runs of one scenario need their own working directories.
        env $(run_environment "$release") MOLECULE_EPHEMERAL_DIRECTORY="$work_dir/ephemeral-$number" \
            setsid molecule test --scenario-name "$scenario" >"$work_dir/$number.log" 2>&1 &
        echo $! >"$work_dir/$number.pid"
        wait $!
    fi
    rc=$?
    echo "$rc $((SECONDS - start))" >"$work_dir/$number.result"
}

remove_test_hosts
run_start=$SECONDS
number=0
for run in "${runs[@]}"; do
    read -r scenario release <<<"$run"
    number=$((number + 1))
    if [ "$scenario" = reliability ]; then
        wait
        run_one "$number" "$scenario" "$release"
        continue
    fi
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
    if [ "$jobs_max" -eq 1 ]; then
        run_one "$number" "$scenario" "$release"
    else
        run_one "$number" "$scenario" "$release" &
    fi
done
wait

plain_log() { sed 's/\x1b\[[0-9;]*m//g' "$work_dir/$1.log" | sed 's/^ *│ *//'; }

# Passing runs first (each step, the hosts' recap lines, the units' scores, figures), then the
# whole log of each failing one, then what failed: the end of the output tells why.
summary=()
failures=()
status=0
number=0
for run in "${runs[@]}"; do
    read -r scenario release <<<"$run"
    number=$((number + 1))
    label=$scenario
    [ "$release" = - ] || label="$scenario on $release"
    read -r rc seconds <"$work_dir/$number.result"
    if [ "$rc" -eq 0 ]; then
        summary+=("molecule ${label}: passed in ${seconds}s")
        if [ -f "$work_dir/$number.log" ]; then
            printf '\n=== molecule %s: passed\n' "$label"
            plain_log "$number" | grep -v '^INFO ' \
                | grep -E '➜ [a-z_]+: Executed|: ok=[0-9]+ +changed=|exposure [0-9.]+ on|figure: '
        fi
    else
        status=1
        summary+=("molecule ${label}: FAILED in ${seconds}s")
        failures+=("$number $label")
    fi
done
for failure in "${failures[@]}"; do
    read -r number label <<<"$failure"
    [ -f "$work_dir/$number.log" ] || continue
    printf '\n=== molecule %s: FAILED, its whole log\n' "$label"
    plain_log "$number"
done
for failure in "${failures[@]}"; do
    read -r number label <<<"$failure"
    [ -f "$work_dir/$number.log" ] || continue
    printf '\n=== why molecule %s failed\n' "$label"
    plain_log "$number" | grep -E -A3 'fatal: |FAILED!|^CRITICAL|^\*  => |failed=[1-9]|unreachable=[1-9]' \
        | tail -n 40
done

echo
printf '%s\n' "${summary[@]}"
echo "molecule total: $((SECONDS - run_start))s"
exit "$status"
