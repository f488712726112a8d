// After a refused submit the page comes back with errors: move the keyboard focus to the first field in error
// (or to the form's error summary), so keyboard and screen-reader users start where the problem is.
(function () {
  "use strict";
  var field = document.querySelector("form .is-invalid, form [aria-invalid='true']");
  if (field) {
    field.focus();
    return;
  }
  var summary = document.querySelector("form .alert-danger, form .invalid-feedback");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
})();
