// The portal's behaviour on its pages, kept out of the templates so that the
// Content-Security-Policy can forbid inline script (script-src 'self'). Every
// handler is delegated from the document, so content htmx swaps in works too.
(function () {
  "use strict";

  // htmx 2 leaves 4xx responses unswapped; an inline error (422) or "already decided" (409)
  // is a fragment to show.
  document.addEventListener("htmx:beforeSwap", function (ev) {
    const status = ev.detail.xhr.status;
    if (status === 422 || status === 409) {
      ev.detail.shouldSwap = true;
      ev.detail.isError = false;
    }
  });

  // Page images: each field's box drawn where it was read. Its place comes in data-box as
  // "left top width height" in percent of the page; set through the CSSOM, which the policy
  // allows, where a style attribute would be inline style.
  function placeBoxes(root) {
    root.querySelectorAll(".box[data-box]").forEach(function (box) {
      const [left, top, width, height] = box.dataset.box.split(" ");
      box.style.left = left + "%";
      box.style.top = top + "%";
      box.style.width = width + "%";
      box.style.height = height + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { placeBoxes(document); });
  document.addEventListener("htmx:load", function (ev) { placeBoxes(ev.detail.elt.parentNode || document); });

  // A page tapped (or Enter / Space on it) zooms in; again, out (a pinched page, back to its width).
  function zoom(ev) {
    const inner = ev.target.closest && ev.target.closest(".sheet-inner");
    if (!inner || (ev.type === "keydown" && ev.key !== "Enter" && ev.key !== " ")) return;
    ev.preventDefault();
    const sheet = inner.closest(".sheet");
    if (inner.style.width) {
      inner.style.width = "";
      sheet.classList.remove("zoomed");
    } else {
      sheet.classList.toggle("zoomed");
    }
  }
  document.addEventListener("click", zoom);
  document.addEventListener("keydown", zoom);

  // A page pinched with two fingers zooms within its own panel, from the panel's width to five
  // times it, about the point between the fingers; the fields and the navigation keep their size.
  // The panel leaves two fingers to this and one to scrolling (touch-action in style.css).
  let pinch = null;
  function spread(touches) {
    return Math.hypot(touches[0].clientX - touches[1].clientX, touches[0].clientY - touches[1].clientY);
  }
  document.addEventListener("touchstart", function (ev) {
    const scroll = ev.target.closest && ev.target.closest(".sheet-scroll");
    if (!scroll || ev.touches.length !== 2) return;
    const inner = scroll.querySelector(".sheet-inner");
    pinch = {inner: inner, spread: spread(ev.touches) || 1, width: inner.offsetWidth, fit: scroll.clientWidth};
  }, {passive: true});
  document.addEventListener("touchmove", function (ev) {
    if (!pinch || ev.touches.length !== 2) return;
    if (ev.cancelable) ev.preventDefault();  // not once the browser has begun to scroll the panel
    const inner = pinch.inner, before = inner.getBoundingClientRect();
    const x = (ev.touches[0].clientX + ev.touches[1].clientX) / 2, y = (ev.touches[0].clientY + ev.touches[1].clientY) / 2;
    const width = Math.min(Math.max(pinch.width * spread(ev.touches) / pinch.spread, pinch.fit), pinch.fit * 5);
    inner.style.width = width + "px";
    inner.closest(".sheet").classList.toggle("zoomed", width > pinch.fit);
    // The point of the page between the fingers stays between them.
    const after = inner.getBoundingClientRect(), scale = after.width / before.width;
    panBy(inner, after.left + (x - before.left) * scale - x, after.top + (y - before.top) * scale - y);
  }, {passive: false});
  function endPinch(ev) { if (pinch && ev.touches.length < 2) pinch = null; }
  document.addEventListener("touchend", endPinch);
  document.addEventListener("touchcancel", endPinch);
  function panBy(inner, dx, dy) {
    // Each panel around the page that scrolls that way takes what it can (on a phone the pinned
    // panel scrolls up and down, the page's own frame sideways).
    for (let panel = inner.parentElement; panel && panel !== document.body && (dx || dy); panel = panel.parentElement) {
      const style = getComputedStyle(panel);
      if (dx && /auto|scroll/.test(style.overflowX)) {
        const was = panel.scrollLeft;
        panel.scrollLeft += dx;
        dx -= panel.scrollLeft - was;
      }
      if (dy && /auto|scroll/.test(style.overflowY)) {
        const was = panel.scrollTop;
        panel.scrollTop += dy;
        dy -= panel.scrollTop - was;
      }
    }
  }

  // Review: the field in focus (or under the pointer) shows its box on the page; a field tapped
  // or focused also scrolls the page image, within its own panel, to that box (on a phone the
  // panel is pinned above the fields: the value and where it was printed are seen together).
  function mark(ev) {
    const field = ev.target.closest && ev.target.closest(".field");
    if (!field) return;
    document.querySelectorAll(".box.active").forEach(function (b) { b.classList.remove("active"); });
    const box = document.querySelector('.box[data-field="' + CSS.escape(field.dataset.field) + '"]');
    if (!box) return;
    box.classList.add("active");
    if (ev.type !== "mouseover") reveal(box);
  }
  function reveal(box) {
    // Each scrolling panel between the box and the review (never the window) brings it to its middle.
    for (let panel = box.parentElement; panel && !panel.classList.contains("review"); panel = panel.parentElement) {
      if (panel.scrollHeight <= panel.clientHeight && panel.scrollWidth <= panel.clientWidth) continue;
      const b = box.getBoundingClientRect(), p = panel.getBoundingClientRect();
      panel.scrollTop += (b.top + b.height / 2) - (p.top + p.height / 2);
      panel.scrollLeft += (b.left + b.width / 2) - (p.left + p.width / 2);
    }
  }
  document.addEventListener("focusin", mark);
  document.addEventListener("click", mark);
  document.addEventListener("mouseover", mark);

  // The navigation's height, for what is pinned under it (the review's page image on a phone).
  function measureTopbar() {
    const bar = document.querySelector(".topbar");
    if (bar) document.documentElement.style.setProperty("--topbar-height", bar.offsetHeight + "px");
  }
  document.addEventListener("DOMContentLoaded", measureTopbar);
  window.addEventListener("resize", measureTopbar);

  // Review: Escape in a field or line being edited cancels the edit (its Cancel button).
  document.addEventListener("keyup", function (ev) {
    if (ev.key !== "Escape") return;
    const form = ev.target.closest && ev.target.closest("form.field-edit, form.line-edit");
    const cancel = form && form.querySelector("[data-cancel]");
    if (cancel) cancel.click();
  });

  // Receiving: "All" fills in the quantity still to receive.
  document.addEventListener("click", function (ev) {
    const button = ev.target.closest && ev.target.closest("[data-fill]");
    if (!button) return;
    const input = button.parentNode.querySelector("input");
    if (input) input.value = button.dataset.fill.replace(/,/g, "");
  });

  // Upload: the files chosen, dropped or photographed, listed by name.
  function upload() {
    const zone = document.getElementById("dropzone"), input = document.getElementById("files"),
          camera = document.getElementById("camera"), list = document.getElementById("chosen");
    if (!zone || !input || !list) return;
    function show() {
      list.replaceChildren(...Array.from(input.files).map(function (f) {
        const li = document.createElement("li");
        li.textContent = f.name;
        return li;
      }));
    }
    input.addEventListener("change", show);
    if (camera) {
      camera.addEventListener("change", function (ev) {
        const li = document.createElement("li");
        li.textContent = (ev.target.files[0] && ev.target.files[0].name) || "";
        list.append(li);
      });
    }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (ev) { ev.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (ev) { input.files = ev.dataTransfer.files; show(); });
  }
  document.addEventListener("DOMContentLoaded", upload);

  // The navigation marks where one is (the longest of its links that starts the address); on a
  // phone, whose links are one row that scrolls sideways, that link is scrolled into sight.
  document.addEventListener("DOMContentLoaded", function () {
    let best = null, bestPath = "";
    document.querySelectorAll(".nav a").forEach(function (link) {
      const path = new URL(link.href).pathname;
      const here = location.pathname === path || (path !== "/" && location.pathname.startsWith(path));
      if (here && path.length > bestPath.length) { best = link; bestPath = path; }
    });
    if (!best) return;
    best.setAttribute("aria-current", "page");
    const nav = best.parentNode;
    if (nav.scrollWidth > nav.clientWidth) nav.scrollLeft = best.offsetLeft - (nav.clientWidth - best.offsetWidth) / 2;
  });

  // Inbox: the list refreshes itself every 30 s, but not while documents are ticked for approval
  // (the refresh would untick them).
  document.addEventListener("htmx:beforeRequest", function (ev) {
    const elt = ev.detail.elt;
    if (elt && elt.id === "inbox-rows" && elt.querySelector("input[name=step]:checked")) ev.preventDefault();
  });

  // A list's filters left empty stay out of its address (as the pager's links leave them out), so
  // a view's address says only what was asked: /exceptions?code=duplicate, not eight empty fields.
  document.addEventListener("htmx:configRequest", function (ev) {
    const data = ev.detail.formData;
    if (!data || ev.detail.verb !== "get" || !ev.detail.elt.matches("form.list-filters")) return;
    Array.from(new Set(data.keys())).forEach(function (name) {
      if (data.getAll(name).every(function (value) { return value === ""; })) data.delete(name);
    });
  });
})();
