"""The SDMX 2.1 REST grammar as real clients send it: structure paths (``dataflow/VN_NRIS/A_TINH/1.0``
with ``all``/``latest``), flow references (``ID``, ``AGENCY,ID``, ``AGENCY,ID,VERSION``; commas and
plus signs may arrive percent-encoded, the server decodes them before we see the path), keys
(``01+79.T_HS..``: ``+`` is OR, an empty part any value), and content negotiation."""

from __future__ import annotations

from dataclasses import dataclass

from baocao.sdmx.model import VERSION, Dsd, Media
from baocao.sdmx.xmlbase import NO_RESULTS, NOT_ACCEPTABLE, SYNTAX


class SdmxError(Exception):
    """Answered as an SDMX-ML error message with ``status``."""

    def __init__(self, status: int, code: int, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.status, self.code, self.message, self.message_en = status, code, message, message_en


def no_results(message: str = "Không có kết quả", message_en: str = "No results") -> SdmxError:
    return SdmxError(404, NO_RESULTS, message, message_en)


def bad_syntax(message: str, message_en: str) -> SdmxError:
    return SdmxError(400, SYNTAX, message, message_en)


ANY = frozenset({"all", "*", ""})
LATEST = frozenset({"latest", "+", "~"})


@dataclass(frozen=True)
class StructureRef:
    agency: str
    ident: str
    version: str

    def agency_matches(self, ours: str) -> bool:
        return self.agency in ANY or ours in self.agency.split("+")

    def id_matches(self, ident: str) -> bool:
        return self.ident in ANY or ident in self.ident.split("+")

    def version_matches(self) -> bool:
        return self.version in ANY or self.version in LATEST or VERSION in self.version.split("+")


def structure_ref(rest: str) -> StructureRef:
    """``[agency[/id[/version]]]`` after the resource name (a trailing slash is fine)."""
    parts = [p for p in rest.strip("/").split("/")] if rest.strip("/") else []
    if len(parts) > 3:
        raise bad_syntax(f"Đường dẫn '{rest}' có quá nhiều phần", f"Path '{rest}' has too many parts")
    parts += ["all", "all", "latest"][len(parts) :]
    return StructureRef(parts[0], parts[1], parts[2])


@dataclass(frozen=True)
class DataPath:
    flow: StructureRef
    key: str
    provider: str


def data_path(rest: str) -> DataPath:
    """``{flow}[/{key}[/{provider}]]`` of a data query."""
    parts = rest.strip("/").split("/") if rest.strip("/") else []
    if not parts or len(parts) > 3:
        raise bad_syntax("Cần data/{flow}[/{key}[/{provider}]]", "Expected data/{flow}[/{key}[/{provider}]]")
    return DataPath(
        flow_ref(parts[0]), parts[1] if len(parts) > 1 else "all", parts[2] if len(parts) > 2 else "all"
    )


def flow_ref(text: str) -> StructureRef:
    pieces = [p.strip() for p in text.split(",")]
    if len(pieces) == 1:
        return StructureRef("all", pieces[0], "latest")
    if len(pieces) == 2:
        return StructureRef(pieces[0], pieces[1], "latest")
    if len(pieces) == 3:
        return StructureRef(pieces[0], pieces[1], pieces[2] or "latest")
    raise bad_syntax(f"Tham chiếu dataflow '{text}' không hợp lệ", f"'{text}' is not a dataflow reference")


def parse_key(key: str, dsd: Dsd) -> dict[str, set[str]]:
    """Dimension id → wanted codes (absent: any). ``all``/``*``/empty: everything."""
    dims = dsd.key_dimensions
    if key.strip() in ANY:
        return {}
    parts = key.split(".")
    if len(parts) != len(dims):
        order = ".".join(d.id for d in dims)
        raise bad_syntax(
            f"Khóa '{key}' có {len(parts)} phần, cấu trúc {dsd.id} cần {len(dims)} ({order})",
            f"Key '{key}' has {len(parts)} parts; {dsd.id} needs {len(dims)} ({order})",
        )
    wanted: dict[str, set[str]] = {}
    for dim, part in zip(dims, parts, strict=True):
        values = {v.strip() for v in part.split("+") if v.strip()}
        if values and "*" not in values:
            wanted[dim.id] = values
    return wanted


# Short names for ``format=`` (a convenience for browsers and spreadsheets).
FORMAT_NAMES = {
    "genericdata": Media.GENERIC,
    "generic": Media.GENERIC,
    "structurespecificdata": Media.SPECIFIC,
    "structurespecific": Media.SPECIFIC,
    "csv": Media.CSV2,
    "csvfile": Media.CSV2,
    "sdmx-csv": Media.CSV2,
    "csv1": Media.CSV1,
    "json": Media.JSON2,
    "jsondata": Media.JSON2,
    "sdmx-json": Media.JSON2,
    "structure": Media.STRUCTURE,
    "xml": "application/xml",
}
DATA_ALIASES = {
    Media.GENERIC: Media.GENERIC,
    "application/vnd.sdmx.genericdata+xml": Media.GENERIC,
    Media.SPECIFIC: Media.SPECIFIC,
    "application/vnd.sdmx.structurespecificdata+xml": Media.SPECIFIC,
    Media.CSV2: Media.CSV2,
    Media.CSV1: Media.CSV1,
    "application/vnd.sdmx.data+csv": Media.CSV1,
    "text/csv": Media.CSV2,
    Media.JSON2: Media.JSON2,
    "application/vnd.sdmx.data+json": Media.JSON2,
    "application/json": Media.JSON2,
}
STRUCTURE_ALIASES = {
    Media.STRUCTURE: Media.STRUCTURE,
    "application/vnd.sdmx.structure+xml": Media.STRUCTURE,
}
XML_ANY = frozenset({"*/*", "application/*", "application/xml", "text/xml", "text/*"})


def _accepted(accept: str) -> list[str]:
    """Media types in the order the client prefers them (q values honoured, q=0 dropped)."""
    found: list[tuple[float, int, str]] = []
    for i, item in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in item.split(";"))
        weight, kept = 1.0, []
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
            elif name.strip():
                kept.append(f"{name.strip().lower()}={value.strip()}")
        if media and weight > 0:
            found.append((-weight, i, ";".join([media.lower(), *kept])))
    return [m for _, _, m in sorted(found)]


def negotiate(accept: str | None, fmt: str | None, *, data: bool) -> str:
    """The media type to answer with; 406 when we speak none of those asked for."""
    aliases = DATA_ALIASES if data else STRUCTURE_ALIASES
    default = Media.GENERIC if data else Media.STRUCTURE
    wanted = [FORMAT_NAMES.get(fmt.strip().lower(), fmt)] if fmt else _accepted(accept or "*/*")
    for media in wanted or ["*/*"]:
        media = media.replace(" ", "").lower()
        if media in aliases:
            return aliases[media]
        if media.split(";")[0] in XML_ANY:
            return default
    raise SdmxError(
        406,
        NOT_ACCEPTABLE,
        f"Không hỗ trợ định dạng '{fmt or accept}'",
        f"Format '{fmt or accept}' is not supported; use one of: {', '.join(sorted(set(aliases.values())))}",
    )
