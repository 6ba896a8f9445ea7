#!/usr/bin/env bash
# Make a local stand-in for the python:3.11-slim base image where no image registry is
# reachable: Debian bookworm from debootstrap with Debian's Python 3.11, pip and venv, committed
# as localhost/python:3.11-slim so that the unmodified Dockerfile's `FROM python:3.11-slim`
# resolves to it. Needs root, debootstrap and buildah; uses only Debian's package mirror.
set -euo pipefail
MIRROR=${MIRROR:-http://deb.debian.org/debian}
TAG=${TAG:-localhost/python:3.11-slim}
root=$(mktemp -d /var/tmp/reelqa-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
    bookworm "$root" "$MIRROR"
# python:3.11-slim has `python` on PATH; Debian names it python3.
ln -sf /usr/bin/python3 "$root/usr/local/bin/python"
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
ctr=$(buildah from scratch)
mnt=$(buildah mount "$ctr")
cp -a "$root"/. "$mnt"/
buildah umount "$ctr"
buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env LANG=C.UTF-8 --cmd python3 "$ctr"
buildah commit --rm "$ctr" "$TAG"
echo "base image: $TAG"
