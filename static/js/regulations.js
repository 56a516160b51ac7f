// The comment period's countdown ("2 days 5 hours left"), kept current while the page is open.
// Without JavaScript the server's text stays (it was right when the page was made).
(function () {
  "use strict";
  var element = document.querySelector("[data-countdown]");
  if (!element || !window.Intl || !Intl.NumberFormat) return;
  var closes = new Date(element.getAttribute("data-countdown"));
  var template = element.getAttribute("data-left-template");
  var language = document.documentElement.lang || "en";

  function amount(value, unit) {
    return new Intl.NumberFormat(language, { style: "unit", unit: unit, unitDisplay: "long" }).format(value);
  }

  function update() {
    var left = closes - new Date();
    if (left <= 0) {
      element.textContent = element.getAttribute("data-closed-text");
      return;
    }
    var minutes = Math.floor(left / 60000);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var parts = days > 0 ? [amount(days, "day"), amount(hours, "hour")]
      : hours > 0 ? [amount(hours, "hour"), amount(minutes % 60, "minute")]
      : [amount(minutes % 60, "minute")];
    element.textContent = template.replace("%s", parts.join(" "));
    window.setTimeout(update, 30000);
  }
  update();
})();
