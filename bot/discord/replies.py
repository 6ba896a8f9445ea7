"""Sending what the bot has to say: replies to messages, private notices, errors to the asker,
and where an unexpected failure is logged."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from reelqa.bot.discord.render import Reply, render_notice

log = logging.getLogger("reelqa.discord")


async def fail(interaction: discord.Interaction, text: str, private: bool) -> None:
    """Tell only the asker; a public deferred response is removed first."""
    notice = render_notice(text).content
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(notice, ephemeral=True)
        elif private:
            await interaction.edit_original_response(content=notice, embeds=[], view=None)
        else:
            await interaction.delete_original_response()
            await interaction.followup.send(notice, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("could not send the error notice (HTTP %s)", exc.status)


async def reply_to(message: discord.Message, reply: Reply) -> discord.Message | None:
    """Reply to a message (never pinging its author); None when Discord refused."""
    try:
        return await message.reply(reply.content, embeds=embeds_of(reply),
                                   view=view_of(reply), mention_author=False)
    except discord.HTTPException as exc:
        log.warning("could not reply to a message (HTTP %s)", exc.status)
        return None


async def tell_privately(message: discord.Message, text: str) -> None:
    """A short notice only the author sees: in their DMs (a reply there, or a direct message
    after a mention in a server); a reply that soon deletes itself if DMs are closed."""
    if message.guild is None:
        await reply_to(message, render_notice(text))
        return
    try:
        await message.author.send(render_notice(text).content)
    except discord.HTTPException:
        try:
            await message.reply(render_notice(text).content, mention_author=False,
                                delete_after=10)
        except discord.HTTPException as exc:
            log.warning("could not send a private notice (HTTP %s)", exc.status)


def embeds_of(reply: Reply) -> list[discord.Embed]:
    return [discord.Embed.from_dict(e) for e in reply.embeds]


def view_of(reply: Reply) -> discord.ui.View:
    """The reply's buttons as a view; an empty view clears a message's buttons."""
    from reelqa.bot.discord.components import view_of as build

    return build(reply)


def log_failure(what: str, exc: BaseException) -> None:
    """Log where `exc` happened (type and stack), never its message: it may hold user text or
    secrets."""
    import traceback

    original = exc.original if isinstance(exc, app_commands.CommandInvokeError) else exc
    stack = "".join(traceback.format_tb(original.__traceback__))
    log.error("error %s: %s\n%s", what, type(original).__name__, stack.rstrip())
