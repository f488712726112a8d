// Forms' selects, enhanced when JavaScript runs (no inline script: the Content-Security-Policy forbids it).
// - <select multiple data-searchable>: a searchable box of removable tags (Tom Select). The label keeps
//   pointing at the box's input, so screen readers still announce it.
// - <select data-follows="id_organisation">: only the options whose data-group is the group of the option
//   chosen in the leading select (its own data-group, else its value). The server refuses the others anyway.
(function () {
  "use strict";

  function searchable(select) {
    var box = new TomSelect(select, {
      plugins: { remove_button: { title: select.dataset.remove || "" } },
      maxOptions: null,
      hidePlaceholder: true,
      render: {
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(select.dataset.noResults || "") + "</div>";
        },
      },
    });
    // Tom Select points the label at its own input; the original select, still read by assistive
    // technology and by form validation, keeps the label's name too.
    var label = document.querySelector('label[for="' + box.control_input.id + '"]');
    if (label) select.setAttribute("aria-labelledby", label.id);
  }

  function groupOf(leader) {
    var option = leader.options[leader.selectedIndex];
    if (!option || !option.value) return "";
    return option.dataset.group || option.value;
  }

  function follow(select) {
    var leader = document.getElementById(select.dataset.follows);
    if (!leader) return;
    var options = Array.prototype.slice.call(select.options);
    var allWhenEmpty = select.hasAttribute("data-all-when-empty");

    function filter() {
      var group = groupOf(leader);
      var chosen = select.value;
      var shown = options.filter(function (option) {
        return !option.value || option.dataset.group === group || (!group && allWhenEmpty);
      });
      select.replaceChildren.apply(select, shown);
      var kept = shown.some(function (option) { return option.value && option.value === chosen; });
      select.value = kept ? chosen : "";
    }

    leader.addEventListener("change", filter);
    filter();
  }

  function enhance() {
    document.querySelectorAll("select[data-searchable]").forEach(searchable);
    document.querySelectorAll("select[data-follows]").forEach(follow);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
