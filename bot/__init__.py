"""The front ends: the `reelqa` command line and the Discord bot, over `reelqa.index`.

They parse input, call the engine and render its results. `terminal` and `discord` hold the
renderers (pure functions) and, for Discord, the client; only `discord` imports discord.py.
"""
