"""Excel entry path: templates to download, filled-in workbooks to upload (docs/issue3-contract.md)."""

from baocao.submissions.excel.reader import ParsedUpload, read_upload
from baocao.submissions.excel.service import build_template

__all__ = ["ParsedUpload", "build_template", "read_upload"]
