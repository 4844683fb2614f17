-- The time indexes of the visits and actions also hold the column a day's archive lists from them, so those
-- lists are read from the index alone instead of from every row of the day in the table:
-- - actions: the visit id (the visits that have actions in the day, which a segmented day reads for the visits
--   its segment selects);
-- - visits: the visitor id (the visitors with several visits in the day, read for every day archive).
-- Each index keeps Matomo's name and leading columns, so every query that used it (Matomo's own included, on a
-- database it shares) still does. The conversions' and items' time indexes already hold the visit id on InnoDB:
-- it is part of their primary key, which every secondary index carries (as the visit id is for the visits).

ALTER TABLE {prefix}log_link_visit_action
    DROP INDEX index_idsite_servertime,
    ADD INDEX index_idsite_servertime (idsite, server_time, idvisit);

ALTER TABLE {prefix}log_visit
    DROP INDEX index_idsite_datetime,
    ADD INDEX index_idsite_datetime (idsite, visit_last_action_time, idvisitor);
