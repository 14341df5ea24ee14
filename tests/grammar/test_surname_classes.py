"""Classes of surnames by how they decline, each with real surnames and where they are borne.

The norm (gramota.ru, «Как склонять фамилии»; Розенталь, § 197): a surname ending in a vowel
declines or not whatever the bearer's gender; one ending in a consonant declines for a man and
never for a woman; -ых/-их, -ко, -аго/-ово never decline. A surname whose forms do not depend on
the gender is declined with no gender given; one whose forms do is refused with both forms named.
"""

from __future__ import annotations

import pytest

from docgen import inflect
from docgen.errors import UnknownGenderError
from docgen.grammar.names import inflect_name_part

OBLIQUE = ("gent", "datv", "accs", "ablt", "loct")
NBSP = "\u00a0"
GRAMOTA = "https://gramota.ru/spravka/rules/ (склонение фамилий)"

# -а/-я after a consonant, and -ия: a woman's forms are a man's (Ирины Чайки as Юрия Чайки).
# The dictionary files Кучма, Чайка, Данелия, Берия for a woman as indeclinable; the others it
# declines.
WOMEN_IN_A = [
    ("Кучма", "Кучмы Кучме Кучму Кучмой Кучме", "Людмила Кучма, ru.wikipedia.org"),
    ("Чайка", "Чайки Чайке Чайку Чайкой Чайке", "Юрий Чайка, kremlin.ru; " + GRAMOTA),
    ("Хакамада", "Хакамады Хакамаде Хакамаду Хакамадой Хакамаде", "Ирина Хакамада, duma.gov.ru"),
    ("Глинка", "Глинки Глинке Глинку Глинкой Глинке", "Михаил Глинка, bigenc.ru"),
    ("Сковорода", "Сковороды Сковороде Сковороду Сковородой Сковороде", "bigenc.ru"),
    ("Олеша", "Олеши Олеше Олешу Олешей Олеше", "Юрий Олеша, bigenc.ru"),
    ("Капица", "Капицы Капице Капицу Капицей Капице", "Пётр Капица, ras.ru"),
    ("Окуджава", "Окуджавы Окуджаве Окуджаву Окуджавой Окуджаве", "Булат Окуджава, bigenc.ru"),
    ("Дейнека", "Дейнеки Дейнеке Дейнеку Дейнекой Дейнеке", "Александр Дейнека, bigenc.ru"),
    ("Зозуля", "Зозули Зозуле Зозулю Зозулей Зозуле", GRAMOTA),
    ("Майборода", "Майбороды Майбороде Майбороду Майбородой Майбороде", GRAMOTA),
    ("Кваша", "Кваши Кваше Квашу Квашей Кваше", "Игорь Кваша, bigenc.ru"),
    # -ия: the dictionary declines a man's (Данелии) and files a woman's as indeclinable.
    ("Данелия", "Данелии Данелии Данелию Данелией Данелии", "Георгий Данелия, bigenc.ru"),
    ("Берия", "Берии Берии Берию Берией Берии", "Лаврентий Берия, bigenc.ru"),
    ("Шенгелия", "Шенгелии Шенгелии Шенгелию Шенгелией Шенгелии", "Рамаз Шенгелия (футболист)"),
]

# A consonant at the end: a man's surname declines, a woman's never.
CONSONANT = [
    ("Мазур", "Мазура Мазуру Мазура Мазуром Мазуре", "Владимир Мазур, tomsk.gov.ru"),
    ("Голодец", "Голодеца Голодецу Голодеца Голодецем Голодеце", "Ольга Голодец, government.ru"),
    (
        "Скрынник",
        "Скрынника Скрыннику Скрынника Скрынником Скрыннике",
        "Елена Скрынник, government.ru",
    ),
    ("Новак", "Новака Новаку Новака Новаком Новаке", "Александр Новак, government.ru"),
    ("Шевчук", "Шевчука Шевчуку Шевчука Шевчуком Шевчуке", GRAMOTA),
    ("Басюк", "Басюка Басюку Басюка Басюком Басюке", "Виктор Басюк, edu.gov.ru"),
    ("Двирник", "Двирника Двирнику Двирника Двирником Двирнике", "issue 13"),
    ("Собчак", "Собчака Собчаку Собчака Собчаком Собчаке", GRAMOTA),
    ("Лях", "Ляха Ляху Ляха Ляхом Ляхе", "issue 13"),
    ("Мороз", "Мороза Морозу Мороза Морозом Морозе", GRAMOTA),
]

