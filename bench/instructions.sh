#!/bin/sh
# Instructions a command executes (valgrind), repeatable on a loaded machine where
# wall-clock time is not. Compare builds by the difference between a pass and
# `--docs 0:0` (start-up alone):
#   bench/instructions.sh node bench/out/pass.js --docs 0:180
valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
