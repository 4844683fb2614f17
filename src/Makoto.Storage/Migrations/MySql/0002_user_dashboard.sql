-- The web UI: each user's dashboards and the recovery codes of two-factor authentication, as Matomo's
-- Dashboard and TwoFactorAuth plugins define their tables (Makoto keeps SHA-256 hashes of the codes, so
-- the code column is wide enough for one). On an existing Matomo database the tables are used as they are.

CREATE TABLE IF NOT EXISTS {prefix}user_dashboard (
    login VARCHAR(100) NOT NULL,
    iddashboard INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL DEFAULT '',
    layout LONGTEXT NOT NULL,
    PRIMARY KEY (login, iddashboard)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS {prefix}twofactor_recovery_code (
    idrecoverycode BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    login VARCHAR(100) NOT NULL,
    recovery_code VARCHAR(64) NOT NULL,
    PRIMARY KEY (idrecoverycode)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
