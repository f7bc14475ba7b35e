#!/usr/bin/env python3
"""Write the site's sitemaps: ``python sitemap_gen.py --base-url URL --out DIR``.

The same command as ``nearme sitemap``; both call ``service.output.sitemap``.
"""

from __future__ import annotations

import sys

from service.cli import main

if __name__ == "__main__":
    sys.exit(main(["sitemap", *sys.argv[1:]]))
