"""The ``baocao`` command: serve, demo, db upgrade, units import, ..."""

from __future__ import annotations

import click

from baocao.access.cli import tokens, users
from baocao.catalog.cli import catalog
from baocao.cli_support import console, load_settings
from baocao.config import ConfigError
from baocao.demo.cli import demo
from baocao.ledger.cli import audit
from baocao.regimes.cli import regimes
from baocao.storage.migrate import upgrade
from baocao.units.cli import units


@click.group()
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
    settings = load_settings()
    upgrade(settings.database_url)
    console.print("[green]Cơ sở dữ liệu đã cập nhật / database is up to date[/green]")


main.add_command(audit)
main.add_command(catalog)
main.add_command(demo)
main.add_command(regimes)
main.add_command(units)
main.add_command(users)
main.add_command(tokens)
