"""``make bench``: synthesis time of cdk_backup against aws-cdk-lib and the plain-CfnResource floor.

Every measurement is a fresh process (``benchmarks/app.py``), so it includes Python start-up, the
jsii kernel, building the app and ``app.synth()``, as a user's ``cdk synth`` does. Runs alternate
between implementations so that drift of the machine affects all three alike. Reported: median
wall time, median CPU time (user+sys of the process and its Node child), peak RSS, and the ratio of
each median to aws-cdk-lib's.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMPLS = ("cdk_backup", "aws_cdk_lib", "floor")
WORKLOADS = {  # name: (units per stack, stacks); a unit is vault + plan + selection + role
    "N=1": (1, 1),
    "N=30": (30, 1),
    "N=120 (480 resources)": (120, 1),
    "5 stacks x 100 (2,000 resources)": (100, 5),
}


def measure(impl: str, units: int, stacks: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MiB) of one fresh process and its Node kernel."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(HERE / "app.py"), "--impl", impl, "--units", str(units),
                                "--stacks", str(stacks)], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{impl} failed with exit code {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def import_time(runs: int) -> tuple[float, float]:
    """Median seconds to import aws_cdk, and to import cdk_backup on top of it."""
    code = ("import time; "
            "t=time.perf_counter(); import aws_cdk; a=time.perf_counter()-t; "
            "t=time.perf_counter(); import cdk_backup; b=time.perf_counter()-t; print(a, b)")
    cdk_times, ours = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        a, b = map(float, out.split())
        cdk_times.append(a)
        ours.append(b)
    return statistics.median(cdk_times), statistics.median(ours)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="run only workloads whose name contains this")
    parser.add_argument("--no-validation", action="store_true",
                        help="set CDK_VALIDATION=false: skip aws-cdk-lib's built-in CloudFormation validation, "
                             "which costs the same for all three and is most of the time of every synth")
    args = parser.parse_args()
    if args.no_validation:
        os.environ["CDK_VALIDATION"] = "false"
    # pip byte-compiles installed packages (aws-cdk-lib included); an editable checkout under
    # PYTHONDONTWRITEBYTECODE=1 would recompile cdk_backup in every process. Compile it once, as an
    # install would, so both libraries start from bytecode. force: compileall trusts a .pyc whose
    # recorded mtime matches, and a file changed twice within a second (git stash, checkout) keeps a
    # stale one that Python then rejects and recompiles in every process.
    compileall.compile_dir(str(HERE.parent / "cdk_backup"), quiet=1, force=True)
    # Choose Node once, here: app.py then never imports cdk_backup for the other two implementations.
    sys.path.insert(0, str(HERE.parent))
    from cdk_backup._node import ensure_supported_node

    ensure_supported_node()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"JSII_NODE={os.environ.get('JSII_NODE', 'node')}, "
          f"built-in CloudFormation validation {'off' if os.environ.get('CDK_VALIDATION') == 'false' else 'on'}")
    rows = []
    for name, (units, stacks) in WORKLOADS.items():
        if args.only and args.only not in name:
            continue
        samples: dict[str, list[tuple[float, float, int]]] = {impl: [] for impl in IMPLS}
        measure("floor", units, stacks)  # warm the file cache
        for _ in range(args.runs):
            for impl in IMPLS:
                samples[impl].append(measure(impl, units, stacks))
        medians = {impl: (statistics.median(s[0] for s in samples[impl]),
                          statistics.median(s[1] for s in samples[impl]),
                          max(s[2] for s in samples[impl])) for impl in IMPLS}
        reference = medians["aws_cdk_lib"][0]
        for impl in IMPLS:
            wall, cpu, rss = medians[impl]
            rows.append((name, impl, wall, cpu, rss, wall / reference))
        print(f"  measured {name}", file=sys.stderr)
    print(f"\n{args.runs} runs each, alternating; medians.\n")
    print("| workload | implementation | wall s | CPU s | peak RSS MiB | wall / aws-cdk-lib |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, impl, wall, cpu, rss, ratio in rows:
        print(f"| {name} | {impl} | {wall:.2f} | {cpu:.2f} | {rss} | {ratio:.2f} |")
    cdk_import, ours_import = import_time(args.runs)
    print(f"\nimport aws_cdk: {cdk_import * 1000:.0f} ms; import cdk_backup on top: {ours_import * 1000:.0f} ms")


if __name__ == "__main__":
    main()
