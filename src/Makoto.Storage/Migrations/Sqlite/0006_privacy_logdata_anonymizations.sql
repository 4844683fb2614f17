-- Anonymizations of past raw data (PrivacyManager.anonymizeSomeRawData and `makoto anonymize`), as Matomo's
-- privacy_logdata_anonymizations: each request is stored, run by the scheduled task (the console runs its own
-- at once), and keeps what it did in `output`. idsites and the column lists are JSON.

CREATE TABLE privacy_logdata_anonymizations (
    idlogdata_anonymization INTEGER PRIMARY KEY,
    idsites TEXT NULL DEFAULT NULL,
    date_start TEXT NOT NULL,
    date_end TEXT NOT NULL,
    anonymize_ip INTEGER NOT NULL DEFAULT 0,
    anonymize_location INTEGER NOT NULL DEFAULT 0,
    anonymize_userid INTEGER NOT NULL DEFAULT 0,
    unset_visit_columns TEXT NOT NULL DEFAULT '',
    unset_link_visit_action_columns TEXT NOT NULL DEFAULT '',
    output TEXT NULL DEFAULT NULL,
    scheduled_date TEXT NULL,
    job_start_date TEXT NULL,
    job_finish_date TEXT NULL,
    requester TEXT NOT NULL DEFAULT ''
);
CREATE INDEX privacy_logdata_anonymizations_job_start_date ON privacy_logdata_anonymizations (job_start_date);
