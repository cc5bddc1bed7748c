"""Assembling a review page: the template, style and script shipped as package data, the data as
JSON, the page images as base64 in inert ``<script type="text/plain">`` elements that the script
turns into images only when a page comes near the screen (a 100-page report opens at once)."""

from __future__ import annotations

import html
import json
import re
from importlib import resources

# The page may load nothing from anywhere: no server, no CDN. The policy makes a browser refuse any
# request the page might try (images come from data: URIs, the download from a blob: URL).
CSP = "default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def asset(name: str) -> str:
    """One file of vnreport/review/assets/ (package data)."""
    return resources.files("vnreport.review").joinpath("assets", name).read_text(encoding="utf-8")


def data_json(data: dict) -> str:
    """JSON safe inside a <script> element: no "</" or "<!--" can end it early."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def render_page(kind: str, title: str, data: dict, images: dict) -> str:
    """The whole HTML document; ``kind`` is "fix" or "tables" (which script to inline); ``images``
    maps an id (page number, crop key) to a base64 JPEG."""
    image_elements = "\n".join(
        f'<script type="text/plain" id="img-{number}">{encoded}</script>' for number, encoded in sorted(images.items(), key=lambda item: str(item[0]))
    )
    values = {
        "CSP": CSP,
        "TITLE": html.escape(title),
        "STYLE": asset("review.css"),
        "KIND": kind,
        "DATA": data_json(data),
        "IMAGES": image_elements,
        "SCRIPT": asset("common.js") + asset(f"{kind}.js"),
    }
    # One pass, so text in the data that happens to read "{{SCRIPT}}" is never substituted.
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda match: values[match.group(1)], asset("page.html"))
