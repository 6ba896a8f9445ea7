"""The `reelqa` command line: a thin layer where each subcommand calls one library function."""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from contextlib import suppress
from pathlib import Path

from reelqa.bot.limits import question_problem
from reelqa.bot.logs import setup_cli_logging
from reelqa.bot.terminal.films import cmd_credits, cmd_film, cmd_films
from reelqa.config.errors import ReelqaError
from reelqa.config.settings import Settings, load_settings

EPILOG = """\
settings come from REELQA_* environment variables or a .env file (see README);
command-line flags override them. Examples:
  reelqa index build                      build the index from ./corpus
  reelqa ask "who voices Jay?"            cited passages for a question
  reelqa ask "who voices Jay?" --json     the same as JSON
  reelqa films                            the films in the index
  reelqa credits "Lost in Starlight"      who its reviews credit, with support
  reelqa film "Lost in Starlight"         the film card: year, lean, cast, story, verdicts
  reelqa eval questions.jsonl             hit@k, exact match, F1, abstention, latency
  reelqa feedback export --json           the votes given to the bot's answers
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="reelqa",
        description="Answer questions about films from a corpus of reviews, citing every passage.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    index = commands.add_parser("index", help="build the search index").add_subparsers(
        dest="index_command", required=True, metavar="ACTION"
    )
    build = index.add_parser("build", help="embed the corpus and write the index (FAISS + BM25)",
                             description="Read every review under the corpus folders, split it "
                             "into passages, embed the new or changed ones and publish a new "
                             "index version. The previous version is replaced only when the "
                             "build succeeds; one build at a time.")
    build.add_argument("--corpus", type=Path, action="append", metavar="PATH",
                       help="corpus folder or file; repeat for several (default REELQA_CORPUS_DIR "
                       "or ./corpus)")
    _index_flag(build)
    build.add_argument("--model", metavar="NAME", help="embedding model, a sentence-transformers "
                       "name or folder (default REELQA_EMBEDDING_MODEL or the bundled MiniLM)")
    build.add_argument("--strict", action="store_true",
                       help="fail on the first bad record instead of skipping and listing them")
    build.add_argument("--rebuild", action="store_true",
                       help="embed every passage again instead of reusing the vectors of "
                       "unchanged ones from the current index")
    build.add_argument("--ray", nargs="?", const="", metavar="ADDRESS",
                       help="encode the sentences on a Ray cluster (pip install 'reelqa[ray]'): "
                       "the one at ADDRESS (host:port, ray://host:port or auto), else the one "
                       "RAY_ADDRESS names, else a local one on this machine's cores; the index is "
                       "the same as a local build's (docs/ray.md)")
    build.set_defaults(handler=cmd_index_build)
    info = index.add_parser("info", help="what the index holds: counts, films, model, build "
                            "time, size on disk")
    info.add_argument("--json", action="store_true", help="print the figures as JSON")
    _index_flag(info)
    info.set_defaults(handler=cmd_index_info)
    verify = index.add_parser("verify", help="check the index is whole (exit 0) or say why not "
                              "(exit 1)", description="Check the manifest, every checksum and "
                              "the cross-references: passages to reviews, one vector per "
                              "sentence, the FAISS header, the BM25 index and the credits.")
    _index_flag(verify)
    verify.set_defaults(handler=cmd_index_verify)

    ask = commands.add_parser("ask", help="show the review passages that answer a question",
                              description="Search the index and print the best passages with "
                              "their citations.")
    ask.add_argument("question", nargs="?", help="the question, in quotes (at most 300 characters)")
    ask.add_argument("--film", metavar="F", help="only this film (title, any case, or film id)")
    ask.add_argument("--top-k", type=_positive, metavar="N",
                     help="how many passages (default REELQA_TOP_K or 5)")
    ask.add_argument("--json", action="store_true", help="print the result as JSON")
    ask.add_argument("--batch", metavar="FILE", help="answer every JSONL line "
                     '{"question": ..., "film": ...} of FILE (- for stdin), one JSON line each')
    _index_flag(ask)
    ask.set_defaults(handler=cmd_ask)

    films = commands.add_parser("films", help="list the films in the index")
    films.add_argument("--json", action="store_true", help="print the list as JSON")
    _index_flag(films)
    films.set_defaults(handler=cmd_films)

    credits = commands.add_parser(
        "credits", help="who the reviews credit in a film, with support and citations",
        description="List a film's credits as its reviews state them (actor, voice, director, "
        "writer, composer, cinematographer, editor, producer), each with how many reviews say "
        "so and the sentences that do. Learned when the index is built. Only credits whose "
        "confidence reaches the listing threshold are shown; --all adds the weaker claims.")
    credits.add_argument("film", metavar="FILM", help="the film (title, any case, or film id)")
    credits.add_argument("--json", action="store_true", help="print the credits as JSON")
    credits.add_argument("--all", action="store_true",
                         help="also list the weaker claims: those below the confidence a "
                         "credit needs to be listed (docs/answers.md measures it)")
    _index_flag(credits)
    credits.set_defaults(handler=cmd_credits)

    film = commands.add_parser(
        "film", help="one film at a glance: year, reviews and their lean, cast, story, "
        "verdicts", description="Print the film card of FILM: its year, how many reviews and "
        "which way they lean, its top-billed cast, what it is about and the most telling "
        "verdict of each side, every part cited. Loads the model (the parts are answers).")
    film.add_argument("film", metavar="FILM", help="the film (title, any case, or film id)")
    film.add_argument("--json", action="store_true", help="print the card as JSON")
    _index_flag(film)
    film.set_defaults(handler=cmd_film)

    evaluation = commands.add_parser(
        "eval", help="score answers on a JSONL question file",
        description="Ask every question of FILE (JSONL: question, optional film, answer, "
        "evidence, unanswerable) and print hit@1, hit@k, exact match, token F1, abstention "
        "precision/recall and latency.")
    evaluation.add_argument("file", type=Path, metavar="FILE.jsonl")
    evaluation.add_argument("--k", type=_positive, default=5, metavar="N",
                            help="passages per question for hit@k (default 5)")
    evaluation.add_argument("--json", action="store_true", help="print the report as JSON")
    _index_flag(evaluation)
    evaluation.set_defaults(handler=cmd_eval)

    bot = commands.add_parser(
        "bot", help="run the Discord bot (needs REELQA_DISCORD_TOKEN)",
        description="Connect to Discord and answer /ask, /films, /credits, /help, /about, "
        "mentions and DMs from the index, until SIGTERM or Ctrl-C (questions in flight "
        "finish first). Needs REELQA_DISCORD_TOKEN and a built index. Shards: "
        "REELQA_DISCORD_SHARD_COUNT and REELQA_DISCORD_SHARD_IDS; Prometheus metrics, "
        "/healthz and /readyz: REELQA_METRICS_PORT; JSON logs: REELQA_LOG_FORMAT=json. "
        "See docs/discord.md.")
    bot.add_argument("--sync", action="store_true",
                     help="sync slash commands with Discord now, even if unchanged")
    _index_flag(bot)
    bot.set_defaults(handler=cmd_bot)

    feedback = commands.add_parser("feedback", help="the votes given to the bot's answers")
    export = feedback.add_subparsers(dest="feedback_command", required=True,
                                     metavar="ACTION").add_parser(
        "export", help="print every vote with its question, film, answer and passages",
        description="Print the votes stored in REELQA_DISCORD_FEEDBACK_DB (default "
        "discord-feedback.sqlite3 beside the index), oldest first. Users appear only as "
        "salted hashes.")
    export.add_argument("--json", action="store_true", help="print a JSON list")
    _index_flag(export)
    export.set_defaults(handler=cmd_feedback_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    from reelqa.bot.terminal.safe import SafeStream

    out, err = sys.stdout, sys.stderr
    # Everything shown passes through: reviews, file names and questions may hold escapes.
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err, keep="\r")  # type: ignore[assignment]
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    try:
        setup_cli_logging(os.environ.get("REELQA_LOG_LEVEL", "INFO").upper())
        settings = load_settings(
            index_dir=getattr(args, "index", None),
            top_k=getattr(args, "top_k", None),
            embedding_model=getattr(args, "model", None),
        )
        code = int(args.handler(args, settings))
        sys.stdout.flush()  # a closed pipe fails here, inside the handler below
        return code
    except ReelqaError as exc:
        if getattr(args, "json", False):  # a machine reads stdout: give it the error as JSON
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        print(f"reelqa: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reelqa: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`reelqa films | head`): stop quietly, as other tools do, and
        # point stdout at /dev/null so the interpreter's own final flush cannot fail again.
        with suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())  # type: ignore[union-attr]
        return 141  # 128 + SIGPIPE, what a shell reports for a tool killed by the pipe


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


def cmd_index_build(args: argparse.Namespace, settings: Settings) -> int:
    from reelqa.bot.terminal.render import render_build
    from reelqa.index.store.build import build_index

    corpus = tuple(args.corpus) if args.corpus else None
    report = build_index(settings.index_settings(corpus), strict=args.strict,
                         progress=sys.stderr.isatty(), rebuild=args.rebuild, ray_address=args.ray)
    for removed in report.cleaned:  # "<name>, <why>"
        print(f"note: removed {removed}", file=sys.stderr)
    for note in report.ignored:
        print(f"note: skipped {note}", file=sys.stderr)
    for problem in report.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    if report.problems:
        print(f"skipped {len(report.problems)} bad record(s); --strict makes them fatal",
              file=sys.stderr)
    print(render_build(report))
    return 0


def cmd_index_info(args: argparse.Namespace, settings: Settings) -> int:
    from reelqa.bot.terminal.render import render_info
    from reelqa.index.store.verify import index_info

    info = index_info(settings.index_dir)
    print(json.dumps(info.to_dict(), ensure_ascii=False) if args.json else render_info(info))
    return 0


def cmd_index_verify(args: argparse.Namespace, settings: Settings) -> int:
    from reelqa.index.store.verify import verify_index

    v = verify_index(settings.index_dir)
    print(f"index at {v.folder} is whole: version {v.version}, {v.files} files checked, "
          f"{v.reviews} reviews, {v.passages} passages, {v.vectors} vectors")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from reelqa.bot.terminal.render import render_answer
    from reelqa.index.engine import open_engine

    if (args.question is None) == (args.batch is None):
        raise ReelqaError("give either a QUESTION or --batch FILE")
    if args.question is not None and (problem := question_problem(args.question)):
        raise ReelqaError(problem)
    engine = open_engine(settings)
    if args.batch is not None:
        from reelqa.bot.terminal.batch import ask_batch

        return ask_batch(engine, args.batch, args.top_k)
    answer = engine.ask(args.question, film=args.film, top_k=args.top_k)
    print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else render_answer(answer))
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from reelqa.bot.terminal.evaluate import evaluate, load_questions
    from reelqa.bot.terminal.report import render_report
    from reelqa.index.engine import open_engine

    items = load_questions(args.file)
    report = evaluate(open_engine(settings), items, k=args.k)
    print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else render_report(report))
    return 0


def cmd_bot(args: argparse.Namespace, settings: Settings) -> int:
    from reelqa.bot.discord.run import run_bot

    return run_bot(settings, sync=args.sync)


def cmd_feedback_export(args: argparse.Namespace, settings: Settings) -> int:
    from reelqa.bot.discord.feedback import FeedbackStore
    from reelqa.bot.terminal.render import render_votes

    path = settings.discord().feedback_db
    votes = FeedbackStore(path).export()
    if args.json:
        print(json.dumps(votes, ensure_ascii=False, indent=1))
    else:
        print(render_votes(votes) if votes else f"No votes stored yet ({path}).")
    return 0


def _index_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, metavar="DIR",
                        help="index folder (default REELQA_INDEX_DIR or .reelqa/index)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError("must be between 1 and 50")
    return value
