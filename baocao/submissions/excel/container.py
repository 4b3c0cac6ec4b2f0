"""Is this upload an .xlsx we dare open? Checked on the bytes, before openpyxl sees them.

- size: refused above ``max_bytes`` (the route also refuses a larger Content-Length before reading);
- kind, by magic bytes, whatever the file name says: an old .xls (OLE compound file, also what an
  .xlsx with an opening password looks like), a CSV or other text renamed .xlsx, an .ods, anything else;
- zip bombs: the declared uncompressed sizes of the members (zipfile never inflates a member past its
  declared size, so the declaration bounds what openpyxl can read) and the number of members;
- XML entity expansion: a spreadsheet's XML never has a DOCTYPE, so a member declaring one is refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from baocao.errors import ApiError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
XLSX_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
MB = 1024 * 1024
PROLOG_BYTES = 64 * 1024
_ROOT = re.compile(rb"<[A-Za-z_]")


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 10 * MB
    max_uncompressed: int = 50 * MB
    max_members: int = 500

    @classmethod
    def for_upload(cls, max_bytes: int) -> UploadLimits:
        """Limits scaled to a configured upload size (uncompressed: five times, at least 50 MB)."""
        return cls(max_bytes=max_bytes, max_uncompressed=max(50 * MB, 5 * max_bytes))


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def too_large(size: int | None, limit: int, location: str) -> ApiError:
    found = f" ({_size(size)})" if size is not None else ""
    return ApiError(
        413,
        "file_too_large",
        f"Tệp quá lớn{found}: giới hạn {_size(limit)}. Hãy tải lên đúng mẫu .xlsx của hệ thống.",
        f"The file is too large{found}: the limit is {_size(limit)}. Upload the system's .xlsx template.",
        field="file",
        location=location,
    )


def _bad_file(code: str, location: str, message: str, message_en: str) -> ApiError:
    return ApiError(422, code, message, message_en, field="file", location=location)


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head.decode("utf-16")
        except UnicodeDecodeError:
            return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text[:2000])


def _not_xlsx(data: bytes, name: str) -> ApiError:
    head = data[:4096]
    if head.startswith(OLE_MAGIC):
        return _bad_file(
            "xls_not_supported",
            name,
            "Tệp có định dạng .xls cũ (hoặc là tệp .xlsx đã đặt mật khẩu mở): định dạng .xls cũ không "
            "được hỗ trợ, hãy lưu thành .xlsx (Excel Workbook) và bỏ mật khẩu mở tệp nếu có.",
            "This is an old .xls file (or an .xlsx with an opening password): the old .xls format is not "
            "supported; save it as .xlsx (Excel Workbook) without an opening password.",
        )
    if not head:
        return _bad_file("empty_file", name, "Tệp rỗng", "The file is empty")
    if _looks_like_text(head):
        found = head.decode("utf-8", errors="replace").splitlines()[0][:60] if head.strip() else ""
        return _bad_file(
            "not_xlsx",
            name,
            f"Tệp là văn bản (CSV hoặc tương tự), không phải bảng tính .xlsx; dòng đầu: '{found}'. "
            "Hãy tải mẫu .xlsx của hệ thống và nhập số liệu vào đó (CSV có chức năng tải lên riêng).",
            f"The file is text (CSV or similar), not an .xlsx workbook; first line: '{found}'. Fill in the "
            "system's .xlsx template (CSV has its own upload).",
        )
    return _bad_file(
        "not_xlsx",
        name,
        "Tệp không phải là bảng tính .xlsx (Excel Workbook)",
        "The file is not an .xlsx workbook (Excel Workbook)",
    )


def _damaged(name: str, why: str) -> ApiError:
    return _bad_file(
        "damaged_xlsx",
        name,
        f"Tệp .xlsx bị hỏng hoặc không đọc được ({why}); hãy mở bằng Excel và lưu lại",
        f"The .xlsx file is damaged or unreadable ({why}); open it in Excel and save it again",
    )


def check_container(data: bytes, name: str, limits: UploadLimits) -> None:
    """Raise an ``ApiError`` unless ``data`` is an .xlsx within the limits."""
    if len(data) > limits.max_bytes:
        raise too_large(len(data), limits.max_bytes, name)
    if not data.startswith(ZIP_MAGIC):
        raise _not_xlsx(data, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged(name, str(exc)) from None
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        if "mimetype" in names and "content.xml" in names:
            raise _bad_file(
                "not_xlsx",
                name,
                "Tệp là bảng tính OpenDocument (.ods); hãy lưu thành .xlsx (Excel 2007-365)",
                "The file is an OpenDocument spreadsheet (.ods); save it as .xlsx (Excel 2007-365)",
            )
        if not all(member in names for member in XLSX_MEMBERS):
            raise _bad_file(
                "not_xlsx",
                name,
                "Tệp nén không phải là bảng tính .xlsx (thiếu xl/workbook.xml)",
                "The archive is not an .xlsx workbook (no xl/workbook.xml)",
            )
        if len(members) > limits.max_members:
            raise _damaged(name, f"{len(members)} thành phần / members")
        total = sum(m.file_size for m in members)
        if total > limits.max_uncompressed:
            raise ApiError(
                413,
                "file_too_large",
                f"Nội dung tệp sau giải nén quá lớn ({_size(total)}, "
                f"giới hạn {_size(limits.max_uncompressed)})",
                f"The file's content is too large once unpacked ({_size(total)}, "
                f"limit {_size(limits.max_uncompressed)})",
                field="file",
                location=name,
            )
        _check_xml(archive, members, name)


def _check_xml(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> None:
    for member in members:
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(member) as stream:
                head = stream.read(PROLOG_BYTES)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise _damaged(name, f"{member.filename}: {exc}") from None
        # Dropping NULs reads UTF-16 markup as ASCII; a DOCTYPE can only come before the root element.
        full = len(head) == PROLOG_BYTES
        head = head.replace(b"\x00", b"")
        root = _ROOT.search(head)
        prolog = head[: root.start()] if root else head
        if b"<!DOCTYPE" in prolog or (root is None and full):
            raise _damaged(name, f"{member.filename}: DOCTYPE")
