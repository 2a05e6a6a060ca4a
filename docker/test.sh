#!/usr/bin/env bash
# Builds docker/Dockerfile, unchanged, and runs the image end to end against
# the Docker engine the environment names (DOCKER_HOST, or the default):
# the server, its token, its configuration, the kernel's BLAS, the sweep
# command, notebooks executed inside, sandboxed grading, bad input, and
# docker compose. It needs docker, docker-compose and curl, and removes
# every container it started, also on failure.
#
# On a machine without Docker or registry access (CI), run it through
# .ci/docker-engine, which provides an engine and stand-in base images.
#
# Prints BENCH lines for the image size and the time from `docker run` to a
# healthy /api.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/sgdminima-docker.XXXXXX)
port=18888
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
image=sgdminima:test
name=sgdminima-test
step="start"
started=$(date +%s)

log() { printf '\n== %s (%ds)\n' "$*" $(($(date +%s) - started)); }
run_step() { step="$1"; log "$1"; }

cleanup() {
	status=$?
	set +e
	if [ "$status" != 0 ]; then
		echo "docker test FAILED at step: $step" >&2
		docker logs "$name" 2>&1 | tail -n 30 >&2
	fi
	docker rm -f "$name" "$name-port" "$name-ro" >/dev/null 2>&1
	[ -f "$work/override.yaml" ] && compose down -v >/dev/null 2>&1
	rm -rf "$work" 2>/dev/null || { sleep 2; rm -rf "$work"; }
	exit "$status"
}
trap cleanup EXIT

for tool in docker docker-compose curl; do
	command -v "$tool" >/dev/null || { echo "docker/test.sh needs $tool (CI: .ci/docker-engine make docker-test)" >&2; exit 1; }
done
docker info >/dev/null 2>&1 || { echo "docker/test.sh: no Docker engine answers${DOCKER_HOST:+ at $DOCKER_HOST} (CI: .ci/docker-engine make docker-test)" >&2; exit 1; }
compose() {
	JUPYTER_TOKEN="$token" SGDMINIMA_HOST_PORT=$((port + 1)) docker-compose \
		-f "$repo/docker/compose.yaml" -f "$work/override.yaml" -p sgdminima-test "$@"
}

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

run_step "the book at /book/, without the token; its Jupyter links open the notebooks"
book="http://127.0.0.1:$port/book"
landing=$(curl -fsL "$book")
grep -q '<h1>Three Factors Influencing Minima in SGD</h1>' <<<"$landing" ||
	{ printf 'no book at /book/:\n%s\n' "$(head -c 400 <<<"$landing")" >&2; exit 1; }
grep -q 'href="05-boltzmann-three-factors.html"' <<<"$landing" ||
	{ echo "the book's landing page does not list notebook 05" >&2; exit 1; }
page=$(curl -fs "$book/05-boltzmann-three-factors.html")
grep -q '<img src="data:image/png;base64,[^"]*" width="[0-9]*" height="[0-9]*" alt="Figure 1: ' <<<"$page" ||
	{ echo "the book's page 05 has no embedded figure with alt text" >&2; exit 1; }
[ "$(code "$book/mathjax/MathJax.js")" = 200 ]
[ "$(code "$book/static/book.css")" = 200 ]
# "Open in Jupyter" is relative (../notebooks/05-….ipynb from /book/05-….html):
# this server's notebook, behind the token.
href=$(grep -o 'class="jupyter-link" href="[^"]*"' <<<"$page" | sed 's/.*href="//; s/"$//')
[ "$href" = ../notebooks/05-boltzmann-three-factors.ipynb ] || { echo "Open in Jupyter links to: $href" >&2; exit 1; }
[ "$(code "http://127.0.0.1:$port/notebooks/05-boltzmann-three-factors.ipynb?token=$token")" = 200 ]
[ "$(code "http://127.0.0.1:$port/notebooks/05-boltzmann-three-factors.ipynb")" = 302 ] # to the login page
# Nothing outside the book's folder is served through it.
[ "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$book/%2e%2e/%2e%2e/etc/passwd")" = 403 ]

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
cp -a "$repo/notebooks" "$work/nbcopy" && chown -R 1000:1000 "$work/nbcopy" 2>/dev/null ||
	chmod -R a+rwX "$work/nbcopy" # not root: let uid 1000 write
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
