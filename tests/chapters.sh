#!/bin/sh
# chapters.sh BUILD_DIR NN...: the smoke test of every chapter program.
# Each chapter must: run with --fast --quiet into a fresh directory and exit
# 0, leaving only valid PNG figures (and plot data) with no temporary files;
# print its help and exit 0; exit 2 on an unknown flag and on a bad number;
# exit 1 with one "error:" line when --out cannot be written.
# $VALGRIND, when set, is put in front of every run.
build=$1
shift
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL chapter-$n: $*"; failed=$((failed + 1)); ok=0; }

for n in "$@"; do
    bin="$build/chapter-$n"
    ok=1
    out="$tmp/$n"
    mkdir -p "$out"
    if ! $VALGRIND "$bin" --fast --quiet --out "$out" >"$tmp/log" 2>&1; then
        # enough lines to reach the cause above a sanitizer's or
        # valgrind's summary
        fail "--fast run failed:"; tail -40 "$tmp/log"
    fi
    for f in "$out"/*.png; do
        [ -e "$f" ] || continue
        magic=$(od -An -tx1 -N8 "$f" | tr -d ' \n')
        [ "$magic" = 89504e470d0a1a0a ] || fail "$f is not a PNG"
    done
    ls "$out" | grep -q '\.tmp\.' && fail "temporary file left in --out"
    "$bin" --help >/dev/null 2>&1 || fail "--help did not exit 0"
    "$bin" --no-such-flag >/dev/null 2>"$tmp/err"
    [ $? -eq 2 ] || fail "unknown flag did not exit 2"
    "$bin" --seed abc >/dev/null 2>"$tmp/err"
    [ $? -eq 2 ] || fail "--seed abc did not exit 2"
    "$bin" --fast --quiet --out /dev/null/x >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] || fail "unwritable --out exited $rc, not 1"
    grep -q "chapter-$n: error: " "$tmp/err" || fail "no error line for --out"
    [ $ok -eq 1 ] && { echo "ok chapter-$n"; passed=$((passed + 1)); }
done
echo "smoke: $passed passed, $failed failed"
[ $failed -eq 0 ]
