"""The fake Discord as a program, for smoke tests of a bot outside the test suite (an image):
serve on 127.0.0.1:PORT, wait for the bot to connect and its /readyz to say ready, ask one
question with /ask, print the answer, keep serving --linger seconds (so the bot's health can
be checked while it is connected), and exit 0 when the answer holds --expect (1 otherwise).

  python -m tests.fakediscord.standalone --port 18080 --metrics 9108 \\
      --ask "who voices Jay?" --expect "Hong Kyung"
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import urllib.error
import urllib.request

from tests.fakediscord.server import FakeDiscord


async def main(args: argparse.Namespace) -> int:
    fake = FakeDiscord()
    await fake.start(port=args.port)
    try:
        await fake.wait_connected(args.timeout)
        print(f"bot connected; waiting for http://127.0.0.1:{args.metrics}/readyz", flush=True)
        ready = await asyncio.to_thread(_until_ready, args.metrics, args.timeout)
        print(f"/readyz: {ready}", flush=True)
        sent = await fake.slash("ask", 4242, question=args.ask)
        edit = await fake.wait_call("PATCH", rf"/{sent.token}/messages/@original$", sent.at,
                                    timeout=args.timeout)
        text = "\n".join([edit.body.get("content") or ""] + [
            e.get("description") or "" for e in edit.body.get("embeds") or []])
        print(f"answer ({(edit.at - sent.at) * 1000:.0f} ms):\n{text}", flush=True)
        print("answered", flush=True)
        await asyncio.sleep(args.linger)
        return 0 if args.expect in text else 1
    finally:
        await fake.stop()


def _until_ready(port: int, timeout: float) -> str:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as reply:
                return json.dumps(json.loads(reply.read()))
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise TimeoutError("/readyz never said ready")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--metrics", type=int, default=9108)
    parser.add_argument("--ask", default="who voices Jay?")
    parser.add_argument("--expect", default="Hong Kyung")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--linger", type=float, default=0.0)
    sys.exit(asyncio.run(main(parser.parse_args())))
