# wattif - build, test, check (sanitizers), valgrind, fuzz, bench, install, demo.
# Plain `make` builds into build/: build/wattif, build/libwattif.a, build/libwattif.so.

comma     := ,
PKGS      := gsl libpcre2-8 yaml-0.1
DEB_PKGS  := build-essential pkg-config libgsl-dev libpcre2-dev libyaml-dev libcmocka-dev \
             python3 python3-pytest python3-yaml python3-jsonschema groff-base
PREFIX    ?= /usr/local
# The version is written once, in include/wattif.h (WF_VERSION); wattif.pc,
# the shared library's file name and `wattif --version` take it from there.
VERSION   := $(shell sed -n 's/^\#define WF_VERSION "\(.*\)"$$/\1/p' include/wattif.h)
DESTDIR   ?=
BUILD     ?= build
WERROR    ?= 1
FUZZ_TIME ?= 60
CC        ?= cc
# Debian's python3 (the one DEB_PKGS's python3-* packages serve) runs the
# Python tests and names the directory `make install` puts the package in:
# PREFIX/lib/python3/dist-packages for /usr, PREFIX/lib/python3.X/dist-packages
# elsewhere (both on Debian's sys.path for /usr and /usr/local).
PYTHON    ?= $(firstword $(wildcard /usr/bin/python3) python3)
PYTHONDIR ?= $(if $(filter /usr,$(PREFIX)),$(PREFIX)/lib/python3/dist-packages,$(PREFIX)/lib/$(shell $(PYTHON) -c 'import sys; print("python%d.%d" % sys.version_info[:2])' 2>/dev/null || echo python3)/dist-packages)

WARN   := -Wall -Wextra -Wshadow -Wstrict-prototypes
ifeq ($(WERROR),1)
WARN   += -Werror
endif
OPT    ?= -O2 -g
CFLAGS_ALL := -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -MMD -MP -fPIC \
              -Iinclude -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread
TLIBS  := $(shell pkg-config --libs cmocka 2>/dev/null)

ifneq ($(SANITIZER),)
  ifeq ($(filter-out address undefined thread address$(comma)undefined,$(SANITIZER)),)
  else
    $(error SANITIZER must be address, undefined, thread or address,undefined; got '$(SANITIZER)')
  endif
  CFLAGS_ALL += -fsanitize=$(SANITIZER) -fno-sanitize-recover=all -fno-omit-frame-pointer
  LDSAN := -fsanitize=$(SANITIZER)
endif

# make MPI=1: `wattif sweep` splits its points across MPI ranks (Open MPI's
# mpicc compiles cmd_sweep.c with -DWF_MPI and links the tool; the library
# stays MPI-free).  Build it apart: make MPI=1 BUILD=build/mpi.
MPI    ?= 0
MPICC  ?= mpicc
CLI_LD := $(CC)
ifeq ($(MPI),1)
CLI_LD := $(MPICC)
endif

# Link-time optimisation for optimised gcc builds: each domain evaluates in
# its own file (workload.c, facility.c, grid.c, ...), and LTO inlines those
# steps back into one evaluation (bench_eval's plan evaluation stays at about
# 0.04 us).  Fat objects keep plain code in libwattif.a as well, so programs
# linked without -flto (the tests) need nothing.  LTO=0 turns it off.
# Each file is still compiled alone with every warning; at the LTO link,
# maybe-uninitialized is off: whole-program inlining makes gcc guess at
# paths (an out-parameter set only on success) that each file's own
# compile already checked.
LTO ?= auto
ifeq ($(LTO),auto)
  LTO := $(if $(SANITIZER),0,$(if $(findstring -O2,$(OPT)),$(shell $(CC) -v 2>&1 | grep -q '^gcc version' && echo 1 || echo 0),0))
endif
ifeq ($(LTO),1)
  LTO_CF := -flto=auto -ffat-lto-objects
  LTO_LD := -flto=auto -Wno-maybe-uninitialized
  NO_LTO := -fno-lto
  AR_CMD := gcc-ar
else
  LTO_CF :=
  LTO_LD :=
  NO_LTO :=
  AR_CMD := ar
endif

