"""The command: ``cdk-backup check [CDK_OUT] [--policy FILE] [--format text|json|sarif] [--output FILE]``.

Exit status: 0 when no finding is an error, 1 when one is, 2 on bad usage or an assembly that
cannot be read (with a one-line message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cdk_backup._errors import ValidationError

EXIT_CLEAN = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cdk-backup", description="AWS Backup checks for AWS CDK apps, before deployment.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = commands.add_parser(
        "check", help="check a synthesized app (cdk.out): AWS rules, protection coverage, Audit Manager controls",
        description="Check a synthesized app: AWS's rules on every AWS::Backup resource, which resources are "
                    "backed up (how often, how long, where), an optional policy, and every Audit Manager framework.")
    check.add_argument("cdk_out", nargs="?", default="cdk.out", metavar="CDK_OUT",
                       help="the cloud assembly directory (default: cdk.out)")
    check.add_argument("--policy", metavar="FILE", help="a JSON file of BackupPolicy keywords, e.g. "
                       '{"min_retention": 35, "vault_lock": true}')
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="output format")
    check.add_argument("--output", metavar="FILE", help="write the report here instead of to stdout")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except _UsageError as error:
        print(f"cdk-backup: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as leave:  # --help
        return int(leave.code or 0)
    if args.command != "check":
        parser.print_usage(sys.stderr)
        print("cdk-backup: error: a command is required: check", file=sys.stderr)
        return EXIT_USAGE
    from cdk_backup.check.checker import check
    from cdk_backup.check.policy import BackupPolicy

    try:
        policy = BackupPolicy.from_file(args.policy) if args.policy else None
        report = check(args.cdk_out, policy)
    except ValidationError as error:
        print(f"cdk-backup: error: {_one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    text = {"text": report.to_text, "json": report.to_json, "sarif": report.to_sarif}[args.format]()
    if args.output:
        try:
            Path(args.output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        except OSError as error:
            print(f"cdk-backup: error: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return EXIT_USAGE
        if args.format != "text":
            summary = report.summary()
            print(f"cdk-backup: {summary['errors']} errors, {summary['warnings']} warnings; report written to "
                  f"{args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_CLEAN if report.ok else EXIT_ERRORS


def _one_line(text: str) -> str:
    return " ".join(text.split())


def console() -> None:
    """The ``cdk-backup`` console script."""
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())
