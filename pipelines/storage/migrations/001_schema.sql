-- Outlets, articles (with versions), clusters and membership, attribution, review, crawl runs.
create table outlets (
    id        text primary key,             -- primary domain without www.
    name_fa   text not null,
    name_en   text not null,
    kind      text not null,                -- agency | site | newspaper | broadcaster | foreign | unknown
    crawled   boolean not null default false
);

create table articles (
    id                bigserial primary key,
    url               text not null unique,
    canonical_url     text,
    outlet_id         text not null references outlets (id),
    outlet_article_id text,
    title             text,
    kicker            text,
    lead              text,
    body              text,
    authors           text[] not null default '{}',
    tags              text[] not null default '{}',
    section           text,
    normalized_text   text not null,           -- the dedup key: folded, credits stripped
    published_at      timestamptz,             -- UTC; null when the page gave none (see missing)
    modified_at       timestamptz,
    first_fetched_at  timestamptz not null default now(),
    fetched_at        timestamptz not null default now(),
    content_hash      text not null,           -- sha256 of title+lead+body as extracted
    version           int not null default 1,  -- edits keep the article and add a version
    minhash           bytea,                   -- MinHash hash values, little-endian uint32
    shingle_count     int not null default 0,
    sentence_hashes   bigint[] not null default '{}',
    figures           text[] not null default '{}',
    missing           text[] not null default '{}'
);
create index articles_published_idx on articles (published_at);
create index articles_outlet_idx on articles (outlet_id, published_at);
create index articles_canonical_idx on articles (canonical_url);

create table article_versions (
    article_id   bigint not null references articles (id) on delete cascade,
    version      int not null,
    fetched_at   timestamptz not null,
    content_hash text not null,
    title        text,
    lead         text,
    body         text,
    primary key (article_id, version)
);

create table clusters (
    id                bigserial primary key,
    created_at        timestamptz not null default now(),
    merged_into       bigint references clusters (id),
    representative_id bigint references articles (id),
    origin            text,            -- inferred original outlet (a reviewer's correction wins in views)
    origin_article_id bigint references articles (id),
    origin_reason     text
);

create table cluster_members (
    article_id         bigint primary key references articles (id) on delete cascade,
    cluster_id         bigint not null references clusters (id),
    matched_article_id bigint references articles (id),  -- the member it was matched to
    jaccard            real,
    containment        real,
    reason             text not null,                    -- new-story | near-duplicate | contained
    joined_at          timestamptz not null default now(),
    uncredited         boolean not null default false,   -- copied the origin without credit
    conflict           text                              -- credits an outlet that published later
);
create index cluster_members_cluster_idx on cluster_members (cluster_id);

create table cluster_merges (
    id           bigserial primary key,
    from_cluster bigint not null references clusters (id),
    into_cluster bigint not null references clusters (id),
    article_id   bigint references articles (id),
    merged_at    timestamptz not null default now()
);

create table attribution_edges (
    article_id bigint not null references articles (id) on delete cascade,
    position   int not null,          -- 0 = the publisher, then each credited source in order
    source     text not null,         -- outlet id, or the normalized name of an unknown source
    known      boolean not null,
    kind       text not null,
    via        text not null,         -- publisher | lead | bureau | embedded | signoff
    evidence   text,
    primary key (article_id, position)
);
create index attribution_edges_source_idx on attribution_edges (source);

create table chain_corrections (
    id         bigserial primary key,
    article_id bigint not null references articles (id) on delete cascade,
    chain      text[] not null,
    reviewer   text not null,
    note       text,
    created_at timestamptz not null default now()
);

create table origin_corrections (
    id         bigserial primary key,
    cluster_id bigint not null references clusters (id),
    origin     text not null,
    reviewer   text not null,
    note       text,
    created_at timestamptz not null default now()
);

create table crawl_runs (
    id         bigserial primary key,
    started_at timestamptz not null default now(),
    ended_at   timestamptz,
    outlets    text[] not null,
    status     text not null default 'running',   -- running | finished | failed | interrupted (Ctrl-C) | aborted (its process died)
    trigger    text not null default 'manual',    -- manual | schedule | demo
    stats      jsonb not null default '{}'
);

create table crawl_run_outlets (
    run_id    bigint not null references crawl_runs (id) on delete cascade,
    outlet_id text not null,
    pages     int not null default 0,
    new       int not null default 0,
    updated   int not null default 0,
    unchanged int not null default 0,
    skipped   jsonb not null default '{}',   -- reason -> count
    errors    jsonb not null default '{}',   -- kind -> count
    coverage  jsonb not null default '{}',   -- field -> share of articles that had it
    alerts    text[] not null default '{}',
    primary key (run_id, outlet_id)
);

create table schedule_state (
    outlet_id        text primary key,
    last_started_at  timestamptz,
    last_finished_at timestamptz,
    next_due_at      timestamptz,
    last_status      text,
    last_error       text,
    failures         int not null default 0
);
