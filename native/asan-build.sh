#!/bin/sh
# Builds the addon with AddressSanitizer + UBSan into build-asan/psnode.node,
# leaving the normal build/ untouched. node-gyp always writes to ./build of
# the project it runs in, so it runs in a staging project under build-asan/
# whose binding.gyp is the real one and whose native/ links to the sources.
#
# Run the result with the ASan runtime preloaded (node itself is not
# instrumented), e.g.:
#   LD_PRELOAD=$(g++ -print-file-name=libasan.so) ASAN_OPTIONS=detect_leaks=0 \
#     node test/native/smoke.mjs build-asan/psnode.node
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
stage="$root/build-asan/project"

node_gyp=${NODE_GYP:-"$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"}
nodedir=$(npm config get nodedir 2>/dev/null || true)
case "$nodedir" in ''|undefined|null) nodedir_arg= ;; *) nodedir_arg="--nodedir=$nodedir" ;; esac

rm -rf "$stage"
mkdir -p "$stage"
cp "$root/binding.gyp" "$stage/"
ln -s "$root/native" "$stage/native"
ln -s "$root/node_modules" "$stage/node_modules"

sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
cd "$stage"
# gyp's Makefiles append the environment's CXXFLAGS/LDFLAGS to their own.
CXXFLAGS="$sanitize" LDFLAGS="-fsanitize=address,undefined" \
  node "$node_gyp" rebuild $nodedir_arg
cp build/Release/psnode.node "$root/build-asan/psnode.node"
echo "built $root/build-asan/psnode.node"
