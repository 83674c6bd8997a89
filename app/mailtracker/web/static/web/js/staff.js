/* People pickers: typing in the box above a list shows only the people whose name,
   designation or subsection matches; groups with nobody left are hidden. Without this script
   the whole grouped list is shown. */
(function () {
  "use strict";

  function filterPeople(picker, box) {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    picker.querySelectorAll("[data-people-group]").forEach(function (group) {
      var groupName = (group.querySelector("legend") || {}).textContent || "";
      var inGroup = 0;
      group.querySelectorAll("[data-person]").forEach(function (person) {
        var text = (person.textContent + " " + groupName).toLowerCase();
        var input = person.querySelector("input");
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        // A chosen person stays visible, so a choice is never hidden from its chooser.
        var visible = match || (input && input.checked);
        person.hidden = !visible;
        person.toggleAttribute("data-match", match && words.length > 0);
        inGroup += visible ? 1 : 0;
      });
      group.hidden = inGroup === 0;
      shown += inGroup;
    });
    var none = picker.querySelector("[data-people-none]");
    if (none) {
      none.hidden = shown !== 0;
    }
  }

  function enhancePicker(picker) {
    var box = picker.querySelector("[data-people-filter]");
    if (!box) {
      return;
    }
    box.addEventListener("input", function () { filterPeople(picker, box); });
    box.addEventListener("keydown", function (event) {
      // Enter in the filter box goes to the first person matching what was typed (Space then
      // ticks them) instead of sending the form.
      if (event.key !== "Enter") {
        return;
      }
      event.preventDefault();
      var first = picker.querySelector("[data-person][data-match]") ||
        picker.querySelector("[data-person]:not([hidden])");
      if (first) {
        first.querySelector("input").focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-people-picker]").forEach(enhancePicker);
  });
})();
