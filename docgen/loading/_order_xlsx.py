"""Reading an order from an Excel workbook: every value remembers its sheet and cell.

Книга Excel (.xlsx) — листы (названия листов, полей и столбцов — по-русски или по-английски):

* «Организация» (organization) и «Документ» (document): столбец A — поле, B — значение;
  строка заголовков «поле | значение» не обязательна, столбцы правее B — для пояснений.
  Организация: название (name), краткое название (short_name), вышестоящий орган (superior),
  подчинённость (parent), шапка (header; каждая строка ячейки — строка шапки), место (place),
  адрес (address), телефон (phone), email, сайт (site).
  Шаблоны номеров журнала регистрации: шаблон номера приказа, шаблон номера распоряжения
  («{n}-од»: {n} — порядковый номер в журнале).
  Документ: вид (kind: приказ / распоряжение), номер (number; «авто» — из журнала), дата (date: дата Excel или
  ДД.ММ.ГГГГ), формат даты (date_style: цифрами / в кавычках / словами), перед датой
  (date_prefix), место (place), заголовок (title), основание (basis), цель (purpose),
  команда (command: обычная / вразрядку / нет), тире (bullet), контроль (control: ключ
  человека, «за собой» или свой текст), подписывает (signer: ключ человека), должность
  подписывающего (signer_position), исполнитель (executor: ключ), телефон исполнителя
  (executor_phone), qr (да / нет).
* «Люди» (people): таблица; первая непустая строка — заголовки
  ключ | фамилия | имя | отчество | пол | должность | должность кратко | телефон;
  когда полное имя неизвестно — столбец «инициалы» (И.Г.) вместо имени и отчества.
  Ключ (без пробелов) — имя человека в текстах: ``{{ people.petrova | вн }}``.
* «Пункты» (points): таблица номер | текст, необязательные столбцы срок | ответственный и
  человек | падеж | как. Номер 1, 2, 3.1, 3.1.2 задаёт вложенность; «–» или «-» — пункт-тире
  последнего пункта с номером. Номера идут по порядку. Срок — дата Excel (исполнить до неё) или
  текст как в плане («до 25.05.2024», «ежемесячно до 5 числа»); ответственный — ключ человека с
  листа «Люди» или текст, несколько — через «;». Человек (ключ с листа «Люди»), падеж (им, рд,
  дт, вн, тв, пр) и как (ФИО, должность, должность и ФИО, ФИО и должность) вставляют человека в
  текст без Jinja: на место «___» в тексте или, если его нет, в начало пункта с заглавной
  буквы; формы те же, что у ``{{ people.petrova | вн }}`` (падеж по умолчанию — именительный,
  как — ФИО). Предлог «о» перед «___» в предложном падеже согласуется с формой: «о ___» —
  «об Ивановой», «о Егорове».
* «Приложения» (appendices, не обязателен): таблица
  номер | заголовок | вид (отметка / утвержден / утверждаю) | утверждает (ключ) | текст;
  строка, где заполнен только «текст», — ещё один абзац приложения выше.
* «Согласование» (visas, не обязателен): лист согласования — таблица
  ключ | должность | дата | замечания; ключ — человек с листа «Люди», должность — если в
  листе согласования она другая; дата и замечания обычно пишут от руки.
* «Ознакомление» (acquaintance, не обязателен): лист ознакомления — таблица «ключ»: кого
  ознакомить, кроме тех, кого называют пункты приказа и контроль. Поле «лист ознакомления» на
  листе «Документ»: да (все названные и по списку), только по списку, нет.

Пустые строки пропускаются; лишние листы, поля и столбцы — ошибки с их ячейкой.

In English: sheets Organization and Document are "field | value" pairs; People, Points and
Appendices are tables with a header row; a point's number (1, 3.1, 3.1.2 or a dash) gives
its place in the hierarchy. Every value remembers its sheet and cell, and errors name them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar

from docgen.loading import _sheets as xl
from docgen.loading._common import KEY, KeyPath, Locator

# ----------------------------------------------------------------------------------------- Excel

_SHEETS: dict[str, tuple[str, ...]] = xl.names(
    "organization: Организация|organization|организация; document: Документ; people: Люди; "
    "points: Пункты; appendices: Приложения"
)
# листы согласования и ознакомления (issue 19): their sheets, field and choice, kept together
_SHEETS.update(
    xl.names(
        "visas: Согласование|Лист согласования|Визы; acquaintance: Ознакомление|Лист ознакомления"
    )
)
ORDER_BOOK = xl.Book(_SHEETS, ("organization", "document", "points"))
_ORG_FIELDS: dict[str, tuple[str, ...]] = xl.names(
    "name: название|наименование; short_name: краткое название|сокращённое название; "
    "superior: вышестоящий орган; parent: подчинённость; header: шапка; place: место; "
    "address: адрес; phone: телефон; email: email|e-mail|эл. почта|электронная почта; site: сайт"
)
#: An order's organization also sets the patterns of its registration numbers.
_ORDER_ORG_FIELDS: dict[str, tuple[str, ...]] = {
    **_ORG_FIELDS,
    **xl.names(
        "numbering_prikaz: шаблон номера приказа|шаблон номера; "
        "numbering_rasporyazhenie: шаблон номера распоряжения"
    ),
}
_DOC_FIELDS: dict[str, tuple[str, ...]] = xl.names(
    "kind: вид; number: номер; date: дата; date_style: формат даты; date_prefix: перед датой; "
    "place: место; title: заголовок; basis: основание; purpose: цель; command: команда; "
    "bullet: тире|маркер; control: контроль; signer: подписывает; "
    "signer_position: должность подписывающего; executor: исполнитель; "
    "executor_phone: телефон исполнителя; qr: qr|qr-код"
)
_DOC_FIELDS.update(xl.names("acquaintance: лист ознакомления"))
_VISAS = xl.Table(
    xl.names("person: ключ; position: должность; date: дата; remarks: замечания"),
    required=("person",),
)
_ACQUAINTANCE = xl.Table(xl.names("person: ключ"), required=("person",))
#: «только по списку»: the people on the sheet only, not everyone the order names.
_LISTED = "listed"
#: Fields that the sheet keeps flat but the data nests: the path from the data's root.
_PATHS: dict[str, KeyPath] = {
    "signer": ("document", "signer", "person"),
    "signer_position": ("document", "signer", "position"),
    "executor": ("document", "executor", "person"),
    "executor_phone": ("document", "executor", "phone"),
    "numbering_prikaz": ("organization", "numbering", "приказ"),
    "numbering_rasporyazhenie": ("organization", "numbering", "распоряжение"),
}
PEOPLE = xl.Table(
    xl.names(
        "key: ключ; surname: фамилия; name: имя; patronymic: отчество; initials: инициалы; "
        "gender: пол; position: должность; position_short: должность кратко|краткая должность; "
        "phone: телефон"
    ),
    required=("key",),
)
POINTS = xl.Table(
    xl.names(
        "number: номер|№; text: текст; deadline: срок|сроки|срок исполнения; "
        "responsible: ответственный|ответственные"
    ),
    ("number", "text"),
)
#: The order workbook's points: a person put in by columns, not by Jinja typed into the text.
ORDER_POINTS = xl.Table(
    xl.names(
        "number: номер|№; text: текст; deadline: срок|сроки|срок исполнения; "
        "responsible: ответственный|ответственные; person: человек|кто; case: падеж; form: как|что"
    ),
    ("number", "text"),
)
#: The cases a point's «падеж» offers: the filter's name, then the words a cell may hold.
CASES = xl.Choice.of(
    им="именительный|nomn|кто? что?",
    рд="родительный|gent|кого? чего?",
    дт="дательный|datv|кому? чему?",
    вн="винительный|accs|кого? что?",
    тв="творительный|ablt|кем? чем?",
    пр="предложный|loct|о ком? о чём?",
)
#: What of the person a point's «как» puts in: the Jinja it stands for, {key} and {case} filled.
PERSON_FORMS = xl.Choice.of(
    name="ФИО|фамилия и инициалы|фамилия",
    position="должность",
    position_name="должность и ФИО|должность ФИО",
    name_position="ФИО и должность|ФИО, должность",
)
#: ``{first}`` is the filter of the first word: the case, or «о» that prints the preposition
#: agreeing with it («об Иванове», «о Петрове»).
_PERSON_JINJA = {
    "name": "{{{{ people.{key} | {first}{cap} }}}}",
    "position": "{{{{ people.{key}.position | {first}{cap} }}}}",
    "position_name": "{{{{ people.{key}.position | {first}{cap} }}}} {{{{ people.{key} | {case} }}}}",
    "name_position": "{{{{ people.{key}.with_position | {first}{cap} }}}}",
}
_BLANK = re.compile(r"_{3,}")  # «___»: where the person goes in a point's text
#: «о ___», «об ___», «обо ___» (a word of its own): the preposition docgen makes agree with
#: the form it puts in, if that form is prepositional.
_ABOUT = re.compile(r"(?:^|(?<=[\s«(„\"]))(о|об|обо)\s+$", re.IGNORECASE)
_APPENDICES = xl.Table(
    xl.names(
        "number: номер|№; title: заголовок; style: вид; approver: утверждает; "
        "text: текст|text|paragraphs"
    ),
    required=("title",),
)
#: Words the sheet accepts for a choice, each with the value of the schema (first is shown).
_CHOICES: dict[str, xl.Choice] = {
    "kind": xl.ACT,
    "date_style": xl.Choice.of(numeric="цифрами", quoted="в кавычках", long="словами"),
    "command": xl.Choice.of(
        plain="обычная|обычно", spaced="вразрядку|в разрядку", none="нет|без команды"
    ),
    "qr": xl.YES_NO,
    "acquaintance": xl.Choice(
        (
            (True, ("да", "все названные", "yes", "true")),
            (_LISTED, ("только по списку", "по списку", _LISTED)),
            (False, ("нет", "no", "false")),
        )
    ),
    "style": xl.Choice.of(
        mark="отметка", approved="утвержден|утверждена|утверждено|утверждены", approve="утверждаю"
    ),
}
_PERSON_KEY = (
    "не указан ключ человека: короткое имя без пробелов, по которому тексты называют "
    "человека (ivanova)",
    "ключ «{key}» уже есть в ячейке {cell}",
)
_SELF_CONTROL = ("за собой", "оставляю за собой", "self")
_DASHES = {"-", "–", "—", "•"}
_POINT_NUMBER = re.compile(r"\d+(?:\.\d+)*")


class _ExcelReader:
    """Turns the sheets of a workbook into the schema's data, remembering each cell.

    ``paths``, ``dates`` and ``choices`` say where the fields of «поле | значение» sheets go
    and what they hold; a field whose path is outside its sheet's root lands in ``outside``.
    """

    paths: ClassVar[Mapping[str, KeyPath]] = _PATHS
    dates: ClassVar[frozenset[str]] = frozenset({"date"})
    choices: ClassVar[Mapping[str, xl.Choice]] = _CHOICES

    def __init__(self, locator: Locator) -> None:
        self.locator = locator
        self.outside: dict[str, dict[str, Any]] = {}

    def read(self, workbook: Any) -> dict[str, Any]:
        self.locator.people_label = f"на листе «{_SHEETS['people'][0]}»"
        sheets = xl.open_sheets(workbook, ORDER_BOOK, self.locator)
        organization = self.pairs(sheets.get("organization"), "organization", _ORDER_ORG_FIELDS)
        document = self.pairs(sheets.get("document"), "document", _DOC_FIELDS)
        raw: dict[str, Any] = {"organization": organization, "document": document}
        if "people" in sheets:
            raw["people"] = self.people(sheets["people"])
        points = self.points(sheets.get("points"))
        if points is not None:
            document["points"] = points
        else:
            self.locator.suppressed.add(("document", "points"))
        if "appendices" in sheets:
            appendices = self.appendices(sheets["appendices"])
            if appendices is not None:
                document["appendices"] = appendices
        self.signature_sheets(sheets, document)
        return raw

    # -- листы согласования и ознакомления (issue 19)

    def signature_sheets(self, sheets: Mapping[str, Any], document: dict[str, Any]) -> None:
        """The visas from «Согласование»; the лист ознакомления from the «Документ» field and
        the people on «Ознакомление» (the sheet with people on it alone turns it on)."""
        if "visas" in sheets:
            title = str(sheets["visas"].title)
            self.locator.record(("document", "visas"), sheet=title)
            visas: list[dict[str, Any]] = []
            for row in self.table(sheets["visas"], _VISAS) or []:
                path: KeyPath = ("document", "visas", len(visas))
                self.at(path, row, title, "person")
                visa: dict[str, Any] = {}
                self.fill(visa, path, row, title, ("person", "position", "date", "remarks"))
                visas.append(visa)
            if visas:
                document["visas"] = visas
        wanted = document.get("acquaintance")
        path = ("document", "acquaintance")
        if "acquaintance" not in sheets:
            if wanted == _LISTED:
                self.locator.problem(
                    path, f"«только по списку», но листа «{_SHEETS['acquaintance'][0]}» нет"
                )
                document.pop("acquaintance")
            return
        title = str(sheets["acquaintance"].title)
        if wanted is None:
            self.locator.record(path, sheet=title)
        people: list[Any] = []
        for row in self.table(sheets["acquaintance"], _ACQUAINTANCE) or []:
            where: KeyPath = (*path, "people", len(people))
            self.at(where, row, title, "person")
            people.append(self.text(row, "person", where))
        if wanted is None and not people:
            return  # an empty sheet (as the blank form has it) asks for nothing
        if wanted is not False:
            self.locator.record((*path, "people"), sheet=title)
            document["acquaintance"] = {"named": wanted != _LISTED, "people": people}

    # -- «поле | значение» sheets

    def pairs(self, sheet: Any, root: str, spec: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        title = str(sheet.title) if sheet is not None else _SHEETS[root][0]
        self.locator.record((root,), sheet=title)
        for name, names in spec.items():  # a field with no row is reported on the sheet
            path = self.paths.get(name, (root, name))
            if path[0] == root and path[:-1] not in self.locator.places:
                self.locator.record(path[:-1], sheet=title, label=names[0])
            if path[0] == root:
                self.locator.record(path, sheet=title, label=names[0])
        result: dict[str, Any] = {}
        if sheet is None:
            return result

        def report(message: str, sheet_title: str, cell: str | None) -> None:
            self.locator.problem_at(message, sheet=sheet_title, cell=cell)

        for key, (value, where) in xl.read_fields(sheet, spec, report).items():
            path = self.paths.get(key, (root, key))
            if value is not None:
                self.put(result, root, key, value, title, where, spec[key][0])
            elif path[0] == root:
                self.locator.record(path, sheet=title, cell=where, label=spec[key][0])
        return result

    def put(
        self,
        result: dict[str, Any],
        root: str,
        key: str,
        value: Any,
        sheet: str,
        cell: str,
        label: str,
    ) -> None:
        """Place one field's value where the data wants it (signer → signer.person, …)."""

        def record(*path: str | int) -> None:
            self.locator.record(path, sheet=sheet, cell=cell, label=label)

        path = self.paths.get(key, (root, key))
        name = str(path[-1])
        record(*path)
        if path[0] != root:  # a part outside the sheet's root (a plan's approval): at its first
            if not self.outside.get(str(path[0])):
                record(*path[:-1])
            result = self.outside.setdefault(str(path[0]), {})
        elif len(path) > 2:  # a part nested in the root (the signer): at its last field
            record(*path[:-1])
            result = result.setdefault(str(path[1]), {})
        if key in self.dates:
            result[name] = value.date() if isinstance(value, datetime) else value
        elif key in self.choices:
            choice = self.pick(self.choices[key], value, path)
            if choice is not None:
                result[name] = choice
        elif key == "header":
            if not isinstance(value, str):
                value = self.plain(value, path)
            lines = str(value).splitlines() if value is not None else []
            result[name] = [line.strip() for line in lines if line.strip()]
            for index in range(len(result[name])):
                record(*path, index)
        elif key == "control":
            if isinstance(value, str) and xl.norm(value) in _SELF_CONTROL:
                result[name], end = {"self": True}, "self"
            elif isinstance(value, str) and KEY.fullmatch(value):
                result[name], end = {"person": value}, "person"
            else:
                result[name], end = {"text": self.plain(value, path)}, "text"
            record(*path, end)
        else:
            result[name] = self.plain(value, path)

    def plain(self, value: Any, path: KeyPath) -> Any:
        """A text value; a date or time here is Excel's guess, reported rather than kept."""
        if isinstance(value, datetime | date | time | timedelta):
            self.locator.problem(
                path,
                f"Excel принял значение за дату или время ({value}): задайте ячейке "
                "текстовый формат и введите значение заново",
            )
            self.locator.suppressed.add(path)
            return None
        return value

    def pick(self, choice: xl.Choice, value: Any, path: KeyPath) -> Any:
        """The schema's value for a word of a choice; a wrong word is reported and dropped."""
        found, result = choice.find(value)
        if not found:
            self.locator.problem(path, choice.wrong(value))
            self.locator.suppressed.add(path)
        return result

    # -- table sheets

    def table(self, sheet: Any, table: xl.Table) -> list[xl.Row] | None:
        return xl.read_table(sheet, table, self.locator)

    def at(
        self, path: KeyPath, line: xl.Row, sheet: str, column: str, label: str | None = None
    ) -> None:
        """Record ``path`` at the column's cell (at its row when the sheet lacks the column)."""
        cell = line.cell(column)
        label = label or line.labels.get(column)
        self.locator.record(
            path, sheet=sheet, cell=cell, row=None if cell else line.number, label=label
        )

    def text(self, line: xl.Row, column: str, path: KeyPath) -> Any:
        """A text cell as the schema gets it (a date that Excel guessed is reported)."""
        value = line.value(column)
        return None if value is None else self.plain(value, path)

    def fill(
        self,
        item: dict[str, Any],
        path: KeyPath,
        line: xl.Row,
        sheet: str,
        names: Iterable[str],
        choices: Mapping[str, xl.Choice] | None = None,
    ) -> None:
        """Each column of ``names`` recorded at ``path + (name,)``, even empty (so that a missing
        value is reported at its cell), and put in ``item``: a date as a date, a choice as its
        value, anything else as text."""
        for name in names:
            where, value = (*path, name), line.value(name)
            self.at(where, line, sheet, name)
            if choices and name in choices and value is not None:
                value = self.pick(choices[name], value, where)
            elif name == "date" and isinstance(value, datetime | date):
                value = value.date() if isinstance(value, datetime) else value
            else:
                value = self.text(line, name, where)
            if value is not None:
                item[name] = value

    def people(self, sheet: Any) -> dict[str, Any]:
        title = str(sheet.title)
        self.locator.record(("people",), sheet=title)
        self.locator.people_label = f"на листе «{title}»"
        people: dict[str, Any] = {}
        for key, row in xl.keyed(self.table(sheet, PEOPLE), self.locator, title, _PERSON_KEY):
            path: KeyPath = ("people", key)
            self.locator.record(path, sheet=title, cell=row.cell("key"), label=row.labels["key"])
            people[key] = {}
            self.fill(people[key], path, row, title, [n for n in PEOPLE.columns if n != "key"])
        return people

    def points(self, sheet: Any) -> list[Any] | None:
        if sheet is None:
            return None
        title = str(sheet.title)
        root: KeyPath = ("document", "points")
        self.locator.record(root, sheet=title)
        rows = self.table(sheet, ORDER_POINTS)
        if rows is None:
            return None
        outline = Outline(root, "points")
        for row in rows:
            raw_number, number_cell = row.value("number"), row.cell("number")
            text, text_cell = row.value("text"), row.cell("text")
            label = str(raw_number).strip().rstrip(".") if raw_number is not None else ""
            if not label:
                self.locator.problem_at(
                    "не указан номер пункта: 1, 2, 3.1 или «–» для пункта-тире",
                    sheet=title,
                    cell=number_cell,
                )
                continue
            if label in _DASHES:
                if not outline.chain:
                    self.locator.problem_at(
                        "пункт-тире должен идти после пункта с номером",
                        sheet=title,
                        cell=number_cell,
                    )
                    continue
                point, path = outline.chain[-1]
                bullets = point.setdefault("bullets", [])
                item: KeyPath = (*path, "bullets", len(bullets))
                self.locator.record(item, sheet=title, cell=text_cell, label="текст")
                bullets.append(self.with_person(row, title, self.plain(text, item), item))
                continue
            hint = (
                " (Excel хранит номер как число: задайте ячейке текстовый формат)"
                if "number" in row.numeric
                else ""
            )
            if isinstance(raw_number, datetime):  # "3.1" typed where Excel reads dates
                self.locator.problem_at(
                    f"Excel принял номер пункта за дату ({raw_number:%d.%m}): задайте столбцу "
                    "«номер» текстовый формат и введите номер заново",
                    sheet=title,
                    cell=number_cell,
                )
                label = f"{raw_number.day}.{raw_number.month}"  # placed by this guess
            elif not _POINT_NUMBER.fullmatch(label):
                self.locator.problem_at(
                    f"неверный номер пункта «{raw_number}»: пишите 1, 2, 3.1 "
                    "или «–» для пункта-тире",
                    sheet=title,
                    cell=number_cell,
                )
                continue
            parts = [int(part) for part in label.split(".")]
            if parts not in _next_numbers(outline.numbers) and not isinstance(raw_number, datetime):
                self.locator.problem_at(
                    f"неверный номер пункта «{label}»: {_expected(outline.numbers)}{hint}",
                    sheet=title,
                    cell=number_cell,
                )
            new: dict[str, Any] = {}
            path = outline.add(new, parts)
            self.locator.record(path, sheet=title, cell=number_cell, label="номер")
            self.locator.record((*path, "text"), sheet=title, cell=text_cell, label="текст")
            if text is not None:
                new["text"] = self.with_person(
                    row, title, self.plain(text, (*path, "text")), (*path, "text")
                )
            self.task(row, new, path, title)
        return outline.top

    def with_person(self, row: xl.Row, sheet: str, text: Any, path: KeyPath) -> Any:
        """The point's text with the person of its «человек» column in the case of «падеж»:
        the same expression ``{{ people.key | вн }}`` a text would hold, so the forms are the
        grammar's, checked and placed like any text's (at the text's cell)."""
        person, case, form = (row.value(name) for name in ("person", "case", "form"))
        if person is None:
            for name, value in (("case", case), ("form", form)):
                if value is not None:
                    self.locator.problem_at(
                        f"«{row.labels[name]}» указан, а человек нет: впишите ключ человека "
                        "в столбец «человек» или очистите ячейку",
                        sheet=sheet,
                        cell=row.cell(name),
                    )
            return text
        key = str(person).strip()
        if not key.isidentifier():
            self.locator.problem_at(
                f"«{person}» — не ключ человека: ключ с листа «Люди», латиницей без пробелов "
                "(petrova)",
                sheet=sheet,
                cell=row.cell("person"),
            )
            return text
        chosen = []
        for name, choice, default in (("case", CASES, "им"), ("form", PERSON_FORMS, "name")):
            value = row.value(name)
            found, result = choice.find(value) if value is not None else (True, default)
            if not found:
                self.locator.problem_at(choice.wrong(value), sheet=sheet, cell=row.cell(name))
                return text
            chosen.append(result)
        if not isinstance(text, str):
            return text
        # the key is the «человек» cell's: a key nobody has on «Люди» is said there
        self.locator.record(
            (*path, "people", key), sheet=sheet, cell=row.cell("person"), label=row.labels["person"]
        )
        blank = _BLANK.search(text)
        template = _PERSON_JINJA[chosen[1]]
        case = chosen[0]
        if blank is not None:
            before = text[: blank.start()]
            about = _ABOUT.search(before) if case == "пр" else None
            if about is not None:
                # «Сведения о ___» → «Сведения об Иванове»: the user's «о» is replaced by the
                # one that agrees, capital if it was («О ___» → «Об Иванове»)
                cap = " | с_заглавной" if about.group(1)[0].isupper() else ""
                expression = template.format(key=key, case=case, first="о", cap=cap)
                return before[: about.start()] + expression + text[blank.end() :]
            expression = template.format(key=key, case=case, first=case, cap="")
            return before + expression + text[blank.end() :]
        expression = template.format(key=key, case=case, first=case, cap=" | с_заглавной")
        if not text or text[0] in ",.:;)":
            return f"{expression}{text}"
        return f"{expression} {text}"

    def task(self, row: xl.Row, point: dict[str, Any], path: KeyPath, title: str) -> None:
        """«срок» and «ответственный» of a point: a date cell is the day it is due by, a text
        is the deadline as written; responsible people by key or as text, several by «;»."""
        deadline, responsible = row.value("deadline"), row.value("responsible")
        if deadline is not None:
            at: KeyPath = (*path, "deadline")
            self.locator.record(at, sheet=title, cell=row.cell("deadline"), label="срок")
            if isinstance(deadline, datetime):
                point["deadline"] = {"date": deadline.date()}
                self.locator.record((*at, "date"), sheet=title, cell=row.cell("deadline"))
            else:
                point["deadline"] = self.plain(deadline, at)
        if responsible is not None:
            at = (*path, "responsible")
            self.locator.record(
                at, sheet=title, cell=row.cell("responsible"), label="ответственный"
            )
            text = str(self.plain(responsible, at))
            parts = [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]
            point["responsible"] = parts[0] if len(parts) == 1 else parts
            for index in range(len(parts) if len(parts) > 1 else 0):
                self.locator.record((*at, index), sheet=title, cell=row.cell("responsible"))

    def appendices(self, sheet: Any) -> list[Any] | None:
        title = str(sheet.title)
        root: KeyPath = ("document", "appendices")
        self.locator.record(root, sheet=title)
        rows = self.table(sheet, _APPENDICES)
        if rows is None:
            self.locator.suppressed.add(root)
            return None
        result: list[dict[str, Any]] = []
        for row in rows:
            text = row.value("text")
            if all(row.value(name) is None for name in ("number", "title", "style", "approver")):
                if not result:
                    self.locator.problem_at(
                        "абзац приложения без строки с его номером и заголовком выше",
                        sheet=title,
                        cell=row.cell("text"),
                    )
                    continue
                index = len(result) - 1
                paragraphs = result[-1].setdefault("paragraphs", [])
                item: KeyPath = (*root, index, "paragraphs", len(paragraphs))
                self.locator.record(item, sheet=title, cell=row.cell("text"), label="текст")
                paragraphs.append(self.plain(text, item))
                continue
            path: KeyPath = (*root, len(result))
            number = row.value("number")
            if number is not None and str(number).strip().rstrip(".") != str(len(result) + 1):
                self.locator.problem_at(
                    f"неверный номер приложения «{number}»: ожидается {len(result) + 1}",
                    sheet=title,
                    cell=row.cell("number"),
                )
            self.locator.record(
                path, sheet=title, cell=row.cell("number") or row.cell("title"), label="номер"
            )
            appendix: dict[str, Any] = {}
            self.fill(appendix, path, row, title, ("title", "style", "approver"), _CHOICES)
            if text is not None:
                item = (*path, "paragraphs", 0)
                self.locator.record(item, sheet=title, cell=row.cell("text"), label="текст")
                appendix["paragraphs"] = [self.plain(text, item)]
            result.append(appendix)
        return result


