#!/usr/bin/env bash
# Build the project's Dockerfile with buildah (no Docker engine needed) from the source tree
# SRC, against the local base image of make-base.sh. torch comes from a local wheel folder
# (WHEELS, default /opt/wheels: its 2.13.0+cpu outranks PyPI's 2.13.0, and the Dockerfile
# fails the build if a CUDA torch got in) instead of download.pytorch.org; the rest comes from
# PyPI through the host's pip configuration and CA bundle, mounted for the build only. torch is
# used by the first stage only (to export the model to ONNX); the image runs without it. The
# image is written in the docker format, which keeps the Dockerfile's HEALTHCHECK (the OCI
# format has no health check and buildah would drop it).
set -euo pipefail
SRC=${1:?usage: build.sh SRC [TAG]}
TAG=${2:-localhost/reelqa:latest}
WHEELS=${WHEELS:-/opt/wheels}
mounts=(-v "$WHEELS:/mnt:ro")
for f in /etc/pip.conf /etc/ssl/certs/ca-certificates.crt; do
    [[ -f $f ]] && mounts+=(-v "$f:$f:ro")
done
buildah build --pull=never --layers --isolation chroot --network host --format docker \
    "${mounts[@]}" \
    --build-arg TORCH_PIP_ARGS="--find-links /mnt" \
    -t "$TAG" "$SRC"
buildah images "$TAG"
