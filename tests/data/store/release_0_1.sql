-- A database written by sitrep 0.1 itself (commit 1f899e4, schema_info version 1): its
-- Store.add stored the article and event that tests/test_migrations.py expects back,
-- then sqlite3 iterdump() wrote this file (ingested_at fixed to 2025-01-01).
BEGIN TRANSACTION;
CREATE TABLE actor_aliases (
	actor_id INTEGER NOT NULL, 
	alias TEXT NOT NULL, 
	UNIQUE (actor_id, alias), 
	FOREIGN KEY(actor_id) REFERENCES actors (id)
);
INSERT INTO "actor_aliases" VALUES(1,'Russian forces');
CREATE TABLE actors (
	id INTEGER NOT NULL, 
	name TEXT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
INSERT INTO "actors" VALUES(1,'Military Forces of Russia');
INSERT INTO "actors" VALUES(2,'Civilians (Ukraine)');
INSERT INTO "actors" VALUES(3,'Wagner Group');
CREATE TABLE articles (
	id VARCHAR(64) NOT NULL, 
	published DATE NOT NULL, 
	title TEXT, 
	source TEXT, 
	url TEXT, 
	origin TEXT, 
	text TEXT NOT NULL, 
	ingested_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "articles" VALUES('a1','2024-03-21','Shelling','Wire','https://example.org/a1','wire.jsonl:1','KYIV - Russian forces shelled Kharkiv on Monday, killing 3 people, officials said.','2025-01-01 00:00:00.000000');
CREATE TABLE claims (
	id INTEGER NOT NULL, 
	event_id VARCHAR(64) NOT NULL, 
	position INTEGER NOT NULL, 
	claimant TEXT, 
	stance VARCHAR(16) NOT NULL, 
	text TEXT NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(event_id) REFERENCES events (event_id)
);
INSERT INTO "claims" VALUES(1,'a1-e1',0,'officials','asserted','officials said',67,81);
CREATE TABLE event_actors (
	event_id VARCHAR(64) NOT NULL, 
	actor_id INTEGER NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	UNIQUE (event_id, actor_id, role), 
	FOREIGN KEY(event_id) REFERENCES events (event_id), 
	FOREIGN KEY(actor_id) REFERENCES actors (id)
);
INSERT INTO "event_actors" VALUES('a1-e1',1,'actor1');
INSERT INTO "event_actors" VALUES('a1-e1',2,'actor2');
INSERT INTO "event_actors" VALUES('a1-e1',3,'assoc');
CREATE TABLE events (
	event_id VARCHAR(64) NOT NULL, 
	article_id VARCHAR(64) NOT NULL, 
	position INTEGER NOT NULL, 
	event_type TEXT NOT NULL, 
	sub_event_type TEXT NOT NULL, 
	plover_type TEXT, 
	cameo_code TEXT, 
	date_start DATE, 
	date_end DATE, 
	time_precision INTEGER, 
	place_id INTEGER, 
	country TEXT, 
	country_code VARCHAR(2), 
	admin1 TEXT, 
	admin2 TEXT, 
	location TEXT, 
	latitude FLOAT, 
	longitude FLOAT, 
	geo_precision INTEGER, 
	geonameid INTEGER, 
	actor1 TEXT, 
	actor2 TEXT, 
	assoc_actors JSON NOT NULL, 
	fatalities INTEGER, 
	verification TEXT NOT NULL, 
	sentence TEXT NOT NULL, 
	PRIMARY KEY (event_id), 
	FOREIGN KEY(article_id) REFERENCES articles (id), 
	FOREIGN KEY(place_id) REFERENCES places (id)
);
INSERT INTO "events" VALUES('a1-e1','a1',0,'Explosions/Remote violence','Shelling/artillery/missile attack','ATTACK','195','2024-03-18','2024-03-18',1,1,'Ukraine','UA','Kharkivska',NULL,'Kharkiv',49.98,36.25,1,706483,'Military Forces of Russia','Civilians (Ukraine)','["Wagner Group"]',3,'reported','KYIV - Russian forces shelled Kharkiv on Monday, killing 3 people, officials said.');
CREATE TABLE evidence (
	event_id VARCHAR(64) NOT NULL, 
	field VARCHAR(32) NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	UNIQUE (event_id, field), 
	FOREIGN KEY(event_id) REFERENCES events (event_id)
);
INSERT INTO "evidence" VALUES('a1-e1','event_type',22,29,'shelled');
INSERT INTO "evidence" VALUES('a1-e1','fatalities',49,58,'killing 3');
CREATE TABLE places (
	id INTEGER NOT NULL, 
	geonameid INTEGER, 
	name TEXT NOT NULL, 
	latitude FLOAT NOT NULL, 
	longitude FLOAT NOT NULL, 
	country_code VARCHAR(2), 
	country TEXT, 
	admin1 TEXT, 
	admin2 TEXT, 
	feature_class VARCHAR(1), 
	feature_code VARCHAR(10), 
	PRIMARY KEY (id), 
	UNIQUE (geonameid)
);
INSERT INTO "places" VALUES(1,706483,'Kharkiv',49.98,36.25,'UA','Ukraine','Kharkivska',NULL,'P','PPLA');
CREATE TABLE schema_info (
	version INTEGER NOT NULL, 
	PRIMARY KEY (version)
);
INSERT INTO "schema_info" VALUES(1);
CREATE INDEX ix_articles_published ON articles (published);
CREATE INDEX ix_events_country_code ON events (country_code);
CREATE INDEX ix_events_event_type ON events (event_type);
CREATE INDEX ix_events_article_id ON events (article_id);
CREATE INDEX ix_events_date_start ON events (date_start);
CREATE INDEX ix_event_actors_actor_id ON event_actors (actor_id);
CREATE INDEX ix_event_actors_event_id ON event_actors (event_id);
CREATE INDEX ix_claims_event_id ON claims (event_id);
CREATE INDEX ix_evidence_event_id ON evidence (event_id);
COMMIT;
