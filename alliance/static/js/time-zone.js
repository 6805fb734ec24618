// Progressive: where times are still shown in UTC, preselect the browser's zone in the chooser;
// the person confirms with the form's button. Without JavaScript the form works the same.
(function () {
  "use strict";
  // Old names some browsers still report, and their current IANA names.
  var renamed = {
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Rangoon": "Asia/Yangon",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Europe/Kiev": "Europe/Kyiv",
    "America/Godthab": "America/Nuuk",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  };
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  zone = renamed[zone] || zone;
  document.querySelectorAll("select[data-suggest-browser-zone]").forEach(function (select) {
    var option = Array.prototype.find.call(select.options, function (item) {
      return item.value === zone;
    });
    var hint = select.form.querySelector("[data-browser-zone-hint]");
    if (option && !option.selected) {
      option.selected = true;
      if (hint) {
        hint.hidden = false;
      }
    }
  });
})();
