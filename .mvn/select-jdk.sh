# Finding a JDK: sourced (POSIX sh) by ./mvnw, ./vmem and .ci/run, so that all three pick the same one.
#
# Building needs a JDK 21 or newer (Tycho 5 and current Eclipse bundles); the jars run on Java 17+.
# The choice, in order: $JAVA_HOME when it is new enough, the `java` on PATH when it is, then the
# newest JDK in the usual places (Linux packages, macOS, SDKMAN!, IntelliJ, Homebrew).

# What to tell a user who has no suitable JDK.
vmem_jdk_hint="install one (Debian/Ubuntu: apt-get install openjdk-21-jdk-headless; macOS: brew install openjdk@21) or set JAVA_HOME to it"

# The major version of the JDK or JRE at home $1 ("17", "25"), or nothing (status 1) if it has none.
vmem_jdk_major() {
    vmem_v=""
    if [ -f "$1/release" ]; then
        vmem_v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1)
    fi
    if [ -z "$vmem_v" ] && [ -x "$1/bin/java" ]; then
        vmem_v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
            sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
        vmem_v=${vmem_v#1.}
    fi
    case "$vmem_v" in '' | *[!0-9]*) return 1 ;; esac
    echo "$vmem_v"
}

# The home of the `java` on PATH, or nothing (status 1). Following the links (/usr/bin/java →
# /etc/alternatives/java → …/bin/java) costs nothing; starting a JVM to ask it is the fallback.
vmem_path_java_home() {
    vmem_java=$(command -v java 2> /dev/null) || return 1
    if vmem_real=$(readlink -f "$vmem_java" 2> /dev/null) && [ -n "$vmem_real" ]; then
        vmem_real=${vmem_real%/bin/java}
        if [ -f "$vmem_real/release" ]; then
            echo "$vmem_real"
            return 0
        fi
    fi
    java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p' | head -n 1 | grep .
}

# Finds a JDK (one with javac) whose major version is at least $1: $JAVA_HOME, then the java on
# PATH, then the newest one found. Sets vmem_jdk (its home), vmem_jdk_version and vmem_jdk_from
# (where it was found); status 1 when there is none.
vmem_find_jdk() {
    vmem_min=$1
    vmem_best=""
    vmem_best_major=0
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        vmem_m=$(vmem_jdk_major "$JAVA_HOME") || vmem_m=0
        if [ "$vmem_m" -ge "$vmem_min" ]; then
            vmem_jdk=$JAVA_HOME vmem_jdk_version=$vmem_m vmem_jdk_from="JAVA_HOME"
            return 0
        fi
    fi
    if vmem_home=$(vmem_path_java_home) && [ -x "$vmem_home/bin/javac" ]; then
        vmem_m=$(vmem_jdk_major "$vmem_home") || vmem_m=0
        if [ "$vmem_m" -ge "$vmem_min" ]; then
            vmem_jdk=$vmem_home vmem_jdk_version=$vmem_m vmem_jdk_from="java on PATH"
            return 0
        fi
    fi
    # mvnw runs with globbing off (set -f); the search needs it for a moment.
    case $- in *f*) vmem_noglob=1; set +f ;; *) vmem_noglob=0 ;; esac
    for vmem_home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
        /Library/Java/JavaVirtualMachines/*/Contents/Home \
        /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
        /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
        "${HOME:-/nonexistent}"/.sdkman/candidates/java/* "${HOME:-/nonexistent}"/.jdks/*; do
        [ -x "$vmem_home/bin/javac" ] || continue
        vmem_m=$(vmem_jdk_major "$vmem_home") || continue
        if [ "$vmem_m" -ge "$vmem_min" ] && [ "$vmem_m" -gt "$vmem_best_major" ]; then
            vmem_best=$vmem_home
            vmem_best_major=$vmem_m
        fi
    done
    [ "$vmem_noglob" = 1 ] && set -f
    [ -n "$vmem_best" ] || return 1
    vmem_jdk=$vmem_best vmem_jdk_version=$vmem_best_major vmem_jdk_from="newest JDK found"
}

# Exports JAVA_HOME as a JDK 21+ for the build and says in one line (on stderr) which one, unless
# one of the arguments is -q/--quiet. With none found: one line saying what to install, status 1.
vmem_select_build_jdk() {
    vmem_quiet=0
    for vmem_arg in "$@"; do
        case "$vmem_arg" in -q | --quiet) vmem_quiet=1 ;; esac
    done
    if ! vmem_find_jdk 21; then
        vmem_have="JAVA_HOME is ${JAVA_HOME:-unset}"
        if vmem_home=$(vmem_path_java_home); then
            vmem_have="$vmem_have, java on PATH is $(vmem_jdk_major "$vmem_home" || echo '?')"
        fi
        echo "VMem needs a JDK 21 or newer to build ($vmem_have, none found under /usr/lib/jvm or the other usual places): $vmem_jdk_hint." >&2
        return 1
    fi
    if [ "$vmem_quiet" = 0 ]; then
        echo "VMem build: JDK $vmem_jdk_version at $vmem_jdk ($vmem_jdk_from; JAVA_HOME was ${JAVA_HOME:-unset})" >&2
    fi
    JAVA_HOME=$vmem_jdk
    export JAVA_HOME
}
