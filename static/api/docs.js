// The API's documentation page: reads /api/v1/openapi.json and writes each operation out.
// A static file (no inline script: the portal's Content-Security-Policy forbids it), no CDN.
"use strict";

(function () {
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => node.setAttribute(key, value));
    (children || []).forEach((child) => node.append(typeof child === "string" ? document.createTextNode(child) : child));
    return node;
  }

  function resolve(spec, schema) {
    if (schema && schema.$ref) {
      return resolve(spec, spec.components.schemas[schema.$ref.split("/").pop()]);
    }
    return schema || {};
  }

  function example(spec, schema, depth) {
    schema = resolve(spec, schema);
    if (depth > 4) return null;
    if (schema.anyOf) return example(spec, schema.anyOf[0], depth + 1);
    if (schema.enum) return schema.enum[0];
    switch (schema.type) {
      case "object": {
        const out = {};
        Object.entries(schema.properties || {}).forEach(([name, prop]) => { out[name] = example(spec, prop, depth + 1); });
        return out;
      }
      case "array": return [example(spec, schema.items, depth + 1)];
      case "integer": return 1;
      case "number": return 1.5;
      case "boolean": return true;
      case "string": return schema.format === "binary" ? "<file>" : "…";
      default: return null;
    }
  }

  function body(spec, content) {
    return Object.entries(content || {}).map(([type, media]) =>
      el("div", {}, [el("p", {}, [el("code", {}, [type])]),
        el("pre", {}, [JSON.stringify(example(spec, media.schema, 0), null, 2)])]));
  }

  function operation(spec, path, method, op) {
    const id = op.operationId;
    const section = el("section", { class: "operation", id: id }, [
      el("h2", {}, [el("span", { class: "method" }, [method]), el("code", {}, [path])]),
      el("p", {}, [el("strong", {}, [op.summary || ""])]),
      el("p", {}, [op.description || ""]),
    ]);
    if ((op.parameters || []).length) {
      const rows = op.parameters.map((p) => el("tr", {}, [el("td", {}, [el("code", {}, [p.name])]),
        el("td", {}, [p.in]), el("td", {}, [resolve(spec, p.schema).type || ""])]));
      section.append(el("h3", {}, ["Parameters"]), el("table", {}, rows));
    }
    if (op.requestBody) {
      section.append(el("h3", {}, ["Request body"]), ...body(spec, op.requestBody.content));
    }
    section.append(el("h3", {}, ["Responses"]));
    Object.entries(op.responses || {}).sort().forEach(([status, response]) => {
      const details = el("details", {}, [el("summary", {}, [status + " " + (response.description || "")]),
        ...body(spec, response.content)]);
      section.append(details);
    });
    return section;
  }

  function render(spec) {
    const toc = document.getElementById("toc");
    const list = document.getElementById("operations");
    list.replaceChildren();
    Object.entries(spec.paths).forEach(([path, operations]) => {
      Object.entries(operations).forEach(([method, op]) => {
        toc.append(el("a", { href: "#" + op.operationId }, [method.toUpperCase() + " " + path + " — " + (op.summary || "")]));
        list.append(operation(spec, path, method, op));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    fetch("/api/v1/openapi.json").then((r) => r.json()).then(render).catch((error) => {
      document.getElementById("operations").textContent = "The API's description could not be read: " + error;
    });
  });
}());
