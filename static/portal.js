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

  // A page tapped (or Enter / Space on it) zooms in; again, out.
  function zoom(ev) {
    const inner = ev.target.closest && ev.target.closest(".sheet-inner");
    if (!inner || (ev.type === "keydown" && ev.key !== "Enter" && ev.key !== " ")) return;
    ev.preventDefault();
    inner.closest(".sheet").classList.toggle("zoomed");
  }
  document.addEventListener("click", zoom);
  document.addEventListener("keydown", zoom);

  // Review: the field in focus (or under the pointer) shows its box on the page.
  function mark(ev) {
    const field = ev.target.closest && ev.target.closest(".field");
    if (!field) return;
    document.querySelectorAll(".box.active").forEach(function (b) { b.classList.remove("active"); });
    const box = document.querySelector('.box[data-field="' + CSS.escape(field.dataset.field) + '"]');
    if (box) box.classList.add("active");
  }
  document.addEventListener("focusin", mark);
  document.addEventListener("mouseover", mark);

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
})();
