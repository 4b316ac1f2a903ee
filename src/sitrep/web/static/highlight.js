// Cut a text into runs so that evidence spans can be marked without touching HTML.
import { el } from "./dom.js";

/**
 * Split `text` at every span boundary. `spans` are {start, end, label} with offsets
 * into `text`; each returned run is {text, labels} (labels of the spans covering it).
 */
export function segments(text, spans) {
  const inside = spans.filter((s) => s.start < s.end && s.end > 0 && s.start < text.length);
  const cuts = new Set([0, text.length]);
  for (const s of inside) {
    cuts.add(Math.max(0, s.start));
    cuts.add(Math.min(text.length, s.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const labels = inside.filter((s) => s.start <= from && to <= s.end).map((s) => s.label);
    runs.push({ text: text.slice(from, to), labels: [...new Set(labels)] });
  }
  return runs;
}

/** A paragraph of `text` with the spans marked; each mark names its fields. */
export function highlighted(tag, text, spans, attrs = {}) {
  return el(
    tag,
    { dir: "auto", ...attrs },
    segments(text, spans).map((run) =>
      run.labels.length
        ? el("mark", { title: run.labels.join(", "), "data-fields": run.labels.join(" ") }, run.text)
        : run.text
    )
  );
}
