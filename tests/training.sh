#!/bin/sh
# training.sh BUILD_DIR: the short trainings of chapters 08 and 09 must lower
# their loss. After training each chapter prints one line such as
#   MLM loss: 5.197 over the first tenth of training, 4.812 over the last ...
# and the number after "the first tenth" must exceed the last one by more
# than 0.1. Chapter 08 runs with --fast; chapter 09 learns a few hundred
# pairs by heart (a tiny corpus, many passes), which a working
# backward pass does in a second and a broken one never does. Then chapter
# 10's checkpoint must load in chapters 08 and 09.
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

check() { # check NAME LOG: the loss line of LOG must show a clear fall
    line=$(grep "^$1 loss: " "$2")
    if [ -z "$line" ]; then
        echo "FAIL $1: no \"$1 loss:\" line"; tail -5 "$2"
        failed=$((failed + 1)); return
    fi
    if echo "$line" | awk '{ f = $3; l = $10; exit !(f - l > 0.1) }'; then
        echo "ok $1: $line"
    else
        echo "FAIL $1: the loss did not fall: $line"
        failed=$((failed + 1))
    fi
}

"$build/chapter-08" --fast --out "$tmp/08" >"$tmp/08.log" 2>&1 ||
    { echo "FAIL chapter-08 exited $?"; failed=$((failed + 1)); }
check MLM "$tmp/08.log"
"$build/chapter-09" --docs 40 --steps 150 --batch 16 --hidden 32 \
    --out "$tmp/09" >"$tmp/09.log" 2>&1 ||
    { echo "FAIL chapter-09 exited $?"; failed=$((failed + 1)); }
check NSP "$tmp/09.log"

# Chapter 10 writes a checkpoint that chapters 08 and 09 read with --model:
# fill-mask prints its three candidates, next sentence prediction P(IsNext).
"$build/chapter-10" --fast --quiet --out "$tmp/10" >"$tmp/10.log" 2>&1 ||
    { echo "FAIL chapter-10 exited $?"; failed=$((failed + 1)); }
model="$tmp/10/tiny-bert-fast"
"$build/chapter-08" --model "$model" --text "Rome is the [MASK] of Italy." \
    --top-k 3 --out "$tmp/08m" >"$tmp/08m.log" 2>&1 ||
    { echo "FAIL chapter-08 --model exited $?"; failed=$((failed + 1)); }
if [ "$(grep -c '^ *[123]\. ' "$tmp/08m.log")" -eq 3 ]; then
    echo "ok chapter-08 fills the mask with chapter 10's checkpoint"
else
    echo "FAIL chapter-08 --model: no three candidates"; tail -5 "$tmp/08m.log"
    failed=$((failed + 1))
fi
"$build/chapter-09" --model "$model" --text-a "Rome is in Italy." \
    --text-b "It is old." --out "$tmp/09m" >"$tmp/09m.log" 2>&1 ||
    { echo "FAIL chapter-09 --model exited $?"; failed=$((failed + 1)); }
if grep -q "P(IsNext) = 0\.[0-9]" "$tmp/09m.log"; then
    echo "ok chapter-09 reads chapter 10's checkpoint"
else
    echo "FAIL chapter-09 --model: no P(IsNext)"; tail -5 "$tmp/09m.log"
    failed=$((failed + 1))
fi
[ $failed -eq 0 ]