LIB_SRC  := $(sort $(wildcard src/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_BIN := $(BUILD)/bench/bench_eval $(BUILD)/bench/bench_mc $(BUILD)/bench/bench_shift \
             $(BUILD)/bench/bench_sweep $(BUILD)/bench/bench_numfmt $(BUILD)/bench/bench_series_mem \
             $(BUILD)/bench/bench_window $(BUILD)/bench/bench_sweep_cases

.PHONY: FORCE install-check all test test-run test-browser check valgrind fuzz bench install uninstall demo clean deps examples \
	schema schema-check

all: $(BUILD)/wattif $(BUILD)/libwattif.a $(BUILD)/libwattif.so $(BUILD)/libwattif.so.0 $(BUILD)/wattif.pc \
     $(BUILD)/wattif.schema.json $(BUILD)/wattif.bash

$(BUILD)/obj/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LTO_CF) -DWF_BUILDING_LIBRARY -fvisibility=hidden -c $< -o $@

$(BUILD)/obj/src/cli/%.o: src/cli/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

ifeq ($(MPI),1)
$(BUILD)/obj/src/cli/cmd_sweep.o: src/cli/cmd_sweep.c
	@mkdir -p $(dir $@)
	$(MPICC) $(CFLAGS_ALL) -DWF_MPI -c $< -o $@
endif

$(BUILD)/libwattif.a: $(LIB_OBJ)
	@rm -f $@
	$(AR_CMD) rcs $@ $^

$(BUILD)/libwattif.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libwattif.so.0 $(LDSAN) $(LTO_LD) -o $@ $^ $(LIBS)

$(BUILD)/wattif: $(CLI_OBJ) $(BUILD)/libwattif.a
	$(CLI_LD) $(LDSAN) $(LTO_LD) -o $@ $(CLI_OBJ) $(BUILD)/libwattif.a $(LIBS)

# The install prefix is compiled into the library (wf_data_dir: where
# wf_catalog_load_default finds PREFIX/share/wattif) and written into
# wattif.pc; $(BUILD)/prefix records it, rewritten only when it changes, so
# `make install PREFIX=X` after a plain `make` rebuilds what names it.
$(BUILD)/prefix: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@

$(BUILD)/obj/src/check.o: $(BUILD)/prefix
$(BUILD)/obj/src/check.o: CFLAGS_ALL += -DWF_DATADIR='"$(PREFIX)/share/wattif"'

$(BUILD)/wattif.pc: Makefile include/wattif.h $(BUILD)/prefix
	@mkdir -p $(BUILD)
	@printf 'prefix=%s\nlibdir=$${prefix}/lib\nincludedir=$${prefix}/include\ndatadir=$${prefix}/share/wattif\n\nName: wattif\nDescription: energy, emissions, water and embodied carbon of AI workloads\nVersion: %s\nRequires.private: %s\nLibs: -L$${libdir} -lwattif\nLibs.private: -lm -lpthread\nCflags: -I$${includedir}\n' '$(PREFIX)' '$(VERSION)' '$(PKGS)' > $@

# A program linked against the build tree finds libwattif.so.0 beside it.
$(BUILD)/libwattif.so.0: $(BUILD)/libwattif.so
	ln -sf libwattif.so $@

FORCE:

# The bash completion, written by the tool from its own table of commands
# and options (`wattif completion bash`).
$(BUILD)/wattif.bash: $(BUILD)/wattif
	$(BUILD)/wattif completion bash > $@.tmp && mv $@.tmp $@

# The JSON Schema of model files, written from the library's own tables
# (the loader's keys, the units): `make` regenerates it in $(BUILD),
# `make schema` copies it to schema/, and `make schema-check` (part of
# make test) fails when the checked-in copy is stale.
$(BUILD)/tools/gen_schema: tools/gen_schema.c $(BUILD)/libwattif.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(NO_LTO) $(LDSAN) -o $@ $< $(BUILD)/libwattif.a $(LIBS)

$(BUILD)/wattif.schema.json: $(BUILD)/tools/gen_schema
	$(BUILD)/tools/gen_schema > $@.tmp && mv $@.tmp $@

schema: $(BUILD)/wattif.schema.json
	cp $(BUILD)/wattif.schema.json schema/wattif.schema.json

schema-check: $(BUILD)/wattif.schema.json
	@if cmp -s $(BUILD)/wattif.schema.json schema/wattif.schema.json; then echo "schema: current"; \
	else echo "schema/wattif.schema.json is stale: run make schema and commit it"; \
	  diff schema/wattif.schema.json $(BUILD)/wattif.schema.json | head -20; exit 1; fi

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/libwattif.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDSAN) $(NO_LTO) -o $@ $< $(BUILD)/libwattif.a $(TLIBS) $(LIBS)

$(BUILD)/examples/wattif_example: examples/c/example.c $(BUILD)/libwattif.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDSAN) $(NO_LTO) -o $@ $< $(BUILD)/libwattif.a $(LIBS)

# The developer tutorial's program (docs/tutorial-developer.md; run by tests/docs.sh).
$(BUILD)/examples/whatif: examples/c/whatif.c $(BUILD)/libwattif.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LDSAN) $(NO_LTO) -o $@ $< $(BUILD)/libwattif.a $(LIBS)

