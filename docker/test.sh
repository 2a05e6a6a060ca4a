#!/usr/bin/env bash
# Builds docker/Dockerfile, unchanged, with a Docker engine of its own and
# runs the image end to end. Needs root and Debian; CI runs it (CI=true).
#
# No registry is reachable here, so the base images are stand-ins built on
# the spot: debootstrap bookworm imported as debian:bookworm-slim, and the
# same plus this machine's Go toolchain as golang:1.26-bookworm. Everything
# it changes on the machine (dockerd, the docker0 bridge, iptables,
# ip_forward, the extra-CA folder) is restored on exit.
#
# Prints BENCH lines for the image size and the time from `docker run` to a
# healthy /api.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/sgdminima-docker.XXXXXX)
sock="$work/docker.sock"
export DOCKER_HOST="unix://$sock"
export DOCKER_BUILDKIT=0 # the legacy builder: BuildKit needs buildx, absent here
mirror=http://deb.debian.org/debian
port=18888
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
image=sgdminima:test
name=sgdminima-test
step="start"
started=$(date +%s)
dockerd_pid=""
added_cas=()

log() { printf '\n== %s (%ds)\n' "$*" $(($(date +%s) - started)); }
run_step() { step="$1"; log "$1"; }

cleanup() {
	status=$?
	set +e
	if [ "$status" != 0 ]; then
		echo "docker test FAILED at step: $step" >&2
		if [ -s "$work/dockerd.log" ]; then
			echo "--- dockerd log (tail) ---" >&2
			tail -n 30 "$work/dockerd.log" >&2
		fi
		docker logs "$name" 2>&1 | tail -n 30 >&2
	fi
	docker rm -f "$name" "$name-port" "$name-ro" >/dev/null 2>&1
	[ -f "$work/override.yaml" ] && compose down -v >/dev/null 2>&1
	if [ -n "$dockerd_pid" ]; then
		kill "$dockerd_pid" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.2; done
		kill -9 "$dockerd_pid" 2>/dev/null
	fi
	for f in "${added_cas[@]}"; do rm -f "$f"; done
	if [ -z "${had_docker0:-}" ] && ip link show docker0 >/dev/null 2>&1; then
		ip link delete docker0
	fi
	# Back to the rules saved before dockerd: an empty save means no tables
	# were loaded, so what dockerd added is flushed and its chains deleted.
	for table in filter nat; do
		iptables -t "$table" -F && iptables -t "$table" -X
		for chain in $(iptables -t "$table" -S | awk '$1 == "-P" {print $2}'); do
			iptables -t "$table" -P "$chain" ACCEPT
		done
	done 2>/dev/null
	[ -s "$work/iptables.save" ] && iptables-restore <"$work/iptables.save"
	[ -n "${ip_forward:-}" ] && echo "$ip_forward" >/proc/sys/net/ipv4/ip_forward
	umount -R "$work/data" 2>/dev/null
	rm -rf "$work" 2>/dev/null || { sleep 2; rm -rf "$work"; }
	exit "$status"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "docker/test.sh needs root (it starts its own Docker engine)" >&2; exit 1; }

run_step "install docker.io, containerd, runc, debootstrap"
need=()
for p in docker.io containerd runc debootstrap iptables docker-compose; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
docker=/usr/bin/docker # Debian's client, matching its engine

run_step "start dockerd"
ip link show docker0 >/dev/null 2>&1 && had_docker0=1
ip_forward=$(cat /proc/sys/net/ipv4/ip_forward)
iptables-save >"$work/iptables.save"
dockerd --data-root "$work/data" --exec-root "$work/exec" --host "$DOCKER_HOST" \
	--pidfile "$work/dockerd.pid" >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 100); do $docker info >/dev/null 2>&1 && break; sleep 0.2; done
$docker info >/dev/null
docker() { $docker "$@"; }
compose() {
	JUPYTER_TOKEN="$token" SGDMINIMA_HOST_PORT=$((port + 1)) docker-compose \
		-f "$repo/docker/compose.yaml" -f "$work/override.yaml" -p sgdminima-test "$@"
}

run_step "base image stand-in: debian:bookworm-slim (debootstrap)"
debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
tar -C "$work/rootfs" -c . | docker import - debian:bookworm-slim >/dev/null

