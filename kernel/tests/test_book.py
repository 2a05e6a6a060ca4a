"""The notebooks as a static book (`make book`), read in headless Chromium.

The book is built from the committed notebooks into a temporary folder by
notebooks/book/build.py and served by a static HTTP server on 127.0.0.1.
Debian's Chromium (Selenium and chromedriver, the helper of test_browser.py)
opens every page as a reader would: no request may fail and no console error
appear; every equation must be typeset by MathJax (no TeX left raw, no TeX
error); every figure must load and carry alt text; headings may not skip a
level; every internal link must resolve, fragments included; the sidebar,
the previous/next links and the landing page's table must list the notebooks
in deck order; at 400 px wide nothing may scroll sideways. Screenshots of the
landing page, of a figure-heavy page and of the 400-px view are written to
kernel/build/test-artifacts/book (SGDMINIMA_ARTIFACTS overrides the folder).

A notebook without outputs, with invalid JSON, with an unknown kernel or a
figure that cannot be rendered must stop the build, named, and leave the
previously published site as it was. Only temporary copies are damaged.
"""

import contextlib
import functools
import glob
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request

import pytest

from kernelclient import REPO
from notebookserver import chromium, wait_for

pytest.importorskip("selenium")

PY = "/usr/bin/python3"
BUILD = os.path.join(REPO, "notebooks", "book", "build.py")
NOTEBOOKS = os.path.join(REPO, "notebooks")
ARTIFACTS = os.path.join(os.environ.get("SGDMINIMA_ARTIFACTS", os.path.join(REPO, "kernel", "build", "test-artifacts")),
                         "book")

# What a reader sees once a page has settled; see the checks in test_*.
PAGE_STATE = r"""(function () {
  var main = document.getElementById('content').cloneNode(true);
  main.querySelectorAll('pre, code, script, .MathJax_CHTML, .mjx-chtml, .MJX_Assistive_MathML, .MathJax_Preview')
    .forEach(function (el) { el.remove(); });
  var imgs = Array.prototype.slice.call(document.querySelectorAll('img'));
  var links = Array.prototype.slice.call(document.querySelectorAll('a[href]'));
  return {
    mathjax: document.documentElement.getAttribute('data-mathjax'),
    pending: MathJax.Hub.queue.pending,
    typeset: document.querySelectorAll('#content .mjx-chtml').length,
    texErrors: Array.prototype.map.call(document.querySelectorAll('.mjx-merror'), function (e) { return e.textContent; }),
    text: main.innerText,
    images: imgs.map(function (im) {
      return {loaded: im.complete && im.naturalWidth > 0, alt: im.getAttribute('alt'), src: im.src.slice(0, 40)};
    }),
    headings: Array.prototype.map.call(document.querySelectorAll('h1, h2, h3, h4, h5, h6'),
      function (h) { return [Number(h.tagName[1]), h.textContent.slice(0, 60)]; }),
    links: links.map(function (a) { return {href: a.href, raw: a.getAttribute('href'), cls: a.className}; }),
    sidebar: Array.prototype.map.call(document.querySelectorAll('#sidebar .toc > li > a'), function (a) { return a.href; }),
    slides: Array.prototype.map.call(document.querySelectorAll('#sidebar .toc > li > a'),
      function (a) { var s = a.querySelector('.slide'); return s ? s.textContent : ''; }),
    prev: (document.querySelector('a[rel=prev]') || {}).href || null,
    next: (document.querySelector('a[rel=next]') || {}).href || null,
    table: Array.prototype.map.call(document.querySelectorAll('table.contents tbody tr td:nth-child(2) a'),
      function (a) { return a.href; })
  };
})()"""
RAW_TEX = re.compile(r"\$\$|\$[^$\n]+\$|\\\(|\\\[|\\begin\{")


