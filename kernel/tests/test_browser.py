"""The notebooks in a real browser: Debian's classic Notebook UI, served as
the README serves it, driven in headless Chromium as a reader would.

00-kernel-tour runs "Restart & Run All" ten times through the Kernel menu,
and 03 runs once; the kernel must never die, no cell may show an error,
every figure must render as an image, every equation must be typeset, and
the kernel must be named "Go (sgdminima)".
"""

import pytest

from notebookserver import chromium, notebook_server, server_log, wait_for

pytest.importorskip("selenium")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

# Counts kernel deaths and automatic restarts, as the page's own events
# report them, and whether the "kernel appears to have died" dialog showed.
WATCH = """
window.deaths = 0;
window.readies = 0;
Jupyter.notebook.events.on('kernel_dead.Kernel kernel_autorestarting.Kernel',
                           function () { window.deaths += 1; });
Jupyter.notebook.events.on('kernel_ready.Kernel', function () { window.readies += 1; });
"""

# True once every code cell has run (a number in its prompt) and the kernel
# is idle.
ALL_RAN = """(function () {
  var cells = Jupyter.notebook.get_cells().filter(function (c) { return c.cell_type === 'code'; });
  var ran = cells.every(function (c) {
    return typeof c.input_prompt_number === 'number' && c.input_prompt_number >= 1;
  });
  return ran && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
})()"""

# What a reader sees once the cells ran; outputs lists, per code cell, its
# index, prompt number and output types, so that a failure shows which
# outputs are missing.
PAGE_STATE = """(function () {
  var cells = Jupyter.notebook.get_cells();
  var errors = [], pngOutputs = 0, outputs = [];
  cells.forEach(function (c, i) {
    if (c.cell_type !== 'code') { return; }
    outputs.push(i + ':' + c.input_prompt_number + ':' + c.output_area.outputs.map(function (o) {
      return o.output_type + (o.data ? '(' + Object.keys(o.data).join(',') + ')' : '');
    }).join(','));
    c.output_area.outputs.forEach(function (o) {
      if (o.output_type === 'error') { errors.push(i + ': ' + o.ename + ': ' + o.evalue); }
      if (o.data && o.data['image/png']) { pngOutputs += 1; }
    });
  });
  var imgs = Array.prototype.slice.call(document.querySelectorAll('.output_png img'));
  var rendered = imgs.filter(function (im) { return im.complete && im.naturalWidth > 0; }).length;
  var mathText = Array.prototype.slice.call(document.querySelectorAll('.text_cell_render'))
    .map(function (el) { return el.innerText; }).join('\\n');
  return {
    errors: errors,
    pngOutputs: pngOutputs,
    images: imgs.length,
    rendered: rendered,
    typeset: document.querySelectorAll('.MathJax, .MathJax_Display, .MathJax_SVG').length,
    mathPending: document.querySelectorAll('.MathJax_Processing, .MathJax_Preview:not(:empty)').length,
    rawTeX: (mathText.match(/\\$[^$\\n]*\\\\[a-zA-Z]+[^$\\n]*\\$/g) || []).slice(0, 3),
    kernelName: document.querySelector('.kernel_indicator_name').innerText,
    dialog: document.body.innerText.indexOf('appears to have died') >= 0,
    deaths: window.deaths,
    outputs: outputs,
  };
})()"""


def open_notebook(driver, url, token, name):
    driver.get(f"{url}/notebooks/{name}?token={token}")
    wait_for(driver, "window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded "
             "&& Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()",
             60, f"{name}: the kernel to connect")
    driver.execute_script(WATCH)


def restart_and_run_all(driver, name, timeout):
    """Kernel ▸ Restart & Run All, confirmed in the dialog, as a reader does."""
    before = driver.execute_script("return window.readies")
    # Forget the last run's prompt numbers: between the restart and the
    # cells being queued they would make ALL_RAN true on stale outputs.
    driver.execute_script("Jupyter.notebook.get_cells().forEach(function (c) {"
                          " if (c.cell_type === 'code') { c.set_input_prompt(); } })")
    driver.find_element(By.ID, "kernellink").click()
    driver.find_element(By.CSS_SELECTOR, "#restart_run_all > a").click()
    wait_for(driver, "document.querySelector('.modal-footer .btn-danger')", 10, "the confirm dialog")
    driver.find_element(By.CSS_SELECTOR, ".modal-footer .btn-danger").click()
    # Once the restarted kernel is ready, every cell is queued; then all
    # must run.
    wait_for(driver, f"window.readies > {before}", 60, f"{name}: the restart")
    wait_for(driver, ALL_RAN, timeout, f"{name}: Restart & Run All")


