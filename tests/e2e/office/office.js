// A stand-in for Office.js in end-to-end tests, served in place of Microsoft's CDN script
// (tests/e2e/src/office.rs maps appsforoffice.microsoft.com to a local TLS listener). It
// has the parts of the API Tern uses, and answers from the setting a test puts in
// window.__officeStandIn before the page loads: { host: "Outlook" | null, sets: [[name,
// version]…], naa: { username, refuse? }, dialog: { refuse?, origin? } }. Like the real script, it takes the History API
// away. With `naa`, it offers Outlook's nested app authentication bridge, which answers as
// Outlook would for `username` by asking the emulator (/_emulator/naa/token), or refuses
// every token request with the status `refuse`. Requests are logged in window.__naaRequests.
(function () {
  "use strict";
  // A dialog window (opened by displayDialogAsync below) takes its opener's setting, since
  // the test sets it up in the pane's window only, and keeps it in its own sessionStorage:
  // the sign-in page it visits cuts the tie to its opener (Entra sends COOP), as the
  // emulator's does.
  const DIALOG_KEY = "office-stand-in-dialog";
  const opener = (() => {
    try {
      return window.opener && window.opener.__officeStandIn ? window.opener : null;
    } catch (crossOrigin) {
      return null;
    }
  })();
  if (!window.__officeStandIn && opener) sessionStorage.setItem(DIALOG_KEY, JSON.stringify(opener.__officeStandIn));
  const kept = sessionStorage.getItem(DIALOG_KEY);
  const inDialog = !window.__officeStandIn && kept !== null;
  const setting = window.__officeStandIn || (kept && JSON.parse(kept)) || { host: null };
  // Office carries the dialog's messages itself, whatever became of window.opener; a
  // channel of the pane's origin stands in for it, both ways.
  const dialogChannel = new BroadcastChannel(DIALOG_KEY);
  if (inDialog) {
    dialogChannel.addEventListener("message", (event) => {
      if (event.data && event.data.close) window.close();
    });
  }
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

  // The open item: none until a test opens one with window.__officeStandInSelect(item)
  // ({ itemId (EWS), itemType, subject }), which, like Outlook with a pinned pane, fires
  // ItemChanged.
  const itemHandlers = [];
  const mailbox = {
    item: setting.item || null,
    diagnostics: { hostName: "OutlookWebApp" },
    convertToRestId(id) {
      return id.replace(/\//g, "-").replace(/\+/g, "_");
    },
    addHandlerAsync(type, handler, callback) {
      if (type === "olkItemSelectedChanged") itemHandlers.push(handler);
      if (callback) callback({ status: "succeeded" });
    },
  };
  window.__officeStandInSelect = (item) => {
    mailbox.item = item;
    itemHandlers.forEach((handler) => handler({ type: "olkItemSelectedChanged" }));
  };
  // A message being written, whose recipients and body record what is put into them in
  // window.__officeStandInComposed.
  window.__officeStandInCompose = () => {
    const composed = (window.__officeStandInComposed = { to: [], cc: [], body: "" });
    const done = (options, callback) => {
      const report = typeof options === "function" ? options : callback;
      if (report) report({ status: "succeeded" });
    };
    const recipients = (list) => ({
      addAsync(people, options, callback) {
        people.forEach((person) => list.push(person));
        done(options, callback);
      },
    });
    const body = {
      setSelectedDataAsync(data, options, callback) {
        composed.body += data;
        done(options, callback);
      },
    };
    window.__officeStandInSelect({ itemType: "message", to: recipients(composed.to), cc: recipients(composed.cc), body });
  };

  window.Office = {
    onReady(callback) {
      const info = { host: setting.host || null, platform: setting.host ? "OfficeOnline" : null };
      const ready = new Promise((resolve) => setTimeout(() => resolve(info), 20));
      if (callback) ready.then(callback);
      return ready;
    },
    context: {
      requirements: { isSetSupported: supported },
      mailbox,
      ui: {
        // The dialog is a pop-up of the pane; `dialog.refuse` fails the opening with that
        // Office error code instead.
        displayDialogAsync(url, options, callback) {
          const refuse = setting.dialog && setting.dialog.refuse;
          const popup = refuse ? null : window.open(url, "office-dialog", "width=480,height=640");
          if (!popup) {
            callback({ status: "failed", error: { code: refuse || 12011, message: "The stand-in refuses." } });
            return;
          }
          const handlers = {};
          const hear = (event) => {
            // `dialog.origin` makes Office report another sender, as a foreign page would be.
            const origin = (setting.dialog && setting.dialog.origin) || event.data.origin;
            if (handlers.dialogMessageReceived) handlers.dialogMessageReceived({ message: event.data.message, origin });
          };
          dialogChannel.addEventListener("message", hear);
          // Office knows when the person closes its dialog; the pane's handle to the pop-up
          // cannot tell (it reads "closed" once the sign-in page's COOP has cut it off), so
          // a test closes the dialog as the person would through this instead.
          window.__officeStandInCloseDialog = () => {
            dialogChannel.removeEventListener("message", hear);
            popup.close();
            if (handlers.dialogEventReceived) handlers.dialogEventReceived({ error: 12006 });
          };
          const dialog = {
            addEventHandler(type, handler) {
              handlers[type] = handler;
            },
            close() {
              dialogChannel.removeEventListener("message", hear);
              dialogChannel.postMessage({ close: true });
            },
          };
          callback({ status: "succeeded", value: dialog });
        },
        messageParent(message) {
          if (!inDialog) throw new Error("messageParent outside a dialog");
          dialogChannel.postMessage({ message, origin: location.origin });
        },
      },
    },
    EventType: {
      DialogMessageReceived: "dialogMessageReceived",
      DialogEventReceived: "dialogEventReceived",
      ItemChanged: "olkItemSelectedChanged",
    },
    MailboxEnums: { RestVersion: { v1_0: "v1.0", v2_0: "v2.0", Beta: "beta" } },
    CoercionType: { Text: "text", Html: "html" },
    HostType: { Outlook: "Outlook" },
  };
})();
