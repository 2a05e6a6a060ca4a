"""Serves the book (`make book`) at /book/ of the classic Notebook server.

The image builds the book from its committed notebooks and serves it from
the Jupyter server itself, so that a page's "Open in Jupyter" link, which is
relative (../notebooks/NN-name.ipynb from /book/NN-name.html), opens the
notebook on that server: one port, one origin, any base URL. The book holds
only what the committed notebooks show, so it is served without the token,
like /api; opening a notebook from it asks for the token.

Enabled by the image's entrypoint and by `make notebook`:
--NotebookApp.nbserver_extensions="{'sgdminima_book': True}", with the
folder in SGDMINIMA_BOOK_DIR (default: kernel/build/book of this checkout).
"""

import os

from notebook.utils import url_path_join
from tornado import web

DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "kernel", "build", "book")


class BookHandler(web.StaticFileHandler):
    """The site's files; a folder answers with its index.html."""

    def get(self, path, include_body=True):
        if not os.path.isdir(self.root):
            raise web.HTTPError(404, reason="The book is not built (make book; the image: see its build log)")
        return super().get(path, include_body)

    def set_extra_headers(self, path):
        self.set_header("X-Content-Type-Options", "nosniff")


def load_jupyter_server_extension(nbapp):
    folder = os.path.abspath(os.environ.get("SGDMINIMA_BOOK_DIR") or DEFAULT)
    route = url_path_join(nbapp.web_app.settings["base_url"], "book")
    nbapp.web_app.add_handlers(".*$", [
        (route, web.RedirectHandler, {"url": route + "/"}),
        (route + "/(.*)", BookHandler, {"path": folder, "default_filename": "index.html"}),
    ])
    nbapp.log.info("sgdminima: the book, from %s, at %s/", folder, route)
