// baocao: live totals on the data-entry page. Computed cells carry their formula as JSON in
// data-formula (see baocao/web/grid.py); values are read and shown in the page's number format.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var thousands = lang === "vi" ? "." : ",";
  var point = lang === "vi" ? "," : ".";

  function parse(text) {
    var raw = String(text || "").replace(/[\s\u00a0]/g, "");
    if (raw === "" || !/^-?[\d.,]+$/.test(raw)) return null;
    var plain = raw.split(thousands).join("").replace(point, ".");
    var value = Number(plain);
    return isFinite(value) ? value : null;
  }

  function format(value, decimals) {
    if (value === null || !isFinite(value)) return "";
    var fixed = decimals >= 0 ? value.toFixed(Math.min(decimals, 6)) : String(Math.round(value * 1e6) / 1e6);
    var negative = fixed.charAt(0) === "-";
    var parts = fixed.replace("-", "").split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
    var text = (negative ? "-" : "") + whole;
    if (parts[1] && /[1-9]/.test(parts[1])) text += point + parts[1].replace(/0+$/, "");
    return text;
  }

  function valueOf(id, seen) {
    var el = document.getElementById(id);
    if (!el) return null;
    if (el.tagName === "OUTPUT") return evaluateCell(el, seen);
    return parse(el.value !== undefined ? el.value : el.textContent);
  }

  function evaluate(node, seen) {
    if (!node) return null;
    if ("n" in node) return node.n;
    if ("c" in node) return valueOf(node.c, seen);
    if ("u" in node) { var inner = evaluate(node.u, seen); return inner === null ? null : -inner; }
    if ("f" in node) {
      var args = node.a.map(function (a) { return evaluate(a, seen); });
      if (args.some(function (a) { return a === null; })) return null;
      if (node.f === "abs") return Math.abs(args[0]);
      return node.f === "min" ? Math.min.apply(null, args) : Math.max.apply(null, args);
    }
    var left = evaluate(node.l, seen), right = evaluate(node.r, seen);
    if (left === null || right === null) return null;
    if (node.b === "+") return left + right;
    if (node.b === "-") return left - right;
    if (node.b === "*") return left * right;
    return right === 0 ? null : left / right;
  }

  function evaluateCell(output, seen) {
    if (seen[output.id]) return null; // a cycle: the server refuses those anyway
    seen[output.id] = true;
    var tree;
    try { tree = JSON.parse(output.getAttribute("data-formula") || "null"); } catch (e) { tree = null; }
    var value = evaluate(tree, seen);
    delete seen[output.id];
    return value;
  }

  function recompute() {
    var outputs = document.querySelectorAll("output[data-formula]");
    for (var i = 0; i < outputs.length; i++) {
      var out = outputs[i];
      if (!out.getAttribute("data-formula")) continue;
      var decimals = parseInt(out.getAttribute("data-decimals") || "-1", 10);
      out.textContent = format(evaluateCell(out, {}), decimals > 0 ? decimals : -1);
    }
  }

  window.baocaoFormat = format; // charts.js and wall.js show numbers the same way

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("entry-form");
    if (!form) return;
    form.addEventListener("input", recompute);
    recompute();
    var problems = document.getElementById("problems") || document.getElementById("excel-problems");
    var first = document.querySelector("[aria-invalid='true']");
    if (first && problems) first.focus();
  });
})();
