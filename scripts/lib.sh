# shellcheck shell=bash
# Helpers shared by setup.sh and cleanup.sh, which source this file; it does nothing on its own.
#
# Commands are printed before they run ("+ k3d cluster create ..."), so the output of a real run
# and of --dry-run read the same. The sourcing script sets DRY_RUN=true for --dry-run and says
# what an unanswered question means then (DRY_RUN_ASSUMES_PRESENT).

SCRIPT_NAME="$(basename "$0")"
# The repository: the folder above this file's.
# shellcheck disable=SC2034 # used by the scripts that source this file
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DRY_RUN=false
# Under --dry-run, questions such as "does the cluster exist?" are printed, not asked. setup.sh
# plans for a fresh machine (false: nothing exists); cleanup.sh for one with something to remove.
DRY_RUN_ASSUMES_PRESENT=false

log() {
  printf '\n==> %s\n' "$*"
}

warn() {
  printf '%s: warning: %s\n' "$SCRIPT_NAME" "$*" >&2
}

die() {
  printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2
  exit 1
}

# Prints a command as it would be typed.
show() {
  local line="+" word escaped="'\\''"
  for word in "$@"; do
    if [[ "$word" =~ ^[A-Za-z0-9_./:=,@%+{}-]+$ ]]; then
      line+=" $word"
    else
      line+=" '${word//\'/$escaped}'"
    fi
  done
  printf '%s\n' "$line"
}

# Runs a command that changes something (printed first; printed only under --dry-run).
run() {
  show "$@"
  if ! $DRY_RUN; then
    "$@"
  fi
}

# Runs FIRST... '|' SECOND... as a pipeline: printed first, as typed; printed only under --dry-run.
run_piped() {
  local first=()
  while [[ "$1" != '|' ]]; do
    first+=("$1")
    shift
  done
  shift
  printf '%s |%s\n' "$(show "${first[@]}")" "$(show "$@" | cut -c2-)"
  if ! $DRY_RUN; then
    "${first[@]}" | "$@"
  fi
}

# A read-only question whose answer decides what to do next; under --dry-run it is printed and
# answered with DRY_RUN_ASSUMES_PRESENT.
exists() {
  if $DRY_RUN; then
    show "$@"
    if $DRY_RUN_ASSUMES_PRESENT; then
      printf '  (dry run: not asked; assuming it exists)\n'
      return 0
    fi
    printf '  (dry run: not asked; assuming it does not exist)\n'
    return 1
  fi
  "$@" >/dev/null 2>&1
}

# A precondition. Under --dry-run it is printed, not run, and assumed to hold.
holds() {
  if $DRY_RUN; then
    show "$@"
    return 0
  fi
  "$@" >/dev/null 2>&1
}

# Reports the missing programs, one "name: how to get it" per argument. A real run stops here;
# a dry run notes them and goes on printing its plan.
missing_tools() {
  [[ $# -gt 0 ]] || return 0
  if $DRY_RUN; then
    printf 'dry run: not on this machine (a real run would stop here):\n'
    printf '  %s\n' "$@"
    return 0
  fi
  local tool
  for tool in "$@"; do
    printf '%s: missing: %s\n' "$SCRIPT_NAME" "$tool" >&2
  done
  exit 1
}

# The script's opening comment block, as its help text.
usage() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
}
