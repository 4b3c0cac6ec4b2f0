"""PLACEHOLDER — replaced by the demo implementation."""

import click


@click.command()
def demo() -> None:
    """Nạp dữ liệu minh họa / seed the demo (idempotent)."""
