"""The film commands of `reelqa`: `films` (the list), `credits FILM` and `film FILM` (the card)."""

from __future__ import annotations

import argparse
import json

from reelqa.config.settings import Settings


def cmd_films(args: argparse.Namespace, settings: Settings) -> int:
    from reelqa.bot.terminal.render import render_films
    from reelqa.index.engine import list_films

    films = list_films(settings.index_dir)
    if args.json:
        print(json.dumps([f.to_dict() for f in films], ensure_ascii=False))
    else:
        print(render_films(films))
    return 0


def cmd_credits(args: argparse.Namespace, settings: Settings) -> int:
    from reelqa.bot.terminal.render import render_credits
    from reelqa.index.credits.store import film_json
    from reelqa.index.engine import read_credits

    found = read_credits(settings.index_dir, args.film)
    print(json.dumps(film_json(found, full=False, everything=args.all), ensure_ascii=False)
          if args.json else render_credits(found, everything=args.all))
    return 0


def cmd_film(args: argparse.Namespace, settings: Settings) -> int:
    from reelqa.bot.terminal.card import render_card
    from reelqa.index.engine import open_engine

    card = open_engine(settings).card(args.film)
    print(json.dumps(card.to_dict(), ensure_ascii=False) if args.json else render_card(card))
    return 0
