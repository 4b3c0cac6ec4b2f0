"""PLACEHOLDER — replaced by the units implementation."""

import click


@click.group()
def units() -> None:
    """Đơn vị hành chính / administrative units."""