def check_page(driver, name, url_tmp):
    wait_for(driver, "typeof MathJax !== 'undefined' && MathJax.Hub && MathJax.Hub.queue.pending === 0",
             30, f"{name}: MathJax")
    # An execute_reply (shell) may reach the page before the last cell's
    # display_data and idle status (iopub): give the figures time to arrive
    # and render; the assertions below still decide.
    try:
        wait_for(driver, "(function () { var s = " + PAGE_STATE + "; return s.pngOutputs > 0 && "
                 "s.images === s.pngOutputs && s.rendered === s.images; })()", 30, f"{name}: figures")
    except TimeoutError:
        pass
    state = driver.execute_script("return " + PAGE_STATE)
    where = f"{name}: {state}\n{server_log(url_tmp)[-1500:]}"
    assert state["deaths"] == 0 and not state["dialog"], "the kernel died: " + where
    assert state["errors"] == [], where
    assert state["pngOutputs"] > 0 and state["images"] == state["pngOutputs"], where
    assert state["rendered"] == state["images"], "a figure did not render: " + where
    assert state["typeset"] > 0 and state["mathPending"] == 0 and state["rawTeX"] == [], where
    assert state["kernelName"] == "Go (sgdminima)", where
    return state


def test_kernel_tour_restart_and_run_all_ten_times():
    name = "00-kernel-tour.ipynb"
    with notebook_server([name]) as (url, token, tmp), chromium() as driver:
        open_notebook(driver, url, token, name)
        for i in range(10):
            restart_and_run_all(driver, name, timeout=120)
            check_page(driver, f"{name} (run {i + 1})", tmp)


def test_continuum_limit_runs_in_the_browser():
    name = "03-continuum-limit.ipynb"
    with notebook_server([name]) as (url, token, tmp), chromium() as driver:
        open_notebook(driver, url, token, name)
        restart_and_run_all(driver, name, timeout=300)
        check_page(driver, name, tmp)


def type_in_new_cell(driver, text):
    """Adds a code cell at the bottom, clicks into it and types text."""
    driver.execute_script("var c = Jupyter.notebook.insert_cell_at_bottom('code');"
                          "Jupyter.notebook.select(Jupyter.notebook.find_cell_index(c));"
                          "c.element[0].scrollIntoView();")
    cells = driver.find_elements(By.CSS_SELECTOR, ".code_cell .CodeMirror")
    cells[-1].click()
    area = cells[-1].find_element(By.CSS_SELECTOR, "textarea")
    area.send_keys(text)
    return area


def last_cell_text(driver):
    return driver.execute_script("var cs = Jupyter.notebook.get_cells(); return cs[cs.length - 1].get_text();")


def test_tab_completion_after_greek_names():
    # The front end counts cursor positions in code points; a kernel that
    # counts bytes completes at the wrong place after θ and garbles the cell.
    name = "00-kernel-tour.ipynb"
    with notebook_server([name]) as (url, token, tmp), chromium() as driver:
        open_notebook(driver, url, token, name)
        area = type_in_new_cell(driver, 'import "fmt"')
        area.send_keys(Keys.SHIFT, Keys.ENTER)
        wait_for(driver, "Jupyter.notebook.get_cells().some(function (c) { return c.get_text() === 'import \"fmt\"'"
                 " && typeof c.input_prompt_number === 'number'; })"
                 " && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null", 30, "the import")

        for typed, want in [("θ := 1.0; fmt.Printl", "θ := 1.0; fmt.Println"),
                            ("ηθσλ := 2.0; ηθσ", "ηθσλ := 2.0; ηθσλ")]:
            area = type_in_new_cell(driver, typed)
            area.send_keys(Keys.TAB)  # one match: the editor inserts it
            wait_for(driver, f"Jupyter.notebook.get_cells().slice(-1)[0].get_text() === {want!r}", 10,
                     f"completion of {typed!r} (cell reads {last_cell_text(driver)!r})")

        # Inspect (Shift-Tab) after a Greek name shows the function's type.
        type_in_new_cell(driver, "θ := fmt.Sprint")
        driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
        tip = wait_for(driver, "(document.querySelector('#tooltip .tooltiptext') || {}).innerText", 10, "the tooltip")
        assert "fmt.Sprint: func(" in tip, tip
