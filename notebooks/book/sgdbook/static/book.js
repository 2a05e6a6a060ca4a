// The book's few behaviours. Everything works without them: code cells fold
// through <details>, the sidebar is plain links.
(function () {
  "use strict";

  // Narrow screens: the Contents button shows and hides the sidebar.
  var menu = document.querySelector(".topbar .menu");
  if (menu) {
    menu.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      menu.setAttribute("aria-expanded", String(open));
    });
  }

  // "Hide code" folds every code cell; the choice is kept across pages.
  var KEY = "sgdbook-code";
  var toggle = document.querySelector(".code-toggle");
  function showCode(show) {
    Array.prototype.forEach.call(document.querySelectorAll("details.code"), function (d) { d.open = show; });
    if (toggle) {
      toggle.textContent = show ? "Hide code" : "Show code";
      toggle.setAttribute("aria-pressed", String(!show));
    }
  }
  function remember(value) {
    try { localStorage.setItem(KEY, value); } catch (e) { /* private mode, file:// */ }
  }
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var show = toggle.getAttribute("aria-pressed") === "true";
      showCode(show);
      remember(show ? "shown" : "hidden");
    });
    var stored = null;
    try { stored = localStorage.getItem(KEY); } catch (e) { /* as above */ }
    if (stored === "hidden") { showCode(false); }
  }

  // The current notebook's entry in view in a long sidebar.
  var nav = document.getElementById("sidebar");
  var current = nav && nav.querySelector(".current");
  if (current && current.offsetTop > nav.clientHeight * 0.6) {
    nav.scrollTop = current.offsetTop - nav.clientHeight / 3;
  }
})();
