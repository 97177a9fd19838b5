#!/usr/bin/env bash
# Runs one optbench suite on a Slurm cluster: a job array of N shards, then a merge job that
# starts only when every shard succeeded. See docs/scaling.md.
#
# Usage (on a login node, in the directory where Results/ should go):
#   scripts/slurm-array.sh SUITE.yaml N [SBATCH_OPTION ...]
#
# Example:
#   export SBATCH_ACCOUNT=myproject SBATCH_PARTITION=cpu   # sbatch's own variables: both jobs
#   scripts/slurm-array.sh Suites/classic.yaml 16 --cpus-per-task=32 --time=01:00:00
#
# It submits
#   1. an array job of N tasks (0 … N−1); task i runs shard K = i+1 of N:
#        optbench run SUITE --shard K/N -o Results/NAME.shard-K-of-N.h5 \
#                 --jobs $SLURM_CPUS_PER_TASK --resume --no-report
#      SBATCH_OPTIONs (time, CPUs, memory, QoS …) apply to these tasks; the defaults are
#      --cpus-per-task=8 and one task per array element. Each run is single-threaded, so
#      --cpus-per-task is the number of runs a task executes at once.
#   2. a merge job, `sbatch --dependency=afterok:ARRAY_JOB_ID`, that runs
#        optbench merge Results/NAME.shard-1-of-N.h5 … Results/NAME.shard-N-of-N.h5 -o Results/NAME.h5
#      and checks that the merged file holds every run of the suite. If a shard fails, the
#      merge job is cancelled (--kill-on-invalid-dep=yes) instead of waiting forever.
# NAME is the suite's `name:`. Slurm's logs go to Results/slurm/.
#
# Shards are a deterministic slice of the suite (every N-th run), so a shard gives the same
# results wherever and whenever it runs, and the merged file equals an unsharded run.
# Tasks run with --resume: a task that was requeued, preempted or hit its time limit picks up
# where it stopped when it runs again, keeping the runs it had finished. To rerun failed
# shards by hand: submit the same command again (finished shards are reused as they are), or
#   sbatch --array=3,7 [options] scripts/slurm-array.sh --task SUITE N NAME RESULTS OPTBENCH
#   sbatch --dependency=afterok:JOBID scripts/slurm-array.sh --merge SUITE N NAME RESULTS OPTBENCH
# (the arguments are printed when the jobs are submitted).
# Do not edit the suite file while its shards run: `optbench merge` only joins shards of the
# same suite text.
#
# Environment:
#   OPTBENCH     the optbench binary (default: this checkout's .build/release/optbench,
#                else `optbench` on PATH); build it first: swift build -c release
#                (portable by default; scripts/optbench builds for its own machine's CPU, so
#                rebuild with OPTBENCH_TARGET_CPU=x86-64 if the nodes' CPUs may differ)
#   RESULTS      output directory (default: ./Results); must be on a file system that every
#                node sees and that supports flock (optbench locks OUT.h5.lock)
#   SUITE_NAME   the suite's name, when its `name:` line is not a plain `name: NAME`
#   MAX_PARALLEL at most this many array tasks at once (sbatch --array=…%MAX_PARALLEL)
#   FORCE=1      replace an existing Results/NAME.h5 (otherwise submission refuses)
#   DRY_RUN=1    print the sbatch commands instead of submitting them (needs no Slurm)
#
# Internal modes, used by the submitted jobs (sbatch runs this file again):
#   slurm-array.sh --task  SUITE N NAME RESULTS OPTBENCH    one shard (needs SLURM_ARRAY_TASK_ID)
#   slurm-array.sh --merge SUITE N NAME RESULTS OPTBENCH    join the N shards
set -euo pipefail

die() {
    echo "slurm-array.sh: $*" >&2
    exit 2
}

