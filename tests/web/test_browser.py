"""A real browser (Debian's chromium driven by selenium) goes the district's way through
``docgen serve``: first visit, upload of the example workbooks, the run, a document and the zip
downloaded and opened with python-docx; then a school and a secretary. Screenshots of every page
go to $DOCGEN_SCREENSHOTS when it is set.

Without chromium and chromedriver the test is skipped here, and fails in CI, where
DOCGEN_REQUIRE_BROWSER=1 (.ci/run installs them)."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from docgen.web.app import create_app
from tests.conftest import EXAMPLES

CODE = "4321-8765"
PASSWORD = "пароль-для-браузера"


def _browser_missing() -> str:
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip)")
    return ", ".join(missing)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    from waitress import create_server

    app = create_app(tmp_path / "data", setup_code=CODE)
    served = create_server(app, host="127.0.0.1", port=0, threads=4)
    port = served.socket.getsockname()[1]  # type: ignore[union-attr]
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    served.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    missing = _browser_missing()
    if missing:
        message = f"нет браузера для теста: {missing} (apt-get install chromium chromium-driver)"
        if os.environ.get("DOCGEN_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--lang=ru",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": True,
        },
    )
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.implicitly_wait(5)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _wait(condition: Callable[[], Any], limit_s: float, what: str) -> Any:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"не дождались: {what}")


def _downloaded(folder: Path, suffix: str) -> Path:
    def done() -> Path | None:
        files = [p for p in folder.iterdir() if p.suffix == suffix]
        return files[0] if files and not list(folder.glob("*.crdownload")) else None

    return _wait(done, 60, f"скачивание {suffix}")  # type: ignore[no-any-return]


def _shot(driver: Any, name: str) -> None:
    folder = os.environ.get("DOCGEN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1280, max(800, min(int(height) + 120, 4000)))
        driver.save_screenshot(str(Path(folder, f"{name}.png")))
        driver.set_window_size(1280, 1000)


def _fill(driver: Any, values: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    for name, value in values.items():
        field = driver.find_element(By.NAME, name)
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        else:
            field.clear()
            field.send_keys(value)


def _submit(driver: Any, selector: str = "main form button[type=submit]") -> None:
    from selenium.webdriver.common.by import By

    _navigate(driver, driver.find_element(By.CSS_SELECTOR, selector))


def _navigate(driver: Any, element: Any) -> None:
    """Click, and wait until the next page has replaced this one (a page read sooner would be
    the old one, or go stale under the reader)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_: Any) -> bool:
        try:
            page.is_enabled()
        except WebDriverException:  # stale, or chromium's «Node … does not belong to the
            return True  # document» while it swaps the pages: either way the old one is gone
        return False

    WebDriverWait(driver, 120).until(replaced)
    WebDriverWait(driver, 120).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def _main(driver: Any) -> str:
    """The text of the page's main part; a page that reloads itself is read again (while it
    reloads, chromium says the element is stale, or that its node «does not belong to the
    document» when the reload comes between finding it and reading it)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By

    for _ in range(20):
        try:
            return str(driver.find_element(By.TAG_NAME, "main").text)
        except StaleElementReferenceException:
            time.sleep(0.2)
        except WebDriverException as exc:
            if "does not belong to the document" not in str(exc):
                raise
            time.sleep(0.2)
    raise AssertionError("страница всё время перезагружается")


def _log_out(driver: Any) -> None:
    """Out, and wait for the login page: a page asked for sooner would race the logout."""
    from selenium.webdriver.common.by import By

    _navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.who button"))


def _log_in(driver: Any, url: str, login: str) -> None:
    driver.get(url + "/login")
    _fill(driver, {"login": login, "password": PASSWORD})
    _submit(driver)


def test_the_district_goes_from_the_workbook_to_a_zip_in_the_browser(
    server: str, browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(server)
    assert driver.current_url.endswith("/setup")
    _shot(driver, "01-setup")
    _fill(
        driver,
        {
            "code": CODE,
            "login": "rayon",
            "name": "Методист района",
            "password": PASSWORD,
            "again": PASSWORD,
        },
    )
    _submit(driver)
    assert driver.current_url.endswith("/district")
    _shot(driver, "02-district-empty")

    # a workbook with a mistake first: the problem is shown at its sheet and cell
    from tests.conftest import edit_cell

    broken = tmp_path / "Тамбовский_район.xlsx"
    broken.write_bytes((EXAMPLES / "district.xlsx").read_bytes())
    edit_cell(broken, "Школы", "A3", "лицей 2")  # a key with a space
    driver.find_element(By.ID, "district-file").send_keys(str(broken))
    _navigate(driver, driver.find_element(By.ID, "district-upload"))
    problems = driver.find_element(By.CSS_SELECTOR, "table.problems").text
    assert "Тамбовский_район.xlsx Школы A3" in problems
    _shot(driver, "02b-district-problems")

    driver.find_element(By.ID, "district-file").send_keys(str(EXAMPLES / "district.xlsx"))
    _navigate(driver, driver.find_element(By.ID, "district-upload"))
    # the monitoring workbook not uploaded yet stops only the reports: a warning, which names
    # the file as the workbook does, not the server's own folder
    tables = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "table.problems")]
    assert "Ошибок нет. Школ в книге: 14" in _main(driver)
    assert len(tables) == 1 and "(ищу district_monitoring.xlsx)" in tables[0]
    driver.find_element(By.ID, "monitoring-file").send_keys(
        str(EXAMPLES / "district_monitoring.xlsx")
    )
    _navigate(driver, driver.find_element(By.ID, "monitoring-upload"))
    driver.find_element(By.ID, "monitoring_plan-file").send_keys(
        str(EXAMPLES / "monitoring_plan.yaml")
    )
    _navigate(driver, driver.find_element(By.ID, "monitoring_plan-upload"))
    body = _main(driver)
    assert "Ошибок нет. Школ в книге: 14" in body
    _shot(driver, "03-district-checked")

    _navigate(driver, driver.find_element(By.ID, "run"))
    _shot(driver, "04a-run-progress")
    _wait(lambda: "Готово." in _main(driver), 600, "конец сборки")
    summary = _main(driver)
    assert "МАОУ «СОШ № 1 с. Тамбовка»" in summary and "создан" in summary
    _shot(driver, "04-run-summary")

    order = driver.find_element(
        By.XPATH,
        "//tr[td[contains(., 'СОШ № 1 с. Тамбовка')]]//a[contains(@href, '/documents/') and not(contains(@href, 'preview')) and text()='DOCX']",
    )
    order.click()
    downloaded = _downloaded(driver.downloads, ".docx")
    document = docx.Document(str(downloaded))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Тамбовка" in text + cells
    assert document.paragraphs and downloaded.stat().st_size > 10_000
    downloaded.unlink()

    driver.find_element(By.ID, "zip").click()
    bundle = _downloaded(driver.downloads, ".zip")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert "Сводка.xlsx" in names
        documents = [n for n in names if n.endswith(".docx")]
        assert len({n.split("/")[0] for n in documents}) == 14
        first = docx.Document(io.BytesIO(archive.read(next(n for n in documents if "Приказ" in n))))
    assert any("ПРИКАЗ" in p.text.upper() for p in first.paragraphs) or first.tables

    _navigate(driver, driver.find_element(By.XPATH, "//a[contains(@href, '/preview')]"))
    _wait(lambda: "Скачать DOCX" in _main(driver), 120, "просмотр")
    _shot(driver, "05-preview")

    # accounts: a school and a secretary
    driver.get(server + "/accounts")
    _fill(
        driver,
        {
            "role": "school",
            "school": "sosh1",
            "login": "sosh1",
            "name": "Лысенко О.Н.",
            "password": PASSWORD,
            "again": PASSWORD,
        },
    )
    _submit(driver)
    _fill(
        driver,
        {
            "role": "secretary",
            "login": "sekretar",
            "name": "Секретарь",
            "password": PASSWORD,
            "again": PASSWORD,
        },
    )
    _submit(driver)
    assert "sekretar" in _main(driver)
    _shot(driver, "06-accounts")
    _log_out(driver)

    _log_in(driver, server, "sosh1")
    assert driver.current_url.endswith("/school"), _main(driver)
    page = _main(driver)
    assert "МАОУ «СОШ № 1 с. Тамбовка»" in page and "Лицей" not in page
    _shot(driver, "07-school")
    _log_out(driver)

    driver.get(server + "/login")
    _fill(driver, {"login": "sekretar", "password": "не тот пароль"})
    _submit(driver)
    assert "Неверный логин или пароль" in _main(driver)
    _shot(driver, "08a-login-failed")
    _log_in(driver, server, "sekretar")
    assert driver.current_url.endswith("/order")
    _submit(driver, "#make-order")  # an empty form: what is missing, in Russian
    assert "Заполните поле «номер»" in _main(driver)
    _shot(driver, "08b-order-missing")
    _fill(
        driver,
        {
            "org_name": "МАОУ «СОШ № 1 с. Тамбовка»",
            "org_place": "с. Тамбовка",
            "number": "45-од",
            "title": "О назначении ответственного за профориентационную работу",
            "p1_surname": "Лысенко",
            "p1_name": "Ольга",
            "p1_patronymic": "Николаевна",
            "p1_gender": "ж",
            "p1_position": "директор",
            "p2_surname": "Кузнецова",
            "p2_name": "Дарья",
            "p2_patronymic": "Сергеевна",
            "p2_gender": "ж",
            "p2_position": "заместитель директора по воспитательной работе",
            "t1_before": "Назначить",
            "t1_person": "p2",
            "t1_shown": "with_position",
            "t1_case": "вн",
            "t1_after": ", ответственной за профориентационную работу в 2024-2025 учебном году.",
            "signer": "p1",
            "signer_position": "Директор",
            "control": "self",
        },
    )
    driver.execute_script("document.querySelector('input[name=date]').value = '2024-09-02'")
    _submit(driver, "#make-order")
    page = _main(driver)
    assert "Документ готов" in page
    assert (
        "Назначить Кузнецову Д.С., заместителя директора по воспитательной работе"
        in page.replace("\xa0", " ")
    )
    _shot(driver, "08c-order")
    driver.find_element(By.ID, "order-download").click()
    made = docx.Document(str(_downloaded(driver.downloads, ".docx")))
    assert any("Кузнецову" in p.text for p in made.paragraphs)
