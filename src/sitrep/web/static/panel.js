// The panel: an event (what happened, who claims it and how, the words that support each
// field) or an incident (its reports from every outlet, contradictions side by side).
import { getJSON } from "./api.js";
import { cssToken, el, safeUrl, numberFormat } from "./dom.js";
import { highlighted } from "./highlight.js";
import { contradictionTable, incidentFacts } from "./incident.js";
import { typeColor } from "./colors.js";

const FIELD_NAMES = {
  event_type: "event type",
  sub_event_type: "sub-event type",
  actor1: "actor 1",
  actor2: "actor 2",
  assoc_actors: "associated actors",
  date_start: "date",
  date_end: "end date",
  location: "location",
  fatalities: "fatalities",
  claims: "claim",
};
const PRECISION = { 1: "day", 2: "week or range", 3: "month or coarser" };

export class EventPanel {
  /**
   * @param {{onClose: () => void, onEvent: (id: string) => void,
   *          onIncident: (id: string) => void}} handlers
   */
  constructor(node, { onClose, onEvent, onIncident }) {
    this.node = node;
    this.body = node.querySelector("#panel-body");
    this.heading = node.querySelector("#panel-heading");
    this.onClose = onClose;
    this.onEvent = onEvent;
    this.onIncident = onIncident;
    node.querySelector("#close-panel").addEventListener("click", () => onClose());
    node.addEventListener("keydown", (e) => { if (e.key === "Escape") onClose(); });
  }

  /** Drop the marks of what the panel showed. */
  forget() {
    delete this.body.dataset.eventId;
    delete this.body.dataset.incidentId;
  }

  opened() {
    if (!this.node.contains(document.activeElement)) this.returnFocus = document.activeElement;
    document.body.classList.add("panel-open");
    this.node.focus();
  }

  close() {
    document.body.classList.remove("panel-open");
    this.forget();
    if (this.returnFocus?.isConnected) this.returnFocus.focus();
    this.returnFocus = null;
    this.heading.textContent = "Event";
    this.body.replaceChildren(el("p", { class: "hint" },
      "Choose an event on the map or in the table to see who claims it and the words that " +
      "support each field."));
  }

  async showEvent(eventId) {
    const { data } = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
    const { event, article } = data;
    this.heading.replaceChildren(
      el("span", { class: "swatch", style: `background:${typeColor(event.event_type)}` }),
      el("bdi", {}, event.sub_event_type)
    );
    this.body.replaceChildren(
      el("p", { class: "event-type" }, event.event_type),
      this.facts(event),
      this.claims(event),
      this.evidence(event, data.sentence_start),
      this.source(article, event),
      data.incident_id ? this.incidentLink(data.incident_id) : null
    );
    this.forget();
    this.body.dataset.eventId = event.event_id;
    this.opened();
  }

  incidentLink(incidentId) {
    return el("section", { class: "incident-link" }, el("h3", {}, "Incident"),
      el("p", { class: "muted" }, "Every article's report of this incident, merged."),
      el("button", { type: "button", class: "secondary", onclick: () => this.onIncident(incidentId) },
        "Show the incident"));
  }

  /** An incident: merged facts, contradictions side by side, then every report. */
  async showIncident(incidentId) {
    const { data } = await getJSON(`/api/incidents/${encodeURIComponent(incidentId)}`);
    this.heading.replaceChildren(
      el("span", { class: "swatch", style: `background:${typeColor(data.event_type)}` }),
      el("bdi", {}, data.sub_event_type),
      el("span", { class: "muted heading-note" }, " · incident")
    );
    this.body.replaceChildren(
      el("p", { class: "event-type" }, data.event_type),
      incidentFacts(data),
      contradictionTable(data.contradictions),
      this.reports(data)
    );
    this.forget();
    this.body.dataset.incidentId = data.incident_id;
    this.opened();
  }

  /** Each report: outlet, date, title, its figure (the event's, or a claim's when the event
   * gives none), claims and the sentence with its evidence. */
  reports(incident) {
    const kept = new Map(incident.reports.map((r) => [r.event_id, r]));
    const section = el("section", { class: "reports" }, el("h3", {}, "Reports"));
    section.append(el("ol", { class: "report-list" }, incident.report_events.map((shown) => {
      const { event, article } = shown;
      const report = kept.get(event.event_id);
      const figure = report ? report.fatalities : event.fatalities;
      const fromClaim = figure !== null && event.fatalities === null;
      return el("li", { class: "report", "data-event-id": event.event_id },
        el("p", { class: "report-head" },
          el("bdi", { class: "outlet" }, article.source || "unknown outlet"),
          el("span", { class: "muted" }, ` · ${article.published}`),
          article.title ? [" · ", el("bdi", { class: "muted" }, article.title)] : null),
        el("p", { class: "report-facts" },
          `Deaths: ${figure ?? "not given"}`,
          fromClaim ? [" (stated in a claim by ", el("bdi", {}, report.claimant || "an unnamed source"), ")"] : null,
          " · ",
          el("span", { class: `badge v-${cssToken(event.verification)}` }, event.verification),
          report?.background ? " · an earlier incident told as context" : null),
        this.claimList(event),
        this.sentence(event, shown.sentence_start).quote,
        el("button", { type: "button", class: "link", onclick: () => this.onEvent(event.event_id) },
          "Open this report"));
    })));
    return section;
  }

