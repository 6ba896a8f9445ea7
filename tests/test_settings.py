"""Settings from the environment and .env, with one clear line per bad value."""

from __future__ import annotations

from pathlib import Path

import pytest
from reelqa.config.errors import ReelqaError
from reelqa.config.settings import BUNDLED_MODEL, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("REELQA_TOP_K", "REELQA_INDEX_DIR", "DISCORD_TOKEN", "REELQA_DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults() -> None:
    s = load_settings()
    assert (s.corpus_dir, s.index_dir, s.embedding_model, s.top_k) == (
        Path("corpus"), Path(".reelqa/index"), BUNDLED_MODEL, 5)
    assert s.retrieval.per_review == 2 and s.discord_token is None


def test_environment_nested_values_and_overrides(monkeypatch) -> None:
    monkeypatch.setenv("REELQA_TOP_K", "7")
    monkeypatch.setenv("REELQA_RETRIEVAL__PER_REVIEW", "3")
    monkeypatch.setenv("REELQA_DISCORD_GUILD_IDS", "11, 22")
    s = load_settings(index_dir=Path("x"))
    assert (s.top_k, s.retrieval.per_review, s.discord_guild_ids, s.index_dir) == (7, 3, (11, 22), Path("x"))
    assert load_settings(top_k=2).top_k == 2


def test_dotenv_and_plain_discord_token(tmp_path) -> None:
    (tmp_path / ".env").write_text("DISCORD_TOKEN=abc.def\nREELQA_CORPUS_DIR=reviews\n")
    s = load_settings()
    assert s.discord_token is not None and s.discord_token.get_secret_value() == "abc.def"
    assert s.corpus_dir == Path("reviews")
    assert "abc.def" not in repr(s)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("REELQA_TOP_K", "many", "invalid setting REELQA_TOP_K: Input should be a valid integer"),
        ("REELQA_TOP_K", "0", "invalid setting REELQA_TOP_K: Input should be greater than or equal to 1"),
        ("REELQA_RETRIEVAL__FUSION", "magic", "invalid setting REELQA_RETRIEVAL__FUSION: Input should be 'weighted' or 'rrf'"),
        ("REELQA_EMBEDDING_MODEL", " ", "invalid setting REELQA_EMBEDDING_MODEL: Value error, must name"),
        ("REELQA_DISCORD_GUILD_IDS", "1,x", "invalid setting REELQA_DISCORD_GUILD_IDS (item 2): Input should be a valid integer"),
    ],
)
def test_invalid_values_name_the_variable(monkeypatch, name, value, message) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ReelqaError) as caught:
        load_settings()
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_shards_metrics_and_log_format(monkeypatch) -> None:
    monkeypatch.setenv("REELQA_DISCORD_SHARD_COUNT", "4")
    monkeypatch.setenv("REELQA_DISCORD_SHARD_IDS", "3, 1")
    monkeypatch.setenv("REELQA_METRICS_PORT", "9108")
    monkeypatch.setenv("REELQA_LOG_FORMAT", "json")
    s = load_settings()
    d = s.discord()
    assert (d.shard_count, d.shard_ids, d.metrics_port, d.log_questions) == (4, (1, 3), 9108, False)
    assert s.log_format == "json"


@pytest.mark.parametrize(("env", "message"), [
    ({"REELQA_DISCORD_SHARD_IDS": "0"},
     "invalid settings: REELQA_DISCORD_SHARD_IDS needs REELQA_DISCORD_SHARD_COUNT"),
    ({"REELQA_DISCORD_SHARD_IDS": "2", "REELQA_DISCORD_SHARD_COUNT": "2"},
     "invalid settings: REELQA_DISCORD_SHARD_IDS must be distinct numbers from 0 to 1 "
     "(REELQA_DISCORD_SHARD_COUNT is 2)"),
    ({"REELQA_DISCORD_SHARD_IDS": "x"}, "invalid setting REELQA_DISCORD_SHARD_IDS (item 1)"),
    ({"REELQA_LOG_FORMAT": "xml"}, "invalid setting REELQA_LOG_FORMAT"),
    ({"REELQA_METRICS_PORT": "70000"}, "invalid setting REELQA_METRICS_PORT"),
])
def test_bad_shard_and_metrics_settings_are_one_line(monkeypatch, env, message) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ReelqaError) as caught:
        load_settings()
    assert str(caught.value).startswith(message)
