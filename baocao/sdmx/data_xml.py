"""SDMX-ML 2.1 data messages: generic and structure-specific, as series keyed by every dimension but
the one at the observation level (``dimensionAtObservation``: TIME_PERIOD by default, any other
dimension, or ``AllDimensions`` for flat observations)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from baocao.sdmx.data import Observation
from baocao.sdmx.model import OBS_STATUS, TIME, UNIT_MEASURE, VALUE, VERSION, Flow
from baocao.sdmx.rest import SdmxError
from baocao.sdmx.xmlbase import NS, SEMANTIC, header, q, serialise, sub, urn

ALL_DIMENSIONS = "AllDimensions"


@dataclass(frozen=True)
class Layout:
    """Observations grouped into series: ``series`` is a list of (series key, observations)."""

    at_observation: str
    series: list[tuple[tuple[tuple[str, str], ...], list[Observation]]]
    flat: list[Observation]


def full_key(obs: Observation) -> tuple[tuple[str, str], ...]:
    return (*obs.key, (TIME, obs.period))


def layout(flow: Flow, observations: list[Observation], at_observation: str | None) -> Layout:
    dim = at_observation or TIME
    ids = [d.id for d in flow.dsd.dimensions]
    if dim != ALL_DIMENSIONS and dim not in ids:
        raise SdmxError(
            400,
            SEMANTIC,
            f"dimensionAtObservation '{dim}' không phải chiều của {flow.dsd.id}",
            f"dimensionAtObservation '{dim}' is not a dimension of {flow.dsd.id}: {', '.join(ids)}",
        )
    ordered = sorted(observations, key=full_key)
    if dim == ALL_DIMENSIONS:
        return Layout(dim, [], ordered)
    groups: dict[tuple[tuple[str, str], ...], list[Observation]] = defaultdict(list)
    for obs in ordered:
        groups[tuple(p for p in full_key(obs) if p[0] != dim)].append(obs)
    return Layout(dim, list(groups.items()), [])


def obs_code(obs: Observation, dim: str) -> str:
    return obs.period if dim == TIME else obs.code(dim)


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def structure_id(agency: str, flow: Flow) -> str:
    return f"{agency}_{flow.id}_{VERSION.replace('.', '_')}"


def _structure_header(root: ET.Element, agency: str, flow: Flow, dim: str, namespace: str | None) -> None:
    head = header(root, agency)
    box = sub(
        head,
        "mes:Structure",
        structureID=structure_id(agency, flow),
        namespace=namespace or "",
        dimensionAtObservation=dim,
    )
    usage = sub(box, "com:StructureUsage")
    sub(usage, "Ref", agencyID=agency, id=flow.id, version=VERSION)


def generic(agency: str, flow: Flow, shape: Layout) -> bytes:
    root = ET.Element(q("mes:GenericData"))
    _structure_header(root, agency, flow, shape.at_observation, None)
    data_set = sub(root, "mes:DataSet", structureRef=structure_id(agency, flow))

    def observation(parent: ET.Element, obs: Observation, key: list[tuple[str, str]] | None) -> None:
        element = sub(parent, "gen:Obs")
        if key is None:
            sub(element, "gen:ObsDimension", value=obs_code(obs, shape.at_observation))
        else:
            box = sub(element, "gen:ObsKey")
            for dim_id, code in key:
                sub(box, "gen:Value", id=dim_id, value=code)
        sub(element, "gen:ObsValue", value=number(obs.value))
        attrs = sub(element, "gen:Attributes")
        sub(attrs, "gen:Value", id=UNIT_MEASURE, value=obs.unit_measure)
        sub(attrs, "gen:Value", id=OBS_STATUS, value=obs.status)

    for key, members in shape.series:
        series = sub(data_set, "gen:Series")
        box = sub(series, "gen:SeriesKey")
        for dim_id, code in key:
            sub(box, "gen:Value", id=dim_id, value=code)
        for obs in members:
            observation(series, obs, None)
    for obs in shape.flat:
        observation(data_set, obs, list(full_key(obs)))
    return serialise(root)


def structure_specific(agency: str, flow: Flow, shape: Layout) -> bytes:
    dim = shape.at_observation
    level = "ObsLevelDim:AllDimensions" if dim == ALL_DIMENSIONS else f"ObsLevelDim:{dim}"
    namespace = f"{urn('Dataflow', agency, flow.id, VERSION)}:{level}"
    root = ET.Element(q("mes:StructureSpecificData"))
    root.set("xmlns:ns1", namespace)  # the flow's own namespace, named by the xsi:type values below
    _structure_header(root, agency, flow, dim, namespace)
    data_set = sub(root, "mes:DataSet")
    data_set.set(q("ss:structureRef"), structure_id(agency, flow))
    data_set.set(q("ss:dataScope"), "DataStructure")
    data_set.set(f"{{{NS['xsi']}}}type", "ns1:DataSetType")

    def observation(parent: ET.Element, obs: Observation, key: tuple[tuple[str, str], ...]) -> None:
        attrs = dict(key)
        attrs.update({VALUE: number(obs.value), UNIT_MEASURE: obs.unit_measure, OBS_STATUS: obs.status})
        sub(parent, "Obs", **attrs)

    for key, members in shape.series:
        series = sub(data_set, "Series", **dict(key))
        for obs in members:
            observation(series, obs, ((dim, obs_code(obs, dim)),))
    for obs in shape.flat:
        observation(data_set, obs, full_key(obs))
    return serialise(root)
