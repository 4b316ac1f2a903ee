// The timeline: a histogram of event start dates, stacked by event type, with a brush.
import { typeColor } from "./colors.js";
import { svg, numberFormat } from "./dom.js";

const HEIGHT = 72;
const AXIS = 16;
const DAY = 86400000;

const toTime = (iso) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (time) => new Date(time).toISOString().slice(0, 10);

export class Timeline {
  /** @param {SVGElement} node  @param {(since: string, until: string) => void} onBrush */
  constructor(node, onBrush) {
    this.node = node;
    this.onBrush = onBrush;
    this.buckets = [];
    this.range = null; // [since, until] shown as the brush
    node.addEventListener("pointerdown", (e) => this.startBrush(e));
    new ResizeObserver(() => this.render()).observe(node);
  }

  show(timeline, range) {
    this.buckets = timeline.buckets;
    this.bucket = timeline.bucket;
    this.range = range;
    this.render();
  }

  get width() {
    return this.node.clientWidth || 600;
  }

  // x position <-> time, over [first bucket start, last bucket end + 1 day]
  scale() {
    const first = toTime(this.buckets[0].start);
    const last = toTime(this.buckets[this.buckets.length - 1].end) + DAY;
    const w = this.width;
    return {
      x: (time) => ((time - first) / (last - first)) * w,
      time: (x) => first + (Math.min(Math.max(x, 0), w) / w) * (last - first),
    };
  }

  render() {
    const w = this.width;
    this.node.setAttribute("viewBox", `0 0 ${w} ${HEIGHT}`);
    this.node.replaceChildren();
    if (!this.buckets.length) {
      this.node.append(svg("text", { x: 8, y: HEIGHT / 2, class: "empty", text: "No dated events" }));
      return;
    }
    const { x } = this.scale();
    const max = Math.max(...this.buckets.map((b) => b.count), 1);
    const plot = HEIGHT - AXIS;
    const bars = svg("g", { class: "bars" });
    for (const b of this.buckets) {
      const x0 = x(toTime(b.start));
      const width = Math.max(1, x(toTime(b.end) + DAY) - x0 - 1);
      let y = plot;
      const title = `${b.start}${b.end !== b.start ? " – " + b.end : ""}: ` +
        `${numberFormat.format(b.count)} event${b.count === 1 ? "" : "s"}`;
      const group = svg("g", { "data-start": b.start, "data-end": b.end }, svg("title", { text: title }));
      for (const [type, n] of Object.entries(b.by_type).sort()) {
        const h = (n / max) * (plot - 4);
        y -= h;
        group.append(svg("rect", { x: x0, y, width, height: h, fill: typeColor(type) }));
      }
      bars.append(group);
    }
    this.node.append(bars, this.axis(x));
    if (this.range) this.drawBrush(x(toTime(this.range[0])), x(toTime(this.range[1]) + DAY));
  }

  axis(x) {
    const group = svg("g", { class: "axis" });
    const first = this.buckets[0].start;
    const last = this.buckets[this.buckets.length - 1].end;
    const middle = toIso((toTime(first) + toTime(last)) / 2);
    const anchors = [["start", first], ["middle", middle], ["end", last]];
    for (const [anchor, iso] of anchors) {
      const pos = anchor === "start" ? 2 : anchor === "end" ? this.width - 2 : x(toTime(iso));
      group.append(svg("text", { x: pos, y: HEIGHT - 3, "text-anchor": anchor, text: iso }));
    }
    return group;
  }

  drawBrush(x0, x1) {
    this.node.querySelector(".brush")?.remove();
    const left = Math.min(x0, x1);
    this.node.append(
      svg("rect", { class: "brush", x: left, y: 0, width: Math.abs(x1 - x0), height: HEIGHT - AXIS })
    );
  }

  startBrush(event) {
    if (!this.buckets.length || event.button !== 0) return;
    const box = this.node.getBoundingClientRect();
    const start = event.clientX - box.left;
    let end = start;
    this.node.setPointerCapture(event.pointerId);
    const move = (e) => {
      end = e.clientX - box.left;
      this.drawBrush(start, end);
    };
    const up = () => {
      this.node.removeEventListener("pointermove", move);
      this.node.removeEventListener("pointerup", up);
      this.node.removeEventListener("pointercancel", up);
      if (Math.abs(end - start) < 3) {
        this.range = null;
        this.render();
        this.onBrush("", "");
        return;
      }
      const { time } = this.scale();
      const [a, b] = [time(Math.min(start, end)), time(Math.max(start, end))];
      this.range = [this.snap(a, "start"), this.snap(b, "end")];
      this.render();
      this.onBrush(...this.range);
    };
    this.node.addEventListener("pointermove", move);
    this.node.addEventListener("pointerup", up);
    this.node.addEventListener("pointercancel", up);
  }

  /** The start (or end) date of the bucket under `time`. */
  snap(time, edge) {
    const bucket =
      this.buckets.find((b) => time < toTime(b.end) + DAY) || this.buckets[this.buckets.length - 1];
    return edge === "start" ? bucket.start : bucket.end;
  }
}
