// Reports written with no signal. Sending the report form offline keeps the report on the phone
// (IndexedDB: its fields, and its photos and voice note as Blobs) and lists it as waiting; it is
// sent when the browser is back online (the "online" event, and whenever this page is opened),
// then shown as sent with its case number. Each report carries its key (idempotency_key): the
// server answers a report it already has with that case, so a report is never sent twice, and
// it leaves the phone only once the server has answered. Online, the form posts as always, with
// a copy kept first in case the connection drops on the way; the next visit here settles it.
// Needs no service worker; without IndexedDB the form simply posts.
(function () {
  "use strict";
  var form = document.querySelector(".report-form");
  var section = document.getElementById("report-drafts");
  if (!form || !section || !window.indexedDB || !window.fetch || !window.Promise || !window.FormData) {
    return;
  }
  var list = document.getElementById("drafts-list");
  var status = document.getElementById("drafts-status");
  var itemTemplate = document.getElementById("draft-item");
  var keyInput = form.querySelector("input[name=idempotency_key]");
  if (!keyInput) { return; }
  var reporter = form.getAttribute("data-reporter");
  var endpoint = form.getAttribute("action") || window.location.pathname;
  // Kept while offline; "posted": kept just before an online post, settled on the next visit.
  var WAITING = "waiting", POSTED = "posted", ATTENTION = "attention";
  function text(id) { var n = document.getElementById(id); return n ? JSON.parse(n.textContent) : ""; }
  function format(message, values) {
    return Object.keys(values).reduce(function (m, key) {
      return m.split("%(" + key + ")s").join(values[key]);
    }, message);
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  if (!keyInput.value) { keyInput.value = newKey(); }

  // --- The store: one record per report, by its key.
  var database = null;
  function open() {
    if (database) { return database; }
    database = new Promise(function (resolve, reject) {
      var request = indexedDB.open("portal-report-drafts", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("drafts", { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return database;
  }
  function transact(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("drafts", mode);
        var result = work(tx.objectStore("drafts"));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }
  function save(draft) { return transact("readwrite", function (store) { store.put(draft); }); }
  function forget(key) { return transact("readwrite", function (store) { store.delete(key); }); }
  function mine() {
    return transact("readonly", function (store) { return store.getAll(); }).then(function (all) {
      // A phone may be shared: only the signed-in resident's reports are shown or sent.
      return (all || []).filter(function (d) { return d.reporter === reporter; })
        .sort(function (a, b) { return a.savedAt - b.savedAt; });
    });
  }

  function fromForm(state) {
    var fields = [], files = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (typeof value === "string") { fields.push([name, value]); }
      else if (value && value.size) {
        files.push({ name: name, blob: value, filename: value.name, type: value.type });
      }
    });
    var title = form.querySelector("input[name=title]");
    return {
      key: keyInput.value, reporter: reporter, state: state, savedAt: Date.now(),
      title: title ? title.value.trim() : "", fields: fields, files: files, errors: []
    };
  }

  // --- The list.
  var items = {};
  function show(draft, state, extra) {
    extra = extra || {};
    var item = items[draft.key];
    if (!item) {
      item = itemTemplate.content.firstElementChild.cloneNode(true);
      items[draft.key] = item;
      list.appendChild(item);
      item.querySelector(".draft__edit").addEventListener("click", function () { restore(draft); });
      item.querySelector(".draft__remove").addEventListener("click", function () {
        if (!window.confirm(text("text-draft-confirm-delete"))) { return; }
        forget(draft.key).then(function () { hide(draft.key); });
      });
    }
    item.className = "draft draft--" + state;
    item.querySelector(".draft__title").textContent = (draft.title || text("text-draft-untitled")) +
      " · " + format(text("text-draft-saved"), { time: new Date(draft.savedAt).toLocaleString(
      document.documentElement.lang, { dateStyle: "medium", timeStyle: "short" }) });
    var words = {
      waiting: text("text-draft-waiting"),
      sending: text("text-draft-sending"),
      signin: text("text-draft-signin"),
      attention: text("text-draft-attention") + " " + ((draft.message) || ""),
      sent: format(text("text-draft-sent"), { reference: extra.reference || "" })
    };
    item.querySelector(".draft__state").textContent = words[state] || words.waiting;
    var errors = item.querySelector(".draft__errors");
    errors.textContent = "";
    if (state === ATTENTION) {
      (draft.errors || []).forEach(function (error) {
        var li = document.createElement("li");
        li.textContent = error.message;
        errors.appendChild(li);
      });
    }
    var link = item.querySelector(".draft__case");
    link.hidden = state !== "sent";
    if (state === "sent") {
      link.href = extra.url;
      link.textContent = text("text-draft-open") + " " + extra.reference;
    }
    item.querySelector(".draft__edit").hidden = state !== ATTENTION;
    item.querySelector(".draft__remove").hidden = state === "sending" || state === "sent";
    section.hidden = false;
  }
  function hide(key) {
    if (items[key]) { items[key].remove(); delete items[key]; }
    section.hidden = list.children.length === 0;
  }
  function say(message) { status.textContent = message; }

  // --- Sending: one report at a time, oldest first; each waits for its answer.
  var sending = false, retry = null;
  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function send(draft) {
    if (draft.state !== POSTED) { show(draft, "sending"); }
    var body = new FormData();
    draft.fields.forEach(function (field) { body.append(field[0], field[1]); });
    draft.files.forEach(function (file) { body.append(file.name, file.blob, file.filename); });
    body.set("csrfmiddlewaretoken", csrfToken());
    body.set("idempotency_key", draft.key);
    return fetch(endpoint, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) {
        // Signed out meanwhile (the login page), or refused before the form was read.
        show(draft, draft.state === ATTENTION ? ATTENTION : "signin");
        return;
      }
      return response.json().then(function (answer) {
        if (response.ok && answer.case_number) {
          return forget(draft.key).then(function () {
            if (draft.state === POSTED && answer.again) {
              hide(draft.key); // the post that went out as usual arrived: nothing to tell
            } else {
              show(draft, "sent", { reference: answer.case_number, url: answer.url });
              say(format(text("text-draft-sent"), { reference: answer.case_number }));
            }
          });
        }
        if (response.status === 400) {
          draft.state = ATTENTION;
          draft.message = answer.message;
          draft.errors = answer.errors || [];
          return save(draft).then(function () {
            show(draft, ATTENTION);
            say(text("text-draft-attention") + " " + draft.message);
          });
        }
        show(draft, WAITING); // too many reports for now, or the server's trouble: later
        later();
      });
    }, function () {
      show(draft, draft.state === ATTENTION ? ATTENTION : WAITING); // no connection after all
      later();
    });
  }
  function later() {
    if (!retry) { retry = setTimeout(function () { retry = null; sendWaiting(); }, 60000); }
  }
  function sendWaiting() {
    if (sending || navigator.onLine === false) { return; }
    sending = true;
    say("");
    mine().then(function (drafts) {
      return drafts.filter(function (d) { return d.state === WAITING || d.state === POSTED; })
        .reduce(function (previous, draft) {
          return previous.then(function () { return send(draft); });
        }, Promise.resolve());
    }).catch(function () { /* nothing kept, or storage unavailable */ }).then(function () {
      sending = false;
    });
  }

  // --- Putting a report that needs attention back into the form, photos and all.
  function restoreFiles(draft) {
    if (!window.DataTransfer) { return; }
    var files = {};
    draft.files.forEach(function (file) {
      (files[file.name] = files[file.name] || new DataTransfer()).items.add(
        new File([file.blob], file.filename, { type: file.type })
      );
    });
    Object.keys(files).forEach(function (name) {
      var input = form.querySelector("input[type=file][name='" + name + "']");
      if (input) { input.files = files[name].files; }
    });
    form.dispatchEvent(new Event("report:files"));
  }
  function restore(draft) {
    form.reset();
    setTimeout(function () {
      draft.fields.forEach(function (field) {
        var name = field[0], value = field[1];
        form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
          if (input.type === "radio" || input.type === "checkbox") {
            if (input.value === value) { input.checked = true; }
          } else if (input.type !== "file") {
            input.value = value;
          }
          input.dispatchEvent(new Event("change", { bubbles: true }));
        });
      });
      restoreFiles(draft);
      keyInput.value = draft.key; // the same report: sent again, it is still one case
      say(text("text-draft-restored"));
      var title = form.querySelector("input[name=title]");
      if (title) { title.focus(); }
    });
  }

  // --- The form: kept when there is no signal; online, a copy is kept, then it posts.
  var busy = false, posting = false;
  function post() {
    posting = true;
    HTMLFormElement.prototype.submit.call(form);
  }
  form.addEventListener("submit", function (event) {
    if (posting) { return; }
    event.preventDefault();
    if (busy) { return; }
    var offline = navigator.onLine === false;
    if (offline && !form.checkValidity()) {
      var invalid = form.querySelector(":invalid");
      var details = invalid && invalid.closest("details");
      if (details) { details.open = true; }
      form.reportValidity();
      return;
    }
    busy = true;
    var draft = fromForm(offline ? WAITING : POSTED);
    save(draft).then(function () {
      busy = false;
      if (!offline) { post(); return; }
      form.reset();
      setTimeout(function () { keyInput.value = newKey(); }); // after the reset: a new report
      show(draft, WAITING);
      say(text("text-draft-kept"));
      section.scrollIntoView({ block: "start" });
    }, function () {
      busy = false;
      if (offline) { say(text("text-draft-not-kept")); section.hidden = false; } else { post(); }
    });
  });

  // --- On opening the page: the reports kept here, and a report the server sent back with
  // errors (the page shows it with them: its photos go back into the form, the copy goes).
  mine().then(function (drafts) {
    var pending = [];
    drafts.forEach(function (draft) {
      if (draft.state === POSTED && draft.key === keyInput.value) {
        restoreFiles(draft);
        pending.push(forget(draft.key));
      } else if (draft.state !== POSTED) {
        show(draft, draft.state); // a posted copy is shown only if it turns out not to have arrived
      }
    });
    return Promise.all(pending);
  }).catch(function () {}).then(sendWaiting);
  window.addEventListener("online", sendWaiting);
  window.addEventListener("pageshow", function (event) { if (event.persisted) { sendWaiting(); } });
})();
