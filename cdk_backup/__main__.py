"""``python -m cdk_backup check [CDK_OUT] …``: the command line of cdk_backup."""

from __future__ import annotations

import sys

from cdk_backup.check.command import main

if __name__ == "__main__":
    sys.exit(main())