  /** Events at one point of the map (a cluster that cannot be split by zooming). */
  async showPlace(cluster, filters) {
    const [south, west, north, east] = cluster.bounds;
    const pad = 1e-6;
    const bbox = [west - pad, south - pad, east + pad, north + pad].join(",");
    const { data, total } = await getJSON("/api/events", { ...filters, bbox, limit: 50 });
    this.heading.replaceChildren(el("bdi", {}, cluster.location || "Events here"));
    this.body.replaceChildren(
      el("p", {}, `${numberFormat.format(total)} events at this point` +
        (total > data.length ? ` (first ${data.length} shown)` : "")),
      el("ul", { class: "event-list" }, data.map((e) =>
        el("li", {},
          el("span", { class: "swatch", style: `background:${typeColor(e.event_type)}` }),
          el("button", { type: "button", class: "link", onclick: () => this.showEvent(e.event_id) },
            `${e.date_start || "undated"} · `, el("bdi", {}, e.sub_event_type)),
          e.actor1 ? el("span", { class: "muted" }, " — ", el("bdi", {}, e.actor1)) : null
        )
      ))
    );
    this.forget();
    this.opened();
  }

  facts(event) {
    const row = (name, ...value) => [el("dt", {}, name), el("dd", { dir: "auto" }, ...value)];
    const when = event.date_start === event.date_end || !event.date_end
      ? event.date_start || "unknown"
      : `${event.date_start} – ${event.date_end}`;
    const where = [event.location, event.admin2, event.admin1, event.country]
      .filter((v, i, all) => v && all.indexOf(v) === i);
    return el("dl", { class: "facts" },
      row("Date", when, event.time_precision ? ` (${PRECISION[event.time_precision] || ""})` : ""),
      row("Place", where.join(", ") || "unknown"),
      row("Actor 1", event.actor1 || "—"),
      row("Actor 2", event.actor2 || "—"),
      event.assoc_actors.length ? row("Associated", event.assoc_actors.join("; ")) : [],
      row("Fatalities", event.fatalities ?? "not reported"),
      row("Verification",
        el("span", { class: `badge v-${cssToken(event.verification)}` }, event.verification)),
      event.background ? row("Background", "an earlier incident told as context") : [],
    );
  }

  claims(event) {
    return el("section", { class: "claims" }, el("h3", {}, "Claims"), this.claimList(event));
  }

  /** Each claim with its claimant and stance (or a note that there is none). */
  claimList(event) {
    if (!event.claims.length) {
      return el("p", { class: "muted" }, "The reporter's own account; no claimant found.");
    }
    return el("ul", { class: "claim-list" }, event.claims.map((c) =>
      el("li", { class: "claim" },
        el("span", { class: "claimant", dir: "auto" }, c.claimant || "unnamed source"),
        " ",
        el("span", { class: `stance stance-${cssToken(c.stance)}` }, c.stance),
        el("q", { dir: "auto" }, c.text)
      )
    ));
  }

  evidence(event, sentenceStart) {
    const section = el("section", { class: "evidence" }, el("h3", {}, "Evidence"));
    const { quote, fields } = this.sentence(event, sentenceStart);
    section.append(quote);
    if (fields.length) {
      section.append(el("p", { class: "muted" }, "Marked words support: " + fields.join(", ") + "."));
    }
    return section;
  }

  /** The event's sentence with its evidence marked, and the fields the marks support. */
  sentence(event, sentenceStart) {
    const spans = sentenceStart === null ? [] : evidenceSpans(event).map((s) =>
      ({ ...s, start: s.start - sentenceStart, end: s.end - sentenceStart }));
    const quote = highlighted("blockquote", event.sentence, spans, { class: "sentence" });
    const fields = [...new Set(spans.filter((s) => s.end > 0 && s.start < event.sentence.length)
      .map((s) => s.label))];
    return { quote, fields };
  }

  source(article, event) {
    const url = safeUrl(article.url);
    const title = article.title || "(untitled article)";
    const section = el("section", { class: "source" }, el("h3", {}, "Reported in"),
      el("p", {},
        url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", dir: "auto" }, title)
          : el("bdi", {}, title),
        el("span", { class: "muted" }, ` — ${[article.source, article.published].filter(Boolean).join(", ")}`)
      ));
    const button = el("button", { type: "button", class: "secondary" }, "Read the whole article");
    button.addEventListener("click", async () => {
      button.disabled = true;
      section.append(await this.articleText(article.id, event.event_id));
      button.remove();
    });
    section.append(button);
    return section;
  }

  async articleText(articleId, eventId) {
    const { data } = await getJSON(`/api/articles/${encodeURIComponent(articleId)}`);
    const event = data.events.find((e) => e.event_id === eventId);
    const spans = event ? evidenceSpans(event) : [];
    return highlighted("div", data.text, spans, { class: "article-text" });
  }
}

/** The event's evidence and claim spans, as offsets into its article's text. */
function evidenceSpans(event) {
  const spans = Object.entries(event.evidence).map(([field, [start, end]]) =>
    ({ start, end, label: FIELD_NAMES[field] || field }));
  for (const claim of event.claims) {
    spans.push({ start: claim.start, end: claim.end, label: FIELD_NAMES.claims });
  }
  return spans;
}
