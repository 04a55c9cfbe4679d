"""The web explorer of `caspian serve` in headless Chromium (Debian chromium, chromium-driver and
python3-selenium): run the terse statement, check the table and the SVG graph, expand the visit
by a double-click, show a plan, and take a screenshot (docs/explorer.png comes from it).

Usage: explorer_test.py CASPIAN EXAMPLES_DIR SCREENSHOT.png
Exit 77 (ctest: skipped) when Chromium or its driver is not installed."""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import ExampleServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def fail(message):
    print("explorer_test: " + message, file=sys.stderr)
    sys.exit(1)


def main():
    binary, examples_dir, screenshot = sys.argv[1:4]
    if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
        print("explorer_test: skipped, chromium and chromium-driver are not installed")
        return 77
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    server = ExampleServer(binary, examples_dir)
    profile = tempfile.mkdtemp(prefix="caspian-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--user-data-dir=" + profile):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    wait = WebDriverWait(browser, 20)
    try:
        browser.get(server.url + "/")
        # The schema panel lists the example's labels with their counts.
        wait.until(lambda b: "Visit (1)" in b.find_element(By.ID, "schema").text)
        if "HOST (" not in browser.find_element(By.ID, "schema").text:
            fail("the schema panel lacks the relationship type HOST")

        editor = browser.find_element(By.ID, "editor")
        editor.send_keys("MATCH visit WHERE host=AZ")
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: b.find_element(By.ID, "status").text.startswith("1 rows"))
        table = browser.find_element(By.ID, "table").get_attribute("textContent")
        if "visit-2022-05-18" not in table or "Visit" not in table:
            fail("the table does not show the visit: " + table)

        # Read in one script: an expand redraws the SVG, so element handles go stale.
        def captions(b):
            return set(b.execute_script(
                "return [...document.querySelectorAll('#graph g.node')]"
                ".map((e) => e.dataset.caption)"))
        if captions(browser) != {"visit-2022-05-18"}:
            fail("the graph should draw the visit alone, drew %s" % captions(browser))

        # Double-click only once the layout has settled: until then the circle moves, and the
        # final fit() re-transforms the view, so a click aimed at it can land on empty space.
        wait.until(lambda b: b.execute_script("return graph.running === false"))
        visit = browser.find_element(By.CSS_SELECTOR, "#graph g.node circle")
        ActionChains(browser).double_click(visit).perform()
        expected = {"Azerbaijan", "Belarus", "Roman Golovchenko"}
        wait.until(lambda b: expected <= captions(b))
        types = set(browser.execute_script(
            "return [...document.querySelectorAll('#graph g.edge')].map((e) => e.dataset.type)"))
        if not {"HOST", "GUEST", "VISITOR"} <= types:
            fail("the expanded graph lacks the visit's relationships: %s" % types)
        # The layout settles, and every node is drawn inside the visible SVG.
        wait.until(lambda b: b.execute_script("return graph.running === false"))
        box = browser.find_element(By.ID, "graph").rect
        for node in browser.find_elements(By.CSS_SELECTOR, "#graph g.node circle"):
            r = node.rect
            cx, cy = r["x"] + r["width"] / 2, r["y"] + r["height"] / 2
            if not (box["x"] <= cx <= box["x"] + box["width"] and
                    box["y"] <= cy <= box["y"] + box["height"]):
                fail("a node was drawn outside the view at (%d, %d)" % (cx, cy))
        browser.save_screenshot(screenshot)

        # History survives a reload; EXPLAIN shows the plan as a tree.
        browser.refresh()
        wait.until(lambda b: "MATCH visit WHERE host=AZ" in b.find_element(By.ID, "history").text)
        browser.find_element(By.ID, "editor").send_keys("MATCH (c:Country) RETURN c.name")
        browser.find_element(By.ID, "explain").click()
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#plan li li"))
        operators = [e.get_attribute("textContent")
                     for e in browser.find_elements(By.CSS_SELECTOR, "#plan .op")]
        if operators[:1] != ["Produce"] or "LabelScan" not in operators:
            fail("the plan tree is %s" % operators)

        # A statement error is shown with its code and position.
        editor = browser.find_element(By.ID, "editor")
        editor.clear()
        editor.send_keys("MATCH (a:Person RETURN a")
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: "SyntaxError" in b.find_element(By.ID, "status").text)
        if "query:1:17" not in browser.find_element(By.ID, "status").text:
            fail("the error lacks its position: " + browser.find_element(By.ID, "status").text)
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)
        server.stop()
    print("explorer_test: ok, screenshot in " + screenshot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