@dataclass
class Outline:
    """Items numbered 1, 2, 2.1, 2.1.3 nested by their numbers (in ``inner`` of the item above)."""

    root: KeyPath
    inner: str
    top: list[Any] = field(default_factory=list)
    chain: list[tuple[dict[str, Any], KeyPath]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    def add(self, item: dict[str, Any], parts: list[int], top: bool = False) -> KeyPath:
        """Place ``item`` numbered ``parts`` (``top``: at the top whatever its number)."""
        depth = 1 if top else min(len(parts), len(self.numbers) + 1)
        siblings, parent = self.top, self.root
        if depth > 1:
            above, above_path = self.chain[depth - 2]
            siblings, parent = above.setdefault(self.inner, []), (*above_path, self.inner)
        path = (*parent, len(siblings))
        siblings.append(item)
        self.chain = [*self.chain[: depth - 1], (item, path)]
        self.numbers = [*self.numbers[: depth - 1], parts[depth - 1]]
        return path


def _next_numbers(numbers: list[int]) -> list[list[int]]:
    """What may follow point ``numbers``: its first sub-point, or the next one at any level."""
    if not numbers:
        return [[1]]
    following = [[*numbers, 1]]
    for level in range(len(numbers) - 1, -1, -1):
        following.append([*numbers[:level], numbers[level] + 1])
    return following


def _expected(numbers: list[int]) -> str:
    """What a message says may follow point ``numbers``."""
    if not numbers:
        return "нумерация начинается с 1"
    options = xl.either([".".join(map(str, option)) for option in _next_numbers(numbers)])
    return f"после «{'.'.join(map(str, numbers))}» ожидается {options}"


def open_workbook(data: bytes, file: str, *, lean: bool = False, cache: Any = None) -> Any:
    """The workbook in ``data``; a damaged or foreign file is a DataError, not a traceback.
    ``lean``: values and places only, read straight from the XML (see ``_stream``), with
    ``cache`` (a ``_stream.SheetCache``) the sheets read before."""
    broken = "не удалось открыть книгу Excel (файл повреждён или это не .xlsx)"
    if lean:
        return xl.open_lean_book(data, file, broken, cache)
    return xl.open_book(data, file, broken)


def read_xlsx(data: bytes, file: str) -> tuple[dict[str, Any], Locator]:
    return read_order_workbook(open_workbook(data, file), file)


def read_order_workbook(
    workbook: Any, file: str, reader: type[_ExcelReader] = _ExcelReader
) -> tuple[dict[str, Any], Locator]:
    """The order (or, with the plan's ``reader``, the plan) in an open workbook (closed
    afterwards), and where each value came from."""
    locator = Locator(file, key_paths=False)
    try:
        raw = reader(locator).read(workbook)
    finally:
        workbook.close()
    return raw, locator
