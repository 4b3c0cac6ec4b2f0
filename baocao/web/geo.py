"""The map of Viet Nam: the project's 34-province GeoJSON (baocao/units/data, MIT, with Hoàng Sa and
Trường Sa as parts of Đà Nẵng and Khánh Hòa — served whole, never simplified), and where to label
the two archipelagos."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from baocao.access.guard import require
from baocao.access.rules import Permission

GEOJSON = Path(__file__).resolve().parents[1] / "units" / "data" / "provinces_2025.geojson"
# (name, name_en, province code, longitude, latitude): the middle of each archipelago's islands.
ISLANDS = (
    ("Quần đảo Hoàng Sa (TP Đà Nẵng)", "Hoang Sa archipelago (Da Nang)", "48", 111.97, 16.44),
    ("Quần đảo Trường Sa (tỉnh Khánh Hòa)", "Truong Sa archipelago (Khanh Hoa)", "56", 113.7, 9.5),
)

router = APIRouter(dependencies=[Depends(require(Permission.PUBLIC))], include_in_schema=False)


@router.get("/geo/provinces.geojson")
def provinces() -> FileResponse:
    return FileResponse(
        GEOJSON, media_type="application/geo+json", headers={"Cache-Control": "public, max-age=86400"}
    )
