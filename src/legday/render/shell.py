"""What `--install-completion SHELL` says."""

from __future__ import annotations


def completion_installed(shell: str, path: str) -> None:
    print(f"{shell} completion installed in {path}; it takes effect in a new shell.")
