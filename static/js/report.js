// The report form: category search, emergency hotline, the pin on the map, nearby cases,
// thumbnails of the chosen photos, and recording a voice note. Everything here is an
// enhancement: the form posts without it. (Reports kept while offline: report_drafts.js.)
(function () {
  "use strict";
  var form = document.querySelector(".report-form");
  if (!form) { return; }
  function text(id) { var n = document.getElementById(id); return n ? JSON.parse(n.textContent) : ""; }

  // --- Category search: filter the grouped options as the resident types.
  var select = form.querySelector("select[name=category]");
  var search = document.getElementById("category-search");
  if (select && search) {
    search.hidden = false;
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      var firstMatch = null;
      select.querySelectorAll("option").forEach(function (option) {
        if (!option.value) { return; }
        var match = !q || option.textContent.toLowerCase().indexOf(q) !== -1;
        option.hidden = !match;
        if (match && !firstMatch) { firstMatch = option; }
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (q && firstMatch) { select.value = firstMatch.value; select.dispatchEvent(new Event("change")); }
    });
  }

  // --- Extra questions: only the chosen category's (the others are not sent).
  var questionSets = form.querySelectorAll("fieldset.questions");
  function syncQuestions() {
    questionSets.forEach(function (set) {
      var shown = select && set.getAttribute("data-category") === select.value;
      set.hidden = !shown;
      set.disabled = !shown;
    });
  }
  if (select && questionSets.length) {
    select.addEventListener("change", syncQuestions);
    syncQuestions();
  }

  // --- Emergency: show the hotline prominently before anything else.
  var callout = document.getElementById("emergency-callout");
  function syncUrgency() {
    var chosen = form.querySelector("input[name=urgency]:checked");
    if (callout) { callout.hidden = !(chosen && chosen.value === "emergency"); }
  }
  form.querySelectorAll("input[name=urgency]").forEach(function (r) { r.addEventListener("change", syncUrgency); });
  syncUrgency();

  // --- The pin.
  var lat = form.querySelector("input[name=latitude]");
  var lng = form.querySelector("input[name=longitude]");
  var status = document.getElementById("location-status");
  var mapNode = document.getElementById("report-map");
  var marker = null, map = null;
  function say(message) { if (status) { status.textContent = message; } }
  function setPin(latitude, longitude, zoom) {
    lat.value = latitude.toFixed(6);
    lng.value = longitude.toFixed(6);
    if (map) {
      if (marker) { marker.setLatLng([latitude, longitude]); }
      else {
        marker = L.marker([latitude, longitude], { draggable: true, keyboard: true, title: text("text-pin") }).addTo(map);
        marker.on("dragend", function () { var p = marker.getLatLng(); setPin(p.lat, p.lng); });
      }
      if (zoom) { map.setView([latitude, longitude], zoom); }
    }
    say(text("text-pin"));
    lookForNearby();
  }
  if (window.L && mapNode) {
    var config = JSON.parse(document.getElementById("map-config").textContent);
    map = L.map(mapNode).setView(config.center, config.zoom);
    L.tileLayer(config.tiles, { subdomains: config.subdomains, attribution: config.attribution, maxZoom: 19 }).addTo(map);
    map.on("click", function (event) { setPin(event.latlng.lat, event.latlng.lng); });
    // The pin's pictures, fetched now: a report may be written once the signal has gone.
    var pinIcon = new L.Icon.Default();
    pinIcon.createIcon();
    pinIcon.createShadow();
    if (lat.value && lng.value) { setPin(parseFloat(lat.value), parseFloat(lng.value), 17); }
    form.querySelector(".location__tools").hidden = false;
  } else if (mapNode) {
    mapNode.hidden = true;
    // No map: the coordinates are the way to give the place.
    var coords = form.querySelector(".location__coords-toggle");
    if (coords) { coords.open = true; }
  }
  [lat, lng].forEach(function (input) {
    input.addEventListener("change", function () {
      if (lat.value && lng.value) { setPin(parseFloat(lat.value), parseFloat(lng.value), 17); }
    });
  });
  var locate = document.getElementById("use-location");
  if (locate) {
    if (!navigator.geolocation) { locate.hidden = true; }
    locate.addEventListener("click", function () {
      say(text("text-locating"));
      navigator.geolocation.getCurrentPosition(
        function (position) { setPin(position.coords.latitude, position.coords.longitude, 17); },
        function () { say(text("text-location-failed")); },
        { enableHighAccuracy: true, timeout: 15000 }
      );
    });
  }
  var placeSearch = document.getElementById("place-search");
  if (placeSearch) {
    var places = JSON.parse(document.getElementById("places").textContent);
    placeSearch.addEventListener("change", function () {
      var wanted = placeSearch.value.trim().toLowerCase();
      var place = places.find(function (p) { return p.label.toLowerCase() === wanted; }) ||
        places.find(function (p) { return wanted && p.label.toLowerCase().indexOf(wanted) !== -1; });
      if (place) { setPin(place.lat, place.lng, 16); }
    });
  }

  // --- “Is it one of these?”: open cases of the same kind within ~100 m.
  // Each case's "affects me too" button sits in the list inside the report form, but posts its
  // own form, kept outside the report form (forms cannot nest): the button names it (form="…").
  var nearby = document.getElementById("nearby");
  var nearbyList = document.getElementById("nearby-list");
  var nearbyForms = document.getElementById("nearby-forms");
  var template = document.getElementById("nearby-item");
  var supportTemplate = document.getElementById("nearby-support-form");
  function lookForNearby() {
    if (!nearby || !select || !select.value || !lat.value || !lng.value) { return; }
    var url = form.dataset.nearby + "?" + new URLSearchParams({
      category: select.value, latitude: lat.value, longitude: lng.value
    });
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        nearbyList.textContent = "";
        nearbyForms.textContent = "";
        data.cases.forEach(function (c, index) {
          var supportForm = supportTemplate.content.firstElementChild.cloneNode(true);
          supportForm.id = "nearby-support-" + index;
          supportForm.action = c.support_url;
          nearbyForms.appendChild(supportForm);
          var item = template.content.cloneNode(true);
          var link = item.querySelector("a");
          link.href = c.url;
          link.textContent = c.reference + " · " + c.title;
          item.querySelector(".case-card__meta").textContent = text("nearby-meta")
            .replace("%(metres)s", c.metres).replace("%(status)s", c.status).replace("%(count)s", c.supporters);
          item.querySelector("button").setAttribute("form", supportForm.id);
          nearbyList.appendChild(item);
        });
        nearby.hidden = data.cases.length === 0;
      })
      .catch(function () { nearby.hidden = true; });
  }
  if (select) { select.addEventListener("change", lookForNearby); }

  // --- Photos: a thumbnail of each chosen photo, with a button to take it out again. The file
  // input keeps the photos to send; choosing more adds to them, up to the limit.
  var photoInput = form.querySelector("input[name=photos]");
  var previews = document.getElementById("photo-previews");
  var previewTemplate = document.getElementById("photo-preview");
  var photoStatus = document.getElementById("photo-status");
  var chosen = [];
  var canEditFiles = photoInput && previews && window.DataTransfer && window.URL && URL.createObjectURL;
  function format(message, values) {
    return Object.keys(values).reduce(function (m, key) {
      return m.split("%(" + key + ")s").join(values[key]);
    }, message);
  }
  function sameFile(a, b) {
    return a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
  }
  function putPhotosInInput() {
    var transfer = new DataTransfer();
    chosen.forEach(function (file) { transfer.items.add(file); });
    photoInput.files = transfer.files;
  }
  function showPhotos() {
    previews.querySelectorAll("img").forEach(function (img) { URL.revokeObjectURL(img.src); });
    previews.textContent = "";
    chosen.forEach(function (file, index) {
      var item = previewTemplate.content.firstElementChild.cloneNode(true);
      var img = item.querySelector("img");
      var number = String(index + 1);
      img.src = URL.createObjectURL(file);
      img.alt = format(text("text-photo-alt"), { number: number, name: file.name });
      // A photo the browser cannot show (e.g. HEIC) is named instead.
      img.addEventListener("error", function () {
        var name = document.createElement("span");
        name.className = "photo-preview__name";
        name.textContent = file.name;
        img.replaceWith(name);
      });
      var remove = item.querySelector("button");
      remove.textContent = format(text("text-photo-remove"), { number: number });
      remove.addEventListener("click", function () {
        chosen.splice(index, 1);
        putPhotosInInput();
        showPhotos();
        photoStatus.textContent = text("text-photo-removed");
        var next = previews.querySelectorAll("button")[Math.min(index, chosen.length - 1)];
        (next || photoInput).focus();
      });
      previews.appendChild(item);
    });
    previews.hidden = chosen.length === 0;
  }
  if (canEditFiles) {
    var maxPhotos = parseInt(photoInput.getAttribute("data-max"), 10) || 4;
    photoInput.addEventListener("change", function () {
      var added = Array.prototype.slice.call(photoInput.files);
      added.forEach(function (file) {
        if (!chosen.some(function (c) { return sameFile(c, file); })) { chosen.push(file); }
      });
      photoStatus.textContent = chosen.length > maxPhotos
        ? format(text("text-photos-too-many"), { count: maxPhotos }) : "";
      chosen = chosen.slice(0, maxPhotos);
      putPhotosInInput();
      showPhotos();
    });
  }

  // --- A cleared form (a report kept on the phone, report_drafts.js): no pin, no photos.
  form.addEventListener("reset", function () {
    setTimeout(function () {
      if (marker && map) { map.removeLayer(marker); marker = null; }
      say("");
      if (nearby) { nearby.hidden = true; }
      if (canEditFiles) { chosen = []; showPhotos(); photoStatus.textContent = ""; }
      syncQuestions();
      syncUrgency();
    });
  });
  // Files put back into the form from elsewhere (report_drafts.js) are shown like chosen ones.
  form.addEventListener("report:files", function () {
    if (!canEditFiles) { return; }
    chosen = Array.prototype.slice.call(photoInput.files);
    showPhotos();
  });

  // --- Voice note: record in the browser, put the recording into the file input.
  var recorderBox = form.querySelector(".recorder");
  var voiceInput = form.querySelector("input[name=voice]");
  var canRecord = window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia &&
    window.DataTransfer;
  if (recorderBox && voiceInput && canRecord) {
    recorderBox.hidden = false;
    var start = document.getElementById("record-start");
    var stop = document.getElementById("record-stop");
    var recStatus = document.getElementById("record-status");
    var preview = document.getElementById("record-preview");
    var recorder = null, chunks = [], timer = null;
    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = function (event) { if (event.data.size) { chunks.push(event.data); } };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          clearTimeout(timer);
          var type = recorder.mimeType || "audio/webm";
          var extension = type.indexOf("mp4") !== -1 ? "m4a" : (type.indexOf("ogg") !== -1 ? "ogg" : "webm");
          var file = new File(chunks, "voice-note." + extension, { type: type });
          var transfer = new DataTransfer();
          transfer.items.add(file);
          voiceInput.files = transfer.files;
          preview.src = URL.createObjectURL(file);
          preview.hidden = false;
          recStatus.textContent = text("text-recorded");
          start.hidden = false; stop.hidden = true;
        };
        recorder.start();
        timer = setTimeout(function () { if (recorder.state === "recording") { recorder.stop(); } }, 115000);
        recStatus.textContent = text("text-recording");
        start.hidden = true; stop.hidden = false;
      }).catch(function () { recStatus.textContent = text("text-record-failed"); });
    });
    stop.addEventListener("click", function () { if (recorder && recorder.state === "recording") { recorder.stop(); } });
  }
})();
