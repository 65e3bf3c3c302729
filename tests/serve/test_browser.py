"""End to end in a real browser: `parley serve` on the demo store, driven by headless Chromium.

Filters the timeline, opens the Geneva talks, checks that both sides' evidence is
highlighted, applies a correction with the token and saves screenshots to out/.
Skips (saying why) where Chromium and its driver are not installed; `.ci/run`
installs them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.serve.conftest import TOKEN, two_sided_id

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
PARLEY = Path(sys.executable).with_name("parley")
#: Window the screenshots are taken in (CSS pixels).
WIDTH, MAX_HEIGHT = 1360, 2600

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="no Chromium browser/driver: install the Debian packages chromium and "
           "chromium-driver (.ci/run does) to run the browser test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Iterator[str]:
    """`parley serve` on a copy of the demo store, with a write token, on a free port."""
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    shutil.copy(demo_db, db)
    port = free_port()
    env = {**os.environ, "PARLEY_TOKEN": TOKEN}
    proc = subprocess.Popen([str(PARLEY), "--db", str(db), "serve", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"parley serve did not start: {out[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium through its WebDriver, with a fresh profile and no network chatter."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    profile = tempfile.mkdtemp(prefix="parley-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--force-device-scale-factor=1",
                f"--user-data-dir={profile}", f"--window-size={WIDTH},900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver: object, condition: Any) -> None:
    """Wait (up to 20 s) for a navigation the last click started."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 20).until(condition)  # type: ignore[arg-type]


def shoot(driver: object, name: str) -> Path:
    """Save the whole page (up to MAX_HEIGHT) as out/screenshots/NAME.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script(  # type: ignore[attr-defined]
        "return document.documentElement.scrollHeight")
    driver.set_window_size(WIDTH, min(int(height) + 20, MAX_HEIGHT))  # type: ignore[attr-defined]
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    driver.set_window_size(WIDTH, 900)  # type: ignore[attr-defined]
    return path


def test_a_reader_filters_opens_an_event_and_corrects_it(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    d = browser
    d.get(server + "/timeline?pair=USA-CHN")  # type: ignore[attr-defined]
    rows = d.find_elements(By.CSS_SELECTOR, "article.row")  # type: ignore[attr-defined]
    listed = httpx.get(server + "/api/v1/events", params={"pair": "USA-CHN"}).json()["count"]
    assert len(rows) == min(listed, 50) >= 10
    assert shoot(d, "timeline").stat().st_size > 10_000

    # The event both sides gave a readout of, as the API lists it.
    with httpx.Client(base_url=server) as api:
        target = api.get(f"/api/v1/events/{two_sided_id(api)}").json()["event"]  # type: ignore[arg-type]
    month = target["date"][:7]

    # Filter the timeline the way a reader would: the form, then Apply.
    form = d.find_element(By.ID, "filters")  # type: ignore[attr-defined]
    form.find_element(By.NAME, "since").send_keys(month)
    form.find_element(By.NAME, "until").send_keys(month)
    Select(form.find_element(By.NAME, "type")).select_by_value(target["type"])
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(d, lambda drv: f"since={month}" in drv.current_url)
    rows = d.find_elements(By.CSS_SELECTOR, "article.row")  # type: ignore[attr-defined]
    assert rows and len(rows) < 10
    assert f"since={month}" in d.current_url and f"type={target['type']}" in d.current_url  # type: ignore[attr-defined]
    assert all(target["type"].replace("_", " ") in r.text for r in rows)
    shoot(d, "timeline-filtered")

    row = d.find_element(By.CSS_SELECTOR, f"article.row[data-event='{target['id']}']")  # type: ignore[attr-defined]
    row.find_element(By.CSS_SELECTOR, "h3 a").click()
    wait_for(d, lambda drv: "/events/" in drv.current_url)
    assert d.current_url.endswith(f"/events/{target['id']}")  # type: ignore[attr-defined]
    sources = d.find_elements(By.CSS_SELECTOR, ".source")  # type: ignore[attr-defined]
    shown = d.find_element(By.XPATH, "//dt[text()='Sources']/following-sibling::dd")  # type: ignore[attr-defined]
    assert sources and len(sources) == int(shown.text) == len(set(target["article_ids"]))
    for side in ("USA", "CHN"):
        account = d.find_element(By.CSS_SELECTOR, f".account[data-side={side}]")  # type: ignore[attr-defined]
        marks = account.find_elements(By.CSS_SELECTOR, "blockquote.evidence mark.hl")
        assert marks, f"no highlighted evidence for {side}"
        colour = marks[0].value_of_css_property("background-color")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), colour
    shoot(d, "event")

    # A correction needs the token; the page then shows it.
    Select(d.find_element(By.ID, "fix-field")).select_by_value("date")  # type: ignore[attr-defined]
    d.find_element(By.ID, "fix-value").send_keys("2021-10-09")  # type: ignore[attr-defined]
    d.find_element(By.NAME, "note").send_keys("Beijing time zones: the call was on the 9th")  # type: ignore[attr-defined]
    d.find_element(By.ID, "fix-token").send_keys(TOKEN)  # type: ignore[attr-defined]
    d.find_element(By.CSS_SELECTOR, ".fix-form button").click()  # type: ignore[attr-defined]
    wait_for(d, lambda drv: drv.current_url.endswith("#corrections"))
    fixes = d.find_element(By.CSS_SELECTOR, "#corrections .fixes").text  # type: ignore[attr-defined]
    assert "2021-10-09" in fixes and "time zones" in fixes
    assert "9 Oct 2021" in d.find_element(By.CSS_SELECTOR, ".when").text  # type: ignore[attr-defined]
    d.execute_script("window.scrollTo(0, 0)")  # type: ignore[attr-defined]
    shoot(d, "event-corrected")

    d.get(server + "/relationship")  # type: ignore[attr-defined]
    bars = d.find_elements(By.CSS_SELECTOR, "svg.chart a.bar-link")  # type: ignore[attr-defined]
    assert len(bars) >= 5
    assert d.find_elements(By.CSS_SELECTOR, "table.heat td a")  # type: ignore[attr-defined]
    shoot(d, "relationship")

    d.get(server + "/people/he-lifeng")  # type: ignore[attr-defined]
    assert "Vice Premier" in d.page_source  # type: ignore[attr-defined]
    shoot(d, "person")
    d.get(server + "/articles")  # type: ignore[attr-defined]
    d.find_element(By.CSS_SELECTOR, "table.articles a").click()  # type: ignore[attr-defined]
    wait_for(d, lambda drv: "/articles/" in drv.current_url)
    assert d.find_elements(By.CSS_SELECTOR, ".text mark.hl")  # type: ignore[attr-defined]
    shoot(d, "article")
