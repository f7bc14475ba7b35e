"""Measurements of a page open in the browser, phrased as what a patient would trip over.

Each function returns plain data, so a failing test can print exactly which
element is at fault.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page

# A short CSS path to an element (`main > section > ul.link-list`), for failure messages;
# declared inside each function that Page.evaluate runs.
_DESCRIBE = """
const describe = (el) => {
  const parts = [];
  for (let node = el; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
    let part = node.localName;
    if (node.id) { parts.unshift(part + "#" + node.id); break; }
    if (node.classList.length) part += "." + [...node.classList].join(".");
    parts.unshift(part);
  }
  return parts.join(" > ");
};
"""


def load_every_image(tab: Page) -> None:
    """Fetch lazy images now, as scrolling would: a broken one then shows as a console
    error, and the full-page screenshot shows the picture instead of a blank box."""
    tab.evaluate(
        """async () => {
          for (const img of document.images) img.loading = "eager";
          await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
        }"""
    )


def page_width(tab: Page) -> int:
    return int(tab.evaluate("document.documentElement.scrollWidth"))


def elements_wider_than(tab: Page, width: int) -> list[str]:
    """The innermost elements that stick out past the right edge of a screen `width` px wide."""
    return list(
        tab.evaluate(
            """(width) => {"""
            + _DESCRIBE
            + """
              const wide = [...document.body.querySelectorAll("*")].filter(
                (el) => el.getBoundingClientRect().right > width + 0.5);
              const innermost = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
              return innermost.slice(0, 8).map(
                (el) => `${describe(el)} reaches ${Math.round(el.getBoundingClientRect().right)}px`);
            }""",
            width,
        )
    )


@dataclass(frozen=True)
class Link:
    """A link as laid out on the first screen, before any scrolling."""

    href: str
    text: str
    x: float
    y: float
    width: float
    height: float
    rendered: bool  # not display:none, visibility:hidden or opacity:0
    on_top: bool  # a tap at its centre lands on the link, not on something covering it

    def problems(self, *, screen_width: int, screen_height: int, min_size: int) -> list[str]:
        """Why a patient could not tap this link without scrolling; empty if they can."""
        found = []
        if not self.rendered:
            found.append("hidden")
        if self.x < 0 or self.y < 0 or self.x + self.width > screen_width:
            found.append("off the side of the screen")
        if self.y + self.height > screen_height:
            found.append(f"below the first screen (bottom at {self.y + self.height:.0f}px)")
        if self.width < min_size or self.height < min_size:
            found.append(f"{self.width:.0f}x{self.height:.0f}px, under {min_size}x{min_size}px")
        # Only a link on the screen can be hit-tested.
        if not found and not self.on_top:
            found.append("covered by another element")
        return found

    def __str__(self) -> str:
        return f"<a href={self.href!r}>{self.text}</a> at ({self.x:.0f}, {self.y:.0f})"


def links(tab: Page, selector: str) -> list[Link]:
    found = tab.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map((a) => {
          const box = a.getBoundingClientRect();
          const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
          return {
            href: a.getAttribute("href"), text: a.textContent.trim(),
            x: box.x, y: box.y, width: box.width, height: box.height,
            rendered: a.checkVisibility({opacityProperty: true, visibilityProperty: true}),
            on_top: hit !== null && a.contains(hit),
          };
        })""",
        selector,
    )
    return [Link(**link) for link in found]


def viewport_meta(tab: Page) -> str | None:
    return tab.evaluate(
        "document.querySelector('meta[name=viewport]')?.getAttribute('content') ?? null"
    )


def body_font_size(tab: Page) -> float:
    return float(tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))


def text_smaller_than(tab: Page, min_px: float) -> list[str]:
    """Rendered text whose computed font size is under `min_px`, e.g. `12px 'Fine print' in footer > p`."""
    return list(
        tab.evaluate(
            """(minPx) => {"""
            + _DESCRIBE
            + """
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              const small = [];
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const text = node.textContent.trim();
                const el = node.parentElement;
                if (!text || !el.checkVisibility({visibilityProperty: true})) continue;
                const size = parseFloat(getComputedStyle(el).fontSize);
                if (size < minPx) small.push(`${size}px '${text.slice(0, 40)}' in ${describe(el)}`);
              }
              return small;
            }""",
            min_px,
        )
    )
