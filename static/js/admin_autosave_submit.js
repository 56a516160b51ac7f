// Wagtail's editor saves the form in the background as the editor writes ("autosave"). On a new
// page, the first such save creates the page and turns the form into the page's edit form. A
// submission sent while that save is still on its way goes to the old address and creates the
// page a second time ("This slug is already in use", and a duplicate draft). So here a
// submission waits until the save in flight has answered, then goes where the form points by
// then. A workaround for Wagtail 8.0 (docs/decisions.md, "Autosave and submit").
(function () {
  "use strict";
  var form = document.querySelector("form[data-edit-form]");
  if (!form) { return; }
  var saving = false;
  var waiting = null; // the submission held back: {submitter: the button pressed, or null}

  form.addEventListener("w-autosave:save", function (event) {
    saving = true;
    // A save another script cancels never answers: then nothing is in flight.
    queueMicrotask(function () { if (event.defaultPrevented) { settled(); } });
  });
  form.addEventListener("w-autosave:success", settled);
  form.addEventListener("w-autosave:error", settled);

  function settled() {
    saving = false;
    if (!waiting) { return; }
    var submitter = waiting.submitter;
    waiting = null;
    if (submitter) {
      // Wagtail greys out a pressed button; a greyed-out button's name would not be sent.
      submitter.removeAttribute("disabled");
      form.requestSubmit(submitter);
    } else {
      form.requestSubmit();
    }
  }

  form.addEventListener("submit", function (event) {
    if (!saving) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    waiting = {submitter: event.submitter || null};
  }, true);
})();