# The whole suite: unit tests, the published validation cases, the bad-input
# corpus, CLI baselines, the C and Python examples and the documentation
# (tests/docs.sh: its references, commands and the man page).
# Packages first (as root), then a fresh make so pkg-config sees them.
test: deps
	@$(MAKE) --no-print-directory test-run

test-run: all $(TEST_BIN) $(if $(wildcard examples/c/example.c),$(BUILD)/examples/wattif_example) \
          $(BUILD)/examples/whatif
	@set -e; pass=0; fail=0; \
	export WATTIF_CACHE=$(CURDIR)/$(BUILD)/test-cache; \
	if $(MAKE) --no-print-directory -s schema-check; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: schema-check"; fi; \
	for t in $(TEST_BIN); do \
	  if WATTIF_TEST_ROOT=$(CURDIR) $$t; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: $$t"; fi; \
	done; \
	if BUILD=$(BUILD) SANITIZER=$(SANITIZER) sh tests/cli.sh; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: tests/cli.sh"; fi; \
	if BUILD=$(BUILD) sh tests/import.sh; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: tests/import.sh"; fi; \
	if BUILD=$(BUILD) sh tests/docs.sh; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: tests/docs.sh"; fi; \
	if BUILD=$(BUILD) MPI=$(MPI) SANITIZER=$(SANITIZER) sh tests/sweep.sh; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: tests/sweep.sh"; fi; \
	if BUILD=$(BUILD) PYTHON=$(PYTHON) sh tests/zones.sh; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: tests/zones.sh"; fi; \
	if [ -n "$(SANITIZER)" ]; then echo "python: skipped under sanitizers (python cannot dlopen an ASan library)"; \
	elif WATTIF_LIB=$(CURDIR)/$(BUILD)/libwattif.so WATTIF_DATA=$(CURDIR) PYTHONDONTWRITEBYTECODE=1 \
	    $(PYTHON) -m pytest -q -p no:cacheprovider python/tests; then pass=$$((pass+1)); \
	else fail=$$((fail+1)); echo "FAILED: python/tests"; fi; \
	if python3 tools/sizes.py src; then pass=$$((pass+1)); else fail=$$((fail+1)); echo "FAILED: tools/sizes.py (a file over 900 lines or a function over 120)"; fi; \
	if python3 tools/deps.py $(BUILD)/obj/src >/dev/null; then pass=$$((pass+1)); else fail=$$((fail+1)); python3 tools/deps.py $(BUILD)/obj/src | grep cycle; echo "FAILED: tools/deps.py (a module calls up)"; fi; \
	echo "test programs: $$pass passed, $$fail failed"; test $$fail -eq 0

# make install into a scratch DESTDIR and use it (pkg-config, wf_data_dir,
# a program built against the install and against the build tree).
install-check: all
	@BUILD=$(BUILD) sh tests/install.sh

# Every example's report opened in headless chromium (installed when run as
# root): screenshots not blank, the DOM holds the titles and figures, no
# external references.  Slow, so not part of `make test`.
test-browser: all
	@BUILD=$(BUILD) sh tests/browser.sh

# ASan + UBSan build running the whole suite.
check:
	$(MAKE) BUILD=build/check SANITIZER=address,undefined OPT="-O1 -g" test-run

