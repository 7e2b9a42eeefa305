#!/usr/bin/env bash
# Runs the example: examples/java-api/run.sh MODEL_DIR < items.txt
#
# Builds it first when needed (no jar yet, or a source or the pom newer than the jar), against the
# Recur artifacts in the local Maven repository: run `mvn -B install -DskipTests` at the root of
# the Recur repository once beforehand. Extra Maven arguments come from RECUR_MAVEN_ARGS (for
# instance -o or -Dmaven.repo.local=/path/to/repo), extra JVM options from RECUR_JAVA_OPTS.
# Only the program's answers go to standard output; Maven's output goes to standard error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/recur-java-api-example-0.1.0-SNAPSHOT.jar"

if [ $# -ne 1 ]; then
  echo "usage: $0 MODEL_DIR < items.txt" >&2
  exit 2
fi

needs_build() {
  [ -f "$jar" ] && [ -d "$here/target/lib" ] || return 0
  [ -n "$(find "$here/pom.xml" "$here/src" -type f -newer "$jar" -print -quit)" ]
}

if needs_build; then
  # shellcheck disable=SC2086 # RECUR_MAVEN_ARGS is a list of arguments
  (cd "$here" && mvn -B -q ${RECUR_MAVEN_ARGS:-} package) >&2 || {
    echo "$0: the build failed; has 'mvn -B install -DskipTests' run at the root of the Recur repository?" >&2
    exit 1
  }
fi

# The Vector API kernels need jdk.incubator.vector (the answers are the same without it, only
# slower); Java 17 then prints one "WARNING: Using incubator modules" line to standard error.
# shellcheck disable=SC2086 # RECUR_JAVA_OPTS is a list of options
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" --add-modules jdk.incubator.vector ${RECUR_JAVA_OPTS:-} \
  -cp "$jar:$here/target/lib/*" org.example.recurapi.PredictLines "$1"
