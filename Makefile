# Thin wrapper: the two commands a new user needs. Everything real lives in CMake and scripts/.
.PHONY: deps build demo test bench clean moe

JOBS ?= $(shell nproc)

deps:
	./scripts/install-deps.sh

build: deps
	cmake --preset dev
	cmake --build --preset dev -j $(JOBS)

demo: build
	./scripts/demo.sh build/bin

test: build
	ctest --preset dev -j $(JOBS)

# Measures of effectiveness of one scenario, offline: make moe SCENARIO=transit-zone-24h
SCENARIO ?= gofast-run
moe: build
	./scripts/moe.sh $(SCENARIO)

bench: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)
	./build-release/bin/picket-microbench
	./build-release/bin/fusion-bench --quick --json build-release/fusion-bench-quick.json \
	    --markdown build-release/fusion-bench-quick.md

clean:
	rm -rf build build-release build-asan build-tsan
