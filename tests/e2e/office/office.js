// A stand-in for Office.js in end-to-end tests, served in place of Microsoft's CDN script
// (tests/e2e/src/office.rs maps appsforoffice.microsoft.com to a local TLS listener). It
// has the parts of the API Tern uses, and answers from the setting a test puts in
// window.__officeStandIn before the page loads: { host: "Outlook" | null, sets: [[name,
// version]…], naa: { username, refuse? } }. Like the real script, it takes the History API
// away. With `naa`, it offers Outlook's nested app authentication bridge, which answers as
// Outlook would for `username` by asking the emulator (/_emulator/naa/token), or refuses
// every token request with the status `refuse`. Requests are logged in window.__naaRequests.
(function () {
  "use strict";
  const setting = window.__officeStandIn || { host: null };
  history.pushState = null;
  history.replaceState = null;

  const sets = (setting.sets || []).concat(setting.naa ? [["NestedAppAuth", "1.1"]] : []);
  const supported = (name, version) =>
    sets.some(([have, haveVersion]) => have === name && parseFloat(haveVersion) >= parseFloat(version || "1.1"));

  if (setting.naa) {
    const listeners = [];
    window.__naaRequests = [];
    window.nestedAppAuthBridge = {
      addEventListener(name, listener) {
        if (name === "message") listeners.push(listener);
      },
      removeEventListener(name, listener) {
        const at = listeners.indexOf(listener);
        if (at >= 0) listeners.splice(at, 1);
      },
      postMessage(text) {
        const request = JSON.parse(text);
        window.__naaRequests.push(request.method);
        const reply = (body) =>
          setTimeout(() => {
            const envelope = JSON.stringify(Object.assign({ messageType: "NestedAppAuthResponse", requestId: request.requestId }, body));
            listeners.forEach((listener) => listener(envelope));
          }, 10);
        if (request.method === "GetInitContext") {
          reply({ success: true, initContext: { sdkName: "office-stand-in", sdkVersion: "1" } });
        } else if (setting.naa.refuse) {
          reply({ success: false, error: { status: setting.naa.refuse, code: "stand_in", description: "The stand-in refuses." } });
        } else {
          const params = request.tokenParams;
          fetch("/_emulator/naa/token", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              username: setting.naa.username,
              clientId: params.clientId,
              scope: params.scope,
              paneOrigin: location.origin,
              interactive: request.method === "GetTokenPopup",
            }),
          })
            .then((answer) => answer.json())
            .then((body) => reply(body.error ? { success: false, error: body.error } : { success: true, token: body.token, account: body.account }));
        }
      },
    };
  }

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
