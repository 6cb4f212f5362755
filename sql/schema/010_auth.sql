-- API bearer tokens (pipeline/server/auth). A token is shown once, when it is created; only the
-- SHA-256 of the whole token is stored, so reading this table (or a backup of the file) does
-- not reveal a usable token. The token text carries token_id in clear, so a request finds its
-- row by id and then compares hashes in constant time.
create table if not exists api_token (
    -- key: token_id. One row per token ever issued; revoking keeps the row for the audit.
    token_id varchar primary key,           -- public part of the token, e.g. 'k3x9q2mz'
    token_name varchar not null,            -- who or what holds it ('excel-anna', 'demo analyst')
    role varchar not null check (role in ('analyst', 'manager')),
    token_sha256 varchar not null,          -- hex SHA-256 of the full token text
    is_demo boolean not null default false, -- issued by `npm start` for the demo
    created_at timestamp not null default current_timestamp,
    last_used_at timestamp,                 -- updated at most once a minute per token
    revoked_at timestamp
);
