# Sourced by the set-up and training scripts: run a long command with its output in a log file and
# show one progress line on the console instead.
#
#   with_progress LOG STATUS_FUNCTION command args...
#
# STATUS_FUNCTION is called every two seconds with the log file as $1 and prints the current
# status (e.g. "train: DIETClassifier Epoche 23/60"). On a terminal the line is rewritten in place;
# otherwise (CI logs, pipes) a line is printed only when the status changes, so status functions
# should report coarse steps when PROGRESS_TTY is 0.
# Returns the command's exit status.

if [ -t 1 ]; then PROGRESS_TTY=1; else PROGRESS_TTY=0; fi

with_progress() {
  local log=$1 status_fn=$2 pid now last="" rc=0
  shift 2
  "$@" >>"$log" 2>&1 &
  pid=$!
  # background jobs of a script ignore Ctrl-C: stop the command ourselves
  trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; printf "\nabgebrochen (Protokoll: %s)\n" "$log" >&2; exit 130' INT TERM
  while kill -0 "$pid" 2>/dev/null; do
    now=$("$status_fn" "$log" 2>/dev/null || true)
    if [ -n "$now" ] && [ "$now" != "$last" ]; then
      if [ "$PROGRESS_TTY" = 1 ]; then printf '\r\033[K%s' "$now"; else printf '%s\n' "$now"; fi
      last=$now
    fi
    sleep 2
  done
  wait "$pid" || rc=$?
  trap - INT TERM
  if [ "$PROGRESS_TTY" = 1 ] && [ -n "$last" ]; then printf '\r\033[K'; fi
  return "$rc"
}
