-- OpenID Connect logins under way (SPID, CIE): one row per `state` handed to the issuer, used
-- once by the callback and good for ten minutes. Portable SQL for SQLite and PostgreSQL, as
-- 0001. The PKCE verifier and the nonce are not stored: they are derived from the state with
-- the hub's signing key, so the row holds nothing secret.
CREATE TABLE oidc_logins (
    state TEXT PRIMARY KEY,
    -- Where the app asked to be sent back with its token (NULL: the callback answers JSON).
    return_to TEXT,
    -- Seconds since the epoch.
    created_at BIGINT NOT NULL
);
CREATE INDEX oidc_logins_created ON oidc_logins (created_at);
