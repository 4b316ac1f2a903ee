"""Read-side queries the API needs beyond ``Store.events``: aggregates for the map and
the timeline, actor and place lists, an article with its events.

Everything is aggregated in SQL or over grouped rows, never over every event in Python,
so the page stays quick on 100,000 events.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Literal

from sqlalchemy import String, cast, distinct, func, or_, select

from sitrep.api.models import (
    ActorCount,
    ArticleInfo,
    ArticleText,
    EventDetail,
    IncidentDetail,
    MapCluster,
    PlaceCount,
    Stats,
    Timeline,
    TimelineBucket,
)
from sitrep.records import Article, Event
from sitrep.store import EventFilter, Store, schema
from sitrep.store.database import event_conditions

Bucket = Literal["day", "week", "month", "year"]

# Points closer than this many screen pixels (256-pixel tiles) share one map marker.
CLUSTER_PIXELS = 40


def stats(store: Store) -> Stats:
    """Counts of everything stored, with the values each filter can take."""
    ev = schema.events
    with store.engine.connect() as conn:
        rows = conn.execute(select(ev.c.verification, func.count()).group_by(ev.c.verification))
        counts = {k: n for k, n in sorted(rows, key=lambda r: -r[1])}
        extent = conn.execute(
            select(
                func.min(ev.c.latitude),
                func.min(ev.c.longitude),
                func.max(ev.c.latitude),
                func.max(ev.c.longitude),
            )
        ).one()
    bounds = None if extent[0] is None else tuple(extent)
    return Stats(**store.stats(), by_verification=counts, bounds=bounds)


def data_version(store: Store) -> tuple[int, int]:
    """Numbers of articles and events: they change whenever anything is ingested (nothing
    is ever deleted), so cached aggregates can be checked against them cheaply."""
    with store.engine.connect() as conn:
        articles = conn.execute(select(func.count()).select_from(schema.articles)).scalar_one()
    return articles, store.count_events()


def event_detail(store: Store, event_id: str) -> EventDetail | None:
    """One event, its article's details and where its sentence starts in the article."""
    found = store.events_by_id([event_id])
    if not found:
        return None
    (event,) = found
    article = store.article(event.article_id)
    if article is None:  # an event always has its article; a broken database may not
        return None
    return _detail(event, article, incident_id=store.incident_id_of(event_id))


def incident_detail(store: Store, incident_id: str) -> IncidentDetail | None:
    """One incident with each of its reports' events, articles and sentence offsets."""
    incident = store.incident(incident_id)
    if incident is None:
        return None
    events = {e.event_id: e for e in store.events_by_id(incident.event_ids)}
    articles = {a: store.article(a) for a in incident.article_ids}
    details = []
    for report in incident.reports:
        event, article = events.get(report.event_id), articles.get(report.article_id)
        if event is not None and article is not None:
            details.append(_detail(event, article, incident_id=incident_id))
    return IncidentDetail(**dict(incident), report_events=details)


def _detail(event: Event, article: Article, *, incident_id: str | None) -> EventDetail:
    return EventDetail(
        event=event,
        article=ArticleInfo(**article.model_dump(include=set(ArticleInfo.model_fields))),
        sentence_start=sentence_start(article.text, event.sentence, event.evidence),
        incident_id=incident_id,
    )


def sentence_start(text: str, sentence: str, evidence: dict[str, tuple[int, int]]) -> int | None:
    """Offset of ``sentence`` in ``text``: the occurrence that holds the evidence spans
    (a sentence may be repeated), or None when the text does not contain it."""
    starts = []
    at = text.find(sentence)
    while at >= 0:
        starts.append(at)
        at = text.find(sentence, at + 1)
    if not starts:
        return None

    def covered(start: int) -> int:
        end = start + len(sentence)
        return sum(start <= s and e <= end for s, e in evidence.values())

    return max(starts, key=covered)


def article_text(store: Store, article_id: str) -> ArticleText | None:
    """An article's text with all its events (evidence and claims as offsets into it)."""
    article = store.article(article_id)
    if article is None:
        return None
    ev = schema.events
    with store.engine.connect() as conn:
        ids = conn.execute(
            select(ev.c.event_id).where(ev.c.article_id == article_id).order_by(ev.c.position)
        ).scalars()
        events = store.events_by_id(list(ids))
    info = article.model_dump(include=set(ArticleInfo.model_fields))
    return ArticleText(**info, text=article.text, events=events)


