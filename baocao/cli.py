"""The ``baocao`` command: serve, demo, db upgrade, units import, ..."""

from __future__ import annotations

import importlib

import click

from baocao.cli_support import console, load_settings
from baocao.config import ConfigError

# Sub-commands are imported only when used: importing every capability (FastAPI, openpyxl, ...) for
# `baocao --help` took seconds.
LAZY_COMMANDS = {
    "audit": "baocao.ledger.cli:audit",
    "bench": "baocao.bench.cli:bench",
    "catalog": "baocao.catalog.cli:catalog",
    "demo": "baocao.demo.cli:demo",
    "dhis2": "baocao.dhis2.cli:dhis2",
    "import": "baocao.imports.cli:import_group",
    "indicators": "baocao.indicators.cli:indicators",
    "regimes": "baocao.regimes.cli:regimes",
    "targets": "baocao.indicators.cli:targets",
    "tokens": "baocao.access.cli:tokens",
    "units": "baocao.units.cli:units",
    "users": "baocao.access.cli:users",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = LAZY_COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command


@click.group(cls=LazyGroup)
@click.version_option(package_name="baocao")
def main() -> None:
    """baocao — Hệ thống thông tin báo cáo quốc gia (National Reporting Information System)."""


@main.command()
@click.option("--host", default=None, help="Địa chỉ lắng nghe / bind address (BAOCAO_HOST).")
@click.option("--port", default=None, type=int, help="Cổng / port (BAOCAO_PORT).")
def serve(host: str | None, port: int | None) -> None:
    """Chạy máy chủ web / run the web server."""
    import uvicorn

    settings = load_settings()
    try:
        settings.check_can_serve()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    host = host or settings.host
    port = port or settings.port
    console.print(f"baocao: http://{host}:{port}/  (API: http://{host}:{port}/api/v1/docs)")
    uvicorn.run("baocao.app:create_app", factory=True, host=host, port=port, log_level=settings.log_level)


@main.group()
def db() -> None:
    """Cơ sở dữ liệu / database."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Áp dụng các bản di chuyển (migrations) / apply migrations up to the latest."""
    from baocao.storage.migrate import upgrade

    settings = load_settings()
    upgrade(settings.database_url)
    console.print("[green]Cơ sở dữ liệu đã cập nhật / database is up to date[/green]")
