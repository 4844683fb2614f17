-- Anonymizations of past raw data (PrivacyManager.anonymizeSomeRawData and `makoto anonymize`): Matomo's
-- PrivacyManager table, so that on an existing Matomo database the scheduled entries are shared.

CREATE TABLE IF NOT EXISTS {prefix}privacy_logdata_anonymizations (
    idlogdata_anonymization BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    idsites TEXT NULL DEFAULT NULL,
    date_start DATETIME NOT NULL,
    date_end DATETIME NOT NULL,
    anonymize_ip TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
    anonymize_location TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
    anonymize_userid TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
    unset_visit_columns TEXT NOT NULL,
    unset_link_visit_action_columns TEXT NOT NULL,
    output MEDIUMTEXT NULL DEFAULT NULL,
    scheduled_date DATETIME NULL,
    job_start_date DATETIME NULL,
    job_finish_date DATETIME NULL,
    requester VARCHAR(100) NOT NULL DEFAULT '',
    PRIMARY KEY (idlogdata_anonymization),
    KEY (job_start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
