# Faultline's whole set-up is two commands: `make demo` and `make test`. Each installs what a
# fresh machine lacks (libgit2's headers), builds, and runs.

SWIFT ?= swift
BIN_DEBUG := .build/debug/faultline

.PHONY: demo test build release deps benchmark clean

# libgit2-dev comes from the system package manager: as root directly, else through sudo.
deps:
	@if ! pkg-config --exists libgit2 2>/dev/null; then \
	  echo "libgit2 headers not found; installing libgit2-dev and pkg-config with apt-get"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "error: libgit2-dev is missing and this user cannot install it: run 'apt-get install libgit2-dev pkg-config' as root" >&2; exit 2; fi; \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "error: no apt-get here: install libgit2 (1.5 or newer) with its pkg-config file, e.g. 'brew install libgit2'" >&2; exit 2; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libgit2-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build --product faultline

release: deps
	$(SWIFT) build -c release --product faultline

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

demo: build
	@$(BIN_DEBUG) demo

benchmark: deps
	$(SWIFT) build -c release --product git-benchmark
	$(SWIFT) build -c release --product cache-benchmark
	$(SWIFT) build -c release --product readers-benchmark
	$(SWIFT) build -c release --product engine-benchmark
	$(SWIFT) build -c release --product check-benchmark
	$(SWIFT) build -c release --product faultline
	$(SWIFT) build -c release --product audit-benchmark
	.build/release/git-benchmark
	.build/release/cache-benchmark
	.build/release/readers-benchmark
	.build/release/engine-benchmark
	.build/release/check-benchmark
	.build/release/audit-benchmark

clean:
	rm -rf .build
