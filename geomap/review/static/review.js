// geomap review: filters and actions. Text from articles is only ever set as text.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const status = document.getElementById("status");
  const rowsBody = document.getElementById("rows");
  const frame = document.getElementById("map");
  const kind = document.getElementById("filter-kind");
  const family = document.getElementById("filter-family");
  const todo = document.getElementById("filter-todo");

  function say(text, error) {
    status.textContent = text;
    status.className = error ? "error" : "";
  }

  function filter() {
    for (const row of rowsBody.querySelectorAll("tr.row")) {
      const hide = (kind.value && row.dataset.kind !== kind.value)
        || (family.value && row.dataset.family !== family.value)
        || (todo.checked && row.dataset.accepted === "1");
      row.classList.toggle("hidden", Boolean(hide));
    }
  }
  for (const el of [kind, family, todo]) el.addEventListener("change", filter);

  async function refresh(version) {
    // The server renders both parts with every value escaped.
    const [rows, problems] = await Promise.all([
      fetch("/rows", {credentials: "same-origin"}),
      fetch("/problems", {credentials: "same-origin"})]);
    if (rows.ok) {
      rowsBody.innerHTML = await rows.text();
      filter();
    }
    if (problems.ok) document.getElementById("problems").innerHTML = await problems.text();
    frame.src = "/map?v=" + encodeURIComponent(String(version));
  }

  async function post(action, body) {
    const why = document.getElementById("why");
    const who = document.getElementById("who");
    body.why = why ? why.value : "";
    body.who = who ? who.value : "";
    say("saving…", false);
    let response;
    try {
      response = await fetch("/api/" + action, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-Review-Token": data.token},
        body: JSON.stringify(body),
      });
    } catch (err) {
      say("could not reach the review server: " + err, true);
      return;
    }
    let result = {};
    try { result = await response.json(); } catch (err) { result = {}; }
    if (!response.ok || !result.ok) {
      say("refused: " + (result.error || response.status), true);
      return;
    }
    say(result.wrote ? "saved [[" + result.wrote + "]]; map redrawn" : "accepted", false);
    await refresh(result.version);
  }

  rowsBody.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-action]");
    if (!button || data.readOnly) return;
    const row = button.closest("tr.row");
    const action = button.dataset.action;
    const body = {id: row.dataset.id, kind: row.dataset.kind};
    if (action === "place") {
      const select = button.parentElement.querySelector("select.candidate");
      body.name = select.dataset.name;
      body.candidate = select.value;
    } else if (action === "event") {
      body.date = row.querySelector("input.date").value;
      body.modality = row.querySelector("select.modality").value;
      body.family = row.querySelector("select.family").value;
    }
    post(action, body);
  });
  filter();
})();
