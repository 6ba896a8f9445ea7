#!/usr/bin/env bash
# Prove the image: with no network, as the image's own non-root user, it builds the index of
# the shipped corpus and answers a question from it; torch is the CPU build, the model is
# inside, and no token is in the image's configuration.
#
# The image runs in a buildah container (chroot isolation, the image's USER, Env and WORKDIR)
# inside a new, empty network namespace (`unshare --net`: only a downed loopback). On an
# ordinary host `podman run --rm --network=none -v reelqa-data:/data IMAGE index build` does
# the same; in sandboxes without CAP_SYS_RESOURCE, runc cannot set the rlimits of a non-root
# container process and podman refuses to start it.
set -euo pipefail
TAG=${1:-localhost/reelqa:latest}
ctr=$(buildah from --pull=never "$TAG")
trap 'buildah rm "$ctr" >/dev/null' EXIT
run() { unshare --net buildah run --isolation chroot "$ctr" -- "$@"; }
echo "--- user, network, torch build, bundled model"
run python -c "import os, socket, torch; from reelqa.index.store.embedding import \
bundled_model_path as p; s = socket.socket(); s.settimeout(2); \
print('uid', os.getuid(), '| connect to 151.101.1.1:443 ->', os.strerror(s.connect_ex(('151.101.1.1', 443))), \
'| torch', torch.__version__, 'cuda', torch.version.cuda, '| model', p())"
echo "--- reelqa index build"
run reelqa index build
echo "--- reelqa ask"
run reelqa ask "who voices Jay?"
echo "--- no token in the image configuration"
if buildah inspect --type image "$TAG" | grep -i -E 'TOKEN=[^"]'; then
    echo "a token is in the image"; exit 1
fi
echo "none"
buildah inspect --type image --format 'user {{.OCIv1.Config.User}}, entrypoint {{.OCIv1.Config.Entrypoint}}\n' "$TAG"
buildah images --format 'image {{.Name}}:{{.Tag}} {{.Size}}' "$TAG"
