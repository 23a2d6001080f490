"""Moodle's own Cloze rules, re-implemented from its source for the tests (not from our writer):

- ``question/type/multianswer/questiontype.php``: ``ANSWER_REGEX`` and
  ``qtype_multianswer_extract_question`` (weights, types, alternatives, the ``\\}``/``\\#``
  unescaping and ``html_entity_decode`` of each answer, ``value:tolerance`` of NUMERICAL);
- ``question/type/shortanswer/question.php``: ``compare_string_with_wildcard``;
- ``question/type/numerical/question.php``: ``qtype_numerical_answer::get_tolerance_interval``
  (nominal: ``tolerance + ε·max(tolerance, |answer|, ε)`` with ε = 10⁻¹⁴, PHP's precision).

PCRE's ``(?<!\\\\|&|&amp;)`` has lookbehinds of different widths, which Python's ``re`` refuses;
three lookbehinds in a row mean the same.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
ALTERNATIVE = f"({FRACTION})?({ANSWER})(#({FEEDBACK}))?"
TYPES = (
    "(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
    "(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|"
    "(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
    "(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)"
)
BLANK = re.compile(
    r"\{([0-9]*):(" + TYPES + "):(" + ALTERNATIVE + "(~" + ALTERNATIVE + ")*)\\}", re.S
)
ONE_ALTERNATIVE = re.compile("~?" + ALTERNATIVE, re.S)
NUMBER = r"-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)"
NUMERICAL_ANSWER = re.compile(f"^({NUMBER})(:{NUMBER})?$", re.S)

# group numbers of BLANK (as Moodle's ANSWER_REGEX_* constants)
_KINDS = {
    3: ("numerical", False, False),
    4: ("multichoice", False, False),
    5: ("multichoice", False, False),
    6: ("multichoice", False, False),
    7: ("shortanswer", False, False),
    8: ("shortanswer", True, False),
    9: ("multichoice", False, True),
    10: ("multichoice", False, True),
    11: ("multichoice", False, True),
}
EPSILON = 1e-14


@dataclass
class Alternative:
    fraction: float
    answer: str
    tolerance: float = 0.0


@dataclass
class Blank:
    weight: int
    qtype: str  # numerical, shortanswer, multichoice
    usecase: bool = False
    shuffle: bool = False
    alternatives: list[Alternative] = field(default_factory=list)

    def accepts(self, response: str | float | int) -> bool:
        """Full marks for ``response`` (a number, a string, or a choice's index)."""
        if self.qtype == "numerical":
            return any(a.fraction == 1 and within(a, float(response)) for a in self.alternatives)
        if self.qtype == "shortanswer":
            for a in self.alternatives:  # the first matching answer decides (get_matching_answer)
                if compare_string_with_wildcard(str(response), a.answer, not self.usecase):
                    return a.fraction == 1
            return False
        return self.alternatives[int(response)].fraction == 1


def within(alternative: Alternative, value: float) -> bool:
    answer, tol = float(alternative.answer.replace(",", ".")), abs(alternative.tolerance)
    tol = tol + EPSILON * max(tol, abs(answer), EPSILON)
    return answer - tol <= value <= answer + tol


def compare_string_with_wildcard(string: str, pattern: str, ignorecase: bool) -> bool:
    pattern = unicodedata.normalize("NFC", pattern)
    string = unicodedata.normalize("NFC", string)
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = "^" + ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits) + "$"
    return re.search(regexp, string.strip(" \t\n\r\0\x0b"), re.I if ignorecase else 0) is not None


def _alternatives(text: str, numerical: bool) -> list[Alternative]:
    out = []
    while (m := ONE_ALTERNATIVE.search(text)) is not None:
        fraction = (
            1.0
            if m.group(1) == "="
            else (float(m.group(2).replace(",", ".")) / 100 if m.group(2) else 0.0)
        )
        answer = m.group(3)
        num = NUMERICAL_ANSWER.match(answer) if numerical else None
        if num is not None:
            out.append(Alternative(fraction, num.group(1), float(num.group(6) or 0)))
        else:
            answer = html.unescape(answer).replace("\\}", "}").replace("\\#", "#")
            out.append(Alternative(fraction, answer))
        text = text.split(m.group(0), 1)[1]
    return out


def extract(question_text: str) -> list[Blank]:
    """Every blank of a Cloze question text, in order (as ``qtype_multianswer_extract_question``)."""
    blanks = []
    text = question_text
    while (m := BLANK.search(text)) is not None:
        kind = next(k for k in _KINDS if m.group(k))
        qtype, usecase, shuffle = _KINDS[kind]
        blank = Blank(int(m.group(1) or 1), qtype, usecase, shuffle)
        blank.alternatives = _alternatives(m.group(16), qtype == "numerical")
        blanks.append(blank)
        text = text.replace(m.group(0), f"{{#{len(blanks)}}}", 1)
    return blanks
