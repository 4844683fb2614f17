-- Matomo's core tables on SQLite. Column names and meanings are Matomo's; types are mapped:
-- DATETIME -> TEXT 'YYYY-MM-DD HH:MM:SS' (UTC), DATE -> TEXT 'YYYY-MM-DD', BINARY(n) -> BLOB,
-- integer types -> INTEGER, DOUBLE/DECIMAL -> REAL, VARCHAR/TEXT -> TEXT.

CREATE TABLE site (
    idsite INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    main_url TEXT NOT NULL,
    ts_created TEXT NULL,
    ecommerce INTEGER DEFAULT 0,
    sitesearch INTEGER DEFAULT 1,
    sitesearch_keyword_parameters TEXT NOT NULL DEFAULT '',
    sitesearch_category_parameters TEXT NOT NULL DEFAULT '',
    timezone TEXT NOT NULL,
    currency TEXT NOT NULL,
    exclude_unknown_urls INTEGER DEFAULT 0,
    excluded_ips TEXT NOT NULL DEFAULT '',
    excluded_parameters TEXT NOT NULL DEFAULT '',
    excluded_user_agents TEXT NOT NULL DEFAULT '',
    excluded_referrers TEXT NOT NULL DEFAULT '',
    "group" TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT 'website',
    keep_url_fragment INTEGER NOT NULL DEFAULT 0,
    creator_login TEXT NULL
);

CREATE TABLE site_url (
    idsite INTEGER NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (idsite, url)
);

