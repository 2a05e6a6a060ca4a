#!/usr/bin/python3
"""Builds the committed notebooks, with their committed outputs, into a static book.

    /usr/bin/python3 notebooks/book/build.py [--notebooks DIR] [--out DIR]

Most readers of the notebooks never start a kernel: they read the
derivations and the figures, and GitHub's viewer is slow on 500 KB notebooks
and has no order. This renders notebooks/NN-*.ipynb and the exercise
solutions with Debian's nbconvert and the template in sgdbook/ (which
extends nbconvert's classic cell markup by name) into a site: a page per
notebook, a sidebar in deck order naming the slides each covers,
previous/next links, a landing page, MathJax copied from Debian's
libjs-mathjax (no CDN: it works offline), figures embedded with alt text.
`make book` runs it into kernel/build/book (git-ignored).

Nothing half-built is published: every notebook is checked before any page
is rendered (JSON, nbformat, the project's kernel, outputs present), pages
are rendered into a temporary folder beside OUT, and OUT is replaced only
once every page succeeded. A bad notebook is named, and the build stops with
status 1, OUT as it was.

Ends with BENCH lines (the repository's format): time to build, total size,
largest page.
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
KERNEL = "sgdminima-go"
MATHJAX = "/usr/share/javascript/mathjax"
# What the TeX-AMS_CHTML configuration loads, and only that (54 MB in all):
# the book's test fails on any request that fails.
MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML.js", "jax/input/TeX", "jax/output/CommonHTML",
                 "jax/element", "extensions", "fonts/HTML-CSS/TeX/woff", "localization/en"]
PYGMENTS_STYLE = "friendly"

sys.dont_write_bytecode = True  # no __pycache__ among the notebooks (Jupyter's file list, the image)
sys.path.insert(0, HERE)
from pages import BookError, annotate_figures, describe, read_slides  # noqa: E402


class Book:
    title = "Three Factors Influencing Minima in SGD"
    subtitle = "the executable companion, as a book"

    def __init__(self, pages):
        self.notebooks = [p for p in pages if p.part == "notebooks"]
        self.solutions = [p for p in pages if p.part == "solutions"]
        self.parts = [{"name": "Notebooks, in deck order", "pages": self.notebooks},
                      {"name": "Exercises: worked solutions", "pages": self.solutions}]


def shown(path):
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def sources(root):
    """The book's notebooks in deck order (the numbering): NN-*.ipynb, then the solutions."""
    numbered = lambda d: sorted(f for f in os.listdir(d) if re.fullmatch(r"\d\d-.+\.ipynb", f))
    solutions = os.path.join(root, "exercises", "solutions")
    return numbered(root) + ([f"exercises/solutions/{f}" for f in numbered(solutions)]
                             if os.path.isdir(solutions) else [])


