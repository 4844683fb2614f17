-- The web UI: each user's dashboards (Matomo's user_dashboard, the layout as Matomo's JSON) and the
-- recovery codes of two-factor authentication (Matomo's twofactor_recovery_code; Makoto keeps their
-- SHA-256 hashes, not the codes).

CREATE TABLE user_dashboard (
    login TEXT NOT NULL,
    iddashboard INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    layout TEXT NOT NULL,
    PRIMARY KEY (login, iddashboard)
);

CREATE TABLE twofactor_recovery_code (
    idrecoverycode INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    recovery_code TEXT NOT NULL
);
CREATE INDEX twofactor_recovery_code_login ON twofactor_recovery_code (login);