usage() {
    sed -n '2,/^set -euo pipefail$/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

# Where shard K of N of suite NAME goes, and where the merged file goes.
shard_path() { echo "$1/$2.shard-$3-of-$4.h5"; }   # RESULTS NAME K N
merged_path() { echo "$1/$2.h5"; }                  # RESULTS NAME

# The number of runs of the whole suite, from `optbench run --dry-run`'s last line
# ("R runs (T in the suite)").
suite_run_count() {   # OPTBENCH SUITE
    "$1" run "$2" --dry-run | tail -n 1 | sed -n 's/.*(\([0-9][0-9]*\) in the suite)$/\1/p'
}

# One array task: shard SLURM_ARRAY_TASK_ID+1 of N.
run_task() {
    [[ $# -eq 5 ]] || die "--task expects SUITE N NAME RESULTS OPTBENCH"
    local suite=$1 n=$2 name=$3 results=$4 optbench=$5
    [[ -n ${SLURM_ARRAY_TASK_ID:-} ]] || die "--task runs inside a Slurm array job (SLURM_ARRAY_TASK_ID is not set)"
    local k=$((SLURM_ARRAY_TASK_ID + 1))
    ((k >= 1 && k <= n)) || die "array task ${SLURM_ARRAY_TASK_ID} is outside 0…$((n - 1))"
    local output
    output=$(shard_path "$results" "$name" "$k" "$n")
    echo "shard $k/$n of $suite → $output on $(hostname) with ${SLURM_CPUS_PER_TASK:-1} CPUs" >&2
    exec "$optbench" run "$suite" --shard "$k/$n" -o "$output" \
        --jobs "${SLURM_CPUS_PER_TASK:-1}" --resume --no-report
}

# The merge job: every shard present, merged in grid order, and nothing missing.
run_merge() {
    [[ $# -eq 5 ]] || die "--merge expects SUITE N NAME RESULTS OPTBENCH"
    local suite=$1 n=$2 name=$3 results=$4 optbench=$5
    local inputs=() k path
    for ((k = 1; k <= n; k++)); do
        path=$(shard_path "$results" "$name" "$k" "$n")
        [[ -f $path ]] || die "shard $k/$n is missing: $path"
        inputs+=("$path")
    done
    local output merged expected
    output=$(merged_path "$results" "$name")
    # Submission refused an existing output unless FORCE=1, so replacing it here is intended.
    merged=$("$optbench" merge "${inputs[@]}" -o "$output" --force)
    echo "$merged"
    expected=$(suite_run_count "$optbench" "$suite")
    merged=${merged%% runs merged*}
    if [[ -n $expected && $merged != "$expected" ]]; then
        echo "slurm-array.sh: $output holds $merged runs but the suite has $expected" >&2
        exit 1
    fi
}

# Submission: validate the suite, then submit the array and the merge job.
submit() {
    [[ $# -ge 2 ]] || { usage >&2; exit 2; }
    local suite=$1 n=$2
    shift 2
    [[ -f $suite ]] || die "no such suite file: $suite"
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$n'"
    suite=$(cd "$(dirname "$suite")" && pwd)/$(basename "$suite")

    local root optbench results name
    root=$(cd "$(dirname "$0")/.." && pwd)
    if [[ -n ${OPTBENCH:-} ]]; then
        optbench=$OPTBENCH
    elif [[ -x $root/.build/release/optbench ]]; then
        optbench=$root/.build/release/optbench
    else
        optbench=$(command -v optbench) || die "no optbench: build it (swift build -c release) or set OPTBENCH"
    fi
    [[ $optbench == */* ]] && optbench=$(cd "$(dirname "$optbench")" && pwd)/$(basename "$optbench")
    results=${RESULTS:-Results}
    mkdir -p "$results/slurm"
    results=$(cd "$results" && pwd)

    # The suite's name (it names the files), as optbench derives the default output names.
    name=${SUITE_NAME:-$(sed -n 's/^name:[[:space:]]*\([A-Za-z0-9._-][A-Za-z0-9._-]*\)[[:space:]]*\(#.*\)\{0,1\}$/\1/p' "$suite" | head -n 1)}
    [[ -n $name ]] || die "cannot read the suite's name from a plain 'name: NAME' line of $suite; set SUITE_NAME"

    # Refuse a bad suite now, not in N jobs.
    local total
    total=$(suite_run_count "$optbench" "$suite") || die "optbench refused $suite (message above)"
    [[ -n $total ]] || die "could not count the runs of $suite"
    ((n <= total)) || echo "slurm-array.sh: warning: $n shards for $total runs; $((n - total)) shards will be empty" >&2
    if [[ -e $(merged_path "$results" "$name") && ${FORCE:-0} != 1 ]]; then
        die "$(merged_path "$results" "$name") exists; move it away or set FORCE=1 to replace it"
    fi

    local array="0-$((n - 1))${MAX_PARALLEL:+%$MAX_PARALLEL}"
    local task_args=("$suite" "$n" "$name" "$results" "$optbench")
    local array_command=(sbatch --parsable --job-name="optbench-$name" --array="$array" --ntasks=1 --cpus-per-task=8
        --output="$results/slurm/%x-%A_%a.out" "$@" "$0" --task "${task_args[@]}")
    local array_job
    if [[ ${DRY_RUN:-0} == 1 ]]; then
        printf '%q ' "${array_command[@]}"
        echo
        array_job=ARRAY_JOB_ID
    else
        array_job=$("${array_command[@]}")
        array_job=${array_job%%;*}   # --parsable prints "jobid" or "jobid;cluster"
    fi

    local merge_command=(sbatch --parsable --job-name="optbench-$name-merge" --dependency="afterok:$array_job"
        --kill-on-invalid-dep=yes --ntasks=1 --cpus-per-task=1 --output="$results/slurm/%x-%j.out"
        "$0" --merge "${task_args[@]}")
    local merge_job
    if [[ ${DRY_RUN:-0} == 1 ]]; then
        printf '%q ' "${merge_command[@]}"
        echo
        merge_job=MERGE_JOB_ID
    else
        merge_job=$("${merge_command[@]}")
        merge_job=${merge_job%%;*}
    fi

    cat >&2 <<EOF
suite $name: $total runs in $n shards
  array job $array_job → $(shard_path "$results" "$name" K "$n")
  merge job $merge_job → $(merged_path "$results" "$name")
  logs in $results/slurm/; watch with: squeue -j $array_job,$merge_job
  arguments of the internal modes: ${task_args[*]}
EOF
}

case ${1:-} in
    --task) shift; run_task "$@" ;;
    --merge) shift; run_merge "$@" ;;
    -h | --help) usage ;;
    "") usage >&2; exit 2 ;;
    *) submit "$@" ;;
esac
