"""The SEO limits every part of nearme measures against, in one place.

Content rules, the titles render chooses, `nearme check`, the audit's defaults
and its search-result preview all read these, so a page that passes one
never fails another for the same reason.
"""

from __future__ import annotations

# Google cuts result titles near 600 px of Arial at 20 px (Yoast measures the same);
# content is checked by display width, about 60 half-width characters.
TITLE_MAX_PX = 600
TITLE_MIN_PX = 200
TITLE_MAX_WIDTH = 60
# Yoast: meta descriptions of 120-156 characters show whole and say enough.
DESCRIPTION_MIN = 120
DESCRIPTION_MAX = 156
DESCRIPTION_WIDTH = (DESCRIPTION_MIN, DESCRIPTION_MAX)
# A condition's name in a combined title ("Sciatica Acupuncture near Santa Monica").
SHORT_PHRASE_MAX_WIDTH = 22
# A condition guide is substantial: at least this many words of its own text.
MIN_CONDITION_WORDS = 600
# Below this, an indexable page is thin (Chinese and Japanese count by character).
THIN_CONTENT_WORDS = 300
# Screaming Frog's default: pages whose main content is this similar are near-duplicates.
NEAR_DUPLICATE = 0.9
# A page whose main content is more than this share found on other pages (Siteliner).
DUPLICATE_CONTENT_SHARE = 0.5
