# Sourced by .ci/run and ./vmem: selects a JDK 21+ for the build (the jars run on Java 17+).
# Prefers $JAVA_HOME when it is new enough, then the newest JDK under /usr/lib/jvm.
vmem_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

vmem_select_jdk() {
    local candidate major best="" best_major=0
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        major=$(vmem_java_major "$JAVA_HOME")
        if [ "${major:-0}" -ge 21 ]; then
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/*; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(vmem_java_major "$candidate")
        if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$candidate"
            best_major=$major
        fi
    done
    if [ -z "$best" ]; then
        echo "vmem: building needs a JDK 21 or newer; set JAVA_HOME to one (found none under /usr/lib/jvm)." >&2
        return 1
    fi
    export JAVA_HOME="$best"
}