def actors(
    store: Store, *, query: str | None, limit: int, offset: int
) -> tuple[list[ActorCount], int]:
    """Actors by how many events name them (in any role); ``query`` matches names and
    aliases as a case-insensitive substring. Returns one page and the total."""
    table, aliases, links = schema.actors, schema.actor_aliases, schema.event_actors
    matching = select(table.c.id)
    if query:
        needle = f"%{query.lower()}%"
        alias_match = select(aliases.c.actor_id).where(func.lower(aliases.c.alias).like(needle))
        matching = matching.where(
            or_(func.lower(table.c.name).like(needle), table.c.id.in_(alias_match))
        )
    events = func.count(distinct(links.c.event_id)).label("events")
    page = (
        select(table.c.id, table.c.name, events)
        .outerjoin(links, links.c.actor_id == table.c.id)
        .where(table.c.id.in_(matching))
        .group_by(table.c.id, table.c.name)
        .order_by(events.desc(), table.c.name)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(matching.subquery())).scalar_one()
        rows = conn.execute(page).all()
        names: dict[int, list[str]] = defaultdict(list)
        alias_rows = conn.execute(
            select(aliases.c.actor_id, aliases.c.alias)
            .where(aliases.c.actor_id.in_([row.id for row in rows]))
            .order_by(aliases.c.alias)
        )
        for actor_id, alias in alias_rows:
            names[actor_id].append(alias)
    found = [ActorCount(name=row.name, aliases=names[row.id], events=row.events) for row in rows]
    return found, total


def places(
    store: Store, where: EventFilter, *, query: str | None, limit: int, offset: int
) -> tuple[list[PlaceCount], int]:
    """Points where matching events are coded, by number of events; ``query`` matches
    the location name. Returns one page and the total."""
    ev = schema.events
    keys = (
        ev.c.location,
        ev.c.admin1,
        ev.c.country,
        ev.c.country_code,
        ev.c.latitude,
        ev.c.longitude,
    )
    conditions = [*event_conditions(where), ev.c.latitude.is_not(None)]
    if query:
        conditions.append(func.lower(ev.c.location).like(f"%{query.lower()}%"))
    events = func.count().label("events")
    grouped = select(*keys, events).where(*conditions).group_by(*keys)
    page = grouped.order_by(events.desc(), ev.c.location).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(grouped.subquery())).scalar_one()
        rows = conn.execute(page).mappings().all()
    return [PlaceCount(**row) for row in rows], total


def timeline(store: Store, where: EventFilter, *, bucket: Bucket | None = None) -> Timeline:
    """Matching events by start date, in buckets of a day, week, month or year (chosen
    from the span of dates when not given); empty buckets are included."""
    ev = schema.events
    conditions = [*event_conditions(where), ev.c.date_start.is_not(None)]
    with store.engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(ev.c.date_start), func.max(ev.c.date_start)).where(*conditions)
        ).one()
        if first is None:
            return Timeline(bucket=bucket or "day", buckets=[])
        size = bucket or _bucket_for((last - first).days)
        # Months and years are grouped in SQL on the ISO text of the date (a few hundred
        # rows back instead of one per day); days and weeks span at most two years.
        iso = cast(ev.c.date_start, String)
        key = {"month": func.substr(iso, 1, 7), "year": func.substr(iso, 1, 4)}.get(
            size, ev.c.date_start
        )
        rows = conn.execute(
            select(key, ev.c.event_type, func.count())
            .where(*conditions)
            .group_by(key, ev.c.event_type)
        ).all()
    counts: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for value, event_type, n in rows:
        counts[_bucket_start(_key_date(value), size)][event_type] += n
    buckets = []
    start = _bucket_start(first, size)
    while start <= last:
        after = _next_bucket(start, size)
        by_type = dict(counts.get(start, {}))
        buckets.append(
            TimelineBucket(
                start=start,
                end=after - dt.timedelta(days=1),
                count=sum(by_type.values()),
                by_type=by_type,
            )
        )
        start = after
    return Timeline(bucket=size, buckets=buckets)


def _key_date(value: dt.date | str) -> dt.date:
    """A date, or the first day of a 'YYYY-MM' or 'YYYY' group key."""
    if isinstance(value, dt.date):
        return value
    year, _, month = value.partition("-")
    return dt.date(int(year), int(month or 1), 1)


def _bucket_for(span_days: int) -> Bucket:
    if span_days <= 92:
        return "day"
    if span_days <= 2 * 365:
        return "week"
    if span_days <= 40 * 365:
        return "month"
    return "year"


