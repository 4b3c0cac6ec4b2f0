"""Small helpers of the DHIS2 tests: a dhis2.py client for an account, reading answers of failed
requests, and what is stored (read straight from the database, as a second witness)."""

from __future__ import annotations

import json
from typing import Any

import requests
from dhis2 import Api
from dhis2.exceptions import RequestException
from sqlalchemy import select

from baocao.catalog.models import DataElement
from baocao.regimes.models import Regime
from baocao.submissions.models import DataValue, Submission, SubmissionVersion, ValueChange
from baocao.units.models import UnitVersion
from tests.conftest import LiveServer, session_factory_for
from tests.dhis2.conftest import Dhis2Env


def client(server: LiveServer, denv: Dhis2Env, username: str, secret: str | bytes | None = None) -> Api:
    # dhis2.py hands the password to requests, which also takes bytes (a UTF-8 password).
    return Api(f"{server.url}/dhis2", username, secret or denv.tokens[username])


def failed(call: Any) -> tuple[int, dict[str, Any]]:
    """Status and JSON body of a dhis2.py call that must fail."""
    try:
        call()
    except RequestException as exc:
        return int(exc.code), json.loads(exc.description)
    raise AssertionError("the request succeeded")


def post_raw(
    api: Api,
    body: bytes,
    content_type: str,
    params: dict[str, str] | None = None,
    path: str = "dataValueSets",
) -> requests.Response:
    """CSV and ADX go through the client's authenticated session (``Api.post`` sends JSON only)."""
    return api.session.post(
        f"{api.api_url}/{path}", data=body, params=params, headers={"Content-Type": content_type}
    )


def stored(
    denv: Dhis2Env, regime: str, unit: str, period: str
) -> tuple[str | None, dict[str, float | str | None]]:
    """The submission's state and its current values ``{ELEMENT[options]: value}`` (None: no submission)."""
    with session_factory_for(denv.url)() as db:
        sub = db.scalar(
            select(Submission)
            .join(Regime, Regime.id == Submission.regime_id)
            .join(UnitVersion, UnitVersion.unit_id == Submission.unit_id)
            .where(Regime.code == regime, UnitVersion.code == unit, Submission.period == period)
        )
        if sub is None:
            return None, {}
        rows = db.execute(
            select(DataElement.code, DataValue.option_key, DataValue.value_num, DataValue.value_text)
            .join(DataValue, DataValue.data_element_id == DataElement.id)
            .join(SubmissionVersion, SubmissionVersion.id == DataValue.submission_version_id)
            .where(
                SubmissionVersion.submission_id == sub.id, SubmissionVersion.version == sub.current_version
            )
        )
        values = {(f"{e}[{k}]" if k else e): (n if n is not None else t) for e, k, n, t in rows}
        return sub.state, values


def entry_paths(denv: Dhis2Env, regime: str, unit: str, period: str) -> set[str]:
    with session_factory_for(denv.url)() as db:
        return set(
            db.scalars(
                select(ValueChange.entry_path)
                .join(Submission, Submission.id == ValueChange.submission_id)
                .join(Regime, Regime.id == Submission.regime_id)
                .join(UnitVersion, UnitVersion.unit_id == Submission.unit_id)
                .where(Regime.code == regime, UnitVersion.code == unit, Submission.period == period)
            )
        )
