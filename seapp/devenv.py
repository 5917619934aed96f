"""Write the development ``.env`` that ``make run`` uses: DEBUG on and a random secret key.

``python -m seapp.devenv [PATH]`` writes PATH (default ``.env``) only when it does not exist yet,
so a developer's own edits are kept. Not for production: there, set the variables in the
process environment (see README.md, Deployment).
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

TEMPLATE = """\
# Development settings, written by `make run` (python -m seapp.devenv). Not for production.
# The environment wins over this file; see README.md (Configuration) for every variable.
DEBUG=true
SECRET_KEY={key}
"""


def write_dev_env_file(path: Path) -> bool:
    """Write a development env file at ``path`` unless one exists; return whether it wrote."""
    if path.exists():
        return False
    path.write_text(TEMPLATE.format(key=secrets.token_urlsafe(50)), encoding="utf-8")
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
    if write_dev_env_file(target):
        print(f"Wrote {target} (DEBUG=true and a random SECRET_KEY, for development only).")
