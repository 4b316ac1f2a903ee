// The map: country boundaries drawn from the vendored Natural Earth topology (no tiles,
// nothing from the network) and server-side clusters of events, coloured by type.
import { getJSON } from "./api.js";
import { pieBackground, typeColor } from "./colors.js";
import { el, numberFormat } from "./dom.js";

const MAX_ZOOM = 12;
const ATTRIBUTION =
  "Boundaries: Natural Earth via world-atlas (public domain); Crimea drawn as part of Ukraine";

export class EventMap {
  /**
   * @param {HTMLElement} container
   * @param {{onEvent: (id: string) => void, onPlace: (cluster: object) => void}} handlers
   */
  constructor(container, handlers) {
    this.handlers = handlers;
    this.filters = {};
    this.request = 0;
    this.map = L.map(container, {
      center: [25, 20],
      zoom: 2,
      minZoom: 1,
      maxZoom: MAX_ZOOM,
      worldCopyJump: true,
      attributionControl: false,
    });
    L.control.attribution({ prefix: false }).addAttribution(ATTRIBUTION).addTo(this.map);
    this.markers = L.layerGroup().addTo(this.map);
    this.map.on("moveend", () => this.load());
  }

  /** Draw the country boundaries (done once). */
  async drawCountries() {
    const response = await fetch("/static/vendor/world-atlas/countries-50m.json");
    const topology = await response.json();
    const countries = topojson.feature(topology, topology.objects.countries);
    L.geoJSON(countries, {
      renderer: L.canvas({ padding: 0.5 }),
      interactive: false,
      style: { color: "#ffffff", weight: 0.8, fillColor: "#e4e0d4", fillOpacity: 1 },
    }).addTo(this.map);
  }

  /** Frame the map on (south, west, north, east) without loading anything. */
  frame(bounds) {
    if (!bounds) return;
    const [south, west, north, east] = bounds;
    this.quiet = true;
    this.map.fitBounds(L.latLngBounds([south, west], [north, east]).pad(0.1), {
      maxZoom: 6,
      animate: false,
    });
    this.quiet = false;
  }

  /** Show the events matching `filters` in the current view. */
  async show(filters) {
    this.filters = filters;
    this.shown = true;
    await this.load();
  }

  async load() {
    if (this.quiet || !this.shown) return;
    const ticket = ++this.request;
    const { data } = await getJSON("/api/map", {
      ...this.filters, zoom: this.map.getZoom(), bbox: this.viewBox(),
    });
    if (ticket === this.request) this.draw(data); // else a newer request is on its way
  }

  viewBox() {
    const b = this.map.getBounds().pad(0.5);
    if (b.getEast() - b.getWest() >= 360) return null;
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [
      clamp(b.getWest(), -180, 180),
      clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180),
      clamp(b.getNorth(), -90, 90),
    ].map((v) => v.toFixed(4)).join(",");
  }

  draw(clusters) {
    this.markers.clearLayers();
    for (const cluster of clusters) this.markers.addLayer(this.marker(cluster));
    this.map.getContainer().dataset.markers = String(clusters.length);
  }

  marker(cluster) {
    const single = cluster.count === 1;
    const size = single ? 16 : Math.round(22 + 7 * Math.log10(cluster.count));
    const types = Object.entries(cluster.by_type).sort((a, b) => b[1] - a[1]);
    const label = single
      ? `${types[0][0]} at ${cluster.location || "this point"}`
      : `${numberFormat.format(cluster.count)} events` +
        (cluster.location ? ` at ${cluster.location}` : "") +
        ": " + types.map(([t, n]) => `${n} ${t}`).join(", ");
    const face = el("span", {
      class: single ? "marker-dot" : "marker-cluster",
      style: single ? `background:${typeColor(types[0][0])}` : "",
    });
    if (!single) {
      face.style.background = pieBackground(cluster.by_type);
      face.append(el("span", { class: "marker-count" }, numberFormat.format(cluster.count)));
    }
    const marker = L.marker([cluster.latitude, cluster.longitude], {
      icon: L.divIcon({ html: face, className: "marker", iconSize: [size, size] }),
      title: label,
      keyboard: true,
      riseOnHover: true,
    });
    marker.on("add", () => {
      const node = marker.getElement();
      node.setAttribute("aria-label", label);
      if (cluster.event_id) node.dataset.eventId = cluster.event_id;
      node.dataset.count = String(cluster.count);
      node.addEventListener("keydown", (e) => {
        if (e.key !== "Enter" && e.key !== " ") return;
        e.preventDefault();
        this.open(cluster);
      });
    });
    marker.on("click", () => this.open(cluster));
    return marker;
  }

  open(cluster) {
    if (cluster.event_id) {
      this.handlers.onEvent(cluster.event_id);
      return;
    }
    const [south, west, north, east] = cluster.bounds;
    const spread = south !== north || west !== east;
    if (spread && this.map.getZoom() < MAX_ZOOM) {
      this.map.fitBounds([[south, west], [north, east]], { padding: [40, 40], maxZoom: MAX_ZOOM });
    } else {
      this.handlers.onPlace(cluster);
    }
  }
}
