"""The self-check page's script and style, inlined into every page (no file, CDN or server).

The script grades numbers only, entry by entry, exactly as ``Tolerance.accepts`` does
(``|x − v| ≤ abs + rel·|v|``) against the key and each alternative, keeping the reference with
the fewest wrong entries as ``studykit check`` does; shapes and choices as the checker reads them.
It computes no backpropagation: error carried forward stays in the quiz and ``studykit check``.
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("studykit-data").textContent);
  var M = data.msg;
  var NUM = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,3})?(\/\d+)?$/;
  var SHAPE = /^[\[(]?\s*(\d+)\s*(?:[x\u00d7*,]|by)\s*(\d+)\s*[\])]?$/i;

  function fill(text, fields) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return fields[k]; });
  }
  function readNumber(text) {
    var t = text.trim().replace(/\u2212/g, "-");
    if (!NUM.test(t)) return null;
    var pieces = t.split("/");
    var v = Number(pieces[0]);
    if (pieces.length === 2) {
      var d = Number(pieces[1]);
      if (d === 0) return null;
      v = v / d;
    }
    return isFinite(v) ? v : null;
  }
  function within(x, v, tol) {
    return isFinite(x) && Math.abs(x - v) <= tol.abs + tol.rel * Math.abs(v);
  }
  function position(i, part) {
    if (part.cols === 1) return String(i + 1);
    return "(" + (Math.floor(i / part.cols) + 1) + ", " + (i % part.cols + 1) + ")";
  }
  function say(el, state, text) {
    var fb = el.querySelector(".fb");
    fb.textContent = text;
    el.setAttribute("data-state", state);
  }

  function gradeNumeric(el, part) {
    var cells = el.querySelectorAll("input.entry");
    var values = [], unread = [];
    cells.forEach(function (cell, i) {
      cell.classList.remove("bad", "unread");
      var v = readNumber(cell.value);
      if (v === null) { unread.push(i); cell.classList.add("unread"); }
      values.push(v);
    });
    if (unread.length) {
      var empty = unread.every(function (i) { return cells[i].value.trim() === ""; });
      var where = unread.map(function (i) { return position(i, part); }).join(", ");
      return say(el, "unreadable", empty ? M.empty : fill(M.unreadable, {e: where}));
    }
    var best = null;
    part.refs.forEach(function (ref, k) {
      var wrong = [];
      ref.forEach(function (v, i) { if (!within(values[i], v, part.tol)) wrong.push(i); });
      if (best === null || wrong.length < best.wrong.length) best = {wrong: wrong, ref: k};
    });
    if (best.wrong.length === 0) {
      var alone = best.ref > 0;
      return say(el, "correct", alone ? M.correct_carried : M.correct);
    }
    best.wrong.forEach(function (i) { cells[i].classList.add("bad"); });
    var text;
    if (part.kind === "number") text = M.off;
    else if (best.wrong.length === values.length) text = M.every;
    else {
      var list = best.wrong.map(function (i) { return position(i, part); }).join(", ");
      text = fill(part.cols === 1 ? M.wrong_vector : M.wrong_matrix, {e: list});
    }
    say(el, "wrong", text);
  }

  function gradeShape(el, part) {
    var input = el.querySelector("input.shape");
    var m = SHAPE.exec(input.value.trim());
    if (!m) return say(el, "unreadable", M.shape_unreadable);
    var got = [Number(m[1]), Number(m[2])];
    if (got[0] === part.shape[0] && got[1] === part.shape[1]) return say(el, "correct", M.correct);
    var text = fill(M.shape_wrong, {g: got[0] + "\u00d7" + got[1]});
    if (got[0] === part.shape[1] && got[1] === part.shape[0]) text += M.shape_swapped;
    say(el, "wrong", text);
  }

  function gradeChoice(el, part) {
    var chosen = el.querySelector("input[type=radio]:checked");
    if (!chosen) return say(el, "unreadable", fill(M.choose, {o: part.keys.join(", ")}));
    if (chosen.value === part.answer) say(el, "correct", M.correct);
    else say(el, "wrong", M.not_this);
  }

  function quote(text) {
    return "'" + text.replace(/'/g, "'\"'\"'") + "'";
  }

  function setup(section, problem) {
    section.querySelectorAll(".part").forEach(function (el) {
      var part = problem.parts[Number(el.getAttribute("data-part"))];
      var check = el.querySelector("button.check");
      if (check) {
        check.addEventListener("click", function () {
          if (part.kind === "shape") gradeShape(el, part);
          else if (part.kind === "choice") gradeChoice(el, part);
          else gradeNumeric(el, part);
        });
        el.querySelectorAll("input").forEach(function (input) {
          input.addEventListener("keydown", function (e) { if (e.key === "Enter") check.click(); });
        });
      }
      var reveal = el.querySelector("button.reveal-button");
      var shown = el.querySelector("div.reveal");
      if (reveal && shown) {
        reveal.addEventListener("click", function () {
          shown.hidden = !shown.hidden;
          var model = part.kind === "explain";
          reveal.textContent = shown.hidden ? (model ? M.show_model : M.show) : (model ? M.hide_model : M.hide);
        });
      }
      var formula = el.querySelector("input.formula");
      if (formula) {
        var code = el.querySelector("code.command");
        code.textContent = part.command + " ANSWER";
        formula.addEventListener("input", function () {
          code.textContent = part.command + " " + quote(formula.value || "ANSWER");
        });
      }
      var ticks = el.querySelectorAll("input.tick");
      ticks.forEach(function (tick) {
        tick.addEventListener("change", function () {
          var got = 0;
          ticks.forEach(function (t) { if (t.checked) got += Number(t.getAttribute("data-marks")); });
          el.querySelector(".score").textContent = fill(M.score, {g: got, t: part.marks});
        });
      });
    });
  }

  document.querySelectorAll("section.problem[data-problem]").forEach(function (section) {
    setup(section, data.problems[Number(section.getAttribute("data-problem"))]);
  });
})();
"""

