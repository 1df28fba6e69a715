// Runs before Office.js, which sets history.pushState and replaceState to null.
window.__ternHistory = { pushState: history.pushState, replaceState: history.replaceState };
