#!/usr/bin/env bash
# Coverage-guided fuzzing of VMem with Jazzer (docs/robustness.md).
#
#   fuzz/run-fuzz.sh --ci              every target for 20 s from a fixed seed (CI: about 3 minutes in all)
#   fuzz/run-fuzz.sh --long            every target for 10 minutes (or --duration D, e.g. 1h)
#   fuzz/run-fuzz.sh --duration 2m T…  the named targets (a Class#method, or a unique part of one)
#   fuzz/run-fuzz.sh --list            the targets
#   --seed N                           libFuzzer's random seed (--ci sets one)
#
# Each target runs in a JVM of its own (fuzz/FuzzMain.java on the JUnit Platform, JAZZER_FUZZ=1).
# Inputs that reach new code are kept in <module>/target/fuzz-corpus/<Class>/<method>/ and reused by
# later runs; a crashing input is written by Jazzer to
# <module>/src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>, where `./mvnw verify`
# replays it as a regression test from then on: commit it with the fix.
# Per-target logs go to <module>/target/fuzz-logs/; one summary line per target to standard output.
# Exit code: 0 when no target found anything, 1 when one did, 2 on a usage or build error.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# module|Class#method[|seed folders, read-only, relative to the repository] — every @FuzzTest.
TARGETS=(
    "engine|dev.vmem.engine.fuzz.EngineFuzzTest#engineRunsAnyProgram"
    "dsl|dev.vmem.dsl.fuzz.PipelineFuzzTest#anyText|examples"
    "dsl|dev.vmem.dsl.fuzz.PipelineFuzzTest#mutatedExamples"
    "language-server|dev.vmem.server.fuzz.CliFuzzTest#everyFormatOfAnyFile|examples"
    "language-server|dev.vmem.server.fuzz.LspFuzzTest#editSequences"
    "importers|dev.vmem.importers.fuzz.ImporterFuzzTest#anyConfiguration|importers/src/test/resources/corpus"
)

duration=""
seed=""
selected=()
while [ $# -gt 0 ]; do
    case "$1" in
        --ci) duration=20s; seed=20261203 ;;
        --seed) shift; seed=${1:-} ;;
        --long) duration=10m ;;
        --duration) shift; duration=${1:-} ;;
        --list) for t in "${TARGETS[@]}"; do r=${t#*|}; echo "${r%%|*}"; done; exit 0 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run-fuzz.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
        *) selected+=("$1") ;;
    esac
    shift
done
if [ -z "$duration" ]; then
    echo "run-fuzz.sh: say how long: --ci, --long or --duration D (try --help)" >&2
    exit 2
fi

run=()
for t in "${TARGETS[@]}"; do
    if [ ${#selected[@]} -eq 0 ]; then
        run+=("$t")
        continue
    fi
    for s in "${selected[@]}"; do
        case "$t" in *"$s"*) run+=("$t"); break ;; esac
    done
done
if [ ${#run[@]} -eq 0 ]; then
    echo "run-fuzz.sh: no target matches ${selected[*]} (try --list)" >&2
    exit 2
fi

# The JDK the build uses, found as ./mvnw finds it.
. .mvn/select-jdk.sh
vmem_select_build_jdk -q || exit 2
JAVA="$JAVA_HOME/bin/java"

# Build the modules and their test classes once, and write each module's test class path (sibling
# modules as their target/classes) to <module>/target/fuzz-classpath.txt. Offline when everything is
# already downloaded; the Xtext code is generated only when it is missing (a fresh clone).
modules=$(printf '%s\n' "${run[@]%%|*}" | sort -u | paste -sd, -)
mvn_args=(-B -q -ntp -pl "$modules" -am test-compile dependency:build-classpath -Dmdep.includeScope=test
    -Dmdep.outputFile=target/fuzz-classpath.txt)
[ -d dsl/src/main/xtext-gen ] && mvn_args+=(-Dexec.skip=true)
mkdir -p target
build_log=target/fuzz-build.log
echo "run-fuzz.sh: building $modules (log: $build_log)"
if ! ./mvnw -o "${mvn_args[@]}" > "$build_log" 2>&1 && ! ./mvnw "${mvn_args[@]}" > "$build_log" 2>&1; then
    tail -n 30 "$build_log" >&2
    echo "run-fuzz.sh: build failed (log: $build_log)" >&2
    exit 2
fi

status=0
total_start=$(date +%s)
printf '%-62s %9s %10s %7s %7s %6s  %s\n' target seconds execs cov ft corpus result
for t in "${run[@]}"; do
    module=${t%%|*}
    rest=${t#*|}
    test=${rest%%|*}
    seeds=()
    if [ "$rest" != "$test" ]; then
        for d in ${rest#*|}; do seeds+=("$ROOT/$d"); done
    fi
    class=${test%#*}
    method=${test#*#}
    simple=${class##*.}
    corpus="target/fuzz-corpus/$simple/$method"
    log="target/fuzz-logs/$simple.$method.log"
    (
        cd "$module" || exit 2
        mkdir -p "$corpus" target/fuzz-logs
        cp="target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)"
        # Seed folders come after the corpus folder: libFuzzer reads them and never writes there.
        seed_args=()
        n=4
        # A fixed libFuzzer seed makes a short run try the same inputs each time (CI).
        if [ -n "$seed" ]; then seed_args+=("-Djazzer.internal.arg.$n=-seed=$seed"); n=$((n + 1)); fi
        for d in ${seeds[@]+"${seeds[@]}"}; do seed_args+=("-Djazzer.internal.arg.$n=$d"); n=$((n + 1)); done
        start=$(date +%s)
        JAZZER_FUZZ=1 "$JAVA" -Xmx2g -Xss8m -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED \
            -Djazzer.max_duration="$duration" -Djazzer.instrument='dev.vmem.**' \
            -Djazzer.internal.arg.0=run-fuzz -Djazzer.internal.arg.1="$corpus" \
            -Djazzer.internal.arg.2=-print_final_stats=1 -Djazzer.internal.arg.3=-timeout=60 \
            ${seed_args[@]+"${seed_args[@]}"} \
            -Dbasedir="$PWD" \
            -cp "$cp" "$ROOT/fuzz/FuzzMain.java" "$test" > "$log" 2>&1
        rc=$?
        end=$(date +%s)
        execs=$(grep -a '^stat::number_of_executed_units' "$log" | tail -n1 | awk '{print $2}')
        last=$(grep -aE '^#[0-9]+' "$log" | grep -a 'cov:' | tail -n1)
        cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<< "$last")
        ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<< "$last")
        corp=$(sed -n 's/.*corp: \([0-9]*\).*/\1/p' <<< "$last")
        result=ok
        if [ $rc -ne 0 ]; then
            result="FINDING (see $module/$log)"
            crash=$(grep -a "Test unit written to" "$log" | tail -n1 | sed 's/.*written to //')
            [ -n "$crash" ] && result="$result: $crash"
        fi
        printf '%-62s %9s %10s %7s %7s %6s  %s\n' "$simple#$method" "$((end - start))" "${execs:-?}" \
            "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
        [ $rc -eq 0 ]
    ) || status=1
done
echo "run-fuzz.sh: ${#run[@]} targets, $(( $(date +%s) - total_start )) s of fuzzing, duration $duration each"
exit $status
