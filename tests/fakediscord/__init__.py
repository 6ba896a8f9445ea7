"""A fake Discord for end-to-end tests: REST v10 and gateway on 127.0.0.1, recording all."""

from tests.fakediscord.payloads import APP_ID, BOT_ID, GUILD_ID
from tests.fakediscord.server import TOKEN, Call, FakeDiscord, Sent

__all__ = ["APP_ID", "BOT_ID", "GUILD_ID", "TOKEN", "Call", "FakeDiscord", "Sent"]
