"""``make bench``: synthesis time of cdk_backup against aws-cdk-lib and the plain-CfnResource floor.

Every measurement is a fresh process (``benchmarks/app.py``), so it includes Python start-up, the
jsii kernel, building the app and ``app.synth()``, as a user's ``cdk synth`` does. A round runs all
three implementations back to back, in reversed order every other round, so that drift of the
machine affects all three alike. Reported: median wall time, median CPU time (user+sys of the
process and its Node child), peak RSS, the ratio of medians to aws-cdk-lib's, and the median of the
per-round ratios with its bootstrap 95 % interval: a slow minute of the VM slows every run of its
round, so the paired ratio is steadier than the ratio of medians.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
IMPLS = ("cdk_backup", "aws_cdk_lib", "floor")
WORKLOADS = {  # name: (units per stack, stacks, rounds); a unit is vault + plan + selection + role
    "N=1": (1, 1, 3),
    # The workload the target is set on (ratio to aws-cdk-lib at most 1.05), so the most rounds that
    # keep `make bench` under 5 minutes on a 2-CPU machine; `--only N=120 --runs 40` for a tighter interval.
    "N=120 (480 resources)": (120, 1, 8),
    "5 stacks x 100 (2,000 resources)": (100, 5, 2),
}


PHASES = ("aws_cdk", "build", "synth")  # printed by app.py


class Sample(NamedTuple):
    wall: float  # seconds, the whole process
    cpu: float  # seconds of user+sys, the process and its Node kernel
    rss: int  # peak MiB
    phases: dict[str, float]  # wall seconds of each phase, measured inside the process


def measure(impl: str, units: int, stacks: int) -> Sample:
    """One fresh process and its Node kernel."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(HERE / "app.py"), "--impl", impl, "--units", str(units),
                                "--stacks", str(stacks)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{impl} failed with exit code {process.returncode}")
    report = json.loads(out)
    if report["resources"] != 4 * units * stacks:
        raise SystemExit(f"{impl} made {report['resources']} resources, not {4 * units * stacks}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, {p: report[p] for p in PHASES})


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


def median_ci(values: list[float], resamples: int = 4000, seed: int = 9) -> tuple[float, float]:
    """Bootstrap 95 % interval of the median of ``values`` (a fixed seed: the same samples print the same)."""
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(resamples))
    return medians[int(0.025 * resamples)], medians[int(0.975 * resamples) - 1]


def compare(values: list[float], reference: list[float], impl: str) -> str:
    """Table cells: ratio of medians, median paired ratio with its interval, rounds faster."""
    of_medians = statistics.median(values) / statistics.median(reference)
    if impl == "aws_cdk_lib":
        return f"{of_medians:.3f} |  | "
    ratios = [a / b for a, b in zip(values, reference, strict=True)]
    low, high = median_ci(ratios)
    faster = sum(r < 1 for r in ratios)
    return f"{of_medians:.3f} | {statistics.median(ratios):.3f} ({low:.3f}-{high:.3f}) | {faster}/{len(ratios)}"


Raw = dict[str, dict[str, list[Sample]]]
"""Samples by workload, then implementation; sample i of every implementation comes from round i."""


def report(raw: Raw) -> None:
    """Print the two tables, whole processes and phases inside them, of ``raw``."""
    rows, phase_rows = [], []
    for name, samples in raw.items():
        walls = {impl: [s.wall for s in samples[impl]] for impl in IMPLS}
        builds = {impl: [s.phases["build"] for s in samples[impl]] for impl in IMPLS}
        for impl in IMPLS:
            rows.append((name, len(samples[impl]), impl, statistics.median(walls[impl]),
                         statistics.median(s.cpu for s in samples[impl]), max(s.rss for s in samples[impl]),
                         compare(walls[impl], walls["aws_cdk_lib"], impl)))
            phase_rows.append((name, impl, [statistics.median(s.phases[p] for s in samples[impl]) for p in PHASES],
                               compare(builds[impl], builds["aws_cdk_lib"], impl)))
    print("\nRounds alternate the three implementations, reversing the order every other round; medians.\n")
    print("| workload | rounds | implementation | wall s | CPU s | peak RSS MiB | wall / aws-cdk-lib "
          "| median paired ratio (95 % interval) | faster than aws-cdk-lib in |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: |")
    for name, rounds, impl, wall, cpu, rss, cells in rows:
        print(f"| {name} | {rounds} | {impl} | {wall:.2f} | {cpu:.2f} | {rss} | {cells} |")
    print("\nPhases inside each process, medians (build: importing the library and building every unit, the\n"
          "only phase in which the three differ by more than the template they hand over):\n")
    print("| workload | implementation | import aws_cdk, app s | build s | synth s | build / aws-cdk-lib "
          "| median paired ratio (95 % interval) | faster than aws-cdk-lib in |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |")
    for name, impl, medians, cells in phase_rows:
        print(f"| {name} | {impl} | {' | '.join(f'{m:.3f}' for m in medians)} | {cells} |")


def load(paths: list[Path]) -> Raw:
    """The samples of ``--json`` files, pooled: each workload's rounds in file order, so pairs stay pairs."""
    raw: Raw = {}
    for path in paths:
        for name, by_impl in json.loads(path.read_text()).items():
            into = raw.setdefault(name, {impl: [] for impl in IMPLS})
            for impl in IMPLS:
                into[impl].extend(Sample(**sample) for sample in by_impl[impl])
    return raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, help="rounds of every workload (default: 8 at N=120, fewer elsewhere)")
    parser.add_argument("--only", help="run only workloads whose name contains this")
    parser.add_argument("--no-validation", action="store_true",
                        help="set CDK_VALIDATION=false: skip aws-cdk-lib's built-in CloudFormation validation, "
                             "which costs the same for all three and is most of the time of every synth")
    parser.add_argument("--json", type=Path, help="also write every sample (seconds, MiB) to this file")
    parser.add_argument("--pool", type=Path, nargs="+", metavar="JSON",
                        help="measure nothing: print the tables of the samples of these --json files, pooled")
    args = parser.parse_args()
    if args.pool:
        report(load(args.pool))
        return
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
    raw: Raw = {}
    for name, (units, stacks, rounds) in WORKLOADS.items():
        if args.only and args.only not in name:
            continue
        rounds = args.runs or rounds
        samples: dict[str, list[Sample]] = {impl: [] for impl in IMPLS}
        measure("floor", units, stacks)  # warm the file cache
        for r in range(rounds):
            for impl in IMPLS if r % 2 == 0 else IMPLS[::-1]:
                samples[impl].append(measure(impl, units, stacks))
        raw[name] = samples
        print(f"  measured {name}", file=sys.stderr)
    report(raw)
    if args.json:
        args.json.write_text(json.dumps({name: {impl: [s._asdict() for s in runs] for impl, runs in by_impl.items()}
                                         for name, by_impl in raw.items()}, indent=1) + "\n")
    cdk_import, ours_import = import_time(args.runs or 5)
    print(f"\nimport aws_cdk: {cdk_import * 1000:.0f} ms; import cdk_backup on top: {ours_import * 1000:.0f} ms")


if __name__ == "__main__":
    main()