def deck_order():
    """The book's pages in deck order: the notebooks by number, then the exercise solutions."""
    main = sorted(os.path.basename(p) for p in glob.glob(os.path.join(NOTEBOOKS, "[0-9][0-9]-*.ipynb")))
    solutions = sorted(glob.glob(os.path.join(NOTEBOOKS, "exercises", "solutions", "[0-9][0-9]-*.ipynb")))
    return [n[:-6] + ".html" for n in main] + [
        "exercises/solutions/" + os.path.basename(p)[:-6] + ".html" for p in solutions]


def build(notebooks, out):
    return subprocess.run([PY, BUILD, "--notebooks", notebooks, "--out", out],
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def site():
    tmp = tempfile.mkdtemp(prefix="sgdminima-book-")
    try:
        out = os.path.join(tmp, "site")
        r = build(NOTEBOOKS, out)
        assert r.returncode == 0, r.stdout + r.stderr
        print(r.stdout, end="")
        yield out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def server(site):
    """The site over HTTP on a free loopback port, stopped on every path."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with chromium(1280, 1000, logs=True) as driver:
        yield driver


def network_failures(driver, server):
    """The page's requests since the last call (Chromium's performance log) that failed,
    answered ≥ 400, or left the book's own server (the book must work offline).
    Chromium's own traffic, which the page never asked for, is not the page's."""
    urls, failed = {}, []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        params = msg.get("params", {})
        if msg["method"] == "Network.requestWillBeSent":
            url = urls[params["requestId"]] = params["request"]["url"]
            if not url.startswith((server, "data:")):
                failed.append(f"off the site: {url[:120]}")
        elif msg["method"] == "Network.responseReceived" and params["response"]["status"] >= 400:
            failed.append(f"{params['response']['status']} {params['response']['url'][:120]}")
        elif msg["method"] == "Network.loadingFailed" and params["requestId"] in urls:
            failed.append(f"{params.get('errorText')} {urls[params['requestId']][:120]}")
    return failed


def settle(driver, url):
    driver.get(url)
    wait_for(driver, "document.documentElement.getAttribute('data-mathjax') === 'done'", 180, f"{url}: MathJax")
    wait_for(driver, "Array.prototype.every.call(document.images, function (i) { return i.complete; })",
             60, f"{url}: images")


@pytest.fixture(scope="module")
def pages(site, server, browser):
    """Every page, opened once: its state, console errors and failed requests, by path."""
    browser.get("about:blank")  # past Chromium's start page, whose requests are not the book's
    browser.get_log("browser"), browser.get_log("performance")
    seen = {}
    for path in ["index.html"] + deck_order():
        settle(browser, server + path)
        state = browser.execute_script("return " + PAGE_STATE)
        state["console"] = [e["message"] for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        state["failed"] = network_failures(browser, server)
        seen[path] = state
    return seen


def test_every_page_loads_without_failed_requests_or_console_errors(site, pages):
    on_disk = sorted(os.path.relpath(p, site) for p in glob.glob(os.path.join(site, "**", "*.html"), recursive=True))
    assert sorted(pages) == on_disk, "pages built that the deck order does not list, or the reverse"
    bad = {p: s["failed"] + s["console"] for p, s in pages.items() if s["failed"] or s["console"]}
    assert not bad, bad


def test_every_equation_is_typeset(pages):
    for path, s in pages.items():
        assert s["mathjax"] == "done" and s["pending"] == 0, path
        assert s["typeset"] > 0, f"{path}: no typeset equation"
        assert s["texErrors"] == [], f"{path}: TeX errors {s['texErrors']}"
        assert not RAW_TEX.search(s["text"]), f"{path}: raw TeX left: {RAW_TEX.search(s['text']).group(0)!r}"


def test_every_figure_loads_and_has_alt_text(pages):
    figures = 0
    for path, s in pages.items():
        for im in s["images"]:
            assert im["loaded"], f"{path}: image did not load: {im['src']}"
            assert im["alt"] and im["alt"].strip(), f"{path}: image without alt text: {im['src']}"
            if im["src"].startswith("data:image/png"):
                figures += 1
                assert im["alt"].startswith("Figure "), f"{path}: {im['alt']!r}"
    committed = 0
    for path in deck_order():
        nb = json.load(open(os.path.join(NOTEBOOKS, path[:-5] + ".ipynb"), encoding="utf-8"))
        committed += sum("image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))
    assert figures == committed > 0, f"{figures} figures shown, {committed} in the notebooks"


def test_headings_do_not_skip_a_level(pages):
    for path, s in pages.items():
        levels = [h[0] for h in s["headings"]]
        assert levels and levels[0] == 1 and levels.count(1) == 1, f"{path}: {s['headings'][:3]}"
        skips = [(a, b) for a, b in zip(s["headings"], s["headings"][1:]) if b[0] > a[0] + 1]
        assert not skips, f"{path}: heading level skipped: {skips}"


def test_internal_links_resolve(site, server, pages):
    ids = {}

    def anchors(url):
        if url not in ids:
            with urllib.request.urlopen(url, timeout=10) as r:
                assert r.status == 200, url
                ids[url] = {html.unescape(i) for i in re.findall(r'\sid="([^"]+)"', r.read().decode("utf-8"))}
        return ids[url]

    checked = 0
    for path, s in pages.items():
        for link in s["links"]:
            if "jupyter-link" in link["cls"]:
                # Relative: /notebooks/<notebook> on the server that serves the book at /book/.
                on_server = urllib.parse.urljoin(f"http://host/book/{path}", link["raw"])
                nb = on_server.removeprefix("http://host/notebooks/")
                assert nb != on_server and os.path.isfile(os.path.join(NOTEBOOKS, nb)), (path, link["raw"])
            elif link["href"].startswith(server):
                url, _, fragment = link["href"].partition("#")
                found = anchors(url)
                if fragment:
                    assert fragment in found or urllib.parse.unquote(fragment) in found, (path, link["raw"])
                checked += 1
            else:
                assert link["href"].startswith("https://"), (path, link["href"])
    assert checked > len(pages) * 20


def test_navigation_follows_the_deck(server, pages):
    order = [server + p for p in deck_order()]
    for path, s in pages.items():
        assert s["sidebar"] == order, f"{path}: sidebar out of deck order"
    assert pages["index.html"]["table"] == order
    chain = [server + "index.html"] + order
    for i, path in enumerate(deck_order(), start=1):
        assert pages[path]["prev"] == chain[i - 1], path
        assert pages[path]["next"] == (chain[i + 1] if i + 1 < len(chain) else None), path
    # Every notebook but the kernel tour names the slides (or paper figures) it covers,
    # and together they cover every slide of the deck.
    slides = pages["index.html"]["slides"]
    assert all(slides[1:]), dict(zip(deck_order(), slides))
    with open(os.path.join(REPO, "notebooks", "book", "slides.txt"), encoding="utf-8") as f:
        deck = [line.strip() for line in f if line.strip() and not line[0].isspace() and not line.startswith("#")]
    covered = " · ".join(slides)
    assert [t for t in deck if t not in covered] == []


def screenshot(driver, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, name)
    driver.save_screenshot(path)
    print(f"screenshot: {path}")


def test_screenshots_of_the_landing_page_and_a_figure_page(server, pages, browser):
    browser.set_window_size(1280, 1400)
    try:
        settle(browser, server + "index.html")
        screenshot(browser, "book-landing.png")
        busiest = max(deck_order(), key=lambda p: len(pages[p]["images"]))
        settle(browser, server + busiest)
        # The second figure at the bottom, with the text and code that lead to it.
        browser.execute_script("var f = document.querySelectorAll('.output_png');"
                               "f[Math.min(1, f.length - 1)].scrollIntoView({block: 'end'}); window.scrollBy(0, 40);")
        screenshot(browser, "book-figures-" + busiest.replace("/", "-")[:-5] + ".png")
    finally:
        browser.set_window_size(1280, 1000)


def test_readable_at_phone_width(server, browser):
    metrics = {"width": 400, "height": 860, "deviceScaleFactor": 1, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        for path in ["index.html", "05-boltzmann-three-factors.html", "02-minibatch-noise-clt.html"]:
            settle(browser, server + path)
            wide = browser.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth,"
                " parseFloat(getComputedStyle(document.querySelector('#content .rendered_html p, .lede')).fontSize),"
                " getComputedStyle(document.getElementById('sidebar')).display]")
            assert wide[0] <= wide[1] == 400, f"{path}: the page scrolls sideways at 400 px: {wide}"
            assert wide[2] >= 16, f"{path}: body text of {wide[2]} px"
            assert wide[3] == "none", f"{path}: sidebar not folded at 400 px"
        screenshot(browser, "book-phone-400px.png")
        browser.execute_script("document.querySelector('.output_png').scrollIntoView({block: 'center'})")
        screenshot(browser, "book-phone-400px-figure.png")
        browser.execute_script("window.scrollTo(0, 0)")
        browser.find_element("css selector", ".topbar .menu").click()
        shown = browser.execute_script("return getComputedStyle(document.getElementById('sidebar')).display")
        assert shown == "block", "the Contents button does not open the sidebar"
        screenshot(browser, "book-phone-400px-contents.png")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@contextlib.contextmanager
def damaged_copy(rel, damage):
    """Temporary copies of two notebooks and a damaged one (rendered last); yields (notebooks, out)."""
    tmp = tempfile.mkdtemp(prefix="sgdminima-book-bad-")
    try:
        notebooks = os.path.join(tmp, "notebooks")
        for name in ("00-kernel-tour.ipynb", "01-flat-vs-sharp-minima.ipynb", rel):
            os.makedirs(os.path.dirname(os.path.join(notebooks, name)), exist_ok=True)
            shutil.copy(os.path.join(NOTEBOOKS, name), os.path.join(notebooks, name))
        path = os.path.join(notebooks, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(damage(text))
        out = os.path.join(tmp, "site")
        os.makedirs(out)
        with open(os.path.join(out, "index.html"), "w") as f:
            f.write("the site published before")
        yield notebooks, out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def edit(change):
    def damage(text):
        nb = json.loads(text)
        change(nb)
        return json.dumps(nb)
    return damage


def no_outputs(nb):
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None


def unknown_kernel(nb):
    nb["metadata"]["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}


def broken_figure(nb):
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                out["data"]["image/png"] = "not base64 at all"


@pytest.mark.parametrize("rel, damage, says", [
    ("03-continuum-limit.ipynb", edit(no_outputs), "no outputs"),
    ("exercises/solutions/04-laplace-ratio.ipynb", lambda text: text[: len(text) // 2], "invalid JSON"),
    ("11-momentum.ipynb", edit(unknown_kernel), "unknown kernel 'python3'"),
    # Found only while rendering, after other pages were written.
    ("exercises/solutions/07-lambda-max-trend.ipynb", edit(broken_figure), "cannot render"),
], ids=["no-outputs", "invalid-json", "unknown-kernel", "broken-figure"])
def test_bad_notebook_stops_the_build_and_publishes_nothing(rel, damage, says):
    with damaged_copy(rel, damage) as (notebooks, out):
        r = build(notebooks, out)
        assert r.returncode == 1, r.stdout + r.stderr
        named = [line for line in r.stderr.splitlines() if rel in line]
        assert named and says in named[0], r.stderr
        assert "nothing published" in r.stderr, r.stderr
        assert os.listdir(out) == ["index.html"] and open(os.path.join(out, "index.html")).read() == \
            "the site published before", "the previous site was changed"
        assert sorted(os.listdir(os.path.dirname(out))) == ["notebooks", "site"], "a half-built site was left"
        assert "BENCH" not in r.stdout


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-v"]))
