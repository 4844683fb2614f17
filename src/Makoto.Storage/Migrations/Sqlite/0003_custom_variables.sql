-- Custom variables (the optional CustomVariables plugin, Matomo's plugin-CustomVariables): five name and
-- value slots in the visit, action and conversion logs, as Matomo installs them (VARCHAR(200) there).

ALTER TABLE log_visit ADD COLUMN custom_var_k1 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_var_v1 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_var_k2 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_var_v2 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_var_k3 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_var_v3 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_var_k4 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_var_v4 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_var_k5 TEXT NULL;
ALTER TABLE log_visit ADD COLUMN custom_var_v5 TEXT NULL;

ALTER TABLE log_link_visit_action ADD COLUMN custom_var_k1 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_var_v1 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_var_k2 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_var_v2 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_var_k3 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_var_v3 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_var_k4 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_var_v4 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_var_k5 TEXT NULL;
ALTER TABLE log_link_visit_action ADD COLUMN custom_var_v5 TEXT NULL;

ALTER TABLE log_conversion ADD COLUMN custom_var_k1 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_var_v1 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_var_k2 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_var_v2 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_var_k3 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_var_v3 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_var_k4 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_var_v4 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_var_k5 TEXT NULL;
ALTER TABLE log_conversion ADD COLUMN custom_var_v5 TEXT NULL;