def _bucket_start(day: dt.date, size: Bucket) -> dt.date:
    if size == "week":
        return day - dt.timedelta(days=day.weekday())
    if size == "month":
        return day.replace(day=1)
    if size == "year":
        return day.replace(month=1, day=1)
    return day


def _next_bucket(start: dt.date, size: Bucket) -> dt.date:
    if size == "day":
        return start + dt.timedelta(days=1)
    if size == "week":
        return start + dt.timedelta(days=7)
    if size == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def map_clusters(store: Store, where: EventFilter, *, zoom: int) -> list[MapCluster]:
    """Matching events with coordinates, gathered into clusters for a Web Mercator map at
    ``zoom``: greedily, the busiest point first takes in every point within
    ``CLUSTER_PIXELS`` of it on screen. A cluster of one event names it.

    SQL counts events per point and type (streamed from the covering index on points);
    the gathering works on those points, whose number is bounded by the gazetteer, not by
    the number of events.
    """
    ev = schema.events
    query = (
        select(
            ev.c.latitude,
            ev.c.longitude,
            ev.c.event_type,
            func.count(),
            func.min(ev.c.event_id),
            func.min(ev.c.location),
        )
        .where(*event_conditions(where), ev.c.latitude.is_not(None), ev.c.longitude.is_not(None))
        .group_by(ev.c.latitude, ev.c.longitude, ev.c.event_type)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    points = []
    for lat, lon, event_type, n, event_id, location in rows:
        point = _Cluster()
        point.count, point.lat_sum, point.lon_sum = n, lat * n, lon * n
        point.by_type[event_type] = n
        point.bounds = (lat, lon, lat, lon)
        point.event_id, point.location = event_id, location
        points.append(point)
    return [cluster.record() for cluster in _gather(points, zoom=zoom)]


def _gather(points: list[_Cluster], *, zoom: int) -> list[_Cluster]:
    scale = 256 * 2**zoom
    where = [_pixels(p.latitude, p.longitude, scale) for p in points]
    radius = CLUSTER_PIXELS
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(where):
        grid[int(x // radius), int(y // radius)].append(i)
    order = sorted(range(len(points)), key=lambda i: (-points[i].count, where[i]))
    taken = [False] * len(points)
    clusters = []
    for i in order:
        if taken[i]:
            continue
        taken[i] = True
        x, y = where[i]
        cluster = _Cluster()
        cluster.merge(points[i])
        cx, cy = int(x // radius), int(y // radius)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for j in grid.get((cx + dx, cy + dy), []):
                    if not taken[j] and math.dist(where[j], (x, y)) <= radius:
                        taken[j] = True
                        cluster.merge(points[j])
        clusters.append(cluster)
    return clusters


def _pixels(lat: float, lon: float, scale: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point on a world ``scale`` pixels wide."""
    sin = min(max(math.sin(math.radians(lat)), -0.9999), 0.9999)
    y = 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)
    return (lon + 180) / 360 * scale, y * scale


class _Cluster:
    """Running totals of the events gathered into one map marker."""

    def __init__(self) -> None:
        self.count = 0
        self.lat_sum = self.lon_sum = 0.0
        self.by_type: dict[str, int] = defaultdict(int)
        self.bounds = (90.0, 180.0, -90.0, -180.0)  # south, west, north, east
        self.event_id: str | None = None
        self.location: str | None = None

    @property
    def latitude(self) -> float:
        return self.lat_sum / self.count

    @property
    def longitude(self) -> float:
        return self.lon_sum / self.count

    @property
    def one_point(self) -> bool:
        south, west, north, east = self.bounds
        return (south, west) == (north, east)

    def merge(self, other: _Cluster) -> None:
        same_place = self.count == 0 or (self.one_point and self.bounds == other.bounds)
        self.count += other.count
        self.lat_sum += other.lat_sum
        self.lon_sum += other.lon_sum
        for event_type, n in other.by_type.items():
            self.by_type[event_type] += n
        self.bounds = (
            min(self.bounds[0], other.bounds[0]),
            min(self.bounds[1], other.bounds[1]),
            max(self.bounds[2], other.bounds[2]),
            max(self.bounds[3], other.bounds[3]),
        )
        self.event_id = other.event_id
        self.location = (self.location or other.location) if same_place else None

    def record(self) -> MapCluster:
        return MapCluster(
            latitude=self.latitude,
            longitude=self.longitude,
            count=self.count,
            by_type=dict(self.by_type),
            event_id=self.event_id if self.count == 1 else None,
            location=self.location if self.one_point else None,
            bounds=self.bounds,
        )
