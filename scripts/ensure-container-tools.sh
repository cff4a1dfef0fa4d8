#!/usr/bin/env bash
# The image test builds and runs the container image with Debian's podman (runc) and mmdebstrap. Before
# `npm test`: install them when missing and we are root with apt-get; otherwise stop with one line saying how.
set -u
missing=()
for tool in podman buildah mmdebstrap runc; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "the image test needs ${missing[*]}: installing Debian's podman, buildah, mmdebstrap, runc (apt-get)…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah mmdebstrap runc >/dev/null) && exit 0
fi
echo "the image test needs ${missing[*]}: run 'sudo apt-get install -y podman buildah mmdebstrap runc', then npm test again" >&2
exit 1