def check(root, src):
    """Reads one notebook, or raises BookError naming it and what is wrong."""
    import nbformat

    name = shown(os.path.join(root, src))
    try:
        with open(os.path.join(root, src), encoding="utf-8") as f:
            raw = f.read()
        json.loads(raw)
    except json.JSONDecodeError as e:
        raise BookError(f"{name}: invalid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except (OSError, UnicodeDecodeError) as e:
        raise BookError(f"{name}: unreadable: {e}") from None
    try:
        nb = nbformat.reads(raw, as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # nbformat raises several kinds
        raise BookError(f"{name}: not a valid notebook: {str(e).splitlines()[0]}") from None
    spec = nb.metadata.get("kernelspec", {})
    if spec.get("name") != KERNEL:
        raise BookError(f"{name}: unknown kernel {spec.get('name')!r} ({spec.get('display_name', 'no kernelspec')}); "
                        f"the book's notebooks run on {KERNEL!r}, Go (sgdminima)")
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    if code and not any(c.outputs for _, c in code):
        raise BookError(f"{name}: no outputs: none of its {len(code)} code cells shows a result; "
                        "run it (make notebooks) and commit it with its outputs")
    unrun = [i + 1 for i, c in code if c.execution_count is None]  # numbered from 1, as run_notebooks.py does
    if unrun:
        raise BookError(f"{name}: cell {unrun[0]} was never run ({len(unrun)} code cells in all); "
                        "run the whole notebook (make notebooks) and commit it with its outputs")
    return nb


def sections(html):
    """The page's ## sections, as the sidebar lists them under the current notebook."""
    found = re.findall(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', html)
    if not found:
        return ""
    items = "".join(f'<li><a href="#{anchor}">{text}</a></li>' for anchor, text in found)
    return f'<ol class="sections" aria-label="On this page">{items}</ol>'


def finish(html, page, by_src):
    """Fills the sidebar's sections and points links between notebooks at their pages."""
    html = html.replace("<!--sgdbook:sections-->", sections(html), 1)
    here = os.path.dirname(page.src)

    def to_page(m):
        target = os.path.normpath(os.path.join(here, m.group(1)))
        if target not in by_src:
            return m.group(0)
        return f'href="{page.root}{by_src[target].href}{m.group(2) or ""}"'

    return re.sub(r'href="(?![a-z]+:|#|/)([^"#]+\.ipynb)(#[^"]*)?"', to_page, html)


def write(out, rel, text):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def copy_static(out):
    from pygments.formatters import HtmlFormatter

    static = os.path.join(HERE, "sgdbook", "static")
    with open(os.path.join(static, "book.css"), encoding="utf-8") as f:
        css = f.read()
    css += "\n/* Go syntax colours: Pygments' " + PYGMENTS_STYLE + " style */\n"
    css += HtmlFormatter(style=PYGMENTS_STYLE).get_style_defs(".highlight") + "\n"
    write(out, "static/book.css", css)
    for name in ("book.js", "favicon.svg"):
        shutil.copy(os.path.join(static, name), os.path.join(out, "static", name))
    for part in MATHJAX_PARTS:
        src, dst = os.path.join(MATHJAX, part), os.path.join(out, "mathjax", part)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, dst)


def render(root, out, pages, book):
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="sgdbook", extra_template_basedirs=[HERE],
                            exclude_input_prompt=True, exclude_output_prompt=True)
    by_src = {p.src: p for p in pages}
    for i, page in enumerate(pages):
        resources = {"sgdbook": {"book": book, "page": page, "prev": pages[i - 1] if i else None,
                                 "next": pages[i + 1] if i + 1 < len(pages) else None}}
        try:
            annotate_figures(page.nb)
            html, _ = exporter.from_notebook_node(page.nb, resources)
        except Exception as e:  # a page that cannot be rendered stops the book, named
            raise BookError(f"{shown(os.path.join(root, page.src))}: cannot render: {type(e).__name__}: {e}") from None
        write(out, page.href, finish(html, page, by_src))
    write(out, "index.html", exporter.environment.get_template("landing.html.j2").render(book=book))
    copy_static(out)


def publish(tmp, out):
    """Puts the finished site at out, replacing the previous one only now."""
    os.chmod(tmp, 0o755)  # mkdtemp's 0700 would hide it from the image's server
    old = None
    if os.path.lexists(out):
        old = tmp + ".old"
        os.rename(out, old)
    os.rename(tmp, out)
    if old:
        shutil.rmtree(old)


def measure(out):
    total, largest = 0, (0, "")
    for folder, _, files in os.walk(out):
        for f in files:
            size = os.path.getsize(os.path.join(folder, f))
            total += size
            if f.endswith(".html"):
                largest = max(largest, (size, os.path.relpath(os.path.join(folder, f), out)))
    return total, largest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notebooks", default=os.path.join(REPO, "notebooks"), help="the notebooks folder")
    ap.add_argument("--out", default=os.path.join(REPO, "kernel", "build", "book"), help="the site folder")
    args = ap.parse_args()
    try:
        import nbconvert  # noqa: F401
    except ImportError:
        sys.exit("book: Debian's nbconvert is missing: apt-get install jupyter-nbconvert "
                 "(make deps installs it); run this with /usr/bin/python3")
    if not os.path.isfile(os.path.join(MATHJAX, "MathJax.js")):
        sys.exit("book: MathJax is missing: apt-get install libjs-mathjax (make deps installs it)")

    t0 = time.monotonic()
    root, out = os.path.abspath(args.notebooks), os.path.abspath(args.out)
    srcs = sources(root) if os.path.isdir(root) else []
    if not srcs:
        sys.exit(f"book: no notebooks (NN-name.ipynb) in {shown(root)}")
    slides = read_slides(os.path.join(HERE, "slides.txt"))
    pages, errors = [], []
    for src in srcs:
        try:
            nb = check(root, src)
            pages.append(describe(src, src[: -len(".ipynb")] + ".html", nb, slides, shown(os.path.join(root, src))))
        except BookError as e:
            errors.append(str(e))
    if not errors:
        os.makedirs(os.path.dirname(out), exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=".book-", dir=os.path.dirname(out))
        try:
            render(root, tmp, pages, Book(pages))
            publish(tmp, out)
        except BookError as e:
            errors.append(str(e))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if errors:
        for e in errors:
            print(f"book: {e}", file=sys.stderr)
        before = "is as it was" if os.path.exists(out) else "was not created"
        sys.exit(f"book: stopped; nothing published ({shown(out)} {before})")

    seconds = time.monotonic() - t0
    total, (size, name) = measure(out)
    print(f"book: {len(pages) + 1} pages ({len(Book(pages).notebooks)} notebooks, {len(Book(pages).solutions)} "
          f"solutions, the landing page) in {shown(out)}; open {shown(os.path.join(out, 'index.html'))}")
    print(f"BENCH name=book_build ours={seconds:.3g} anchor=- unit=s ratio=- pages={len(pages) + 1}")
    print(f"BENCH name=book_total_size ours={total / 2**20:.3g} anchor=- unit=MiB ratio=-")
    print(f"BENCH name=book_largest_page ours={size / 2**20:.3g} anchor=- unit=MiB ratio=- page={name}")


if __name__ == "__main__":
    main()
