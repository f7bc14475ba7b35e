#!/usr/bin/env python3
"""Write synthetic content of any size that `nearme check` accepts.

python bench/make_content.py --conditions 100 --neighborhoods 1000 --locales 5 --out DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.content.synthetic import MAX_LOCALES, write_synthetic_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conditions", type=int, required=True, metavar="N")
    parser.add_argument("--neighborhoods", type=int, required=True, metavar="M")
    parser.add_argument(
        "--locales",
        type=int,
        default=3,
        metavar="L",
        help=f"1 to {MAX_LOCALES}: en, es, zh-Hans, ko, vi in that order",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        write_synthetic_site(
            args.out,
            conditions=args.conditions,
            neighborhoods=args.neighborhoods,
            locales=args.locales,
            seed=args.seed,
        )
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    pages = args.locales * (
        3 + args.conditions + args.neighborhoods + args.conditions * args.neighborhoods
    )
    print(
        f"wrote {args.out}: {args.conditions} conditions x {args.neighborhoods} neighborhoods "
        f"x {args.locales} locales = {pages} pages"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
