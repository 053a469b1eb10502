#!/usr/bin/env bash
# Installs the Debian packages EmoteCare needs, only those missing. Works as root or through sudo.
set -euo pipefail

packages=(
  postgresql            # project-local database server (initdb, pg_ctl)
  openssl               # run.sh creates the certificate that encrypts the key ring
  opencv-data           # Haar cascades under /usr/share/opencv4/haarcascades
  # Shared libraries that OpenCvSharp4.official.runtime.linux-x64's libOpenCvSharpExtern.so links
  # (OpenCV itself is inside it; its highgui module pulls in GTK 3); ONNX Runtime needs nothing beyond libc.
  libgtk-3-0 libfreetype6 libharfbuzz0b libdrm2 libatomic1
  nodejs npm            # fetches @microsoft/signalr and the web app's packages
  python3-opencv        # the Python comparison benchmark
  python3-onnx          # lets that benchmark hand cv2.dnn a model at an opset OpenCV 4.6 reads
  chromium              # the browser the end-to-end tests drive
  coturn                # TURN server: the call tests relay through one they start (the binary only, no service)
)

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is missing: install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run again." >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
# A Node.js that did not come from Debian (nodesource, nvm) is fine as long as npm works.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs/}")
  missing=("${missing[@]/npm/}")
fi
read -r -a missing <<<"${missing[*]}"

if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null 2>&1 || { echo "Installing ${missing[*]} needs root: run as root or install sudo." >&2; exit 1; }
  sudo=(sudo)
fi

echo "Installing Debian packages: ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
