"""Print pip constraints pinning every runtime dependency (and the ``node`` extra) to its declared floor.

``make test-floor`` installs with them (``pip install -c``) into a second virtual environment, so the
lower bounds in pyproject.toml are the versions the tests run against, not a guess. Runs on the
Python that creates that environment (3.10 has no ``tomllib``, hence the small fallback reader).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
EXTRAS = ("node",)


def _array(text: str, key: str, table: str) -> list[str]:
    section = re.search(rf"^\[{re.escape(table)}\]\n(.*?)(?=^\[)", text + "\n[", re.S | re.M)
    assert section, table
    body = re.search(rf"^{key}\s*=\s*\[(.*?)\]\s*$", section.group(1), re.S | re.M)
    assert body, key
    return re.findall(r'"([^"]+)"', re.sub(r"#.*", "", body.group(1)))


def requirements(text: str) -> list[str]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        deps = _array(text, "dependencies", "project")
        for extra in EXTRAS:
            deps += _array(text, extra, "project.optional-dependencies")
        return deps
    project = tomllib.loads(text)["project"]
    return list(project["dependencies"]) + [r for e in EXTRAS for r in project["optional-dependencies"][e]]


def floor_pins(reqs: list[str]) -> list[str]:
    """``name==X`` for every requirement with a ``>=X`` bound; each must have one."""
    pins = []
    for req in reqs:
        match = re.match(r"\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*([^;]*)", req)
        assert match, req
        name, spec = match.groups()
        lower = re.search(r">=\s*([0-9][^,\s]*)", spec)
        if lower is None:
            raise SystemExit(f"{req}: no lower bound (>=) to test")
        pins.append(f"{name}=={lower.group(1)}")
    return pins


def main() -> int:
    print("\n".join(floor_pins(requirements(PYPROJECT.read_text()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
