"""reelqa's front ends: the `reelqa` command line and the Discord bot."""
