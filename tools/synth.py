"""``make synth``: synthesize the app named in cdk.json (or ``EXAMPLE=path/app.py``) into cdk.out/ and summarize it.

It does what ``cdk synth`` does for a Python app (context from cdk.json, CDK_OUTDIR),
without needing the npm CLI, and prints the stacks and AWS Backup resources by type.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path

from cdk_backup._node import ensure_supported_node


def _app_command(cdk_json: dict[str, object]) -> list[str]:
    app = cdk_json.get("app")
    if not isinstance(app, str):
        raise SystemExit("cdk.json has no 'app' command")
    argv = shlex.split(app)
    if argv and Path(argv[0]).name.startswith("python"):
        argv[0] = sys.executable
    return argv


def summarize(outdir: Path) -> list[str]:
    """Lines describing the stacks in a cloud assembly and their AWS Backup resources."""
    manifest = json.loads((outdir / "manifest.json").read_text())
    lines: list[str] = []
    totals: Counter[str] = Counter()
    for name, artifact in sorted(manifest.get("artifacts", {}).items()):
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        template_file = artifact["properties"]["templateFile"]
        template = json.loads((outdir / template_file).read_text())
        kinds = Counter(r["Type"] for r in template.get("Resources", {}).values())
        backup = {k: v for k, v in kinds.items() if k.startswith("AWS::Backup::")}
        totals.update(backup)
        env = artifact.get("environment", "")
        lines.append(f"stack {name} ({env}): {sum(kinds.values())} resources, template {template_file}")
        for kind, count in sorted(backup.items()):
            lines.append(f"    {count:4d}  {kind}")
        metadata = dict(artifact.get("metadata") or {})
        if artifact.get("additionalMetadataFile"):
            metadata.update(json.loads((outdir / artifact["additionalMetadataFile"]).read_text()))
        for path, entries in sorted(metadata.items()):
            for entry in entries:
                if entry.get("type") in ("aws:cdk:warning", "aws:cdk:error"):
                    level = entry["type"].rsplit(":", 1)[1]
                    lines.append(f"    {level}: {path}: {entry['data']}")
    lines.append("AWS Backup resources in all stacks:")
    for kind, count in sorted(totals.items()):
        lines.append(f"    {count:4d}  {kind}")
    return lines


def main(argv: list[str]) -> int:
    """``python -m tools.synth [APP.py|DIR] [--out DIR]``: the app of cdk.json, or the given one."""
    root = Path.cwd()
    cdk_json = json.loads((root / "cdk.json").read_text())
    outdir = root / "cdk.out"
    if "--out" in argv:
        at = argv.index("--out")
        outdir = (root / argv[at + 1]).resolve()
        argv = argv[:at] + argv[at + 2:]
    if argv:
        app = Path(argv[0])
        if app.is_dir():
            app = app / "app.py"
        if not app.is_file():
            raise SystemExit(f"no app at {app}; the examples are: "
                             + ", ".join(sorted(str(p) for p in root.glob("examples/*/app.py"))))
        command = [sys.executable, "-m", "cdk_backup.run", str(app)]
        label = str(app)
    else:
        command, label = _app_command(cdk_json), str(cdk_json["app"])
    env = dict(os.environ)
    node = ensure_supported_node()
    if node:
        env["JSII_NODE"] = node
    env["CDK_OUTDIR"] = str(outdir)
    env["CDK_CONTEXT_JSON"] = json.dumps(cdk_json.get("context", {}))
    result = subprocess.run(command, env=env, cwd=root, check=False)
    if result.returncode != 0:
        return result.returncode
    where = outdir.relative_to(root) if outdir.is_relative_to(root) else outdir
    print(f"Synthesized {label} into {where}/")
    print("\n".join(summarize(outdir)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
