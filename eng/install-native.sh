#!/usr/bin/env bash
# Installs the native pieces of the vision stack (run from the repository root; idempotent):
#   .tools/onnxruntime/libonnxruntime.so.1  ONNX Runtime, taken out of the npm package onnxruntime-node
#   native/build/libemotecare_vision.so     the C++ shim over Debian's OpenCV
# Needs the Debian packages cmake g++ libopencv-dev nodejs npm (eng/install-deps.sh installs them).
set -euo pipefail

ORT_VERSION=1.30.0
ORT_DIR=.tools/onnxruntime
ORT_LIB=$ORT_DIR/libonnxruntime.so.1
# sha256 of the library inside onnxruntime-node-1.30.0.tgz, per architecture.
declare -A ORT_SHA256=(
  [x64]=ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23
)

if [[ ! -f EmoteCare.sln ]]; then
  echo "run $0 from the repository root" >&2
  exit 1
fi

for tool in npm tar sha256sum cmake g++; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: run eng/install-deps.sh first" >&2; exit 1; }
done

case "$(uname -m)" in
  x86_64) ORT_ARCH=x64 ;;
  aarch64) ORT_ARCH=arm64 ;;
  *) echo "no ONNX Runtime build in onnxruntime-node for $(uname -m)" >&2; exit 1 ;;
esac

if [[ -f $ORT_LIB && "$(cat "$ORT_DIR/VERSION" 2>/dev/null)" == "$ORT_VERSION-$ORT_ARCH" ]]; then
  echo "onnxruntime $ORT_VERSION already in $ORT_DIR"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "fetching onnxruntime-node@$ORT_VERSION with npm pack"
  # npm pack only downloads the tarball (checked against the registry's integrity hash); no install scripts run.
  (cd "$tmp" && npm pack --silent --ignore-scripts "onnxruntime-node@$ORT_VERSION" >/dev/null)
  member=package/bin/napi-v6/linux/$ORT_ARCH/libonnxruntime.so.1
  tar -xzf "$tmp/onnxruntime-node-$ORT_VERSION.tgz" -C "$tmp" "$member"
  mkdir -p "$ORT_DIR"
  if [[ -n "${ORT_SHA256[$ORT_ARCH]:-}" ]]; then
    echo "${ORT_SHA256[$ORT_ARCH]}  $tmp/$member" | sha256sum --check --quiet
  fi
  install -m 0644 "$tmp/$member" "$ORT_LIB.partial"
  mv -f "$ORT_LIB.partial" "$ORT_LIB"
  echo "$ORT_VERSION-$ORT_ARCH" > "$ORT_DIR/VERSION"
  echo "installed $ORT_LIB"
fi

cmake -S native -B native/build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build native/build --parallel 2
echo "built native/build/libemotecare_vision.so"
