// Runs after Office.js: gives back the History API it took away.
if (window.__ternHistory) {
  history.pushState = window.__ternHistory.pushState;
  history.replaceState = window.__ternHistory.replaceState;
  delete window.__ternHistory;
}