CREATE TABLE site_setting (
    idsite_setting INTEGER PRIMARY KEY,
    idsite INTEGER NOT NULL,
    plugin_name TEXT NOT NULL,
    setting_name TEXT NOT NULL,
    setting_value TEXT NOT NULL,
    json_encoded INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX site_setting_idsite_plugin ON site_setting (idsite, plugin_name);

CREATE TABLE plugin_setting (
    idplugin_setting INTEGER PRIMARY KEY,
    plugin_name TEXT NOT NULL,
    setting_name TEXT NOT NULL,
    setting_value TEXT NOT NULL,
    json_encoded INTEGER NOT NULL DEFAULT 0,
    user_login TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plugin_setting_plugin_user ON plugin_setting (plugin_name, user_login);

CREATE TABLE "user" (
    login TEXT NOT NULL PRIMARY KEY,
    password TEXT NOT NULL,
    email TEXT NOT NULL,
    twofactor_secret TEXT NOT NULL DEFAULT '',
    superuser_access INTEGER NOT NULL DEFAULT 0,
    date_registered TEXT NULL,
    ts_password_modified TEXT NULL,
    idchange_last_viewed INTEGER NULL,
    invited_by TEXT NULL,
    invite_token TEXT NULL,
    invite_link_token TEXT NULL,
    invite_expired_at TEXT NULL,
    invite_accept_at TEXT NULL,
    ts_changes_shown TEXT NULL
);
CREATE UNIQUE INDEX uniq_email ON "user" (email);

CREATE TABLE user_token_auth (
    idusertokenauth INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    description TEXT NOT NULL,
    password TEXT NOT NULL,
    hash_algo TEXT NOT NULL,
    system_token INTEGER NOT NULL DEFAULT 0,
    last_used TEXT NULL,
    date_created TEXT NOT NULL,
    date_expired TEXT NULL,
    secure_only INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX uniq_password ON user_token_auth (password);

CREATE TABLE access (
    idaccess INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    idsite INTEGER NOT NULL,
    access TEXT NULL
);
CREATE INDEX index_loginidsite ON access (login, idsite);

CREATE TABLE goal (
    idsite INTEGER NOT NULL,
    idgoal INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    match_attribute TEXT NOT NULL,
    pattern TEXT NOT NULL,
    pattern_type TEXT NOT NULL,
    case_sensitive INTEGER NOT NULL,
    allow_multiple INTEGER NOT NULL,
    revenue REAL NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    event_value_as_revenue INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (idsite, idgoal)
);

CREATE TABLE "option" (
    option_name TEXT NOT NULL PRIMARY KEY,
    option_value TEXT NOT NULL,
    autoload INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE segment (
    idsegment INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    hash TEXT NULL,
    login TEXT NOT NULL,
    enable_all_users INTEGER NOT NULL DEFAULT 0,
    enable_only_idsite INTEGER DEFAULT 0,
    auto_archive INTEGER NOT NULL DEFAULT 0,
    ts_created TEXT NULL,
    ts_last_edit TEXT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sequence (
    name TEXT NOT NULL PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE archive_invalidations (
    idinvalidation INTEGER PRIMARY KEY,
    idarchive INTEGER NULL,
    name TEXT NOT NULL,
    idsite INTEGER NOT NULL,
    date1 TEXT NOT NULL,
    date2 TEXT NOT NULL,
    period INTEGER NOT NULL,
    ts_invalidated TEXT NULL,
    ts_started TEXT NULL,
    status INTEGER DEFAULT 0,
    report TEXT NULL
);
CREATE INDEX index_idsite_dates_period_name ON archive_invalidations (idsite, date1, period);

CREATE TABLE log_action (
    idaction INTEGER PRIMARY KEY,
    name TEXT,
    hash INTEGER NOT NULL,
    type INTEGER NULL,
    url_prefix INTEGER NULL
);
CREATE INDEX index_type_hash ON log_action (type, hash);

CREATE TABLE log_visit (
    idvisit INTEGER PRIMARY KEY,
    idsite INTEGER NOT NULL,
    idvisitor BLOB NOT NULL,
    visit_last_action_time TEXT NOT NULL,
    config_id BLOB NOT NULL,
    location_ip BLOB NOT NULL,
    profilable INTEGER NULL,
    user_id TEXT NULL,
    visit_first_action_time TEXT NOT NULL,
    visit_goal_buyer INTEGER NULL,
    visit_goal_converted INTEGER NULL,
    visitor_returning INTEGER NULL,
    visitor_seconds_since_first INTEGER NULL,
    visitor_seconds_since_order INTEGER NULL,
    visitor_count_visits INTEGER NOT NULL DEFAULT 0,
    visit_entry_idaction_name INTEGER NULL,
    visit_entry_idaction_url INTEGER NULL,
    visit_exit_idaction_name INTEGER NULL,
    visit_exit_idaction_url INTEGER NULL DEFAULT 0,
    visit_total_actions INTEGER NULL,
    visit_total_interactions INTEGER NULL DEFAULT 0,
    visit_total_searches INTEGER NULL,
    referer_keyword TEXT NULL,
    referer_name TEXT NULL,
    referer_type INTEGER NULL,
    referer_url TEXT NULL,
    location_browser_lang TEXT NULL,
    config_browser_engine TEXT NULL,
    config_browser_name TEXT NULL,
    config_browser_version TEXT NULL,
    config_client_type INTEGER NULL,
    config_device_brand TEXT NULL,
    config_device_model TEXT NULL,
    config_device_type INTEGER NULL,
    config_os TEXT NULL,
    config_os_version TEXT NULL,
    visit_total_events INTEGER NULL,
    visitor_localtime TEXT NULL,
    visitor_seconds_since_last INTEGER NULL,
    config_resolution TEXT NULL,
    config_cookie INTEGER NULL,
    config_flash INTEGER NULL,
    config_java INTEGER NULL,
    config_pdf INTEGER NULL,
    config_quicktime INTEGER NULL,
    config_realplayer INTEGER NULL,
    config_silverlight INTEGER NULL,
    config_windowsmedia INTEGER NULL,
    visit_total_time INTEGER NOT NULL,
    location_city TEXT NULL,
    location_country TEXT NULL,
    location_latitude REAL NULL,
    location_longitude REAL NULL,
    location_region TEXT NULL
);
CREATE INDEX index_idsite_config_datetime ON log_visit (idsite, config_id, visit_last_action_time);
CREATE INDEX index_idsite_datetime ON log_visit (idsite, visit_last_action_time);
CREATE INDEX index_idsite_idvisitor_time ON log_visit (idsite, idvisitor, visit_last_action_time DESC);

CREATE TABLE log_link_visit_action (
    idlink_va INTEGER PRIMARY KEY,
    idsite INTEGER NOT NULL,
    idvisitor BLOB NOT NULL,
    idvisit INTEGER NOT NULL,
    idaction_url_ref INTEGER NULL DEFAULT 0,
    idaction_name_ref INTEGER NULL,
    custom_float REAL NULL,
    pageview_position INTEGER NULL,
    server_time TEXT NOT NULL,
    idpageview TEXT NULL,
    idaction_name INTEGER NULL,
    idaction_url INTEGER NULL,
    search_cat TEXT NULL,
    search_count INTEGER NULL,
    time_spent_ref_action INTEGER NULL,
    idaction_product_cat INTEGER NULL,
    idaction_product_cat2 INTEGER NULL,
    idaction_product_cat3 INTEGER NULL,
    idaction_product_cat4 INTEGER NULL,
    idaction_product_cat5 INTEGER NULL,
    idaction_product_name INTEGER NULL,
    product_price REAL NULL,
    idaction_product_sku INTEGER NULL,
    idaction_event_action INTEGER NULL,
    idaction_event_category INTEGER NULL,
    idaction_content_interaction INTEGER NULL,
    idaction_content_name INTEGER NULL,
    idaction_content_piece INTEGER NULL,
    idaction_content_target INTEGER NULL,
    time_dom_completion INTEGER NULL,
    time_dom_processing INTEGER NULL,
    time_network INTEGER NULL,
    time_on_load INTEGER NULL,
    time_server INTEGER NULL,
    time_transfer INTEGER NULL
);
CREATE INDEX index_idvisit ON log_link_visit_action (idvisit);
CREATE INDEX index_idsite_servertime ON log_link_visit_action (idsite, server_time);

CREATE TABLE log_conversion (
    idvisit INTEGER NOT NULL,
    idsite INTEGER NOT NULL,
    idvisitor BLOB NOT NULL,
    server_time TEXT NOT NULL,
    idaction_url INTEGER NULL,
    idlink_va INTEGER NULL,
    idgoal INTEGER NOT NULL,
    buster INTEGER NOT NULL,
    idorder TEXT NULL,
    items INTEGER NULL,
    url TEXT NOT NULL,
    revenue REAL NULL,
    revenue_shipping REAL NULL,
    revenue_subtotal REAL NULL,
    revenue_tax REAL NULL,
    revenue_discount REAL NULL,
    pageviews_before INTEGER NULL,
    visitor_returning INTEGER NULL,
    visitor_seconds_since_first INTEGER NULL,
    visitor_seconds_since_order INTEGER NULL,
    visitor_count_visits INTEGER NOT NULL DEFAULT 0,
    referer_keyword TEXT NULL,
    referer_name TEXT NULL,
    referer_type INTEGER NULL,
    referer_visit_server_date TEXT NULL,
    config_browser_name TEXT NULL,
    config_client_type INTEGER NULL,
    config_device_brand TEXT NULL,
    config_device_model TEXT NULL,
    config_device_type INTEGER NULL,
    config_os TEXT NULL,
    location_city TEXT NULL,
    location_country TEXT NULL,
    location_latitude REAL NULL,
    location_longitude REAL NULL,
    location_region TEXT NULL,
    PRIMARY KEY (idvisit, idgoal, buster)
);
CREATE UNIQUE INDEX unique_idsite_idorder ON log_conversion (idsite, idorder);
CREATE INDEX index_idsite_datetime_conversion ON log_conversion (idsite, server_time);

CREATE TABLE log_conversion_item (
    idsite INTEGER NOT NULL,
    idvisitor BLOB NOT NULL,
    server_time TEXT NOT NULL,
    idvisit INTEGER NOT NULL,
    idorder TEXT NOT NULL,
    idaction_sku INTEGER NOT NULL,
    idaction_name INTEGER NOT NULL,
    idaction_category INTEGER NOT NULL,
    idaction_category2 INTEGER NOT NULL,
    idaction_category3 INTEGER NOT NULL,
    idaction_category4 INTEGER NOT NULL,
    idaction_category5 INTEGER NOT NULL,
    price REAL NOT NULL,
    quantity INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    PRIMARY KEY (idvisit, idorder, idaction_sku)
);
CREATE INDEX index_idsite_servertime_item ON log_conversion_item (idsite, server_time);
