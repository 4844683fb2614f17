-- The two indexes of the actions a segmented day reads also hold the action's URL (idaction_url), which the
-- action URL segments (pageUrl, downloadUrl, outlinkUrl, actionUrl) test:
-- - index_idvisit (the actions of one visit): the test of each visit of the day, "has the visit an action that
--   matches" (over all its actions, the day's or not), is read from the index alone;
-- - index_idsite_servertime (the actions of a day): the day's actions are tested in the index, and only those the
--   segment selects are read from the table.
-- Each index keeps Matomo's name and leading columns, so every query that used it (Matomo's own included, on a
-- database it shares) still does.

ALTER TABLE {prefix}log_link_visit_action
    DROP INDEX index_idvisit,
    ADD INDEX index_idvisit (idvisit, idaction_url),
    DROP INDEX index_idsite_servertime,
    ADD INDEX index_idsite_servertime (idsite, server_time, idvisit, idaction_url);