# Never declined, for either gender.
INDECLINABLE = [
    ("Черных", "Юрий Черных, bigenc.ru"),
    ("Седых", "bigenc.ru"),
    ("Долгих", "Владимир Долгих, bigenc.ru"),
    ("Шевченко", "Тарас Шевченко, bigenc.ru"),
    ("Матвиенко", "Валентина Матвиенко, council.gov.ru"),
    ("Фурсенко", "Андрей Фурсенко, kremlin.ru"),
    ("Живаго", GRAMOTA),
    ("Дурново", "Пётр Дурново, bigenc.ru"),
    ("Хитрово", "bigenc.ru"),
    ("Дюма", GRAMOTA + " (французская, ударная -а)"),
]


@pytest.mark.parametrize(("surname", "forms", "source"), WOMEN_IN_A)
@pytest.mark.parametrize("gender", ["m", "f"])
def test_surname_in_a_declines_alike_for_both(
    surname: str, forms: str, source: str, gender: str
) -> None:
    got = [inflect_name_part(surname, c, gender, "surname") for c in OBLIQUE]  # type: ignore[arg-type]
    assert got == forms.split(), source


@pytest.mark.parametrize(("surname", "forms", "source"), CONSONANT)
def test_consonant_surname_declines_for_a_man_only(surname: str, forms: str, source: str) -> None:
    assert [inflect_name_part(surname, c, "m", "surname") for c in OBLIQUE] == forms.split()
    assert [inflect_name_part(surname, c, "f", "surname") for c in OBLIQUE] == [surname] * 5


@pytest.mark.parametrize(("surname", "source"), INDECLINABLE)
@pytest.mark.parametrize("gender", ["m", "f"])
def test_indeclinable_surname(surname: str, source: str, gender: str) -> None:
    got = [inflect_name_part(surname, c, gender, "surname") for c in OBLIQUE]  # type: ignore[arg-type]
    assert got == [surname] * 5, source


@pytest.mark.parametrize(("surname", "forms", "source"), WOMEN_IN_A)
def test_initials_need_no_gender_where_the_forms_agree(
    surname: str, forms: str, source: str
) -> None:
    """«Чайка Ю.Я.» is declined with no gender: a man's and a woman's forms are the same."""
    got = [inflect(f"{surname} А.Б.", c).replace(NBSP, " ") for c in OBLIQUE]
    assert got == [f"{form} А.Б." for form in forms.split()]


@pytest.mark.parametrize(("surname", "source"), INDECLINABLE)
def test_initials_need_no_gender_for_an_indeclinable_surname(surname: str, source: str) -> None:
    got = [inflect(f"А.Б. {surname}", c).replace(NBSP, " ") for c in OBLIQUE]
    assert got == [f"А.Б. {surname}"] * 5


@pytest.mark.parametrize(("surname", "forms", "source"), CONSONANT)
def test_initials_with_a_consonant_surname_are_refused_naming_both_forms(
    surname: str, forms: str, source: str
) -> None:
    """Every oblique form of «Мазур В.В.» differs for a man and a woman: each case is refused."""
    for case, form in zip(OBLIQUE, forms.split(), strict=True):
        with pytest.raises(UnknownGenderError) as caught:
            inflect(f"{surname} В.В.", case)
        message = caught.value.message.replace(NBSP, " ")
        assert f"{form} В.В. — муж." in message
        assert f"{surname} В.В. — жен." in message
