"""SDMX-CSV 1.0 and 2.0 (one line per observation) and SDMX-JSON 2.0 data messages."""

from __future__ import annotations

import csv
import io
import json
import uuid

from baocao.sdmx.data import Observation
from baocao.sdmx.data_xml import ALL_DIMENSIONS, Layout, full_key, number
from baocao.sdmx.model import OBS_STATUS, TIME, UNIT_MEASURE, VALUE, VERSION, Flow
from baocao.sdmx.xmlbase import prepared, urn

JSON_SCHEMA = "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/v2.0.0/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json"


def flow_urn_short(agency: str, flow: Flow) -> str:
    return f"{agency}:{flow.id}({VERSION})"


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _dims(flow: Flow) -> list[str]:
    return [d.id for d in flow.dsd.dimensions]


def _row(obs: Observation) -> list[str]:
    return [c for _, c in full_key(obs)] + [number(obs.value), obs.unit_measure, obs.status]


def csv_v1(agency: str, flow: Flow, observations: list[Observation]) -> bytes:
    header = ["DATAFLOW", *_dims(flow), VALUE, UNIT_MEASURE, OBS_STATUS]
    ref = flow_urn_short(agency, flow)
    return _csv(header, [[ref, *_row(o)] for o in sorted(observations, key=full_key)])


def csv_v2(agency: str, flow: Flow, observations: list[Observation]) -> bytes:
    header = ["STRUCTURE", "STRUCTURE_ID", "ACTION", *_dims(flow), VALUE, UNIT_MEASURE, OBS_STATUS]
    ref = flow_urn_short(agency, flow)
    return _csv(header, [["dataflow", ref, "I", *_row(o)] for o in sorted(observations, key=full_key)])


def sdmx_json(agency: str, flow: Flow, shape: Layout, names: dict[str, dict[str, str]]) -> bytes:
    """SDMX-JSON 2.0: dimensions at the series and observation levels with their values; series and
    observation keys are indexes into those values (``"0:1:0"``)."""
    observations = [o for _, members in shape.series for o in members] + shape.flat
    at_obs = (
        [d.id for d in flow.dsd.dimensions]
        if shape.at_observation == ALL_DIMENSIONS
        else [shape.at_observation]
    )
    series_dims = [d.id for d in flow.dsd.dimensions if d.id not in at_obs]
    values: dict[str, list[str]] = {
        dim: sorted({dict(full_key(o))[dim] for o in observations}) for dim in [*series_dims, *at_obs]
    }
    index = {dim: {v: i for i, v in enumerate(vals)} for dim, vals in values.items()}
    units = sorted({o.unit_measure for o in observations})
    statuses = sorted({o.status for o in observations})

    def dimension(dim: str, position: int) -> dict[str, object]:
        dsd_dim = next(d for d in flow.dsd.dimensions if d.id == dim)
        labels = names.get(dim, {})
        vals = [{"id": v, "name": labels.get(v, v)} if dim != TIME else {"value": v} for v in values[dim]]
        return {
            "id": dim,
            "name": dsd_dim.name.en or dsd_dim.name.vi,
            "keyPosition": position,
            **({"roles": ["TIME_PERIOD"]} if dim == TIME else {}),
            "values": vals,
        }

    positions = {d.id: i for i, d in enumerate(flow.dsd.dimensions)}
    structure = {
        "name": flow.name.en or flow.name.vi,
        "names": {k: v for k, v in (("vi", flow.name.vi), ("en", flow.name.en)) if v},
        "links": [{"rel": "dataflow", "urn": urn("Dataflow", agency, flow.id, VERSION)}],
        "dimensions": {
            "dataSet": [],
            "series": [dimension(d, positions[d]) for d in series_dims],
            "observation": [dimension(d, positions[d]) for d in at_obs],
        },
        "measures": {"observation": [{"id": VALUE, "name": "Observation value"}]},
        "attributes": {
            "dataSet": [],
            "series": [],
            "observation": [
                {
                    "id": UNIT_MEASURE,
                    "name": "Unit of measure",
                    "relationship": {"observation": {}},
                    "values": [{"id": u, "name": names.get(UNIT_MEASURE, {}).get(u, u)} for u in units],
                },
                {
                    "id": OBS_STATUS,
                    "name": "Observation status",
                    "relationship": {"observation": {}},
                    "values": [
                        {"id": s, "name": {"A": "Normal value", "P": "Provisional value"}[s]}
                        for s in statuses
                    ],
                },
            ],
        },
        "dataSets": [0],
    }

    def obs_entry(obs: Observation) -> list[object]:
        return [obs.value, units.index(obs.unit_measure), statuses.index(obs.status)]

    data_set: dict[str, object] = {"structure": 0, "action": "Information", "links": structure["links"]}
    if shape.at_observation == ALL_DIMENSIONS:
        data_set["observations"] = {
            ":".join(str(index[d][dict(full_key(o))[d]]) for d in at_obs): obs_entry(o) for o in shape.flat
        }
    else:
        series: dict[str, object] = {}
        for key, members in shape.series:
            codes = dict(key)
            series_key = ":".join(str(index[d][codes[d]]) for d in series_dims)
            obs_map = {str(index[at_obs[0]][dict(full_key(o))[at_obs[0]]]): obs_entry(o) for o in members}
            series[series_key] = {"attributes": [], "observations": obs_map}
        data_set["series"] = series
    message = {
        "meta": {
            "schema": JSON_SCHEMA,
            "id": f"IREF{uuid.uuid4().hex[:16].upper()}",
            "test": False,
            "prepared": prepared(),
            "contentLanguages": ["en", "vi"],
            "sender": {"id": agency},
        },
        "data": {"structures": [structure], "dataSets": [data_set]},
    }
    return json.dumps(message, ensure_ascii=False).encode("utf-8")
