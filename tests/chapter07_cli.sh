#!/bin/sh
# chapter07_cli.sh BUILD_DIR: chapter 07's scriptable mode. With
# --vocab FILE --text STR it must print exactly one "token<TAB>id" line per
# WordPiece token and nothing else; bad vocabulary files must exit 1 with
# one "chapter-07: error: " line; --vocab without --text is a usage error.
# The vocabulary is google-research/bert's tokenization_test.py example.
# $VALGRIND, when set, is put in front of every run.
build=${1:-build}
bin="$build/chapter-07"
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tab=$(printf '\t')

ok() { passed=$((passed + 1)); }
fail() { echo "FAIL chapter07_cli: $*"; failed=$((failed + 1)); }

# expect NAME WANT_FILE ARGS...: stdout equals WANT_FILE, exit 0, no stderr
expect() {
    name=$1 want=$2
    shift 2
    if ! $VALGRIND "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; then
        fail "$name: exit status $?"; cat "$tmp/err"; return
    fi
    if ! cmp -s "$tmp/out" "$want"; then
        fail "$name: output differs"; diff "$want" "$tmp/out"; return
    fi
    [ -s "$tmp/err" ] && { fail "$name: wrote to stderr"; return; }
    ok
}

# expect_error NAME STATUS ARGS...: exit STATUS with one error line
expect_error() {
    name=$1 status=$2
    shift 2
    $VALGRIND "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq "$status" ] || { fail "$name: exit $rc, not $status"; return; }
    [ -s "$tmp/out" ] && { fail "$name: wrote to stdout"; return; }
    grep -q "^chapter-07: error: " "$tmp/err" ||
        { fail "$name: no error line"; cat "$tmp/err"; return; }
    [ "$(grep -c '' "$tmp/err")" -le 2 ] ||
        { fail "$name: more than an error and a hint"; return; }
    ok
}

printf '[UNK]\n[CLS]\n[SEP]\nwant\n##want\n##ed\nwa\nun\nrunn\n##ing\n,\n' \
    >"$tmp/vocab.txt"
printf 'un\t7\n##want\t4\n##ed\t5\n,\t10\nrunn\t8\n##ing\t9\n' >"$tmp/want1"
expect "lower-cased, accents stripped" "$tmp/want1" \
    --vocab "$tmp/vocab.txt" --text "$(printf 'UNwant\303\251d,running')"

printf '[UNK]\t0\n,\t10\nrunn\t8\n##ing\t9\n' >"$tmp/want2"
expect "--cased keeps case" "$tmp/want2" --cased \
    --vocab "$tmp/vocab.txt" --text "UNwanted,running"

printf '[UNK]\t0\nrunn\t8\n##ing\t9\n' >"$tmp/want3"
expect "a word with an unknown piece is one [UNK]" "$tmp/want3" \
    --vocab "$tmp/vocab.txt" --text "unwantedX running"

: >"$tmp/empty-out"
expect "empty text, no lines" "$tmp/empty-out" --vocab "$tmp/vocab.txt" \
    --text ""

# CRLF line endings are line endings, not part of the tokens.
printf '[UNK]\r\nhello\r\n' >"$tmp/crlf.txt"
printf 'hello\t1\n' >"$tmp/want4"
expect "CRLF vocabulary" "$tmp/want4" --vocab "$tmp/crlf.txt" --text Hello

# Without --vocab: the vocabulary the chapter learns; only token lines.
if $VALGRIND "$bin" --fast --text "He likes playing." >"$tmp/out" \
    2>"$tmp/err"; then
    if grep -qv "^[^$tab]*$tab[0-9][0-9]*\$" "$tmp/out" || [ -s "$tmp/err" ]
    then
        fail "learned vocabulary: a line that is not token<TAB>id"
        cat "$tmp/out" "$tmp/err"
    elif [ "$(cut -f1 "$tmp/out" | tr '\n' ' ')" != "he likes play ##ing . " ]
    then
        fail "learned vocabulary: tokens differ"; cat "$tmp/out"
    else
        ok
    fi
else
    fail "learned vocabulary: exit status not 0"; cat "$tmp/err"
fi

expect_error "missing vocabulary" 1 --vocab "$tmp/none.txt" --text x
: >"$tmp/empty.txt"
expect_error "empty vocabulary" 1 --vocab "$tmp/empty.txt" --text x
printf '[UNK]\n\377\376\n' >"$tmp/latin.txt"
expect_error "vocabulary not UTF-8" 1 --vocab "$tmp/latin.txt" --text x
printf 'a\nb\n' >"$tmp/nounk.txt"
expect_error "vocabulary without [UNK]" 1 --vocab "$tmp/nounk.txt" --text x
expect_error "a directory" 1 --vocab "$tmp" --text x
expect_error "--vocab without --text" 2 --vocab "$tmp/vocab.txt"

echo "chapter07_cli: $passed passed, $failed failed"
[ $failed -eq 0 ]
