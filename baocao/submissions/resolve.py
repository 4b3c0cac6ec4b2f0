"""From (regime code, unit code, period) to everything a new submission fixes, via ``baocao.regimes``:
the version in force for the period, the reporting unit as of the period's reference day (codes are
reused), its receiving unit and the deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from baocao.errors import ApiError
from baocao.periods.periods import Period
from baocao.regimes import service as regimes
from baocao.regimes.models import Regime, RegimeVersion
from baocao.units.models import UnitVersion


@dataclass(frozen=True)
class Target:
    regime: Regime
    version: RegimeVersion
    period: Period
    unit: UnitVersion
    receiver: UnitVersion
    deadline: date

    @property
    def unit_id(self) -> int:
        return self.unit.unit_id

    @property
    def unit_code(self) -> str:
        return self.unit.code

    @property
    def receiver_unit_id(self) -> int:
        return self.receiver.unit_id


def get_regime(session: Session, code: str, location: str = "body") -> Regime:
    """The regime ``code``; 404 naming the ``regime`` field otherwise."""
    try:
        return regimes.get_regime(session, code)
    except ApiError as exc:
        exc.field, exc.location = "regime", location
        raise


def resolve_target(session: Session, regime_code: str, unit_code: str, period: str) -> Target:
    regime = get_regime(session, regime_code)
    when = regimes.as_period(period)
    version = regimes.version_for_period(session, regime, when)
    unit = regimes.resolve_reporting_unit(session, unit_code, when)
    if not regimes.must_report(session, version, unit, when):
        raise ApiError(
            422,
            "not_a_reporting_unit",
            f"Đơn vị '{unit.code}' ({unit.name}) không thuộc đối tượng báo cáo của chế độ "
            f"'{regime.code}' kỳ {when}",
            f"Unit '{unit.code}' is not one of the reporting units of regime '{regime.code}' for {when}",
            field="unit",
            location="body",
        )
    receiver = regimes.receiver_for(session, version, unit, when)
    return Target(regime, version, when, unit, receiver, regimes.deadline_for(version, when))
