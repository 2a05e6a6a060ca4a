"""What a page of the book says about itself, read from its notebook.

The sidebar and the landing page name the deck slides each notebook covers
and the paper figures it refers to, and every figure needs alt text. None of
this is stored in the notebooks as data, and the figures' PNG outputs carry
no metadata (gonum/plot draws the title into the pixels), so it is derived
from what the notebooks say: slide titles (slides.txt) emphasised in a
notebook's introduction, "Fig. N" there, and each plot's title as the code
cell that drew it spells it.
"""

import base64
import re
import struct
from dataclasses import dataclass, field

EMPHASIS = re.compile(r"\*\*(.+?)\*\*|(?<![*\w])\*(?![\s*])([^*]+?)\*(?![*\w])")
# "*Three Factors Influencing Minima in SGD* (Jastrzębski et al." cites the
# paper, whose title is also a slide's.
CITATION = re.compile(r"\s*\(Jastrz")
PAPER_FIGURE = re.compile(r"\bFig(?:ure)?s?\.\s*(\d+)")
GO_STRING = r'"((?:[^"\\\n]|\\.)*)"'
# A plot's title as a cell sets it: Axes{Title: "…"}, Hist{Title: fmt.Sprintf("…", …)}, p.Title.Text = "…".
PLOT_TITLE = re.compile(r"\bTitle(?::|\.Text\s*=)\s*(fmt\.Sprintf\(\s*)?" + GO_STRING)
# figure.PNG(helper(…)) or figure.PNG(helper("title", …)).
SHOWN_BY = re.compile(r"figure\.PNG\(\s*(\w+)\((?:\s*" + GO_STRING + ")?")
GO_FUNC = r"(?:func\s+{0}\s*\(|\b{0}\s*:?=\s*func\s*\()"
PRINTF_VERB = re.compile(r"%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[a-zA-Z]")


class BookError(Exception):
    """A notebook the book cannot be built from; the message names it."""


@dataclass
class Slide:
    title: str
    item: str = ""  # a bullet of the slide, or "" for the slide itself


@dataclass
class Page:
    src: str  # the notebook, relative to the notebooks folder
    href: str  # the page, relative to the site's root
    number: str  # "05", or "Solution 1"
    title: str
    part: str  # "notebooks" or "solutions"
    slides: list = field(default_factory=list)
    figures: list = field(default_factory=list)  # the paper's figures its introduction names
    nb: object = None

    @property
    def root(self):
        """The relative path from this page back to the site's root."""
        return "../" * self.href.count("/")

    @property
    def paper(self):
        """The paper's figures it refers to: "Fig. 1", "Figs. 3, 6" or ""."""
        if not self.figures:
            return ""
        return ("Fig. " if len(self.figures) == 1 else "Figs. ") + ", ".join(map(str, self.figures))

    @property
    def short_number(self):
        return self.number.replace("Solution ", "")


def words(text):
    """Lower-case words; dashes and slashes as spaces, so 'Fokker–Planck' matches 'Fokker-Planck'."""
    text = re.sub(r"[-‐‑–—/]", " ", text.lower())
    return " ".join(re.sub(r"[^\w ]", "", text).split())


def read_slides(path):
    slides, current = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            if line[0].isspace():
                if current is None:
                    raise BookError(f"{path}: a bullet before the first slide: {line.strip()}")
                slides.append(Slide(current, line.strip()))
            else:
                current = line.strip()
                slides.append(Slide(current))
    return slides


def plain(markdown):
    """Markdown as plain text, for titles and alt text."""
    text = re.sub(r"[*`$]|(?<!\w)_|_(?!\w)|\\[,;!]", "", markdown)
    return " ".join(text.split())


def introduction(nb):
    """The markdown before the first section (## heading) or code cell."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            break
        if cell.cell_type == "markdown":
            section = re.search(r"^##\s", cell.source, re.M)
            parts.append(cell.source[: section.start()] if section else cell.source)
            if section:
                break
    return " ".join(" ".join(parts).split())


def slides_named(intro, slides):
    """The deck slides a notebook's introduction names, in deck order."""
    named = set()
    for m in EMPHASIS.finditer(intro):
        if CITATION.match(intro, m.end()):
            continue
        phrase = words(m.group(1) or m.group(2))
        for i, s in enumerate(slides):
            name = words(s.item or s.title)
            if phrase == name or phrase.startswith(name + " ") or (len(phrase.split()) >= 3 and phrase in name):
                named.add(i)
    # A slide named whole covers its bullets; bullets of one slide share a label.
    whole = {slides[i].title for i in named if not slides[i].item}
    labels = {}
    for i in sorted(named):
        s = slides[i]
        if not s.item or s.title not in whole:
            labels.setdefault(s.title, []).extend([s.item] if s.item else [])
    return [f"{title}: {'; '.join(items)}" if items else title for title, items in labels.items()]


