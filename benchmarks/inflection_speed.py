"""Speed and memory of docgen's inflection, against a bare pymorphy3 baseline of the same run.

Usage: python benchmarks/inflection_speed.py [--quick] [--rounds N] [--imports N] [--profile N]

The goals of the issue: the morphological analyzer is created once per process and only
when needed; cached inflections >= 20,000/s; a cold phrase <= 1 ms median.

What is measured (every input is built deterministically from the word lists below):

1. ``import docgen`` in fresh interpreters (median), whether the import constructed
   ``pymorphy3.MorphAnalyzer`` (``docgen.grammar._morph._analyzer`` must still be None),
   and the first inflection, which loads the analyzer (and the first person, which loads
   the petrovich rules).
2. Cold calls, one per (text, case), persons and phrases apart, median / p90 / max in ms.
   Two meanings of "cold" are printed:

   * ``cold``: before every timed call all per-input caches are emptied: the inflector's
     dict cache and every ``functools.cache`` in ``docgen.grammar`` that takes arguments
     (``_morph.parse``, ``names.inflect_name_part``, ...). The process-wide resources
     (the analyzer, the petrovich rules: caches without arguments) stay loaded, as they
     do in any process after its first inflection. This is the honest "cold": nothing
     the call computes was computed before. The goal is checked against it.
   * ``new input``: the caches are emptied once, then every (text, case) is new to the
     inflector, but words shared with earlier inputs (директора, Иванов, работе) hit the
     word caches: the common case of a document run. Printed for information.

3. Cached calls per second: the same inputs again through ``docgen.inflect``.
4. Baseline: a bare ``analyzer.parse(word)[0].inflect({case})`` on every distinct word of
   the inputs (the same analyzer object; pymorphy3 caches nothing, so every call is
   cold); docgen's rates are printed as ratios to its rate.
5. Peak memory of this process (ru_maxrss) after all runs.

No duration is asserted anywhere: the goals are reported as met / NOT met.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import inspect
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_CACHED_PER_S = 20_000
GOAL_COLD_MEDIAN_MS = 1.0

OBLIQUE = ("gent", "datv", "accs", "ablt", "loct")

# --- inputs ------------------------------------------------------------------------------

# Male surnames; the female form is derived below (Иванов -> Иванова, Островский ->
# Островская, Толстой -> Толстая; Шевчук, Бондаренко, Белых stay as they are).
SURNAMES = (
    "Иванов",
    "Петров",
    "Смирнов",
    "Кузнецов",
    "Соколов",
    "Попов",
    "Лебедев",
    "Козлов",
    "Новиков",
    "Морозов",
    "Волков",
    "Соловьев",
    "Васильев",
    "Зайцев",
    "Павлов",
    "Семенов",
    "Голубев",
    "Виноградов",
    "Богданов",
    "Воробьев",
    "Федоров",
    "Михайлов",
    "Беляев",
    "Тарасов",
    "Комаров",
    "Орлов",
    "Киселев",
    "Макаров",
    "Андреев",
    "Ковалев",
    "Ильин",
    "Гусев",
    "Титов",
    "Кузьмин",
    "Кудрявцев",
    "Баранов",
    "Куликов",
    "Алексеев",
    "Степанов",
    "Яковлев",
    "Сорокин",
    "Сергеев",
    "Романов",
    "Захаров",
    "Борисов",
    "Королев",
    "Герасимов",
    "Пономарев",
    "Григорьев",
    "Лазарев",
    "Медведев",
    "Ершов",
    "Никитин",
    "Соболев",
    "Рябов",
    "Поляков",
    "Цветков",
    "Данилов",
    "Жуков",
    "Фролов",
    "Журавлев",
    "Николаев",
    "Крылов",
    "Максимов",
    "Сидоров",
    "Осипов",
    "Белоусов",
    "Федотов",
    "Дорофеев",
    "Егоров",
    "Матвеев",
    "Бобров",
    "Дмитриев",
    "Калинин",
    "Анисимов",
    "Петухов",
    "Антонов",
    "Тимофеев",
    "Никифоров",
    "Веселов",
    "Филиппов",
    "Марков",
    "Большаков",
    "Суханов",
    "Миронов",
    "Ширяев",
    "Александров",
    "Коновалов",
    "Шестаков",
    "Казаков",
    "Ефимов",
    "Денисов",
    "Громов",
    "Фомин",
    "Давыдов",
    "Мельников",
    "Щербаков",
    "Блинов",
    "Колесников",
    "Карпов",
    "Афанасьев",
    "Власов",
    "Маслов",
    "Исаков",
    "Тихонов",
    "Аксенов",
    "Гаврилов",
    "Родионов",
    "Котов",
    "Горбунов",
    "Кудряшов",
    "Быков",
    "Зуев",
    "Третьяков",
    "Савельев",
    "Панов",
    "Рыбаков",
    "Суворов",
    "Абрамов",
    "Воронов",
    "Мухин",
    "Архипов",
    "Трофимов",
    "Мартынов",
    "Емельянов",
    "Горшков",
    "Чернов",
    "Овчинников",
    "Селезнев",
    "Панфилов",
    "Копылов",
    "Михеев",
    "Галкин",
    "Назаров",
    "Лобанов",
    "Лукин",
    "Беляков",
    "Потапов",
    "Некрасов",
    "Хохлов",
    "Жданов",
    "Наумов",
    "Шилов",
    "Воронцов",
    "Ермаков",
    "Дроздов",
    "Игнатьев",
    "Савин",
    "Логинов",
    "Сафонов",
    "Капустин",
    "Кириллов",
    "Моисеев",
    "Елисеев",
    "Кошелев",
    "Костин",
    "Горбачев",
    "Орехов",
    "Ефремов",
    "Исаев",
    "Евдокимов",
    "Калашников",
    "Кабанов",
    "Носков",
    "Юдин",
    "Кулагин",
    "Лапин",
    "Прохоров",
    "Нестеров",
    "Харитонов",
    "Агафонов",
    "Муравьев",
    "Ларионов",
    "Федосеев",
    "Зимин",
    "Пахомов",
    "Шубин",
    "Игнатов",
    "Филатов",
    "Крюков",
    "Рогов",
    "Кулаков",
    "Терентьев",
    "Молчанов",
    "Владимиров",
    "Артемьев",
    "Гурьев",
    "Зиновьев",
    "Гришин",
    "Кононов",
    "Дементьев",
    "Ситников",
    "Симонов",
    "Мишин",
    "Фадеев",
    "Комиссаров",
    "Мамонтов",
    "Носов",
    "Гуляев",
    "Шаров",
    "Устинов",
    "Вишняков",
    "Евсеев",
    "Лаврентьев",
    "Брагин",
    "Константинов",
    "Корнилов",
    "Авдеев",
    "Зыков",
    "Бирюков",
    "Шарапов",
    "Никонов",
    "Щукин",
    "Дьячков",
    "Одинцов",
    "Сазонов",
    "Якушев",
    "Красильников",
    "Гордеев",
    "Самойлов",
    "Князев",
    "Беспалов",
    "Уваров",
    "Шашков",
    "Бобылев",
    "Доронин",
    "Белозеров",
    "Рожков",
    "Самсонов",
    "Мясников",
    "Лихачев",
    "Буров",
    "Сысоев",
    "Фомичев",
    "Русаков",
    "Стрелков",
    "Гущин",
    "Тетерин",
    "Колобов",
    "Субботин",
    "Фокин",
    "Блохин",
    "Селиверстов",
    "Пестов",
    "Кондратьев",
    "Силин",
    "Меркушев",
    "Лыткин",
    "Туров",
    # other paradigms: adjectival, Ukrainian, indeclinable, consonant-final
    "Островский",
    "Жуковский",
    "Чайковский",
    "Вишневский",
    "Покровский",
    "Достоевский",
    "Толстой",
    "Трубецкой",
    "Шевчук",
    "Ковальчук",
    "Бондаренко",
    "Левченко",
    "Мельник",
    "Кравец",
    "Коломиец",
    "Гончар",
    "Ткачук",
    "Руденко",
    "Белых",
    "Черных",
    "Седых",
    "Дереча",
    "Кваша",
    "Лозинский",
    "Гриневич",
    "Ярошевич",
    "Сорока",
    "Головач",
    "Клименко",
)

MALE_NAMES = (
    "Александр",
    "Алексей",
    "Андрей",
    "Антон",
    "Артем",
    "Борис",
    "Вадим",
    "Валерий",
    "Василий",
    "Виктор",
    "Владимир",
    "Владислав",
    "Геннадий",
    "Георгий",
    "Глеб",
    "Григорий",
    "Даниил",
    "Денис",
    "Дмитрий",
    "Евгений",
    "Егор",
    "Иван",
    "Игорь",
    "Илья",
    "Кирилл",
    "Константин",
    "Лев",
    "Леонид",
    "Максим",
    "Михаил",
    "Никита",
    "Николай",
    "Олег",
    "Павел",
    "Петр",
    "Роман",
    "Руслан",
    "Семен",
    "Сергей",
    "Станислав",
    "Степан",
    "Тимофей",
    "Федор",
    "Юрий",
    "Ярослав",
)
FEMALE_NAMES = (
    "Александра",
    "Алина",
    "Алла",
    "Анастасия",
    "Анна",
    "Антонина",
    "Валентина",
    "Валерия",
    "Вера",
    "Виктория",
    "Галина",
    "Дарья",
    "Евгения",
    "Екатерина",
    "Елена",
    "Елизавета",
    "Жанна",
    "Зинаида",
    "Зоя",
    "Инна",
    "Ирина",
    "Карина",
    "Кристина",
    "Ксения",
    "Лариса",
    "Лидия",
    "Любовь",
    "Людмила",
    "Маргарита",
    "Марина",
    "Мария",
    "Надежда",
    "Наталья",
    "Нина",
    "Оксана",
    "Ольга",
    "Полина",
    "Раиса",
    "Светлана",
    "Софья",
    "Тамара",
    "Татьяна",
    "Ульяна",
    "Юлия",
    "Яна",
)
# Fathers' names; the patronymics are derived: Иванович / Ивановна, Ильич / Ильинична.
PATRONYMICS = (
    ("Александрович", "Александровна"),
    ("Алексеевич", "Алексеевна"),
    ("Андреевич", "Андреевна"),
    ("Анатольевич", "Анатольевна"),
    ("Борисович", "Борисовна"),
    ("Васильевич", "Васильевна"),
    ("Викторович", "Викторовна"),
    ("Владимирович", "Владимировна"),
    ("Геннадьевич", "Геннадьевна"),
    ("Григорьевич", "Григорьевна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Иванович", "Ивановна"),
    ("Игоревич", "Игоревна"),
    ("Ильич", "Ильинична"),
    ("Константинович", "Константиновна"),
    ("Львович", "Львовна"),
    ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"),
    ("Олегович", "Олеговна"),
    ("Павлович", "Павловна"),
    ("Петрович", "Петровна"),
    ("Романович", "Романовна"),
    ("Сергеевич", "Сергеевна"),
    ("Федорович", "Федоровна"),
    ("Юрьевич", "Юрьевна"),
    ("Кузьмич", "Кузьминична"),
    ("Фомич", "Фоминична"),
    ("Никитич", "Никитична"),
)
INITIAL_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТЮЯ"

DEPUTY_OF = ("директора", "заведующего", "начальника управления", "главы администрации района")
WORK_AREAS = (
    "учебно-воспитательной работе",
    "воспитательной работе",
    "научно-методической работе",
    "административно-хозяйственной работе",
    "учебной работе",
    "безопасности",
    "информатизации",
    "дошкольному образованию",
)
POSITION_HEADS = (
    "директор",
    "заместитель директора",
    "главный бухгалтер",
    "учитель",
    "педагог-психолог",
    "социальный педагог",
    "учитель-логопед",
    "методист",
    "старший воспитатель",
    "педагог дополнительного образования",
    "секретарь",
    "председатель профсоюзного комитета",
    "главный специалист",
    "ведущий специалист",
    "специалист-эксперт",
    "исполняющий обязанности директора",
    "временно исполняющий обязанности директора",
    "заведующая библиотекой",
    "заведующий хозяйством",
    "старший методист",
    "инспектор",
    "консультант",
    "советник директора по воспитанию",
)
ORG_TAILS = (
    "муниципального бюджетного общеобразовательного учреждения "
    "«Средняя общеобразовательная школа № 5»",
    "МАОУ «Лицей № 3»",
    "управления образования администрации города Твери",
    "детского сада № 12",
    "отдела общего образования",
    "государственного бюджетного профессионального образовательного учреждения «Колледж связи»",
    "центра психолого-педагогической, медицинской и социальной помощи",
    "информационно-методического центра",
    "комитета по образованию администрации Заволжского района",
)
SUBJECTS = (
    "математики",
    "русского языка и литературы",
    "истории и обществознания",
    "физики",
    "химии",
    "биологии",
    "начальных классов",
    "английского языка",
    "физической культуры",
    "информатики",
    "географии",
    "музыки",
    "изобразительного искусства",
    "технологии",
)
ORG_HEADS = (
    "муниципальное бюджетное общеобразовательное учреждение",
    "муниципальное автономное общеобразовательное учреждение",
    "муниципальное бюджетное дошкольное образовательное учреждение",
    "государственное бюджетное учреждение дополнительного образования",
    "муниципальное казенное учреждение",
    "частное общеобразовательное учреждение",
)
ORG_NAMES = (
    "«Средняя общеобразовательная школа № {n}»",
    "«Гимназия № {n}»",
    "«Детский сад № {n}»",
    "«Центр детского творчества»",
    "«Лицей № {n}»",
    "«Основная общеобразовательная школа № {n}»",
)
PLAIN_ORGS = (
    "управление образования администрации города Твери",
    "комитет по образованию администрации Заволжского района",
    "департамент образования и науки",
    "министерство образования Тверской области",
    "средняя общеобразовательная школа № 7",
    "детский сад № 15 комбинированного вида",
    "информационно-методический центр",
    "территориальная психолого-медико-педагогическая комиссия",
    "центр психолого-педагогической, медицинской и социальной помощи",
    "детско-юношеская спортивная школа олимпийского резерва",
    "дом детского творчества",
    "районный методический кабинет",
)
REGION_ADJECTIVES = (
    "Тверская",
    "Кемеровская",
    "Московская",
    "Свердловская",
    "Ленинградская",
    "Новгородская",
    "Ярославская",
    "Владимирская",
    "Костромская",
    "Смоленская",
    "Псковская",
    "Калужская",
)
PLACES = (
    "город Старый Оскол",
    "Ханты-Мансийский автономный округ – Югра",
    "Республика Татарстан",
    "Центральный район города Твери",
    "Заволжский район",
    "поселок городского типа Максатиха",
    "село Никольское",
    "городской округ Тольятти",
    "Пермский край",
    "Краснодарский край",
    "муниципальный округ",
    "сельское поселение",
)


def _female_surname(surname: str) -> str:
    for male, female in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    if surname.endswith(("ов", "ев", "ин", "ын")):
        return surname + "а"
    return surname


Call = tuple[str, str, str, str | None]  # text, case, kind, gender


def persons() -> list[tuple[str, str, str | None]]:
    """(text, kind, gender): "Фамилия И.О." with the gender given, and full names without."""
    out: list[tuple[str, str, str | None]] = []
    initials = [f"{a}.{b}." for a in INITIAL_LETTERS for b in INITIAL_LETTERS]
    for i, surname in enumerate(SURNAMES):
        gender = "m" if i % 2 == 0 else "f"
        written = surname if gender == "m" else _female_surname(surname)
        out.append((f"{written} {initials[(i * 37) % len(initials)]}", "person", gender))
    for i, surname in enumerate(SURNAMES):
        if i % 2 == 0:
            name = MALE_NAMES[(i * 7) % len(MALE_NAMES)]
            patronymic = PATRONYMICS[(i * 11) % len(PATRONYMICS)][0]
            written = surname
        else:
            name = FEMALE_NAMES[(i * 7) % len(FEMALE_NAMES)]
            patronymic = PATRONYMICS[(i * 11) % len(PATRONYMICS)][1]
            written = _female_surname(surname)
        out.append((f"{written} {name} {patronymic}", "person", None))
    return out


def phrases() -> list[tuple[str, str, str | None]]:
    """(text, kind, gender): positions, organizations and places."""
    out: list[tuple[str, str, str | None]] = []
    for deputy in DEPUTY_OF:
        for area in WORK_AREAS:
            out.append((f"заместитель {deputy} по {area}", "position", None))
    for head in POSITION_HEADS:
        for tail in ORG_TAILS:
            out.append((f"{head} {tail}", "position", None))
    for subject in SUBJECTS:
        out.append((f"учитель {subject}", "position", None))
    for i, head in enumerate(ORG_HEADS):
        for j, name in enumerate(ORG_NAMES):
            out.append((f"{head} {name.format(n=1 + (i * len(ORG_NAMES) + j) % 47)}", "org", None))
    out.extend((org, "org", None) for org in PLAIN_ORGS)
    out.extend((f"{adj} область", "place", None) for adj in REGION_ADJECTIVES)
    out.extend((place, "place", None) for place in PLACES)
    return out


def calls(items: list[tuple[str, str, str | None]], quick: bool, offset: int) -> list[Call]:
    """Every text in every oblique case, or (--quick) in one case each, rotating."""
    if quick:
        return [
            (t, OBLIQUE[(i + offset) % len(OBLIQUE)], k, g) for i, (t, k, g) in enumerate(items)
        ]
    return [(t, case, k, g) for t, k, g in items for case in OBLIQUE]


_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")


def bare_words(items: Iterable[tuple[str, str, str | None]]) -> list[str]:
    """Every distinct word of the inputs (not initials), lower-cased, in first-seen order."""
    seen: dict[str, None] = {}
    for text, _, _ in items:
        for m in _WORD.finditer(text):
            word = m.group()
            if len(word) > 1:
                seen.setdefault(word.lower(), None)
    return list(seen)


# --- measuring ---------------------------------------------------------------------------


def _ms(ns: float) -> float:
    return ns / 1e6


def _percentile(values: list[int], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return float(ordered[index])


def _rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _maxrss_mb() -> float:
    import resource

    raw = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return raw / (1024 * 1024) if sys.platform == "darwin" else raw / 1024


def import_in_fresh_interpreters(n: int, *, bytecode: bool) -> list[float]:
    """Milliseconds of ``import docgen`` in ``n`` fresh interpreters.

    ``bytecode=False``: the environment as it is (with PYTHONDONTWRITEBYTECODE every import
    compiles the sources). ``bytecode=True``: .pyc files are written to a temporary
    PYTHONPYCACHEPREFIX (never into the repository) by one unmeasured run, then loaded, as
    in an installed package.
    """
    import os
    import shutil
    import tempfile

    code = (
        "import time; t = time.perf_counter(); import docgen; "
        "print((time.perf_counter() - t) * 1000)"
    )
    env = dict(os.environ)
    prefix = None
    if bytecode:
        prefix = tempfile.mkdtemp(prefix="docgen-bench-pycache-")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = prefix
    try:
        times = []
        for i in range(n + (1 if bytecode else 0)):
            done = subprocess.run(
                [sys.executable, "-c", code],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            if bytecode and i == 0:
                continue  # this run writes the bytecode
            times.append(float(done.stdout.strip()))
        return times
    finally:
        if prefix is not None:
            shutil.rmtree(prefix, ignore_errors=True)


def input_caches() -> list[Any]:
    """Every functools cache in docgen.grammar that takes arguments (per-input caches).

    Caches without arguments load process-wide resources (the petrovich rules): they are
    kept, like the analyzer itself.
    """
    found: dict[int, Any] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("docgen.grammar"):
            continue
        for obj in vars(module).values():
            if not callable(getattr(obj, "cache_clear", None)) or not hasattr(obj, "__wrapped__"):
                continue
            try:
                takes_args = bool(inspect.signature(obj.__wrapped__).parameters)
            except (TypeError, ValueError):
                takes_args = True
            if takes_args:
                found[id(obj)] = obj
    return list(found.values())


def clear_all(caches: list[Any]) -> None:
    from docgen.grammar import default_inflector

    for fn in caches:
        fn.cache_clear()
    inflector_cache = getattr(default_inflector(), "_cache", None)
    if inflector_cache is not None:
        inflector_cache.clear()


def time_calls(batch: list[Call], before_each: Callable[[], None] | None) -> tuple[list[int], int]:
    """Per-call nanoseconds of docgen.inflect; the number of calls that raised."""
    from docgen import inflect
    from docgen.errors import DocgenError

    clock = time.perf_counter_ns
    out: list[int] = []
    failed = 0
    for text, case, kind, gender in batch:
        if before_each is not None:
            before_each()
        t0 = clock()
        try:
            inflect(text, case, kind=kind, gender=gender)
        except DocgenError:
            failed += 1
        out.append(clock() - t0)
    return out, failed


def stats_line(label: str, ns: list[int], failed: int) -> str:
    extra = f", {failed} raised" if failed else ""
    return (
        f"{label:<44} median {_ms(statistics.median(ns)):.3f} ms, "
        f"p90 {_ms(_percentile(ns, 0.9)):.3f} ms, max {_ms(max(ns)):.3f} ms  "
        f"({len(ns)} calls{extra})"
    )


def cached_rate(batch: list[Call], rounds: int) -> tuple[float, float]:
    """Calls per second of docgen.inflect on inputs already in its cache: best, median round."""
    from docgen import inflect
    from docgen.errors import DocgenError

    ok = []
    for text, case, kind, gender in batch:  # fill the cache; keep only calls that succeed
        try:
            inflect(text, case, kind=kind, gender=gender)
        except DocgenError:
            continue
        ok.append((text, case, kind, gender))
    rates = []
    clock = time.perf_counter
    for _ in range(rounds):
        t0 = clock()
        for text, case, kind, gender in ok:
            inflect(text, case, kind=kind, gender=gender)
        rates.append(len(ok) / (clock() - t0))
    return max(rates), statistics.median(rates)


def bare_rate(words: list[str], rounds: int) -> tuple[float, int]:
    """Calls per second of analyzer.parse(word)[0].inflect({case}); the number of calls."""
    from docgen.grammar._morph import analyzer

    morph = analyzer()
    work = [(w, frozenset({c})) for w in words for c in OBLIQUE]
    rates = []
    clock = time.perf_counter
    for _ in range(rounds):
        t0 = clock()
        for word, grammemes in work:
            morph.parse(word)[0].inflect(grammemes)
        rates.append(len(work) / (clock() - t0))
    return statistics.median(rates), len(work)


def profile_cold(batch: list[Call], caches: list[Any], top: int) -> None:
    import cProfile
    import pstats

    from docgen import inflect
    from docgen.errors import DocgenError

    profiler = cProfile.Profile()
    for text, case, kind, gender in batch:
        clear_all(caches)
        profiler.enable()
        with contextlib.suppress(DocgenError):
            inflect(text, case, kind=kind, gender=gender)
        profiler.disable()
    print(f"\ncProfile of the cold path ({len(batch)} calls, caches cleared outside the profile):")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="one case per input instead of all five, fewer rounds and interpreters",
    )
    ap.add_argument("--rounds", type=int, default=None, help="rounds of the cached and bare runs")
    ap.add_argument("--imports", type=int, default=None, help="fresh interpreters for import time")
    ap.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also cProfile the cold path and print the top N functions",
    )
    args = ap.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 10)
    n_imports = args.imports or (3 if args.quick else 7)

    # 1. import and first use -------------------------------------------------------------
    fresh_source = import_in_fresh_interpreters(n_imports, bytecode=False)
    fresh_pyc = import_in_fresh_interpreters(n_imports, bytecode=True)
    t0 = time.perf_counter()
    import docgen
    import docgen.grammar._morph as morph_module

    import_here = (time.perf_counter() - t0) * 1000
    constructed_by_import = morph_module._analyzer is not None
    pymorphy_imported = "pymorphy3" in sys.modules
    rss_import = _rss_mb()

    t0 = time.perf_counter()
    docgen.inflect("директор", "datv", kind="position")
    first_ms = (time.perf_counter() - t0) * 1000
    rss_analyzer = _rss_mb()
    t0 = time.perf_counter()
    docgen.inflect("Дереча Ян Янович", "datv", kind="person")  # not among the inputs; petrovich
    first_person_ms = (time.perf_counter() - t0) * 1000

    print(
        f"docgen inflection speed ({'quick' if args.quick else 'full'} run, Python "
        f"{sys.version.split()[0]})"
    )
    compiled = "compiling sources" if sys.dont_write_bytecode else "as configured"
    print(
        f"import docgen: {statistics.median(fresh_pyc):.1f} ms with bytecode, "
        f"{statistics.median(fresh_source):.1f} ms {compiled} (medians of {n_imports} fresh "
        f"interpreters; in this process {import_here:.1f} ms)"
    )
    print(
        f"MorphAnalyzer constructed by the import: {'YES' if constructed_by_import else 'no'} "
        f"(_morph._analyzer is {'set' if constructed_by_import else 'None'}); "
        f"pymorphy3 imported by it: {'yes' if pymorphy_imported else 'no'}"
    )
    print(
        f"first inflection (loads the analyzer): {first_ms:.1f} ms; "
        f"first person (loads the petrovich rules): {first_person_ms:.1f} ms"
    )

    # inputs ------------------------------------------------------------------------------
    person_items, phrase_items = persons(), phrases()
    texts = [t for t, _, _ in person_items + phrase_items]
    assert len(set(texts)) == len(texts), "inputs must be distinct"
    person_calls = calls(person_items, args.quick, 0)
    phrase_calls = calls(phrase_items, args.quick, 2)
    words = bare_words(person_items + phrase_items)
    print(
        f"inputs: {len(person_items)} persons + {len(phrase_items)} phrases = {len(texts)} "
        f"distinct texts; {len(person_calls) + len(phrase_calls)} (text, case) calls; "
        f"{len(words)} distinct words for the baseline"
    )

    # 2. cold -----------------------------------------------------------------------------
    caches = input_caches()
    names = sorted(f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}" for fn in caches)
    print(f"per-input caches emptied for 'cold': inflector dict, {', '.join(names)}")
    cold_person, fail_person = time_calls(person_calls, lambda: clear_all(caches))
    cold_phrase, fail_phrase = time_calls(phrase_calls, lambda: clear_all(caches))
    print(stats_line("cold person (all caches emptied per call):", cold_person, fail_person))
    print(stats_line("cold phrase (all caches emptied per call):", cold_phrase, fail_phrase))

    clear_all(caches)
    new_person, fail_np = time_calls(person_calls, None)
    clear_all(caches)
    new_phrase, fail_nf = time_calls(phrase_calls, None)
    print(stats_line("new-input person (word caches warm):", new_person, fail_np))
    print(stats_line("new-input phrase (word caches warm):", new_phrase, fail_nf))

    # 3. cached ---------------------------------------------------------------------------
    clear_all(caches)
    all_calls = person_calls + phrase_calls
    cached_best, cached_median = cached_rate(all_calls, rounds)
    print(
        f"cached inflections (docgen.inflect, same inputs again): {cached_best:,.0f}/s best, "
        f"{cached_median:,.0f}/s median of {rounds} rounds"
    )

    # 4. baseline -------------------------------------------------------------------------
    bare, n_bare = bare_rate(words, max(1, rounds // 3))
    cold_phrase_rate = 1e9 * len(cold_phrase) / sum(cold_phrase)
    cold_person_rate = 1e9 * len(cold_person) / sum(cold_person)
    print(
        f"baseline bare pymorphy3 parse(word)[0].inflect({{case}}), cold: {bare:,.0f} calls/s "
        f"({1e3 / bare:.3f} ms/call, {n_bare} calls)"
    )
    print(
        f"cold phrase / bare pymorphy word: {cold_phrase_rate / bare:.2f} "
        f"(a cold phrase costs {bare / cold_phrase_rate:.1f} bare word inflections)"
    )
    print(
        f"cold person / bare pymorphy word: {cold_person_rate / bare:.2f} "
        f"(a cold person costs {bare / cold_person_rate:.1f} bare word inflections)"
    )
    print(f"cached / bare: {cached_best / bare:.2f}")

    # 5. memory ---------------------------------------------------------------------------
    gc.collect()
    analyzers = sum(1 for o in gc.get_objects() if type(o).__name__ == "MorphAnalyzer")
    print(f"MorphAnalyzer objects in the process after all runs: {analyzers}")
    rss_now = _rss_mb()
    stages = ""
    if rss_import is not None and rss_analyzer is not None and rss_now is not None:
        stages = (
            f" (RSS after import {rss_import:.1f} MB, after first inflection "
            f"{rss_analyzer:.1f} MB, now {rss_now:.1f} MB)"
        )
    print(f"peak memory (ru_maxrss): {_maxrss_mb():.1f} MB{stages}")

    if args.profile:
        profile_cold(phrase_calls + person_calls, caches, args.profile)

    cold_median = _ms(statistics.median(cold_phrase))
    print(
        f"goal cached >= {GOAL_CACHED_PER_S}/s: "
        f"{'met' if cached_best >= GOAL_CACHED_PER_S else 'NOT met'} ({cached_best:,.0f}/s)"
    )
    print(
        f"goal cold median <= {GOAL_COLD_MEDIAN_MS:g} ms: "
        f"{'met' if cold_median <= GOAL_COLD_MEDIAN_MS else 'NOT met'} ({cold_median:.3f} ms, "
        f"phrases; persons {_ms(statistics.median(cold_person)):.3f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
