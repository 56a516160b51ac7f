// The report form: category search, emergency hotline, the pin on the map, nearby cases, and
// recording a voice note. Everything here is an enhancement: the form posts without it.
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
    if (lat.value && lng.value) { setPin(parseFloat(lat.value), parseFloat(lng.value), 17); }
    form.querySelector(".location__tools").hidden = false;
  } else if (mapNode) {
    mapNode.hidden = true;
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
  var nearby = document.getElementById("nearby");
  var nearbyList = document.getElementById("nearby-list");
  var template = document.getElementById("nearby-item");
  function lookForNearby() {
    if (!nearby || !select || !select.value || !lat.value || !lng.value) { return; }
    var url = form.dataset.nearby + "?" + new URLSearchParams({
      category: select.value, latitude: lat.value, longitude: lng.value
    });
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        nearbyList.textContent = "";
        data.cases.forEach(function (c) {
          var item = template.content.cloneNode(true);
          var link = item.querySelector("a");
          link.href = c.url;
          link.textContent = c.reference + " · " + c.title;
          item.querySelector(".case-card__meta").textContent = text("nearby-meta")
            .replace("%(metres)s", c.metres).replace("%(status)s", c.status).replace("%(count)s", c.supporters);
          item.querySelector("form").action = c.support_url;
          nearbyList.appendChild(item);
        });
        nearby.hidden = data.cases.length === 0;
      })
      .catch(function () { nearby.hidden = true; });
  }
  if (select) { select.addEventListener("change", lookForNearby); }

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
