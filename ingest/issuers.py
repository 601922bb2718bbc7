"""Who issued a document: from a 文号's 机关代字, or from an agency name at a title's head.

Agencies get one canonical name per real body (浙江省人民政府教育督导委员会办公室), built from
the region's formal name and an agency suffix, so 省教育厅 in a Zhejiang report and 浙江省教育厅
elsewhere are one node.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.gazetteer import Gazetteer, gazetteer, read_tsv
from ingest.lexicon import alternation, lexicon


@dataclass(frozen=True)
class Issuer:
    name: str  # canonical full name
    region: str | None  # adcode, None for national bodies
    level: str  # national, province, city, county


@lru_cache(maxsize=1)
def agency_codes() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_tsv("agency_codes.tsv")}


@lru_cache(maxsize=1)
def national_codes() -> dict[str, str]:
    return {row["code"]: row["agency"] for row in read_tsv("national_codes.tsv")}


@lru_cache(maxsize=1)
def _first_chars() -> dict[str, list[str]]:
    """The place character of a 代字 -> adcodes: the first character of every current city and
    county (杭 -> 杭州市 …), and the conventional abbreviations that are not (宁 -> 南京市, 甬 -> 宁波市)."""
    gaz = gazetteer()
    out: dict[str, list[str]] = {}
    for r in gaz.regions.values():
        if r.current and r.level in ("city", "county"):
            out.setdefault(r.name[0], []).append(r.adcode)
    for row in read_tsv("city_abbrevs.tsv"):
        if row["adcode"] not in out.setdefault(row["abbrev"], []):
            out[row["abbrev"]].append(row["adcode"])
    return out


def agency_name(gaz: Gazetteer, adcode: str, suffix: str) -> str:
    """The body a 文号 code names: the region's formal name and the agency suffix."""
    if gaz.regions[adcode].is_municipality and suffix.startswith("教育厅"):
        suffix = "教育委员会" + suffix[3:]
    return party_or_state(gaz, adcode, suffix, party=suffix.startswith("委"))


def issuer_from_code(code: str, context_region: str | None) -> Issuer | None:
    """The body behind a 机关代字 such as 浙政教督办, 杭政教督办, 津教督导室, 教基, 国办发.

    A 代字's place character is not unique nationally (宁 is 宁夏 and 宁波), so candidates are
    ranked by distance from the citing report's region: its own chain first, then its province.
    """
    gaz = gazetteer()
    place, rest = code[0], code[1:]
    candidates: list[str] = []
    if place in gaz.province_abbrevs:
        candidates.append(gaz.province_abbrevs[place])
    candidates += _first_chars().get(place, [])
    suffix_row = _longest_prefix(rest, agency_codes())
    if candidates and suffix_row is not None:
        if context_region:
            best = min(candidates, key=lambda c: _rank(gaz, c, context_region, place))
        else:
            best = next((c for c in candidates if gaz.regions[c].level == "province"), candidates[0])
        level = gaz.regions[best].level
        return Issuer(agency_name(gaz, best, suffix_row[level]), best, level)
    nat = _longest_prefix(code, national_codes())
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


def _longest_prefix(text: str, table: dict):
    for n in range(len(text), 0, -1):
        if text[:n] in table:
            return table[text[:n]]
    return None


# Words that end an agency name at a title's head (《浙江省教育厅关于…》).
_AGENCY_TAIL = alternation("agency_title_tails")
_HEAD_RE = re.compile(r"^(?P<head>.+?)(?:关于|转发|印发)")
_SPLIT_RE = re.compile(r"[、，,\s]+|(?<=[厅局部委府室组])(?:和|与|及)")


def issuers_from_title(title: str, context_region: str | None) -> list[Issuer]:
    """Bodies named before 关于/转发/印发 at the head of a title, resolved to canonical names."""
    m = _HEAD_RE.match(title)
    if not m:
        return []
    out: list[Issuer] = []
    for part in _SPLIT_RE.split(m["head"]):
        part = re.sub(r"等[\d一二三四五六七八九十]*个?部门$", "", part.strip())  # 教育部等九部门 -> 教育部
        if part and re.search(rf"(?:{_AGENCY_TAIL})$", part):
            out.append(canonical_agency(part, context_region))
    return out


