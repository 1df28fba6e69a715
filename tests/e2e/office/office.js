// A stand-in for Office.js in end-to-end tests, served in place of Microsoft's CDN script
// (tests/e2e/src/office.rs maps appsforoffice.microsoft.com to a local TLS listener). It
// has the parts of the API Tern uses, and answers from the setting a test puts in
// window.__officeStandIn before the page loads: { host: "Outlook" | null, sets: [[name,
// version]…] }. Like the real script, it takes the History API away.
(function () {
  "use strict";
  const setting = window.__officeStandIn || { host: null };
  history.pushState = null;
  history.replaceState = null;

  const supported = (name, version) =>
    (setting.sets || []).some(([have, haveVersion]) => have === name && parseFloat(haveVersion) >= parseFloat(version || "1.1"));

  window.Office = {
    onReady(callback) {
      const info = { host: setting.host || null, platform: setting.host ? "OfficeOnline" : null };
      const ready = new Promise((resolve) => setTimeout(() => resolve(info), 20));
      if (callback) ready.then(callback);
      return ready;
    },
    context: {
      requirements: { isSetSupported: supported },
    },
    HostType: { Outlook: "Outlook" },
  };
})();
