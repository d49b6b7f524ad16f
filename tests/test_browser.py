"""The search page in a real browser: Debian's chromium, driven through chromedriver."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from conftest import SERVICES_REQUIRED
from pipeline.settings import Settings
from pipeline.store.tantivy import TantivyStore
from pipeline.web import create_app
from pipeline.models import Document
from test_web import archive_documents, hostile, two_clintons

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

if not (os.path.exists(CHROMEDRIVER) and os.path.exists(CHROMIUM)):
    if SERVICES_REQUIRED:
        raise RuntimeError("chromium and chromium-driver must be installed for CI (see .ci/run)")
    pytest.skip("Debian's chromium and chromium-driver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a filled embedded store, served by uvicorn on a free loopback port."""
    yield from served(tmp_path_factory.mktemp("site"), archive_documents())


@pytest.fixture(scope="module")
def clintons_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An archive where one surname is two actors' (Bill and Hillary Clinton)."""
    yield from served(tmp_path_factory.mktemp("clintons"), two_clintons())


# Seconds an element is waited for before a look-up fails.
IMPLICIT_WAIT = 5


def served(folder: Path, documents: list[Document]) -> Iterator[str]:
    store = TantivyStore(folder / "index", writer_heap_bytes=20_000_000)
    store.upsert(documents)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(_env_file=None, data_dir=folder), store=store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.implicitly_wait(IMPLICIT_WAIT)
    yield driver
    driver.quit()


def present(browser, selector: str) -> list:
    """The elements matching `selector` on the loaded page, without the implicit wait: a check
    that something is absent would otherwise wait out the whole wait every time."""
    browser.implicitly_wait(0)
    try:
        return browser.find_elements(By.CSS_SELECTOR, selector)
    finally:
        browser.implicitly_wait(IMPLICIT_WAIT)


def navigate(browser, action) -> None:
    """Do something that loads a new page, and wait until the old one is gone."""
    old = browser.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(browser, 15).until(lambda _: _gone(old))
    WebDriverWait(browser, 15).until(lambda b: b.execute_script("return document.readyState") == "complete")


def _gone(element) -> bool:
    """The element's page has been replaced: the element is stale. Asked in the middle of the
    swap, chromedriver may instead answer that the node "does not belong to the document"
    (an "unknown error"; seen once in CI): that too says it is gone."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def click(browser, selector: str, by: str = By.CSS_SELECTOR) -> None:
    element = browser.find_element(by, selector)
    navigate(browser, element.click)


def total(browser) -> int:
    return int(browser.find_element(By.ID, "total").text)


def no_alert(browser) -> bool:
    try:
        browser.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def test_search_then_filter_by_a_facet_and_back(site: str, browser) -> None:
    browser.get(site + "/")
    assert total(browser) == 5
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "search-page.png"))

    box = browser.find_element(By.ID, "q")
    box.clear()
    navigate(browser, lambda: box.send_keys("talks\n"))
    assert "q=talks" in browser.current_url
    assert total(browser) == 1

    browser.get(site + "/")
    click(browser, '#facet-actors a[data-actor="Donald Trump"]')
    assert "actor=Donald+Trump" in browser.current_url
    assert total(browser) == 2
    titles = {link.text for link in browser.find_elements(By.CSS_SELECTOR, ".hit .doc-link")}
    assert titles == {"Trump upbeat on talks", "Putin and Trump call"}

    click(browser, '#facet-themes a[data-theme="diplomacy"]')
    assert "theme=diplomacy" in browser.current_url
    assert total(browser) == 1
    click(browser, '.active-filters a[data-facet="theme"]')
    assert "theme=" not in browser.current_url and total(browser) == 2

    shared = browser.current_url
    browser.get(site + "/")
    browser.get(shared)
    assert total(browser) == 2, "the state lives in the URL: the same link gives the same search"

    click(browser, '.active-filters a[data-facet="actor"]')
    assert total(browser) == 5


def test_a_month_bar_filters_to_that_month(site: str, browser) -> None:
    browser.get(site + "/")
    click(browser, '#facet-months a[data-month="2025-05"]')
    assert "since=2025-05-01" in browser.current_url and "until=2025-05-31" in browser.current_url
    assert total(browser) == 3


def test_open_a_document_then_an_actor(site: str, browser) -> None:
    browser.get(site + "/?actor=Kim+Jong+Un")
    click(browser, "Kim meets envoys", By.LINK_TEXT)
    assert "/documents/" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "Kim meets envoys"
    actors = browser.find_element(By.ID, "doc-actors").text
    assert "Kim Jong Un" in actors and "United Nations" in actors
    assert "Why these themes" in browser.page_source

    click(browser, '#doc-actors a[href="/actors/Kim%20Jong%20Un"]')
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Kim Jong Un")
    assert browser.find_element(By.ID, "actor-documents").text == "2"
    assert "Donald Trump" in browser.find_element(By.ID, "actor-company").text
    assert "2025-04" in browser.find_element(By.ID, "actor-months").text


def test_hostile_text_shows_as_text_and_runs_nothing(site: str, browser) -> None:
    document = hostile()
    browser.get(site + "/?q=officials")
    assert no_alert(browser)
    assert "<script>alert('title')</script> Breaking" in browser.find_element(By.CSS_SELECTOR, ".hit .doc-link").text
    browser.get(site + f"/documents/{document.id}")
    assert no_alert(browser)
    body = browser.find_element(By.ID, "body").text
    assert "<script>alert('body')</script>" in body and "<img src=x onerror=alert(1)>" in body
    assert "<b>Evil</b> Corp" in browser.find_element(By.ID, "doc-actors").text
    assert not present(browser, "#body script, #body img")
    dates = browser.find_elements(By.CSS_SELECTOR, "#body mark.date")
    assert [mark.get_attribute("title") for mark in dates] == ["2025-05-03"]


def test_the_page_loads_nothing_from_outside(site: str, browser) -> None:
    browser.get(site + "/")
    sources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name)"
    )
    assert sources, "the stylesheet at least"
    assert all(source.startswith(site) for source in sources), sources


def test_a_filter_that_cannot_apply_says_so_and_shows_no_chip(site: str, clintons_site: str, browser) -> None:
    navigate(browser, lambda: browser.get(f"{site}/?theme=nope"))
    alert = browser.find_element(By.CSS_SELECTOR, ".error").text
    assert "no theme has the id 'nope'" in alert and "No theme filter is applied" in alert
    assert not present(browser, ".chip"), "a theme that filters nothing has no chip"
    assert total(browser) == len(archive_documents())

    navigate(browser, lambda: browser.get(f"{clintons_site}/?actor=Clinton"))
    alert = browser.find_element(By.CSS_SELECTOR, ".error").text
    assert "'Clinton' could be" in alert and "Bill Clinton" in alert and "Hillary Clinton" in alert
    assert "No actor filter is applied" in alert
    assert not present(browser, ".chip"), "a shared name that filters nothing has no chip"
    assert total(browser) == len(two_clintons())
    # Searching on from here does not carry the name along.
    box = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
    box.send_keys("senate")
    navigate(browser, box.submit)
    assert "actor=" not in browser.current_url and total(browser) == 1
    assert not present(browser, ".error")
