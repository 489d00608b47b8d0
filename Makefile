# BERT from Scratch, in C: every entry point. `make help` lists them.
#
#   make chapter-NN [ARGS='--seed 7']   build build/chapter-NN and run it
#   make test                           Check suites, chapter smoke runs, book
#   make asan | valgrind | figures | bench | book | clean
#
# Options: NO_OMP=1 (no OpenMP), NO_DEPS=1 (skip the package check),
# NATIVE=0 (portable code instead of -march=native), CC=clang.

BUILD    ?= build
NATIVE   ?= 1
SAN      ?=

WARN     := -Wall -Wextra -Wpedantic
ifeq ($(CI),true)
WARN     += -Werror
endif
OPT      := -O3
ifneq ($(SAN),)
OPT      := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
endif
# After the sanitizers' flags, not replaced by them (see `asan` below).
ifeq ($(NATIVE),1)
OPT      += -march=native
endif
# DEBUG=1: debug information, so that valgrind's reports name file and line.
ifeq ($(DEBUG),1)
OPT      += -g
endif

# OpenMP: used when the compiler accepts -fopenmp, unless NO_OMP=1. An
# idle thread spins for about half a millisecond, then sleeps: training
# runs many short parallel loops back to back, and waking a sleeping thread
# for each can cost more than the loop; spinning for long (libgomp's
# default, several milliseconds) takes the processor from the threads that
# work whenever the machine has anything else to do.
export GOMP_SPINCOUNT ?= 10000
ifeq ($(NO_OMP),1)
OMP      :=
WARN     += -Wno-unknown-pragmas
else
OMP      := $(shell echo 'int main(void){return 0;}' | \
              $(CC) -fopenmp -x c - -o /dev/null 2>/dev/null && echo -fopenmp)
endif
GNUPLOT   = $(shell command -v gnuplot 2>/dev/null)

# pkg-config is asked when a recipe runs (`=`, not `:=`), that is after the
# deps step has installed what was missing.
PKGS      = libpng libutf8proc libcjson
PKG_CF    = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS  = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CF  = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS= $(shell pkg-config --libs check 2>/dev/null)

CFLAGS   := -std=c11 $(WARN) $(OPT) $(OMP) -D_POSIX_C_SOURCE=200809L -Icommon
LDLIBS    = $(PKG_LIBS) $(OMP) -lm

COMMON_SRC  := $(sort $(wildcard common/*.c))
COMMON_OBJ  := $(COMMON_SRC:%.c=$(BUILD)/obj/%.o)
LIB         := $(BUILD)/libcommon.a
CHAPTERS    := $(sort $(wildcard chapters/[0-9][0-9]-*))
CHAPTER_NUMS:= $(foreach d,$(CHAPTERS),$(firstword $(subst -, ,$(notdir $d))))
CHAPTER_BINS:= $(CHAPTER_NUMS:%=$(BUILD)/chapter-%)
TEST_SRC    := $(sort $(wildcard tests/test_*.c))
SUITES      := $(patsubst tests/test_%.c,%,$(TEST_SRC))
BENCH_SRC   := $(sort $(wildcard tests/bench/*.c))
BENCH_GROUPS:= $(patsubst tests/bench/bench_%.c,%,\
                 $(filter-out tests/bench/bench_main.c,$(BENCH_SRC)))

.PHONY: all deps test check-suites smoke bad-inputs asan valgrind figures \
        bench book book-check clean help FORCE
.DEFAULT_GOAL := all

all: $(CHAPTER_BINS) $(BUILD)/run_tests

help:
	@echo "BERT from Scratch, in C"
	@echo ""
	@echo "Chapters (make chapter-NN [ARGS='--help']):"
	@for d in $(CHAPTERS); do echo "  chapter-$$(basename $$d | cut -c1-2)" \
	    "  $$(basename $$d | cut -c4-)"; done
	@echo ""
	@echo "Targets:"
	@echo "  all          build every chapter and the tests (default)"
	@echo "  test         Check suites, every chapter with --fast, bad inputs,"
	@echo "               book check"
	@echo "  asan         the same under AddressSanitizer + UBSan"
	@echo "  valgrind     the same under valgrind memcheck"
	@echo "  figures      run every chapter and rewrite figures/"
	@echo "  bad-inputs   every chapter against bad files, flags and text"
	@echo "  fuzz         libFuzzer on every reader (FUZZ_SECONDS=30, clang)"
	@echo "  bench        performance table (BENCH=name for one group)"
	@echo "  book         refresh the code listings in book.md"
	@echo "  book-check   fail when book.md quotes stale code"
	@echo "  deps         install missing Debian packages (NO_DEPS=1 skips)"
	@echo "  clean        remove build/"
	@echo ""
	@echo "Options: ARGS='...', NO_OMP=1, NO_DEPS=1, NATIVE=0, CC=clang, CI=true"

# ---- dependencies and configuration ----------------------------------------
deps:
ifneq ($(NO_DEPS),1)
	@sh tools/deps.sh
endif
	@echo "config: $(CC), OpenMP $(if $(OMP),on,off)," \
	  "gnuplot $(if $(GNUPLOT),found,not found: line plots become .dat + .gp)"

# The compiler and flags of this build, in a file rewritten only when they
# change: the objects depend on it, so `make NO_OMP=1` or `make CC=clang`
# after another build recompiles instead of linking the old objects.
FLAGS_FILE := $(BUILD)/flags
$(FLAGS_FILE): FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(CFLAGS)' | cmp -s - $@ || echo '$(CC) $(CFLAGS)' > $@
FORCE:

# ---- the shared library -----------------------------------------------------
$(BUILD)/obj/%.o: %.c $(FLAGS_FILE) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP $(PKG_CF) -c $< -o $@

$(LIB): $(COMMON_OBJ)
	@rm -f $@
	ar rcs $@ $^

# ---- chapters: one pattern rule ---------------------------------------------
.SECONDEXPANSION:
$(BUILD)/chapter-%: $$(wildcard chapters/%-*/*.[ch]) \
                    $(LIB) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CF) -o $@ $(filter %.c,$^) $(LIB) $(LDLIBS)

