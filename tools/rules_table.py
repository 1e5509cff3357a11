"""Render the validation catalogue as the README's rules table (``--write`` updates README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from cdk_backup._rules import RULES

BEGIN = "<!-- rules-table:begin -->"
END = "<!-- rules-table:end -->"


def markdown() -> str:
    lines = ["| Rule | Construct | Property | Requirement | Level |", "| --- | --- | --- | --- | --- |"]
    for rule in RULES:
        requirement = rule.requirement.replace("|", "\\|")
        lines.append(f"| {rule.id} | {rule.construct} | `{rule.prop}` | {requirement} | {rule.severity} |")
    return "\n".join(lines)


def write(readme: Path) -> None:
    text = readme.read_text()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    readme.write_text(text[:start] + "\n" + markdown() + "\n" + text[end:])


if __name__ == "__main__":
    if "--write" in sys.argv:
        write(Path("README.md"))
    else:
        print(markdown())
