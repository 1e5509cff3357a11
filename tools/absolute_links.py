"""Relative links in README.md, which break on a package index page (the README is the long description).

``python -m tools.absolute_links`` lists them with the absolute link to use; ``--write`` rewrites them
in README.md to ``<Source URL of pyproject.toml>/blob/main/<path>``. tests/test_install.py fails while
any is left.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)\s]+)\)")
ABSOLUTE = ("https://", "http://", "#", "mailto:")


def source_url(pyproject: str) -> str:
    match = re.search(r'^Source\s*=\s*"([^"]+)"', pyproject, re.M)
    assert match, "pyproject.toml has no [project.urls] Source"
    return match.group(1).rstrip("/")


def relative_links(text: str) -> list[str]:
    return sorted({link for link in LINK.findall(text) if not link.startswith(ABSOLUTE)})


def absolute(link: str, base: str) -> str:
    return f"{base}/blob/main/{link.removeprefix('./')}"


def main(argv: list[str]) -> int:
    readme = ROOT / "README.md"
    text = readme.read_text()
    base = source_url((ROOT / "pyproject.toml").read_text())
    links = relative_links(text)
    if "--write" in argv:
        text = LINK.sub(lambda m: f"]({absolute(m.group(1), base)})" if m.group(1) in links else m.group(0), text)
        readme.write_text(text)
    for link in links:
        print(f"{link} -> {absolute(link, base)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
