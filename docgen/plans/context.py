"""From a validated plan to what a template sees: the plan, its approval stamp, the author.

A plan on its own and a plan in an order's appendix are built the same way here; a school's
plan gets its changes and its people in the roles first (:mod:`docgen.plans.schools`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from docgen.errors import DataError, DocgenError, InvalidDataError, Location
from docgen.grammar import _morph
from docgen.grammar.dates import format_date
from docgen.grammar.inflector import Inflector
from docgen.grammar.typography import phone_text
from docgen.model import ApprovalStyle, Plan, PlanData, SchoolChanges
from docgen.office.layout import Inserts
from docgen.plans import schools
from docgen.plans.table import KeyPath, PlanEnv, build_plan, role_key
from docgen.views import (
    Locate,
    OrgView,
    PersonView,
    TextRenderer,
    org_view,
    people_views,
    text_environment,
)

_STAMP_ENDINGS = {"masc": "", "femn": "А", "neut": "О", "plur": "Ы"}


def stamp_ending(title: str) -> str:
    """УТВЕРЖДЕН / УТВЕРЖДЕНА / УТВЕРЖДЕНО / УТВЕРЖДЕНЫ by the head noun of the title."""
    for word in re.findall(r"[А-Яа-яЁё]+", title):
        parses = _morph.parse(word.lower())
        if not parses or "NOUN" not in parses[0].tag:
            continue
        tag = parses[0].tag
        if tag.number == "plur":
            return _STAMP_ENDINGS["plur"]
        return _STAMP_ENDINGS.get(str(tag.gender), "")
    return ""


@dataclass
class Extras:
    """What a context brings besides text: tables, footnotes, sections; and warnings."""

    inserts: Inserts = field(default_factory=Inserts)
    warnings: list[DocgenError] = field(default_factory=list)
    locate: Locate | None = None


def build_plan_context(
    data: PlanData,
    inflector: Inflector,
    *,
    file: str | None = None,
    extras: Extras | None = None,
) -> dict[str, Any]:
    """Everything a template of a plan uses: the plan, its approval stamp, the author."""
    extras = extras or Extras()
    locate = extras.locate or (lambda path: Location(file=file))
    people = people_views(data.people, inflector)
    org = org_view(data.organization, inflector)
    texts = TextRenderer(
        text_environment(inflector), {"people": people, "org": org}, file, locate=extras.locate
    )
    env = PlanEnv(texts, people, inflector, extras.inserts, warnings=extras.warnings)
    view = school_plan(data.plan, data.school, env, locate, ("plan",), ("school",))
    approval = _approval(data, people, org, inflector) if data.approval else []
    if texts.problems:
        raise InvalidDataError(texts.problems, file)
    signer, executor = _signature(data, people)
    return {
        "org": org,
        "people": people,
        "plan": view,
        "approval": approval,
        "agreed": agreed(data, people),
        "qr": "",
        "signer": signer,
        "signed_date": format_date(data.date, "numeric") if data.date else "",
        "executor": executor,
    }


def _signature(data: PlanData, people: dict[str, PersonView]) -> tuple[dict[str, Any] | None, str]:
    """The signature after the text of a plan that is signed (an explanatory note) and the
    executor mark, as an order has them: «Начальник отдела … | И.О. Фамилия», «Фамилия И.О.,
    телефон»."""
    signer = None
    if data.signer is not None:
        person = person_of(people, data.signer.person, "signer.person")
        position = data.signer.position or str(person.position)
        signer = {
            "position": position[:1].upper() + position[1:],
            "name": str(person.io),
            "person": person,
        }
    executor = ""
    if data.executor is not None:
        person = person_of(people, data.executor.person, "executor.person")
        phone = data.executor.phone or person.phone
        executor = f"{person.short}, {phone_text(phone)}" if phone else str(person.short)
    return signer, executor


def school_plan(
    plan: Plan,
    school: SchoolChanges | None,
    env: PlanEnv,
    locate: Locate,
    path: KeyPath,
    school_path: KeyPath,
) -> dict[str, Any]:
    """A plan as is, or a school's plan: its changes applied, its people in the roles."""
    if school is None:
        return build_plan(plan, env, path)
    plan, origins = schools.apply_with_origins(plan, school, locate, school_path)
    texts = env.texts
    if texts.locate is not None:
        # the school's plan is numbered afresh: a text's problem is placed where it was written
        where = texts.locate
        texts = replace(texts, locate=lambda at: where(schools.origin_of(origins, path, at)))
    roles = {}
    for name, value in school.roles.items():
        keys = [value] if isinstance(value, str) else value
        names = [str(env.people[k].short) if k in env.people else k for k in keys]
        roles[role_key(name)] = ", ".join(names)
    own = replace(
        env,
        texts=texts,
        roles=roles,
        keep_unfilled_roles=school.keep_unfilled_roles,
        unfilled={},
        used_roles=set(),
    )
    view = build_plan(plan, own, path)
    for name in school.roles:
        if role_key(name) not in own.used_roles:
            env.warnings.append(
                DocgenError(
                    f"роль «{name}» не встречается в столбце ответственных плана (опечатка?)",
                    locate((*school_path, "roles", name)),
                )
            )
    return view


def _approval(
    data: PlanData, people: dict[str, PersonView], org: OrgView, inflector: Inflector
) -> list[str]:
    """ "УТВЕРЖДАЮ / Директор … / ________ И.О. Фамилия / «__» ____ 20__ г." or "УТВЕРЖДЕН …"."""
    approval = data.approval
    assert approval is not None
    if approval.style is ApprovalStyle.FREE:
        return list(approval.lines)
    if approval.style is ApprovalStyle.APPROVED:
        assert approval.date is not None
        kind = inflector.inflect(approval.kind.value, "ablt", kind="org")
        ending = stamp_ending(data.plan.title)
        reference = f"от {format_date(approval.date, 'numeric')} № {approval.number}"
        return [f"УТВЕРЖДЕН{ending}", f"{kind} {org.reference}", reference]
    approver = person_of(people, approval.person or "", "approval.person")
    position = str(approver.position)
    when = format_date(approval.date, "long") if approval.date else "«___» ____________ 20___ г."
    return [
        "УТВЕРЖДАЮ",
        position[:1].upper() + position[1:],
        f"________________ {approver.io}",
        when,
    ]


def agreed(data: PlanData, people: dict[str, PersonView]) -> list[list[str]]:
    """Each гриф согласования as its lines: СОГЛАСОВАНО, the position, the signature line with
    И.О. Фамилия and the date (blank to be filled in by hand when the data has none)."""
    blocks = []
    for index, agreement in enumerate(data.approval.agreed if data.approval else []):
        lines = ["СОГЛАСОВАНО"]
        if agreement.person is not None:
            who = person_of(people, agreement.person, f"approval.agreed[{index}].person")
            position = str(who.position)
            lines += [position[:1].upper() + position[1:], f"________________ {who.io}"]
        lines += agreement.lines
        if agreement.person is not None:
            lines.append(
                format_date(agreement.date, "long")
                if agreement.date
                else "«___» ____________ 20___ г."
            )
        blocks.append(lines)
    return blocks


def person_of(people: dict[str, PersonView], key: str, key_path: str) -> PersonView:
    """Loading checks references; this keeps the library safe when called with other data."""
    try:
        return people[key]
    except KeyError:
        known = ", ".join(people) or "никого"
        raise DataError(
            f"нет такого человека «{key}» в people; есть: {known}", Location(key_path=key_path)
        ) from None
