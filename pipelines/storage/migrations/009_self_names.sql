-- Self-names learned for outlets the registry does not name (pipelines/attribution/selfnames.py), and the
-- credited-only sources reviewers add from `newsagg sources --unknown`: the registry read at start merges both.
create table self_names (
    outlet_id   text not null references outlets (id),
    name        text not null,
    articles    integer not null,          -- articles opening with this name (or a spelling of it) when learned
    read        integer not null,          -- the outlet's articles read to learn it
    learned_at  timestamptz not null default now(),
    status      text not null default 'learned' check (status in ('learned', 'confirmed', 'rejected')),
    reviewer    text,
    reviewed_at timestamptz,
    note        text,
    primary key (outlet_id, name)
);

create table added_sources (
    id         text primary key,           -- what chains store for it (also a row of outlets)
    name       text not null,              -- the credited name as read
    kind       text not null check (kind in ('agency', 'site', 'newspaper', 'broadcaster', 'foreign', 'press_office', 'person')),
    reviewer   text not null,
    note       text,
    added_at   timestamptz not null default now()
);
