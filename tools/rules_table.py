"""Render the rule catalogue as the README's rules table (``--write`` updates README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from cdk_backup.rules import catalogue

BEGIN = "<!-- rules-table:begin -->"
END = "<!-- rules-table:end -->"


def markdown() -> str:
    lines = ["| Rule id | Level | Construct | Property | Requirement | Source |",
             "| --- | --- | --- | --- | --- | --- |"]
    for rule in catalogue():
        requirement = rule.summary.replace("|", "\\|").replace("{", "").replace("}", "")
        lines.append(f"| `{rule.id}` | {rule.severity} | {rule.construct} | `{rule.prop}` | {requirement} "
                     f"| {rule.source} |")
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