_RELATIVE = {"省": "province", "市": "city", "区": "county", "县": "county"}


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], list[tuple[str, str]]]:
    rows = read_tsv("agency_aliases.tsv")
    whole = {r["alias"]: r["expansion"] for r in rows if r["scope"] == "whole"}
    suffix = sorted(((r["alias"], r["expansion"]) for r in rows if r["scope"] == "suffix"), key=lambda p: -len(p[0]))
    return whole, suffix


def _expand(rest: str) -> str:
    """市教委 -> 教育委员会: the conventional abbreviation at the end of an agency name."""
    for alias, expansion in _aliases()[1]:
        if rest == alias or (rest.endswith(alias) and not rest.endswith(expansion)):
            return rest[: len(rest) - len(alias)] + expansion
    return rest


def party_or_state(gaz: Gazetteer, adcode: str, rest: str, party: bool) -> str:
    """One canonical name per body: 中共杭州市滨江区委教育工作领导小组, 中共杭州市滨江区教育局委员会,
    中共浙江省委机构编制委员会办公室, 天津市教育委员会."""
    full = gaz.full_name(adcode)
    rest = _expand(rest)
    if rest.startswith("委员会") and party:
        return f"中共{full}委{rest[3:]}"
    if rest.startswith("委") and (party or rest == "委" or not rest.startswith("委员")):
        return f"中共{full}{rest}"
    if rest == "党委":
        return f"中共{full}委"
    if rest.endswith("党委"):
        return f"中共{full}{rest[:-2]}委员会"
    if rest.startswith("机构编制委员会办公室"):
        return f"中共{full}委{rest}"
    return ("中共" if party else "") + full + rest


def canonical_agency(name: str, context_region: str | None) -> Issuer:
    """省教育厅 (in a Zhejiang report) -> 浙江省教育厅; 市教委 (Tianjin) -> 天津市教育委员会;
    局党委 (a district report) -> 中共…区教育局委员会; national bodies by their full names."""
    gaz = gazetteer()
    name = name.strip()
    whole = _aliases()[0]
    if name in whole:
        return Issuer(whole[name], None, "national")
    party = name.startswith("中共")
    body = name[2:] if party else name
    if body in whole:
        return Issuer(whole[body], None, "national")
    if _NATIONAL_RE.fullmatch(name):
        return Issuer(name, None, "national")
    if context_region and body[:1] == "局":
        body = "区教育局" + body[1:] if gaz.regions[context_region].level == "county" else "市教育局" + body[1:]
    # Relative heads: 省/市/区/县 + agency, meaning the context region's level.
    if context_region and body[:1] in _RELATIVE and not body.startswith(("市辖", "区域", "省级", "市级", "区级", "县级")):
        level = _RELATIVE[body[0]]
        target = next((r for r in gaz.chain(context_region) if r.level == level or (level == "city" and r.is_municipality)), None)
        if target is not None:
            return Issuer(party_or_state(gaz, target.adcode, body[1:], party), target.adcode, target.level)
    best: tuple[int, str, str] | None = None
    for n in range(min(len(body), 12), 1, -1):
        code = gaz.resolve(body[:n], context_region)
        if code is not None:
            best = (n, code, body[n:])
            break
    if best is None:
        return Issuer(_expand(name), None, "national")
    n, code, rest = best
    # 杭州市滨江区… : a county named after its city resolves to the most specific region.
    for m in range(min(len(rest), 8), 1, -1):
        sub = gaz.resolve(rest[:m], code)
        if sub is not None and code in [r.adcode for r in gaz.chain(sub)]:
            code, rest = sub, rest[m:]
            break
    return Issuer(party_or_state(gaz, code, rest, party), code, gaz.regions[code].level)


# -- issuers named in the sentence: 中共中央办公厅 国务院办公厅印发的《…》, 教育部等九部门《…》,
#    会同市体育局印发《…》, 联合发改、财政、人社部门发布《…》 ---------------------------------------