def describe(src, href, nb, slides, name):
    """A Page for a checked notebook (shown as name in errors): number and title from its '# NN · Title'."""
    first = nb.cells[0].source.splitlines()[0] if nb.cells and nb.cells[0].source else ""
    if not first.startswith("# ") or nb.cells[0].cell_type != "markdown":
        raise BookError(f"{name}: no title: the first cell must be markdown starting with '# NN · Title'")
    number, _, title = plain(first[2:]).partition(" · ")
    if not title:
        number, title = "", number
    intro = introduction(nb)
    figures = sorted({int(n) for n in PAPER_FIGURE.findall(intro)})
    part = "solutions" if "/solutions/" in f"/{src}" else "notebooks"
    return Page(src, href, number, title, part, slides_named(intro, slides), figures, nb)


def go_text(literal, formatted):
    """A Go string literal as the reader sees it; printf verbs become '…'."""
    text = re.sub(r"\\(.)", lambda m: " " if m.group(1) in "nt" else m.group(1), literal)
    if formatted:
        text = PRINTF_VERB.sub("…", text.replace("%%", "\0")).replace("\0", "%")
    return " ".join(text.split())


def plot_title(cells, i):
    """The title of the figure code cell i shows, as its source (or the helper it calls) sets it."""
    src = cells[i].source
    shown = src.find("figure.PNG(")
    before = src[:shown] if shown >= 0 else src
    titles = PLOT_TITLE.findall(before)
    if titles:
        return go_text(titles[-1][1], bool(titles[-1][0]))
    call = SHOWN_BY.search(src)
    if call and call.group(2):
        return go_text(call.group(2), False)
    if call:
        helper = re.compile(GO_FUNC.format(re.escape(call.group(1))))
        for prev in reversed(cells[:i]):
            d = helper.search(prev.source) if prev.cell_type == "code" else None
            t = d and PLOT_TITLE.search(prev.source, d.end())
            if t:
                return go_text(t.group(2), bool(t.group(1)))
    return None


def context(cells, i):
    """The heading and first sentence of the markdown nearest above cell i, for figures without a title."""
    sentence = heading = ""
    for prev in reversed(cells[:i]):
        if prev.cell_type != "markdown":
            continue
        lines = prev.source.splitlines()
        if not sentence:
            prose = " ".join(line for line in lines if line.strip() and not line.lstrip().startswith(("#", "|", "$$")))
            sentence = re.split(r"(?<=[.:;!?])\s", plain(prose), maxsplit=1)[0]
        heads = [line.lstrip("#").strip() for line in lines if re.match(r"#{1,6}\s", line)]
        if heads:
            heading = plain(heads[-1])
            break
    return heading, sentence


def png_size(data):
    """Width and height from a base64 PNG's header."""
    raw = base64.b64decode(data[:64] + "=" * (-len(data[:64]) % 4))
    if not raw.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("an image/png output that is not a PNG")
    return struct.unpack(">II", raw[16:24])


def annotate_figures(nb):
    """Puts alt text and pixel size on every PNG output (output.metadata.sgdbook); returns the count."""
    count = 0
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            if "image/png" not in data:
                continue
            count += 1
            data["image/png"] = "".join(data["image/png"].split())
            title = plot_title(nb.cells, i)
            if title:
                alt = f"Figure {count}: {title}"
            else:
                heading, sentence = context(nb.cells, i)
                alt = f"Figure {count}, in “{heading}”: {sentence}" if heading else f"Figure {count}: {sentence}"
            if len(alt) > 300:
                alt = alt[:299].rsplit(" ", 1)[0] + "…"
            width, height = png_size(data["image/png"])
            out.setdefault("metadata", {})["sgdbook"] = {"alt": alt, "width": width, "height": height}
    return count