run_step "base image stand-in: golang:1.26-bookworm (this machine's Go)"
goroot=$(go env GOROOT)
mkdir -p "$work/golang"
cp -a "$goroot" "$work/golang/go"
cat >"$work/golang/Dockerfile" <<-'EOF'
	FROM debian:bookworm-slim
	COPY go /usr/local/go
	ENV GOPATH=/go PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	WORKDIR /go
EOF
docker build -q -t golang:1.26-bookworm "$work/golang" >/dev/null

run_step "extra CA certificates for this run"
for crt in /usr/local/share/ca-certificates/*.crt; do
	[ -e "$crt" ] || continue
	dst="$repo/docker/extra-ca/ci-$(basename "$crt")"
	cp "$crt" "$dst"
	added_cas+=("$dst")
done

run_step "docker build (docker/Dockerfile, unchanged)"
docker build -f "$repo/docker/Dockerfile" -t "$image" "$repo" >"$work/build.log" 2>&1 ||
	{ tail -n 40 "$work/build.log" >&2; exit 1; }
size=$(docker image inspect -f '{{.Size}}' "$image")

run_step "docker run, wait for a healthy /api"
t0=$(date +%s.%N)
docker run -d --name "$name" -p "127.0.0.1:$port:8888" -e JUPYTER_TOKEN="$token" "$image" >/dev/null
for _ in $(seq 300); do
	curl -fs "http://127.0.0.1:$port/api" >/dev/null && break
	sleep 0.1
done
curl -fs "http://127.0.0.1:$port/api" >/dev/null
t1=$(date +%s.%N)
for _ in $(seq 60); do
	[ "$(docker inspect -f '{{.State.Health.Status}}' "$name")" = healthy ] && break
	sleep 1
done
[ "$(docker inspect -f '{{.State.Health.Status}}' "$name")" = healthy ]

run_step "token auth: refused without or with a wrong token"
code() { curl -s -o /dev/null -w '%{http_code}' "$1"; }
# /api itself is Jupyter's public version endpoint (the healthcheck); every
# other endpoint needs the token.
for path in /api/status /api/contents /api/kernels; do
	[ "$(code "http://127.0.0.1:$port$path")" = 403 ]
	[ "$(code "http://127.0.0.1:$port$path?token=wrong")" = 403 ]
	[ "$(code "http://127.0.0.1:$port$path?token=$token")" = 200 ]
done

run_step "the server does not run as root"
uid=$(docker exec "$name" awk '/^Uid:/ {print $2}' /proc/1/status)
[ "$uid" != 0 ] || { echo "the notebook server runs as root" >&2; exit 1; }

run_step "the server's configuration: the project's CSS and editor settings"
css=$(curl -fs "http://127.0.0.1:$port/custom/custom.css?token=$token")
grep -q 'cm-tab' <<<"$css" || { echo "custom.css is not the project's: $css" >&2; exit 1; }
cfg=$(curl -fs "http://127.0.0.1:$port/api/config/notebook?token=$token")
grep -q 'lineWrapping' <<<"$cfg" || { echo "nbconfig is not the project's: $cfg" >&2; exit 1; }
# The frontend saves settings into the config dir: it must be writable.
[ "$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -H 'Content-Type: application/json' \
	-d '{"sgdminima_probe": 1}' "http://127.0.0.1:$port/api/config/probe?token=$token")" = 200 ]

run_step "the kernel's matrix products run on OpenBLAS"
# Read all of ldd's output first: grep -q stops reading at its match, and
# under pipefail ldd's SIGPIPE would fail the step.
libs=$(docker exec "$name" ldd /opt/sgdminima/kernel/build/bin/sgdminima-kernel)
grep -q 'libopenblas.* => /' <<<"$libs" ||
	{ printf 'the kernel in the image is not linked with OpenBLAS:\n%s\n' "$libs" >&2; exit 1; }

run_step "the sweep command and the cluster templates are in the image"
# A spec that does not exist is a clear error naming it, not a crash.
out=$(docker exec "$name" sgdsweep plan /nonexistent/spec.json 2>&1) &&
	{ echo "sgdsweep accepted a missing spec" >&2; exit 1; }
grep -q 'sgdsweep: sweep: Read: open /nonexistent/spec.json' <<<"$out" ||
	{ printf 'sgdsweep in the image:\n%s\n' "$out" >&2; exit 1; }
docker exec "$name" test -f /opt/sgdminima/cluster/sgdsweep.sbatch -a -f /opt/sgdminima/cluster/sgdsweep-job.json

run_step "execute notebooks inside the container"
nbs=(00-kernel-tour.ipynb)
# 10 trains networks on the image's Fashion-MNIST (Debian's package).
for nb in 01-flat-vs-sharp-minima.ipynb 10-interpolation-flat-vs-sharp.ipynb; do
	[ -f "$repo/notebooks/$nb" ] && nbs+=("$nb")
done
for nb in "${nbs[@]}"; do
	docker exec -e SGDMINIMA_QUICK=1 "$name" jupyter nbconvert --to notebook --execute \
		--ExecutePreprocessor.kernel_name=sgdminima-go --ExecutePreprocessor.timeout=600 \
		--output "/tmp/$nb" "/home/reader/notebooks/$nb" >"$work/nbconvert.log" 2>&1 ||
		{ tail -n 30 "$work/nbconvert.log" >&2; exit 1; }
	docker exec -i "$name" python3 - "/tmp/$nb" <<-'EOF'
		import json, sys
		nb = json.load(open(sys.argv[1]))
		outs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
		errors = [o for o in outs if o["output_type"] == "error"]
		images = [o for o in outs if "image/png" in o.get("data", {})]
		assert not errors, f"{sys.argv[1]}: error outputs: {errors}"
		assert images, f"{sys.argv[1]}: no image output"
		print(f"ok {sys.argv[1]}: {len(outs)} outputs, {len(images)} images, no errors")
	EOF
done

run_step "grading in the sandbox: hostile submissions, a container per student"
(cd "$repo/kernel/tests" && SGDMINIMA_GRADE_IMAGE="$image" /usr/bin/python3 -m pytest -q -p no:cacheprovider \
	test_grade_sandbox.py) || exit 1
if [ "${SGDMINIMA_BENCH:-}" = 1 ]; then
	run_step "grading throughput: sandboxed vs --unsafe-local (make bench)"
	SGDMINIMA_GRADE_IMAGE="$image" /usr/bin/python3 "$repo/kernel/tests/bench_grade.py"
fi

run_step "bad input: port in use"
if docker run -d --name "$name-port" -p "127.0.0.1:$port:8888" "$image" >"$work/port.log" 2>&1; then
	echo "a second container on a used port started" >&2; exit 1
fi
grep -qiE 'already (allocated|in use)' "$work/port.log" || { cat "$work/port.log" >&2; exit 1; }

run_step "bad input: an unwritable notebooks volume"
mkdir -p "$work/readonly" && chmod 755 "$work/readonly"
docker run --name "$name-ro" -v "$work/readonly:/home/reader/notebooks" "$image" >"$work/ro.log" 2>&1 || true
grep -q "is not writable" "$work/ro.log" || { cat "$work/ro.log" >&2; exit 1; }

run_step "docker compose: up, an edit through Jupyter lands in the mounted folder, down"
# CI's checkout belongs to root; the server runs as uid 1000, so the mounted
# folder is a copy owned by it (an override replaces just that mount).
cp -a "$repo/notebooks" "$work/nbcopy" && chown -R 1000:1000 "$work/nbcopy"
cat >"$work/override.yaml" <<-EOF
	services:
	  notebooks:
	    volumes:
	      - $work/nbcopy:/home/reader/notebooks
EOF
# The image built above is the one compose builds (same Dockerfile and
# context); tag it rather than build it twice.
docker tag "$image" sgdminima
compose up -d --no-build >"$work/compose.log" 2>&1 || { tail -n 30 "$work/compose.log" >&2; exit 1; }
for _ in $(seq 300); do
	curl -fs "http://127.0.0.1:$((port + 1))/api" >/dev/null && break
	sleep 0.1
done
curl -fs -X PUT -H 'Content-Type: application/json' \
	-d '{"type": "file", "format": "text", "content": "an edit"}' \
	"http://127.0.0.1:$((port + 1))/api/contents/edit-test.txt?token=$token" >/dev/null
[ "$(cat "$work/nbcopy/edit-test.txt")" = "an edit" ]
compose down >/dev/null 2>&1
[ -f "$work/nbcopy/edit-test.txt" ]

step="report"
awk -v b="$size" 'BEGIN { printf "BENCH name=docker_image_size ours=%.0f anchor=- unit=MB ratio=-\n", b / 1e6 }'
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "BENCH name=docker_run_to_healthy_api ours=%.2f anchor=- unit=s ratio=-\n", b - a }'
log "docker test passed"
