-- A Matomo 5 database as its installer leaves it (table prefix matomo_), written for the tests from the spec
-- (tracking-api.md §12, metrics-and-archiving.md §6) and Matomo's documented layout: the core tables, the log
-- tables created with their key columns and then extended by the core plugins' dimension columns (ALTER TABLE, as
-- Matomo's plugin installers do), the CustomDimensions plugin's five slots per scope and its extra columns, no
-- CustomVariables plugin (Matomo 5 does not ship it), and tables Makoto does not use. Independent of Makoto's own
-- migration on purpose: the test checks that Makoto uses a database it did not create.

CREATE TABLE matomo_user (
  login VARCHAR(100) NOT NULL, password VARCHAR(255) NOT NULL, email VARCHAR(100) NOT NULL,
  twofactor_secret VARCHAR(40) NOT NULL DEFAULT '', superuser_access TINYINT(2) UNSIGNED NOT NULL DEFAULT '0',
  date_registered TIMESTAMP NULL, ts_password_modified TIMESTAMP NULL, idchange_last_viewed INTEGER UNSIGNED NULL,
  invited_by VARCHAR(100) NULL, invite_token VARCHAR(191) NULL, invite_link_token VARCHAR(191) NULL,
  invite_expired_at TIMESTAMP NULL, invite_accept_at TIMESTAMP NULL, ts_changes_shown TIMESTAMP NULL,
  PRIMARY KEY (login), UNIQUE INDEX uniq_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_user_token_auth (
  idusertokenauth BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, login VARCHAR(100) NOT NULL, description VARCHAR(100) NOT NULL,
  password VARCHAR(191) NOT NULL, hash_algo VARCHAR(30) NOT NULL, system_token TINYINT(1) NOT NULL DEFAULT 0,
  last_used DATETIME NULL, date_created DATETIME NOT NULL, date_expired DATETIME NULL,
  secure_only TINYINT(2) UNSIGNED NOT NULL DEFAULT '0',
  PRIMARY KEY (idusertokenauth), UNIQUE KEY uniq_password (password)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_twofactor_recovery_code (
  idrecoverycode BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, login VARCHAR(100) NOT NULL, recovery_code VARCHAR(40) NOT NULL,
  PRIMARY KEY (idrecoverycode)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_access (
  idaccess INTEGER(10) UNSIGNED NOT NULL AUTO_INCREMENT, login VARCHAR(100) NOT NULL, idsite INTEGER UNSIGNED NOT NULL,
  access VARCHAR(50) NULL, PRIMARY KEY (idaccess), INDEX index_loginidsite (login, idsite)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_site (
  idsite INTEGER(10) UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(90) NOT NULL, main_url VARCHAR(255) NOT NULL,
  ts_created TIMESTAMP NULL, ecommerce TINYINT DEFAULT 0, sitesearch TINYINT DEFAULT 1,
  sitesearch_keyword_parameters TEXT NOT NULL, sitesearch_category_parameters TEXT NOT NULL,
  timezone VARCHAR(50) NOT NULL, currency CHAR(3) NOT NULL, exclude_unknown_urls TINYINT(1) DEFAULT 0,
  excluded_ips TEXT NOT NULL, excluded_parameters TEXT NOT NULL, excluded_user_agents TEXT NOT NULL,
  excluded_referrers TEXT NOT NULL, `group` VARCHAR(250) NOT NULL, `type` VARCHAR(255) NOT NULL,
  keep_url_fragment TINYINT NOT NULL DEFAULT 0, creator_login VARCHAR(100) NULL,
  PRIMARY KEY (idsite)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_plugin_setting (
  plugin_name VARCHAR(60) NOT NULL, setting_name VARCHAR(255) NOT NULL, setting_value LONGTEXT NOT NULL,
  json_encoded TINYINT UNSIGNED NOT NULL DEFAULT 0, user_login VARCHAR(100) NOT NULL DEFAULT '',
  idplugin_setting BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (idplugin_setting), INDEX (plugin_name, user_login)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_site_setting (
  idsite INTEGER(10) UNSIGNED NOT NULL, plugin_name VARCHAR(60) NOT NULL, setting_name VARCHAR(255) NOT NULL,
  setting_value LONGTEXT NOT NULL, json_encoded TINYINT UNSIGNED NOT NULL DEFAULT 0,
  idsite_setting BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (idsite_setting), INDEX (idsite, plugin_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_site_url (
  idsite INTEGER(10) UNSIGNED NOT NULL, url VARCHAR(190) NOT NULL, PRIMARY KEY (idsite, url)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_goal (
  idsite INT(11) NOT NULL, idgoal INT(11) NOT NULL, name VARCHAR(50) NOT NULL, description VARCHAR(255) NOT NULL DEFAULT '',
  match_attribute VARCHAR(20) NOT NULL, pattern VARCHAR(255) NOT NULL, pattern_type VARCHAR(25) NOT NULL,
  case_sensitive TINYINT(4) NOT NULL, allow_multiple TINYINT(4) NOT NULL, revenue DOUBLE NOT NULL,
  deleted TINYINT(4) NOT NULL DEFAULT '0', event_value_as_revenue TINYINT(4) NOT NULL DEFAULT '0',
  PRIMARY KEY (idsite, idgoal)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_logger_message (
  idlogger_message INTEGER UNSIGNED NOT NULL AUTO_INCREMENT, tag VARCHAR(50) NULL, timestamp TIMESTAMP NULL,
  level VARCHAR(16) NULL, message TEXT NULL, PRIMARY KEY (idlogger_message)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_log_action (
  idaction INTEGER(10) UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(4096), hash INTEGER(10) UNSIGNED NOT NULL,
  type TINYINT UNSIGNED NULL, url_prefix TINYINT(2) NULL, PRIMARY KEY (idaction), INDEX index_type_hash (type, hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_log_visit (
  idvisit BIGINT(10) UNSIGNED NOT NULL AUTO_INCREMENT, idsite INTEGER(10) UNSIGNED NOT NULL, idvisitor BINARY(8) NOT NULL,
  visit_last_action_time DATETIME NOT NULL, config_id BINARY(8) NOT NULL, location_ip VARBINARY(16) NOT NULL,
  PRIMARY KEY (idvisit),
  INDEX index_idsite_config_datetime (idsite, config_id, visit_last_action_time),
  INDEX index_idsite_datetime (idsite, visit_last_action_time),
  INDEX index_idsite_idvisitor_time (idsite, idvisitor, visit_last_action_time DESC)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_log_conversion_item (
  idsite INT(10) UNSIGNED NOT NULL, idvisitor BINARY(8) NOT NULL, server_time DATETIME NOT NULL,
  idvisit BIGINT(10) UNSIGNED NOT NULL, idorder VARCHAR(100) NOT NULL, idaction_sku INTEGER(10) UNSIGNED NOT NULL,
  idaction_name INTEGER(10) UNSIGNED NOT NULL, idaction_category INTEGER(10) UNSIGNED NOT NULL,
  idaction_category2 INTEGER(10) UNSIGNED NOT NULL, idaction_category3 INTEGER(10) UNSIGNED NOT NULL,
  idaction_category4 INTEGER(10) UNSIGNED NOT NULL, idaction_category5 INTEGER(10) UNSIGNED NOT NULL,
  price DOUBLE NOT NULL, quantity INTEGER(10) UNSIGNED NOT NULL, deleted TINYINT(1) UNSIGNED NOT NULL,
  PRIMARY KEY (idvisit, idorder, idaction_sku), INDEX index_idsite_servertime (idsite, server_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_log_conversion (
  idvisit BIGINT(10) UNSIGNED NOT NULL, idsite INT(10) UNSIGNED NOT NULL, idvisitor BINARY(8) NOT NULL,
  server_time DATETIME NOT NULL, idaction_url INTEGER(10) UNSIGNED DEFAULT NULL, idlink_va BIGINT(10) UNSIGNED DEFAULT NULL,
  idgoal INT(10) NOT NULL, buster INT UNSIGNED NOT NULL, idorder VARCHAR(100) DEFAULT NULL, items SMALLINT UNSIGNED DEFAULT NULL,
  url VARCHAR(4096) NOT NULL, revenue DOUBLE DEFAULT NULL, revenue_shipping DOUBLE DEFAULT NULL,
  revenue_subtotal DOUBLE DEFAULT NULL, revenue_tax DOUBLE DEFAULT NULL, revenue_discount DOUBLE DEFAULT NULL,
  pageviews_before SMALLINT UNSIGNED DEFAULT NULL,
  PRIMARY KEY (idvisit, idgoal, buster), UNIQUE KEY unique_idsite_idorder (idsite, idorder),
  INDEX index_idsite_datetime (idsite, server_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_log_link_visit_action (
  idlink_va BIGINT(10) UNSIGNED NOT NULL AUTO_INCREMENT, idsite INT(10) UNSIGNED NOT NULL, idvisitor BINARY(8) NOT NULL,
  idvisit BIGINT(10) UNSIGNED NOT NULL, idaction_url_ref INTEGER(10) UNSIGNED NULL DEFAULT 0,
  idaction_name_ref INTEGER(10) UNSIGNED NULL, custom_float DOUBLE NULL DEFAULT NULL,
  pageview_position MEDIUMINT UNSIGNED DEFAULT NULL,
  PRIMARY KEY (idlink_va), INDEX index_idvisit (idvisit)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_log_profiling (
  query TEXT NOT NULL, count INTEGER UNSIGNED NULL, sum_time_ms FLOAT NULL,
  idprofiling BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (idprofiling), UNIQUE KEY query (query(100))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_option (
  option_name VARCHAR(191) NOT NULL, option_value LONGTEXT NOT NULL, autoload TINYINT NOT NULL DEFAULT '1',
  PRIMARY KEY (option_name), INDEX autoload (autoload)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_session (
  id VARCHAR(191) NOT NULL, modified INTEGER, lifetime INTEGER, data MEDIUMTEXT, PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_archive_invalidations (
  idinvalidation BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, idarchive INTEGER UNSIGNED NULL, name VARCHAR(255) NOT NULL,
  idsite INTEGER UNSIGNED NOT NULL, date1 DATE NOT NULL, date2 DATE NOT NULL, period TINYINT UNSIGNED NOT NULL,
  ts_invalidated DATETIME NULL, ts_started DATETIME NULL, status TINYINT(1) UNSIGNED DEFAULT 0, `report` VARCHAR(255) NULL,
  PRIMARY KEY (idinvalidation), INDEX index_idsite_dates_period_name (idsite, date1, period)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_sequence (
  `name` VARCHAR(120) NOT NULL, `value` BIGINT(20) UNSIGNED NOT NULL, PRIMARY KEY (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_brute_force_log (
  id_brute_force_log BIGINT(11) NOT NULL AUTO_INCREMENT, ip_address VARCHAR(60) DEFAULT NULL, attempted_at DATETIME NOT NULL,
  login VARCHAR(100) NULL, INDEX index_ip_address (ip_address), PRIMARY KEY (id_brute_force_log)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_tracking_failure (
  idsite BIGINT(20) UNSIGNED NOT NULL, idfailure SMALLINT UNSIGNED NOT NULL, date_first_occurred DATETIME NOT NULL,
  request_url MEDIUMTEXT NOT NULL, PRIMARY KEY (idsite, idfailure)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_locks (
  `key` VARCHAR(70) NOT NULL, `value` VARCHAR(255) NULL DEFAULT NULL, expiry_time BIGINT UNSIGNED DEFAULT 9999999999,
  PRIMARY KEY (`key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE matomo_changes (
  idchange INTEGER UNSIGNED NOT NULL AUTO_INCREMENT, created_time DATETIME NOT NULL, plugin_name VARCHAR(60) NOT NULL,
  version VARCHAR(20) NOT NULL, title VARCHAR(255) NOT NULL, description TEXT NULL, link_name VARCHAR(255) NULL,
  link VARCHAR(255) NULL, PRIMARY KEY (idchange), UNIQUE KEY unique_plugin_version_title (plugin_name, version, title(100))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The core plugins' visit dimensions.
ALTER TABLE matomo_log_visit
  ADD COLUMN profilable TINYINT(1) NULL,
  ADD COLUMN user_id VARCHAR(200) NULL,
  ADD COLUMN visit_first_action_time DATETIME NOT NULL,
  ADD COLUMN visit_goal_buyer TINYINT(1) NULL,
  ADD COLUMN visit_goal_converted TINYINT(1) NULL,
  ADD COLUMN visitor_returning TINYINT(1) NULL,
  ADD COLUMN visitor_seconds_since_first INT(11) UNSIGNED NULL,
  ADD COLUMN visitor_seconds_since_order INT(11) UNSIGNED NULL,
  ADD COLUMN visitor_count_visits INT(11) UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN visit_entry_idaction_name INTEGER(10) UNSIGNED NULL,
  ADD COLUMN visit_entry_idaction_url INTEGER(11) UNSIGNED NULL DEFAULT NULL,
  ADD COLUMN visit_exit_idaction_name INTEGER(10) UNSIGNED NULL,
  ADD COLUMN visit_exit_idaction_url INTEGER(10) UNSIGNED NULL DEFAULT 0,
  ADD COLUMN visit_total_actions INT(11) UNSIGNED NULL,
  ADD COLUMN visit_total_interactions MEDIUMINT UNSIGNED NULL DEFAULT 0,
  ADD COLUMN visit_total_searches SMALLINT(5) UNSIGNED NULL,
  ADD COLUMN referer_keyword VARCHAR(255) NULL,
  ADD COLUMN referer_name VARCHAR(255) NULL,
  ADD COLUMN referer_type TINYINT(1) UNSIGNED NULL,
  ADD COLUMN referer_url VARCHAR(1500) NULL,
  ADD COLUMN location_browser_lang VARCHAR(20) NULL,
  ADD COLUMN config_browser_engine VARCHAR(10) NULL,
  ADD COLUMN config_browser_name VARCHAR(40) NULL,
  ADD COLUMN config_browser_version VARCHAR(20) NULL,
  ADD COLUMN config_client_type TINYINT(1) NULL DEFAULT NULL,
  ADD COLUMN config_device_brand VARCHAR(100) NULL DEFAULT NULL,
  ADD COLUMN config_device_model VARCHAR(100) NULL DEFAULT NULL,
  ADD COLUMN config_device_type TINYINT(100) NULL DEFAULT NULL,
  ADD COLUMN config_os CHAR(3) NULL,
  ADD COLUMN config_os_version VARCHAR(100) NULL,
  ADD COLUMN visit_total_events INT(11) UNSIGNED NULL,
  ADD COLUMN visitor_localtime TIME NULL,
  ADD COLUMN visitor_seconds_since_last INT(11) UNSIGNED NULL,
  ADD COLUMN config_resolution VARCHAR(18) NULL,
  ADD COLUMN config_cookie TINYINT(1) NULL,
  ADD COLUMN config_flash TINYINT(1) NULL,
  ADD COLUMN config_java TINYINT(1) NULL,
  ADD COLUMN config_pdf TINYINT(1) NULL,
  ADD COLUMN config_quicktime TINYINT(1) NULL,
  ADD COLUMN config_realplayer TINYINT(1) NULL,
  ADD COLUMN config_silverlight TINYINT(1) NULL,
  ADD COLUMN config_windowsmedia TINYINT(1) NULL,
  ADD COLUMN visit_total_time INT(11) UNSIGNED NOT NULL,
  ADD COLUMN location_city VARCHAR(255) NULL,
  ADD COLUMN location_country CHAR(3) NULL,
  ADD COLUMN location_latitude DECIMAL(9, 6) NULL,
  ADD COLUMN location_longitude DECIMAL(9, 6) NULL,
  ADD COLUMN location_region CHAR(3) NULL;

-- The core plugins' action dimensions.
ALTER TABLE matomo_log_link_visit_action
  ADD COLUMN server_time DATETIME NOT NULL,
  ADD COLUMN idpageview CHAR(6) NULL DEFAULT NULL,
  ADD COLUMN idaction_name INTEGER(10) UNSIGNED NULL,
  ADD COLUMN idaction_url INTEGER(10) UNSIGNED DEFAULT NULL,
  ADD COLUMN search_cat VARCHAR(200) NULL,
  ADD COLUMN search_count INTEGER(10) UNSIGNED NULL,
  ADD COLUMN time_spent_ref_action INTEGER(10) UNSIGNED NULL,
  ADD COLUMN idaction_product_cat INT(10) UNSIGNED NULL,
  ADD COLUMN idaction_product_cat2 INT(10) UNSIGNED NULL,
  ADD COLUMN idaction_product_cat3 INT(10) UNSIGNED NULL,
  ADD COLUMN idaction_product_cat4 INT(10) UNSIGNED NULL,
  ADD COLUMN idaction_product_cat5 INT(10) UNSIGNED NULL,
  ADD COLUMN idaction_product_name INT(10) UNSIGNED NULL,
  ADD COLUMN product_price DOUBLE NULL,
  ADD COLUMN idaction_product_sku INT(10) UNSIGNED NULL,
  ADD COLUMN idaction_event_action INTEGER(10) UNSIGNED DEFAULT NULL,
  ADD COLUMN idaction_event_category INTEGER(10) UNSIGNED DEFAULT NULL,
  ADD COLUMN idaction_content_interaction INTEGER(10) UNSIGNED DEFAULT NULL,
  ADD COLUMN idaction_content_name INTEGER(10) UNSIGNED DEFAULT NULL,
  ADD COLUMN idaction_content_piece INTEGER(10) UNSIGNED DEFAULT NULL,
  ADD COLUMN idaction_content_target INTEGER(10) UNSIGNED DEFAULT NULL,
  ADD COLUMN time_dom_completion MEDIUMINT(10) UNSIGNED NULL,
  ADD COLUMN time_dom_processing MEDIUMINT(10) UNSIGNED NULL,
  ADD COLUMN time_network MEDIUMINT(10) UNSIGNED NULL,
  ADD COLUMN time_on_load MEDIUMINT(10) UNSIGNED NULL,
  ADD COLUMN time_server MEDIUMINT(10) UNSIGNED NULL,
  ADD COLUMN time_transfer MEDIUMINT(10) UNSIGNED NULL,
  ADD INDEX index_idsite_servertime (idsite, server_time);

-- The core plugins' conversion dimensions.
ALTER TABLE matomo_log_conversion
  ADD COLUMN visitor_returning TINYINT(1) NULL,
  ADD COLUMN visitor_seconds_since_first INT(11) UNSIGNED NULL,
  ADD COLUMN visitor_seconds_since_order INT(11) UNSIGNED NULL,
  ADD COLUMN visitor_count_visits INT(11) UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN referer_keyword VARCHAR(255) NULL,
  ADD COLUMN referer_name VARCHAR(255) NULL,
  ADD COLUMN referer_type TINYINT(1) UNSIGNED NULL,
  ADD COLUMN referer_visit_server_date DATE NULL,
  ADD COLUMN config_browser_name VARCHAR(40) NULL,
  ADD COLUMN config_client_type TINYINT(1) NULL DEFAULT NULL,
  ADD COLUMN config_device_brand VARCHAR(100) NULL DEFAULT NULL,
  ADD COLUMN config_device_model VARCHAR(100) NULL DEFAULT NULL,
  ADD COLUMN config_device_type TINYINT(100) NULL DEFAULT NULL,
  ADD COLUMN config_os CHAR(3) NULL,
  ADD COLUMN location_city VARCHAR(255) NULL,
  ADD COLUMN location_country CHAR(3) NULL,
  ADD COLUMN location_latitude DECIMAL(9, 6) NULL,
  ADD COLUMN location_longitude DECIMAL(9, 6) NULL,
  ADD COLUMN location_region CHAR(3) NULL;

-- The CustomDimensions plugin: its table, five slots per scope, and its own columns.
CREATE TABLE matomo_custom_dimensions (
  idcustomdimension BIGINT(20) UNSIGNED NOT NULL, idsite BIGINT(20) UNSIGNED NOT NULL, name VARCHAR(100) NOT NULL,
  `index` SMALLINT(5) UNSIGNED NOT NULL, scope VARCHAR(10) NOT NULL, active TINYINT(3) UNSIGNED NOT NULL DEFAULT '0',
  extractions TEXT NOT NULL, case_sensitive TINYINT(3) UNSIGNED NOT NULL DEFAULT '1',
  PRIMARY KEY (idcustomdimension, idsite), UNIQUE KEY uniq_hash (idsite, scope, `index`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
ALTER TABLE matomo_log_visit ADD COLUMN last_idlink_va BIGINT UNSIGNED DEFAULT NULL,
  ADD COLUMN custom_dimension_1 VARCHAR(255) DEFAULT NULL, ADD COLUMN custom_dimension_2 VARCHAR(255) DEFAULT NULL,
  ADD COLUMN custom_dimension_3 VARCHAR(255) DEFAULT NULL, ADD COLUMN custom_dimension_4 VARCHAR(255) DEFAULT NULL,
  ADD COLUMN custom_dimension_5 VARCHAR(255) DEFAULT NULL;
ALTER TABLE matomo_log_link_visit_action ADD COLUMN time_spent INT UNSIGNED DEFAULT NULL,
  ADD COLUMN custom_dimension_1 VARCHAR(255) DEFAULT NULL, ADD COLUMN custom_dimension_2 VARCHAR(255) DEFAULT NULL,
  ADD COLUMN custom_dimension_3 VARCHAR(255) DEFAULT NULL, ADD COLUMN custom_dimension_4 VARCHAR(255) DEFAULT NULL,
  ADD COLUMN custom_dimension_5 VARCHAR(255) DEFAULT NULL;
ALTER TABLE matomo_log_conversion
  ADD COLUMN custom_dimension_1 VARCHAR(255) DEFAULT NULL, ADD COLUMN custom_dimension_2 VARCHAR(255) DEFAULT NULL,
  ADD COLUMN custom_dimension_3 VARCHAR(255) DEFAULT NULL, ADD COLUMN custom_dimension_4 VARCHAR(255) DEFAULT NULL,
  ADD COLUMN custom_dimension_5 VARCHAR(255) DEFAULT NULL;

-- The PrivacyManager plugin's table (its anonymizations of past raw data).
CREATE TABLE matomo_privacy_logdata_anonymizations (
  idlogdata_anonymization BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, idsites TEXT NULL DEFAULT NULL,
  date_start DATETIME NOT NULL, date_end DATETIME NOT NULL, anonymize_ip TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  anonymize_location TINYINT(1) UNSIGNED NOT NULL DEFAULT 0, anonymize_userid TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  unset_visit_columns TEXT NOT NULL DEFAULT '', unset_link_visit_action_columns TEXT NOT NULL DEFAULT '',
  output MEDIUMTEXT NULL DEFAULT NULL, scheduled_date DATETIME NULL, job_start_date DATETIME NULL, job_finish_date DATETIME NULL,
  requester VARCHAR(100) NOT NULL DEFAULT '', PRIMARY KEY (idlogdata_anonymization), KEY (job_start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The SegmentEditor plugin's table.
CREATE TABLE matomo_segment (
  idsegment INT(11) NOT NULL AUTO_INCREMENT, name VARCHAR(255) NOT NULL, definition TEXT NOT NULL, hash CHAR(32) NULL,
  login VARCHAR(100) NOT NULL, enable_all_users TINYINT(4) NOT NULL DEFAULT 0, enable_only_idsite INTEGER(11) NULL,
  auto_archive TINYINT(4) NOT NULL DEFAULT 0, ts_created TIMESTAMP NULL, ts_last_edit TIMESTAMP NULL,
  deleted TINYINT(4) NOT NULL DEFAULT 0, PRIMARY KEY (idsegment)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The Dashboard plugin's table.
CREATE TABLE matomo_user_dashboard (
  login VARCHAR(100) NOT NULL, iddashboard INT NOT NULL, name VARCHAR(100) NOT NULL DEFAULT '', layout LONGTEXT NOT NULL,
  PRIMARY KEY (login, iddashboard)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- What the installer records.
INSERT INTO matomo_option (option_name, option_value, autoload) VALUES
  ('version_core', '5.0.2', 1), ('install_version', '5.0.2', 1), ('MobileMessaging_DelegatedManagement', 'false', 0);
INSERT INTO matomo_user (login, password, email, twofactor_secret, superuser_access, date_registered, ts_password_modified)
  VALUES ('anonymous', '', 'anonymous@example.org', '', 0, '2024-01-01 00:00:00', '2024-01-01 00:00:00');
