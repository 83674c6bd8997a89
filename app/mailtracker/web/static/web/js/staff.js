/* Small helpers of the staff UI; every page works without them.
   - After an action the page opens at the region where it happened: its message is focused,
     so keyboard and screen reader users continue there, not at the top of the page.
   - People pickers: typing in the box above a list shows only the people whose name,
     designation or subsection matches; groups with nobody left are hidden. */
(function () {
  "use strict";

  function focusMessage() {
    var message = document.querySelector("[data-focus-after-action]");
    if (message) {
      message.focus();
      message.scrollIntoView({ block: "center" });
    }
  }

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
      // Enter in the filter box picks the only match instead of sending the form.
      if (event.key !== "Enter") {
        return;
      }
      event.preventDefault();
      var visible = Array.prototype.filter.call(
        picker.querySelectorAll("[data-person]"), function (person) { return !person.hidden; }
      );
      if (visible.length >= 1) {
        visible[0].querySelector("input").focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-people-picker]").forEach(enhancePicker);
    focusMessage();
  });
})();
