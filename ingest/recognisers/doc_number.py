"""文号 (document numbers) such as 浙政教督办〔2022〕5号, in any bracket style."""
from __future__ import annotations

import re

from ingest.issuers import agency_codes, canonical_agency, issuer_from_code, national_codes, trim_to_place
from ingest.mentions import Mention
from ingest.normalise import ORDER_NUMBER_RE

TRIGGER = "号"
_BRACKETED = r"\s*[〔\[［(（【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】]\s*第?\s*(?P<serial>\d{1,5})\s*号"
_RUN = 16  # characters of the run of Chinese before the brackets that can hold the 代字
_NUMBER_RE = re.compile(rf"(?P<run>[\u4e00-\u9fff]{{1,{_RUN}}}){_BRACKETED}")
_BRACKETED_RE = re.compile(_BRACKETED)


def _is_hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _numbers(text: str):
    """(run start, run, year, serial, end) of each match of _NUMBER_RE.finditer(text), in order,
    found from the bracketed year and serial back: the regex itself tries every character of
    every run of Chinese. A match's run is the Chinese just before a bracketed part, from at
    most _RUN characters back and not before the previous match's end."""
    resume = 0
    for m in _BRACKETED_RE.finditer(text):
        end_of_run = start = m.start()
        while start > max(resume, end_of_run - _RUN) and _is_hanzi(text[start - 1]):
            start -= 1
        if start < end_of_run:
            yield start, text[start:end_of_run], m["year"], m["serial"], m.end()
            resume = m.end()
# Characters an agency code is made of; a 代字 is a place character followed by these.
_CODE_CHARS = set("".join(agency_codes()) + "".join(national_codes()) + "政办发教督导室财编委人社基职成高研厅局函字综计规党组宣卫健体艺法民思师技科改革农商建交通文旅医保一二三")


def _code_of(run: str) -> str:
    """The 代字 at the end of a run of Chinese characters: 根据浙政教督办 -> 浙政教督办."""
    best = run[-1:]
    for i in range(len(run) - 1, -1, -1):
        tail = run[i + 1 :]
        if tail and not set(tail) <= _CODE_CHARS:
            break
        best = run[i:]
    # A leading verb or connective is not a place character: trim while the head is not a code start.
    while len(best) > 2 and best[0] in "据照至及和与见按的了等在对将由经向发关转印":
        best = best[1:]
    return best


def find_doc_numbers(text: str, context_region: str | None) -> list[Mention]:
    if TRIGGER not in text:
        return []
    out: list[Mention] = find_order_numbers(text, context_region) if "令" in text else []
    for run_start, run, year, serial, end in _numbers(text):
        code = _code_of(run)
        start = run_start + len(run) - len(code)
        number = f"{code}〔{year}〕{int(serial)}号"
        issuer = issuer_from_code(code, context_region)
        out.append(
            Mention(
                "DOC_NUMBER", start, end, text[start:end], number,
                {"code": code, "year": int(year), "serial": int(serial), "issuer": issuer},
            )
        )
    return out


def find_order_numbers(text: str, context_region: str | None) -> list[Mention]:
    """令-style numbers: 教育部令第13号 names its issuer in full; the issuer starts at a body's name."""
    from ingest.recognisers.agency import is_agency_name

    out: list[Mention] = []
    for m in ORDER_NUMBER_RE.finditer(text):
        run = m["issuer"]
        agent = next((run[i:] for i in range(len(run) - 1) if is_agency_name(run[i:])), None)
        if agent is None:
            agent = trim_to_place(run, context_region)
            if not is_agency_name(agent):
                continue
        start = m.start("issuer") + len(run) - len(agent)
        issuer = canonical_agency(agent, context_region)
        out.append(Mention("DOC_NUMBER", start, m.end(), text[start : m.end()], f"{agent}令第{int(m['serial'])}号",
                           {"code": agent + "令", "year": None, "serial": int(m["serial"]), "issuer": issuer}))
    return out
