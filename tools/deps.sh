#!/bin/sh
# deps.sh: install the Debian packages the build needs, only when some are
# missing. Usage: tools/deps.sh [EXTRA_PACKAGE ...]
# It looks with pkg-config and `command -v`, says what it will install, then
# runs one `apt-get install -y` line (through sudo when not root). On a
# system without apt-get it prints the list and stops with status 1.
set -eu

missing=""
need() { missing="$missing $1"; }
have() { command -v "$1" >/dev/null 2>&1; }

have cc && have make || need build-essential
if have pkg-config; then
    pkg-config --exists check || need check
    pkg-config --exists libpng || need libpng-dev
    pkg-config --exists libutf8proc || need libutf8proc-dev
    pkg-config --exists libcjson || need libcjson-dev
else
    need "pkg-config check libpng-dev libutf8proc-dev libcjson-dev"
fi
# gnuplot draws the line plots; chapters still succeed without it.
have gnuplot || need gnuplot-nox
for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need "$pkg"
done

[ -z "$missing" ] && exit 0

echo "deps: missing Debian packages:$missing"
if ! have apt-get; then
    echo "deps: no apt-get here; install the packages above with your" \
         "package manager, then run make again (or NO_DEPS=1)" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
    if have sudo; then
        sudo="sudo"
    else
        echo "deps: not root and no sudo; run as root:" \
             "apt-get install -y$missing" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! ls /var/lib/apt/lists/ 2>/dev/null | grep -q Packages; then
    echo "deps: apt-get update (the package lists are empty)"
    $sudo apt-get update -qq
fi
echo "deps: apt-get install -y$missing"
# shellcheck disable=SC2086
if ! $sudo apt-get install -y -qq $missing; then
    echo "deps: install failed; refreshing the package lists and retrying"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq $missing
fi