chapter-%: | deps
	@if [ -z "$(wildcard chapters/$*-*/main.c)" ]; then \
	  echo "chapter-$*: not written yet (chapters so far: $(CHAPTER_NUMS))"; \
	  exit 2; fi
	@$(MAKE) --no-print-directory NO_DEPS=1 $(BUILD)/chapter-$*
	./$(BUILD)/chapter-$* $(ARGS)

# Chapters 11 and 12 fine-tune the model that chapter 10 pre-trains; Make
# builds it when it is missing (its figures go to build/, not figures/).
MODEL := $(BUILD)/models/tiny-bert
chapter-11 chapter-12: | $(MODEL)/model.safetensors

$(MODEL)/model.safetensors: | deps
	@$(MAKE) --no-print-directory NO_DEPS=1 $(BUILD)/chapter-10
	@echo "Pre-training $(MODEL) first (chapter 10, a few minutes)"
	./$(BUILD)/chapter-10 --quiet --save $(MODEL) --out $(BUILD)/chapter-10

# ---- tests -----------------------------------------------------------------
$(BUILD)/tests/suites.h: $(TEST_SRC) Makefile
	@mkdir -p $(dir $@)
	@{ for s in $(SUITES); do echo "Suite *suite_$$s(void);"; done; \
	   echo "#define ALL_SUITES \\"; \
	   for s in $(SUITES); do echo "    suite_$$s, \\"; done; \
	   echo "    NULL"; } > $@

$(BUILD)/run_tests: tests/run_tests.c tests/testutil.c $(TEST_SRC) \
                    $(BUILD)/tests/suites.h $(LIB) | deps
	$(CC) $(CFLAGS) $(PKG_CF) $(CHECK_CF) -I$(BUILD)/tests -Itests -o $@ \
	  tests/run_tests.c tests/testutil.c $(TEST_SRC) $(LIB) \
	  $(CHECK_LIBS) $(LDLIBS)

check-suites: $(BUILD)/run_tests
	./$(BUILD)/run_tests

smoke: $(CHAPTER_BINS)
	@sh tests/chapters.sh $(BUILD) $(CHAPTER_NUMS)
	@sh tests/chapter07_cli.sh $(BUILD)
	@sh tests/training.sh $(BUILD)

bad-inputs: $(CHAPTER_BINS)
	@sh tests/bad_inputs.sh $(BUILD)

test: | deps
	@$(MAKE) --no-print-directory NO_DEPS=1 check-suites
	@$(MAKE) --no-print-directory NO_DEPS=1 smoke
	@$(MAKE) --no-print-directory NO_DEPS=1 bad-inputs
	@$(MAKE) --no-print-directory NO_DEPS=1 book-check

# The sanitizers make the training tests several times slower: Check's
# per-test time limits are stretched to match. Two builds: the plain C
# paths, every memory access of which the sanitizers see, and the AVX2
# paths that really run (the compiler does not check the loads of a few
# intrinsics, such as broadcasts, but checks the rest).
asan: | deps
	@CK_TIMEOUT_MULTIPLIER=4 $(MAKE) --no-print-directory NO_DEPS=1 \
	  BUILD=build/asan SAN=1 NO_OMP=1 NATIVE=0 check-suites smoke bad-inputs
	@CK_TIMEOUT_MULTIPLIER=4 $(MAKE) --no-print-directory NO_DEPS=1 \
	  BUILD=build/asan-native SAN=1 NO_OMP=1 check-suites smoke bad-inputs

# Only definite leaks count, and only they are shown: OpenMP's worker
# threads are still running at exit, so the thread-local memory glibc gave
# each is "possibly lost" in every run, which is no leak of ours.
MEMCHECK := valgrind -q --error-exitcode=1 --leak-check=full \
            --errors-for-leak-kinds=definite --show-leak-kinds=definite

