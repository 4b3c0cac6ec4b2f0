"""Reporting through the one write path (as a system job, so history before the deadline lock can be
entered) and asking the analytics API as a signed-in account."""

from __future__ import annotations

from typing import Any

from baocao.storage.engine import transaction
from baocao.submissions import service
from baocao.submissions.actors import CellInput
from tests.conftest import session_factory_for
from tests.submissions.env import Env
from tests.submissions.helpers import Client, ok

SYSTEM = service.system_actor("analytics-test")


def report(
    env: Env, regime: str, unit: str, period: str, values: dict[str, float], *, accept: bool = True
) -> int:
    """Open, fill, submit (and accept) a report; ``values`` keys are ``ELEMENT`` or ``ELEMENT[opt=x]``."""
    cells = []
    for name, value in values.items():
        element, _, rest = name.partition("[")
        cells.append(CellInput(element, rest.rstrip("]"), value))
    with transaction(session_factory_for(env.url)) as db:
        submission = service.open_submission(db, regime, unit, period, SYSTEM)
        service.write_values(db, submission, cells, SYSTEM)
        service.submit(db, submission, SYSTEM)
        if accept:
            service.accept(db, submission, SYSTEM)
        return submission.id


def reopen_and_accept(
    env: Env, submission_id: int, values: dict[str, float | None], *, accept: bool = True
) -> None:
    from baocao.submissions.models import Submission

    cells = [
        CellInput(name.partition("[")[0], name.partition("[")[2].rstrip("]"), v) for name, v in values.items()
    ]
    with transaction(session_factory_for(env.url)) as db:
        submission = db.get(Submission, submission_id)
        assert submission is not None
        service.reopen(db, submission, SYSTEM, "Sửa số liệu")
        service.write_values(db, submission, cells, SYSTEM)
        service.submit(db, submission, SYSTEM)
        if accept:
            service.accept(db, submission, SYSTEM)


def rows(client: Client, **params: Any) -> list[dict[str, Any]]:
    answer = ok(client.get("/analytics", params=params))
    return list(answer["rows"])


def value(client: Client, **params: Any) -> float | None:
    found = rows(client, **params)
    assert len(found) == 1, found
    result: float | None = found[0]["value"]
    return result


def flags(client: Client, **params: Any) -> list[str]:
    found = rows(client, **params)
    assert len(found) == 1, found
    return list(found[0]["flags"])
