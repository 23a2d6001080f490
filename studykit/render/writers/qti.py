"""An IMS QTI 1.2 package (.zip) that Canvas (Classic Quizzes) imports as a quiz, laid out as
gpoore/text2qti and R/exams ``exams2qti12(flavor = "canvas")`` write it: ``imsmanifest.xml``,
the assessment ``ID/ID.xml``, Canvas's ``ID/assessment_meta.xml`` and the figures under
``images/`` (referenced as ``$IMS-CC-FILEBASE$/images/…``).

A Canvas numerical question holds one number, so a part with k entries becomes k questions; each
question carries its variant's whole statement. Every question position of a slot is a question
group drawing one of the variants, worth that entry's share of the part's points:

- numbers: ``numerical_question``, one answer for the key and one for each alternative, each the
  key's value with the range its tolerance allows there (exact value ``or`` the range);
- choices: ``multiple_choice_question`` (the quiz shuffles answers);
- shapes and formulas: ``short_answer_question`` with the accepted spellings (Canvas compares
  text exactly, without wildcards); a formula gives the ``studykit check`` command;
- explanations: ``essay_question``, the model answer and marking points as feedback.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from html import escape
from typing import Any

from ...i18n import Text
from ...problems.model import Answer, Problem
from ..views import answer_prompt, colon
from .mathjax import MediaWriter
from .moodle import shape_spellings
from .parts import NUMERIC, Slot, check_command, flat, part_points, references, tolerance_at

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
IMSCP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
FILEBASE = "%24IMS-CC-FILEBASE%24/images/"

T = {
    "entry": Text("entry {e}", "第 {e} 个元素"),
    "formula": Text(
        "Only these exact forms are accepted; any equivalent form is checked by",
        "此处只接受这几种写法；任何等价写法都可以用下面的命令检查：",
    ),
    "model": Text("Model answer", "参考答案"),
}


def ident(*parts: object) -> str:
    """A stable QTI identifier from ``parts``."""
    return "sk" + hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]


def _metadata(qtype: str, points: float, answer_ids: Sequence[str], ref: str) -> str:
    fields = [
        ("question_type", qtype),
        ("points_possible", f"{points:g}"),
        ("original_answer_ids", ",".join(answer_ids)),
        ("assessment_question_identifierref", ref),
    ]
    inner = "".join(
        f"<qtimetadatafield><fieldlabel>{k}</fieldlabel><fieldentry>{escape(v)}</fieldentry>"
        "</qtimetadatafield>"
        for k, v in fields
    )
    return f"<itemmetadata><qtimetadata>{inner}</qtimetadata></itemmetadata>"


def _mattext(html: str) -> str:
    return (
        f'<material><mattext texttype="text/html">{escape(html, quote=False)}</mattext></material>'
    )


def _text_entry(text: str) -> str:
    """The question's text and one text box (short answers and essays)."""
    return (
        f"<presentation>{_mattext(text)}"
        '<response_str ident="response1" rcardinality="Single">'
        '<render_fib><response_label ident="answer1" rshuffle="No"/></render_fib>'
        "</response_str></presentation>"
    )


def _correct(condition: str) -> str:
    return (
        f'<respcondition continue="No"><conditionvar>{condition}</conditionvar>'
        '<setvar action="Set" varname="SCORE">100</setvar></respcondition>'
    )


_OUTCOMES = (
    '<outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>'
)


def _feedback(html: str) -> str:
    shown = (
        '<respcondition continue="Yes"><conditionvar><other/></conditionvar>'
        '<displayfeedback feedbacktype="Response" linkrefid="general_fb"/></respcondition>'
    )
    item = f'<itemfeedback ident="general_fb"><flow_mat>{_mattext(html)}</flow_mat></itemfeedback>'
    return shown, item


