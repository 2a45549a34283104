# tests/lib.sh - the set-up the shell tests share; sourced (`. tests/lib.sh`)
# from the repository root.  BUILD names the build dir (build/check and
# build/valgrind sit one level deeper than build/, hence WATTIF_DATA);
# W is the wattif binary; $tmp is removed on exit; ok/ko count results.
set -u
BUILD=${BUILD:-build}
W="$BUILD/wattif"
WATTIF_DATA=${WATTIF_DATA:-$(pwd)}
export WATTIF_DATA
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
# "ulimit -v KB;" to bound a command's memory, except under a sanitizer
# (ASan reserves terabytes of address space for its shadow memory)
memlimit() { [ -n "${SANITIZER:-}" ] || echo "ulimit -v $1;"; }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
