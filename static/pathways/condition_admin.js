/* Condition admin: offer only the operators that fit the chosen fact, and say what value fits.
 *
 * The fact select carries a JSON map (data-operator-map) rendered by pathways.forms.FactSelect:
 * {fact code: {type, operators: [...], hint}}. Works for the inline rows on the route page,
 * including rows added with "Nog een voorwaarde toevoegen". No dependencies.
 */
(function () {
  "use strict";

  function partner(factSelect, field) {
    var name = factSelect.name.replace(/fact$/, field);
    return factSelect.form ? factSelect.form.elements.namedItem(name) : null;
  }

  function update(factSelect) {
    var map;
    try {
      map = JSON.parse(factSelect.getAttribute("data-operator-map") || "{}");
    } catch (e) {
      return;
    }
    var info = map[factSelect.value];
    var operator = partner(factSelect, "operator");
    var value = partner(factSelect, "value");
    if (operator) {
      var allowed = info ? info.operators : null;
      var firstAllowed = null;
      Array.prototype.forEach.call(operator.options, function (option) {
        var fits = !option.value || !allowed || allowed.indexOf(option.value) !== -1;
        option.hidden = !fits;
        option.disabled = !fits;
        if (fits && option.value && firstAllowed === null) {
          firstAllowed = option.value;
        }
      });
      if (allowed && operator.value && allowed.indexOf(operator.value) === -1) {
        operator.value = firstAllowed || "";
      }
    }
    if (value) {
      var hint = value.parentNode.querySelector(".condition-value-hint");
      if (!hint) {
        hint = document.createElement("div");
        hint.className = "help condition-value-hint";
        value.parentNode.appendChild(hint);
      }
      hint.textContent = info ? info.hint : "";
      value.placeholder = info ? info.hint : "";
    }
  }

  function init(root) {
    Array.prototype.forEach.call(
      root.querySelectorAll("select.condition-fact"),
      function (select) {
        if (select.name.indexOf("__prefix__") === -1) {
          update(select);
        }
      }
    );
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select.condition-fact")) {
      update(event.target);
    }
  });
  document.addEventListener("formset:added", function (event) {
    init(event.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
