// The page: filters, map, timeline, table and event panel kept in step.
// State lives in the URL's query string, so a view can be bookmarked or shared.
import { getJSON } from "./api.js";
import { renderLegend } from "./colors.js";
import { el, numberFormat } from "./dom.js";
import { EventMap } from "./map.js";
import { EventPanel } from "./panel.js";
import { EventTable } from "./table.js";
import { Timeline } from "./timeline.js";

const FILTERS = ["type", "country", "verification", "actor", "since", "until"];
const PAGE_SIZE = 50;

const state = { filters: {}, sort: "-date", offset: 0, event: null };
const form = document.getElementById("filters");
const summary = document.getElementById("summary");

function readUrl() {
  const query = new URLSearchParams(window.location.search);
  for (const name of FILTERS) state.filters[name] = query.get(name) || "";
  state.sort = query.get("sort") || "-date";
  state.offset = Number(query.get("offset")) || 0;
  state.event = query.get("event");
}

function writeUrl() {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(state.filters)) if (value) query.set(name, value);
  if (state.sort !== "-date") query.set("sort", state.sort);
  if (state.offset) query.set("offset", String(state.offset));
  if (state.event) query.set("event", state.event);
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
    state.event = null;
    writeUrl();
    panel.close();
    table.mark(null);
  },
});

async function openEvent(eventId) {
  state.event = eventId;
  writeUrl();
  table.mark(eventId);
  await panel.showEvent(eventId);
}

const map = new EventMap(document.getElementById("map"), {
  onEvent: openEvent,
  onPlace: (cluster) => panel.showPlace(cluster, state.filters),
});

const table = new EventTable(document.getElementById("events-table"), {
  onOpen: openEvent,
  onSort: (key) => {
    state.sort = state.sort === key ? `-${key}` : key;
    state.offset = 0;
    refreshTable();
  },
  onPage: (step) => {
    state.offset = Math.max(0, state.offset + step * PAGE_SIZE);
    refreshTable();
  },
});

const timeline = new Timeline(document.getElementById("timeline"), (since, until) => {
  state.filters.since = since;
  state.filters.until = until;
  fillForm();
  refresh({ timeline: false });
});

async function refreshTable() {
  writeUrl();
  const { data, total } = await getJSON("/api/events", {
    ...state.filters, sort: state.sort, limit: PAGE_SIZE, offset: state.offset,
  });
  table.show(data, { total, offset: state.offset, sort: state.sort });
  table.mark(state.event);
  summary.textContent = `${numberFormat.format(total)} event${total === 1 ? "" : "s"} match`;
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
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "true";
}

start().catch((error) => {
  summary.textContent = `Error: ${error.message}`;
});
