#!/usr/bin/env bash
# The teacher's commands for the classroom hub (docker/classroom.yaml), run
# on the host from anywhere; the Makefile's classroom targets call them.
#
#   classroom.sh up                build the image if needed and start the hub; wait until it answers
#   classroom.sh down              stop it (homes, accounts and passwords are kept in volumes)
#   classroom.sh sync              re-read roster.csv: add new students, disable removed ones
#   classroom.sh release NAME...   hand out more exercises now and at every later start ("all": every one)
#   classroom.sh password USER     a new password for USER, written to passwords.csv
#   classroom.sh collect OUT       copy every student's exercise notebooks to OUT/<student>/, then grade OUT
#   classroom.sh logs              the hub's log
#
# Settings, from the environment: CLASSROOM_DIR (the folder with roster.csv;
# needed by `up`), CLASSROOM_PORT (8000), CLASS (the compose project, so
# that one machine can hold several classes; default sgdminima-classroom),
# CLASSROOM_IMAGE (sgdminima-classroom), CLASSROOM_NO_BUILD=1 (use the image
# as it is), GRADE_FLAGS (extra flags for the grader), and those that
# docker/classroom.yaml lists.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export CLASS="${CLASS:-sgdminima-classroom}"
export CLASSROOM_PORT="${CLASSROOM_PORT:-8000}"
export CLASSROOM_IMAGE="${CLASSROOM_IMAGE:-sgdminima-classroom}"

fail() { echo "classroom: $*" >&2; exit 1; }

if docker compose version >/dev/null 2>&1; then
	compose_cmd=(docker compose)
elif command -v docker-compose >/dev/null; then
	compose_cmd=(docker-compose)
else
	fail "needs Docker with compose (docker compose, or Debian's docker-compose)"
fi
compose() { "${compose_cmd[@]}" -f "$repo/docker/classroom.yaml" -p "$CLASS" "$@"; }

running() { [ -n "$(compose ps -q hub 2>/dev/null)" ] && [ "$(docker inspect -f '{{.State.Running}}' "$(compose ps -q hub)" 2>/dev/null)" = true ]; }
in_hub() {
	running || fail "the hub of class $CLASS is not running: start it with \`make classroom\` (CLASSROOM_DIR=…)"
	compose exec -T hub sgdminima-classroom "$@"
}

port_free() {
	python3 - "$1" <<-'EOF'
		import socket, sys
		s = socket.socket()
		try:
		    s.bind(("127.0.0.1", int(sys.argv[1])))
		except OSError:
		    sys.exit(1)
	EOF
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
if [ "$cmd" != up ]; then
	# Only `up` creates a container; compose still wants the mount's variable.
	export CLASSROOM_DIR="${CLASSROOM_DIR:-/nonexistent}"
fi

case "$cmd" in
up)
	[ -n "${CLASSROOM_DIR:-}" ] || fail "set CLASSROOM_DIR to your class folder, which holds roster.csv (username,display name a line)"
	[ -d "$CLASSROOM_DIR" ] || fail "CLASSROOM_DIR=$CLASSROOM_DIR is not a folder"
	CLASSROOM_DIR=$(cd "$CLASSROOM_DIR" && pwd)
	export CLASSROOM_DIR
	[ -f "$CLASSROOM_DIR/roster.csv" ] ||
		fail "no $CLASSROOM_DIR/roster.csv: write one student a line, username,display name (example: docker/classroom/roster.example.csv)"
	if ! running && ! port_free "$CLASSROOM_PORT"; then
		fail "port $CLASSROOM_PORT on 127.0.0.1 is in use by another program; choose another with CLASSROOM_PORT=…"
	fi
	build=(--build)
	[ "${CLASSROOM_NO_BUILD:-}" = 1 ] && build=(--no-build)
	compose up -d "${build[@]}" hub
	url="http://127.0.0.1:$CLASSROOM_PORT"
	for _ in $(seq 240); do
		if python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)" "$url/hub/api" 2>/dev/null; then
			echo "classroom $CLASS is up at $url/ — logins and passwords: $CLASSROOM_DIR/passwords.csv (the teacher's account is the hub's admin)"
			exit 0
		fi
		state=$(docker inspect -f '{{.State.Status}} {{.State.Restarting}}' "$(compose ps -q hub)" 2>/dev/null || echo gone)
		case "$state" in
		running\ false | created*) sleep 0.5 ;;
		*)
			compose logs --no-color --tail 30 hub >&2 || true
			compose stop hub >/dev/null 2>&1 || true
			fail "the hub did not start (its log is above); fix the problem and run \`make classroom\` again"
			;;
		esac
	done
	compose logs --no-color --tail 30 hub >&2 || true
	fail "the hub did not answer at $url within 2 minutes (its log is above)"
	;;
down)
	compose down
	;;
sync | release | password)
	in_hub "$cmd" "$@"
	;;
logs)
	compose logs --no-color "$@" hub
	;;
collect)
	[ $# -ge 1 ] || fail "usage: classroom.sh collect OUT (a new or empty folder)"
	out=$1
	if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
		fail "$out is not empty: collect into a new folder (a collection never overwrites anything)"
	fi
	mkdir -p "$out" 2>/dev/null || fail "cannot create $out"
	probe=$(mktemp "$out/.write-test.XXXXXX" 2>/dev/null) || fail "$out is not writable by $(id -un)"
	rm -f "$probe"
	running || fail "the hub of class $CLASS is not running: start it with \`make classroom\` (CLASSROOM_DIR=…)"
	# The hub writes a tar of <student>/<exercise>.ipynb; it is unpacked here,
	# as you, without the container's owners or modes.
	if ! compose exec -T hub sgdminima-classroom collect | tar -x -C "$out" --no-same-owner --no-same-permissions; then
		fail "the collection failed (the messages above say why)"
	fi
	[ "${CLASSROOM_NO_GRADE:-}" = 1 ] && exit 0
	# shellcheck disable=SC2086 # GRADE_FLAGS holds several flags
	exec /usr/bin/python3 "$repo/kernel/grade/grade.py" --image "$CLASSROOM_IMAGE" ${GRADE_FLAGS:-} "$out"
	;;
*)
	sed -n '2,/^set -euo/p' "$0" | sed -n 's/^# \{0,1\}//p' >&2
	exit 2
	;;
esac
