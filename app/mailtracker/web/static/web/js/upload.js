/* Forms with a PDF: check the file in the browser (type and size) before anything is sent,
   accept drag and drop, and send with XMLHttpRequest so a progress bar can show. The server
   checks everything again; its messages are shown beside the fields. Without JavaScript the
   same forms post normally and the server answers with the page. */
(function () {
  "use strict";

  // Messages in the page's language, from the <body>'s data-msg-* attributes (base.html).
  function message(key, values) {
    var text = document.body.dataset[key] || "";
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("%(" + name + ")s").join(values[name]);
    });
    return text;
  }

  function fileProblem(file, input) {
    var maxBytes = Number(input.dataset.maxBytes);
    var isPdf = file.type === "application/pdf" || /\.pdf$/i.test(file.name);
    if (!isPdf) {
      return message("msgNotPdf", { name: file.name });
    }
    if (maxBytes && file.size > maxBytes) {
      return message("msgTooBig", {
        name: file.name, size: (file.size / 1048576).toFixed(1), limit: input.dataset.maxMb
      });
    }
    return "";
  }

  function readableSize(bytes) {
    return bytes < 1048576 ? Math.max(1, Math.round(bytes / 1024)) + " KB" :
      (bytes / 1048576).toFixed(1) + " MB";
  }

  function fieldOf(form, name) {
    var field = form.elements.namedItem(name);
    // Checkbox groups come back as a list; their messages go after the group.
    return field && field.length !== undefined && !field.tagName ? field[0] : field;
  }

  function errorBox(form, name) {
    if (name === "__all__") {
      return form.querySelector("[data-errors-for='__all__']");
    }
    var field = fieldOf(form, name);
    if (!field) {
      return form.querySelector("[data-errors-for='__all__']");
    }
    var id = (field.id || name) + "_error";
    var box = document.getElementById(id);
    if (!box) {
      box = document.createElement("small");
      box.id = id;
      box.className = "field-errors";
      var anchor = field.closest("fieldset") || field;
      var help = document.getElementById(field.id + "_helptext");
      (help && !field.closest("fieldset") ? help : anchor).insertAdjacentElement("afterend", box);
    }
    field.setAttribute("aria-invalid", "true");
    var described = (field.getAttribute("aria-describedby") || "").split(" ");
    if (described.indexOf(id) === -1) {
      field.setAttribute("aria-describedby", described.concat([id]).join(" ").trim());
    }
    return box;
  }

  function clearErrors(form) {
    form.querySelectorAll(".field-errors").forEach(function (box) { box.textContent = ""; });
    form.querySelectorAll("[aria-invalid='true']").forEach(function (field) {
      field.removeAttribute("aria-invalid");
    });
    var general = form.querySelector("[data-errors-for='__all__']");
    if (general) {
      general.textContent = "";
      general.hidden = true;
    }
  }

  function showError(form, name, messages) {
    var box = errorBox(form, name);
    if (!box) {
      return;
    }
    if (name === "__all__" || box.dataset.errorsFor === "__all__") {
      messages.forEach(function (message) {
        var line = document.createElement("p");
        line.textContent = message;
        box.appendChild(line);
      });
      box.hidden = false;
    } else {
      box.textContent = messages.join(" ");
    }
  }

  function showErrors(form, errors) {
    clearErrors(form);
    Object.keys(errors).forEach(function (name) { showError(form, name, errors[name]); });
    var first = form.querySelector("[aria-invalid='true']");
    if (first) {
      first.focus();
    }
  }

  function checkFile(form, input) {
    var file = input.files && input.files[0];
    var problem = file ? fileProblem(file, input) : "";
    var chosen = input.closest("[data-drop-zone]");
    chosen = chosen && chosen.querySelector("[data-chosen-file]");
    if (chosen) {
      chosen.textContent = file && !problem ?
        message("msgChosen", { name: file.name, size: readableSize(file.size) }) : "";
    }
    var box = document.getElementById(input.id + "_error");
    if (box) {
      box.textContent = "";
    }
    input.removeAttribute("aria-invalid");
    if (problem) {
      showError(form, input.name, [problem]);
    }
    return problem;
  }

  function enableDropZone(form, zone) {
    var input = zone.querySelector("input[type='file']");
    if (!input) {
      return;
    }
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("is-dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        checkFile(form, input);
      }
    });
    input.addEventListener("change", function () { checkFile(form, input); });
  }

  function send(form) {
    var button = form.querySelector("button[type='submit']");
    var status = form.querySelector("[data-upload-status]");
    var progress = form.querySelector("[data-upload-progress]");
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    if (status) {
      status.hidden = false;
      progress.value = 0;
    }
    request.upload.addEventListener("progress", function (event) {
      if (progress && event.lengthComputable) {
        progress.value = Math.round((event.loaded / event.total) * 100);
      }
    });
    request.addEventListener("load", function () {
      var answer = null;
      try {
        answer = JSON.parse(request.responseText);
      } catch (ignored) {
        answer = null;
      }
      if (request.status >= 200 && request.status < 300 && answer && answer.redirect) {
        if (progress) {
          progress.value = 100;
        }
        window.location.assign(answer.redirect);
        return;
      }
      done();
      showErrors(form, (answer && answer.errors) || {
        __all__: [message("msgRefused", { status: request.status })]
      });
    });
    request.addEventListener("error", function () {
      done();
      showErrors(form, { __all__: [message("msgInterrupted")] });
    });
    function done() {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      if (status) {
        status.hidden = true;
      }
    }
    request.send(new FormData(form));
  }

  function enhance(form) {
    form.querySelectorAll("[data-drop-zone]").forEach(function (zone) { enableDropZone(form, zone); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var problem = "";
      form.querySelectorAll("input[type='file']").forEach(function (input) {
        problem = checkFile(form, input) || problem;
      });
      if (problem) {
        form.querySelector("input[type='file'][aria-invalid='true']").focus();
        return;
      }
      send(form);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-upload-form]").forEach(enhance);
  });
})();
