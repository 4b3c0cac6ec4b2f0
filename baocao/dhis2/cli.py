"""``baocao dhis2 mapping load FILE.csv``: load the DHIS2 mapping table (by code)."""

from __future__ import annotations

from pathlib import Path

import click

from baocao.cli_support import cli_transaction, console
from baocao.dhis2.mapping import list_mappings, parse_mapping_csv, save_mappings
from baocao.errors import ApiError


@click.group()
def dhis2() -> None:
    """Kết nối DHIS2 / DHIS2 interoperability."""


@dhis2.group()
def mapping() -> None:
    """Bảng ánh xạ mã DHIS2 / the DHIS2 mapping table."""


@mapping.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Xóa bảng cũ trước khi nạp / empty the table first.")
def load(file: Path, replace: bool) -> None:
    """Nạp tệp CSV kind,dhis2_uid,dhis2_code,target,name / load a mapping CSV (upsert)."""
    try:
        with cli_transaction() as session:
            rows = parse_mapping_csv(file.read_bytes(), file.name)
            saved = save_mappings(session, rows, actor="cli", replace=replace)
            total = len(list_mappings(session))
    except ApiError as exc:
        console.print(exc.message, style="red", soft_wrap=True, markup=False)
        console.print(exc.message_en, style="red", soft_wrap=True, markup=False)
        for detail in exc.details[1:]:
            console.print(
                f"  {detail.message} / {detail.message_en}", soft_wrap=True, markup=False, highlight=False
            )
        raise click.exceptions.Exit(1) from None
    console.print(
        f"Đã ghi {saved} dòng ánh xạ; bảng có {total} dòng / saved {saved} rows; {total} in the table"
    )
