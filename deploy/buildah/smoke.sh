#!/usr/bin/env bash
# Prove the image: with no network, as the image's own non-root user, it builds the index of
# the shipped corpus and answers a question from it with the ONNX encoder; torch is not in it,
# the model's export is; the HEALTHCHECK survived the build; no token, no .env file and no apt
# lists are in the image; and it is at most 700 MB. With FAKE_PYTHON (a Python that has the
# repository's test dependencies, e.g. .venv/bin/python, run from the repository's root), the
# image's bot also connects to the fake Discord on a loopback-only network, answers /ask, and
# its HEALTHCHECK command passes once /readyz says ready.
#
# The image runs in a buildah container (chroot isolation, the image's USER, Env and WORKDIR)
# inside a new, empty network namespace (`unshare --net`: only a downed loopback). On an
# ordinary host `podman run --rm --network=none -v reelqa-data:/data IMAGE index build` does
# the same; in sandboxes without CAP_SYS_RESOURCE, runc cannot set the rlimits of a non-root
# container process and podman refuses to start it.
set -euo pipefail
TAG=${1:-localhost/reelqa:latest}
MAX_MB=${MAX_MB:-700}
ctr=$(buildah from --pull=never "$TAG")
trap 'buildah rm "$ctr" >/dev/null' EXIT
run() { unshare --net buildah run --isolation chroot "$ctr" -- "$@"; }
echo "--- user, network, no torch, the model and its ONNX export"
run python -c "import os, socket, importlib.util as u; \
from reelqa.index.store.embedding import bundled_model_path as p; s = socket.socket(); \
s.settimeout(2); print('uid', os.getuid(), '| connect to 151.101.1.1:443 ->', \
os.strerror(s.connect_ex(('151.101.1.1', 443))), '| torch', \
'installed' if u.find_spec('torch') else 'not installed', '| model', p(), '| export', \
sorted(str(f) for f in __import__('pathlib').Path(os.environ['REELQA_EMBEDDING_CACHE_DIR']).rglob('*.onnx')))"
if run python -c "import torch" 2>/dev/null; then echo "torch is in the image"; exit 1; fi
echo "--- reelqa index build"
run reelqa index build
echo "--- reelqa ask"
run reelqa ask "who voices Jay?"
echo "--- another backend says what it needs, in one line"
if out=$(run env REELQA_EMBEDDING_BACKEND=onnx REELQA_EMBEDDING_CACHE_DIR=/tmp/cache \
        REELQA_INDEX_DIR=/tmp/other reelqa index build 2>&1); then
    echo "an export without torch should have failed"; exit 1
fi
echo "$out" | grep '^reelqa: error:'
echo "--- no .env file, no apt lists"
found=$(run sh -c 'find / -xdev \( -name ".env" -o -name ".env.*" \) -print 2>/dev/null; \
find /var/lib/apt/lists /var/cache/apt -mindepth 1 2>/dev/null' || true)
if [[ -n $found ]]; then echo "found: $found"; exit 1; fi
echo "none"
echo "--- no token in the image configuration"
if buildah inspect --type image "$TAG" | grep -i -E 'TOKEN=[^"]'; then
    echo "a token is in the image"; exit 1
fi
echo "none"
echo "--- health check kept (docker format)"
health=$(buildah inspect --type image --format '{{.Docker.Config.Healthcheck}}' "$TAG")
if [[ $health != *readyz* ]]; then echo "no HEALTHCHECK in the image: $health"; exit 1; fi
echo "$health"
echo "$(buildah inspect --type image --format 'user {{.OCIv1.Config.User}}, entrypoint {{.OCIv1.Config.Entrypoint}}' "$TAG")"
bytes=$(buildah inspect --type image --format '{{.ImageSize}}' "$TAG" 2>/dev/null || echo 0)
buildah images --format 'image {{.Name}}:{{.Tag}} {{.Size}}' "$TAG"
if [[ $bytes -gt $((MAX_MB * 1000 * 1000)) ]]; then
    echo "the image is $((bytes / 1000000)) MB, over $MAX_MB MB"; exit 1
fi
if [[ -n ${FAKE_PYTHON:-} ]]; then
    echo "--- the bot against the fake Discord, on a loopback-only network; its HEALTHCHECK"
    check=$(buildah inspect --type image --format '{{range .Docker.Config.Healthcheck.Test}}{{.}}
{{end}}' "$TAG" | sed -n '4p')
    unshare --net bash -c '
        set -euo pipefail
        ip link set lo up
        "$0" -m tests.fakediscord.standalone --port 18080 --metrics 9108 --linger 20 \
            > /tmp/reelqa-smoke-fake.log 2>&1 &
        fake=$!
        sleep 1
        setsid buildah run --isolation chroot \
            --env REELQA_DISCORD_TOKEN=fake.bot-token.for-tests-only-3f9c1a \
            --env REELQA_DISCORD_API_BASE=http://127.0.0.1:18080/api/v10 \
            --env REELQA_DISCORD_GATEWAY_URL=ws://127.0.0.1:18080/gateway \
            --env REELQA_INDEX_DIR=/data/index "$1" -- reelqa bot 2>/tmp/reelqa-smoke-bot.log &
        bot=$!
        for _ in $(seq 240); do grep -q "^answered" /tmp/reelqa-smoke-fake.log && break; sleep 0.5; done
        cat /tmp/reelqa-smoke-fake.log
        code=0
        echo -n "HEALTHCHECK: "
        buildah run --isolation chroot "$1" -- python -c "$2" || code=1
        wait "$fake" || code=1
        kill -TERM -- "-$bot" 2>/dev/null || true  # its process group: buildah and the bot
        wait "$bot" || true
        grep -E "question:|disconnected cleanly" /tmp/reelqa-smoke-bot.log
        exit "$code"
    ' "$FAKE_PYTHON" "$ctr" "$check"
fi
