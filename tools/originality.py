"""Flag nine-word runs that our content shares with the reference article.

Facts may come from the clinic's article; sentences must be our own. Usage:
    python tools/originality.py REFERENCE.txt FILE...
Exits 1 when any file repeats a run, listing the runs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RUN = 9


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def copied_runs(reference: str, text: str) -> list[str]:
    ref = words(reference)
    grams = {" ".join(ref[i : i + RUN]) for i in range(len(ref) - RUN + 1)}
    own = words(text)
    return [
        " ".join(own[i : i + RUN])
        for i in range(len(own) - RUN + 1)
        if " ".join(own[i : i + RUN]) in grams
    ]


def main(argv: list[str]) -> int:
    reference = Path(argv[0]).read_text(encoding="utf-8")
    status = 0
    for name in argv[1:]:
        runs = copied_runs(reference, Path(name).read_text(encoding="utf-8"))
        for run in runs:
            print(f"{name}: copied run: {run}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