class QtiWriter(MediaWriter):
    """Canvas questions of a problem set, grouped per slot and question position."""

    media_prefix = FILEBASE

    def items(self, problem: Problem, points: Sequence[float]) -> list[tuple[str, float, str]]:
        """(group key, points, item XML) for every question of ``problem``."""
        statement = self.statement_html(problem)
        feedback = self.feedback_html(problem)
        out = []
        for index, (answer, part) in enumerate(zip(problem.answers, points, strict=True)):
            prompt = f"({self.letter(index)}) {escape(answer_prompt(answer, self.lang))}"
            if answer.kind in NUMERIC:
                entries = len(flat(answer.value))
                for e in range(entries):
                    where = escape(T["entry"].get(self.lang, e=e + 1)) if entries > 1 else ""
                    text = f"{statement}<p>{prompt}{' — ' + where if where else ''}</p>"
                    item = self.numerical(problem, answer, e, text, part / entries, feedback)
                    out.append((f"{index}.{e}", part / entries, item))
                continue
            text = f"{statement}<p>{prompt}</p>"
            if answer.kind == "choice":
                item = self.choice(problem, answer, text, part, feedback)
            elif answer.kind == "explain":
                item = self.essay(problem, answer, text, part)
            else:
                item = self.short_answer(problem, answer, text, part, feedback)
            out.append((f"{index}", part, item))
        return out

    def _item(self, key: tuple[object, ...], title: str, body: str) -> str:
        return f'<item ident="{ident(*key)}" title="{escape(title)}">{body}</item>'

    def numerical(
        self, problem: Problem, answer: Answer, entry: int, text: str, points: float, fb: str
    ) -> str:
        refs = dict.fromkeys(r[entry] for r in references(answer))
        conditions = []
        for value in refs:
            tol = tolerance_at(answer.tolerance, value)
            conditions.append(
                _correct(
                    f'<or><varequal respident="response1">{value!r}</varequal><and>'
                    f'<vargte respident="response1">{value - tol!r}</vargte>'
                    f'<varlte respident="response1">{value + tol!r}</varlte></and></or>'
                )
            )
        shown, item_fb = _feedback(fb)
        body = (
            _metadata("numerical_question", points, [], ident(problem.id, answer.id, entry, "q"))
            + f"<presentation>{_mattext(text)}"
            '<response_str ident="response1" rcardinality="Single">'
            '<render_fib fibtype="Decimal"><response_label ident="answer1"/></render_fib>'
            "</response_str></presentation>"
            f"<resprocessing>{_OUTCOMES}{shown}{''.join(conditions)}</resprocessing>{item_fb}"
        )
        return self._item(
            (problem.id, answer.id, entry), f"{problem.id} {answer.id} {entry + 1}", body
        )

    def choice(self, problem: Problem, answer: Answer, text: str, points: float, fb: str) -> str:
        ids = [ident(problem.id, answer.id, k) for k, _ in answer.choices]
        labels = "".join(
            f'<response_label ident="{i}">{_mattext(escape(self.text(t)))}</response_label>'
            for i, (_, t) in zip(ids, answer.choices, strict=True)
        )
        right = next(i for i, (k, _) in zip(ids, answer.choices, strict=True) if k == answer.value)
        shown, item_fb = _feedback(fb)
        body = (
            _metadata("multiple_choice_question", points, ids, ident(problem.id, answer.id, "q"))
            + f"<presentation>{_mattext(text)}"
            '<response_lid ident="response1" rcardinality="Single">'
            f"<render_choice>{labels}</render_choice></response_lid></presentation>"
            f"<resprocessing>{_OUTCOMES}{shown}"
            + _correct(f'<varequal respident="response1">{right}</varequal>')
            + f"</resprocessing>{item_fb}"
        )
        return self._item((problem.id, answer.id), f"{problem.id} {answer.id}", body)

    def short_answer(
        self, problem: Problem, answer: Answer, text: str, points: float, fb: str
    ) -> str:
        if answer.kind == "shape":
            forms = shape_spellings(*answer.value)
        else:
            forms = [str(answer.value), *(str(a) for a in answer.alternatives)]
            forms = list(dict.fromkeys(forms + [f.replace(" ", "") for f in forms]))
            command = escape(check_command(problem, answer))
            text += f"<p><small>{escape(T['formula'].get(self.lang))} <code>{command}</code></small></p>"
        equal = "".join(f'<varequal respident="response1">{escape(f)}</varequal>' for f in forms)
        shown, item_fb = _feedback(fb)
        body = (
            _metadata("short_answer_question", points, [], ident(problem.id, answer.id, "q"))
            + _text_entry(text)
            + f"<resprocessing>{_OUTCOMES}{shown}{_correct(equal)}</resprocessing>{item_fb}"
        )
        return self._item((problem.id, answer.id), f"{problem.id} {answer.id}", body)

    def essay(self, problem: Problem, answer: Answer, text: str, points: float) -> str:
        value = answer.value
        model = value.get(self.lang, "") if isinstance(value, dict) else str(value)
        ticks = "".join(f"<li>{escape(self.text(m.text))} ({m.marks})</li>" for m in answer.marking)
        heading = escape(T["model"].get(self.lang) + colon(self.lang))
        shown, item_fb = _feedback(f"<p><b>{heading}</b>{escape(model)}</p><ul>{ticks}</ul>")
        body = (
            _metadata("essay_question", points, [], ident(problem.id, answer.id, "q"))
            + _text_entry(text)
            + f"<resprocessing>{_OUTCOMES}"
            '<respcondition continue="No"><conditionvar><other/></conditionvar></respcondition>'
            f"{shown}</resprocessing>{item_fb}"
        )
        return self._item((problem.id, answer.id), f"{problem.id} {answer.id}", body)

    # ----------------------------------------------------------------- the package

    def sections(self, slots: Sequence[Slot]) -> tuple[list[str], float]:
        """A question group per slot and question position, and the quiz's points."""
        self.media = {}
        out, total = [], 0.0
        for slot in slots:
            groups: dict[str, list[str]] = {}
            worth: dict[str, float] = {}
            for problem in slot.problems:
                writer = self.for_notation(problem.conventions.notation)
                assert isinstance(writer, QtiWriter)
                writer.media = self.media
                for key, points, item in writer.items(problem, part_points(slot.entry, problem)):
                    groups.setdefault(key, []).append(item)
                    worth.setdefault(key, points)
            for key, items in groups.items():
                title = f"slot {slot.number} · {key}"
                out.append(
                    f'<section ident="{ident("group", slot.number, key)}" title="{escape(title)}">'
                    "<selection_ordering><selection><selection_number>1</selection_number>"
                    f"<selection_extension><points_per_item>{worth[key]:g}</points_per_item>"
                    "</selection_extension></selection></selection_ordering>"
                    + "".join(items)
                    + "</section>"
                )
                total += worth[key]
        return out, total

    def export(self, set_name: str, title: Text, slots: Sequence[Slot]) -> bytes:
        """The .zip file Canvas imports (Import Course Content → QTI .zip file)."""
        quiz = ident("quiz", set_name, self.lang, *(p.id for s in slots for p in s.problems))
        sections, total = self.sections(slots)
        name = escape(self.text(title))
        assessment = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<questestinterop xmlns="{QTI_NS}">'
            f'<assessment ident="{quiz}" title="{name}"><qtimetadata><qtimetadatafield>'
            "<fieldlabel>cc_maxattempts</fieldlabel><fieldentry>1</fieldentry>"
            '</qtimetadatafield></qtimetadata><section ident="root_section">'
            + "".join(sections)
            + "</section></assessment></questestinterop>\n"
        )
        buffer = io.BytesIO()
        files = {
            "imsmanifest.xml": manifest(quiz, name, sorted(self.media)),
            f"{quiz}/{quiz}.xml": assessment,
            f"{quiz}/assessment_meta.xml": assessment_meta(quiz, name, total),
            **{f"images/{n}": source for n, source in sorted(self.media.items())},
        }
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, text in files.items():  # a fixed date: the same set gives the same bytes
                info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
                archive.writestr(info, text, compress_type=zipfile.ZIP_DEFLATED)
        return buffer.getvalue()


