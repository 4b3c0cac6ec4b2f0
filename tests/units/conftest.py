"""Reference directories for the importer tests: a copy of the real one, and a tiny consistent one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from baocao.units.reference import DATA_DIR

# Hà Nội keeps its territory; Hà Giang (02) and Tuyên Quang (08) merge into a new 08.
MINI = {
    "provinces_2024.csv": """code,name,short_name,type,merged_into_code
01,Thành phố Hà Nội,Hà Nội,thanh_pho,01
02,Tỉnh Hà Giang,Hà Giang,tinh,08
08,Tỉnh Tuyên Quang,Tuyên Quang,tinh,08
""",
    "provinces_2025.csv": """code,name,short_name,type,former_codes
01,Thành phố Hà Nội,Hà Nội,thanh_pho,01
08,Tỉnh Tuyên Quang,Tuyên Quang,tinh,02;08
""",
    "districts_2024.csv": """code,name,province_code,type
001,Quận Ba Đình,01,quan
024,Thành phố Hà Giang,02,thanh_pho
070,Thành phố Tuyên Quang,08,thanh_pho
""",
    "communes_2024.csv": """code,name,district_code,province_code,type
00001,Phường Phúc Xá,001,01,phuong
00004,Phường Trúc Bạch,001,01,phuong
00688,Phường Quang Trung,024,02,phuong
02200,Phường Phan Thiết,070,08,phuong
""",
    "communes_2025.csv": """code,name,type,province_code
00004,Phường Ba Đình,phuong,01
02201,Phường Minh Xuân,phuong,08
""",
    "commune_merges_2025.csv": """old_code,old_name,new_code,new_name,kind,old_level
00001,Phường Phúc Xá,00004,Phường Ba Đình,full,commune
00004,Phường Trúc Bạch,00004,Phường Ba Đình,full,commune
00688,Phường Quang Trung,02201,Phường Minh Xuân,full,commune
02200,Phường Phan Thiết,02201,Phường Minh Xuân,full,commune
""",
}
CENTRAL_FILES = ("central_bodies.csv", "central_successions.csv")


@pytest.fixture
def mini_reference(tmp_path: Path) -> Path:
    """A small but complete reference directory (3 old and 2 new provinces, the real central bodies)."""
    folder = tmp_path / "mini"
    folder.mkdir()
    for name, text in MINI.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name in CENTRAL_FILES:
        shutil.copy(DATA_DIR / name, folder / name)
    return folder


@pytest.fixture
def reference_copy(tmp_path: Path) -> Path:
    """A copy of the shipped reference files, to corrupt."""
    folder = tmp_path / "reference"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("*.geojson", "*.md", "*.txt"))
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def insert_line(path: Path, line_number: int, line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line_number - 1, line if line.endswith("\n") else line + "\n")
    path.write_text("".join(lines), encoding="utf-8")