valgrind: | deps
	@command -v valgrind >/dev/null || { echo "valgrind: not installed" \
	  "(apt-get install valgrind)"; exit 1; }
	@$(MAKE) --no-print-directory NO_DEPS=1 BUILD=build/valgrind NATIVE=0 \
	  DEBUG=1 all
	CK_FORK=no $(MEMCHECK) ./build/valgrind/run_tests
	@VALGRIND="$(MEMCHECK)" sh tests/chapters.sh build/valgrind \
	  $(CHAPTER_NUMS)
	@VALGRIND="$(MEMCHECK)" sh tests/chapter07_cli.sh build/valgrind

# ---- figures, book, benchmark ----------------------------------------------
figures: $(CHAPTER_BINS)
	@for n in $(CHAPTER_NUMS); do \
	  echo "== chapter-$$n"; \
	  ./$(BUILD)/chapter-$$n --quiet --out figures || exit 1; done

book: $(BUILD)/booksync
	./$(BUILD)/booksync --write book.md

book-check: $(BUILD)/booksync
	./$(BUILD)/booksync --check book.md

$(BUILD)/booksync: tools/booksync.c | deps
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O2 -D_POSIX_C_SOURCE=200809L -o $@ $<

# OpenBLAS is the reference when it is installed (libopenblas-dev).
BLAS_CF   = $(shell pkg-config --exists openblas 2>/dev/null && \
              echo -DHAVE_OPENBLAS $$(pkg-config --cflags openblas))
BLAS_LIBS = $(shell pkg-config --exists openblas 2>/dev/null && \
              pkg-config --libs openblas)

$(BUILD)/tests/bench_groups.h: $(BENCH_SRC) Makefile
	@mkdir -p $(dir $@)
	@{ for g in $(BENCH_GROUPS); do echo "void bench_$$g(void);"; done; \
	   echo "#define BENCH_GROUPS \\"; \
	   for g in $(BENCH_GROUPS); do echo "    {\"$$g\", bench_$$g}, \\"; done; \
	   echo ""; } > $@

$(BUILD)/bench: $(BENCH_SRC) $(BUILD)/tests/bench_groups.h $(LIB) | deps
	$(CC) $(CFLAGS) $(PKG_CF) $(BLAS_CF) -Itests/bench -I$(BUILD)/tests \
	  -o $@ $(BENCH_SRC) \
	  $(LIB) $(BLAS_LIBS) $(LDLIBS)

bench: $(BUILD)/bench
	./$(BUILD)/bench $(BENCH)

clean:
	rm -rf build

# Header dependencies of the library's objects (chapters and tests are
# linked from sources that change with their own files or with the library).
-include $(COMMON_OBJ:.o=.d)

# ---- fuzzing: make fuzz [FUZZ_SECONDS=N] ------------------------------------
# Builds every tests/fuzz/fuzz_NAME.c (a libFuzzer target) with clang,
# AddressSanitizer and UBSan, against common/*.c compiled the same way into
# build/fuzz/, and runs each for FUZZ_SECONDS on build/fuzz/corpus_NAME/, a
# copy of its seeds tests/fuzz/corpus_NAME/ (the committed seeds are never
# changed). New inputs stay there; a crash is saved as build/fuzz/NAME-crash-*
# and stops the run: add it to the seeds once it is fixed.
FUZZ_SECONDS ?= 30
FUZZ_CC      ?= clang
FUZZ_CFLAGS  := -std=c11 -g -O1 -fno-omit-frame-pointer \
                -fno-sanitize-recover=all -D_POSIX_C_SOURCE=200809L -Icommon
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
FUZZ_OBJ     := $(COMMON_SRC:%.c=build/fuzz/obj/%.o)

.PHONY: fuzz fuzz-deps

# clang and its sanitizer runtime are needed only here.
fuzz-deps:
ifneq ($(NO_DEPS),1)
	@sh tools/deps.sh clang libclang-rt-14-dev
endif

build/fuzz/obj/%.o: %.c | deps fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
	  $(PKG_CF) -c $< -o $@

build/fuzz/libcommon.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libcommon.a | deps
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined $(PKG_CF) \
	  -o $@ $< build/fuzz/libcommon.a $(PKG_LIBS) -lm

fuzz: $(FUZZ_NAMES:%=build/fuzz/fuzz_%)
	@for n in $(FUZZ_NAMES); do \
	  mkdir -p build/fuzz/corpus_$$n; \
	  if [ -d tests/fuzz/corpus_$$n ]; then \
	    cp tests/fuzz/corpus_$$n/* build/fuzz/corpus_$$n/ 2>/dev/null; fi; \
	  echo "== fuzz_$$n: $(FUZZ_SECONDS) s"; \
	  ./build/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=build/fuzz/$$n- build/fuzz/corpus_$$n || exit 1; \
	done