# -O0 build, every test program under valgrind; fails on leaks or errors.
valgrind:
	$(MAKE) BUILD=build/valgrind OPT="-O0 -g" all $(patsubst build/%,build/valgrind/%,$(TEST_BIN))
	@set -e; for t in $(patsubst build/%,build/valgrind/%,$(TEST_BIN)); do \
	  echo "valgrind $$t"; \
	  WATTIF_VALGRIND=1 WATTIF_TEST_ROOT=$(CURDIR) valgrind -q --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect,possible $$t >/dev/null; \
	done
	@export WATTIF_CACHE=$(CURDIR)/build/valgrind/test-cache; for f in examples/*.yaml; do \
	  valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
	    env WATTIF_DATA=$(CURDIR) build/valgrind/wattif run $$f >/dev/null || exit 1; \
	  valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
	    env WATTIF_DATA=$(CURDIR) build/valgrind/wattif explain $$f >/dev/null || exit 1; \
	done; echo "valgrind: clean"

# libFuzzer targets (clang), FUZZ_TIME seconds each: the quantity parser,
# the model loader, series CSV, --set values, sweep files, resume records,
# generation-mix CSV, scenario evaluation, the number writer, power logs and
# the cache of parsed model files.
# Run from the repository root (the targets load the shipped models/ and data/).
FUZZ_TARGETS := quantity loader series set sweep resume mix eval numfmt powerlog doccache
FUZZ_EXTRA_resume := src/cli/resume.c
fuzz:
	@mkdir -p build/fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
	  extra=""; [ $$t = resume ] && extra="$(FUZZ_EXTRA_resume)"; \
	  clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all \
	    -Iinclude -Isrc $(shell pkg-config --cflags $(PKGS)) -o build/fuzz/fuzz_$$t fuzz/fuzz_$$t.c \
	    $$extra $(LIB_SRC) $(LIBS); \
	  rm -rf build/fuzz/corpus_$$t; mkdir -p build/fuzz/corpus_$$t; cp fuzz/corpus/$$t/* build/fuzz/corpus_$$t/; \
	  st=0; build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) -timeout=20 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/$$t- build/fuzz/corpus_$$t >build/fuzz/$$t.log 2>&1 || st=$$?; \
	  echo "fuzz_$$t:"; grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|ERROR|SUMMARY' \
	    build/fuzz/$$t.log || true; \
	  if [ $$st -ne 0 ]; then echo "fuzz_$$t failed: see build/fuzz/$$t.log"; exit 1; fi; \
	done

$(BUILD)/bench/%: bench/%.c bench/bench.h $(BUILD)/libwattif.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LTO_LD) -o $@ $< $(BUILD)/libwattif.a $(LIBS)

bench: all $(BENCH_BIN)
	$(BUILD)/bench/bench_eval examples/llama-65b.yaml
	$(BUILD)/bench/bench_mc
	$(BUILD)/bench/bench_shift
	$(BUILD)/bench/bench_sweep examples/sweeps/bench-1m.yaml
	$(BUILD)/bench/bench_numfmt
	$(BUILD)/bench/bench_series_mem
	$(BUILD)/bench/bench_window
	$(BUILD)/bench/bench_sweep_cases
	@sh bench/bench_cli.sh $(BUILD)/wattif
	@if command -v $(MPICC) >/dev/null 2>&1 && command -v mpirun >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory -s MPI=1 BUILD=build/mpi all && sh bench/bench_mpi.sh build/mpi/wattif; \
	else echo "bench_mpi: skipped (no mpicc/mpirun: apt-get install openmpi-bin libopenmpi-dev)"; fi

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/wattif $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/wattif $(DESTDIR)$(PREFIX)/bin/wattif
	install -m 644 $(BUILD)/libwattif.a $(DESTDIR)$(PREFIX)/lib/libwattif.a
	install -m 755 $(BUILD)/libwattif.so $(DESTDIR)$(PREFIX)/lib/libwattif.so.$(VERSION)
	ln -sf libwattif.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libwattif.so.0
	ln -sf libwattif.so.0 $(DESTDIR)$(PREFIX)/lib/libwattif.so
	install -m 644 include/wattif.h $(DESTDIR)$(PREFIX)/include/wattif.h
	install -m 644 $(BUILD)/wattif.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/wattif.pc
	install -m 644 man/wattif.1 $(DESTDIR)$(PREFIX)/share/man/man1/wattif.1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 $(BUILD)/wattif.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/wattif
	cp -R models data $(DESTDIR)$(PREFIX)/share/wattif/
	install -m 644 schema/wattif.schema.json $(DESTDIR)$(PREFIX)/share/wattif/wattif.schema.json
	install -d $(DESTDIR)$(PYTHONDIR)/wattif
	install -m 644 python/wattif/*.py $(DESTDIR)$(PYTHONDIR)/wattif/
	install -d $(DESTDIR)$(PREFIX)/share/doc/wattif
	install -m 644 docs/*.md $(DESTDIR)$(PREFIX)/share/doc/wattif/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/wattif $(DESTDIR)$(PREFIX)/lib/libwattif.* \
	  $(DESTDIR)$(PREFIX)/include/wattif.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/wattif.pc \
	  $(DESTDIR)$(PREFIX)/share/man/man1/wattif.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/wattif
	rm -rf $(DESTDIR)$(PREFIX)/share/wattif $(DESTDIR)$(PYTHONDIR)/wattif \
	  $(DESTDIR)$(PREFIX)/share/doc/wattif

# Installs missing Debian packages when run as root; otherwise says how.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y $$missing; \
	  else echo "wattif needs:$$missing"; echo "run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

demo: deps
	$(MAKE) all
	$(BUILD)/wattif run examples/llama-65b.yaml
	$(BUILD)/wattif run examples/uk-regions-what-if.yaml
	$(BUILD)/wattif run examples/growth-zone-gb.yaml
	$(BUILD)/wattif run examples/growth-zone-gb.yaml --regions '^GB-'
	@for z in culham north-east north-wales south-wales lanarkshire; do \
	  echo "== examples/growth-zones/$$z.yaml"; $(BUILD)/wattif run examples/growth-zones/$$z.yaml || exit 1; done
	$(BUILD)/wattif run examples/growth-zones/all-zones.yaml

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
