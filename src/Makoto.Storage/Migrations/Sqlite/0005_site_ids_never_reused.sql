-- Site ids are never given out twice, as with Matomo's AUTO_INCREMENT: a plain INTEGER PRIMARY KEY
-- would hand the id of the most recently added site to the next one after that site was deleted, and
-- reports, tokens or tracking codes that still name the old id would reach the new site.
CREATE TABLE site_autoincrement (
    idsite INTEGER PRIMARY KEY AUTOINCREMENT,
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

INSERT INTO site_autoincrement (idsite, name, main_url, ts_created, ecommerce, sitesearch, sitesearch_keyword_parameters,
    sitesearch_category_parameters, timezone, currency, exclude_unknown_urls, excluded_ips, excluded_parameters,
    excluded_user_agents, excluded_referrers, "group", type, keep_url_fragment, creator_login)
SELECT idsite, name, main_url, ts_created, ecommerce, sitesearch, sitesearch_keyword_parameters,
    sitesearch_category_parameters, timezone, currency, exclude_unknown_urls, excluded_ips, excluded_parameters,
    excluded_user_agents, excluded_referrers, "group", type, keep_url_fragment, creator_login
FROM site;

DROP TABLE site;

ALTER TABLE site_autoincrement RENAME TO site;