NATIONAL_BODIES = alternation("agency_national_bodies")
AGENCY_WORDS = alternation("agency_words")
_PLACE = r"(?!联合|会同|共同)(?:中共)?(?:[\u4e00-\u9fff]{1,9}?(?:省|市|区|县)|[省市区县局])"
_NATIONAL_RE = re.compile(NATIONAL_BODIES)
_OWN_BUREAU = alternation("agency_own_bureaus")  # the reporting region's own bureau, named without a place
AGENT_PATTERN = rf"(?:{NATIONAL_BODIES}|{_PLACE}(?:{AGENCY_WORDS})|{_OWN_BUREAU})"
_AGENT_LIST = rf"{AGENT_PATTERN}(?:[、, 和与及]{{1,2}}{AGENT_PATTERN})*"
_CONTEXT_RE = re.compile(
    rf"(?P<agents>{_AGENT_LIST})?(?:等[一二三四五六七八九十\d]+个?部门)?(?P<joint>联合|会同|共同)?(?P<agents2>{_AGENT_LIST})?"
    rf"(?P<partners>[\u4e00-\u9fff、]{{1,20}}?部门)?"
    r"(?:研究|牵头)?(?:制定出台|制订出台|印发|发布|出台|制定|制订|下发|联合印发)?(?:了|的)?(?:关于)?$"
)
_DEPARTMENT = {e["term"]: e["agency"] for e in lexicon("agency_departments").entries}
_AGENT_SPLIT = re.compile(rf"{AGENT_PATTERN}")
_JOINT_BODIES = re.compile(r"(?<=[委府局厅])(?=[省市区县](?:委|政府|人民政府))|(?<=[委府局厅室])(?:会同|联合|共同)")


def trim_to_place(agent: str, context_region: str | None) -> str:
    """贯彻落实市教委 -> 市教委: an agent starts at a region near the report, or a relative 省/市/区/县."""
    gaz = gazetteer()
    for i in range(len(agent)):
        rest = agent[i:]
        if _NATIONAL_RE.match(rest) or rest.startswith("中共"):
            return rest
        for n in range(min(len(rest), 9), 1, -1):
            code = gaz.resolve(rest[:n], context_region)
            if code is None:
                continue
            region = gaz.regions[code]
            if rest[:n] == region.name or context_region is None or gaz.distance(code, context_region)[0] <= 2:
                return rest
        if rest[0] in "省市区县":
            return rest
    return agent


def issuers_from_context(before: str, context_region: str | None, reporter: str | None) -> list[Issuer]:
    """Bodies named right before a title (only verbs, 的, 等N部门 may stand between)."""
    m = _CONTEXT_RE.search(before[-60:])
    if not m or not (m["agents"] or m["agents2"] or m["partners"]):
        return []
    out: list[Issuer] = []
    agents = [part for a in _AGENT_SPLIT.findall((m["agents"] or "") + "、" + (m["agents2"] or ""))
              for part in _JOINT_BODIES.split(a) if part]  # 区委区政府, 县教育局会同县财政局: two bodies
    if m["joint"] and reporter and not m["agents"]:
        agents.insert(0, reporter)  # 会同市体育局印发: the reporting body and its partner
    for agent in agents:
        agent = trim_to_place(agent, context_region)
        if context_region and agent.startswith(("教育局", "教体局", "教育体育局", "局党委")):
            level = gazetteer().regions[context_region].level
            own = "教育" + agent if agent.startswith("局") else agent
            agent = ("区" if level == "county" else "市") + own
        issuer = canonical_agency(agent, context_region)
        if issuer.name not in {i.name for i in out}:
            out.append(issuer)
    if m["partners"] and context_region:
        gaz = gazetteer()
        level_region = out[0].region if out and out[0].region else context_region
        for short in re.split(r"[、,，和及与]", m["partners"].removesuffix("部门")):
            if short in _DEPARTMENT:
                out.append(Issuer(party_or_state(gaz, level_region, _DEPARTMENT[short], False), level_region, gaz.regions[level_region].level))
    return out