def manifest(quiz: str, title: str, images: Sequence[str]) -> str:
    """``imsmanifest.xml``: the assessment, its Canvas metadata (a dependency) and the images."""
    files = "".join(
        f'<resource identifier="{ident("image", n)}" type="webcontent" href="images/{n}">'
        f'<file href="images/{n}"/></resource>'
        for n in images
    )
    meta = ident("meta", quiz)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest identifier="{ident("manifest", quiz)}"'
        f' xmlns="{IMSCP_NS}"><metadata><schema>IMS Content</schema>'
        "<schemaversion>1.1.3</schemaversion></metadata><organizations/><resources>"
        f'<resource identifier="{quiz}" type="imsqti_xmlv1p2"><file href="{quiz}/{quiz}.xml"/>'
        f'<dependency identifierref="{meta}"/></resource>'
        f'<resource identifier="{meta}" type="associatedcontent/imscc_xmlv1p1/'
        f'learning-application-resource" href="{quiz}/assessment_meta.xml">'
        f'<file href="{quiz}/assessment_meta.xml"/></resource>{files}</resources></manifest>\n'
    )


def assessment_meta(quiz: str, title: str, points: float) -> str:
    """Canvas's quiz settings: shuffled answers, one attempt, the total points."""
    fields: list[tuple[str, Any]] = [
        ("title", title),
        ("description", ""),
        ("shuffle_answers", "true"),
        ("scoring_policy", "keep_highest"),
        ("hide_results", ""),
        ("quiz_type", "assignment"),
        ("points_possible", f"{points:.1f}"),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "false"),
    ]
    inner = "".join(f"<{k}>{v}</{k}>" for k, v in fields)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz identifier="{quiz}" xmlns="{CANVAS_NS}">'
        f"{inner}</quiz>\n"
    )
