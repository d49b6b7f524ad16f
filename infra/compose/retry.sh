#!/usr/bin/env bash
# retry ATTEMPTS DELAY COMMAND...: run COMMAND until it succeeds, at most ATTEMPTS times,
# DELAY seconds apart. The stack's set-up steps run through it: a dependency reported healthy
# may still refuse for a moment (or restart), and that should cost a wait, not a dead stack.
set -u
if [ "$#" -lt 3 ]; then
  echo "usage: retry.sh ATTEMPTS DELAY COMMAND..." >&2
  exit 2
fi
attempts=$1
delay=$2
shift 2
for attempt in $(seq 1 "$attempts"); do
  "$@" && exit 0
  echo "retry.sh: '$*' failed (attempt $attempt of $attempts)" >&2
  [ "$attempt" -lt "$attempts" ] && sleep "$delay"
done
exit 1