CSS = """
.selfcheck-note { background: #f3f6fb; border-left: 4px solid #5b7db1; padding: 0.5rem 0.8rem;
                  font-size: 0.92rem; }
ol.parts { padding-left: 0; list-style: none; }
.part { border: 1px solid #ccd; border-radius: 6px; padding: 0.6rem 0.8rem; margin: 0.8rem 0; }
.part .prompt { margin: 0 0 0.4rem 0; }
.grid { display: inline-grid; gap: 4px; margin: 0.2rem 0; vertical-align: middle; }
input.entry { width: 6.5rem; font: inherit; padding: 2px 4px; }
input.shape, input.formula { width: 16rem; font: inherit; }
textarea.explain { width: 100%; min-height: 6rem; font: inherit; }
input.bad { background: #fde2e2; border: 2px solid #c0392b; }
input.unread { background: #fff4d6; border: 2px solid #d4a017; }
.part button { font: inherit; margin: 0.3rem 0.4rem 0.3rem 0; }
.fb { display: inline-block; margin-left: 0.4rem; font-weight: bold; }
.part[data-state="correct"] .fb { color: #1e7b34; }
.part[data-state="correct"] .fb::before { content: "\\2713  "; }
.part[data-state="wrong"] .fb { color: #b42318; }
.part[data-state="wrong"] .fb::before { content: "\\2717  "; }
.part[data-state="unreadable"] .fb { color: #8a6100; }
.part[data-state="unreadable"] .fb::before { content: "?  "; }
div.reveal { border-top: 1px dashed #99a; margin-top: 0.5rem; padding-top: 0.3rem; }
code.command { display: block; white-space: pre-wrap; background: #f4f4f4; padding: 0.3rem; }
ul.ticks { list-style: none; padding-left: 0.3rem; }
@media print { button, .fb { display: none; } div.reveal[hidden] { display: none; } }
"""
