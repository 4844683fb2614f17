-- Custom dimensions (Matomo's CustomDimensions plugin): their configuration per site, and five
-- value slots per scope in the log tables (Matomo installs five per scope too).

CREATE TABLE custom_dimensions (
    idcustomdimension INTEGER NOT NULL,
    idsite INTEGER NOT NULL,
    name TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    scope TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 0,
    extractions TEXT NOT NULL DEFAULT '',
    case_sensitive INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (idcustomdimension, idsite)
);
CREATE UNIQUE INDEX unique_site_index ON custom_dimensions (idsite, scope, "index");

ALTER TABLE log_visit ADD COLUMN custom_dimension_1 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_dimension_2 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_dimension_3 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_dimension_4 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_dimension_5 TEXT NULL;

ALTER TABLE log_link_visit_action ADD COLUMN custom_dimension_1 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_dimension_2 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_dimension_3 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_dimension_4 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_dimension_5 TEXT NULL;

ALTER TABLE log_conversion ADD COLUMN custom_dimension_1 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_dimension_2 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_dimension_3 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_dimension_4 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_dimension_5 TEXT NULL;
