#!/usr/bin/env bash
# Installs the Debian 12 packages Picket builds and tests with. Idempotent: when every package is
# already present it only checks and prints nothing but a one-line confirmation.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev
  libzmq3-dev cppzmq-dev
  libprotobuf-dev protobuf-compiler
  libgeographiclib-dev
  libboost-dev
  libyaml-cpp-dev
  nlohmann-json3-dev
  libgtest-dev libgmock-dev
  libpugixml-dev   # tests only: parses the Cursor-on-Target XML that cot-bridge writes
  libbenchmark-dev
  libgoogle-perftools-dev   # tcmalloc_minimal for fusiond and fusion-replay (PICKET_TCMALLOC)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
