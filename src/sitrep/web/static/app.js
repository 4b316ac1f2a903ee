// The page: filters, map, timeline, table (events or incidents) and panel kept in step.
// State lives in the URL's query string, so a view can be bookmarked or shared.
import { getJSON } from "./api.js";
import { renderLegend } from "./colors.js";
import { el, numberFormat } from "./dom.js";
import { EventMap } from "./map.js";
import { EventPanel } from "./panel.js";
import { EventTable, IncidentTable } from "./table.js";
import { Timeline } from "./timeline.js";

const FILTERS = ["type", "country", "verification", "actor", "since", "until"];
const PAGE_SIZE = 50;

const state = {
  filters: {}, view: "events", sort: "-date", offset: 0, event: null, incident: null,
};
const form = document.getElementById("filters");
const summary = document.getElementById("summary");

function readUrl() {
  const query = new URLSearchParams(window.location.search);
  for (const name of FILTERS) state.filters[name] = query.get(name) || "";
  state.sort = query.get("sort") || "-date";
  state.offset = Number(query.get("offset")) || 0;
  state.event = query.get("event");
  state.incident = query.get("incident");
  state.view = query.get("view") === "incidents" ? "incidents" : "events";
}

function writeUrl() {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(state.filters)) if (value) query.set(name, value);
  if (state.sort !== "-date") query.set("sort", state.sort);
  if (state.offset) query.set("offset", String(state.offset));
  if (state.view !== "events") query.set("view", state.view);
  if (state.event) query.set("event", state.event);
  if (state.incident) query.set("incident", state.incident);
  const search = query.toString();
  history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}

function fillForm() {
  for (const name of FILTERS) form.elements[name].value = state.filters[name];
}

function options(select, counts) {
  const current = select.value;
  select.replaceChildren(
    el("option", { value: "" }, "any"),
    ...Object.entries(counts)
      .filter(([name]) => name !== "(unknown)")
      .map(([name, n]) => el("option", { value: name }, `${name} (${numberFormat.format(n)})`))
  );
  select.value = current;
}

const panel = new EventPanel(document.getElementById("panel"), {
  onClose: () => {
    state.event = state.incident = null;
    writeUrl();
    panel.close();
    markRows();
  },
  onEvent: (eventId) => openEvent(eventId),
  onIncident: (incidentId) => openIncident(incidentId),
});

function markRows() {
  table.mark(state.event);
  incidentTable.mark(state.incident);
}

async function openEvent(eventId) {
  state.event = eventId;
  state.incident = null;
  writeUrl();
  markRows();
  await panel.showEvent(eventId);
}

async function openIncident(incidentId) {
  state.incident = incidentId;
  state.event = null;
  writeUrl();
  markRows();
  await panel.showIncident(incidentId);
}

const map = new EventMap(document.getElementById("map"), {
  onEvent: openEvent,
  onPlace: (cluster) => panel.showPlace(cluster, state.filters),
});

function sortBy(key) {
  state.sort = state.sort === key ? `-${key}` : key;
  state.offset = 0;
  refreshTable();
}

const table = new EventTable(document.getElementById("events-table"), {
  onOpen: openEvent, onSort: sortBy,
});
const incidentTable = new IncidentTable(document.getElementById("incidents-table"), {
  onOpen: openIncident, onSort: sortBy,
});
for (const [id, step] of [["prev-page", -1], ["next-page", 1]]) {
  document.getElementById(id).addEventListener("click", () => {
    state.offset = Math.max(0, state.offset + step * PAGE_SIZE);
    refreshTable();
  });
}

const toggles = document.querySelectorAll(".view-toggle button");

/** Show events or incidents in the table. */
function showView() {
  for (const button of toggles) {
    button.setAttribute("aria-pressed", String(button.dataset.view === state.view));
  }
  table.hidden = state.view !== "events";
  incidentTable.hidden = state.view !== "incidents";
  document.getElementById("table-heading").textContent =
    state.view === "events" ? "Events" : "Incidents";
}

for (const button of toggles) {
  button.addEventListener("click", () => {
    if (state.view === button.dataset.view) return;
    state.view = button.dataset.view;
    state.sort = "-date";
    state.offset = 0;
    showView();
    refreshTable();
  });
}

const timeline = new Timeline(document.getElementById("timeline"), (since, until) => {
  state.filters.since = since;
  state.filters.until = until;
  fillForm();
  refresh({ timeline: false });
});

let tableRequest = 0;

/** Load the table's page; an answer that arrives after a newer request is dropped. */
async function refreshTable() {
  writeUrl();
  const asked = ++tableRequest;
  const { sort, offset } = state;
  const [path, shown, noun] = state.view === "incidents"
    ? ["/api/incidents", incidentTable, "incident"] : ["/api/events", table, "event"];
  const { data, total } = await getJSON(path, {
    ...state.filters, sort, limit: PAGE_SIZE, offset,
  });
  if (asked !== tableRequest) return;
  shown.show(data, { total, offset, sort });
  markRows();
  summary.textContent = `${numberFormat.format(total)} ${noun}${total === 1 ? "" : "s"} match`;
}

async function refreshTimeline() {
  const { since, until, ...others } = state.filters;
  const { data } = await getJSON("/api/timeline", others);
  timeline.show(data, since && until ? [since, until] : null);
}

/** Reload what depends on the filters (the timeline ignores its own date range). */
async function refresh({ timeline: withTimeline = true } = {}) {
  document.body.dataset.loading = "true";
  state.offset = 0;
  try {
    await Promise.all([
      refreshTable(),
      map.show({ ...state.filters }),
      withTimeline ? refreshTimeline() : null,
    ]);
  } catch (error) {
    summary.textContent = `Error: ${error.message}`;
  } finally {
    delete document.body.dataset.loading;
  }
}

form.addEventListener("change", (e) => {
  if (!FILTERS.includes(e.target.name)) return;
  state.filters[e.target.name] = e.target.value.trim();
  refresh({ timeline: !["since", "until"].includes(e.target.name) });
});
form.addEventListener("submit", (e) => e.preventDefault());
form.addEventListener("reset", () => {
  for (const name of FILTERS) state.filters[name] = "";
  setTimeout(() => refresh(), 0);
});

let actorTimer = null;
form.elements.actor.addEventListener("input", (e) => {
  clearTimeout(actorTimer);
  const q = e.target.value.trim();
  if (q.length < 2) return;
  actorTimer = setTimeout(async () => {
    const { data } = await getJSON("/api/actors", { q, limit: 20 });
    document.getElementById("actor-names").replaceChildren(
      ...data.map((a) => el("option", { value: a.name }))
    );
  }, 200);
});

async function start() {
  readUrl();
  showView();
  renderLegend(document.getElementById("legend"));
  fillForm();
  const facets = getJSON("/api/stats").then(({ data: stats }) => {
    options(form.elements.type, stats.by_event_type);
    options(form.elements.country, stats.by_country);
    options(form.elements.verification, stats.by_verification);
    fillForm();
    map.frame(stats.bounds);
  });
  await Promise.all([
    map.drawCountries(),
    facets.then(() => map.show({ ...state.filters })),
    refreshTable(),
    refreshTimeline(),
  ]);
  if (state.event) await openEvent(state.event).catch(() => panel.close());
  else if (state.incident) await openIncident(state.incident).catch(() => panel.close());
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "true";
}

start().catch((error) => {
  summary.textContent = `Error: ${error.message}`;
});
