-- The store at 1 M articles (issue 12; figures from `python -m bench --only store`).

-- Lookups that scanned whole tables: a story's member chains read each article's latest chain
-- correction, a cluster's origin its latest origin correction, and foreign keys without an index
-- made every delete or merge check scan.
create index if not exists chain_corrections_article_idx on chain_corrections (article_id, created_at desc, id desc);
create index if not exists origin_corrections_cluster_idx on origin_corrections (cluster_id, created_at desc, id desc);
create index if not exists cluster_members_matched_idx on cluster_members (matched_article_id);
create index if not exists cluster_members_uncredited_idx on cluster_members (cluster_id) where uncredited;
create index if not exists clusters_merged_into_idx on clusters (merged_into);
create index if not exists clusters_origin_article_idx on clusters (origin_article_id);
create index if not exists clusters_representative_idx on clusters (representative_id);
create index if not exists cluster_merges_into_idx on cluster_merges (into_cluster);
create index if not exists cluster_merges_from_idx on cluster_merges (from_cluster);
create index if not exists cluster_merges_article_idx on cluster_merges (article_id);

-- Per-outlet totals kept current by every write (storage/rollup.py), instead of the 25 s recount.
-- Keys are outlets and any other credited source or origin name (one may become an outlet later).
create table outlet_totals (
    outlet_id                 text primary key,
    articles                  bigint not null default 0,
    clusters                  bigint not null default 0,
    articles_crediting_others bigint not null default 0,
    times_credited            bigint not null default 0,
    copied_without_credit     bigint not null default 0,
    stories_originated        bigint not null default 0
);

-- Each story's current share of those totals, so a change replaces it without a recount.
create table cluster_rollup (
    cluster_id bigint primary key,
    outlets    text[] not null,     -- outlets with a member
    origin     text,                -- as cluster_origin says (a reviewer's correction wins)
    copies     int not null,        -- uncredited members
    counted    boolean not null,    -- a story of cluster_overview: not merged, has members
    size       int not null         -- members
);
create index cluster_rollup_multi_idx on cluster_rollup (cluster_id) where counted and size > 1;
create index cluster_rollup_counted_idx on cluster_rollup (cluster_id) where counted;

insert into cluster_rollup (cluster_id, outlets, origin, copies, counted, size)
select cl.id, coalesce(m.outlets, '{}'), co.origin, coalesce(m.copies, 0),
       cl.merged_into is null and coalesce(m.size, 0) > 0, coalesce(m.size, 0)
from clusters cl
join cluster_origin co on co.cluster_id = cl.id
left join (
    select m.cluster_id, array_agg(distinct a.outlet_id order by a.outlet_id) as outlets,
           count(*) filter (where m.uncredited) as copies, count(*) as size
    from cluster_members m join articles a on a.id = m.article_id group by m.cluster_id
) m on m.cluster_id = cl.id;

insert into outlet_totals (outlet_id, articles, clusters, articles_crediting_others, times_credited,
                           copied_without_credit, stories_originated)
select k, sum(n_articles), sum(n_clusters), sum(n_crediting), sum(n_credited), sum(n_copied), sum(n_originated)
from (
    select ac.outlet_id as k, 1 as n_articles, 0 as n_clusters, (cardinality(ac.chain) > 1)::int as n_crediting,
           0 as n_credited, 0 as n_copied, 0 as n_originated
    from article_chain ac
    union all select e.source, 0, 0, 0, 1, 0, 0 from attribution_edges e where e.position > 0
    union all select o, 0, 1, 0, 0, 0, 0 from cluster_rollup r, unnest(r.outlets) o
    union all select r.origin, 0, 0, 0, 0, r.copies, r.counted::int from cluster_rollup r where r.origin is not null
) d
group by k;

-- The recount, as outlet_activity was defined: what the rollup must always equal (tests check).
create view outlet_activity_full as
select o.id as outlet_id, o.name_en, o.kind,
       count(distinct a.id) as articles,
       count(distinct m.cluster_id) as clusters,
       count(distinct a.id) filter (where cardinality(ac.chain) > 1) as articles_crediting_others,
       (select count(*) from attribution_edges e where e.source = o.id and e.position > 0) as times_credited,
       (select count(*) from uncredited_copies u where u.origin = o.id) as copied_without_credit,
       (select count(*) from cluster_overview co where co.origin = o.id) as stories_originated
from outlets o
left join articles a on a.outlet_id = o.id
left join cluster_members m on m.article_id = a.id
left join article_chain ac on ac.article_id = a.id
group by o.id, o.name_en, o.kind;

-- Same columns, read from the rollup: 25 s -> under a millisecond at 1 M articles.
create or replace view outlet_activity as
select o.id as outlet_id, o.name_en, o.kind,
       coalesce(t.articles, 0) as articles,
       coalesce(t.clusters, 0) as clusters,
       coalesce(t.articles_crediting_others, 0) as articles_crediting_others,
       coalesce(t.times_credited, 0) as times_credited,
       coalesce(t.copied_without_credit, 0) as copied_without_credit,
       coalesce(t.stories_originated, 0) as stories_originated
from outlets o
left join outlet_totals t on t.outlet_id = o.id;

-- The largest stories without aggregating them all (queries.clusters(sort="largest")).
create index cluster_rollup_size_idx on cluster_rollup (size desc) where counted;

-- Same columns; each story aggregated on its own (lateral), so a filter on cluster_id (this week's
-- stories through the articles' time index, one story, the largest from the rollup) is applied before
-- aggregating rather than after aggregating all 800 k stories (5-7 s at 1 M articles).
create or replace view cluster_overview as
select cl.id as cluster_id, s.size, s.outlet_count, s.first_published, s.last_published, s.first_publisher, s.outlets,
       co.origin, co.origin_reason, rep.title, s.uncredited_copies
from clusters cl
cross join lateral (
    select count(*) as size,
           count(distinct a.outlet_id) as outlet_count,
           min(a.published_at) as first_published,
           max(a.published_at) as last_published,
           (array_agg(a.outlet_id order by a.published_at nulls last, a.id))[1] as first_publisher,
           array_agg(distinct a.outlet_id) as outlets,
           count(*) filter (where m.uncredited) as uncredited_copies
    from cluster_members m join articles a on a.id = m.article_id
    where m.cluster_id = cl.id
) s
join cluster_origin co on co.cluster_id = cl.id
left join articles rep on rep.id = cl.representative_id
where cl.merged_into is null and s.size > 0;
