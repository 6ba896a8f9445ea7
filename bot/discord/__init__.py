"""The Discord front end: the client and its process (`app`, `run`, the only modules that
import discord.py), and pure helpers for rendering (`render`, `text`) and pacing (`guard`)."""
