"""Who issued a document: from a 文号's 机关代字, or from an agency name at a title's head.

Agencies get one canonical name per real body (浙江省人民政府教育督导委员会办公室), built from
the region's formal name and an agency suffix, so 省教育厅 in a Zhejiang report and 浙江省教育厅
elsewhere are one node.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.gazetteer import Gazetteer, _read_tsv, gazetteer


@dataclass(frozen=True)
class Issuer:
    name: str  # canonical full name
    region: str | None  # adcode, None for national bodies
    level: str  # national, province, city, county


@lru_cache(maxsize=1)
def _agency_codes() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in _read_tsv("agency_codes.tsv")}


@lru_cache(maxsize=1)
def _national_codes() -> dict[str, str]:
    return {row["code"]: row["agency"] for row in _read_tsv("national_codes.tsv")}


@lru_cache(maxsize=1)
def _first_chars() -> dict[str, list[str]]:
    """First character of every current city/county name -> adcodes (杭 -> 杭州市 …)."""
    gaz = gazetteer()
    out: dict[str, list[str]] = {}
    for r in gaz.regions.values():
        if r.current and r.level in ("city", "county"):
            out.setdefault(r.name[0], []).append(r.adcode)
    return out


def agency_name(gaz: Gazetteer, adcode: str, suffix: str) -> str:
    region = gaz.regions[adcode]
    if region.is_municipality and suffix.startswith("教育厅"):
        suffix = "教育委员会" + suffix[3:]
    if suffix.startswith("委员会") and not suffix.startswith("委员会办公"):
        return f"中共{gaz.full_name(adcode)}委员会"
    if suffix.startswith("委员会办公"):
        return f"中共{gaz.full_name(adcode)}委员会{suffix[3:]}"
    return gaz.full_name(adcode) + suffix


def issuer_from_code(code: str, context_region: str | None) -> Issuer | None:
    """The body behind a 机关代字 such as 浙政教督办, 杭政教督办, 津教督导室, 教基, 国办发.

    A 代字's place character is not unique nationally (宁 is 宁夏 and 宁波), so candidates are
    ranked by distance from the citing report's region: its own chain first, then its province.
    """
    gaz = gazetteer()
    national = _national_codes()
    agency_codes = _agency_codes()
    place, rest = code[0], code[1:]
    candidates: list[str] = []
    if place in gaz.province_abbrevs:
        candidates.append(gaz.province_abbrevs[place])
    candidates += _first_chars().get(place, [])
    suffix_row = _longest_prefix(rest, agency_codes)
    if candidates and suffix_row is not None:
        if context_region:
            best = min(candidates, key=lambda c: _rank(gaz, c, context_region, place))
        else:
            best = next((c for c in candidates if gaz.regions[c].level == "province"), candidates[0])
        level = gaz.regions[best].level
        return Issuer(agency_name(gaz, best, suffix_row[level]), best, level)
    nat = _longest_prefix(code, national, exact_row=True)
    if nat is not None:
        return Issuer(nat, None, "national")
    return None


def _rank(gaz: Gazetteer, adcode: str, context: str, place: str) -> tuple[int, int]:
    d, level, _ = gaz.distance(adcode, context)
    is_abbrev = gaz.province_abbrevs.get(place) == adcode
    # Same chain wins; then cities of the same province; then a province abbreviation.
    order = {0: 0, 1: 1, 2: 2 if level == 1 else 4}.get(d, 5)
    if is_abbrev and d != 0:
        order = 3
    return order, level


def _longest_prefix(text: str, table: dict, exact_row: bool = False):
    for n in range(len(text), 0, -1):
        if text[:n] in table:
            return table[text[:n]]
    return None


# Words that end an agency name at a title's head (《浙江省教育厅关于…》).
_AGENCY_TAIL = (
    "人民政府教育督导委员会办公室|人民政府教育督导室|教育督导委员会办公室|人民政府办公厅|人民政府办公室|人民政府|"
    "教育委员会|教育厅|教育局|教育体育局|教体局|财政厅|财政局|办公厅|办公室|委员会|领导小组|"
    "国务院|中共中央|教育部|财政部|国家发展改革委|人力资源社会保障部|人力资源和社会保障部|国家语委|共青团中央|全国妇联|"
    "厅|局|部|委"
)
_HEAD_RE = re.compile(rf"^(?P<head>.+?)(?:关于|转发|印发)")
_SPLIT_RE = re.compile(r"[、，,]|(?<=[厅局部委府室组])(?:和|与|及)")


def issuers_from_title(title: str, context_region: str | None) -> list[Issuer]:
    """Bodies named before 关于/转发/印发 at the head of a title, resolved to canonical names."""
    m = _HEAD_RE.match(title)
    if not m:
        return []
    out: list[Issuer] = []
    for part in _SPLIT_RE.split(m["head"]):
        part = part.strip()
        if part and re.search(rf"(?:{_AGENCY_TAIL})$", part):
            out.append(canonical_agency(part, context_region))
    return out


_REGION_PREFIX_RE = re.compile(r"^(中共)?(?P<place>.+?(?:省|自治区|市|区|县|州|盟|旗))(?P<rest>.*)$")
_RELATIVE = {"省": "province", "市": "city", "区": "county", "县": "county"}


def canonical_agency(name: str, context_region: str | None) -> Issuer:
    """省教育厅 (in a Zhejiang report) -> 浙江省教育厅; 杭州市滨江区人民政府 stays as it is."""
    gaz = gazetteer()
    name = name.strip()
    party = name.startswith("中共")
    body = name[2:] if party else name
    # Relative heads: 省/市/区/县 + agency, meaning the context region's level.
    if context_region and body[:1] in _RELATIVE and not body.startswith(("市辖", "区域", "省级", "市级", "区级", "县级")):
        level = _RELATIVE[body[0]]
        target = next((r for r in gaz.chain(context_region) if r.level == level or (level == "city" and r.is_municipality)), None)
        if target is not None:
            rest = body[1:]
            if party and rest.startswith("委"):
                return Issuer(f"中共{gaz.full_name(target.adcode)}委员会{rest[1:]}", target.adcode, target.level)
            return Issuer(gaz.full_name(target.adcode) + rest, target.adcode, target.level)
    best: tuple[int, str, str] | None = None
    for n in range(min(len(body), 12), 1, -1):
        code = gaz.resolve(body[:n], context_region)
        if code is not None:
            best = (n, code, body[n:])
            break
    if best is None:
        return Issuer(name, None, "national")
    n, code, rest = best
    # 杭州市滨江区… : a county named after its city resolves to the most specific region.
    for m in range(min(len(rest), 8), 1, -1):
        sub = gaz.resolve(rest[:m], code)
        if sub is not None and code in [r.adcode for r in gaz.chain(sub)]:
            code, rest = sub, rest[m:]
            break
    if party and rest.startswith("委"):
        return Issuer(f"中共{gaz.full_name(code)}委员会{rest[1:]}", code, gaz.regions[code].level)
    return Issuer(("中共" if party else "") + gaz.full_name(code) + rest, code, gaz.regions[code].level)
