/* The error summary above a refused form (templates/_error_summary.html), as in the GOV.UK
   design system: it takes the focus when the page loads, so screen readers announce it first,
   and each of its links moves the focus to its field and shows the field's label or legend. */
(function () {
  "use strict";

  function labelFor(field) {
    var fieldset = field.closest("fieldset");
    if (fieldset && fieldset.querySelector("legend") && field.type && /^(radio|checkbox)$/.test(field.type)) {
      return fieldset.querySelector("legend");
    }
    return (field.id && document.querySelector('label[for="' + field.id + '"]')) || field;
  }

  function init() {
    var summary = document.querySelector(".error-summary");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) {
        return;
      }
      var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) {
        return;
      }
      event.preventDefault();
      if (history.pushState) {
        history.pushState(null, "", link.hash);
      }
      labelFor(field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
